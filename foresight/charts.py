"""Every interactive figure, built with plotly.graph_objects in one place for one look.

The chosen municipality is always the same blue, peers grey, projections dashed with shaded intervals;
fonts are large enough for a meeting-room projector; numbers use the language's separators.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from foresight.format import MINUS, NBSP, plotly_separators, with_gaps
from foresight.svg import BAND_COLOUR, MUNICIPALITY_COLOUR, PEER_COLOUR, VERDICT_COLOURS

FONT = dict(family="Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif", size=16, color="#1f2933")
PEER_LINE_COLOURS = ("#7b8794", "#9aa5b1", "#616e7c", "#52606d", "#3e4c59")
MEDIAN_COLOUR = "#3e4c59"
OUTLINE_COLOUR = "#1f2933"
GRID = "#e4e7eb"

__all__ = ["MUNICIPALITY_COLOUR", "PEER_COLOUR", "VERDICT_COLOURS"]

# Ticks and hover values as tables write them, with the layout's separators: "250 000" and "1 000" (fi, sv),
# "250,000" (en), never plotly's SI "250k" nor an unseparated "1000". A year axis sets tickformat "d",
# which plotly applies instead of these, so years stay "2025".
NUMBER_AXIS: dict[str, Any] = dict(exponentformat="none", separatethousands=True)


def _layout(
    fig: go.Figure,
    lang: str,
    height: int,
    xaxis: dict[str, Any] | None = None,
    yaxis: dict[str, Any] | None = None,
    **extra: Any,
) -> go.Figure:
    """Set the whole layout in one assignment (update_layout/update_xaxes cost ~10× more per call)."""
    settings: dict[str, Any] = dict(
        # No named template: copying plotly_white costs ~100 ms per figure; these few settings give the look.
        template="none",
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=dict(gridcolor=GRID, linecolor=GRID, zeroline=False, automargin=True, **NUMBER_AXIS),
        yaxis=dict(gridcolor=GRID, linecolor=GRID, zeroline=False, automargin=True, **NUMBER_AXIS),
        font=FONT,
        separators=plotly_separators(lang),
        height=height,
        margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        hoverlabel=dict(font_size=16),
    )
    settings["xaxis"] |= xaxis or {}
    settings["yaxis"] |= yaxis or {}
    fig.layout = go.Layout(settings | extra)
    return fig


def history(
    years: Sequence[int], values: Sequence[float], name: str, lang: str, height: int = 160
) -> go.Figure:
    """A small history line for one municipality (the at-a-glance cards)."""
    xs, ys = with_gaps(years, values)
    fig = go.Figure(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines+markers",
            marker=dict(size=4),
            line=dict(color=MUNICIPALITY_COLOUR, width=3),
            name=name,
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    _layout(
        fig,
        lang,
        height,
        xaxis=dict(showgrid=False, tickformat="d", nticks=4),
        yaxis=dict(nticks=3),
        showlegend=False,
        margin=dict(l=0, r=0, t=5, b=0),
    )
    return fig


SHORT_SPAN = 6  # up to this many years between the first and last, every year gets its tick


def year_axis(years: Sequence[object]) -> dict[str, Any]:
    """An x axis of whole years: over a short span plotly would put ticks at half years, which a year
    format prints as '2020 2021 2021 2022', so every year gets exactly one tick there."""
    axis: dict[str, Any] = dict(tickformat="d")
    whole = [int(y) for y in years]  # type: ignore[call-overload]
    if whole and max(whole) - min(whole) <= SHORT_SPAN:
        axis |= dict(tickmode="linear", tick0=min(whole), dtick=1)
    return axis


def band(
    own: pd.Series,
    peer_band: pd.DataFrame,
    name: str,
    lang: str,
    labels: Mapping[str, str],
    selected: Mapping[str, pd.Series] | None = None,
    y_title: str = "",
    height: int = 460,
) -> go.Figure:
    """The municipality's series against its peers' min–max range, interquartile range and median."""
    fig = go.Figure()
    if not peer_band.empty:
        # One band per run of consecutive years: a year without data breaks the band, never bridges it.
        years = [int(y) for y in peer_band.index]
        runs = [0, *[i for i in range(1, len(years)) if years[i] - years[i - 1] > 1], len(years)]
        for low, high, key, opacity in (("min", "max", "range", 0.35), ("q1", "q3", "iqr", 0.8)):
            colour = _rgba(BAND_COLOUR if key == "range" else PEER_COLOUR, opacity)
            for n, (a, b) in enumerate(zip(runs[:-1], runs[1:], strict=True)):
                part = peer_band.iloc[a:b]
                if len(part) == 1:  # a year alone: the range as a vertical bar, as a band has no width
                    year = int(part.index[0])
                    line = dict(color=colour, width=18 if key == "range" else 10)
                    fig.add_trace(
                        go.Scatter(
                            x=[year, year],
                            y=[part[low].iloc[0], part[high].iloc[0]],
                            mode="lines",
                            line=line,
                            name=labels[key],
                            showlegend=False,
                            hoverinfo="skip",
                        )
                    )
                    continue
                add_band(fig, list(part.index), part[low], part[high], colour, labels[key])
                if n:
                    fig.data[-1].showlegend = False
        x, median = with_gaps(years, list(peer_band["median"]))
        fig.add_trace(
            go.Scatter(
                x=x,
                y=median,
                mode="lines+markers",
                marker=dict(size=4, color=MEDIAN_COLOUR),
                name=labels["median"],
                line=dict(color=MEDIAN_COLOUR, width=2, dash="dot"),
            )
        )
    for i, (peer, values) in enumerate((selected or {}).items()):
        xs, ys = with_gaps(list(values.index), list(values))
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=peer,
                line=dict(color=PEER_LINE_COLOURS[i % len(PEER_LINE_COLOURS)], width=1.5),
            )
        )
    own_x, own_y = with_gaps(list(own.index), list(own))
    fig.add_trace(
        go.Scatter(
            x=own_x,
            y=own_y,
            mode="lines+markers",
            name=name,
            line=dict(color=MUNICIPALITY_COLOUR, width=4),
            marker=dict(size=6),
        )
    )
    all_years = [*own.index, *peer_band.index, *(y for v in (selected or {}).values() for y in v.index)]
    _layout(fig, lang, height, xaxis=year_axis(all_years), yaxis=dict(title=y_title), hovermode="x unified")
    return fig


def ranking_bar(
    frame: pd.DataFrame, code: str, lang: str, value_title: str = "", height: int | None = None
) -> go.Figure:
    """Horizontal bars of peers' values, best at the top, the municipality in its own colour.

    `frame` has columns municipality, name, value, rank (best first).
    """
    own = [c == code for c in frame["municipality"]]
    colours = [MUNICIPALITY_COLOUR if o else PEER_COLOUR for o in own]
    labels = [f"{r}. {n}" for r, n in zip(frame["rank"], frame["name"], strict=True)]
    fig = go.Figure(
        go.Bar(
            x=frame["value"],
            # Colour alone must not carry the highlight (WCAG 1.4.1): bold label, pointer and hatch too.
            y=[f"<b>{label} ◀</b>" if o else label for label, o in zip(labels, own, strict=True)],
            orientation="h",
            marker=dict(
                color=colours,
                pattern=dict(shape=["/" if o else "" for o in own], fgcolor="white", fillmode="overlay"),
            ),
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    _layout(
        fig,
        lang,
        height or max(260, 28 * len(frame) + 60),
        xaxis=dict(title=value_title),
        yaxis=dict(autorange="reversed", automargin=True),
        showlegend=False,
    )
    return fig


Shapes = Mapping[str, tuple[np.ndarray, np.ndarray]]


def outlines(geojson: Mapping[str, Any]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per municipality code, its rings as x and y arrays separated by NaN (ready for one scatter trace)."""
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        xs: list[float | None] = []
        ys: list[float | None] = []
        for polygon in polygons:
            for ring in polygon:
                xs.extend(p[0] for p in ring)
                ys.extend(p[1] for p in ring)
                xs.append(None)
                ys.append(None)
        # float32 halves the figure (plotly sends arrays as binary); it keeps the source's 3 decimals exactly enough.
        out[str(feature["properties"]["code"])] = (
            np.array(xs, dtype=np.float32),
            np.array(ys, dtype=np.float32),
        )
    return out


