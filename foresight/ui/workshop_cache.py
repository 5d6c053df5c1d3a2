"""The workshop store's engine (one per process and URL) and the cached figures a workshop step shows."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from foresight.columns import MUNICIPALITY, YEAR
from foresight.ui import loaders


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Any:
    from foresight.workshop import db

    return db.make_engine(url)


def engine() -> Any:
    """The shared engine for $KUNTALUOTAIN_DB_URL (or the default SQLite file); schema migrated once."""
    from foresight.workshop import db

    return _engine(db.database_url())


@st.cache_data(show_spinner=False, max_entries=32)
def _forecasts(indicator: str, until: int) -> pd.DataFrame:
    from foresight import projection

    snap = loaders.snapshot()
    return projection.project_indicator(snap.observations, indicator, until=until, catalogue=snap.indicators)


def projection_for(indicator: str, code: str, year: int) -> dict[str, Any] | None:
    """The trend projection of one municipality to `year`: forecast rows, the year's row and the method.

    None when the indicator cannot be projected (too little history) or the municipality has no data.
    """
    frame = _forecasts(indicator, int(year))
    own = frame[(frame[MUNICIPALITY] == code)].sort_values(YEAR)
    target = own[own[YEAR] == int(year)]
    if target.empty:
        return None
    row = target.iloc[0]
    return {
        "forecast": own.reset_index(drop=True),
        "row": row.to_dict(),
        "method": str(row.get("method", "")),
    }


@st.cache_data(show_spinner=False, max_entries=256)
def history(indicator: str, code: str) -> pd.Series:
    """Observed values of one municipality as a year-indexed series (empty when there are none).

    Cached: every phone's answer run shows the latest value, and fifty of them arrive together."""
    from foresight import situation

    return situation.series(loaders.indicator_frame(indicator), code, indicator)


def _baseline(edition: str) -> Any:
    """The scenario page's own cached baseline: one model per server, one 2030 reference on every page."""
    from foresight.ui import scenario_cache

    return scenario_cache.baseline(edition)


@st.cache_data(show_spinner=False, max_entries=64)
def scenario_totals(code: str, presets: tuple[str, ...], edition: str = "2024") -> pd.DataFrame:
    """Total population by year under the baseline and the given preset scenarios: scenario, year, value."""
    from foresight import scenario

    chosen = [scenario.preset(p) for p in presets if p in scenario.PRESETS and p != "baseline"]
    results, _ = scenario.run(_baseline(edition), chosen, [code])
    lines = scenario.time_series(results, code)
    return lines[lines["measure"] == "total"][["scenario", YEAR, "value"]].reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=64)
def key_figures(code: str) -> list[dict[str, object]]:
    """The at-a-glance headline figures of a municipality (one per headline indicator)."""
    from foresight import glance

    snap = loaders.snapshot()
    return glance.key_figures(snap.observations, snap.indicators, code)


@st.cache_data(show_spinner=False, max_entries=16)
def _attached(workshop_id: int, fingerprint: tuple[tuple[int, str], ...]) -> Any:
    from foresight.owndata import store as own_store
    from foresight.workshop import owndata

    return own_store.collect(owndata.store(engine(), workshop_id))


def attached_owndata(workshop_id: int) -> Any:
    """The workshop's attached own data as an own-data Collection; parsed again only when files change."""
    from foresight.workshop import owndata

    return _attached(workshop_id, owndata.fingerprint(engine(), workshop_id))


def newest_edition() -> str:
    """The newest official projection edition in the snapshot (the one reference used everywhere)."""
    from foresight import reference

    return reference.newest_edition(loaders.snapshot().official_projections)


@st.cache_data(show_spinner=False, max_entries=64)
def reference_2030(code: str, year: int = 2030) -> Any:
    """The municipality's reference population (foresight.reference.Reference) or None."""
    from foresight import reference

    return reference.reference_2030(loaders.snapshot(), code, year=year, baseline=_baseline(newest_edition()))


@st.cache_data(show_spinner=False, max_entries=1024)
def scenario_path(code: str, levers: tuple[tuple[str, float], ...]) -> pd.DataFrame | None:
    """Total population by year (year, value) of one municipality under the levers, on the newest edition."""
    from foresight import scenario

    base = _baseline(newest_edition())
    if code not in set(base.codes.tolist()):
        return None
    clean, _ = scenario.validate(dict(levers), base.base_year)
    result = scenario.project(base, clean, [code])
    return pd.DataFrame({YEAR: result.years.astype(int), "value": result.totals()[0]})


def scenario_value(code: str, levers: dict[str, Any], year: int = 2030) -> float | None:
    """One municipality's total population in `year` under the levers (None when it cannot be computed)."""
    path = scenario_path(code, tuple(sorted((str(k), float(v)) for k, v in levers.items())))
    if path is None:
        return None
    hit = path[path[YEAR] == int(year)]
    return None if hit.empty else float(hit["value"].iloc[0])
