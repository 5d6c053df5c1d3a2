"""Scenario outputs: totals, age pyramids, service age groups, dependency ratio and employed residents."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from foresight.columns import MUNICIPALITY, VALUE, YEAR
from foresight.scenario.model import COMPONENTS, MAX_AGE, WORKING_AGES, Baseline, Result

KEY_YEARS = (2030, 2035, 2040)
GROUP = "group"
AGE_GROUP = "age_group"
AGE_START = "age_start"
SHARE = "share"
WORKING_AGE = "working_age"
EMPLOYMENT_RATE = "employment_rate"
MEASURE = "measure"

# Age groups that drive municipal services (label keys scenario.group.<id>); bounds inclusive, 100 = 100+.
SERVICE_GROUPS: dict[str, tuple[int, int]] = {
    "0_6": (0, 6),  # early childhood education and care, pre-primary
    "7_15": (7, 15),  # basic education
    "16_18": (16, 18),  # upper secondary
    "20_64": (20, 64),  # working age
    "75_plus": (75, MAX_AGE),
    "85_plus": (85, MAX_AGE),
}
MEASURES = ("total", *SERVICE_GROUPS, "dependency_ratio", "employed")


def _year_positions(result: Result, years: Iterable[int] | None) -> np.ndarray:
    """Positions of the requested years (all years when None; years outside the result are skipped)."""
    if years is None:
        return np.arange(len(result.years))
    wanted = set(int(y) for y in years)
    return np.array([i for i, y in enumerate(result.years.tolist()) if y in wanted], dtype=int)


def _wide(result: Result, values: np.ndarray, pos: np.ndarray) -> pd.DataFrame:
    """(M, Y) values → long frame municipality, year, value."""
    sub = values[:, pos]
    return pd.DataFrame(
        {
            MUNICIPALITY: np.repeat(result.codes, len(pos)),
            YEAR: np.tile(result.years[pos], len(result.codes)),
            VALUE: sub.reshape(-1),
        }
    )


def group_sum(population: np.ndarray, low: int, high: int) -> np.ndarray:
    """Persons aged low..high inclusive over the last axis."""
    return np.asarray(population[..., low : high + 1].sum(axis=-1))


def totals(result: Result, years: Iterable[int] | None = None) -> pd.DataFrame:
    """Total population: municipality, year, value."""
    pos = _year_positions(result, years)
    return _wide(result, result.totals(), pos)


def service_groups(result: Result, years: Iterable[int] | None = None) -> pd.DataFrame:
    """Service age groups: municipality, year, group, value (groups as in SERVICE_GROUPS, in that order)."""
    pos = _year_positions(result, years)
    parts = []
    for group, (low, high) in SERVICE_GROUPS.items():
        part = _wide(result, group_sum(result.population, low, high), pos)
        part.insert(2, GROUP, group)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def dependency_values(population: np.ndarray) -> np.ndarray:
    """Persons aged 0–14 and 65+ per hundred aged 15–64 (NaN where nobody is of working age)."""
    dependants = group_sum(population, 0, 14) + group_sum(population, 65, MAX_AGE)
    working = group_sum(population, *WORKING_AGES)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(working > 0, 100.0 * dependants / working, np.nan)


def dependency_ratio(result: Result, years: Iterable[int] | None = None) -> pd.DataFrame:
    """Demographic dependency ratio (as the snapshot indicator defines it): municipality, year, value."""
    pos = _year_positions(result, years)
    return _wide(result, dependency_values(result.population), pos)


def pyramid(result: Result, code: str, year: int, band: int = 1) -> pd.DataFrame:
    """Age structure of one municipality and year: age_group (label), age_start, value, share (of total).

    The projection has no breakdown by sex, so this is a one-sided pyramid (a bar per age or age band).
    """
    row = int(np.flatnonzero(result.codes == code)[0])
    col = int(np.flatnonzero(result.years == year)[0])
    counts = result.population[row, col]
    starts = np.arange(0, MAX_AGE + 1, band)
    values = np.add.reduceat(counts, starts)
    labels = [
        f"{s}+" if s + band > MAX_AGE else (str(s) if band == 1 else f"{s}–{s + band - 1}") for s in starts
    ]
    total = counts.sum()
    return pd.DataFrame(
        {
            AGE_GROUP: labels,
            AGE_START: starts,
            VALUE: values,
            SHARE: values / total if total > 0 else np.zeros(len(values)),
        }
    )


def mover_profile_frame(baseline: Baseline, band: int = 1) -> pd.DataFrame:
    """The age profile of added movers, to show on screen: age_group, age_start, share (sums to 1)."""
    starts = np.arange(0, MAX_AGE + 1, band)
    shares = np.add.reduceat(baseline.movers, starts)
    labels = [
        f"{s}+" if s + band > MAX_AGE else (str(s) if band == 1 else f"{s}–{s + band - 1}") for s in starts
    ]
    return pd.DataFrame({AGE_GROUP: labels, AGE_START: starts, SHARE: shares})


def latest_employment_rate(observations: pd.DataFrame) -> tuple[pd.Series, int | None]:
    """Each municipality's latest employment rate (%, employed 15–64 / population 15–64) and its year."""
    rows = observations[observations["indicator"] == "employment_rate"].dropna(subset=[VALUE])
    if rows.empty:
        return pd.Series(dtype=float), None
    latest = rows.sort_values(YEAR).groupby(MUNICIPALITY).tail(1)
    return latest.set_index(MUNICIPALITY)[VALUE].astype(float), int(latest[YEAR].max())


