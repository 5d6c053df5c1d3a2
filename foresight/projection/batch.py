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

import numpy as np
import pandas as pd

from foresight.columns import INDICATOR, INTERVAL_COLUMNS, MEAN, MUNICIPALITY, VALUE, YEAR
from foresight.projection.methods import (
    AUTO,
    DRIFT,
    LOG_LINEAR,
    MATRIX_METHODS,
    METHOD,
    METHODS,
    MIN_POINTS,
    Dist,
    _pairs,
    bands,
    t_quantile,
)

WINDOW = 15  # years of history each fit uses: long enough for a trend, short enough to follow a turn
BACKTEST_ORIGINS = 6  # rolling origins: the last six years before the data's end
BACKTEST_HORIZON = 5  # years ahead scored at each origin
DEFAULT_METHOD = DRIFT  # used when a series is too short to backtest
PERCENT_UNITS = ("percent", "%")
BAND_NAMES = (MEAN, *INTERVAL_COLUMNS)

# Series status values (the page shows a note instead of a line for the last two).
OK = "ok"
TOO_LITTLE_HISTORY = "too_little_history"


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
    score_arrays: dict[str, np.ndarray]  # mape / mae / mase / n, each methods × R × horizons
    methods: tuple[str, ...] = METHODS
    calibration: dict[str, dict[int, np.ndarray]] = field(default_factory=dict)  # method → level → 1 × H
    bounds: tuple[float, float] = (-np.inf, np.inf)  # valid range the bands were clipped to
    _index: dict[str, int] = field(default_factory=dict, repr=False)
    _scores: pd.DataFrame | None = field(default=None, repr=False)
    _summary: pd.DataFrame | None = field(default=None, repr=False)

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


def run_methods(rows: np.ndarray, horizon: int, methods: Iterable[str] = METHODS) -> dict[str, Dist]:
    """Every method on every row (N × W) to `horizon` years; rows with too little history stay NaN."""
    idx = np.flatnonzero((~np.isnan(rows)).sum(axis=1) >= MIN_POINTS)
    out: dict[str, Dist] = {}
    for name in methods:
        loc, scale = np.full((rows.shape[0], horizon), np.nan), np.full((rows.shape[0], horizon), np.nan)
        df = np.full((rows.shape[0], 1), np.inf)
        log = name == LOG_LINEAR
        if idx.size:
            with np.errstate(all="ignore"):
                dist = MATRIX_METHODS[name](rows[idx], horizon)
            ok = np.isfinite(dist.loc).all(axis=1) & np.isfinite(dist.scale).all(axis=1)
            loc[idx[ok]], scale[idx[ok]], df[idx[ok]] = dist.loc[ok], dist.scale[ok], dist.df[ok]
            log = dist.log
        out[name] = Dist(loc, scale, df, log)
    return out


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
) -> dict[str, IndicatorProjection]:
    """Project every municipality of each indicator to `until`, all methods, backtest and choice included.

    calibrate widens each method's bands per horizon where the backtest found them too narrow (the
    share of past misses outside the band); False gives the methods' own theoretical bands.
    """
    units = {} if catalogue is None else dict(zip(catalogue["id"], catalogue["unit"], strict=False))
    ids = list(indicators) if indicators is not None else sorted(obs[INDICATOR].unique())
    jobs: list[_Job] = []
    final: list[np.ndarray] = []
    tests: list[np.ndarray] = []
    bounds: dict[str, list[np.ndarray]] = {"final_lo": [], "final_hi": [], "test_lo": [], "test_hi": []}
    n_final = n_test = 0
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
        for end in range(last - 1, max(last - BACKTEST_ORIGINS, MIN_POINTS - 1) - 1, -1):
            tests.append(window(values, end, width))
            job.origins.append((end, slice(n_test, n_test + codes.size)))
            n_test += codes.size
            bounds["test_lo"].append(np.full(codes.size, lo))
            bounds["test_hi"].append(np.full(codes.size, hi))
        jobs.append(job)
    if not jobs:
        return {}
    horizon = max(max(until - int(j.years[-1]) for j in jobs), 1)
    with _single_thread_blas():
        results = _run_stacked(final, horizon, methods)
        scored = _run_stacked(tests, BACKTEST_HORIZON, methods)
    lows, highs = np.concatenate(bounds["final_lo"]), np.concatenate(bounds["final_hi"])
    tlows, thighs = _concat(bounds["test_lo"]), _concat(bounds["test_hi"])
    return {
        job.indicator: _assemble(
            job, results, scored, (lows, highs), (tlows, thighs), until, tuple(methods), calibrate
        )
        for job in jobs
    }


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


def _run_stacked(blocks: list[np.ndarray], horizon: int, methods: Sequence[str]) -> dict[str, Dist]:
    """Stack windows of equal width and run every method once per width; rows keep their stacked order."""
    total = sum(b.shape[0] for b in blocks)
    out = {
        m: Dist(
            np.full((total, horizon), np.nan), np.full((total, horizon), np.nan), np.full((total, 1), np.inf)
        )
        for m in methods
    }
    if not blocks:
        return out
    widths = np.concatenate([np.full(b.shape[0], b.shape[1]) for b in blocks])
    for width in np.unique(widths):
        sel = np.flatnonzero(widths == width)
        part = run_methods(np.vstack([b for b in blocks if b.shape[1] == width]), horizon, methods)
        for m in methods:
            out[m].loc[sel], out[m].scale[sel], out[m].df[sel] = part[m].loc, part[m].scale, part[m].df
            out[m] = Dist(out[m].loc, out[m].scale, out[m].df, part[m].log)
    return out


