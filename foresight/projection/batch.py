"""Projections for every municipality (and every indicator) at once, with the backtest and method choice.

All series of all requested indicators, at the final origin and at every backtest origin, are cut into
fixed-length windows and stacked into one matrix, so each method runs once for the whole snapshot.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from foresight.columns import INDICATOR, INTERVAL_COLUMNS, MEAN, MUNICIPALITY, VALUE, YEAR
from foresight.projection.conformal import (
    class_quantiles,
    conformal_bands,
    level_scale,
    row_factors,
    yearly_change_scale,
)
from foresight.projection.methods import (
    ANCHORED_DAMPED,
    AUTO,
    COMBINED,
    COMBINED_PARTS,
    DAMPED,
    DRIFT,
    LINEAR_IN_DATA,
    LOG_LINEAR,
    MATRIX_METHODS,
    METHOD,
    METHODS,
    MIN_POINTS,
    NAIVE,
    THETA,
    Dist,
    _pairs,
    bands,
    combine,
    damped_from_params,
    damped_means,
    damped_means_both,
    fit_damped,
    linear_means,
    linear_means_many,
    theta_means,
)
from foresight.projection.pooled import POOLED, pooled_means
from foresight.projection.store import Backtest, BacktestStore, default_store_folder

WINDOW = 15  # years of history each fit uses: long enough for a trend, short enough to follow a turn
# Rolling origins the method choice and the per-municipality scores use: the last twelve before the data's end.
BACKTEST_ORIGINS = 12
# Band widths come from more origins than the method choice: a conformal quantile needs many misses
# (at ten years ahead twelve origins give only three origins' worth) and a longer record holds more
# turns of trend, but misses from long ago describe another era. Fixed from the years before 2012:
# over population origins 1999–2010 scored to 2011, pools of 12, 16, 20, 24, 30 and all origins gave
# 80 % + 95 % interval scores (Gneiting & Raftery 2007) of 31.53, 31.04, 31.17, 32.02, 32.43, 32.43.
CALIBRATION_ORIGINS = 16
BACKTEST_HORIZON = 10  # years ahead scored at each origin (where the data reach)
DESCRIBE_HORIZON = 5  # the per-municipality sentence quotes the error this many years ahead
DEFAULT_METHOD = DRIFT  # used when an indicator is too short to backtest
PERCENT_UNITS = ("percent", "%")
POPULATION = "population"
BAND_NAMES = (MEAN, *INTERVAL_COLUMNS)

# Series status values (the page shows a note instead of a line for the last two).
OK = "ok"
TOO_LITTLE_HISTORY = "too_little_history"


@dataclass(frozen=True)
class RecentCheck:
    """One backtest origin: the trend fitted on data up to `origin`, its mean scaled miss in `target`
    over every municipality against the naive last value's (MASE, the same scale for both)."""

    method: str
    origin: int
    target: int
    trend: float
    naive: float


