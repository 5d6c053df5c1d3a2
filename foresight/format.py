"""Numbers as people read them: Finnish and Swedish use a space for thousands and a decimal comma."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

from foresight.i18n import t

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

NBSP = "\u00a0"  # keeps "1 234" on one line
MINUS = "\u2212"
DATE_INPUT_FORMAT = "DD.MM.YYYY"  # st.date_input's picker as Finnish and Swedish readers write a date
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def number(value: float | None, decimals: int = 0, lang: str = "fi", *, sign: bool = False) -> str:
    """1234.5 → '1 234,5' (fi, sv) or '1,234.5' (en); None or NaN → '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:{'+' if sign else ''},.{max(int(decimals), 0)}f}"
    if text.lstrip("+-").strip("0.,") == "":
        text = text.lstrip("+-")  # no "-0,0"
        if sign:
            text = "±" + text
    if lang in ("fi", "sv"):
        text = text.replace(",", NBSP).replace(".", ",")
    return text.replace("-", MINUS)


def with_unit(value: float | None, decimals: int, unit: str, lang: str = "fi", *, sign: bool = False) -> str:
    """A number followed by its unit's short label from the catalogue ('12,3 %', '4 567 €/as.')."""
    text = number(value, decimals, lang, sign=sign)
    label = t(f"unit.{unit}", lang) if unit else ""
    if not label or text == "–":
        return text
    return f"{text}{NBSP}{label}"


MIB = 1024 * 1024


