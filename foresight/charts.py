"""Every interactive figure, built with plotly.graph_objects in one place for one look.

The chosen municipality is always the same blue, peers grey, projections dashed with shaded intervals;
fonts are large enough for a meeting-room projector; numbers use the language's separators.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from foresight.format import plotly_separators
from foresight.svg import BAND_COLOUR, MUNICIPALITY_COLOUR, PEER_COLOUR, VERDICT_COLOURS

FONT = dict(family="Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif", size=16, color="#1f2933")
PEER_LINE_COLOURS = ("#7b8794", "#9aa5b1", "#616e7c", "#52606d", "#3e4c59")
MEDIAN_COLOUR = "#3e4c59"
OUTLINE_COLOUR = "#1f2933"
MAP_SCALE = "Blues"  # sequential; reversed when lower is better so darker always means "better"

__all__ = ["MUNICIPALITY_COLOUR", "PEER_COLOUR", "VERDICT_COLOURS"]


def _layout(fig: go.Figure, lang: str, height: int, **extra: Any) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        font=FONT,
        separators=plotly_separators(lang),
        height=height,
        margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        hoverlabel=dict(font_size=16),
        **extra,
    )
    return fig


def history(
    years: Sequence[int], values: Sequence[float], name: str, lang: str, height: int = 160
) -> go.Figure:
    """A small history line for one municipality (the at-a-glance cards)."""
    fig = go.Figure(
        go.Scatter(
            x=list(years),
            y=list(values),
            mode="lines+markers" if len(years) < 3 else "lines",
            line=dict(color=MUNICIPALITY_COLOUR, width=3),
            name=name,
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    _layout(fig, lang, height, showlegend=False, margin=dict(l=0, r=0, t=5, b=0))
    fig.update_xaxes(showgrid=False, tickformat="d", nticks=4)
    fig.update_yaxes(nticks=3)
    return fig


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
        x = list(peer_band.index)
        for low, high, key, opacity in (("min", "max", "range", 0.35), ("q1", "q3", "iqr", 0.8)):
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=peer_band[low],
                    mode="lines",
                    line=dict(width=0),
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=peer_band[high],
                    mode="lines",
                    line=dict(width=0),
                    fill="tonexty",
                    fillcolor=_rgba(BAND_COLOUR if key == "range" else PEER_COLOUR, opacity),
                    name=labels[key],
                    hoverinfo="skip",
                )
            )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=peer_band["median"],
                mode="lines",
                name=labels["median"],
                line=dict(color=MEDIAN_COLOUR, width=2, dash="dot"),
            )
        )
    for i, (peer, values) in enumerate((selected or {}).items()):
        fig.add_trace(
            go.Scatter(
                x=list(values.index),
                y=list(values),
                mode="lines",
                name=peer,
                line=dict(color=PEER_LINE_COLOURS[i % len(PEER_LINE_COLOURS)], width=1.5),
            )
        )
    fig.add_trace(
        go.Scatter(
            x=list(own.index),
            y=list(own),
            mode="lines+markers",
            name=name,
            line=dict(color=MUNICIPALITY_COLOUR, width=4),
            marker=dict(size=6),
        )
    )
    _layout(fig, lang, height, hovermode="x unified")
    fig.update_xaxes(tickformat="d")
    fig.update_yaxes(title=y_title)
    return fig


def ranking_bar(
    frame: pd.DataFrame, code: str, lang: str, value_title: str = "", height: int | None = None
) -> go.Figure:
    """Horizontal bars of peers' values, best at the top, the municipality in its own colour.

    `frame` has columns municipality, name, value, rank (best first).
    """
    colours = [MUNICIPALITY_COLOUR if c == code else PEER_COLOUR for c in frame["municipality"]]
    fig = go.Figure(
        go.Bar(
            x=frame["value"],
            y=[f"{r}. {n}" for r, n in zip(frame["rank"], frame["name"], strict=True)],
            orientation="h",
            marker_color=colours,
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    _layout(fig, lang, height or max(260, 28 * len(frame) + 60), showlegend=False)
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title=value_title)
    return fig


def choropleth(
    geojson: Mapping[str, Any],
    values: pd.Series,
    names: Mapping[str, str],
    code: str,
    members: Sequence[str],
    lang: str,
    polarity: int,
    value_title: str = "",
    zoom_to_peers: bool = False,
    height: int = 640,
) -> go.Figure:
    """Finland by municipality coloured by value; peers outlined, the municipality outlined strongly.

    Outlines reuse only the features they need, so the figure stays small (the whole map is sent once).
    """
    features = {f["properties"]["code"]: f for f in geojson["features"]}
    codes = [c for c in features if c in values.index]
    fig = go.Figure(
        go.Choropleth(
            geojson=geojson,
            featureidkey="properties.code",
            locations=codes,
            z=[float(values[c]) for c in codes],
            text=[names.get(c, c) for c in codes],
            colorscale=MAP_SCALE,
            reversescale=polarity == -1,
            marker_line_width=0.2,
            marker_line_color="white",
            colorbar=dict(title=dict(text=value_title, side="right"), thickness=14, len=0.6),
            hovertemplate="%{text}: %{z}<extra></extra>",
        )
    )
    no_data = [c for c in features if c not in values.index]
    for part, line, width in (
        (no_data, "#c7ccd1", 0.2),
        (list(members), OUTLINE_COLOUR, 1.6),
        ([code], "#e8590c", 3.5),
    ):
        subset = [c for c in part if c in features]
        if not subset:
            continue
        fig.add_trace(
            go.Choropleth(
                geojson={"type": "FeatureCollection", "features": [features[c] for c in subset]},
                featureidkey="properties.code",
                locations=subset,
                z=[0] * len(subset),
                text=[names.get(c, c) for c in subset],
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]
                if part is not no_data
                else [[0, "#eceff1"], [1, "#eceff1"]],
                showscale=False,
                marker_line_color=line,
                marker_line_width=width,
                hoverinfo="skip" if part is not no_data else "text",
            )
        )
    focus = [code, *members] if zoom_to_peers else list(features)
    fig.update_geos(
        visible=False,
        projection_type="mercator",
        fitbounds="locations" if not zoom_to_peers else False,
        **_bounds([features[c] for c in focus if c in features]),
    )
    _layout(fig, lang, height, margin=dict(l=0, r=0, t=0, b=0), showlegend=False)
    return fig


def _bounds(features: list[Mapping[str, Any]]) -> dict[str, Any]:
    """Longitude/latitude ranges around the given features, padded a little."""
    xs: list[float] = []
    ys: list[float] = []
    for feature in features:
        _collect(feature["geometry"]["coordinates"], xs, ys)
    if not xs:
        return {}
    pad_x, pad_y = (max(xs) - min(xs)) * 0.08 + 0.1, (max(ys) - min(ys)) * 0.08 + 0.05
    return dict(
        lonaxis_range=[min(xs) - pad_x, max(xs) + pad_x], lataxis_range=[min(ys) - pad_y, max(ys) + pad_y]
    )


def _collect(coords: Any, xs: list[float], ys: list[float]) -> None:
    if coords and isinstance(coords[0], (int, float)):
        xs.append(float(coords[0]))
        ys.append(float(coords[1]))
        return
    for item in coords:
        _collect(item, xs, ys)


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