@dataclass
class IndicatorProjection:
    """Projections of one indicator for every municipality, every method, with backtest scores."""

    indicator: str
    unit: str
    codes: np.ndarray  # R municipality codes
    last_year: int  # the indicator's last data year (projection starts the year after)
    years: np.ndarray  # H projected years, last_year + 1 .. until
    arrays: dict[str, dict[str, np.ndarray]]  # method → band name → R × H (NaN where not projectable)
    columns: dict[str, np.ndarray]  # per-municipality summary as arrays (see `summary`)
    score_source: Any  # the score arrays, or a function computing them on first use (see score_arrays)
    methods: tuple[str, ...] = METHODS
    # method → level → band multipliers, 1 × H (one pool) or R × H (per size class, level-scaled sizes)
    calibration: dict[str, dict[int, np.ndarray]] = field(default_factory=dict)
    pooled: dict[str, np.ndarray] = field(default_factory=dict)  # method → pooled MASE per horizon
    ranking: tuple[str, ...] = ()  # methods by pooled backtest error, best first
    # method → the pooled MASE per backtest origin (origins × horizons, newest origin first; NaN where
    # that origin's target year is not observed), on the same cells as `pooled`
    by_origin: dict[str, np.ndarray] = field(default_factory=dict)
    origin_years: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=int))  # rows of by_origin
    bounds: tuple[float, float] = (-np.inf, np.inf)  # valid range the bands were clipped to
    _index: dict[str, int] = field(default_factory=dict, repr=False)
    _scores: pd.DataFrame | None = field(default=None, repr=False)
    _summary: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def score_arrays(self) -> dict[str, np.ndarray]:
        """Backtest per method × municipality × horizon (≤ 5 years): mape (%), mae, mase and n (origins
        scored), computed on first use (a page needs them for one municipality; the batch run skips them)."""
        if callable(self.score_source):
            self.score_source = self.score_source()
        return dict(self.score_source)

    @property
    def summary(self) -> pd.DataFrame:
        """One row per municipality: municipality, method (None when not projectable), chosen_by
        ("backtest" / "default"), n_points, last_year, horizon_years, status, backtest_score (MASE)."""
        if self._summary is None:
            self._summary = pd.DataFrame({MUNICIPALITY: self.codes, **self.columns})
        return self._summary

    @property
    def scores(self) -> pd.DataFrame:
        """Backtest per municipality × method × horizon: mape (%), mae (units), mase, n (origins scored)."""
        if self._scores is None:
            n_m, n_r, n_h = self.score_arrays["n"].shape
            frame = pd.DataFrame(
                {
                    MUNICIPALITY: np.tile(np.repeat(self.codes, n_h), n_m),
                    METHOD: np.repeat(np.array(self.methods, dtype=object), n_r * n_h),
                    "horizon": np.tile(np.arange(1, n_h + 1), n_m * n_r),
                    **{k: v.ravel() for k, v in self.score_arrays.items()},
                }
            )
            self._scores = frame[frame["n"] > 0].reset_index(drop=True)
        return self._scores

    def relative_mase(self, horizon: int = DESCRIBE_HORIZON) -> float | None:
        """Pooled MASE of the automatic trend `horizon` years ahead divided by the naive method's
        (below 1: better than keeping the latest value); None when not scored that far."""
        trend = next((m for m in self.ranking if m in self.pooled), None)
        if trend is None or NAIVE not in self.pooled or self.pooled[trend].size < horizon:
            return None
        ratio = float(self.pooled[trend][horizon - 1] / self.pooled[NAIVE][horizon - 1])
        return ratio if np.isfinite(ratio) else None

    def worst_recent_check(self, horizon: int = DESCRIBE_HORIZON, newest: int = 3) -> RecentCheck | None:
        """The newest of the `newest` newest backtest origins scored `horizon` years ahead where the
        automatic trend's mean scaled miss (over every municipality) was larger than the naive last
        value's; None when it was not larger at any of them, or the trend is the naive method itself."""
        trend = next((m for m in self.ranking if m in self.by_origin), None)
        if trend is None or trend == NAIVE or NAIVE not in self.by_origin:
            return None
        mine, naive = self.by_origin[trend], self.by_origin[NAIVE]
        if mine.ndim != 2 or mine.shape[1] < horizon or horizon < 1:
            return None
        mine, naive = mine[:, horizon - 1], naive[:, horizon - 1]
        scored = np.flatnonzero(np.isfinite(mine) & np.isfinite(naive))[:newest]
        for i in scored:  # newest first
            if mine[i] > naive[i]:
                origin = int(self.origin_years[i])
                return RecentCheck(trend, origin, origin + horizon, float(mine[i]), float(naive[i]))
        return None

    def row(self, code: str) -> int:
        """Row of a municipality in the arrays (KeyError if absent)."""
        if not self._index:
            self._index.update({c: i for i, c in enumerate(self.codes)})
        return self._index[code]

    def forecasts(self, method: str = AUTO, codes: Sequence[str] | None = None) -> pd.DataFrame:
        """Long frame municipality, year, mean, lower_80, upper_80, lower_95, upper_95, method.

        method "auto" takes each municipality's backtest choice; municipalities without a projection
        (too little history, or a method that cannot take the series) have no rows.
        """
        if method != AUTO and method not in self.arrays:
            raise ValueError(f"unknown method {method!r}; choose from {(AUTO, *self.methods)}")
        rows = np.arange(len(self.codes)) if codes is None else np.array([self.row(c) for c in codes], int)
        chosen = self.columns[METHOD][rows] if method == AUTO else np.full(rows.size, method)
        parts = []
        for name in sorted({c for c in chosen if isinstance(c, str)}):
            sel = rows[chosen == name]
            if name not in self.arrays or sel.size == 0:
                continue
            block = {band: self.arrays[name][band][sel].ravel() for band in BAND_NAMES}
            frame = pd.DataFrame(
                {
                    MUNICIPALITY: np.repeat(self.codes[sel], self.years.size),
                    YEAR: np.tile(self.years, sel.size),
                    **block,
                }
            )
            frame[METHOD] = name
            parts.append(frame)
        if not parts:
            return pd.DataFrame(columns=[MUNICIPALITY, YEAR, *BAND_NAMES, METHOD])
        out = pd.concat(parts, ignore_index=True)
        out = out[np.isfinite(out[MEAN].to_numpy())]
        return out.sort_values([MUNICIPALITY, YEAR], ignore_index=True)

    def at(self, year: int, method: str = AUTO, codes: Sequence[str] | None = None) -> pd.DataFrame:
        """One projected year for many municipalities (index = municipality), e.g. every peer in 2030."""
        frame = self.forecasts(method, codes)
        return frame[frame[YEAR] == year].set_index(MUNICIPALITY)


def bounds_for(unit: str, values: np.ndarray) -> tuple[float, float]:
    """Valid range: shares in % stay within 0–100 and never-negative quantities stay ≥ 0.

    Judged from the data as well as the unit, because some % indicators are not shares (job
    self-sufficiency, relative indebtedness exceed 100; population change is negative).
    """
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return -np.inf, np.inf
    lower = 0.0 if finite.min() >= 0 else -np.inf
    upper = 100.0 if unit in PERCENT_UNITS and finite.max() <= 100 and lower == 0 else np.inf
    return lower, upper


@dataclass(frozen=True)
class _Encoded:
    """Observations with municipality codes factorised once, row positions grouped by indicator."""

    codes: np.ndarray
    code_idx: np.ndarray
    years: np.ndarray
    values: np.ndarray
    groups: dict[str, np.ndarray]


