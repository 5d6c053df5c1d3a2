"""Accessibility arithmetic: WCAG contrast ratios and colour-vision-deficiency simulation of the palettes.

Contrast follows WCAG 2.1 (relative luminance of sRGB, ratio (L1 + 0.05) / (L2 + 0.05)). Colour-vision
deficiencies are simulated with the full-severity matrices of Machado, Oliveira and Fernandes (2009),
"A physiologically-based model for simulation of color vision deficiency", IEEE TVCG 15(6), applied to
linear RGB; colours are compared as CIE76 distances in CIELAB (D65).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from foresight import format as fmt
from foresight.i18n import t

if TYPE_CHECKING:
    import pandas as pd

Matrix = tuple[tuple[float, float, float], tuple[float, float, float], tuple[float, float, float]]

MACHADO: dict[str, Matrix] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
TEXT_CONTRAST = 4.5  # WCAG 2.1 AA, 1.4.3 normal text
GRAPHIC_CONTRAST = 3.0  # WCAG 2.1 AA, 1.4.11 graphical objects (lines, bars, markers)


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """'#0b4f9c' -> (11, 79, 156)."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _linear(channel: float) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(linear: float) -> float:
    c = min(max(linear, 0.0), 1.0)
    return 255 * (12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055)


def luminance(colour: str) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    r, g, b = (_linear(c) for c in hex_to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def simulate(colour: str, deficiency: str) -> tuple[float, float, float]:
    """The colour as seen with a full deficiency (Machado 2009), as sRGB 0-255 floats."""
    m = MACHADO[deficiency]
    lin = [_linear(c) for c in hex_to_rgb(colour)]
    return tuple(_gamma(sum(m[i][j] * lin[j] for j in range(3))) for i in range(3))  # type: ignore[return-value]


def lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """sRGB (0-255) to CIELAB under D65."""
    r, g, b = (_linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """CIE76 colour difference of two sRGB colours (about 2.3 is just noticeable; over 20 is clearly apart)."""
    return math.dist(lab(a), lab(b))


def min_distance(palette: tuple[str, ...] | list[str], deficiency: str | None = None) -> float:
    """The smallest CIE76 distance between any two colours of a palette, as seen with a deficiency (or none)."""
    seen = [
        simulate(c, deficiency) if deficiency else tuple(float(v) for v in hex_to_rgb(c)) for c in palette
    ]
    return min(delta_e(a, b) for a, b in itertools.combinations(seen, 2))  # type: ignore[arg-type]


AXE_VERSION = "4.14.1"  # the axe-core release scripts/axe.sh installs for tests/e2e/test_accessibility_e2e.py
LAST_CHECK = (2026, 12, 1)  # the last full accessibility check (the statement page shows it)


A11Y_CONTACT_ENV = "KUNTALUOTAIN_A11Y_CONTACT"  # who takes accessibility feedback (Act 306/2019, section 15)


def feedback_contact(environ: Mapping[str, str] | None = None) -> str:
    """The organisation's contact for accessibility feedback from $KUNTALUOTAIN_A11Y_CONTACT, or "" when the
    organisation running the service has not set it (the statement then says it is missing)."""
    value = (os.environ if environ is None else environ).get(A11Y_CONTACT_ENV, "")
    return " ".join(value.split())  # one line: a stray newline in an env file must not break the page


def check_date(lang: str) -> str:
    """The date of the last check as the language writes it: 1.12.2026 (fi, sv), 1 December 2026 (en)."""
    return fmt.date(dt.date(*LAST_CHECK), lang)


def _plain(text: object) -> str:
    """Plotly label text without its HTML tags (<b>, <br>)."""
    return re.sub(r"<[^>]+>", " ", str(text or "")).replace("  ", " ").strip()


def _kind(fig: Any) -> str:
    types = {trace.type for trace in fig.data}
    if types & {"bar"}:
        return "bar"
    if types & {"histogram"}:
        return "histogram"
    if types <= {"scatter", "scattergl"}:
        return "line" if any("lines" in str(trace.mode or "lines") for trace in fig.data) else "scatter"
    return "chart"


def _axis_title(axis: Any) -> str:
    return _plain(axis.title.text) if axis is not None and axis.title is not None else ""


def _series(fig: Any) -> list[str]:
    names: list[str] = []
    for trace in fig.data:
        name = _plain(trace.name)
        if name and name not in names and trace.showlegend is not False:
            names.append(name)
    return names


def figure_summary(fig: Any, lang: str) -> str:
    """A short text alternative built from a Plotly figure: kind, title, series and the horizontal range."""
    kind = t(f"a11y.kind.{_kind(fig)}", lang)
    title = _plain(fig.layout.title.text) if fig.layout.title is not None else ""
    parts = [f"{kind}: {title}" if title else kind]
    series = _series(fig)
    if series:
        parts.append(t("a11y.chart.series", lang, names=", ".join(series[:8])))
    horizontal = any(trace.type == "bar" and trace.orientation == "h" for trace in fig.data)
    unit = _axis_title(fig.layout.xaxis if horizontal else fig.layout.yaxis)
    if unit:
        parts.append(t("a11y.chart.unit", lang, title=unit))
    xs = [x for trace in fig.data if trace.x is not None for x in trace.x if isinstance(x, int | float)]
    if xs and _kind(fig) in ("line", "scatter"):
        low, high = min(xs), max(xs)
        parts.append(t("a11y.chart.range", lang, low=f"{low:g}", high=f"{high:g}"))
    return ". ".join(parts) + "."


def _decimals(values: list[float]) -> int:
    """Decimals for a table column of chart values: fewer as the numbers grow (the chart shows no more)."""
    top = max((abs(v) for v in values), default=0.0)
    return 0 if top >= 1000 else 1 if top >= 10 else 2


def _category(value: object) -> object:
    if isinstance(value, str):  # a highlighted bar's label: bold and a pointer, which a table does not need
        return _plain(value).removesuffix("◀").strip()
    return int(value) if isinstance(value, float) and value.is_integer() else value


def figure_table(fig: Any, lang: str) -> pd.DataFrame:
    """The data of a Plotly figure as a table: one row per category or year, one column per series.

    A band drawn as an unnamed lower line and a named upper line filled to it becomes two columns (lower and
    upper bound); a missing value stays missing (shown as a dash); numbers are written as the language writes
    them.
    """
    import pandas as pd

    from foresight.format import number

    traces = [
        tr
        for tr in fig.data
        if tr.type in ("scatter", "scattergl", "bar") and tr.x is not None and tr.y is not None
    ]
    horizontal = any(tr.type == "bar" and tr.orientation == "h" for tr in traces)
    category_axis = fig.layout.yaxis if horizontal else fig.layout.xaxis
    fallback = "a11y.col.category" if horizontal else "a11y.col.x"
    columns: dict[str, dict[object, float]] = {}
    order: list[object] = []
    for i, tr in enumerate(traces):
        name = _plain(tr.name)
        following = traces[i + 1] if i + 1 < len(traces) else None
        if (
            following is not None
            and getattr(following, "fill", None) == "tonexty"
            and (not name or tr.showlegend is False)
        ):
            name = f"{_plain(following.name)} – {t('a11y.low', lang)}"
        elif getattr(tr, "fill", None) == "tonexty" and i > 0 and traces[i - 1].showlegend is False:
            name = f"{name} – {t('a11y.high', lang)}"
        name = name or f"{t('a11y.col.series', lang)} {i + 1}"
        while name in columns:
            name += " *"
        xs, ys = (list(tr.y), list(tr.x)) if horizontal else (list(tr.x), list(tr.y))
        columns[name] = {}
        for x, y in zip(xs, ys, strict=False):
            key = _category(x)
            if key not in order:
                order.append(key)
            if isinstance(y, int | float) and not math.isnan(y):
                columns[name][key] = float(y)
    if all(isinstance(k, int | float) for k in order):
        order.sort()  # type: ignore[type-var]
    table = pd.DataFrame({_axis_title(category_axis) or t(fallback, lang): [str(k) for k in order]})
    decimals = _decimals([v for values in columns.values() for v in values.values()])  # one chart, one scale
    for name, values in columns.items():
        table[name] = [number(values[k], decimals, lang) if k in values else "–" for k in order]
    return table
