"""Cached trend projections: the whole snapshot once per server, one municipality's view per choice.

The snapshot run (every indicator × municipality × method, to 2040) is shared read-only by every
session (cache_resource); a view for one (indicator, municipality, peers, method, horizon, target) is a
small picklable dataclass (cache_data), so moving back to an earlier choice is a cache hit.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from foresight.snapshot import snapshot_dir
from foresight.ui import loaders

UNTIL = 2040  # one run to the furthest horizon serves 2030, 2035 and 2040
HORIZONS = (2030, 2035, 2040)
TARGET_YEAR = 2030  # targets are for the 2030 strategy, whatever horizon the chart shows


@st.cache_resource(show_spinner=False)
def _snapshot(folder: str) -> dict[str, Any]:
    # cache_resource: ~50 indicators of arrays for 308 municipalities, read-only, shared by sessions.
    from foresight import projection

    return projection.project_snapshot(UNTIL)


def results() -> dict[str, Any]:
    """project_snapshot(2040): IndicatorProjection per projectable indicator (computed once per server)."""
    return _snapshot(str(snapshot_dir()))


def indicators() -> list[str]:
    """Projectable indicators in catalogue order (theme, then the catalogue's order)."""
    cat = loaders.catalogue()
    known = set(results())
    ordered = cat.sort_values(["theme", "order"])["id"] if "order" in cat.columns else cat["id"]
    return [str(i) for i in ordered if i in known]


@st.cache_resource(show_spinner=False)
def _official(folder: str) -> pd.DataFrame:
    from foresight import projection
    from foresight.projection import official
    from foresight.ui import scenario_cache

    totals = projection.official_totals(loaders.snapshot().official_projections)
    # The newest edition (2024: published for 2024, 2035, 2040) for every year, by the same calibrated path
    # the scenario page and the workshop wall use, so a municipality's 2030 reference is one figure.
    base = scenario_cache.baseline(official.EDITION_POINTS)
    return official.with_reference_path(totals, base.codes, base.years, base.population.sum(axis=2))


def official_totals() -> pd.DataFrame:
    """Statistics Finland's population projections as totals per edition, municipality and year."""
    return _official(str(snapshot_dir()))


@st.cache_data(show_spinner=False, max_entries=256)
def _view(
    folder: str,
    indicator: str,
    code: str,
    members: tuple[str, ...],
    method: str,
    until: int,
    target: float | None,
) -> Any:
    from foresight import projection

    ind = loaders.catalogue().loc[indicator]
    return projection.build_view(
        results()[indicator],
        loaders.indicator_frame(indicator),
        code,
        members,
        method,
        until,
        int(ind["polarity"]),
        official_totals() if indicator == "population" else None,
        target,
        target_year=TARGET_YEAR,
    )


def view(
    indicator: str, code: str, members: tuple[str, ...], method: str, until: int, target: float | None
) -> Any:
    """projection.build_view for one choice (cached per choice; a ProjectionView)."""
    return _view(str(snapshot_dir()), indicator, code, tuple(members), method, until, target)