def _encode(obs: pd.DataFrame) -> _Encoded:
    """Factorise codes and group rows by indicator once, so each indicator is plain numpy indexing."""
    code_idx, codes = pd.factorize(obs[MUNICIPALITY], sort=True)
    groups = {str(k): v for k, v in obs.groupby(INDICATOR, sort=False).indices.items()}
    return _Encoded(
        np.asarray(codes, dtype=object),
        code_idx,
        obs[YEAR].to_numpy(dtype=int),
        obs[VALUE].to_numpy(dtype=float),
        groups,
    )


def wide(obs: pd.DataFrame | _Encoded, indicator: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Codes (R), consecutive years (T) and values (R × T, NaN where missing) of one indicator."""
    enc = obs if isinstance(obs, _Encoded) else _encode(obs)
    pos = enc.groups.get(indicator)
    if pos is None or pos.size == 0:
        return np.array([], dtype=object), np.array([], dtype=int), np.empty((0, 0))
    present, rows = np.unique(enc.code_idx[pos], return_inverse=True)
    year = enc.years[pos]
    first, last = int(year.min()), int(year.max())
    values = np.full((present.size, last - first + 1), np.nan)
    values[rows, year - first] = enc.values[pos]
    return enc.codes[present], np.arange(first, last + 1), values


def window(values: np.ndarray, end: int, width: int = WINDOW) -> np.ndarray:
    """Columns end-width+1 .. end of values (R × width), NaN-padded on the left."""
    out = np.full((values.shape[0], width), np.nan)
    start = end - width + 1
    src = values[:, max(start, 0) : end + 1]
    out[:, width - src.shape[1] :] = src
    return out


def run_methods(
    rows: np.ndarray, horizon: int, methods: Iterable[str] = METHODS, means_only: bool = False
) -> dict[str, Dist]:
    """Every method on every row (N × W) to `horizon` years; rows with too little history stay NaN.

    The combination is averaged from its parts' results, so no part is fitted twice. means_only (the
    backtest, whose bands come from the misses): methods linear in the data give their means by matrix
    products and a scale of 1 where they project.
    """
    methods = list(methods)
    base = [m for m in methods if m != COMBINED]
    if COMBINED in methods:
        base += [m for m in COMBINED_PARTS if m not in base]
    idx = np.flatnonzero((~np.isnan(rows)).sum(axis=1) >= MIN_POINTS)
    every = idx.size == rows.shape[0]
    sub = rows if every else rows[idx]
    n, shape = rows.shape[0], (rows.shape[0], horizon)
    ones = np.broadcast_to(np.float64(1.0), shape)  # means_only: the scale is not used, never copied
    out: dict[str, Dist] = {}
    shared: dict[str, np.ndarray] = {}
    fitted: dict[str, np.ndarray] | None = None
    if means_only and idx.size:
        with np.errstate(all="ignore"):
            shared = linear_means_many(sub, horizon, [m for m in base if m in LINEAR_IN_DATA])
            if DAMPED in base and ANCHORED_DAMPED in base:  # one fit for both
                shared[DAMPED], shared[ANCHORED_DAMPED] = damped_means_both(sub, horizon)
    for name in base:
        df = np.full((n, 1), np.inf)
        log = name == LOG_LINEAR
        if means_only:
            with np.errstate(all="ignore"):
                if name in shared:
                    means = shared[name]
                elif name in MEANS_ONLY:
                    means = MEANS_ONLY[name](sub, horizon, name) if idx.size else np.empty((0, horizon))
                else:
                    dist = MATRIX_METHODS[name](sub, horizon) if idx.size else None
                    means = dist.loc if dist is not None else np.empty((0, horizon))
                    if dist is not None:
                        means[~np.isfinite(dist.scale).all(axis=1)] = np.nan
                        log = dist.log
            means[~np.isfinite(means).all(axis=1)] = np.nan
            if every:
                loc = means
            else:
                loc = np.full(shape, np.nan)
                loc[idx] = means
            out[name] = Dist(loc, ones, df, log)
            continue
        loc, scale = np.full(shape, np.nan), np.full(shape, np.nan)
        if idx.size:
            with np.errstate(all="ignore"):
                if name in (DAMPED, ANCHORED_DAMPED):  # one fit for both
                    fitted = fitted if fitted is not None else fit_damped(sub)
                    dist = damped_from_params(sub, horizon, fitted, anchored=name == ANCHORED_DAMPED)
                else:
                    dist = MATRIX_METHODS[name](sub, horizon)
            ok = np.isfinite(dist.loc).all(axis=1) & np.isfinite(dist.scale).all(axis=1)
            loc[idx[ok]], scale[idx[ok]], df[idx[ok]] = dist.loc[ok], dist.scale[ok], dist.df[ok]
            log = dist.log
        out[name] = Dist(loc, scale, df, log)
    if COMBINED in methods:
        parts = [out[m] for m in COMBINED_PARTS]
        if means_only:
            total = parts[0].loc.copy()
            for p in parts[1:]:
                total += p.loc
            out[COMBINED] = Dist(total / len(parts), ones, np.full((n, 1), np.inf))
        else:
            out[COMBINED] = combine(parts)
    return {m: out[m] for m in methods}


def _damped(rows: np.ndarray, horizon: int, name: str) -> np.ndarray:
    return damped_means(rows, horizon, anchored=name == ANCHORED_DAMPED)


# Backtest shortcuts: means without the prediction variance (bands come from the pooled misses).
def _theta(rows: np.ndarray, horizon: int, name: str) -> np.ndarray:
    return theta_means(rows, horizon)


MEANS_ONLY: dict[str, Any] = {
    **dict.fromkeys(LINEAR_IN_DATA, linear_means),
    DAMPED: _damped,
    ANCHORED_DAMPED: _damped,
    THETA: _theta,
}


@dataclass
class _Job:
    """Bookkeeping for one indicator inside the stacked matrix."""

    indicator: str
    unit: str
    codes: np.ndarray
    years: np.ndarray
    values: np.ndarray
    final: slice = field(default_factory=lambda: slice(0))
    origins: list[tuple[int, slice]] = field(default_factory=list)  # (origin column, rows)


def project_many(
    obs: pd.DataFrame,
    catalogue: pd.DataFrame | None = None,
    indicators: Sequence[str] | None = None,
    until: int = 2030,
    methods: Sequence[str] = METHODS,
    calibrate: bool = True,
    official: pd.DataFrame | None = None,
    store: BacktestStore | None = None,
) -> dict[str, IndicatorProjection]:
    """Project every municipality of each indicator to `until`, all methods, backtest and choice included.

    calibrate gives split-conformal bands from the pooled out-of-sample misses (False: the methods'
    own theoretical bands). official (official.totals output) adds, for population, the average of
    the trend and the newest official projection published from data up to the last observed year.
    store (BacktestStore) keeps each indicator's backtest summary keyed by its data, unit, methods and
    this code, so a later run over the same observations only computes the forecasts.
    """
    units = {} if catalogue is None else dict(zip(catalogue["id"], catalogue["unit"], strict=False))
    ids = list(indicators) if indicators is not None else sorted(obs[INDICATOR].unique())
    jobs: list[_Job] = []
    final: list[np.ndarray] = []
    job_bounds: dict[int, tuple[float, float, int]] = {}
    bounds: dict[str, list[np.ndarray]] = {"final_lo": [], "final_hi": []}
    n_final = 0
    enc = _encode(obs)
    for ind in ids:
        codes, years, values = wide(enc, ind)
        if codes.size == 0:
            continue
        job = _Job(ind, str(units.get(ind, "")), codes, years, values)
        lo, hi = bounds_for(job.unit, values)
        width = window_width(values)
        last = years.size - 1
        final.append(window(values, last, width))
        job.final = slice(n_final, n_final + codes.size)
        n_final += codes.size
        bounds["final_lo"].append(np.full(codes.size, lo))
        bounds["final_hi"].append(np.full(codes.size, hi))
        job_bounds[id(job)] = (lo, hi, width)
        n_back = max(CALIBRATION_ORIGINS, BACKTEST_ORIGINS)
        ends = range(last - 1, max(last - n_back, MIN_POINTS - 1) - 1, -1)
        job.origins = [(end, slice(0)) for end in ends]  # rows are placed when the backtest is stacked
        jobs.append(job)
    if not jobs:
        return {}
    horizon = max(max(until - int(j.years[-1]) for j in jobs), 1)
    lows, highs = np.concatenate(bounds["final_lo"]), np.concatenate(bounds["final_hi"])
    meths = tuple(methods)
    job_methods = {job.indicator: _methods_for(job, meths) for job in jobs}
    keys = (
        {job.indicator: store.key(job, job_methods[job.indicator]) for job in jobs}
        if store is not None
        else {}
    )
    done = {k: bt for k, bt in ((k, store.get(k)) for k in keys.values()) if bt is not None} if store else {}
    todo = [job for job in jobs if keys.get(job.indicator) not in done]
    scored: dict[str, Dist] = {}
    test_bounds = (np.empty(0), np.empty(0))
    with _single_thread_blas():
        results = _run_stacked(final, horizon, methods)
        if todo:
            # Only the indicators whose backtest is not stored yet go through it, in one stacked run:
            # each indicator's windows at every origin (newest first), one block of rows per origin.
            tests: list[np.ndarray] = []
            tlo: list[np.ndarray] = []
            thi: list[np.ndarray] = []
            n_test = 0
            for job in todo:
                lo, hi, width = job_bounds[id(job)]
                origins = []
                for end, _ in job.origins:
                    tests.append(window(job.values, end, width))
                    origins.append((end, slice(n_test, n_test + job.codes.size)))
                    n_test += job.codes.size
                    tlo.append(np.full(job.codes.size, lo))
                    thi.append(np.full(job.codes.size, hi))
                job.origins = origins
            scored = _run_stacked(tests, BACKTEST_HORIZON, methods, means_only=True)
            test_bounds = (_concat(tlo), _concat(thi))
            _add_pooled(scored, [(job, job.origins) for job in todo if POOLED in job_methods[job.indicator]])
        _add_pooled(
            results,
            [
                (job, [(job.years.size - 1, job.final)])
                for job in jobs
                if POOLED in job_methods[job.indicator]
            ],
        )
    out = {}
    for job in jobs:
        key = keys.get(job.indicator)
        if key in done:
            bt = done[key]
        else:
            bt = _backtest(
                job, scored, test_bounds, job_methods[job.indicator], _relative(job, (lows, highs))
            )
            if store is not None and key is not None:
                store.put(key, bt)
        path = None
        if official is not None and job.indicator == POPULATION:
            from foresight.projection.official import anchored_path

            last_col = job.values[:, -1]
            path = anchored_path(official, job.codes, int(job.years[-1]), last_col, until)
        out[job.indicator] = _assemble(
            job, results, bt, (lows, highs), until, job_methods[job.indicator], calibrate, path
        )
    return out


POOLED_INDICATORS = frozenset({POPULATION})  # where the cross-municipality model was checked (pooled.py)


def _methods_for(job: _Job, methods: tuple[str, ...]) -> tuple[str, ...]:
    """The methods run for one indicator: the pooled model's average joins the combined trend's for
    population (it needs the combined trend, and it was only checked on population)."""
    if job.indicator in POOLED_INDICATORS and COMBINED in methods and POOLED not in methods:
        return (*methods, POOLED)
    return methods


def _add_pooled(out: dict[str, Dist], blocks: list[tuple[_Job, list[tuple[int, slice]]]]) -> None:
    """Put the method "pooled" into stacked results (in place): for each job, at each (origin column,
    rows) block, the average of the combined trend there and the model fitted on the job's whole panel
    up to that column. Rows of other indicators stay NaN."""
    if not blocks or COMBINED not in out:
        return
    comb = out[COMBINED]
    loc = np.full(comb.loc.shape, np.nan)
    for job, origins in blocks:
        for end, rows in origins:
            loc[rows] = pooled_means(job.values, end, comb.loc[rows])
    out[POOLED] = Dist(loc, comb.scale, comb.df, comb.log)


def _single_thread_blas() -> AbstractContextManager[object]:
    """One BLAS thread for the products here: on two shared cores extra threads mostly spin (≈30 % CPU)."""
    try:
        from threadpoolctl import threadpool_limits  # installed with scikit-learn
    except ImportError:  # pragma: no cover - optional
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _concat(parts: list[np.ndarray]) -> np.ndarray:
    """Concatenate, allowing an empty list."""
    return np.concatenate(parts) if parts else np.empty(0)


def window_width(values: np.ndarray) -> int:
    """Window in years: WINDOW observations' worth, so series observed every fourth year get a longer one."""
    observed = np.flatnonzero((~np.isnan(values)).any(axis=0))
    step = int(np.median(np.diff(observed))) if observed.size > 1 else 1
    return WINDOW * max(step, 1)


