"""The network's seminar view: every member × the headline indicators, each value placed in the group's
quartiles by the indicator's polarity, and the members' projected 2030 values with the group median."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from html import escape
from typing import Any, Final

import numpy as np
import pandas as pd

from foresight.columns import INDICATOR, MEAN, MUNICIPALITY, THEMES, VALUE, YEAR
from foresight.format import period
from foresight.freshness import years_old
from foresight.i18n import t
from foresight.peers import MIN_PEERS_FOR_RANK

# Quartile classes, best first for a directed indicator, highest first for one without a direction.
BEST, SECOND, THIRD, WORST = "q_best", "q_second", "q_third", "q_worst"
HIGHEST, UPPER, LOWER, LOWEST = "q_highest", "q_upper", "q_lower", "q_lowest"
NO_VALUE, TOO_FEW = "q_none", "q_too_few"
DIRECTED: Final = (BEST, SECOND, THIRD, WORST)
NEUTRAL: Final = (HIGHEST, UPPER, LOWER, LOWEST)
# Never colour alone: every class has a symbol drawn in the cell and named in the legend.
SYMBOLS: Final = {
    BEST: "▲▲",
    SECOND: "▲",
    THIRD: "▼",
    WORST: "▼▼",
    HIGHEST: "4/4",
    UPPER: "3/4",
    LOWER: "2/4",
    LOWEST: "1/4",
    NO_VALUE: "–",
    TOO_FEW: "·",
}
# Green–red for directed classes (dark ends with white text), greys for undirected ones; ≥ 4.5:1 text contrast.
COLOURS: Final = {
    BEST: "#1b7f3b",
    SECOND: "#b7e1c1",
    THIRD: "#f6c3bd",
    WORST: "#b3261e",
    HIGHEST: "#3e4c59",
    UPPER: "#9aa5b1",
    LOWER: "#cbd2d9",
    LOWEST: "#eef1f4",
    NO_VALUE: "#ffffff",
    TOO_FEW: "#ffffff",
}
DARK: Final = (BEST, WORST, HIGHEST)  # classes drawn with white text
CLASSES: Final = (*DIRECTED, *NEUTRAL, NO_VALUE, TOO_FEW)
MIN_SHARE: Final = (
    0.5  # an indicator is compared in its latest year with values for at least half the members
)


def quartile_class(value: float, values: Sequence[float], polarity: int) -> str:
    """The value's quarter within the group's values (itself included), by polarity.

    Above the upper quartile: best (higher better), worst (lower better) or highest (no direction); below
    the lower quartile the other way round; between them, above or at/below the median. As in
    situation.verdict, the quartiles are numpy's linear percentiles.
    """
    arr = np.asarray(values, dtype=float)
    arr = arr[np.isfinite(arr)]
    if not np.isfinite(value):
        return NO_VALUE
    if arr.size < MIN_PEERS_FOR_RANK:
        return TOO_FEW
    q1, q2, q3 = np.percentile(arr, [25, 50, 75])
    position = 3 if value > q3 else 2 if value > q2 else 1 if value >= q1 else 0  # 3 = highest quarter
    if polarity == 0:
        return NEUTRAL[3 - position]
    if polarity == -1:
        position = 3 - position
    return DIRECTED[3 - position]


def common_year(frame: pd.DataFrame, members: Sequence[str]) -> int | None:
    """The latest year in which at least half of the members have a value (None when no such year)."""
    part = frame[frame[MUNICIPALITY].isin(list(members))]
    counts = part.groupby(YEAR)[MUNICIPALITY].nunique()
    enough = counts[counts >= max(MIN_PEERS_FOR_RANK, int(np.ceil(len(members) * MIN_SHARE)))]
    return int(enough.index.max()) if len(enough) else None


def matrix(
    frames: Mapping[str, pd.DataFrame],
    catalogue: pd.DataFrame,
    members: Sequence[str],
    themes: Sequence[str] = THEMES,
) -> pd.DataFrame:
    """Long table municipality × headline indicator of the chosen themes: year, value and quartile class.

    frames: the observations of each indicator (any municipalities). Each indicator is compared in its
    common year (`common_year`); a member without a value that year is NO_VALUE, never filled.
    """
    headline = catalogue[catalogue["headline"] & catalogue["theme"].isin(list(themes))]
    order = {th: i for i, th in enumerate(THEMES)}
    headline = headline.assign(_t=headline["theme"].map(order)).sort_values(["_t", "order"], kind="stable")
    rows = []
    codes = list(dict.fromkeys(members))
    for _, ind in headline.iterrows():
        ident = str(ind["id"])
        frame = frames.get(ident)
        # The members' rows once: the string match over the whole indicator is the slow part.
        part = frame[frame[MUNICIPALITY].isin(codes)] if frame is not None else None
        year = common_year(part, codes) if part is not None else None
        values = (
            part[part[YEAR] == year].set_index(MUNICIPALITY)[VALUE]
            if part is not None and year is not None
            else pd.Series(dtype="float64")
        )
        pool = values.to_numpy(dtype=float)
        polarity = int(ind["polarity"])
        for code in codes:
            value = float(values.get(code, np.nan))
            rows.append(
                {
                    MUNICIPALITY: code,
                    INDICATOR: ident,
                    "theme": ind["theme"],
                    YEAR: year,
                    VALUE: value,
                    "class": quartile_class(value, pool, polarity) if year is not None else NO_VALUE,
                    "polarity": polarity,
                }
            )
    return pd.DataFrame(rows, columns=[MUNICIPALITY, INDICATOR, "theme", YEAR, VALUE, "class", "polarity"])


def row_label(name: str, year: int | None, current_year: int, lang: str, latest_period: str = "") -> str:
    """An indicator's row heading: its name and common year (a monthly indicator's month, '6/2026'),
    flagged when the year is old (freshness rule)."""
    if year is None:
        return name
    when = period(int(year), latest_period)
    if years_old(int(year), current_year) is None:
        return f"{name} ({when})"
    return f"{name} ({when}, {t('seminar.old_year', lang)})"


def without_values(table: pd.DataFrame) -> list[str]:
    """Indicators no member has a value for (no common year): said in words, not drawn as an empty row."""
    years = table.groupby(INDICATOR, sort=False)[YEAR].apply(lambda s: s.notna().any())
    return [str(i) for i, has in years.items() if not has]


def row_order(table: pd.DataFrame, names: Mapping[str, str], by: str | None = None) -> list[str]:
    """Members in display order: by name, or by one indicator's value (best first; highest first when neutral;
    members without a value last)."""
    codes = list(dict.fromkeys(table[MUNICIPALITY]))
    by_name = sorted(codes, key=lambda c: str(names.get(c, c)).lower())
    if not by or by not in set(table[INDICATOR]):
        return by_name
    part = table[table[INDICATOR] == by].set_index(MUNICIPALITY)
    polarity = int(part["polarity"].iloc[0])
    values = part[VALUE].reindex(by_name)
    ascending = polarity == -1
    ranked = values.dropna().sort_values(ascending=ascending, kind="stable")
    return [*ranked.index, *values[values.isna()].index]


def projected(
    forecasts: pd.DataFrame, members: Sequence[str], year: int = 2030
) -> tuple[pd.DataFrame, float | None]:
    """Each member's projected value for the year with its bands, and the group median of the means."""
    part = forecasts[(forecasts[YEAR] == year) & forecasts[MUNICIPALITY].isin(list(members))]
    cols = [MUNICIPALITY, MEAN, "lower_80", "upper_80", "lower_95", "upper_95"]
    part = part[cols].reset_index(drop=True)
    median = float(part[MEAN].median()) if len(part) else None
    return part, median