def classes(values: pd.Series, n: int = 5) -> list[float]:
    """Class breaks at quantiles of the values (distinct, rising); a classed map reads better than a gradient."""
    breaks = sorted(set(float(v) for v in values.quantile([i / n for i in range(n + 1)]).round(10)))
    return breaks if len(breaks) > 1 else [breaks[0], breaks[0]] if breaks else []


def choropleth(
    shapes: Shapes,
    values: pd.Series,
    names: Mapping[str, str],
    code: str,
    members: Sequence[str],
    lang: str,
    polarity: int,
    decimals: int = 1,
    unit: str = "",
    labels: Mapping[str, tuple[float, float]] | None = None,
    zoom_to_peers: bool = False,
    no_data_label: str = "–",
    height: int = 680,
) -> go.Figure:
    """Finland by municipality in value classes; peers outlined dark, the municipality outlined orange.

    Drawn as filled polygons on plain axes (not plotly's geo or map subplots): those fetch base maps or
    need WebGL, which a meeting-room laptop offline or a headless test browser may not have.
    """
    from foresight.format import number

    # Classed on the values as shown, so two values that print alike never fall in different classes.
    shown = values.round(decimals)
    breaks = classes(shown.dropna())
    palette = list(BLUES if polarity != -1 else BLUES[::-1])
    fig = go.Figure()
    binned = pd.cut(shown, breaks, include_lowest=True, labels=False, duplicates="drop") if breaks else None
    n_classes = max(len(breaks) - 1, 1)
    for i in range(n_classes):
        in_class = (binned == i).to_numpy() if binned is not None else np.zeros(len(values), dtype=bool)
        codes = [c for c in values.index[in_class] if c in shapes]
        if not codes:
            continue
        colour = palette[round(i * (len(palette) - 1) / max(n_classes - 1, 1))]
        label = class_label(shown[in_class], decimals, lang, unit)
        _add_shapes(fig, shapes, codes, line=dict(color="white", width=0.4), fill=colour, name=label)
    known = values.dropna().index  # a row without a value is missing too, not left undrawn
    missing = [c for c in shapes if c not in known]
    if missing:
        # Hatched as well as grey: the palest class is close to grey, and colour alone must not tell them apart.
        _add_shapes(
            fig,
            shapes,
            missing,
            line=dict(color="white", width=0.4),
            fill="#e4e7eb",
            name=no_data_label,
            pattern=dict(shape="/", fgcolor="#7b8794", size=6, solidity=0.2),
        )
    for part, colour, width in ((list(members), OUTLINE_COLOUR, 1.6), ([code], "#e8590c", 3.5)):
        subset = [c for c in part if c in shapes]
        if subset:
            _add_shapes(fig, shapes, subset, line=dict(color=colour, width=width))
    if labels:
        hover = [c for c in shapes if c in labels]
        text = [f"{names.get(c, c)}: {number(values.get(c), decimals, lang)} {unit}".strip() for c in hover]
        fig.add_trace(
            go.Scatter(
                x=[labels[c][0] for c in hover],
                y=[labels[c][1] for c in hover],
                mode="markers",
                marker=dict(size=9, opacity=0),
                text=text,
                hovertemplate="%{text}<extra></extra>",
                showlegend=False,
            )
        )
    focus = [code, *members] if zoom_to_peers else list(shapes)
    xr, yr = _extent([shapes[c] for c in focus if c in shapes])
    _layout(
        fig,
        lang,
        height,
        # Finland spans latitudes ~60–70°: one degree of longitude is about cos(64°) ≈ 0.44 of one of latitude.
        xaxis=dict(visible=False, range=xr),
        yaxis=dict(visible=False, range=yr, scaleanchor="x", scaleratio=2.25),
        margin=dict(l=0, r=0, t=0, b=0),
        # Below the map: in its top corner the legend lay under the mode bar and over Lapland on a phone.
        legend=dict(
            orientation="h", x=0, xanchor="left", y=0, yanchor="top", bgcolor="rgba(255,255,255,0.8)"
        ),
    )
    return fig


