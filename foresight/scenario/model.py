"""Cohort-change-ratio population model by single year of age, calibrated to Statistics Finland's projection."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from foresight.columns import AGE, EDITION, MUNICIPALITY, VALUE, YEAR

EDITIONS = ("2019", "2024")
DEFAULT_EDITION = "2019"
# The 2024 edition publishes only these years; the rest of its path is our interpolation.
OFFICIAL_YEARS_2024 = (2024, 2035, 2040)
MAX_AGE = 100  # the projection's last age is the open group 100+
PARENT_AGES = (20, 44)  # births are tied to residents of these ages (the projection has no sex breakdown)
WORKING_AGES = (15, 64)  # as in the employment-rate indicator
COMPONENTS = ("births", "deaths", "net_migration", "held_at_zero")
RATIO_CAP = 3.0  # tiny cohorts give wild ratios; the excess becomes an additive inflow instead
BIRTH_CAP = 0.2  # children under one per resident aged 20–44; real values are about 0.03
SHRINK = 5.0  # persons of an age a year: national weight in the 2024 path's shape (_pooled_ratio)


@dataclass(frozen=True)
class Baseline:
    """One projection edition as arrays: population (municipality × year × age) and the ratios that reproduce it."""

    edition: str
    codes: np.ndarray  # (M,) 3-digit codes as str
    years: np.ndarray  # (Y,) int
    population: np.ndarray  # (M, Y, A) baseline population, end of year
    ratio: np.ndarray  # (M, Y-1, A) cohort-change ratio into age a at year y+1 (a = 0 unused)
    birth_ratio: np.ndarray  # (M, Y-1) age-0 at y+1 per resident aged 20–44 at y
    inflow: np.ndarray  # (M, Y-1, A) additive persons where a ratio cannot carry the change
    death_prob: np.ndarray  # (Y-1, A) national probability of dying on the way into age a (estimate)
    official_years: tuple[int, ...]  # years that are published figures rather than interpolations
    movers: np.ndarray = field(default_factory=lambda: np.zeros(MAX_AGE + 1))  # (A,) age profile, sums to 1

    @property
    def ages(self) -> np.ndarray:
        """Single years of age 0..100 (100 = 100+)."""
        return np.arange(self.population.shape[2])

    @property
    def base_year(self) -> int:
        """The jump-off year of the projection."""
        return int(self.years[0])

    def index(self, codes: Sequence[str]) -> np.ndarray:
        """Row positions of the given municipality codes (KeyError for an unknown code)."""
        lookup = {c: i for i, c in enumerate(self.codes.tolist())}
        return np.array([lookup[c] for c in codes], dtype=int)

    def subset(self, codes: Sequence[str]) -> Baseline:
        """The same baseline for some municipalities only (rows in the given order)."""
        rows = self.index(codes)
        return replace(
            self,
            codes=self.codes[rows],
            population=self.population[rows],
            ratio=self.ratio[rows],
            birth_ratio=self.birth_ratio[rows],
            inflow=self.inflow[rows],
        )


@dataclass(frozen=True)
class Levers:
    """Lever values in model units (see levers.py for ranges and texts); zeros reproduce the baseline."""

    net_migration_persons: float = 0.0  # persons per year added to baseline net migration
    net_migration_rate: float = 0.0  # extra net migrants per 1000 residents per year
    net_migration_change: float = 0.0  # % change of the baseline's own (implied) net migration
    young_adult_migration: float = 0.0  # persons aged 18–29 a year added to the baseline's own net migration
    fertility_change: float = 0.0  # % change in births
    life_expectancy_change: float = 0.0  # years added to life expectancy at birth
    start_year: int = 2026  # first year whose population the levers change

    @classmethod
    def of(cls, values: Mapping[str, float] | None) -> Levers:
        """Population levers from a lever dict (other keys, such as the employment lever, are ignored)."""
        names = cls.__dataclass_fields__.keys()
        picked = {k: v for k, v in (values or {}).items() if k in names}
        if "start_year" in picked:
            picked["start_year"] = int(picked["start_year"])
        return cls(**picked)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Result:
    """A projected population (municipality × year × age) and notes (message keys) about held values."""

    edition: str
    codes: np.ndarray
    years: np.ndarray
    population: np.ndarray  # (M, Y, A)
    held_at_zero: float = 0.0  # persons the levers would have removed below zero (not removed)
    notes: tuple[str, ...] = field(default_factory=tuple)
    # births, deaths, net_migration, held_at_zero: (M, Y-1) flows into years[1:]; estimates for the baseline years
    components: dict[str, np.ndarray] = field(default_factory=dict)
    official_years: tuple[int, ...] = ()  # years that are published projection figures

    def frame(self) -> pd.DataFrame:
        """Long frame: municipality, year, age, value."""
        m, y, a = self.population.shape
        return pd.DataFrame(
            {
                MUNICIPALITY: np.repeat(self.codes, y * a),
                YEAR: np.tile(np.repeat(self.years, a), m),
                AGE: np.tile(np.arange(a), m * y),
                VALUE: self.population.reshape(-1),
            }
        )

    def totals(self) -> np.ndarray:
        """Total population (M, Y)."""
        return np.asarray(self.population.sum(axis=2))


def _cube(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Long projection rows → (codes, years, array M × Y × A)."""
    codes, m_idx = np.unique(frame[MUNICIPALITY].to_numpy(dtype=str), return_inverse=True)
    years, y_idx = np.unique(frame[YEAR].to_numpy(dtype=int), return_inverse=True)
    ages = frame[AGE].to_numpy(dtype=int)
    assert ages.min() == 0 and ages.max() >= MAX_AGE - 1, "projection ages must run 0..99 or 0..100"
    cube = np.zeros((len(codes), len(years), MAX_AGE + 1))
    cube[m_idx, y_idx, ages] = frame[VALUE].to_numpy(dtype=float)
    return codes, years, cube