def class_label(cls: str, lang: str) -> str:
    """A class in words with its symbol ('▲▲ best quarter')."""
    return f"{SYMBOLS[cls]} {t(f'seminar.class.{cls}', lang)}"


def legend_line(lang: str, present: Collection[str] | None = None) -> str:
    """The symbols' key in one short Markdown line, for the top of the matrix: only the classes `present`
    in the shown matrix (all when None), and "no better direction" said once for its four classes instead of
    after each (the key fits two lines on a 1280 px screen, so the matrix starts on the first screen)."""
    shown = [c for c in CLASSES if present is None or c in present]

    def item(cls: str, words: str) -> str:
        return f"**{SYMBOLS[cls]}** {words}"

    groups = [" · ".join(item(c, t(f"seminar.class.{c}", lang)) for c in shown if c in DIRECTED)]
    neutral = [item(c, t(f"seminar.legend.{c}", lang)) for c in shown if c in NEUTRAL]
    if neutral:
        groups.append(t("seminar.legend.neutral", lang) + ": " + ", ".join(neutral))
    groups.append(
        " · ".join(item(c, t(f"seminar.class.{c}", lang)) for c in shown if c in (NO_VALUE, TOO_FEW))
    )
    return " · ".join(g for g in groups if g)


def handout(
    table: pd.DataFrame,
    order: Sequence[str],
    catalogue: pd.DataFrame,
    names: Mapping[str, str],
    lang: str,
    title: str,
    fmt: Any,
    sources: pd.DataFrame,
    note: str = "",
) -> str:
    """The matrix as one self-contained HTML file (inline CSS, no scripts): colours, symbols and values."""
    inds = list(dict.fromkeys(table[INDICATOR]))
    cells = table.set_index([MUNICIPALITY, INDICATOR])
    head = "".join(
        f'<th scope="col">{escape(str(catalogue.loc[i, f"name_{lang}"]))}'
        f'<br><span class="y">{escape(_year(cells, i, indicator_period(catalogue, i)))}</span></th>'
        for i in inds
    )
    body = []
    for code in order:
        tds = []
        for ind in inds:
            cell = cells.loc[(code, ind)]
            cls = str(cell["class"])
            dark = " dark" if cls in DARK else ""
            value = fmt(
                cell[VALUE], int(catalogue.loc[ind, "decimals"]), str(catalogue.loc[ind, "unit"]), lang
            )
            tds.append(
                f'<td class="c{dark}" style="background:{COLOURS[cls]}" title="{escape(t(f"seminar.class.{cls}", lang))}">'
                f"{escape(SYMBOLS[cls])}<br>{escape(value)}</td>"
            )
        body.append(f'<tr><th scope="row">{escape(str(names.get(code, code)))}</th>{"".join(tds)}</tr>')
    legend_html = "".join(
        f'<li><span class="sw{" dark" if c in DARK else ""}" style="background:{COLOURS[c]}">{escape(SYMBOLS[c])}</span> '
        f"{escape(t(f'seminar.class.{c}', lang))}</li>"
        for c in CLASSES
    )
    src_rows = "".join(
        "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
        for row in sources.itertuples(index=False)
    )
    src_head = "".join(f"<th>{escape(str(c))}</th>" for c in sources.columns)
    style = (
        "body{font-family:'Source Sans Pro','Segoe UI',Helvetica,Arial,sans-serif;color:#1f2933;margin:1.5rem}"
        "table{border-collapse:collapse;font-size:.8rem}th,td{border:1px solid #cbd2d9;padding:.25rem .35rem}"
        "thead th{vertical-align:bottom;max-width:7rem}th[scope=row]{text-align:left;white-space:nowrap}"
        "td.c{text-align:center;color:#1f2933;white-space:nowrap}td.dark,span.dark{color:#fff}"
        ".y{font-weight:400;color:#52606d}ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.8rem}"
        "span.sw{display:inline-block;min-width:2.2rem;text-align:center;border:1px solid #cbd2d9}"
        "table.src{margin-top:1rem;font-size:.75rem}@media print{body{margin:0}}"
    )
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{style}</style></head><body><h1>{escape(title)}</h1>"
        f"<p>{escape(t('seminar.handout_intro', lang))}</p>"
        + (f"<p>{escape(note)}</p>" if note else "")
        + f'<ul class="legend">{legend_html}</ul>'
        f'<table><thead><tr><th scope="col">{escape(t("seminar.col_member", lang))}</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
        f"<h2>{escape(t('report.sources_heading', lang))}</h2>"
        f'<table class="src"><thead><tr>{src_head}</tr></thead><tbody>{src_rows}</tbody></table>'
        "</body></html>"
    )


def _year(cells: pd.DataFrame, indicator: str, latest_period: str = "") -> str:
    years = cells.xs(indicator, level=INDICATOR)[YEAR].dropna()
    return period(int(years.iloc[0]), latest_period) if len(years) else "–"


def indicator_period(catalogue: pd.DataFrame, indicator: str) -> str:
    """A monthly indicator's latest month ('2026-06'), '' for an annual one."""
    if "latest_period" not in catalogue.columns:
        return ""
    value = catalogue.loc[indicator, "latest_period"]
    return str(value) if isinstance(value, str) else ""