def _backtest_errors(
    job: _Job, scored: dict[str, Dist], bounds: tuple[np.ndarray, np.ndarray], methods: tuple[str, ...]
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], np.ndarray]:
    """Errors and standardised errors per method as R × origins × horizons, and the actual values.

    The standardised error divides the miss (on the method's own scale, log for log-linear) by the
    method's predicted 80 % half-width for that horizon, so it says how wide the band should have been.
    """
    rows, n_orig = job.codes.size, len(job.origins)
    if n_orig == 0:
        empty = np.full((rows, 0, BACKTEST_HORIZON), np.nan)
        return {m: empty for m in methods}, {m: empty for m in methods}, empty
    # The job's backtest rows are one block, origin by origin: (origins × R) → R × origins.
    block = slice(job.origins[0][1].start, job.origins[-1][1].stop)
    ends = np.array([end for end, _ in job.origins])
    cols = ends[:, None] + np.arange(1, BACKTEST_HORIZON + 1)[None, :]  # origins × H
    padded = np.concatenate([job.values, np.full((rows, BACKTEST_HORIZON), np.nan)], axis=1)
    actual = padded[:, cols]  # R × origins × H (NaN past the data's end)
    lo = bounds[0][block].reshape(n_orig, rows)[0][:, None, None]
    hi = bounds[1][block].reshape(n_orig, rows)[0][:, None, None]
    err, std = {}, {}
    with np.errstate(all="ignore"):
        log_actual = np.log(np.where(actual > 0, actual, np.nan))
        for m in methods:
            d = scored[m]
            loc = d.loc[block].reshape(n_orig, rows, -1).transpose(1, 0, 2)
            half = d.scale[block] * t_quantile(d.df[block], 0.9)
            half = half.reshape(n_orig, rows, -1).transpose(1, 0, 2)
            mean = np.minimum(np.maximum(np.exp(loc) if d.log else loc, lo), hi)
            err[m] = mean - actual
            std[m] = np.abs((log_actual if d.log else actual) - loc) / half
    return err, std, actual


MIN_CALIBRATION = 30  # standardised misses needed before a horizon's band is recalibrated


def _calibration(
    std: dict[str, np.ndarray], dfs: dict[str, np.ndarray], horizon: int
) -> dict[str, dict[int, np.ndarray]]:
    """Band multipliers per method and level for horizons 1..horizon (1 × H each), never below 1.

    std holds |miss| / (80 % half-width) for every municipality and origin (R × origins × 5). The
    80 % factor is the 80th percentile of std; for 95 % the 95th percentile, rescaled by the ratio
    of the 95 % and 80 % quantiles. Horizons past the last scored one keep its factor.
    """
    methods = list(std)
    flat = np.stack([std[m].reshape(-1, BACKTEST_HORIZON) for m in methods])  # M × N × 5
    counts = np.isfinite(flat).sum(axis=1)  # M × 5
    ordered = np.sort(np.where(np.isfinite(flat), flat, np.inf), axis=1)  # NaN last, as +inf
    ratios = np.array(
        [
            float(np.median(t_quantile(dfs[m], 0.975) / t_quantile(dfs[m], 0.9))) if dfs[m].size else 1.53
            for m in methods
        ]
    )
    out: dict[str, dict[int, np.ndarray]] = {m: {} for m in methods}
    for level, prob in ((80, 0.8), (95, 0.95)):
        # Empirical quantile among the finite values of each column (the "higher" order statistic).
        pos = np.minimum(np.ceil(prob * (counts - 1)).astype(int), np.maximum(counts - 1, 0))
        if flat.shape[1]:
            q = np.take_along_axis(ordered, pos[:, None, :], axis=1)[:, 0, :]
        else:
            q = np.full(counts.shape, np.nan)
        q = q / (ratios[:, None] if level == 95 else 1.0)
        q = np.where(counts >= MIN_CALIBRATION, np.maximum(q, 1.0), np.nan)
        for i, m in enumerate(methods):
            usable = np.flatnonzero(np.isfinite(q[i]))
            factors = np.ones(max(horizon, 1))
            if usable.size:
                filled = np.interp(np.arange(BACKTEST_HORIZON), usable, q[i, usable])  # gaps: neighbours
                filled[usable.max() + 1 :] = q[i, usable.max()]
                n = min(horizon, BACKTEST_HORIZON)
                factors[:n] = filled[:n]
                factors[n:] = filled[min(BACKTEST_HORIZON, usable.max() + 1) - 1]
            out[m][level] = factors[None, :horizon]
    return out


