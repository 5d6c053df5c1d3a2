"""Projection methods behind one interface: history in, horizon in, mean and 80 %/95 % bands out.

Every method works on a matrix of series (rows) over consecutive years (columns, NaN where a year is
missing), so one call projects all municipalities at once; `project` is the one-series front door.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import numpy as np
import pandas as pd

from foresight.columns import INTERVAL_COLUMNS, MEAN, YEAR

LINEAR = "linear"
LOG_LINEAR = "log_linear"
DAMPED = "damped_trend"
ANCHORED_DAMPED = "anchored_damped"
DRIFT = "drift"
NAIVE = "naive"
ANCHORED = "anchored_linear"
DRIFT_3 = "drift_3"
DRIFT_5 = "drift_5"
DRIFT_10 = "drift_10"
THETA = "theta"
COMBINED = "combined"
# The simple average's members, fixed once on population origins 1990–2006 (horizons 1–5, so no year after
# 2011 was looked at): a short and a long drift with the damped trend beat every single method there.
# The damped member starts from the last observed value, as every other trend here does (the pre-2012
# check scores both versions alike: 2.3342 vs 2.3340 % MAPE; bench/bench_choices.py).
COMBINED_PARTS: tuple[str, ...] = (DRIFT_3, DRIFT, ANCHORED_DAMPED)
METHODS: tuple[str, ...] = (
    COMBINED,
    DRIFT_3,
    DRIFT_5,
    DRIFT_10,
    ANCHORED,
    THETA,
    DAMPED,
    ANCHORED_DAMPED,
    LINEAR,
    LOG_LINEAR,
    DRIFT,
    NAIVE,
)
AUTO = "auto"
METHOD = "method"
FORECAST_COLUMNS: tuple[str, ...] = (YEAR, MEAN, *INTERVAL_COLUMNS)

MIN_POINTS = 5  # fewer observed years than this → "too little history to project"
LEVELS = (80, 95)

# Damped-trend ETS grid, inside statsmodels' own bounds (alpha, beta < alpha, phi in [0.8, 0.98]).
ALPHA_GRID = (0.01, 0.1, 0.25, 0.45, 0.7, 0.95)
BETA_SHARE_GRID = (0.01, 0.2, 0.5, 0.9)  # beta as a share of alpha keeps beta < alpha
PHI_GRID = (0.8, 0.88, 0.94, 0.98)


class TooLittleHistory(ValueError):
    """The series has fewer than MIN_POINTS observed years."""


@dataclass(frozen=True)
class Dist:
    """Predictive distributions for R series × H horizons: location, scale, Student t df, log scale or not."""

    loc: np.ndarray  # R × H
    scale: np.ndarray  # R × H
    df: np.ndarray  # R × 1 (inf = normal)
    log: bool = False
    params: dict[str, np.ndarray] | None = None  # fitted parameters per row (damped trend, OLS)


def _observed(y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mask, observed count and index of the last observed column, per row."""
    mask = ~np.isnan(y)
    n = mask.sum(axis=1)
    last = y.shape[1] - 1 - np.argmax(mask[:, ::-1], axis=1)
    return mask, n, last


def _steps_since_last(y: np.ndarray, horizon: int) -> np.ndarray:
    """Years from each row's last observation to each forecast year (R × H)."""
    _, _, last = _observed(y)
    return (y.shape[1] - 1 - last)[:, None] + np.arange(1, horizon + 1)[None, :]


