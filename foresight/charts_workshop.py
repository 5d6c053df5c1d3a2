"""Figures of the live workshop: Borda bars, the 2×2 with means, guesses against the revealed value, projections.

Sizes are parameters: the same figure is drawn small on a phone and large on the wall (big=True).
Labels may come from the room, so they are HTML-escaped (plotly renders a subset of HTML in text).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from foresight.charts import FONT, GRID, MEDIAN_COLOUR, _layout
from foresight.columns import INTERVAL_COLUMNS, MEAN, YEAR
from foresight.svg import BAND_COLOUR, MUNICIPALITY_COLOUR, PEER_COLOUR, SERIES_COLOURS
from foresight.workshop.security import escape_html

GUESS_COLOUR = "#c77c02"  # the room's guesses: warm, apart from the municipality's blue
BIG_FONT = 26


def _font(fig: go.Figure, big: bool) -> go.Figure:
    if big:
        # The legend's size is set, not inherited: Streamlit's chart theme draws an unset legend at 12.75 px,
        # unreadable from the back of the room.
        fig.update_layout(
            font={**FONT, "size": BIG_FONT},
            hoverlabel=dict(font_size=BIG_FONT),
            legend_font=dict(size=BIG_FONT - 4, color=FONT["color"]),
        )
        fig.update_xaxes(tickfont=dict(size=BIG_FONT - 4, color=FONT["color"]), title_font_size=BIG_FONT - 2)
        fig.update_yaxes(tickfont=dict(size=BIG_FONT - 4, color=FONT["color"]), title_font_size=BIG_FONT - 2)
    return fig


def _thousands(fig: go.Figure, values: Sequence[float], axis: str = "y") -> None:
    """Whole thousands written out ('125 000', not '125k') when the values are large."""
    finite = [abs(v) for v in values if v is not None and np.isfinite(v)]
    if finite and max(finite) >= 10_000:
        (fig.update_yaxes if axis == "y" else fig.update_xaxes)(tickformat=",.0f")


RANGE_MARGIN = 0.08  # of the span, on each side of the projection chart's y axis


def value_range(values: Sequence[float | None], margin: float = RANGE_MARGIN) -> tuple[float, float] | None:
    """(low, high) covering the finite values, widened by margin × their span on each side; None if none.

    A single value (or equal values) gets ±2 % of its size (±1 at zero), so the axis is never empty.
    """
    finite = [float(v) for v in values if v is not None and np.isfinite(v)]
    if not finite:
        return None
    low, high = min(finite), max(finite)
    pad = (high - low) * margin or max(abs(high) * 0.02, 1.0)
    return low - pad, high + pad


def off_range(value: float, axis: tuple[float, float]) -> int:
    """-1 below the axis, 1 above it, 0 on it."""
    return -1 if value < axis[0] else 1 if value > axis[1] else 0


def borda_bar(
    frame: pd.DataFrame,
    labels: Mapping[str, str],
    lang: str,
    points_title: str,
    *,
    height: int = 360,
    big: bool = False,
) -> go.Figure:
    """Horizontal bars of Borda points (item, points, first_places), the most important on top."""
    ordered = frame.sort_values("points", ascending=True, kind="stable")
    names = [escape_html(labels.get(str(i), str(i))) for i in ordered["item"]]
    fig = go.Figure(
        go.Bar(
            x=ordered["points"].tolist(),
            y=names,
            orientation="h",
            marker_color=MUNICIPALITY_COLOUR,
            text=ordered["points"].tolist(),
            textposition="outside",
            cliponaxis=False,
            customdata=ordered["first_places"].tolist(),
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    _layout(fig, lang, height, showlegend=False, margin=dict(l=10, r=40, t=10, b=10))
    fig.update_xaxes(title_text=points_title, rangemode="tozero")
    fig.update_yaxes(gridcolor="white")
    return _font(fig, big)


LABEL_TOLERANCE = 0.08  # on the 0–1 axes: means closer than this in both directions share one label


def label_groups(xs: Sequence[float], ys: Sequence[float], tol: float = LABEL_TOLERANCE) -> list[list[int]]:
    """Indices of points grouped so that each point joins the first group whose first point lies within tol
    in both x and y; groups in order of their first point."""
    groups: list[list[int]] = []
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        for group in groups:
            if abs(xs[group[0]] - x) <= tol and abs(ys[group[0]] - y) <= tol:
                group.append(i)
                break
        else:
            groups.append([i])
    return groups


def label_position(x: float, y: float, edge: float = 0.25) -> str:
    """Where a 2×2 name goes from its point: below it in the top half, above it in the bottom half; to the
    left of it within `edge` of the right side, to the right within `edge` of the left side."""
    vertical = "bottom" if y >= 0.5 else "top"
    horizontal = "left" if x > 1 - edge else "right" if x < edge else "center"
    return f"{vertical} {horizontal}"


@dataclass(frozen=True)
class LabelSpace:
    """The 2×2's drawing in px, for placing its names: px per unit of each axis (of the smallest drawing the
    figure gets, where names crowd most), the text's font size in px, a letter's width as a share of it, and
    the markers' radius."""

    across: float
    down: float
    font: float
    radius: float
    letter: float = 0.52  # Source Sans at 26 px: 12.4–12.6 px a letter in Finnish and Swedish theme names

    @property
    def gap(self) -> float:
        """How far plotly sets a text from its marker's centre (its textPointPosition: radius / 0.8 + 1)."""
        return self.radius / 0.8 + 1


