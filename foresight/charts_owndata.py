"""Figures for the municipality's own data: the shared band and ranking charts, labelled "own data" in the
title and in every legend entry, and a projection chart (dashed trend with shaded 80 % / 95 % bands)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from foresight import charts
from foresight.charts import MUNICIPALITY_COLOUR, _layout, _rgba, add_band
from foresight.columns import MEAN, YEAR


def _title(text: str) -> dict[str, object]:
    # Pinned to the top edge: the legend sits between the title and the plot.
    return dict(text=text, x=0.01, xanchor="left", y=0.99, yanchor="top", font=dict(size=18))


def band(
    own: pd.Series,
    peer_band: pd.DataFrame,
    name: str,
    lang: str,
    labels: Mapping[str, str],
    own_label: str,
    title: str,
    y_title: str = "",
) -> go.Figure:
    """The municipality's own-data series against the peers who have the same own indicator."""
    tagged = {k: f"{v} ({own_label})" for k, v in labels.items()}
    fig = charts.band(own, peer_band, f"{name} ({own_label})", lang, tagged, y_title=y_title)
    fig.update_layout(title=_title(f"{title} · {own_label}"), margin=dict(l=10, r=10, t=120, b=10))
    fig.update_layout(legend=dict(y=1.02, yanchor="bottom"))
    return fig


def ranking(
    frame: pd.DataFrame, code: str, lang: str, value_title: str, own_label: str, title: str
) -> go.Figure:
    """Peers' own-data values in one year, best first, the municipality in its colour."""
    fig = charts.ranking_bar(frame, code, lang, value_title)
    fig.update_layout(title=_title(f"{title} · {own_label}"), margin=dict(l=10, r=10, t=50, b=10))
    fig.update_layout(height=fig.layout.height + 30)
    return fig


def projection(
    history: pd.Series,
    forecast: pd.DataFrame,
    lang: str,
    labels: Mapping[str, str],
    own_label: str,
    title: str,
    y_title: str = "",
    height: int = 440,
) -> go.Figure:
    """History as a solid line, the trend dashed with shaded 95 % and 80 % bands, all labelled own data."""
    fig = go.Figure()
    x = list(forecast[YEAR])
    for level, opacity in ((95, 0.15), (80, 0.3)):
        add_band(
            fig,
            x,
            forecast[f"lower_{level}"],
            forecast[f"upper_{level}"],
            _rgba(MUNICIPALITY_COLOUR, opacity),
            f"{labels[f'band_{level}']} ({own_label})",
        )
    # The trend starts from the last observed point so the dashed line joins the history.
    last_year = int(history.index.max())
    fig.add_trace(
        go.Scatter(
            x=[last_year, *x],
            y=[float(history.loc[last_year]), *forecast[MEAN]],
            mode="lines",
            name=f"{labels['trend']} ({own_label})",
            line=dict(color=MUNICIPALITY_COLOUR, width=3, dash="dash"),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=list(history.index),
            y=list(history),
            mode="lines+markers",
            name=f"{labels['history']} ({own_label})",
            line=dict(color=MUNICIPALITY_COLOUR, width=4),
            marker=dict(size=6),
        )
    )
    _layout(fig, lang, height, hovermode="x unified", title=_title(f"{title} · {own_label}"))
    fig.update_layout(margin=dict(l=10, r=10, t=120, b=10), legend=dict(y=1.02, yanchor="bottom"))
    # Half a year of room at both ends, so the horizon year gets its tick and label.
    fig.update_xaxes(tickformat="d", range=[int(history.index.min()) - 0.5, int(forecast[YEAR].max()) + 0.5])
    fig.update_yaxes(title=y_title)
    return fig