def _pairs(y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Differences and gaps (in years) between consecutive observations, as padded R × (T-1) arrays."""
    mask, n, last = _observed(y)
    first = np.argmax(mask, axis=1)
    holes = n != last - first + 1  # rows with missing years between observations
    if y.shape[1] > 1 and not holes.any():
        d = np.diff(y, axis=1)  # NaN wherever the left padding is
        return d, np.where(np.isnan(d), np.nan, 1.0), ~np.isnan(d)
    if y.shape[1] > 1 and holes.mean() < 0.5:
        d = np.diff(y, axis=1)
        g = np.where(np.isnan(d), np.nan, 1.0)
        dh, gh, _ = _pairs_general(y[holes])
        d[holes], g[holes] = dh, gh
        return d, g, ~np.isnan(d)
    return _pairs_general(y)


def _pairs_general(y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`_pairs` for rows with missing years inside: steps run from one observation to the next."""
    rows, cols = y.shape
    d = np.full((rows, max(cols - 1, 1)), np.nan)
    g = np.full_like(d, np.nan)
    mask = ~np.isnan(y)
    # Forward-fill the last observed value and its column, so gaps (election years) count as longer steps.
    idx = np.where(mask, np.arange(cols)[None, :], -1)
    np.maximum.accumulate(idx, axis=1, out=idx)
    prev_idx = np.concatenate([np.full((rows, 1), -1), idx[:, :-1]], axis=1)
    ok = mask & (prev_idx >= 0)
    prev_val = np.take_along_axis(y, np.clip(prev_idx, 0, None), axis=1)
    diff = np.where(ok, y - prev_val, np.nan)[:, 1:]
    gap = np.where(ok, np.arange(cols)[None, :] - prev_idx, np.nan)[:, 1:]
    d[:, : diff.shape[1]] = diff
    g[:, : gap.shape[1]] = gap
    return d, g, ~np.isnan(d)


def _ols(y: np.ndarray, horizon: int, log: bool) -> Dist:
    """Least-squares straight line on year (or on log values), with t prediction intervals."""
    rows, cols = y.shape
    if log:
        positive = (np.isnan(y) | (y > 0)).all(axis=1)
        y = np.where(positive[:, None], np.log(np.where(y > 0, y, np.nan)), np.nan)
    mask = ~np.isnan(y)
    w = mask.astype(float)
    n = w.sum(axis=1)
    x = np.arange(cols, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        # Sums as products with the year vector (one pass each); y is centred first so the residual
        # sum of squares does not lose digits on large values (population in the hundreds of thousands).
        xbar = (w @ x) / n
        ybar = np.nansum(y, axis=1) / n
        yc = np.where(mask, y - ybar[:, None], 0.0)
        sxx = w @ (x * x) - n * xbar * xbar
        sxy = yc @ x
        slope = sxy / sxx
        s2 = np.maximum(np.einsum("rt,rt->r", yc, yc) - slope * sxy, 0.0) / (n - 2)
        dx0 = (cols - 1 + np.arange(1, horizon + 1))[None, :] - xbar[:, None]
        loc = ybar[:, None] + slope[:, None] * dx0
        scale = np.sqrt(s2[:, None] * (1 + 1 / n[:, None] + dx0 * dx0 / sxx[:, None]))
    params = {"slope": slope, "s2": s2, "sxx": sxx}
    return Dist(loc, scale, (n - 2).astype(float)[:, None], log=log, params=params)


def linear(y: np.ndarray, horizon: int) -> Dist:
    """Linear trend: ordinary least squares on year."""
    return _ols(y, horizon, log=False)


LOG_MAX_SCALE = 0.25  # log-linear only where the yearly scatter around the line is under ~25 %


def log_linear(y: np.ndarray, horizon: int) -> Dist:
    """Log-linear trend (constant % change a year); only for positive series that follow it reasonably.

    On a noisy series the band on the log scale turns into an absurd upper tail once exponentiated,
    so rows scattering more than LOG_MAX_SCALE around the line are left unprojected by this method.
    """
    dist = _ols(y, horizon, log=True)
    with np.errstate(invalid="ignore"):
        noisy = ~(dist.scale[:, 0] <= LOG_MAX_SCALE)
    dist.loc[noisy] = np.nan
    dist.scale[noisy] = np.nan
    return dist


def naive(y: np.ndarray, horizon: int) -> Dist:
    """Last value carried forward; variance grows with years since it (random walk)."""
    _, _, last = _observed(y)
    d, g, ok = _pairs(y)
    npairs = ok.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s2 = np.nansum(d * d / g, axis=1) / npairs
    value = y[np.arange(y.shape[0]), last]
    h = _steps_since_last(y, horizon)
    loc = np.repeat(value[:, None], horizon, axis=1)
    return Dist(loc, np.sqrt(s2[:, None] * h), npairs.astype(float)[:, None])


def drift(y: np.ndarray, horizon: int, years: int | None = None) -> Dist:
    """Random walk with drift: the average yearly change from first to last observation continues.

    years limits the change to the last `years` years before each row's last observation.
    """
    if years is not None:
        _, _, end = _observed(y)
        y = np.where(np.arange(y.shape[1])[None, :] >= (end - years)[:, None], y, np.nan)
    mask, _, last = _observed(y)
    first = np.argmax(mask, axis=1)
    rows = np.arange(y.shape[0])
    span = (last - first).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = (y[rows, last] - y[rows, first]) / span
        d, g, ok = _pairs(y)
        npairs = ok.sum(axis=1)
        r = d - slope[:, None] * g
        s2 = np.nansum(r * r / g, axis=1) / (npairs - 1)
        h = _steps_since_last(y, horizon)
        loc = y[rows, last][:, None] + slope[:, None] * h
        scale = np.sqrt(s2[:, None] * h * (1 + h / span[:, None]))
    return Dist(loc, scale, (npairs - 1).astype(float)[:, None])


def drift_3(y: np.ndarray, horizon: int) -> Dist:
    """Drift over the last 3 years: the mean yearly change of 3 years continues from the last value."""
    return drift(y, horizon, 3)


def drift_5(y: np.ndarray, horizon: int) -> Dist:
    """Drift over the last 5 years."""
    return drift(y, horizon, 5)


def drift_10(y: np.ndarray, horizon: int) -> Dist:
    """Drift over the last 10 years."""
    return drift(y, horizon, 10)


def anchored_linear(y: np.ndarray, horizon: int) -> Dist:
    """The least-squares slope of the window, continued from the last observed value (not from the line).

    Variance: the last value's own noise plus a random-walk-like growth and the slope's uncertainty,
    s² (1 + h + h²/Sxx) — an approximation; the batch engine replaces it with out-of-sample bands.
    """
    fit = _ols(y, horizon, log=False)
    assert fit.params is not None
    slope, s2, sxx = fit.params["slope"], fit.params["s2"], fit.params["sxx"]
    _, _, last = _observed(y)
    h = _steps_since_last(y, horizon)
    with np.errstate(invalid="ignore", divide="ignore"):
        loc = y[np.arange(y.shape[0]), last][:, None] + slope[:, None] * h
        scale = np.sqrt(s2[:, None] * (1 + h + h * h / sxx[:, None]))
    return Dist(loc, scale, fit.df)


THETA_ALPHAS = (0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1.0)


def theta(y: np.ndarray, horizon: int) -> Dist:
    """Theta method (Assimakopoulos & Nikolopoulos 2000, as SES with drift, Hyndman & Billah 2003).

    Simple exponential smoothing (alpha by least squares on a grid, missing years carry the level)
    plus half the least-squares slope: ℓ_n + b/2 (h − 1 + 1/α − (1 − α)^n / α). Variance of SES,
    σ² (1 + (h − 1) α²).
    """
    mask, n, _ = _observed(y)
    alpha = np.array(THETA_ALPHAS)[None, :]
    first = np.argmax(mask, axis=1)
    level = np.repeat(y[np.arange(y.shape[0]), first][:, None], alpha.size, axis=1)
    sse = np.zeros_like(level)
    for t in range(y.shape[1]):
        obs = y[:, t : t + 1]
        err = np.where(np.isnan(obs), 0.0, obs - level)
        sse += err * err
        level = level + alpha * err
    best = np.argmin(np.where(np.isfinite(sse), sse, np.inf), axis=1)
    rows = np.arange(y.shape[0])
    a = alpha[0, best][:, None]
    lvl = level[rows, best][:, None]
    line = _ols(y, 1, log=False)
    assert line.params is not None
    b = line.params["slope"][:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        h = _steps_since_last(y, horizon)
        nn = n[:, None].astype(float)
        loc = lvl + b / 2 * (h - 1 + 1 / a - (1 - a) ** nn / a)
        s2 = sse[rows, best] / np.maximum(n - 2, 1)
        scale = np.sqrt(s2[:, None] * (1 + (h - 1) * a * a))
    return Dist(loc, scale, np.maximum(n - 2, 1).astype(float)[:, None])


@lru_cache(maxsize=1024)
def _theta_maps(pattern: bytes, horizon: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For one pattern of observed years: the linear maps from the data to SES one-step errors (T × G·T)
    and final levels (T × G) for every alpha, the least-squares slope (T) and the Theta drift factor
    h − 1 + 1/α − (1 − α)^n / α (G × H)."""
    seen = np.frombuffer(pattern, dtype=bool)
    cols = seen.size
    idx = np.flatnonzero(seen)
    basis = np.where(seen[None, :], 0.0, np.nan).repeat(idx.size, axis=0)
    basis[np.arange(idx.size), idx] = 1.0
    alpha = np.array(THETA_ALPHAS)[None, :]
    level = np.repeat(basis[:, idx[0] : idx[0] + 1], alpha.size, axis=1)
    errors = np.zeros((idx.size, alpha.size, cols))
    for t in range(cols):
        obs = basis[:, t : t + 1]
        err = np.where(np.isnan(obs), 0.0, obs - level)
        errors[:, :, t] = err
        level = level + alpha * err
    to_errors = np.zeros((cols, alpha.size * cols))
    to_errors[idx] = errors.reshape(idx.size, -1)
    to_level = np.zeros((cols, alpha.size))
    to_level[idx] = level
    fit = _ols(basis, 1, log=False)
    assert fit.params is not None
    to_slope = np.zeros(cols)
    to_slope[idx] = fit.params["slope"]
    h = (cols - 1 - idx[-1]) + np.arange(1, horizon + 1)[None, :]
    a = alpha[0][:, None]
    factor = h - 1 + 1 / a - (1 - a) ** idx.size / a
    return to_errors, to_level, to_slope, factor


def theta_means(y: np.ndarray, horizon: int) -> np.ndarray:
    """Theta means only (R × H), as `theta`, by matrix products per pattern of observed years."""
    out = np.full((y.shape[0], horizon), np.nan)
    groups, rare, mask = _pattern_groups(y)
    data = np.where(mask, y, 0.0)
    g = len(THETA_ALPHAS)
    for group in groups:
        to_errors, to_level, to_slope, factor = _theta_maps(mask[group[0]].tobytes(), horizon)
        block = data[group]
        err = (block @ to_errors).reshape(group.size, g, -1)
        best = np.argmin(np.einsum("rgt,rgt->rg", err, err), axis=1)
        level = (block @ to_level)[np.arange(group.size), best]
        slope = block @ to_slope
        out[group] = level[:, None] + slope[:, None] / 2 * factor[best]
    if rare.size:
        out[rare] = theta(y[rare], horizon).loc
    return out


def _pattern_groups(y: np.ndarray) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Rows grouped by their pattern of observed years (groups of SHARED_PATTERN_ROWS or more), the rows
    of rarer patterns, and the mask."""
    mask = ~np.isnan(y)
    if y.shape[0] == 0:
        return [], np.empty(0, dtype=int), mask
    if y.shape[1] < 63:
        key = mask.astype(np.int64) @ (np.int64(1) << np.arange(y.shape[1], dtype=np.int64))
    else:  # pragma: no cover - windows are at most 60 years
        key = np.unique(np.packbits(mask, axis=1), axis=0, return_inverse=True)[1].ravel()
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    order = np.argsort(inverse, kind="stable")
    groups: list[np.ndarray] = []
    rare: list[np.ndarray] = []
    for group in np.split(order, np.cumsum(counts)[:-1]):
        (groups if group.size >= SHARED_PATTERN_ROWS else rare).append(group)
    return groups, (np.concatenate(rare) if rare else np.empty(0, dtype=int)), mask


def combine(parts: Sequence[Dist]) -> Dist:
    """Simple average of the parts' means; scale the average of theirs (errors of trends are highly
    correlated, so this is close to the combination's own spread); df the smallest."""
    loc = np.mean([p.loc for p in parts], axis=0)
    scale = np.mean([p.scale for p in parts], axis=0)
    df = np.min([np.broadcast_to(p.df, (loc.shape[0], 1)) for p in parts], axis=0)
    return Dist(loc, scale, df)


def combined(y: np.ndarray, horizon: int) -> Dist:
    """Simple average of COMBINED_PARTS (short drift, whole-window drift, damped trend)."""
    return combine([MATRIX_METHODS[m](y, horizon) for m in COMBINED_PARTS])


def _ets_pass(
    y: np.ndarray, alpha: np.ndarray, beta: np.ndarray, phi: np.ndarray, l0: np.ndarray, b0: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Run additive damped-trend smoothing; missing years carry the state forward without correction.

    Shapes broadcast: y is R × T, the others R × G (G parameter sets). Returns the SSE of one-step
    errors, the final level and trend, and the last observed value minus the level right after it,
    (1 − α) × its one-step error (what anchoring at the last observation adds), each R × G.
    """
    level, trend = l0, b0
    sse = np.zeros(np.broadcast_shapes(alpha.shape, l0.shape))
    last = np.zeros_like(sse)
    for t in range(y.shape[1]):
        fitted = level + phi * trend
        obs = y[:, t : t + 1]
        seen = ~np.isnan(obs)
        err = np.where(seen, obs - fitted, 0.0)
        sse += err * err
        level = fitted + alpha * err
        trend = phi * trend + beta * err
        last = np.where(seen, (1 - alpha) * err, last)
    return sse, level, trend, last


def _ets_pattern(
    mask: np.ndarray, alpha: np.ndarray, beta: np.ndarray, phi: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For one pattern of observed years: how each observation and each initial state feeds each error.

    For fixed parameters the one-step errors are linear in the data and in the initial state, so
    e = y @ K + a·l0 + b·b0. Returns K (T × G × T), a and b (G × T); missing years give zero error.
    """
    cols, grid = mask.size, alpha.shape[1]
    # Rows 0..T-1: unit impulse at each year (zero initial state); row T: unit l0; row T+1: unit b0.
    inputs = np.vstack([np.eye(cols), np.zeros((2, cols))])
    level = np.zeros((cols + 2, grid))
    trend = np.zeros((cols + 2, grid))
    level[cols], trend[cols + 1] = 1.0, 1.0
    errors = np.zeros((cols + 2, grid, cols))
    for t in range(cols):
        fitted = level + phi * trend
        err = (inputs[:, t : t + 1] - fitted) if mask[t] else np.zeros_like(fitted)
        errors[:, :, t] = err
        level = fitted + alpha * err
        trend = phi * trend + beta * err
    return errors[:cols], errors[cols], errors[cols + 1]


# The grid search ranks SSEs of standardised rows; single precision ranks them the same up to near-ties
# (whose fits are equally good) at twice the speed. Initial states and forecasts stay in double.
SEARCH_DTYPE = np.float32
SHARED_PATTERN_ROWS = 16  # below this many rows a missing-year pattern goes through the plain recursion


def _best_initial(
    sums: tuple[np.ndarray, ...], best: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Best grid column per row, then its (l0, b0), from the sums of products of e, a and b.

    The SSE left after the best initial state is ee - v'M⁻¹v with v = (ea, eb), M = [[aa, ab], [ab, bb]];
    `best` fixes the column instead of choosing it.
    """
    ee, ea, eb, aa, ab, bb = sums
    with np.errstate(invalid="ignore", divide="ignore"):
        det = aa * bb - ab * ab
        if best is None:
            sse = ee - (bb * ea * ea - 2 * ab * ea * eb + aa * eb * eb) / det
            best = np.argmin(np.where(np.isfinite(sse), sse, np.inf), axis=1)
        rows = np.arange(best.size)

        def pick(x: np.ndarray) -> np.ndarray:
            return x[rows, best] if x.shape[0] == best.size else x[0, best]

        pea, peb, paa, pab, pbb, pdet = (pick(x) for x in (ea, eb, aa, ab, bb, det))
        l0 = (-pea * pbb + peb * pab) / pdet
        b0 = (-peb * paa + pea * pab) / pdet
    return best, l0, b0


def _fit_shared(
    data: np.ndarray, pattern: np.ndarray, alpha: np.ndarray, beta: np.ndarray, phi: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows sharing one pattern of observed years: best grid column and initial state, by matrix products.

    Errors are e = Kᵀy + Aθ (θ = initial level and trend); with θ at its optimum the SSE is the
    quadratic form yᵀ K P Kᵀ y, P = I - A(AᵀA)⁻¹Aᵀ, so every row × grid SSE is one product.
    """
    rows, cols = data.shape
    k, a, b = _ets_pattern(pattern, alpha, beta, phi)
    kg = np.moveaxis(k, 1, 0)  # G × T(data) × T(time)
    design = np.stack([a, b], axis=2)  # G × T × 2
    with np.errstate(invalid="ignore", divide="ignore"):
        gram_inv = np.linalg.pinv(np.einsum("gti,gtj->gij", design, design))
    proj = np.eye(cols)[None] - design @ gram_inv @ np.swapaxes(design, 1, 2)
    quad = kg @ proj @ np.swapaxes(kg, 1, 2)  # G × T × T
    iu = np.triu_indices(cols)
    twice = np.where(iu[0] == iu[1], 1.0, 2.0)  # off-diagonal terms appear twice in yᵀQy
    q = quad[:, iu[0], iu[1]] * twice
    # Upper-triangle products y_i y_j (j ≥ i), laid out year-pair by row so every write is contiguous.
    cols_first = np.ascontiguousarray(data.T, dtype=SEARCH_DTYPE)
    pairs = np.empty((iu[0].size, rows), dtype=SEARCH_DTYPE)
    start = 0
    for i in range(cols):
        pairs[start : start + cols - i] = cols_first[i] * cols_first[i:]
        start += cols - i
    best = np.argmin(q.astype(SEARCH_DTYPE) @ pairs, axis=0)
    # θ = -(AᵀA)⁻¹Aᵀ Kᵀ y for each row's chosen column.
    solve = -(gram_inv @ np.swapaxes(design, 1, 2) @ np.swapaxes(kg, 1, 2))  # G × 2 × T
    theta = np.einsum("rkt,rt->rk", solve[best], data)
    return best, theta[:, 0], theta[:, 1]


def _sums_loop(y: np.ndarray, alpha: np.ndarray, beta: np.ndarray, phi: np.ndarray) -> tuple[np.ndarray, ...]:
    """Any mix of missing years: run the recursion for data (e) and unit initial states (a, b) per row."""
    rows, cols = y.shape
    shape = (rows, alpha.shape[1])
    mask = ~np.isnan(y)
    lvl, trd = np.zeros(shape), np.zeros(shape)
    la, ta, lb, tb = np.ones(shape), np.zeros(shape), np.zeros(shape), np.ones(shape)
    sums = [np.zeros(shape) for _ in range(6)]
    for t in range(cols):
        m = mask[:, t : t + 1]
        f0, fa, fb = lvl + phi * trd, la + phi * ta, lb + phi * tb
        e = np.where(m, np.where(m, y[:, t : t + 1], 0.0) - f0, 0.0)
        ea, eb = np.where(m, -fa, 0.0), np.where(m, -fb, 0.0)
        for acc, term in zip(sums, (e * e, e * ea, e * eb, ea * ea, ea * eb, eb * eb), strict=True):
            acc += term
        lvl, trd = f0 + alpha * e, phi * trd + beta * e
        la, ta = fa + alpha * ea, phi * ta + beta * ea
        lb, tb = fb + alpha * eb, phi * tb + beta * eb
    return tuple(sums)


def ets_grid() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (alpha, beta, phi) grid searched for every series at once, each as a 1 × G row."""
    a, bs, p = np.meshgrid(ALPHA_GRID, BETA_SHARE_GRID, PHI_GRID, indexing="ij")
    return a.reshape(1, -1), (a * bs).reshape(1, -1), p.reshape(1, -1)


def fit_damped(y: np.ndarray) -> dict[str, np.ndarray]:
    """Fitted alpha, beta, phi, initial level and trend per row: grid search on the SSE, all rows at once.

    For fixed smoothing parameters the one-step errors are linear in the initial state, so the best
    initial state is a 2 × 2 least-squares solve (the optimum statsmodels' MLE seeks). Rows sharing a
    common pattern of missing years go through matrix products; rare patterns through the recursion.
    Each row is standardised first (the model is affine-equivariant), which keeps the sums well scaled.
    """
    rows, cols = y.shape
    alpha, beta, phi = ets_grid()
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = np.nanmean(y, axis=1, keepdims=True)
        spread = np.nanstd(y, axis=1, keepdims=True)
    spread = np.where(spread > 0, spread, 1.0)
    z = (y - centre) / spread
    mask = ~np.isnan(z)
    data = np.where(mask, z, 0.0)
    best = np.zeros(rows, dtype=int)
    l0, b0 = np.full(rows, np.nan), np.full(rows, np.nan)
    key = mask.astype(np.int64) @ (np.int64(1) << np.arange(cols, dtype=np.int64))
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    order = np.argsort(inverse, kind="stable")
    rare = []
    for group in np.split(order, np.cumsum(counts)[:-1]):
        if group.size < SHARED_PATTERN_ROWS:
            rare.append(group)
            continue
        best[group], l0[group], b0[group] = _fit_shared(data[group], mask[group[0]], alpha, beta, phi)
    if rare:
        group = np.concatenate(rare)
        best[group], l0[group], b0[group] = _best_initial(_sums_loop(z[group], alpha, beta, phi))
    return {
        "alpha": alpha[0, best],
        "beta": beta[0, best],
        "phi": phi[0, best],
        "initial_level": centre[:, 0] + spread[:, 0] * l0,
        "initial_trend": spread[:, 0] * b0,
    }


def damped_from_params(y: np.ndarray, horizon: int, p: dict[str, np.ndarray], anchored: bool = False) -> Dist:
    """Damped-trend forecasts and normal intervals for given parameters (variance as in statsmodels);
    anchored: the same path moved to start from the last observed value instead of the smoothed level."""
    col = {k: np.asarray(v, dtype=float)[:, None] for k, v in p.items()}
    alpha, beta, phi = col["alpha"], col["beta"], col["phi"]
    sse, level, trend, gap = _ets_pass(y, alpha, beta, phi, col["initial_level"], col["initial_trend"])
    _, n, _ = _observed(y)
    mse = sse[:, 0] / n  # statsmodels scales prediction variance by SSE / nobs
    steps = np.arange(1, horizon + 1)[None, :]
    loc = level + trend * phi * (1 - phi**steps) / (1 - phi)
    if anchored:
        loc = loc + gap
    # Forecast variance: sigma² (1 + Σ_{j<h} c_j²), c_j = alpha + beta φ (1 - φ^j) / (1 - φ), counted
    # from the last observation so trailing missing years widen the band.
    h = _steps_since_last(y, horizon)
    jmax = int(h.max())
    j = np.arange(1, jmax)[None, :]
    c2 = (alpha + beta * phi * (1 - phi**j) / (1 - phi)) ** 2
    cum = np.concatenate([np.zeros((y.shape[0], 1)), np.cumsum(c2, axis=1)], axis=1)
    rel = 1 + np.take_along_axis(cum, h - 1, axis=1)
    return Dist(loc, np.sqrt(mse[:, None] * rel), np.full((y.shape[0], 1), np.inf), params=p)


def damped_means_both(y: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Damped-trend means (R × H) from the smoothed level and from the last observed value, one fit and
    one smoothing pass for both, no variance (for the backtest)."""
    col = {k: np.asarray(v, dtype=float)[:, None] for k, v in fit_damped(y).items()}
    phi = col["phi"]
    _, level, trend, gap = _ets_pass(
        y, col["alpha"], col["beta"], phi, col["initial_level"], col["initial_trend"]
    )
    steps = np.arange(1, horizon + 1)[None, :]
    plain = level + trend * phi * (1 - phi**steps) / (1 - phi)
    return plain, plain + gap


def damped_means(y: np.ndarray, horizon: int, anchored: bool = False) -> np.ndarray:
    """Damped-trend means only (R × H), from the smoothed level or (anchored) the last observed value."""
    return damped_means_both(y, horizon)[1 if anchored else 0]


def damped_trend(y: np.ndarray, horizon: int) -> Dist:
    """Additive damped-trend exponential smoothing (ETS A,Ad,N), fitted by a vectorised grid search."""
    return damped_from_params(y, horizon, fit_damped(y))


def anchored_damped(y: np.ndarray, horizon: int) -> Dist:
    """The damped trend started from the last observed value: the fitted trend, slope damped by φ a year,
    added to the latest figure (the smoothed level can sit off it). Bands as the damped trend's."""
    return damped_from_params(y, horizon, fit_damped(y), anchored=True)


MATRIX_METHODS: dict[str, Callable[[np.ndarray, int], Dist]] = {
    COMBINED: combined,
    DRIFT_3: drift_3,
    DRIFT_5: drift_5,
    DRIFT_10: drift_10,
    ANCHORED: anchored_linear,
    THETA: theta,
    LINEAR: linear,
    LOG_LINEAR: log_linear,
    DAMPED: damped_trend,
    ANCHORED_DAMPED: anchored_damped,
    DRIFT: drift,
    NAIVE: naive,
}


# Methods whose mean is a fixed linear function of the observed values (for one pattern of observed
# years): their backtest means are one matrix product per pattern instead of a full fit.
LINEAR_IN_DATA: frozenset[str] = frozenset({DRIFT, DRIFT_3, DRIFT_5, DRIFT_10, NAIVE, LINEAR, ANCHORED})


@lru_cache(maxsize=4096)
def _weights(method: str, pattern: bytes, horizon: int) -> np.ndarray | None:
    """T × H weights turning a row with this pattern of observed years into the method's means;
    None when the method cannot project that pattern (then its rows stay NaN, as in the full fit)."""
    seen = np.frombuffer(pattern, dtype=bool)
    cols = seen.size
    idx = np.flatnonzero(seen)
    steps = np.arange(cols, dtype=float)
    probe = np.where(seen, 100.0 + steps + np.sin(3.0 * steps), np.nan)[None, :]
    with np.errstate(all="ignore"):
        check = MATRIX_METHODS[method](probe, horizon)
        if not (np.isfinite(check.loc).all() and np.isfinite(check.scale).all()):
            return None
        basis = np.where(seen[None, :], 0.0, np.nan).repeat(idx.size, axis=0)
        basis[np.arange(idx.size), idx] = 1.0
        weights = np.zeros((cols, horizon))
        weights[idx] = MATRIX_METHODS[method](basis, horizon).loc
    return weights


def linear_means_many(y: np.ndarray, horizon: int, methods: Sequence[str]) -> dict[str, np.ndarray]:
    """Means (R × H each) of methods in LINEAR_IN_DATA for many rows: one matrix product per pattern of
    observed years for all of them; equal to MATRIX_METHODS[m](y, horizon).loc up to rounding."""
    methods = list(methods)
    out = {m: np.full((y.shape[0], horizon), np.nan) for m in methods}
    if y.shape[0] == 0 or not methods:
        return out
    groups, rare, mask = _pattern_groups(y)
    data = np.where(mask, y, 0.0)
    for group in groups:
        pattern = mask[group[0]].tobytes()
        weights = [_weights(m, pattern, horizon) for m in methods]
        usable = [i for i, w in enumerate(weights) if w is not None]
        if not usable:
            continue
        both = data[group] @ np.concatenate([weights[i] for i in usable], axis=1)  # type: ignore[misc]
        for j, i in enumerate(usable):
            out[methods[i]][group] = both[:, j * horizon : (j + 1) * horizon]
    if rare.size:  # patterns shared by few rows: the methods themselves
        for m in methods:
            out[m][rare] = MATRIX_METHODS[m](y[rare], horizon).loc
    return out


def linear_means(y: np.ndarray, horizon: int, method: str) -> np.ndarray:
    """Means (R × H) of one method in LINEAR_IN_DATA (see linear_means_many)."""
    return linear_means_many(y, horizon, [method])[method]


T_TABLE_DF = 1000  # df above this are treated as normal (the quantiles agree to 3 decimals)


@cache
def _t_table(prob: float) -> np.ndarray:
    """Student t quantiles for df 1..T_TABLE_DF, then the normal quantile (index T_TABLE_DF)."""
    from scipy.special import ndtri, stdtrit  # lazy: scipy.special costs ~0.5 s to import

    return np.append(stdtrit(np.arange(1, T_TABLE_DF + 1, dtype=float), prob), ndtri(prob))


def t_quantile(df: np.ndarray, prob: float) -> np.ndarray:
    """Student t quantile per element of df (integer degrees of freedom; inf or NaN → normal)."""
    d = np.asarray(df, dtype=float)
    idx = np.where(np.isfinite(d), np.clip(np.round(d), 1, T_TABLE_DF + 1) - 1, T_TABLE_DF).astype(int)
    return _t_table(prob)[idx]


def bands(
    dist: Dist,
    bounds: tuple[Any, Any] = (-np.inf, np.inf),
    factors: dict[int, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Mean and band edges (R × H each), back-transformed from log scale and clipped to the valid range.

    bounds are scalars or R × 1 arrays; factors (level → multiplier, broadcast to R × H) widen the
    bands where the backtest showed them too narrow.
    """
    out = {MEAN: dist.loc}
    for level in LEVELS:
        q = t_quantile(dist.df, 0.5 + level / 200) * dist.scale
        if factors is not None:
            q = q * factors[level]
        out[f"lower_{level}"] = dist.loc - q
        out[f"upper_{level}"] = dist.loc + q
    if dist.log:
        out = {k: np.exp(v) for k, v in out.items()}
    lo, hi = bounds
    return {k: np.minimum(np.maximum(v, lo), hi) for k, v in out.items()}


def valid_rows(out: dict[str, np.ndarray]) -> np.ndarray:
    """Rows whose mean and bands are finite for every horizon (others cannot be projected this way)."""
    return np.logical_and.reduce([np.isfinite(v).all(axis=1) for v in out.values()])


def project(
    history: pd.Series | tuple[Sequence[int], Sequence[float]],
    method: str = LINEAR,
    horizon_end: int = 2030,
    bounds: tuple[float, float] = (-np.inf, np.inf),
) -> pd.DataFrame:
    """Project one series (values indexed by year, or (years, values)) to horizon_end with one method.

    Returns columns year, mean, lower_80, upper_80, lower_95, upper_95, method; raises TooLittleHistory
    with fewer than MIN_POINTS observed years, ValueError for an unknown method or a series the method
    cannot take (log-linear with values ≤ 0).
    """
    if isinstance(history, pd.Series):
        years, values = history.index.to_numpy(dtype=int), history.to_numpy(dtype=float)
    else:
        years, values = np.asarray(history[0], dtype=int), np.asarray(history[1], dtype=float)
    if method not in MATRIX_METHODS:
        raise ValueError(f"unknown method {method!r}; choose from {METHODS}")
    keep = ~np.isnan(values)
    years, values = years[keep], values[keep]
    if len(years) < MIN_POINTS:
        raise TooLittleHistory(f"{len(years)} observed years; at least {MIN_POINTS} are needed")
    order = np.argsort(years)
    years, values = years[order], values[order]
    grid = np.full(int(years[-1] - years[0]) + 1, np.nan)
    grid[years - years[0]] = values
    horizon = int(horizon_end) - int(years[-1])
    if horizon < 1:
        raise ValueError(f"data already reaches {years[-1]}; nothing to project to {horizon_end}")
    out = bands(MATRIX_METHODS[method](grid[None, :], horizon), bounds)
    if not valid_rows(out)[0]:
        raise ValueError(f"method {method!r} cannot project this series")
    frame = pd.DataFrame({YEAR: np.arange(years[-1] + 1, horizon_end + 1)})
    for name in (MEAN, *INTERVAL_COLUMNS):
        frame[name] = out[name][0]
    frame[METHOD] = method
    return frame