def class_label(members: pd.Series, decimals: int, lang: str, unit: str = "") -> str:
    """A map class as its own lowest and highest value ('2 218–4 204 as.'): the next class starts above it,
    so no bound is printed twice; a class of one value is that value."""
    from foresight.format import number

    low, high = (number(v, decimals, lang) for v in (members.min(), members.max()))
    text = low if low == high else f"{low} – {high}" if MINUS in low + high else f"{low}–{high}"
    return f"{text}{NBSP}{unit}" if unit else text


BLUES = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")


def _add_shapes(
    fig: go.Figure,
    shapes: Shapes,
    codes: Sequence[str],
    line: dict[str, Any],
    fill: str = "",
    name: str = "",
    pattern: dict[str, Any] | None = None,
) -> None:
    """One trace for many municipalities: filled (with a legend entry) when `fill` is given, else outlines."""
    xs, ys = _join(shapes, codes)
    filled: dict[str, Any] = (
        dict(fill="toself", fillcolor=fill, name=name) if fill else dict(showlegend=False)
    )
    if fill and pattern:
        filled["fillpattern"] = dict(bgcolor=fill, **pattern)
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=line, hoverinfo="skip", **filled))


def _join(shapes: Shapes, codes: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    # numpy arrays: plotly validates them in one step, where long lists cost ~100 ms per map.
    return (np.concatenate([shapes[c][0] for c in codes]), np.concatenate([shapes[c][1] for c in codes]))


def _extent(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[list[float], list[float]]:
    if not parts:
        return [19.0, 32.0], [59.5, 70.2]
    xs = np.concatenate([p[0] for p in parts])
    ys = np.concatenate([p[1] for p in parts])
    x0, x1, y0, y1 = np.nanmin(xs), np.nanmax(xs), np.nanmin(ys), np.nanmax(ys)
    px, py = (x1 - x0) * 0.06 + 0.05, (y1 - y0) * 0.06 + 0.03
    return [float(x0 - px), float(x1 + px)], [float(y0 - py), float(y1 + py)]


def add_band(
    fig: go.Figure, x: Sequence[Any], low: Sequence[float], high: Sequence[float], fill: str, name: str
) -> None:
    """A shaded area between two lines (an interval or a peer range), legend entry `name`."""
    fig.add_trace(
        go.Scatter(
            x=list(x), y=list(low), mode="lines", line=dict(width=0), showlegend=False, hoverinfo="skip"
        )
    )
    fig.add_trace(
        go.Scatter(
            x=list(x),
            y=list(high),
            mode="lines",
            line=dict(width=0),
            fill="tonexty",
            fillcolor=fill,
            name=name,
            hoverinfo="skip",
        )
    )


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
