"""Everything the projection page draws for one municipality and indicator, gathered in one call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from foresight.columns import INDICATOR, MUNICIPALITY, VALUE, YEAR
from foresight.projection import backtest, official, peers, targets
from foresight.projection.batch import OK, PERCENT_UNITS, IndicatorProjection
from foresight.projection.methods import AUTO, MIN_POINTS, NAIVE


@dataclass
class ProjectionView:
    """History, projection, its description and notes, official projection, peers and target for one chart."""

    code: str
    indicator: str
    history: pd.DataFrame  # year, value
    forecast: pd.DataFrame  # year, mean, lower_80, upper_80, lower_95, upper_95, method (empty: no line)
    description: dict[str, object]  # backtest.describe(): method, error, error_kind, error_horizon, ...
    notes: list[tuple[str, dict[str, object]]] = field(default_factory=list)  # (text key, params)
    official: pd.DataFrame = field(default_factory=pd.DataFrame)  # edition, year, official
    official_comparison: pd.DataFrame = field(default_factory=pd.DataFrame)  # see official.compare
    official_note: dict[str, object] | None = None  # see official.note
    peer_values: pd.DataFrame = field(
        default_factory=pd.DataFrame
    )  # index municipality; see peers.peer_values
    rank_distribution: pd.DataFrame = field(default_factory=pd.DataFrame)  # rank, probability
    rank_summary: dict[str, float] = field(default_factory=dict)
    unprojected_peers: tuple[str, ...] = ()  # members without a projection (projection.peers.not_projected)
    target: dict[str, object] | None = None  # see targets.target_assessment


def build(
    result: IndicatorProjection,
    obs: pd.DataFrame,
    code: str,
    members: Sequence[str] = (),
    method: str = AUTO,
    until: int = 2030,
    polarity: int = 0,
    official_totals: pd.DataFrame | None = None,
    target: float | None = None,
    target_year: int | None = None,
) -> ProjectionView:
    """Gather the chart's data; `result` is project_snapshot(2040)[indicator] (one cached run serves 2030–2040).

    target_year (default `until`) is the year a target is assessed for; the forecast reaches `until`.
    """
    part = obs[(obs[MUNICIPALITY] == code) & (obs[INDICATOR] == result.indicator)]
    history = part[[YEAR, VALUE]].sort_values(YEAR, ignore_index=True)
    known = code in set(result.codes)
    offered = method == AUTO or method in result.arrays  # "with_official" exists for population only
    desc: dict[str, object] = backtest.describe(result, code, method) if known else {"status": "no_data"}
    if known and not offered:
        desc["status"] = "method_unavailable"
    forecast = result.forecasts(method, [code]) if known and offered else pd.DataFrame()
    if not forecast.empty:
        forecast = forecast[forecast[YEAR] <= until].drop(columns=[MUNICIPALITY]).reset_index(drop=True)
    view = ProjectionView(code, result.indicator, history, forecast, desc)
    if forecast.empty:
        key = "projection.note.method_unavailable" if desc.get("status") == "method_unavailable" else None
        if key:
            view.notes.append((key, {"method": method}))
        else:
            # Count the years the fit may use (the window before the indicator's last year), not all history.
            n = int(result.columns["n_points"][result.row(code)]) if known else len(history)
            view.notes.append(("projection.note.too_little_history", {"n": n, "min": MIN_POINTS}))
    else:
        last = int(history[YEAR].max())
        view.notes.append(("projection.note.data_ends", {"last_year": last, "years": until - last}))
        if result.unit in PERCENT_UNITS and np.isfinite(result.bounds[1]):
            view.notes.append(("projection.note.clipped", {}))
        ratio = result.relative_mase()
        if result.ranking and result.ranking[0] == NAIVE:
            view.notes.append(("projection.note.naive_best", {}))
        elif ratio is not None and ratio >= 1:
            view.notes.append(("projection.note.weak_indicator", {"ratio": round(ratio, 2)}))
    if official_totals is not None and result.indicator == "population":
        view.official = official.for_municipality(official_totals, code)
        if not forecast.empty:
            view.official_comparison = official.compare(forecast, view.official)
            view.official_note = official.note(view.official_comparison, until)
    if members and desc.get("status") == OK and until in set(result.years):
        values = peers.peer_values(result, code, members, until, method)
        view.peer_values = values
        view.unprojected_peers = tuple(c for c in members if c not in values.index)
        if code in values.index and len(values) > 1:
            view.rank_distribution = peers.rank_distribution(values, code, polarity)
            view.rank_summary = peers.rank_summary(view.rank_distribution)
    if target is not None and not history.empty:
        wide = targets.peer_histories(obs, result.indicator, list(members))
        view.target = targets.target_assessment(
            history.set_index(YEAR)[VALUE].rename(code),
            float(target),
            wide,
            polarity,
            forecast if not forecast.empty else None,
            target_year if target_year is not None else until,
            targets.uses_relative_change(result.unit),
        )
    return view
