"""2030 trend projections: one interface for every method, a vectorised batch engine, backtest, peers, targets.

Only numpy and pandas are imported here (scipy.special loads on the first band computation;
statsmodels only in the benchmark and tests).
"""

from __future__ import annotations

from typing import Any

from foresight.projection.batch import (
    WITH_OFFICIAL,
    IndicatorProjection,
    bounds_for,
    project_indicator,
    project_many,
    project_snapshot,
    projectable_indicators,
)
from foresight.projection.methods import AUTO, METHODS, MIN_POINTS, TooLittleHistory, project
from foresight.projection.official import compare as compare_official
from foresight.projection.official import for_municipality as official_for
from foresight.projection.official import note as official_note
from foresight.projection.official import totals as official_totals
from foresight.projection.peers import peer_values, rank_distribution, rank_summary
from foresight.projection.targets import peer_histories, target_assessment, uses_relative_change


def __getattr__(name: str) -> Any:
    """Backtest helpers load on first use, so `python -m foresight.projection.backtest` runs cleanly."""
    if name in ("choose_method", "describe", "sentence"):
        from foresight.projection import backtest

        return getattr(backtest, name)
    if name == "track":
        import importlib

        return importlib.import_module("foresight.projection.track")
    if name == "build_view":
        from foresight.projection.view import build

        return build
    raise AttributeError(name)


__all__ = [
    "AUTO",
    "METHODS",
    "MIN_POINTS",
    "IndicatorProjection",
    "WITH_OFFICIAL",
    "TooLittleHistory",
    "bounds_for",
    "build_view",
    "choose_method",
    "compare_official",
    "describe",
    "official_for",
    "official_note",
    "official_totals",
    "peer_histories",
    "peer_values",
    "project",
    "project_indicator",
    "project_many",
    "project_snapshot",
    "projectable_indicators",
    "rank_distribution",
    "rank_summary",
    "sentence",
    "target_assessment",
    "track",
    "uses_relative_change",
]
