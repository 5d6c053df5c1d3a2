"""The one 2030 population reference used everywhere: Statistics Finland's newest official projection.

The snapshot holds two editions of the official population projection. The 2019 edition starts below the
population actually counted in 2022 in many growing municipalities (Kuopio: 120 199 projected, 122 594 counted),
so every page that shows "the 2030 population" takes the newest edition. That edition publishes 2024, 2035 and
2040 only; the years between come from the scenario model's path calibrated to those published figures
(foresight.scenario.build_baseline), which is exactly the scenario page's baseline, so the trends page, the
scenario page and the workshop wall show one and the same number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd

from foresight.columns import EDITION, INDICATOR, MUNICIPALITY, VALUE, YEAR

REFERENCE_YEAR: Final = 2030
POPULATION: Final = "population"


@dataclass(frozen=True)
class Reference:
    """A municipality's reference population for one year, with where it comes from and the latest count."""

    code: str
    year: int
    value: float  # persons, the newest official projection (model path between its published years)
    edition: str  # "2024"
    published: bool  # True when the edition publishes this very year; False when it lies between them
    published_years: tuple[int, ...]
    actual_year: int | None  # the latest counted population beside it
    actual: float | None


def newest_edition(projections: pd.DataFrame) -> str:
    """The newest edition present in the snapshot's official_projections table."""
    editions = sorted(str(e) for e in projections[EDITION].dropna().unique())
    if not editions:
        raise ValueError("the snapshot has no official projection")
    return editions[-1]


def reference_line(baseline: Any, code: str) -> pd.DataFrame:
    """The reference path of one municipality: year, value (total population), from a built baseline."""
    row = baseline.index([code])[0]
    totals = baseline.population[row].sum(axis=1)
    return pd.DataFrame({YEAR: baseline.years.astype(int), VALUE: np.round(totals, 0)})


def actual_population(observations: pd.DataFrame, code: str) -> pd.Series:
    """Counted population of one municipality by year (year index), from the snapshot's observations."""
    own = observations[(observations[MUNICIPALITY] == code) & (observations[INDICATOR] == POPULATION)]
    return own.set_index(YEAR)[VALUE].astype(float).sort_index()


def reference_2030(
    snapshot: Any, code: str, *, year: int = REFERENCE_YEAR, baseline: Any = None
) -> Reference | None:
    """The newest official projection's population of `code` in `year` (None for an unknown municipality).

    Pass the built baseline of the newest edition when one is cached (building it takes about a second).
    """
    edition = newest_edition(snapshot.official_projections)
    if baseline is None:
        from foresight.scenario import build_baseline

        baseline = build_baseline(snapshot.official_projections, edition)
    if baseline.edition != edition:
        raise ValueError(f"baseline edition {baseline.edition} is not the newest edition {edition}")
    if code not in set(baseline.codes.tolist()):
        return None
    line = reference_line(baseline, code)
    hit = line[line[YEAR] == int(year)]
    if hit.empty:
        return None
    actual = actual_population(snapshot.observations, code)
    return Reference(
        code=code,
        year=int(year),
        value=float(hit[VALUE].iloc[0]),
        edition=edition,
        published=int(year) in baseline.official_years,
        published_years=tuple(int(y) for y in baseline.official_years),
        actual_year=int(actual.index.max()) if not actual.empty else None,
        actual=float(actual.iloc[-1]) if not actual.empty else None,
    )
