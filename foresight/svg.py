"""Small self-contained SVG charts for the printable report (no JavaScript, prints sharp, works offline)."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Sequence
from html import escape

# Same palette as the interactive charts: the municipality strong blue, peers grey.
MUNICIPALITY_COLOUR = "#0b4f9c"
PEER_COLOUR = "#9aa3ad"
BAND_COLOUR = "#d5dae0"
VERDICT_COLOURS = {"better": "#1b7f3b", "worse": "#b3261e"}
# Series beside the municipality (scenarios, the room's storylines): orange, green, magenta, light blue. Chosen so
# every pair, the municipality blue included, stays apart under simulated protanopia, deuteranopia and
# tritanopia, and each line has 3:1 contrast on white (tests/test_a11y.py checks both).
SERIES_COLOURS = ("#e66100", "#1b7f3b", "#aa3377", "#6699cc")


def _x(value: float, low: float, high: float, left: float, width: float) -> float:
    if high == low:
        return left + width / 2
    return left + (value - low) / (high - low) * width


def range_strip(
    value: float,
    peer_min: float,
    q1: float,
    median: float,
    q3: float,
    peer_max: float,
    verdict: str = "",
    width: int = 220,
    height: int = 26,
    label: str = "",
) -> str:
    """The municipality's value (dot) on its peers' range (line), interquartile range (box) and median (tick)."""
    low, high = min(value, peer_min), max(value, peer_max)
    pad = 8
    inner = width - 2 * pad
    mid = height / 2
    pos = [_x(v, low, high, pad, inner) for v in (peer_min, q1, median, q3, peer_max, value)]
    colour = VERDICT_COLOURS.get(verdict, MUNICIPALITY_COLOUR)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
        f' role="img" aria-label="{escape(label)}">'
        f'<line x1="{pos[0]:.1f}" y1="{mid}" x2="{pos[4]:.1f}" y2="{mid}" stroke="{PEER_COLOUR}" stroke-width="2" vector-effect="non-scaling-stroke"/>'
        f'<rect x="{pos[1]:.1f}" y="{mid - 6}" width="{max(pos[3] - pos[1], 1):.1f}" height="12" fill="{BAND_COLOUR}"/>'
        f'<line x1="{pos[2]:.1f}" y1="{mid - 8}" x2="{pos[2]:.1f}" y2="{mid + 8}" stroke="#555" stroke-width="2" vector-effect="non-scaling-stroke"/>'
        f'<circle cx="{pos[5]:.1f}" cy="{mid}" r="6" fill="{colour}" stroke="white" stroke-width="1.5"/>'
        "</svg>"
    )


def as_image(markup: str, alt: str = "") -> str:
    """An SVG as an <img> with a data URI.

    Streamlit's st.html sanitises its input and drops inline <svg>, but keeps an image whose source is a data URI;
    the printed report shows it the same. An empty alt marks the image as decorative: use it only where the same
    figures are written out beside it.
    """
    if not markup:
        return ""
    data = base64.b64encode(markup.encode("utf-8")).decode("ascii")
    width = re.search(r'width="(\d+)"', markup)
    height = re.search(r'height="(\d+)"', markup)
    size = (f' width="{width.group(1)}"' if width else "") + (
        f' height="{height.group(1)}"' if height else ""
    )
    return f'<img src="data:image/svg+xml;base64,{data}"{size} alt="{escape(alt)}">'


def line_chart(
    years: Sequence[int],
    values: Sequence[float],
    band: tuple[Sequence[int], Sequence[float], Sequence[float]] | None = None,
    width: int = 560,
    height: int = 200,
    label: str = "",
    tick_format: str = "{:,.0f}",
    tick: Callable[[float], str] | None = None,
) -> str:
    """A line over years with an optional shaded peer band (years, low, high); axis labels at the ends."""
    if not years:
        return ""
    all_years = list(years) + (list(band[0]) if band else [])
    all_values = list(values) + (list(band[1]) + list(band[2]) if band else [])
    x0, x1 = min(all_years), max(all_years)
    y0, y1 = min(all_values), max(all_values)
    if y0 == y1:
        y0, y1 = y0 - 1, y1 + 1
    left, right, top, bottom = 70, 12, 10, 26
    w, h = width - left - right, height - top - bottom

    def px(year: float, val: float) -> str:
        return f"{_x(year, x0, x1, left, w):.1f},{top + h - (val - y0) / (y1 - y0) * h:.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
        f' role="img" aria-label="{escape(label)}">'
    ]
    if band and len(band[0]):
        upper = " ".join(px(y, v) for y, v in zip(band[0], band[2], strict=True))
        lower = " ".join(px(y, v) for y, v in zip(reversed(band[0]), reversed(band[1]), strict=True))
        parts.append(f'<polygon points="{upper} {lower}" fill="{BAND_COLOUR}"/>')
    parts.append(_line_runs(years, values, px, width=3, radius=3))
    for val in (y0, y1):
        y = top + h - (val - y0) / (y1 - y0) * h
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#444">'
            f"{escape(tick(val) if tick else tick_format.format(val))}</text>"
        )
    for year in (x0, x1):
        parts.append(
            f'<text x="{_x(year, x0, x1, left, w):.1f}" y="{height - 6}" text-anchor="middle" font-size="12"'
            f' fill="#444">{year}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def sparkline(
    years: Sequence[int],
    values: Sequence[float],
    label: str,
    *,
    width: int = 180,
    height: int = 48,
    stretch: bool = False,
) -> str:
    """A small history line as SVG with a text alternative (role="img", aria-label and <title>).

    A missing year breaks the line rather than bridging it. With stretch, the drawing fills whatever box the
    page gives it (preserveAspectRatio="none"; the stroke keeps its width), so a page can make it shorter.
    """
    low, high = min(values), max(values)
    first, last = years[0], years[-1]
    span = max(last - first, 1)

    def point(year: int, value: float) -> str:
        x = 2 + (year - first) / span * (width - 4)
        y = height - 3 - (0.5 if high == low else (value - low) / (high - low)) * (height - 6)
        return f"{x:.1f},{y:.1f}"

    lines = _line_runs(years, values, point, width=2, radius=2, extra=' vector-effect="non-scaling-stroke"')
    text = escape(label)
    return (
        f'<svg role="img" aria-label="{text}" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        + ('preserveAspectRatio="none" ' if stretch else "")
        + f'xmlns="http://www.w3.org/2000/svg"><title>{text}</title>{lines}</svg>'
    )


def _line_runs(
    years: Sequence[int],
    values: Sequence[float],
    point: Callable[[int, float], str],
    width: int,
    radius: int,
    extra: str = "",
) -> str:
    """One polyline per run of consecutive years (a lone year a dot): a missing year breaks the line."""
    runs: list[list[str]] = []
    previous: int | None = None
    for year, value in zip(years, values, strict=True):
        if previous is None or year != previous + 1:
            runs.append([])
        runs[-1].append(point(year, value))
        previous = year
    return "".join(
        f'<polyline points="{" ".join(run)}" fill="none" stroke="{MUNICIPALITY_COLOUR}" stroke-width="{width}"{extra}/>'
        if len(run) > 1
        else f'<circle cx="{run[0].split(",")[0]}" cy="{run[0].split(",")[1]}" r="{radius}" fill="{MUNICIPALITY_COLOUR}"/>'
        for run in runs
    )
