"""Figures for the trends page: history and trend with its bands, the official population projection,
peers' projected values with whiskers, the projected rank distribution.

The municipality is always MUNICIPALITY_COLOUR, peers grey, the trend dashed with shaded 80 % and 95 %
bands (95 % lighter); Statistics Finland's projection is orange so it never reads as the trend.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from foresight.charts import GRID, MUNICIPALITY_COLOUR, PEER_COLOUR, _layout, _rgba
from foresight.columns import MEAN, YEAR
from foresight.format import with_gaps

# Editions published only for some years; the path between them is derived (see projection.official).
PUBLISHED_YEARS = {"2024": (2024, 2035, 2040)}

OFFICIAL_COLOURS = {"2019": "#c05621", "2024": "#7b2d0b"}  # annual line lighter, newest points darker
# Editions differ by more than their shade (WCAG 1.4.1): their own dash, and the older one's open circles.
OFFICIAL_DASH = {"2019": "dot", "2024": "dashdot"}
OFFICIAL_LINE_MARKER = {"2019": "circle-open"}
TARGET_COLOUR = "#1b7f3b"
LABEL_KEYS = ("history", "trend", "band_80", "band_95", "data_end", "target", "target_path")


def _fmt(decimals: int) -> str:
    # Plotly formats with the layout's separators: "123 456,7" in Finnish and Swedish.
    return f",.{max(decimals, 0)}f"


def trend(
    history: pd.Series,
    forecast: pd.DataFrame,
    lang: str,
    labels: Mapping[str, str],
    y_title: str = "",
    decimals: int = 0,
    official: pd.DataFrame | None = None,
    official_labels: Mapping[str, str] | None = None,
    target: tuple[int, float] | None = None,
    height: int = 520,
) -> go.Figure:
    """History (solid) and its trend (dashed) with 95 % and 80 % bands; official projection; target marker.

    history: values indexed by year (already cut to the years worth showing); forecast: year, mean,
    lower_80, upper_80, lower_95, upper_95; official: edition, year, official (drawn to the forecast's
    last year); target: (year, value). labels: see LABEL_KEYS.
    """
    fmt = _fmt(decimals)
    fig = go.Figure()
    last_year = int(history.index.max())
    last_value = float(history.loc[last_year])
    until = int(forecast[YEAR].max())
    # Bands start at the last observed point, so they open out of the history like a funnel.
    x = [last_year, *forecast[YEAR].astype(int)]
    add_bands(fig, x, last_value, forecast, labels, fmt)
    fig.add_trace(
        go.Scatter(
            x=x,
            y=[last_value, *forecast[MEAN]],
            mode="lines",
            name=labels["trend"],
            legendrank=2,
            line=dict(color=MUNICIPALITY_COLOUR, width=3.5, dash="dash"),
            hovertemplate=f"{labels['trend']}: %{{y:{fmt}}}<extra></extra>",
        )
    )
    hist_x, hist_y = with_gaps(list(history.index), list(history))
    fig.add_trace(
        go.Scatter(
            x=hist_x,
            y=hist_y,
            mode="lines+markers",
            name=labels["history"],
            legendrank=1,
            line=dict(color=MUNICIPALITY_COLOUR, width=4),
            marker=dict(size=6),
            hovertemplate=f"{labels['history']}: %{{y:{fmt}}}<extra></extra>",
        )
    )
    if official is not None and not official.empty:
        for edition in sorted(official["edition"].unique()):
            part = official[(official["edition"] == edition) & (official[YEAR] <= until)]
            if part.empty:
                continue
            annual = len(part) > 3
            name = (official_labels or {}).get(edition, edition)
            colour = OFFICIAL_COLOURS.get(edition, "#c05621")
            ring = OFFICIAL_LINE_MARKER.get(str(edition), "")
            fig.add_trace(
                go.Scatter(
                    x=list(part[YEAR]),
                    y=list(part["official"]),
                    mode=("lines+markers" if ring else "lines") if annual else "markers",
                    name=name,
                    legendrank=5 if annual else 6,
                    line=dict(color=colour, width=2.5, dash=OFFICIAL_DASH.get(str(edition), "dot")),
                    marker=(
                        dict(symbol=ring, size=8, color=colour, line=dict(color=colour, width=2))
                        if annual and ring
                        else dict(
                            symbol="diamond",
                            size=13,
                            color=OFFICIAL_COLOURS.get(edition, "#7b2d0b"),
                            line=dict(color="white", width=1.5),
                        )
                    ),
                    hovertemplate=f"{name}: %{{y:{fmt}}}<extra></extra>",
                )
            )
            published = part[part[YEAR].isin(PUBLISHED_YEARS.get(str(edition), ()))]
            if annual and not published.empty:  # the years the edition itself published, as diamonds
                fig.add_trace(
                    go.Scatter(
                        x=list(published[YEAR]),
                        y=list(published["official"]),
                        mode="markers",
                        name=name,
                        showlegend=False,
                        marker=dict(
                            symbol="diamond", size=11, color=OFFICIAL_COLOURS.get(edition, "#7b2d0b")
                        ),
                        hovertemplate=f"{name}: %{{y:{fmt}}}<extra></extra>",
                    )
                )
    if target is not None:
        year, value = target
        fig.add_trace(
            go.Scatter(
                x=[last_year, year],
                y=[last_value, value],
                mode="lines",
                name=labels["target_path"],
                legendrank=8,
                line=dict(color=TARGET_COLOUR, width=2, dash="dot"),
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[year],
                y=[value],
                mode="markers",
                name=labels["target"],
                legendrank=7,
                marker=dict(symbol="star", size=22, color=TARGET_COLOUR, line=dict(color="white", width=1.5)),
                hovertemplate=f"{labels['target']}: %{{y:{fmt}}}<extra></extra>",
            )
        )
    start = int(history.index.min())
    _layout(
        fig,
        lang,
        height,
        xaxis=dict(tickformat="d", range=[start - 0.5, until + 0.7], showspikes=False),
        yaxis=dict(title=y_title, tickformat=fmt if decimals == 0 else None),
        hovermode="x unified",
        margin=dict(l=10, r=20, t=70, b=10),
        legend=dict(
            orientation="h",
            yanchor="bottom",
            y=1.02,
            xanchor="left",
            x=0,
            font=dict(size=15),
            traceorder="normal",
        ),
        shapes=[
            dict(
                type="line",
                xref="x",
                yref="paper",
                x0=last_year + 0.5,
                x1=last_year + 0.5,
                y0=0,
                y1=1,
                line=dict(color="#7b8794", width=1.5, dash="dot"),
            )
        ],
        annotations=[
            dict(
                x=last_year + 0.5,
                y=1,
                xref="x",
                yref="paper",
                text=labels["data_end"],
                showarrow=False,
                # Left of the line: the few projected years right of it leave no room on a phone.
                xanchor="right",
                yanchor="top",
                xshift=-4,
                font=dict(size=14, color="#52606d"),
                bgcolor="rgba(255,255,255,0.8)",
            )
        ],
    )
    return fig


def peer_ranking(
    values: pd.DataFrame,
    names: Mapping[str, str],
    code: str,
    lang: str,
    polarity: int = 0,
    decimals: int = 0,
    x_title: str = "",
    labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Each peer's projected value (dot) with its 80 % (thick) and 95 % (thin) interval, best first.

    values: index municipality, columns mean, lower_80, upper_80, lower_95, upper_95 (peers.peer_values).
    """
    fmt = _fmt(decimals)
    order = values.sort_values(MEAN, ascending=polarity == -1)
    rows = [f"<b>{names.get(c, c)}</b>" if c == code else str(names.get(c, c)) for c in order.index]
    label = dict(labels or {})
    fig = go.Figure()
    for is_self in (False, True):
        sel = (order.index == code) == is_self
        part = order[sel]
        y = [r for r, s in zip(rows, sel, strict=True) if s]
        colour = MUNICIPALITY_COLOUR if is_self else PEER_COLOUR
        for level, thickness, alpha in ((95, 1.5, 0.8), (80, 7, 0.45 if not is_self else 0.5)):
            fig.add_trace(
                go.Scatter(
                    x=part[MEAN],
                    y=y,
                    mode="markers",
                    marker=dict(size=0.1, color=colour),
                    error_x=dict(
                        type="data",
                        symmetric=False,
                        array=part[f"upper_{level}"] - part[MEAN],
                        arrayminus=part[MEAN] - part[f"lower_{level}"],
                        thickness=thickness,
                        width=3 if level == 95 else 0,
                        color=_rgba(colour, alpha) if level == 80 else colour,
                    ),
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
        fig.add_trace(
            go.Scatter(
                x=part[MEAN],
                y=y,
                mode="markers",
                marker=dict(size=13 if is_self else 10, color=colour, line=dict(color="white", width=1.5)),
                showlegend=False,
                customdata=part[["lower_80", "upper_80", "lower_95", "upper_95"]].to_numpy(),
                hovertemplate=(
                    f"%{{y}}: %{{x:{fmt}}}<br>{label.get('band_80', '80 %')}: "
                    f"%{{customdata[0]:{fmt}}} – %{{customdata[1]:{fmt}}}<br>{label.get('band_95', '95 %')}: "
                    f"%{{customdata[2]:{fmt}}} – %{{customdata[3]:{fmt}}}<extra></extra>"
                ),
            )
        )
    # Every dot stays in view; one peer's very wide band may run off the edge rather than squash the rest.
    low = min(float(order[MEAN].min()), float(order["lower_80"].quantile(0.1)))
    high = max(float(order[MEAN].max()), float(order["upper_80"].quantile(0.9)))
    pad = (high - low) * 0.05 or abs(high) * 0.05 or 1.0
    _layout(
        fig,
        lang,
        max(300, 30 * len(order) + 90),
        xaxis=dict(
            title=x_title,
            tickformat=fmt if decimals == 0 else None,
            side="top",
            range=[low - pad, high + pad],
        ),
        yaxis=dict(
            categoryorder="array",
            categoryarray=rows,
            autorange="reversed",
            automargin=True,
            showgrid=True,
            gridcolor=GRID,
        ),
        showlegend=False,
        margin=dict(l=10, r=20, t=50, b=10),
    )
    return fig


def rank_bars(
    distribution: pd.DataFrame, lang: str, x_title: str, y_title: str, most_likely: int | None = None
) -> go.Figure:
    """Probability of each rank (bars), the ranks that occur and one either side; the most likely darkest."""
    shown = distribution[distribution["probability"] >= 0.005]
    if shown.empty:
        shown = distribution
    lo = max(int(shown["rank"].min()) - 1, 1)
    hi = min(int(shown["rank"].max()) + 1, int(distribution["rank"].max()))
    part = distribution[(distribution["rank"] >= lo) & (distribution["rank"] <= hi)]
    best = most_likely if most_likely is not None else int(part.loc[part["probability"].idxmax(), "rank"])
    pct = (part["probability"] * 100).to_numpy()
    # Whole percents (draws, not exact probabilities); with many ranks the bars are too thin for labels.
    text = (
        [("<1" if 0 < p < 0.5 else f"{p:.0f}") + " %" if p > 0 else "" for p in pct]
        if len(pct) <= 12
        else None
    )
    colours = [MUNICIPALITY_COLOUR if r == best else _rgba(MUNICIPALITY_COLOUR, 0.4) for r in part["rank"]]
    fig = go.Figure(
        go.Bar(
            x=[str(int(r)) for r in part["rank"]],
            y=pct,
            marker_color=colours,
            text=text,
            textposition="outside",
            cliponaxis=False,
            textfont=dict(size=16),
            hovertemplate="%{x}: %{y:.0f} %<extra></extra>",
        )
    )
    _layout(
        fig,
        lang,
        340,
        xaxis=dict(title=x_title, type="category"),
        yaxis=dict(title=y_title, range=[0, max(float(pct.max()) * 1.2, 10)], ticksuffix=" %"),
        showlegend=False,
        margin=dict(l=10, r=10, t=40, b=10),
        bargap=0.25,
    )
    return fig


def shown_history(history: pd.Series, last_year: int, years_back: int = 20) -> pd.Series:
    """The history worth drawing beside a projection: about as many years back as it looks ahead."""
    return history[history.index >= last_year - years_back]


def add_bands(
    fig: go.Figure,
    x: list[int],
    last_value: float,
    forecast: pd.DataFrame,
    labels: Mapping[str, str],
    hover_fmt: str | None = None,
) -> None:
    """The 95 % and 80 % bands from the last observed point (a funnel out of the history).

    With `hover_fmt` the bands say their range on hover and sit in the legend's order; without, they are silent.
    """
    for level, opacity in ((95, 0.13), (80, 0.28)):
        lower = [last_value, *forecast[f"lower_{level}"]]
        upper = [last_value, *forecast[f"upper_{level}"]]
        fig.add_trace(
            go.Scatter(x=x, y=lower, mode="lines", line=dict(width=0), showlegend=False, hoverinfo="skip")
        )
        name = labels[f"band_{level}"]
        hover: dict[str, Any] = (
            dict(
                legendrank=3 if level == 80 else 4,
                customdata=np.column_stack([lower, upper]),
                hovertemplate=f"{name}: %{{customdata[0]:{hover_fmt}}} – %{{customdata[1]:{hover_fmt}}}<extra></extra>",
            )
            if hover_fmt
            else dict(hoverinfo="skip")
        )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=upper,
                mode="lines",
                line=dict(width=0),
                fill="tonexty",
                fillcolor=_rgba(MUNICIPALITY_COLOUR, opacity),
                name=name,
                **hover,
            )
        )