# The wall at 1280×720 (the drawing 2/3 of the width, 330 px tall: measured 685 px a unit across and 231 down,
# taken a little smaller) and a phone at 390 px (measured 301 × 299 px a unit).
WALL_SPACE = LabelSpace(across=670, down=222, font=BIG_FONT, radius=10)
PHONE_SPACE = LabelSpace(across=295, down=290, font=FONT["size"], radius=7)  # type: ignore[arg-type]
AXIS_RANGE = (-0.03, 1.03)
# A drawing measured in the browser (the wall reports its plot area) is believed within these px, and taken
# 1 % smaller than measured: the name boxes are padded already. (WALL_SPACE, from a measurement at 1280×720
# before the layout settled, is now 0.98 of the drawing across and 0.99 down: 670 of 685 px, 222 of 224.)
MEASURED_LIMITS = ((200, 4000), (120, 3000))
MEASURED_SHARE = 0.99


def measured_space(size: object, base: LabelSpace = WALL_SPACE) -> LabelSpace:
    """The 2×2's LabelSpace for a drawing the browser measured: size is its plot area (width, height) in px.

    A 1920×1080 wall draws the 2×2 about 1.5 times as wide and 1.75 times as tall as the 1280×720 wall that
    `base` models, so names that would clash there stand clear here; a smaller screen gets numbers sooner.
    Anything else than two believable numbers (none yet, a tampered message) gives `base`."""
    if not isinstance(size, (list, tuple)) or len(size) != 2:
        return base
    try:
        width, height = (float(v) for v in size)
    except (TypeError, ValueError):
        return base
    (w_lo, w_hi), (h_lo, h_hi) = MEASURED_LIMITS
    if not (w_lo <= width <= w_hi and h_lo <= height <= h_hi):  # also False for NaN
        return base
    span = AXIS_RANGE[1] - AXIS_RANGE[0]
    return replace(base, across=width / span * MEASURED_SHARE, down=height / span * MEASURED_SHARE)


