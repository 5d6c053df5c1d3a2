"""Figures of the scenario builder: population lines, overlaid age pyramids, service groups, movers, peers.

plotly.graph_objects only, with the shared look of foresight.charts: the official projection (baseline) is the
municipality's blue, dashed; each scenario has its own colour, dashed too, because every line is a projection.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from foresight.charts import MUNICIPALITY_COLOUR, PEER_COLOUR, _layout, _rgba
from foresight.columns import VALUE, YEAR

# Colour-blind-safe enough and far from the municipality blue: orange, green, purple, raspberry.
SCENARIO_COLOURS = ("#d9480f", "#2b8a3e", "#7048e8", "#c2255c")
BASELINE = "baseline"


def colours(keys: Sequence[str]) -> dict[str, str]:
    """A colour per scenario key; the baseline is always the municipality blue."""
    out, i = {}, 0
    for key in keys:
        if key == BASELINE:
            out[key] = MUNICIPALITY_COLOUR
        else:
            out[key] = SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]
            i += 1
    return out


def _hover(decimals: int) -> str:
    return f"%{{y:,.{decimals}f}}"


def lines(
    series: pd.DataFrame,
    names: Mapping[str, str],
    lang: str,
    *,
    history: pd.Series | None = None,
    history_label: str = "",
    published_label: str = "",
    y_title: str = "",
    decimals: int = 0,
    height: int = 420,
) -> go.Figure:
    """One measure over time: observed history, the baseline with its published years marked, and scenarios.

    `series` has columns scenario, year, value, published (foresight.scenario.time_series for one measure).
    """
    fig = go.Figure()
    if history is not None and not history.empty:
        fig.add_trace(
            go.Scatter(
                x=list(history.index),
                y=list(history),
                mode="lines",
                name=history_label,
                line=dict(color=MUNICIPALITY_COLOUR, width=4),
                hovertemplate=f"{history_label} %{{x}}: {_hover(decimals)}<extra></extra>",
            )
        )
    palette = colours(list(names))
    for key, label in names.items():
        part = series[series["scenario"] == key].sort_values(YEAR)
        if part.empty:
            continue
        is_base = key == BASELINE
        fig.add_trace(
            go.Scatter(
                x=part[YEAR],
                y=part[VALUE],
                mode="lines",
                name=label,
                line=dict(color=palette[key], width=3 if is_base else 4, dash="dash" if is_base else "dot"),
                hovertemplate=f"{label} %{{x}}: {_hover(decimals)}<extra></extra>",
            )
        )
        if is_base and published_label and "published" in part:
            pub = part[part["published"]]
            fig.add_trace(
                go.Scatter(
                    x=pub[YEAR],
                    y=pub[VALUE],
                    mode="markers",
                    name=published_label,
                    marker=dict(color=MUNICIPALITY_COLOUR, size=9, symbol="circle-open", line=dict(width=2)),
                    hoverinfo="skip",
                )
            )
    _layout(fig, lang, height, hovermode="x unified")
    fig.update_xaxes(tickformat="d")
    fig.update_yaxes(title=y_title, tickformat=",d" if decimals == 0 else None)
    return fig


def pyramid(
    frame: pd.DataFrame,
    names: Mapping[str, str],
    lang: str,
    *,
    x_title: str = "",
    y_title: str = "",
    height: int = 520,
) -> go.Figure:
    """Age structures overlaid: the baseline as light bars, each scenario as a line over the same age bands.

    `frame` is foresight.scenario.pyramids(...): scenario, age_group, age_start, value. The projection has no
    breakdown by sex, so the pyramid is one-sided (youngest at the bottom).
    """
    fig = go.Figure()
    palette = colours(list(names))
    order = frame.drop_duplicates("age_group").sort_values("age_start")["age_group"].tolist()
    for key, label in names.items():
        part = frame[frame["scenario"] == key].sort_values("age_start")
        if part.empty:
            continue
        if key == BASELINE:
            fig.add_trace(
                go.Bar(
                    x=part[VALUE],
                    y=part["age_group"],
                    orientation="h",
                    name=label,
                    marker=dict(
                        color=_rgba(MUNICIPALITY_COLOUR, 0.25), line=dict(color=MUNICIPALITY_COLOUR, width=1)
                    ),
                    hovertemplate=f"{label}, %{{y}}: %{{x:,.0f}}<extra></extra>",
                )
            )
        else:
            fig.add_trace(
                go.Scatter(
                    x=part[VALUE],
                    y=part["age_group"],
                    mode="lines+markers",
                    name=label,
                    line=dict(color=palette[key], width=3),
                    marker=dict(size=7),
                    hovertemplate=f"{label}, %{{y}}: %{{x:,.0f}}<extra></extra>",
                )
            )
    _layout(fig, lang, height, bargap=0.08, hovermode="y unified")
    fig.update_yaxes(categoryorder="array", categoryarray=order, title=y_title, tickfont=dict(size=13))
    fig.update_xaxes(title=x_title, tickformat=",d", rangemode="tozero")
    return fig


def group_change(
    frame: pd.DataFrame,
    lang: str,
    *,
    colour: str = SCENARIO_COLOURS[0],
    x_title: str = "",
    height: int = 380,
) -> go.Figure:
    """Change from the baseline by service age group in per cent; persons are in the two-line group labels.

    `frame` has columns label (short), detail (e.g. "7 370 (−682)"), hover (the long name), difference_pct,
    text (in display order, top first). Short labels leave the bars room on a phone.
    """
    values = frame["difference_pct"].fillna(0.0)
    ticks = [
        f"{a}<br><span style='font-size:13px'>{b}</span>"
        for a, b in zip(frame["label"], frame["detail"], strict=True)
    ]
    spread = max(float(values.abs().max()), 0.5)
    low = min(float(values.min()), 0.0) - 0.45 * spread
    high = max(float(values.max()), 0.0) + 0.45 * spread
    fig = go.Figure(
        go.Bar(
            x=values,
            y=ticks,
            orientation="h",
            marker=dict(color=colour),
            text=frame["text"],
            # inside long bars (clear of the group labels), outside short ones
            textposition=["inside" if abs(v) >= 0.4 * spread else "outside" for v in values],
            insidetextanchor="middle",
            constraintext="none",
            textfont=dict(size=15),
            insidetextfont=dict(color="white"),
            outsidetextfont=dict(color="#1f2933"),
            cliponaxis=False,
            customdata=frame["hover"],
            hovertemplate="%{customdata}: %{text}<extra></extra>",
        )
    )
    _layout(fig, lang, height, showlegend=False, margin=dict(l=10, r=10, t=10, b=10))
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=14))
    fig.update_xaxes(
        title=x_title,
        ticksuffix=" %",
        range=[low, high],
        zeroline=True,
        zerolinecolor="#52606d",
        zerolinewidth=2,
    )
    return fig


def movers(
    frame: pd.DataFrame, lang: str, *, persons: float = 0.0, x_title: str = "", height: int = 240
) -> go.Figure:
    """The age profile of added movers: share of movers by age band (and persons a year when the lever is set).

    `frame` is foresight.scenario.mover_profile_frame(baseline, band=5): age_group, age_start, share.
    """
    share = 100.0 * frame["share"]
    custom = (frame["share"] * persons).round().tolist()
    template = "%{x}: %{y:.1f} %"
    if persons:
        template += " · %{customdata:+,.0f}"
    fig = go.Figure(
        go.Bar(
            x=frame["age_group"],
            y=share,
            customdata=custom,
            marker=dict(color=PEER_COLOUR if not persons else SCENARIO_COLOURS[0]),
            hovertemplate=template + "<extra></extra>",
        )
    )
    _layout(fig, lang, height, showlegend=False, margin=dict(l=10, r=10, t=10, b=10))
    fig.update_xaxes(title=x_title, tickangle=-45, tickfont=dict(size=12), type="category")
    fig.update_yaxes(ticksuffix=" %", tickfont=dict(size=12))
    return fig


def peer_ranking(
    frame: pd.DataFrame,
    lang: str,
    *,
    x_title: str = "",
    height: int | None = None,
) -> go.Figure:
    """Population in one year: peers under the baseline in grey, the municipality under each scenario coloured.

    `frame` has columns label, value, colour (largest first).
    """
    fig = go.Figure(
        go.Bar(
            x=frame[VALUE],
            y=frame["label"],
            orientation="h",
            marker=dict(color=frame["colour"].tolist()),
            hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
        )
    )
    _layout(
        fig,
        lang,
        height or max(260, 26 * len(frame) + 60),
        showlegend=False,
        margin=dict(l=10, r=10, t=10, b=10),
    )
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=13))
    fig.update_xaxes(title=x_title, tickformat=",d")
    return fig
