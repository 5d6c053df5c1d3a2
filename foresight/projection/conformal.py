"""Band widths from pooled out-of-sample misses (split-conformal prediction) and the scales misses are
divided by, so misses of large and small municipalities pool into one distribution.

The batch engine (batch.py) scores every method at rolling origins; this module turns those misses into
band multipliers per horizon, per third of the municipalities by size where misses grow with size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from foresight.columns import MEAN
from foresight.projection.methods import _pairs

MIN_CALIBRATION = 30  # scaled misses needed before a horizon gets its own band width


def yearly_change_scale(values: np.ndarray, width: int) -> np.ndarray:
    """Mean absolute yearly change within the `width`-year window ending at each column (R × T).

    The scale of a series as known at each origin: out-of-sample misses are divided by it, so misses
    of large and small municipalities pool into one distribution (and the MASE is comparable).
    """
    diffs, gaps, ok = _pairs(values)  # change into column t + 1, per year across gaps
    per_year = np.where(ok, np.abs(diffs) / np.where(ok, gaps, 1.0), 0.0)
    zero = np.zeros((values.shape[0], 2))
    csum = np.concatenate([zero, np.cumsum(per_year, axis=1)], axis=1)  # csum[:, t + 1] = changes into 1..t
    ccnt = np.concatenate([zero, np.cumsum(ok, axis=1)], axis=1)
    cols = np.arange(values.shape[1])
    lo = np.maximum(cols - width + 2, 1)  # changes into columns end-width+2 .. end (inside the window)
    with np.errstate(invalid="ignore", divide="ignore"):
        total = csum[:, cols + 1] - csum[:, lo]
        count = ccnt[:, cols + 1] - ccnt[:, lo]
        out = total / count
    return np.where((count > 0) & (out > 0), out, np.nan)


SIZE_CLASSES = 3  # level-scaled indicators: band widths per third of the municipalities by level (size)


def size_classes(level: np.ndarray, n: int = SIZE_CLASSES) -> np.ndarray:
    """Class 0..n-1 of each row by the quantiles of `level` across the rows (NaN levels: the middle class)."""
    finite = level[np.isfinite(level)]
    if n <= 1 or finite.size < n:
        return np.zeros(level.shape, dtype=int)
    edges = np.quantile(finite, np.arange(1, n) / n)
    out = np.searchsorted(edges, np.where(np.isfinite(level), level, np.median(finite)), side="right")
    return out.astype(int)


def level_scale(values: np.ndarray) -> np.ndarray:
    """The last observed value at or before each column (R × T): the scale of never-negative sizes,
    whose misses grow with their size (a relative error)."""
    cols = values.shape[1]
    idx = np.where(~np.isnan(values), np.arange(cols)[None, :], 0)
    np.maximum.accumulate(idx, axis=1, out=idx)
    level = np.abs(np.take_along_axis(values, idx, axis=1))
    return np.where(level > 0, level, np.nan)


def quantile_rows(z: np.ndarray, probs: Sequence[float], min_count: int) -> np.ndarray:
    """Per column of z (N × H, NaN = none), the empirical quantiles (len(probs) × H; the higher order
    statistic, as in split conformal prediction: the ceil((n + 1) p)-th smallest); NaN below min_count."""
    counts = np.isfinite(z).sum(axis=0)
    ks = np.minimum(np.ceil((counts[None, :] + 1) * np.asarray(probs)[:, None]).astype(int) - 1, counts - 1)
    ks = np.maximum(ks, 0)
    if z.shape[0] == 0:
        return np.full((len(probs), z.shape[1]), np.nan)
    ordered = np.sort(z, axis=0)  # NaN sort last, so each column's k-th smallest finite value is at row k
    out = np.take_along_axis(ordered, ks, axis=0)
    return np.where(counts[None, :] >= max(min_count, 1), out, np.nan)


def extend_factors(q: np.ndarray, horizon: int) -> np.ndarray:
    """Band multipliers for horizons 1..horizon from the scored ones: never narrower with distance;
    unscored horizons between scored ones interpolated, beyond the last scored one grown in proportion
    to the horizon (misses from a turning trend grow about linearly with the years ahead)."""
    usable = np.flatnonzero(np.isfinite(q))
    if usable.size == 0:
        return np.full(horizon, np.nan)
    steps = np.arange(1, horizon + 1)
    known = np.maximum.accumulate(q[usable])
    out = np.interp(steps, usable + 1, known)
    last = usable.max() + 1
    out[steps > last] = known[-1] * steps[steps > last] / last
    return out


def calibrate_bands(z: np.ndarray, horizon: int, min_count: int = MIN_CALIBRATION) -> dict[int, np.ndarray]:
    """Split-conformal band multipliers per level (1 × horizon): quantiles of |miss| / scale per horizon.

    z holds absolute scaled out-of-sample misses (N × H scored horizons), pooled over municipalities and
    origins; the 80 % band is mean ± q80 · scale, and so on.
    """
    q = quantile_rows(z, (0.8, 0.95), min_count)
    return {level: extend_factors(q[i], horizon)[None, :] for i, level in enumerate((80, 95))}


def conformal_bands(
    mean: np.ndarray, scale: np.ndarray, factors: dict[int, np.ndarray], bounds: tuple[Any, Any]
) -> dict[str, np.ndarray]:
    """Mean ± factor · scale per level (R × H), clipped to the valid range."""
    out = {MEAN: mean}
    for level, q in factors.items():
        out[f"lower_{level}"] = mean - q * scale[:, None]
        out[f"upper_{level}"] = mean + q * scale[:, None]
    lo, hi = bounds
    return {k: np.minimum(np.maximum(v, lo), hi) for k, v in out.items()}


def class_quantiles(
    zs: dict[str, np.ndarray], origin_scale: np.ndarray, final_scale: np.ndarray, relative: bool
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Conformal quantiles per method (classes × 2 levels × horizons) and each series' class now.

    Level-scaled indicators (never-negative quantities: sizes, counts per 1000, euros) pool their misses
    per third of the municipalities by level at each origin (Mondrian conformal prediction, Vovk et al.
    2005: coverage holds within each class): in one pool small municipalities, whose relative misses are
    larger, got bands too narrow and large ones too wide. Over population origins 1999–2010 scored to
    2011 the 80 % band covered 75 / 87 / 95 % of the smallest / middle / largest third with one pool and
    85 / 87 / 88 % by third, and the interval score fell from 31.04 to 30.60 (bench/bench_choices.py). A
    class with too few misses at a horizon takes the pooled quantile there. Other indicators: one pool.
    """
    pooled = {
        m: quantile_rows(z.reshape(-1, z.shape[-1]), (0.8, 0.95), MIN_CALIBRATION) for m, z in zs.items()
    }
    if not relative or origin_scale.size == 0:
        return {m: v[None] for m, v in pooled.items()}, np.zeros(final_scale.size, dtype=int)
    cls = np.stack([size_classes(origin_scale[:, k]) for k in range(origin_scale.shape[1])], axis=1)
    out = {}
    for m, z in zs.items():
        per = []
        for c in range(SIZE_CLASSES):
            qc = quantile_rows(z[cls == c], (0.8, 0.95), MIN_CALIBRATION)
            per.append(np.where(np.isfinite(qc), qc, pooled[m]))
        out[m] = np.stack(per)
    return out, size_classes(final_scale)


def row_factors(q: np.ndarray, final_class: np.ndarray, n_out: int) -> dict[int, np.ndarray]:
    """Band multipliers per level for horizons 1..n_out: 1 × n_out with one class, else one row per series."""
    per = {lv: np.stack([extend_factors(qc[i], n_out) for qc in q]) for i, lv in enumerate((80, 95))}
    if q.shape[0] == 1:
        return per
    return {lv: f[final_class] for lv, f in per.items()}