def file_size(limit_bytes: int, lang: str = "fi") -> str:
    """An upload limit as readers write it: whole mebibytes as '20 Mt' / '20 MB', else kilobytes ('100 kt').

    Streamlit's own upload limit is in mebibytes (its "MB"); the app's JSON limits are in thousands of bytes.
    """
    if limit_bytes >= MIB and limit_bytes % MIB == 0:
        return with_unit(limit_bytes // MIB, 0, "megabytes", lang)
    kilobytes = limit_bytes / 1000
    return with_unit(kilobytes, 0 if kilobytes == int(kilobytes) else 1, "kilobytes", lang)


def change_unit(unit: str) -> str:
    """Change in a percentage is in percentage points; other units keep their own."""
    return "change_pp" if unit == "percent" else unit


def plotly_separators(lang: str) -> str:
    """Plotly's layout.separators: decimal mark then thousands separator."""
    return f",{NBSP}" if lang in ("fi", "sv") else ".,"


def date(value: dt.date, lang: str = "fi") -> str:
    """A day as the reader's language writes it: 20.12.2026 (fi, sv), 20 December 2026 (en); a datetime
    gives its own calendar day (convert it to the zone meant first)."""
    if lang == "en":
        return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"
    return f"{value.day}.{value.month}.{value.year}"


def year_span(first: int, last: int) -> str:
    """'2017–2023', or '2022' for a single year."""
    return str(first) if first == last else f"{first}–{last}"


def year_spans(years: Sequence[int]) -> str:
    """The years a series has, with its gaps said: '1990–2017, 2025' rather than '1990–2025'.

    A gap is a step longer than twice the series' usual step, so data published every fourth year (elections:
    2008, 2012, 2017, 2021) reads as one span, '2008–2021', and a yearly series missing 2018–2024 does not.
    """
    ys = sorted({int(y) for y in years})
    if not ys:
        return ""
    steps = [b - a for a, b in zip(ys, ys[1:], strict=False)]
    usual = (
        sorted(steps)[(len(steps) - 1) // 2] if steps else 1
    )  # the lower median: one odd step never sets it
    runs = [[ys[0], ys[0]]]
    for step, year in zip(steps, ys[1:], strict=True):
        if step > 2 * usual:
            runs.append([year, year])
        else:
            runs[-1][1] = year
    return ", ".join(year_span(a, b) for a, b in runs)


def period(year: int, latest_period: str = "") -> str:
    """A data year as text; a monthly indicator's latest year as its month ('6/2026'), never as a year."""
    if latest_period and latest_period[:4] == str(year):
        return f"{int(latest_period[5:7])}/{year}"
    return str(year)


def with_gaps(years: Sequence[int], values: Sequence[float]) -> tuple[list[int], list[float | None]]:
    """Years and values with a None after every missing year, so a line breaks there instead of bridging it."""
    xs: list[int] = []
    ys: list[float | None] = []
    for year, value in zip(years, values, strict=True):
        if xs and int(year) - xs[-1] > 1:
            xs.append(xs[-1] + 1)
            ys.append(None)
        xs.append(int(year))
        ys.append(None if value is None or value != value else float(value))
    return xs, ys


def styled(frame: pd.DataFrame, decimals: Mapping[str, int], lang: str = "fi") -> Styler:
    """The frame with its number columns shown as `lang` writes them (decimal comma in fi and sv) and with
    the catalogue's decimals, while the cells stay numbers: a table sorted by a column sorts by value.

    Streamlit's number formats have no locale; a pandas Styler's display values do reach st.dataframe.
    """
    formats = {
        column: partial(_cell, decimals=int(places), lang=lang)
        for column, places in decimals.items()
        if column in frame.columns
    }
    return frame.style.format(formats)


def _cell(value: object, decimals: int, lang: str) -> str:
    if value is None or isinstance(value, str):
        return "–" if value is None else value
    return number(float(value), decimals, lang)  # type: ignore[arg-type]


# ---------------------------------------------------------------- numbers as people type them

MAX_NUMBER_TEXT = 40  # longer typed "numbers" are refused before any parsing
DECIMAL_MARK = {"fi": ",", "sv": ",", "en": "."}
# A leading sign: plus, hyphen-minus, the minus sign (U+2212, what number() writes) and the en dash that word
# processors put in for a minus.
_SIGNS = "+-\u2212\u2013"
_GROUP_SPACES = " \u00a0\u202f\u2009"  # space, no-break space, narrow no-break space, thin space
_NUMBER = re.compile(
    rf"(?P<sign>[{re.escape(_SIGNS)}]?)"
    rf"(?P<int>[0-9]{{1,3}}(?:[{_GROUP_SPACES}][0-9]{{3}})+|[0-9]+)?"
    r"(?:(?P<mark>[.,])(?P<frac>[0-9]+))?"
)
_NUMBER_LIKE = re.compile(rf"[{re.escape(_SIGNS)}]?[0-9{_GROUP_SPACES}.,]+")


class NumberTextError(ValueError):
    """Typed text that is not a number the app can read safely; `reason` is 'invalid' or 'ambiguous'."""

    def __init__(self, reason: str, text: str) -> None:
        super().__init__(f"{reason}: {text[:MAX_NUMBER_TEXT]!r}")
        self.reason = reason
        self.text = text


def parse_number(text: str, lang: str = "fi") -> float | None:
    """A number as a person types it ('2,5', '2.5', '−1 234,5', '+3') → float; blank text → None.

    Thousands are grouped with spaces only (normal, no-break, narrow or thin). Either mark is read as the decimal
    mark, except where it could be a thousands separator: the language's other mark followed by exactly three
    digits after one to three digits ('1.234' in Finnish, '1,234' in English) and text with two marks
    ('1,234.5', '1.234.567') are refused as ambiguous rather than guessed. Exponents, 'nan' and 'inf' are refused.
    """
    stripped = text.strip()
    if not stripped:
        return None
    if len(stripped) > MAX_NUMBER_TEXT:
        raise NumberTextError("invalid", text)
    found = _NUMBER.fullmatch(stripped)
    if found is None or not (found["int"] or found["frac"]):
        marks = sum(stripped.count(mark) for mark in ".,")
        reason = "ambiguous" if marks > 1 and _NUMBER_LIKE.fullmatch(stripped) else "invalid"
        raise NumberTextError(reason, text)
    whole = found["int"] or ""
    mark, frac = found["mark"], found["frac"] or ""
    if (
        mark
        and mark != DECIMAL_MARK.get(lang, ",")
        and len(frac) == 3
        and whole.isdigit()
        and len(whole) <= 3
        and not whole.startswith("0")
    ):
        raise NumberTextError("ambiguous", text)
    digits = "".join(ch for ch in whole if ch.isdigit()) or "0"
    value = float(f"{digits}.{frac or '0'}")
    if not math.isfinite(value):
        raise NumberTextError("invalid", text)
    negative = found["sign"] not in ("", "+")
    return (-value if negative else value) + 0.0  # + 0.0 turns −0 into 0


def places(value: float, at_most: int = 3) -> int:
    """How many decimals a number needs to be shown exactly (2.0 → 0, 2.5 → 1, 0.25 → 2), at most `at_most`."""
    for count in range(at_most + 1):
        if math.isclose(round(value, count), value, rel_tol=0, abs_tol=1e-9):
            return count
    return at_most


def number_exact(value: float, decimals: int, lang: str = "fi") -> str:
    """A number with at least `decimals` decimals and as many more as it needs to be exact (up to 3)."""
    return number(value, max(decimals, places(value)), lang)


def number_text(value: float | None, decimals: int, lang: str) -> str:
    """A number for a field people edit: as number() writes it, in English without the thousands comma that
    parse_number refuses as ambiguous; None → ''.

    A typed value keeps the decimals it was typed with (2.5 in a whole-number field shows '2,5', not '3'); a
    computed one with more than three (68.8214…) is shown with the field's `decimals`.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    needed = places(value, 4)
    text = number(value, max(int(decimals), needed if needed <= 3 else 0), lang)
    return text.replace(",", "") if lang == "en" else text


def delta_style(change: float, polarity: int, *, grey: bool = False, decimals: int = 0) -> dict[str, str]:
    """st.metric's arrow and colour for a change, set explicitly so the text can keep its minus sign (U+2212):
    Streamlit's own choice reads only an ASCII '-'. A change that rounds to 0 at the shown `decimals` has no
    arrow and is grey; so is a change without a better direction (polarity 0) or a `grey` (old) one."""
    if round(abs(change), decimals) == 0:
        return {"delta_arrow": "off", "delta_color": "gray"}
    rising = change > 0
    colour = "gray" if grey or polarity == 0 else ("green" if rising == (polarity > 0) else "red")
    return {"delta_arrow": "up" if rising else "down", "delta_color": colour}


def year_range(text: str) -> str:
    """'2017-2018' as written in data, with the en dash that years apart take in print: '2017–2018'."""
    return re.sub(r"(\d)\s*-\s*(\d)", "\\1\u2013\\2", text)