def _run_stacked(
    blocks: list[np.ndarray], horizon: int, methods: Sequence[str], means_only: bool = False
) -> dict[str, Dist]:
    """Stack windows of equal width and run every method once per width; rows keep their stacked order."""
    total = sum(b.shape[0] for b in blocks)
    if not blocks:
        empty = np.full((0, horizon), np.nan)
        return {m: Dist(empty, empty, np.full((0, 1), np.inf)) for m in methods}
    widths = np.concatenate([np.full(b.shape[0], b.shape[1]) for b in blocks])
    groups = np.unique(widths)
    if groups.size == 1:
        return run_methods(np.vstack(blocks), horizon, methods, means_only)
    shape = (total, horizon)
    ones = np.broadcast_to(np.float64(1.0), shape)
    # np.empty: the width groups cover every row, so each row is written below (no fill pass first)
    out = {
        m: Dist(
            np.empty(shape),
            ones if means_only else np.empty(shape),
            np.empty((total, 1)),
        )
        for m in methods
    }
    for width in groups:
        sel = np.flatnonzero(widths == width)
        part = run_methods(
            np.vstack([b for b in blocks if b.shape[1] == width]), horizon, methods, means_only
        )
        for m in methods:
            out[m].loc[sel], out[m].df[sel] = part[m].loc, part[m].df
            if not means_only:
                out[m].scale[sel] = part[m].scale
            out[m] = Dist(out[m].loc, out[m].scale, out[m].df, part[m].log)
    return out