def _assemble(
    job: _Job,
    results: dict[str, Dist],
    scored: dict[str, Dist],
    final_bounds: tuple[np.ndarray, np.ndarray],
    test_bounds: tuple[np.ndarray, np.ndarray],
    until: int,
    methods: tuple[str, ...],
    calibrate: bool,
) -> IndicatorProjection:
    """Cut one indicator's rows out of the stacked results, score the backtest, calibrate, choose methods."""
    last_year = int(job.years[-1])
    n_out = max(until - last_year, 0)
    errs, std, actual = _backtest_errors(job, scored, test_bounds, methods)
    lo, hi = final_bounds[0][job.final][:, None], final_bounds[1][job.final][:, None]
    arrays: dict[str, dict[str, np.ndarray]] = {}
    final_df = {m: results[m].df[job.final] for m in methods}
    calibration = _calibration(std, final_df, n_out) if calibrate else {}
    for m in methods:
        d = results[m]
        dist = Dist(d.loc[job.final, :n_out], d.scale[job.final, :n_out], d.df[job.final], d.log)
        if m == LOG_LINEAR and (lo.size == 0 or lo[0, 0] != 0):
            # Constant % change is meaningless for quantities that can turn negative (net flows,
            # margins), even where one municipality's history happens to stay positive.
            dist = Dist(np.full_like(dist.loc, np.nan), dist.scale, dist.df, dist.log)
        factors = calibration.get(m)
        with np.errstate(all="ignore"):
            arrays[m] = bands(dist, (lo, hi), factors)
    # Scale of the series: mean absolute year-to-year change (MASE denominator), so scores compare.
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if window_width(job.values) == WINDOW:
            scale = np.nanmean(np.abs(np.diff(job.values, axis=1)), axis=1)
        else:  # per-year changes across gaps (election years)
            diffs, gaps, _ = _pairs(job.values)
            scale = np.nanmean(np.abs(diffs) / gaps, axis=1)
        scale = np.where(scale > 0, scale, np.nan)
        mase = np.stack([np.nanmean(np.abs(errs[m]), axis=(1, 2)) / scale for m in methods], axis=1)
    available = np.stack([np.isfinite(arrays[m][MEAN]).all(axis=1) & (n_out > 0) for m in methods], axis=1)
    # Only methods that both project the series now and were scored in the backtest compete.
    score = np.where(available & np.isfinite(mase), mase, np.inf)
    best = np.argmin(score, axis=1)
    has_score = np.isfinite(score[np.arange(best.size), best])
    default = methods.index(DEFAULT_METHOD) if DEFAULT_METHOD in methods else 0
    chosen_idx = np.where(has_score, best, default)
    chosen = np.array(methods, dtype=object)[chosen_idx]
    n_points = (~np.isnan(window(job.values, job.years.size - 1, window_width(job.values)))).sum(axis=1)
    last_obs = job.years[job.years.size - 1 - np.argmax(~np.isnan(job.values[:, ::-1]), axis=1)]
    projectable = available[np.arange(best.size), chosen_idx]
    columns = {
        METHOD: np.array([c if ok else None for c, ok in zip(chosen, projectable, strict=True)], object),
        "chosen_by": np.where(has_score, "backtest", "default").astype(object),
        "n_points": n_points,
        "last_year": last_obs,
        "horizon_years": until - last_obs,
        "status": np.where(projectable, OK, TOO_LITTLE_HISTORY).astype(object),
        "backtest_score": np.where(has_score, score[np.arange(best.size), best], np.nan),
    }
    return IndicatorProjection(
        indicator=job.indicator,
        unit=job.unit,
        codes=job.codes,
        last_year=last_year,
        years=np.arange(last_year + 1, last_year + 1 + n_out),
        arrays=arrays,
        columns=columns,
        score_arrays=_score_arrays(errs, actual, scale, methods),
        methods=methods,
        calibration=calibration,
        bounds=(float(lo[0, 0]), float(hi[0, 0])) if lo.size else (-np.inf, np.inf),
    )


def _score_arrays(
    errs: dict[str, np.ndarray], actual: np.ndarray, scale: np.ndarray, methods: tuple[str, ...]
) -> dict[str, np.ndarray]:
    """Backtest errors per method × municipality × horizon: MAPE (%), MAE (units), MASE and count."""
    e = np.stack([errs[m] for m in methods])  # M × R × origins × H
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices: no origin reached that horizon
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


@lru_cache(maxsize=4)
def _snapshot_cached(folder: str, stamp: float, until: int) -> dict[str, IndicatorProjection]:
    """The whole snapshot's projections, keyed by the snapshot folder and its modification time."""
    from pathlib import Path

    from foresight.snapshot import load_table

    obs = load_table("observations", Path(folder))
    catalogue = load_table("indicators", Path(folder))
    return project_many(obs, catalogue, projectable_indicators(obs), until)


def project_snapshot(until: int = 2030) -> dict[str, IndicatorProjection]:
    """Every projectable indicator × municipality of the current snapshot, cached per snapshot and year."""
    from foresight.snapshot import snapshot_dir

    folder = snapshot_dir()
    stamp = (folder / "observations.parquet").stat().st_mtime
    return _snapshot_cached(str(folder), stamp, until)