def label_box(
    x: float, y: float, where: str, letters: int, lines: int, space: LabelSpace
) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in px of a name at plotly's textposition `where` from a point (x, y) of the
    2×2, y down from the drawing's top: beside or diagonal to its marker by `space.gap`, a line 1.3 font
    sizes apart (plotly's line spacing)."""
    vertical, horizontal = where.split(" ")
    px, py = (x - AXIS_RANGE[0]) * space.across, (AXIS_RANGE[1] - y) * space.down
    font, gap = space.font, space.gap
    width = letters * space.letter * font
    # measured in Chromium: a line is 1.15 font sizes tall, the next 1.3 below; a name below its point starts
    # 0.17 font sizes nearer to it than the gap, one beside it is centred 0.1 font sizes above it
    height = font * (1.15 + 1.3 * (lines - 1))
    left = {"left": px - gap - width, "right": px + gap, "center": px - width / 2}[horizontal]
    top = {"top": py - gap - height, "bottom": py + gap - 0.2 * font, "middle": py - height / 2 - 0.1 * font}[
        vertical
    ]
    pad = 0.1 * font  # room for a wider font than measured
    return left - pad, top - pad, left + width + pad, top + height + pad


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def label_positions(
    points: Sequence[tuple[float, float]],
    lengths: Sequence[int],
    lines: Sequence[int] | None = None,
    space: LabelSpace = WALL_SPACE,
) -> list[str]:
    """Where each point's name goes: label_position's place first (away from the nearer edges), else the first
    of the other places around the point whose box stays inside the drawing and clear of the names already
    placed and of every point's marker; when none is clear, the place that covers the least.

    lengths: each name's letters (its longest line); lines: each name's lines (1 unless given)."""
    return _placed(points, lengths, lines, space)[0]


def names_clash(
    points: Sequence[tuple[float, float]],
    lengths: Sequence[int],
    lines: Sequence[int] | None = None,
    space: LabelSpace = WALL_SPACE,
) -> bool:
    """Whether some name, wherever label_positions puts it, still leaves the drawing or covers another name or
    point (a crowded room: the means of many people's placements gather near the middle)."""
    return _placed(points, lengths, lines, space)[1] > 0


def _placed(
    points: Sequence[tuple[float, float]],
    lengths: Sequence[int],
    lines: Sequence[int] | None,
    space: LabelSpace,
) -> tuple[list[str], float]:
    """label_positions' places and what they cover in all (px² of overlap, 1000 a px outside the drawing)."""
    lines = lines or [1] * len(points)
    total = 0.0
    width = (AXIS_RANGE[1] - AXIS_RANGE[0]) * space.across
    height = (AXIS_RANGE[1] - AXIS_RANGE[0]) * space.down
    r = space.radius + 2
    markers = [((x - AXIS_RANGE[0]) * space.across, (AXIS_RANGE[1] - y) * space.down) for x, y in points]
    marker_boxes = [(mx - r, my - r, mx + r, my + r) for mx, my in markers]
    placed: list[tuple[float, float, float, float]] = []
    out: list[str] = []
    for n, ((x, y), letters, n_lines) in enumerate(zip(points, lengths, lines, strict=True)):
        others = [*placed, *(b for m, b in enumerate(marker_boxes) if m != n)]  # its own marker: the gap
        first = label_position(x, y)
        vertical, horizontal = first.split(" ")
        verticals = [vertical, "top" if vertical == "bottom" else "bottom"]
        horizontals = [horizontal, *(h for h in ("center", "right", "left") if h != horizontal)]
        candidates = [f"{v} {h}" for v in verticals for h in horizontals]
        candidates += [f"middle {h}" for h in horizontals if h != "center"]
        best, best_cost = first, float("inf")
        for where in candidates:
            box = label_box(x, y, where, letters, n_lines, space)
            outside = (
                max(0.0, -box[0]) + max(0.0, box[2] - width) + max(0.0, -box[1]) + max(0.0, box[3] - height)
            )
            cost = outside * 1000 + sum(_overlap(box, other) for other in others)
            if cost < best_cost:
                best, best_cost = where, cost
            if cost == 0:
                break
        placed.append(label_box(x, y, best, letters, n_lines, space))
        out.append(best)
        total += best_cost
    return out, total


def _mean_points(means: pd.DataFrame) -> tuple[list[str], list[float], list[float], list[list[int]]]:
    """The 2×2's items with both means, their impact and uncertainty, and their groups (label_groups)."""
    shown = means.dropna(subset=["impact", "uncertainty"])
    xs, ys = shown["impact"].tolist(), shown["uncertainty"].tolist()
    return [str(i) for i in shown["item"]], xs, ys, label_groups(xs, ys)


def _label_sizes(group_names: Sequence[Sequence[str]]) -> tuple[list[int], list[int]]:
    """Each group's label for the placer: its letters (its longest line) and its lines."""
    return [max(len(n) for n in group) for group in group_names], [len(group) for group in group_names]


def matrix_numbers(
    means: pd.DataFrame, labels: Mapping[str, str], big: bool = False, space: LabelSpace | None = None
) -> dict[str, int]:
    """Numbers for the 2×2's items, 1, 2, … in the step's order, when their names cannot all stand clear
    beside their points (names_clash); {} when they can. With numbers the chart shows each point's number and
    the page lists the numbered names: names printed over each other could not be read at all.

    space: the drawing as measured (measured_space); else the 1280×720 wall's, or a phone's."""
    items, xs, ys, groups = _mean_points(means)
    if not items:
        return {}
    lengths, lines = _label_sizes([[labels.get(items[i], items[i]) for i in g] for g in groups])
    space = space or (WALL_SPACE if big else PHONE_SPACE)
    if not names_clash([(xs[g[0]], ys[g[0]]) for g in groups], lengths, lines, space):
        return {}
    order = [i for i in labels if i in items] + [i for i in items if i not in labels]
    return {item: n for n, item in enumerate(order, start=1)}


def matrix_scatter(
    means: pd.DataFrame,
    points: pd.DataFrame | None,
    labels: Mapping[str, str],
    lang: str,
    axis_titles: tuple[str, str],
    quadrants: Mapping[str, str],
    *,
    height: int = 520,
    big: bool = False,
    numbers: Mapping[str, int] | None = None,
    space: LabelSpace | None = None,
) -> go.Figure:
    """The 2×2: every placement faint, each item's mean large and named; impact right, uncertainty up.

    quadrants: names for critical (top right), trends (bottom right), watch (top left), minor (bottom left).
    numbers (matrix_numbers): each point shows its item's number, not its name, where the names would clash.
    space: the drawing the names are placed in (as for matrix_numbers).
    """
    fig = go.Figure()
    if points is not None and not points.empty:
        fig.add_trace(
            go.Scatter(
                x=points["impact"].tolist(),
                y=points["uncertainty"].tolist(),
                mode="markers",
                marker=dict(color=PEER_COLOUR, size=9 if big else 7, opacity=0.45),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    space = space or (WALL_SPACE if big else PHONE_SPACE)
    items, xs, ys, groups = _mean_points(means)
    names = [escape_html(labels.get(i, i)) for i in items]
    numbers = numbers or {}
    if numbers:
        names = [f"{numbers.get(i, '')} {name}".strip() for i, name in zip(items, names, strict=True)]
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            text=names,
            marker=dict(color=MUNICIPALITY_COLOUR, size=2 * space.radius, line=dict(color="white", width=2)),
            hovertemplate="%{text}<br>%{x:.2f} × %{y:.2f}<extra></extra>",
            showlegend=False,
        )
    )
    # Items at (nearly) one point share one label, one name a line, so names never print over each other;
    # numbered, their numbers share one line ("2, 5").
    if numbers:
        texts = [", ".join(str(numbers.get(items[i], "")) for i in g) for g in groups]
        group_names = [[text] for text in texts]
    else:
        texts = ["<br>".join(names[i] for i in g) for g in groups]
        group_names = [[labels.get(items[i], items[i]) for i in g] for g in groups]  # as drawn
    fig.add_trace(
        go.Scatter(
            x=[xs[g[0]] for g in groups],
            y=[ys[g[0]] for g in groups],
            # an unseen marker as large as the mean's, so plotly sets the name beside it, not over it
            mode="markers+text",
            marker=dict(size=2 * space.radius, opacity=0),
            text=texts,
            # away from the nearer edges, else wherever around its point the name stays inside the drawing and
            # clear of the other names and points (a name centred on a point at impact 0.95 was cut off on the
            # wall; two names at one height printed over each other)
            textposition=label_positions(
                [(xs[g[0]], ys[g[0]]) for g in groups], *_label_sizes(group_names), space
            ),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    # No numbers on the axes: the room placed items in four boxes, and the boxes' names say what the numbers
    # would. The boxes' names stand outside the drawing, above its top corners and below its bottom ones, so
    # no item's name or point can print over them; the impact axis's name goes below them.
    quadrant_font = (BIG_FONT - 4) if big else 13
    line = round(quadrant_font * 1.5)
    axis = dict(range=list(AXIS_RANGE), showgrid=False, showticklabels=False, ticks="", zeroline=False)
    # _layout replaces the whole layout: shapes and annotations come after it.
    _layout(
        fig,
        lang,
        height,
        xaxis=dict(axis, title=dict(text=axis_titles[0], standoff=line)),
        yaxis=dict(axis, title_text=axis_titles[1]),
        showlegend=False,
        margin=dict(l=10, r=10, t=line, b=10),
    )
    for name, x, top, anchor in (
        ("critical", 1, True, "right"),
        ("trends", 1, False, "right"),
        ("watch", 0, True, "left"),
        ("minor", 0, False, "left"),
    ):
        fig.add_annotation(
            x=x,
            y=1 if top else 0,
            xref="x domain",
            yref="y domain",
            text=escape_html(quadrants.get(name, name)),
            showarrow=False,
            xanchor=anchor,
            yanchor="bottom" if top else "top",
            font=dict(color="#52606d", size=quadrant_font),  # 6.4:1 on white
        )
    fig.add_shape(type="line", x0=0.5, x1=0.5, y0=0, y1=1, line=dict(color=MEDIAN_COLOUR, dash="dot"))
    fig.add_shape(type="line", x0=0, x1=1, y0=0.5, y1=0.5, line=dict(color=MEDIAN_COLOUR, dash="dot"))
    fig = _font(fig, big)
    fig.update_xaxes(title_standoff=line)
    return fig


def guess_histogram(
    values: pd.Series,
    lang: str,
    titles: Mapping[str, str],
    *,
    revealed: float | None = None,
    interval: tuple[float, float] | None = None,
    height: int = 380,
    big: bool = False,
    x_range: tuple[float, float] | None = None,
) -> go.Figure:
    """The room's guesses as a histogram; the revealed value a vertical line, its 80 % interval shaded.

    titles: x (the quantity), y (participants), revealed (the line's name), median (the room's median).
    x_range: the axis (foresight.workshop.guess.axis_range): guesses outside it are left off the bins, so a
    typo cannot stretch the scale; the caller says how many.
    """
    data = values.dropna().astype(float)
    fig = go.Figure()
    # _layout replaces the whole layout: the lines and the band come after it.
    _layout(fig, lang, height, showlegend=False, bargap=0.05, margin=dict(l=10, r=10, t=40, b=10))
    if interval is not None:
        fig.add_vrect(
            x0=interval[0], x1=interval[1], fillcolor=BAND_COLOUR, opacity=0.6, line_width=0, layer="below"
        )
    if x_range is not None:
        _off_axis_notes(fig, data[data < x_range[0]].tolist(), data[data > x_range[1]].tolist(), lang)
        data = data[(data >= x_range[0]) & (data <= x_range[1])]
    if not data.empty:
        span = [float(data.min()), float(data.max())]
        if revealed is not None:
            span = [min(span[0], revealed), max(span[1], revealed)]
        bins = int(np.clip(np.sqrt(len(data)) * 2, 5, 25))
        width = (span[1] - span[0]) / bins if span[1] > span[0] else max(abs(span[0]) * 0.01, 1.0)
        fig.add_trace(
            go.Histogram(
                x=data.tolist(),
                xbins=dict(start=span[0] - width / 2, end=span[1] + width / 2, size=width),
                marker_color=GUESS_COLOUR,
                opacity=0.85,
                name=titles.get("y", ""),
                hovertemplate="%{x}: %{y}<extra></extra>",
            )
        )
    # The two labels sit on different heights and grow towards the middle of the axis, so they never overlap
    # each other or run off the edge. A median off the axis (a typo pulled it there) gets no line.
    median = float(values.dropna().median()) if not values.dropna().empty else None
    shown = [float(v) for v in [*data.tolist(), *([] if revealed is None else [revealed])]]
    low, high = x_range if x_range is not None else (min(shown, default=0.0), max(shown, default=1.0))
    middle = (low + high) / 2

    def anchor(x: float) -> str:
        return "right" if x > middle else "left"

    if median is not None and low <= median <= high:
        fig.add_vline(x=median, line=dict(color=GUESS_COLOUR, dash="dot", width=2))
        fig.add_annotation(
            x=median,
            y=0.86,
            yref="paper",
            text=escape_html(titles.get("median", "")),
            showarrow=False,
            xanchor=anchor(median),
            bgcolor="rgba(255,255,255,0.85)",
            font=dict(color="#7a4a00"),
        )
    if revealed is not None:
        fig.add_vline(x=revealed, line=dict(color=MUNICIPALITY_COLOUR, width=4))
        fig.add_annotation(
            x=revealed,
            y=1.0,
            yref="paper",
            yanchor="bottom",
            text=escape_html(titles.get("revealed", "")),
            showarrow=False,
            xanchor=anchor(revealed),
            font=dict(color=MUNICIPALITY_COLOUR),
        )
    fig.update_xaxes(title_text=titles.get("x", ""))
    if x_range is not None:
        fig.update_xaxes(range=list(x_range))
    _thousands(fig, [*data.tolist(), *([] if revealed is None else [revealed]), *(x_range or ())], "x")
    fig.update_yaxes(title_text=titles.get("y", ""), rangemode="tozero", dtick=1 if len(data) <= 40 else None)
    return _font(fig, big)


def _off_axis_notes(fig: go.Figure, below: Sequence[float], above: Sequence[float], lang: str) -> None:
    """Guesses off the histogram's axis written at its edges ('← 125', '1 250 000 →'), at most three a side."""
    from foresight import format as fmt

    for values, x, anchor in ((sorted(below), 0.0, "left"), (sorted(above, reverse=True), 1.0, "right")):
        if not values:
            continue
        shown = [fmt.number(v, 0 if abs(v) >= 100 else 1, lang) for v in values[:3]]
        text = ", ".join(shown) + (" …" if len(values) > 3 else "")
        fig.add_annotation(
            x=x,
            xref="paper",
            y=0.6,
            yref="paper",
            text=escape_html(f"← {text}" if anchor == "left" else f"{text} →"),
            showarrow=False,
            xanchor=anchor,
            bgcolor="rgba(255,255,255,0.85)",
            font=dict(color="#7a4a00"),  # the guesses' colour, darkened to 7:1 on white
        )


def projection_chart(
    history: pd.Series,
    forecast: pd.DataFrame | None,
    name: str,
    lang: str,
    y_title: str,
    *,
    guesses_median: float | None = None,
    guess_year: int | None = None,
    guess_label: str = "",
    height: int = 420,
    big: bool = False,
    reference: tuple[int, float, str] | None = None,
) -> go.Figure:
    """Observed line (year index → value) and, when given, the dashed projection with its 80/95 % bands.

    reference: (year, value, label) of the official projection, drawn as a square marker.
    """
    fig = go.Figure()
    if forecast is not None and not forecast.empty:
        years = forecast[YEAR].tolist()
        last_year, last_value = int(history.index.max()), float(history.iloc[-1])
        x = [last_year, *years]
        for lower, upper, alpha in (
            (INTERVAL_COLUMNS[2], INTERVAL_COLUMNS[3], 0.35),
            (INTERVAL_COLUMNS[0], INTERVAL_COLUMNS[1], 0.8),
        ):
            fig.add_trace(
                go.Scatter(
                    x=x + x[::-1],
                    y=[last_value, *forecast[upper]] + [*forecast[lower]][::-1] + [last_value],
                    fill="toself",
                    mode="lines",
                    fillcolor=BAND_COLOUR,
                    opacity=alpha,
                    line=dict(width=0),
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[last_value, *forecast[MEAN]],
                mode="lines",
                line=dict(color=MUNICIPALITY_COLOUR, width=3, dash="dash"),
                name=name,
                showlegend=False,
                hovertemplate="%{x}: %{y}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[int(y) for y in history.index],
            y=history.tolist(),
            mode="lines+markers" if len(history) < 4 else "lines",
            line=dict(color=MUNICIPALITY_COLOUR, width=4),
            name=name,
            showlegend=False,
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    # The axis is the history, both bands and the official figure: a typo in the room's guesses (a median of
    # 687 500 for a town of 126 000) must not squash the band into a flat line. A median off the axis is an
    # arrow at its edge with the value written out.
    axis = value_range(
        [
            *history.tolist(),
            *([] if forecast is None else [v for c in INTERVAL_COLUMNS[2:4] for v in forecast[c].tolist()]),
            *([] if forecast is None else forecast[MEAN].tolist()),
            *([] if reference is None else [reference[1]]),
        ]
    )
    if guesses_median is not None and guess_year is not None and np.isfinite(guesses_median):
        side = 0 if axis is None else off_range(guesses_median, axis)
        label = escape_html(guess_label)
        if side:
            from foresight import format as fmt

            arrow = "↑" if side > 0 else "↓"
            decimals = 0 if abs(guesses_median) >= 100 else 1
            label = f"{label} {escape_html(fmt.number(guesses_median, decimals, lang))} {arrow}"
        fig.add_trace(
            go.Scatter(
                x=[guess_year],
                y=[guesses_median if not side else axis[1] if side > 0 else axis[0]],  # type: ignore[index]
                mode="markers+text",
                marker=dict(
                    color=GUESS_COLOUR,
                    size=18 if big else 13,
                    symbol="diamond" if not side else "triangle-up" if side > 0 else "triangle-down",
                ),
                text=[label],
                # beyond the edge, in the margin, so it cannot run over the official figure's label
                textposition="middle left" if not side else "top left" if side > 0 else "bottom left",
                cliponaxis=False,
                showlegend=False,
                customdata=[guesses_median],
                hovertemplate="%{x}: %{customdata:,.0f}<extra></extra>",
            )
        )
    if reference is not None:
        fig.add_trace(
            go.Scatter(
                x=[reference[0]],
                y=[reference[1]],
                mode="markers+text",
                marker=dict(color="#0b1220", size=16 if big else 12, symbol="square"),
                text=[escape_html(reference[2])],
                textposition="middle left",  # beside the marker: above it would leave the plot at the top
                showlegend=False,
                hovertemplate="%{x}: %{y}<extra></extra>",
            )
        )
    _layout(fig, lang, height, showlegend=False)
    fig.update_xaxes(tickformat="d", showgrid=False)
    fig.update_yaxes(title_text=y_title, gridcolor=GRID)
    if axis is not None and (guesses_median is not None or reference is not None):
        fig.update_yaxes(range=list(axis))
        if guesses_median is not None and off_range(guesses_median, axis):
            room = 2 * (BIG_FONT if big else 14)  # the median's label sits in the margin beyond the arrow
            top, bottom = fig.layout.margin.t or 0, fig.layout.margin.b or 0
            if guesses_median > axis[1]:
                fig.update_layout(margin_t=max(top, room))
            else:
                fig.update_layout(margin_b=max(bottom, room))
    _thousands(
        fig, [*history.tolist(), *([] if forecast is None else forecast[INTERVAL_COLUMNS[3]].tolist())]
    )
    return _font(fig, big)


def scenario_lines(
    series: pd.DataFrame,
    names: Mapping[str, str],
    lang: str,
    y_title: str,
    *,
    height: int = 420,
    big: bool = False,
    actual: pd.Series | None = None,
    actual_label: str = "",
) -> go.Figure:
    """One line per scenario (scenario, year, value); the baseline solid blue, the others dashed.

    actual: the counted population (year index → value), drawn solid black with markers beside them.
    """
    dashes: Sequence[str] = ("dash", "dot", "dashdot", "longdash")
    colours = SERIES_COLOURS
    fig = go.Figure()
    others = 0
    for scenario_id, part in series.groupby("scenario", sort=False):
        is_base = scenario_id == "baseline"
        fig.add_trace(
            go.Scatter(
                x=part[YEAR].tolist(),
                y=part["value"].tolist(),
                mode="lines",
                name=escape_html(names.get(str(scenario_id), str(scenario_id))),
                line=dict(
                    color=MUNICIPALITY_COLOUR if is_base else colours[others % len(colours)],
                    width=4 if is_base else 3,
                    dash="solid" if is_base else dashes[others % len(dashes)],
                ),
                hovertemplate="%{x}: %{y}<extra></extra>",
            )
        )
        others += 0 if is_base else 1
    if actual is not None and not actual.empty:
        fig.add_trace(
            go.Scatter(
                x=[int(y) for y in actual.index],
                y=actual.tolist(),
                mode="lines+markers",
                name=escape_html(actual_label),
                line=dict(color="#0b1220", width=3),
                marker=dict(size=7, symbol="circle"),
                hovertemplate="%{x}: %{y}<extra></extra>",
            )
        )
    _layout(fig, lang, height)
    fig.update_xaxes(tickformat="d", showgrid=False)
    fig.update_yaxes(title_text=y_title)
    _thousands(fig, series["value"].tolist())
    return _font(fig, big)


def scenario_bars(
    names: Sequence[str],
    values: Sequence[float],
    lang: str,
    *,
    reference: float,
    reference_label: str,
    actual: float | None,
    actual_label: str,
    height: int = 420,
    big: bool = False,
) -> go.Figure:
    """The room's scenarios as dots at their population in one year, each labelled with its number; the
    official projection a solid line and the latest count a dotted one, both named.

    Dots rather than bars: the axis does not start at zero, and a bar's length would overstate the gaps.
    """
    from foresight import format as fmt

    labels = [escape_html(n if len(n) <= 40 else n[:39] + "…") for n in names]
    ys = list(range(len(values)))[::-1]  # by position: two scenarios may carry the same name
    fig = go.Figure(
        go.Scatter(
            x=list(values),
            y=ys,
            mode="markers+text",
            marker=dict(
                color=GUESS_COLOUR, size=22 if big else 16, symbol="circle", line=dict(color="white", width=2)
            ),
            text=[fmt.number(v, 0, lang) for v in values],
            # beside the dot on the wall, so a row is one line high and a dozen scenarios fit one screen
            textposition="middle right" if big else "top center",
            textfont=dict(size=BIG_FONT - 6) if big else None,  # 20 px: a dozen rows of 720 px stay apart
            cliponaxis=False,
            hovertemplate="%{x}<extra></extra>",
            showlegend=False,
        )
    )
    # two named lines above the plot, one above the other: room for both (on the wall a line is 26 px high)
    _layout(fig, lang, height, showlegend=False, margin=dict(l=10, r=20, t=80 if big else 50, b=10))
    fig.update_yaxes(tickvals=ys, ticktext=labels, automargin=True, range=[-0.6, len(values) - 0.2])
    everything = [*values, reference, *([] if actual is None else [actual])]
    low, high = min(everything), max(everything)
    pad = (high - low) * 0.12 or high * 0.02
    # on the wall the numbers stand right of their dots: room for the rightmost one's number
    fig.update_xaxes(range=[low - pad, high + pad * (2 if big else 1)], tickformat=",.0f", gridcolor=GRID)
    middle = (low + high) / 2
    lines = [(reference, reference_label, MUNICIPALITY_COLOUR, "solid", 4, 0)]
    if (
        actual is not None
    ):  # a line of text higher (in px: a share of the plot would overlap on a short chart)
        lines.append((actual, actual_label, "#0b1220", "dot", 2, BIG_FONT + 6 if big else 20))
    for x, label, colour, dash, width, shift in lines:
        fig.add_vline(x=x, line=dict(color=colour, width=width, dash=dash))
        fig.add_annotation(
            x=x,
            y=1.0,
            yref="paper",
            yanchor="bottom",
            yshift=shift,
            xanchor="right" if x > middle else "left",  # the label grows into the plot, never off the edge
            showarrow=False,
            text=escape_html(f"{label} {fmt.number(x, 0, lang)}"),
            font=dict(color=colour),
        )
    return _font(fig, big)