def _rates(result: Result, rates: Mapping[str, float] | pd.Series) -> np.ndarray:
    """Employment rates (%) in the result's municipality order (NaN where unknown)."""
    lookup = dict(rates.items()) if isinstance(rates, pd.Series) else dict(rates)
    return np.array([float(lookup.get(c, np.nan)) for c in result.codes.tolist()])


def employed_values(
    result: Result, rates: Mapping[str, float] | pd.Series, change_pp: float = 0.0, start_year: int = 2026
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(working-age persons, employment rate %, employed residents), each (M, Y).

    Employed residents = persons aged 15–64 × employment rate; the lever adds change_pp from start_year on,
    and the rate is held within 0–100 %.
    """
    working = group_sum(result.population, *WORKING_AGES)
    base = _rates(result, rates)[:, None] * np.ones((1, len(result.years)))
    shift = np.where(result.years >= start_year, change_pp, 0.0)[None, :]
    rate = np.clip(base + shift, 0.0, 100.0)
    return working, rate, working * rate / 100.0


def employed_residents(
    result: Result,
    rates: Mapping[str, float] | pd.Series,
    change_pp: float = 0.0,
    start_year: int = 2026,
    years: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Employed residents: municipality, year, working_age, employment_rate, value."""
    pos = _year_positions(result, years)
    working, rate, employed = employed_values(result, rates, change_pp, start_year)
    frame = _wide(result, employed, pos)
    frame.insert(2, WORKING_AGE, working[:, pos].reshape(-1))
    frame.insert(3, EMPLOYMENT_RATE, rate[:, pos].reshape(-1))
    return frame


def key_outcomes(
    result: Result,
    rates: Mapping[str, float] | pd.Series | None = None,
    change_pp: float = 0.0,
    start_year: int = 2026,
    years: Sequence[int] | None = KEY_YEARS,
) -> pd.DataFrame:
    """Every key measure in long form: municipality, year, measure, value (measures as in MEASURES)."""
    pos = _year_positions(result, years)
    pop = result.population[:, pos]
    values = [pop.sum(axis=2)]
    values += [group_sum(pop, low, high) for low, high in SERVICE_GROUPS.values()]
    values.append(dependency_values(pop))
    names = ["total", *SERVICE_GROUPS, "dependency_ratio"]
    if rates is not None:
        values.append(employed_values(result, rates, change_pp, start_year)[2][:, pos])
        names.append("employed")
    cube = np.stack(values)  # (K, M, P): one frame built once, as pandas construction dominates the cost
    k, m, p = cube.shape
    return pd.DataFrame(
        {
            MUNICIPALITY: np.tile(np.repeat(result.codes, p), k),
            YEAR: np.tile(result.years[pos], k * m),
            MEASURE: np.repeat(np.array(names, dtype=object), m * p),
            VALUE: cube.reshape(-1),
        }
    )


def components(result: Result, code: str | None = None) -> pd.DataFrame:
    """Yearly flows: municipality, year, births, deaths, net_migration, held_at_zero (flows into that year).

    Births are children alive and resident at the year's end; deaths use national death rates, so for the
    baseline years these are the model's estimates, not published counts.
    """
    codes = result.codes
    rows = np.arange(len(codes)) if code is None else np.flatnonzero(codes == code)
    years = result.years[1:]
    frame = pd.DataFrame(
        {
            MUNICIPALITY: np.repeat(codes[rows], len(years)),
            YEAR: np.tile(years, len(rows)),
        }
    )
    for name in COMPONENTS:
        values = result.components.get(name)
        frame[name] = values[rows].reshape(-1) if values is not None else np.nan
    return frame