def _previous_cohort(pop: np.ndarray) -> np.ndarray:
    """For each target age a ≥ 1 the cohort it comes from one year earlier (99 and 100+ merge into 100+)."""
    prev = np.zeros_like(pop)
    prev[..., 1:MAX_AGE] = pop[..., 0 : MAX_AGE - 1]
    prev[..., MAX_AGE] = pop[..., MAX_AGE - 1] + pop[..., MAX_AGE]
    return prev


def _parents(pop: np.ndarray) -> np.ndarray:
    """Residents aged 20–44 (the denominator of the birth ratio)."""
    return np.asarray(pop[..., PARENT_AGES[0] : PARENT_AGES[1] + 1].sum(axis=-1))


def _calibrate(cube: np.ndarray, birth_cap: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ratios, birth ratios and additive inflows that reproduce an annual cube exactly (ratios above RATIO_CAP,
    and birth ratios above birth_cap when given, are capped and the rest carried as inflow)."""
    prev = _previous_cohort(cube[:, :-1])
    nxt = cube[:, 1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(prev > 0, nxt / prev, 0.0)
    ratio = np.minimum(ratio, RATIO_CAP)
    ratio[..., 0] = 0.0
    inflow = nxt - ratio * prev
    inflow[..., 0] = 0.0
    parents = _parents(cube[:, :-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        birth = np.where(parents > 0, nxt[..., 0] / parents, 0.0)
    if birth_cap is not None:
        birth = np.minimum(birth, birth_cap)
    inflow[..., 0] = nxt[..., 0] - birth * parents
    return ratio, birth, np.maximum(inflow, 0.0)


def _bridge(path: np.ndarray, target: np.ndarray) -> np.ndarray:
    """A modelled segment (M × n+1 years × A ages) between two published years, carried to the later year's
    published ages (target, M × A) cohort by cohort; the open last age is not published and stays modelled.

    Each cohort's gap (published minus modelled at the later year) comes in equal steps over the n years for a
    cohort alive at the earlier year, which starts at its own published size, as a steady net migration would;
    a cohort born inside the window has no published start, and its gap is chiefly births the model's birth
    ratio did not produce (Kökar's 2019-edition ratio gives no births, its 2035 has 14 children under 11), so
    it is carried from birth. The total then runs smoothly into the published year instead of jumping in the
    year before it (Kökar was 206 in 2034 against 232 published for 2035). A negative gap may not take a
    modelled cohort below zero in a year between; the published year itself is always met exactly.
    """
    n = path.shape[1] - 1
    ages = np.arange(path.shape[2])
    gap = target - path[:, n]
    out = path.copy()
    for t in range(1, n + 1):
        at_hi = ages + (n - t)  # each age's age at the later published year
        known = at_hi < ages[-1]  # cohorts that reach the open group have no published figure to aim at
        weight = np.where(ages < t, 1.0, t / n)  # age < t: born after the earlier published year
        out[:, t, known] = np.maximum(path[:, t, known] + weight[known] * gap[:, at_hi[known]], 0.0)
    out[:, n, :-1] = target[:, :-1]  # exactly as published (the weights are 1 there; this drops rounding)
    return out


def _death_probability(cube: np.ndarray) -> np.ndarray:
    """National death probabilities by year and age, estimated from the projection's national cohort changes.

    From age 60 on, one minus the national cohort-change ratio is almost all mortality (international moves are
    small there); below 60 immigration masks it, so a Gompertz curve fitted on ages 60–90 is extended downwards.
    """
    nat = cube.sum(axis=0)
    prev = _previous_cohort(nat[:-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1.0 - np.where(prev > 0, nat[1:] / prev, 1.0)
    ages = np.arange(MAX_AGE + 1)
    fit = (ages >= 60) & (ages <= 90)
    out = np.empty_like(q)
    for j in range(q.shape[0]):  # ≤ 21 years: a tiny loop over years, not municipalities
        slope, intercept = np.polyfit(ages[fit], np.log(np.clip(q[j, fit], 1e-6, None)), 1)
        gompertz = np.exp(intercept + slope * ages)
        out[j] = np.where(ages >= 60, q[j], gompertz)
    out[:, 0] = 0.0
    return np.clip(out, 0.0, 0.95)


def life_expectancy(death_prob: np.ndarray) -> float:
    """Life expectancy at birth from death probabilities by age (open group 100+ closed geometrically)."""
    q = np.clip(np.asarray(death_prob, dtype=float), 0.0, 1.0)
    survival = np.cumprod(1.0 - q[1:])  # alive at exact ages 1..100
    alive = np.concatenate([[1.0], survival])
    years_lived = 0.5 * (alive[:-1] + alive[1:])
    tail = alive[-1] / max(q[-1], 1e-3)  # the 100+ group lives on with the last death probability
    return float(years_lived.sum() + tail)


def mortality_factor(death_prob: np.ndarray, change_years: float) -> float:
    """Factor k on death probabilities that shifts life expectancy at birth by change_years (bisection)."""
    if abs(change_years) < 1e-9:
        return 1.0
    target = life_expectancy(death_prob) + change_years
    low, high = 0.05, 5.0
    for _ in range(50):
        mid = (low + high) / 2
        if life_expectancy(np.clip(death_prob * mid, 0.0, 0.99)) > target:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def _run(
    start: np.ndarray,
    ratio: np.ndarray,
    birth: np.ndarray,
    inflow: np.ndarray,
) -> np.ndarray:
    """Roll a population forward with given ratios (no levers); start is (M, A)."""
    m, steps, a = ratio.shape
    out = np.empty((m, steps + 1, a))
    out[:, 0] = start
    for j in range(steps):
        pop = ratio[:, j] * _previous_cohort(out[:, j]) + inflow[:, j]
        pop[:, 0] = birth[:, j] * _parents(out[:, j]) + inflow[:, j, 0]
        out[:, j + 1] = pop
    return out


def _baseline_2019(cube: np.ndarray, codes: np.ndarray, years: np.ndarray) -> Baseline:
    ratio, birth, inflow = _calibrate(cube)
    return Baseline(
        edition="2019",
        codes=codes,
        years=years,
        population=cube,
        ratio=ratio,
        birth_ratio=birth,
        inflow=inflow,
        death_prob=_death_probability(cube),
        official_years=tuple(int(y) for y in years),
    )


def _pooled_ratio(population: np.ndarray) -> np.ndarray:
    """Cohort-change ratios by municipality and age (M × A) pooled over all years of an annual cube, each shrunk
    towards the national ratio with the weight of SHRINK persons a year.

    Pooled, as year-by-year ratios of a tiny municipality jump with one person more or less. Shrunk, as the
    2019 edition is published in whole persons: a cell of a person or two carries a rounding error of up to
    half a person every year, which does not average away over the years (Kökar has no one aged 0 in any of
    its years, 0 at age 2 after 41 person-years at 1; Sund's 87-year-olds of 2024 grew from 5 to 17 by 2034
    on the unshrunk ratios). With SHRINK = 5 a municipality with 5 persons of an age a year gets half its own
    ratio, half the national one; with hundreds its own ratio stands (the shrinking alone moves Helsinki's and
    Kuopio's 2030 by less than 0.01 %).
    """
    steps = population.shape[1] - 1
    prev = _previous_cohort(population[:, :-1]).sum(axis=1) / steps  # persons a year, by target age
    nxt = population[:, 1:].sum(axis=1) / steps
    national = nxt.sum(axis=0) / np.maximum(prev.sum(axis=0), 1.0 / steps)
    return np.asarray(np.minimum((nxt + SHRINK * national) / (prev + SHRINK), RATIO_CAP))


def _baseline_2024(official: np.ndarray, years24: np.ndarray, shape: Baseline) -> Baseline:
    """Annual path for the 2024 edition: 2019-edition ratios, corrected cohort by cohort to hit 2035 and 2040.

    The shape is each municipality's cohort-change ratio by age pooled over the 2019 edition's years
    (_pooled_ratio). Each cohort alive at the earlier published year has its n annual ratios up to the later
    one multiplied by the same factor, the n-th root of (published / modelled) for its age there; a cohort born
    in between has its births multiplied by the whole of its factor. Births depend on the corrected parents,
    so the correction is repeated until it settles.
    What a factor cannot carry (an empty cohort, a published zero, a cap) is bridged along the cohort
    (_bridge); the published years are the published figures themselves, ages 0–99.
    """
    first = int(years24[0])
    years = np.arange(first, int(years24[-1]) + 1)
    offset = first - int(shape.years[0])
    steps = len(years) - 1
    ratio = np.repeat(_pooled_ratio(shape.population)[:, None, :], steps, axis=1)
    ratio[..., 0] = 0.0
    parents = _parents(shape.population[:, :-1]).sum(axis=1)
    births = shape.population[:, 1:, 0].sum(axis=1)
    birth = np.repeat((births / np.maximum(parents, 1.0))[:, None], steps, axis=1)
    inflow = np.zeros_like(ratio)
    targets = {int(y): official[:, i].copy() for i, y in enumerate(years24)}
    # The 2024 extract stops at 99 (no 100+ group): start 100+ from the 2019 edition and let the model carry it.
    targets[first][:, MAX_AGE] = shape.population[:, offset, MAX_AGE]
    ages = np.arange(MAX_AGE + 1)
    for _ in range(12):
        path = _run(targets[first], ratio, birth, inflow)
        for lo, hi in zip(years24[:-1], years24[1:], strict=True):
            lo, hi = int(lo), int(hi)
            n = hi - lo
            modelled = path[:, hi - first]
            # A published zero is left to _bridge: no factor reaches it, and the clipped one, repeated each
            # round, would crush the cohort's ratios until it emptied in the first year (Kumlinge 2035 → 2036).
            with np.errstate(divide="ignore", invalid="ignore"):
                c = np.where((modelled > 0) & (targets[hi] > 0), targets[hi] / modelled, 1.0)
            c = np.clip(c, 0.2, 5.0)
            c[:, MAX_AGE] = 1.0  # no published 100+ to aim at
            for j in range(lo - first, hi - first):
                # target age b at step j reaches age b + (hi - year after step) at the published year
                age_at_hi = np.minimum(ages + (hi - (first + j + 1)), MAX_AGE)
                # A cohort alive at the earlier published year spreads its factor over the n steps; one born
                # inside the window takes it all at birth (its births are what the shape's birth ratio got
                # wrong), as in _bridge. Spread over its own few steps instead, the correction of the youngest
                # cohorts piled up in the last years before the published one (Geta 500 → 506 into 2035).
                factor = np.where(age_at_hi < n, 1.0, c[:, age_at_hi] ** (1.0 / n))
                factor[:, 0] = c[:, age_at_hi[0]]
                ratio[:, j, 1:] *= factor[:, 1:]
                inflow[:, j, 1:] *= factor[:, 1:]
                birth[:, j] *= factor[:, 0]
                inflow[:, j, 0] *= factor[:, 0]
        np.minimum(ratio, RATIO_CAP, out=ratio)  # repeated factors must not compound into wild ratios
        np.minimum(birth, BIRTH_CAP, out=birth)
    # What the cohort factors cannot carry (an empty modelled cohort has no ratio to scale, caps stop the rest)
    # is bridged cohort by cohort from one published year to the next (_bridge), not put into the last year
    # before it; the ratios are then re-derived from that annual path so that the model reproduces it exactly.
    cube = np.empty((len(shape.codes), len(years), MAX_AGE + 1))
    cube[:, 0] = targets[first]
    for lo, hi in zip(years24[:-1], years24[1:], strict=True):
        i, k = int(lo) - first, int(hi) - first
        segment = _run(cube[:, i], ratio[:, i:k], birth[:, i:k], inflow[:, i:k])
        cube[:, i : k + 1] = _bridge(segment, targets[int(hi)])
    ratio, birth, inflow = _calibrate(cube, birth_cap=BIRTH_CAP)
    return Baseline(
        edition="2024",
        codes=shape.codes,
        years=years,
        population=cube,
        ratio=ratio,
        birth_ratio=birth,
        inflow=inflow,
        death_prob=shape.death_prob[offset : offset + steps],
        official_years=tuple(int(y) for y in years24),
    )


def build_baseline(projections: pd.DataFrame, edition: str = DEFAULT_EDITION) -> Baseline:
    """Calibrate the model to one edition of the official projection (the snapshot's official_projections)."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; expected one of {EDITIONS}")
    codes, years, cube = _cube(projections[projections[EDITION] == "2019"])
    base19 = _baseline_2019(cube, codes, years)
    movers = mover_profile(base19)  # always from the annual 2019 edition, the only annual official data
    if edition == "2019":
        return replace(base19, movers=movers)
    codes24, years24, cube24 = _cube(projections[projections[EDITION] == "2024"])
    assert np.array_equal(codes24, codes), "both editions must cover the same municipalities"
    return replace(_baseline_2024(cube24, years24, base19), movers=movers)


def _implied_movers(baseline: Baseline, rows: slice = slice(None), steps: int | None = None) -> np.ndarray:
    """The projection's implied net migration (rows × steps × age): its cohort change beyond national survival."""
    n = baseline.ratio.shape[1] if steps is None else min(steps, baseline.ratio.shape[1])
    prev = _previous_cohort(baseline.population[rows, :n])
    survival = 1.0 - baseline.death_prob[:n]
    return np.asarray((baseline.ratio[rows, :n] - survival[None]) * prev + baseline.inflow[rows, :n])


def mover_profile(baseline: Baseline, until: int = 2030) -> np.ndarray:
    """Age profile of movers (sums to 1): where the projection's implied net in-movers are, by age.

    For every municipality, year and age the projection's change beyond national survival is an implied net
    migration; summing its positive parts over municipalities and years up to `until` gives the ages at which
    people move in. Derived from the official projection, so it carries that projection's migration assumptions.
    """
    movers = _implied_movers(baseline, steps=int(np.searchsorted(baseline.years, until)))
    movers[..., 0] = 0.0  # newborns' net moves are mixed with births; the profile leaves age 0 to births
    positive = np.clip(movers, 0.0, None).sum(axis=(0, 1))
    return np.asarray(positive / positive.sum())


YOUNG_ADULTS = (18, 29)


def young_adult_profile(profile: np.ndarray) -> np.ndarray:
    """The movers' age profile within ages 18–29 only, summing to 1 (zero at other ages)."""
    low, high = YOUNG_ADULTS
    out = np.zeros_like(profile, dtype=float)
    out[low : high + 1] = profile[low : high + 1]
    total = out.sum()
    if total <= 0:  # no profile there: spread evenly over the twelve years of age
        out[low : high + 1] = 1.0
        total = out.sum()
    return out / total


def assumed_young_adult_migration(
    baseline: Baseline, code: str, years: tuple[int, int] = (2026, 2030)
) -> float:
    """The official projection's own net migration of 18–29-year-olds a year in a municipality (its mean over
    the years), as implied by its cohort change beyond national survival: where the young-adult lever starts."""
    row = baseline.index([code])[0]
    movers = _implied_movers(baseline, rows=slice(row, row + 1))
    into = baseline.years[1:]
    steps = (into >= years[0]) & (into <= years[1])
    low, high = YOUNG_ADULTS
    return float(movers[0, steps, low : high + 1].sum(axis=1).mean())


def implied_net_migration(baseline: Baseline) -> np.ndarray:
    """The baseline's implied net migration (M, Y-1): change beyond national survival and births, by year."""
    movers = _implied_movers(baseline)
    movers[..., 0] = 0.0
    return np.asarray(movers.sum(axis=2))


def project(
    baseline: Baseline,
    levers: Levers | Mapping[str, float] | None = None,
    codes: Sequence[str] | None = None,
    profile: np.ndarray | None = None,
) -> Result:
    """Project population under the levers; with neutral levers this returns the baseline's own path.

    Each year: next population = survivors + births + net migrants (+ anything held at zero). Survivors use the
    national death probabilities (scaled by the life-expectancy lever); net migrants are the projection's own
    change beyond survival (scaled by the relative lever) plus the extra movers spread by the age profile.
    """
    lv = levers if isinstance(levers, Levers) else Levers.of(levers)
    base = baseline.subset(codes) if codes is not None else baseline
    if profile is None:
        profile = baseline.movers
    years = base.years
    first_step = max(
        int(lv.start_year) - int(years[0]) - 1, 0
    )  # the step into start_year is the first changed
    neutral = (
        not any(
            (
                lv.net_migration_persons,
                lv.net_migration_rate,
                lv.net_migration_change,
                lv.young_adult_migration,
                lv.fertility_change,
            )
        )
        and not lv.life_expectancy_change
    )
    if neutral:
        first_step = len(years)  # keep the baseline bit for bit; the loop only measures its components
    young_profile = young_adult_profile(profile)
    k = mortality_factor(base.death_prob.mean(axis=0), lv.life_expectancy_change)
    pop = base.population.copy()
    m, steps = pop.shape[0], len(years) - 1
    parts = {name: np.zeros((m, steps)) for name in COMPONENTS}
    for j in range(steps):
        active = j >= first_step
        factor = k if active else 1.0
        fertility = 1.0 + lv.fertility_change / 100.0 if active else 1.0
        migration = lv.net_migration_change / 100.0 if active else 0.0
        extra = (
            lv.net_migration_persons + lv.net_migration_rate / 1000.0 * pop[:, j].sum(axis=1)
            if active
            else 0.0
        )
        q = base.death_prob[j]
        prev = _previous_cohort(pop[:, j])
        survivors = (1.0 - factor * q) * prev
        # the projection's implied net migration: its cohort change beyond national survival
        moved = (base.ratio[:, j] - (1.0 - q)) * prev + base.inflow[:, j]
        migrants = (1.0 + migration) * moved + np.multiply.outer(np.broadcast_to(extra, (m,)), profile)
        if active and lv.young_adult_migration:
            migrants += lv.young_adult_migration * young_profile
        births = (base.birth_ratio[:, j] * _parents(pop[:, j]) + base.inflow[:, j, 0]) * fertility
        survivors[:, 0] = 0.0
        migrants[:, 0] = np.broadcast_to(extra, (m,)) * profile[0]
        nxt = survivors + migrants
        nxt[:, 0] += births
        negative = nxt < 0
        held = np.where(negative, -nxt, 0.0).sum(axis=1)
        nxt[negative] = 0.0
        parts["births"][:, j] = births
        parts["deaths"][:, j] = prev.sum(axis=1) - survivors.sum(axis=1)
        parts["net_migration"][:, j] = migrants.sum(axis=1)
        parts["held_at_zero"][:, j] = held
        if active:
            pop[:, j + 1] = nxt
    total_held = float(parts["held_at_zero"].sum())
    notes = ("scenario.message.held_at_zero",) if total_held > 0.5 else ()
    return Result(
        base.edition,
        base.codes,
        years,
        pop,
        held_at_zero=total_held,
        notes=notes,
        components=parts,
        official_years=base.official_years,
    )