def _backtest_errors(
    job: _Job,
    scored: dict[str, Dist],
    bounds: tuple[np.ndarray, np.ndarray],
    methods: tuple[str, ...],
    scale: np.ndarray,
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Errors per method (R × origins × horizons), the actual values, and each origin's scale (R × origins)."""
    rows, n_orig = job.codes.size, len(job.origins)
    if n_orig == 0:
        empty = np.full((rows, 0, BACKTEST_HORIZON), np.nan)
        return {m: empty for m in methods}, empty, np.full((rows, 0), np.nan)
    # The job's backtest rows are one block, origin by origin: (origins × R) → R × origins.
    block = slice(job.origins[0][1].start, job.origins[-1][1].stop)
    ends = np.array([end for end, _ in job.origins])
    cols = ends[:, None] + np.arange(1, BACKTEST_HORIZON + 1)[None, :]  # origins × H
    padded = np.concatenate([job.values, np.full((rows, BACKTEST_HORIZON), np.nan)], axis=1)
    actual = padded[:, cols]  # R × origins × H (NaN past the data's end)
    lo = bounds[0][block].reshape(n_orig, rows)[0][:, None, None]
    hi = bounds[1][block].reshape(n_orig, rows)[0][:, None, None]
    err = {}
    with np.errstate(all="ignore"):
        for m in methods:
            d = scored[m]
            loc = d.loc[block].reshape(n_orig, rows, -1).transpose(1, 0, 2)
            mean = np.minimum(np.maximum(np.exp(loc) if d.log else loc, lo), hi)
            err[m] = mean - actual
    return err, actual, scale[:, ends]


MIN_SHARE_SCORED = 0.9  # a method scored on fewer cells than this share of the best-covered one is not chosen


def pooled_scores(
    errs: dict[str, np.ndarray], origin_scale: np.ndarray, z: dict[str, np.ndarray] | None = None
) -> tuple[dict[str, np.ndarray], set[str], dict[str, np.ndarray]]:
    """Per method: mean |miss| / scale per horizon over every municipality and origin where every
    competing method was scored (a fair comparison on the same cells); NaN for horizons with no such
    cell. Returns the scores, the competing methods: those scored on at least MIN_SHARE_SCORED of
    the cells the best-covered method was (log-linear drops out where series turn negative); the
    others are scored on their own cells, and the same mean on the same cells per origin: method →
    origins × horizons (NaN where no cell was scored, e.g. a target year past the data's end; the
    pooled score is their average weighted by cell counts). z: the absolute scaled misses, when
    already computed."""
    methods = list(errs)
    if not methods:
        return {}, set(), {}
    if z is None:
        with np.errstate(all="ignore"):
            z = {m: np.abs(errs[m]) / origin_scale[:, :, None] for m in methods}
    finite = {m: np.isfinite(z[m]) for m in methods}
    counts = {m: int(finite[m].sum()) for m in methods}
    most = max(counts.values())
    competing = {m for m in methods if most > 0 and counts[m] >= MIN_SHARE_SCORED * most}
    common = np.logical_and.reduce([finite[m] for m in competing]) if competing else None
    out, per_origin = {}, {}
    for m in methods:
        cells = common if m in competing else finite[m]
        assert cells is not None
        masked = np.where(cells, z[m], 0.0)
        n = cells.sum(axis=(0, 1))
        total = masked.sum(axis=(0, 1))
        with np.errstate(all="ignore"):
            out[m] = np.where(n > 0, total / n, np.nan)
            n_o, total_o = cells.sum(axis=0), masked.sum(axis=0)  # origins × horizons
            per_origin[m] = np.where(n_o > 0, total_o / n_o, np.nan)
    return out, competing, per_origin


def _choose(
    pooled: dict[str, np.ndarray], methods: tuple[str, ...], competing: set[str] | None = None
) -> list[str]:
    """Methods ranked by pooled MASE averaged over the scored horizons (best first); the competing
    methods first, then the others, unscored last."""
    mean = {
        m: float(np.nanmean(v)) if np.isfinite(v).any() and (competing is None or m in competing) else np.inf
        for m, v in pooled.items()
    }
    scored = sorted((m for m in methods if np.isfinite(mean.get(m, np.inf))), key=lambda m: mean[m])
    rest = [m for m in methods if m not in scored and m in pooled and np.isfinite(pooled[m]).any()]
    rest = sorted(rest, key=lambda m: float(np.nanmean(pooled[m])))
    rest += [m for m in methods if m not in scored and m not in rest]
    if DEFAULT_METHOD in rest:
        rest.remove(DEFAULT_METHOD)
        rest.insert(0, DEFAULT_METHOD)
    return scored + rest


def _relative(job: _Job, final_bounds: tuple[np.ndarray, np.ndarray]) -> bool:
    """Misses scaled by the level (never-negative sizes) rather than by the yearly change."""
    return job.unit not in PERCENT_UNITS and final_bounds[0][job.final][:1].tolist() == [0.0]


def _job_scale(job: _Job, relative: bool) -> tuple[int, np.ndarray, np.ndarray]:
    """Window width, the scale at every column (misses are divided by it) and the MASE scale per row."""
    width = window_width(job.values)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        scale_all = level_scale(job.values) if relative else yearly_change_scale(job.values, width)
        # Scale of the series: mean absolute year-to-year change (MASE denominator), so scores compare.
        if width == WINDOW:
            scale = np.nanmean(np.abs(np.diff(job.values, axis=1)), axis=1)
        else:  # per-year changes across gaps (election years)
            diffs, gaps, _ = _pairs(job.values)
            scale = np.nanmean(np.abs(diffs) / gaps, axis=1)
        scale = np.where(scale > 0, scale, np.nan)
    return width, scale_all, scale


def _backtest(
    job: _Job,
    scored: dict[str, Dist],
    test_bounds: tuple[np.ndarray, np.ndarray],
    methods: tuple[str, ...],
    relative: bool,
) -> Backtest:
    """Score one indicator's backtest rows: conformal quantiles, pooled scores, per-row scores."""
    width, scale_all, scale = _job_scale(job, relative)
    # The scale now; where a series never changed in the window, the indicator's typical scale.
    final_scale = scale_all[:, -1]
    typical = np.nanmedian(final_scale) if np.isfinite(final_scale).any() else np.nan
    final_scale = np.where(np.isfinite(final_scale), final_scale, typical)
    errs_all, actual, origin_scale = _backtest_errors(job, scored, test_bounds, methods, scale_all)
    with np.errstate(all="ignore"):
        zs_all = {m: np.abs(errs_all[m]) / origin_scale[:, :, None] for m in methods}
    q, final_class = class_quantiles(zs_all, origin_scale, final_scale, relative)
    # The method choice and the per-municipality scores: the newest BACKTEST_ORIGINS origins only.
    recent = slice(0, BACKTEST_ORIGINS)  # origins are ordered newest first
    errs = {m: e[:, recent] for m, e in errs_all.items()}
    zs = {m: z[:, recent] for m, z in zs_all.items()}
    actual, origin_scale = actual[:, recent], origin_scale[:, recent]
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        pooled, competing, by_origin = pooled_scores(errs, origin_scale, zs)
        row_mase = {}
        for m in errs:
            mae = np.nanmean(np.abs(errs[m][:, :, :DESCRIBE_HORIZON]), axis=1)
            row_mase[m] = np.nanmean(mae / scale[:, None], axis=1)
    scored_methods = tuple(m for m in methods if m in errs)
    scores = _score_arrays(errs, actual, scale, scored_methods)
    ranking = tuple(_choose(pooled, methods, competing))
    ends = [end for end, _ in job.origins][recent]
    return Backtest(
        q=q,
        final_class=final_class,
        pooled=pooled,
        by_origin=by_origin,
        origin_years=np.asarray(job.years[ends], dtype=int),
        row_mase=row_mase,
        ranking=ranking,
        width=width,
        final_scale=final_scale,
        scores=scores,
    )


def _assemble(
    job: _Job,
    results: dict[str, Dist],
    bt: Backtest,
    final_bounds: tuple[np.ndarray, np.ndarray],
    until: int,
    methods: tuple[str, ...],
    calibrate: bool,
    official_path: np.ndarray | None = None,
) -> IndicatorProjection:
    """Cut one indicator's rows out of the stacked results, calibrate from its backtest, choose the method.

    The method is chosen once for the indicator, by the pooled error over every municipality and origin
    (a municipality where it cannot project takes the next best); bands are split-conformal.
    official_path (R × H, population only) adds the average of the chosen trend and Statistics Finland's
    projection as the method "with_official", the default where it exists.
    """
    last_year = int(job.years[-1])
    n_out = max(until - last_year, 0)
    width, final_scale = bt.width, bt.final_scale
    lo, hi = final_bounds[0][job.final][:, None], final_bounds[1][job.final][:, None]
    arrays: dict[str, dict[str, np.ndarray]] = {}
    calibration: dict[str, dict[int, np.ndarray]] = {}
    for m in methods:
        d = results[m]
        dist = Dist(d.loc[job.final, :n_out], d.scale[job.final, :n_out], d.df[job.final], d.log)
        if m == LOG_LINEAR and (lo.size == 0 or lo[0, 0] != 0):
            # Constant % change is meaningless for quantities that can turn negative (net flows,
            # margins), even where one municipality's history happens to stay positive.
            dist = Dist(np.full_like(dist.loc, np.nan), dist.scale, dist.df, dist.log)
        factors = None
        if calibrate and n_out > 0:
            factors = row_factors(bt.q[m], bt.final_class, n_out)
            if not np.isfinite(factors[80]).all():
                factors = None
        with np.errstate(all="ignore"):
            if factors is None:
                arrays[m] = bands(dist, (lo, hi))
            else:
                calibration[m] = factors
                mean = np.exp(dist.loc) if dist.log else dist.loc
                ok = np.isfinite(dist.scale).all(axis=1, keepdims=True)
                arrays[m] = conformal_bands(np.where(ok, mean, np.nan), final_scale, factors, (lo, hi))
    pooled = bt.pooled
    ranking = list(bt.ranking)
    available = {m: np.isfinite(arrays[m][MEAN]).all(axis=1) & (n_out > 0) for m in methods}
    rows = job.codes.size
    chosen = np.full(rows, None, dtype=object)
    for m in reversed(ranking):  # the best available method wins
        chosen = np.where(available[m], m, chosen)
    has_score = bool(ranking) and np.isfinite(pooled.get(ranking[0], np.array([np.nan]))).any()
    trend_method = chosen.copy()
    if official_path is not None and n_out > 0:
        arrays, chosen, methods = _with_official(
            arrays, chosen, methods, official_path[:, :n_out], final_scale, calibration, (lo, hi)
        )
    projectable = np.array([c is not None for c in chosen])
    n_points = (~np.isnan(window(job.values, job.years.size - 1, width))).sum(axis=1)
    last_obs = job.years[job.years.size - 1 - np.argmax(~np.isnan(job.values[:, ::-1]), axis=1)]

    def score_source() -> dict[str, np.ndarray]:
        out = bt.score_arrays()
        if WITH_OFFICIAL in methods:  # no past editions to score it on: it has no backtest rows
            empty = {k: np.full_like(v[:1], np.nan if k != "n" else 0) for k, v in out.items()}
            out = {k: np.concatenate([v, empty[k]]) for k, v in out.items()}
        return out

    row_score = np.full(rows, np.nan)
    for name in {c for c in chosen if isinstance(c, str) and c in bt.row_mase}:
        sel = chosen == name
        row_score[sel] = bt.row_mase[name][sel]
    columns = {
        METHOD: chosen,
        "chosen_by": np.full(rows, "backtest" if has_score else "default", dtype=object),
        "n_points": n_points,
        "last_year": last_obs,
        "horizon_years": until - last_obs,
        "status": np.where(projectable, OK, TOO_LITTLE_HISTORY).astype(object),
        "backtest_score": row_score,
        "trend_method": trend_method,  # the chosen trend (the part averaged with the official projection)
    }
    return IndicatorProjection(
        indicator=job.indicator,
        unit=job.unit,
        codes=job.codes,
        last_year=last_year,
        years=np.arange(last_year + 1, last_year + 1 + n_out),
        arrays=arrays,
        columns=columns,
        score_source=score_source,
        methods=methods,
        calibration=calibration,
        bounds=(float(lo[0, 0]), float(hi[0, 0])) if lo.size else (-np.inf, np.inf),
        pooled=pooled,
        ranking=tuple(ranking),
        by_origin=bt.by_origin,
        origin_years=bt.origin_years,
    )


WITH_OFFICIAL = "with_official"


def _with_official(
    arrays: dict[str, dict[str, np.ndarray]],
    chosen: np.ndarray,
    methods: tuple[str, ...],
    path: np.ndarray,
    scale: np.ndarray,
    calibration: dict[str, dict[int, np.ndarray]],
    bounds: tuple[np.ndarray, np.ndarray],
) -> tuple[dict[str, dict[str, np.ndarray]], np.ndarray, tuple[str, ...]]:
    """Add the average of each municipality's chosen trend and the official projection (where it has
    one), with the trend's own band widths; it becomes the automatic choice wherever it exists.

    Averaging two forecasts made in different ways is the classic way to cut the error (Bates &
    Granger 1969); it could not be backtested, because the snapshot holds no edition before 2019.
    """
    rows, n_out = path.shape
    trend = np.full((rows, n_out), np.nan)
    for m in {c for c in chosen if isinstance(c, str)}:
        sel = chosen == m
        trend[sel] = arrays[m][MEAN][sel]
    mean = (trend + path) / 2
    ok = np.isfinite(mean).all(axis=1)
    mean = np.where(ok[:, None], mean, np.nan)
    out = {band: np.full((rows, n_out), np.nan) for band in BAND_NAMES}
    for m in {c for c in chosen if isinstance(c, str)}:
        sel = chosen == m
        factors = calibration.get(m)
        if factors is not None:
            factors = {lv: f if f.shape[0] == 1 else f[sel] for lv, f in factors.items()}
            part = conformal_bands(mean[sel], scale[sel], factors, (bounds[0][sel], bounds[1][sel]))
        else:  # no calibration: the trend's own band half-widths around the new mean
            part = {band: mean[sel] + arrays[m][band][sel] - arrays[m][MEAN][sel] for band in BAND_NAMES}
        for band in BAND_NAMES:
            out[band][sel] = part[band]
    arrays = {**arrays, WITH_OFFICIAL: out}
    chosen = np.where(ok, WITH_OFFICIAL, chosen)
    return arrays, chosen, (*methods, WITH_OFFICIAL)


def _score_arrays(
    errs: dict[str, np.ndarray], actual: np.ndarray, scale: np.ndarray, methods: tuple[str, ...]
) -> dict[str, np.ndarray]:
    """Backtest errors per method × municipality × horizon: MAPE (%), MAE (units), MASE and count."""
    e = np.stack([errs[m][:, :, :DESCRIBE_HORIZON] for m in methods])  # M × R × origins × H (≤ 5 years)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices: no origin reached that horizon
        actual = actual[:, :, :DESCRIBE_HORIZON]
        ape = np.abs(e) / np.where(actual > 0, actual, np.nan)[None] * 100
        mae = np.nanmean(np.abs(e), axis=2)
        return {
            "mape": np.nanmean(ape, axis=2),
            "mae": mae,
            "mase": mae / scale[None, :, None],
            "n": np.isfinite(e).sum(axis=2),
        }


def project_indicator(
    obs: pd.DataFrame,
    indicator: str,
    method: str = AUTO,
    until: int = 2030,
    catalogue: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Long frame municipality, year, mean, lower_80, upper_80, lower_95, upper_95, method for one indicator."""
    result = project_many(obs, catalogue, [indicator], until).get(indicator)
    if result is None:
        return pd.DataFrame(columns=[MUNICIPALITY, YEAR, *BAND_NAMES, METHOD])
    return result.forecasts(method)


def projectable_indicators(obs: pd.DataFrame) -> list[str]:
    """Indicators with at least MIN_POINTS distinct years (single-year figures cannot be projected)."""
    years = obs.groupby(INDICATOR)[YEAR].nunique()
    return sorted(years[years >= MIN_POINTS].index)


SNAPSHOT_STORE = BacktestStore(default_store_folder())


@lru_cache(maxsize=4)
def _snapshot_cached(folder: str, stamp: float, until: int) -> dict[str, IndicatorProjection]:
    """The whole snapshot's projections, keyed by the snapshot folder and its modification time."""

    from foresight.projection.official import totals
    from foresight.snapshot import load_table

    obs = load_table("observations", Path(folder))
    catalogue = load_table("indicators", Path(folder))
    official = totals(load_table("official_projections", Path(folder)))
    ids = projectable_indicators(obs)
    return project_many(obs, catalogue, ids, until, official=official, store=SNAPSHOT_STORE)


def project_snapshot(until: int = 2030) -> dict[str, IndicatorProjection]:
    """Every projectable indicator × municipality of the current snapshot, cached per snapshot and year."""
    from foresight.snapshot import snapshot_dir

    folder = snapshot_dir()
    stamp = (folder / "observations.parquet").stat().st_mtime
    return _snapshot_cached(str(folder), stamp, until)
