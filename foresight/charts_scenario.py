"""Figures of the scenario builder: population lines, overlaid age pyramids, service groups, movers, peers.

plotly.graph_objects only, with the shared look of foresight.charts: the official projection (baseline) is the
municipality's blue, dashed; each scenario has its own colour, dashed too, because every line is a projection.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from foresight.charts import MUNICIPALITY_COLOUR, PEER_COLOUR, _layout, _rgba
from foresight.columns import VALUE, YEAR
from foresight.svg import SERIES_COLOURS

SCENARIO_COLOURS = SERIES_COLOURS  # colour-blind-safe and apart from the municipality blue (foresight/svg.py)
BASELINE = "baseline"


@cache
def _base(lang: str) -> dict[str, Any]:
    """The shared look of foresight.charts as a plain layout dict (built and validated once per language)."""
    return _layout(go.Figure(), lang, 400).layout.to_plotly_json()


def _merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        out[key] = (
            _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
        )
    return out


def _figure(data: list[dict[str, Any]], lang: str, height: int, **layout: Any) -> go.Figure:
    """A figure from plain trace and layout dicts, unvalidated.

    Validating property by property (add_trace, update_layout, update_axes) cost 100+ ms a figure on the shared
    2-core machine, most of a lever change's rerun; the builders here are checked against plotly's validators
    in the tests instead (tests/app/test_scenarios.py).
    """
    spec = _merge(_base(lang), {"height": height, **layout})
    return go.Figure(data=data, layout=spec, _validate=False)


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
    earlier: pd.Series | None = None,
    earlier_label: str = "",
    published_label: str = "",
    y_title: str = "",
    decimals: int = 0,
    height: int = 420,
) -> go.Figure:
    """One measure over time: observed history, the baseline with its published years marked, and scenarios.

    `series` has columns scenario, year, value, published (foresight.scenario.time_series for one measure).
    """
    data: list[dict[str, Any]] = []
    if history is not None and not history.empty:
        data.append(
            dict(
                type="scatter",
                x=[int(y) for y in history.index],
                y=[float(v) for v in history],
                mode="lines",
                name=history_label,
                line=dict(color=MUNICIPALITY_COLOUR, width=4),
                hovertemplate=f"{history_label} %{{x}}: {_hover(decimals)}<extra></extra>",
            )
        )
    if earlier is not None and not earlier.empty:
        # An older official projection beside what happened since: how far it has been off so far.
        data.append(
            dict(
                type="scatter",
                x=[int(y) for y in earlier.index],
                y=[float(v) for v in earlier],
                mode="lines",
                name=earlier_label,
                line=dict(color="#5f6b7a", width=2, dash="dot"),
                hovertemplate=f"{earlier_label} %{{x}}: {_hover(decimals)}<extra></extra>",
            )
        )
    palette = colours(list(names))
    for key, label in names.items():
        part = series[series["scenario"] == key].sort_values(YEAR)
        if part.empty:
            continue
        is_base = key == BASELINE
        data.append(
            dict(
                type="scatter",
                x=part[YEAR].tolist(),
                y=part[VALUE].tolist(),
                mode="lines",
                name=label,
                line=dict(color=palette[key], width=3 if is_base else 4, dash="dash" if is_base else "dot"),
                hovertemplate=f"{label} %{{x}}: {_hover(decimals)}<extra></extra>",
            )
        )
        if is_base and published_label and "published" in part:
            pub = part[part["published"]]
            data.append(
                dict(
                    type="scatter",
                    x=pub[YEAR].tolist(),
                    y=pub[VALUE].tolist(),
                    mode="markers",
                    name=published_label,
                    marker=dict(color=MUNICIPALITY_COLOUR, size=9, symbol="circle-open", line=dict(width=2)),
                    hoverinfo="skip",
                )
            )
    return _figure(
        data,
        lang,
        height,
        hovermode="x unified",
        xaxis=dict(tickformat="d"),
        yaxis=dict(title=dict(text=y_title), tickformat=",d" if decimals == 0 else ""),
    )


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
    data: list[dict[str, Any]] = []
    palette = colours(list(names))
    order = frame.drop_duplicates("age_group").sort_values("age_start")["age_group"].tolist()
    for key, label in names.items():
        part = frame[frame["scenario"] == key].sort_values("age_start")
        if part.empty:
            continue
        common = dict(
            x=part[VALUE].tolist(),
            y=part["age_group"].tolist(),
            name=label,
            hovertemplate=f"{label}, %{{y}}: %{{x:,.0f}}<extra></extra>",
        )
        if key == BASELINE:
            data.append(
                dict(
                    type="bar",
                    orientation="h",
                    marker=dict(
                        color=_rgba(MUNICIPALITY_COLOUR, 0.25), line=dict(color=MUNICIPALITY_COLOUR, width=1)
                    ),
                    **common,
                )
            )
        else:
            data.append(
                dict(
                    type="scatter",
                    mode="lines+markers",
                    line=dict(color=palette[key], width=3),
                    marker=dict(size=7),
                    **common,
                )
            )
    return _figure(
        data,
        lang,
        height,
        bargap=0.08,
        hovermode="y unified",
        yaxis=dict(
            categoryorder="array", categoryarray=order, title=dict(text=y_title), tickfont=dict(size=13)
        ),
        xaxis=dict(title=dict(text=x_title), tickformat=",d", rangemode="tozero"),
    )


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
    bar = dict(
        type="bar",
        x=values.tolist(),
        y=ticks,
        orientation="h",
        marker=dict(color=colour),
        text=frame["text"].tolist(),
        # inside long bars (clear of the group labels), outside short ones
        textposition=["inside" if abs(v) >= 0.4 * spread else "outside" for v in values],
        insidetextanchor="middle",
        constraintext="none",
        textfont=dict(size=15),
        insidetextfont=dict(color="white"),
        outsidetextfont=dict(color="#1f2933"),
        cliponaxis=False,
        customdata=frame["hover"].tolist(),
        hovertemplate="%{customdata}: %{text}<extra></extra>",
    )
    return _figure(
        [bar],
        lang,
        height,
        showlegend=False,
        margin=dict(l=10, r=10, t=10, b=10),
        yaxis=dict(autorange="reversed", tickfont=dict(size=14)),
        xaxis=dict(
            title=dict(text=x_title),
            ticksuffix=" %",
            range=[low, high],
            zeroline=True,
            zerolinecolor="#52606d",
            zerolinewidth=2,
        ),
    )


def movers(
    frame: pd.DataFrame, lang: str, *, persons: float = 0.0, x_title: str = "", height: int = 240
) -> go.Figure:
    """The age profile of added movers: share of movers by age band (and persons a year when the lever is set).

    `frame` is foresight.scenario.mover_profile_frame(baseline, band=5): age_group, age_start, share.
    """
    share = (100.0 * frame["share"]).tolist()
    custom = (frame["share"] * persons).round().tolist()
    template = "%{x}: %{y:.1f} %"
    if persons:
        template += " · %{customdata:+,.0f}"
    bar = dict(
        type="bar",
        x=frame["age_group"].tolist(),
        y=share,
        customdata=custom,
        marker=dict(color=PEER_COLOUR if not persons else SCENARIO_COLOURS[0]),
        hovertemplate=template + "<extra></extra>",
    )
    return _figure(
        [bar],
        lang,
        height,
        showlegend=False,
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(title=dict(text=x_title), tickangle=-45, tickfont=dict(size=12), type="category"),
        yaxis=dict(ticksuffix=" %", tickfont=dict(size=12)),
    )


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
    bar = dict(
        type="bar",
        x=frame[VALUE].tolist(),
        y=frame["label"].tolist(),
        orientation="h",
        marker=dict(color=frame["colour"].tolist()),
        hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
    )
    return _figure(
        [bar],
        lang,
        height or max(260, 26 * len(frame) + 60),
        showlegend=False,
        margin=dict(l=10, r=10, t=10, b=10),
        yaxis=dict(autorange="reversed", tickfont=dict(size=13)),
        xaxis=dict(title=dict(text=x_title), tickformat=",d"),
    )
