"""Cached trend projections: each indicator once per server, one municipality's view per choice.

An indicator is projected (every municipality × method, to 2040) the first time a page asks for it and
shared read-only by every session (cache_resource): opening the trends page on population does not wait for
the other ~70 indicators. A view for one (indicator, municipality, peers, method, horizon, target) is a small
picklable dataclass (cache_data), so moving back to an earlier choice is a cache hit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from foresight.snapshot import snapshot_dir
from foresight.ui import loaders

UNTIL = 2040  # one run to the furthest horizon serves 2030, 2035 and 2040
HORIZONS = (2030, 2035, 2040)
TARGET_YEAR = 2030  # targets are for the 2030 strategy, whatever horizon the chart shows


@st.cache_resource(show_spinner=False)
def _projectable(folder: str) -> tuple[str, ...]:
    from foresight.projection import projectable_indicators

    return tuple(projectable_indicators(loaders.snapshot().observations))


@st.cache_resource(show_spinner=False)
def _official_input(folder: str) -> pd.DataFrame:
    from foresight.projection import official_totals

    return official_totals(loaders.snapshot().official_projections)


@st.cache_resource(show_spinner=False)
def _projection(folder: str, indicator: str) -> Any:
    # cache_resource: arrays for 308 municipalities × methods × years, read-only, shared by sessions. The
    # backtest summary comes from the store on disk (.cache/projection) when the data are unchanged.
    from foresight.projection import batch

    return batch.project_many(
        loaders.indicator_frame(indicator),
        loaders.snapshot().indicators,
        [indicator],
        UNTIL,
        official=_official_input(folder) if indicator == batch.POPULATION else None,
        store=batch.SNAPSHOT_STORE,
    )[indicator]


class Projections(Mapping[str, Any]):
    """IndicatorProjection per projectable indicator, each computed on first access (then cached)."""

    def __init__(self, folder: str, ids: tuple[str, ...]) -> None:
        self._folder = folder
        self._ids = ids
        self._known = frozenset(ids)

    def __getitem__(self, indicator: str) -> Any:
        if indicator not in self._known:
            raise KeyError(indicator)
        return _projection(self._folder, indicator)

    def __contains__(self, indicator: object) -> bool:  # without projecting it
        return indicator in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def results() -> Mapping[str, Any]:
    """IndicatorProjection (to 2040) per projectable indicator; an indicator is projected when first read."""
    folder = str(snapshot_dir())
    return Projections(folder, _projectable(folder))


def indicators() -> list[str]:
    """Projectable indicators in catalogue order (theme, then the catalogue's order)."""
    cat = loaders.catalogue()
    known = set(results())
    ordered = cat.sort_values(["theme", "order"])["id"] if "order" in cat.columns else cat["id"]
    return [str(i) for i in ordered if i in known]


@st.cache_resource(show_spinner=False)
def _official(folder: str) -> pd.DataFrame:
    from foresight.projection import official
    from foresight.ui import scenario_cache

    totals = _official_input(folder)
    # The newest edition (2024: published for 2024, 2035, 2040) for every year, by the same calibrated path
    # the scenario page and the workshop wall use, so a municipality's 2030 reference is one figure.
    base = scenario_cache.baseline(official.EDITION_POINTS)
    return official.with_reference_path(totals, base.codes, base.years, base.population.sum(axis=2))


def official_totals() -> pd.DataFrame:
    """Statistics Finland's population projections as totals per edition, municipality and year."""
    return _official(str(snapshot_dir()))


@st.cache_resource(show_spinner=False)
def _track_records(folder: str) -> tuple[pd.DataFrame, ...]:
    from pathlib import Path

    from foresight.projection import batch, track
    from foresight.snapshot import load_table

    return track.records(
        loaders.indicator_frame(batch.POPULATION),
        loaders.snapshot().indicators,
        _official_input(folder),
        load_table("past_projections", Path(folder)),
    )


def track_records() -> tuple[pd.DataFrame, ...]:
    """Population's track records, newest origin first (track.records on the loaded snapshot, once per server)."""
    return _track_records(str(snapshot_dir()))


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
