"""A model fitted across all municipalities at once, averaged with the combined trend (population).

Each trend method looks at one municipality's own 15 years. This model learns from every municipality
together ("global" models, the approach of the M4 and M5 forecasting competitions' best entries): how a
municipality's yearly growth over the next h years differed from the group's mean growth, given how its
own growth over the last 1, 3, 5, 10 and 15 years and its size differed from the group's. It is fitted by
least squares on the 20 newest origins whose h-year outcome is known, so it never sees a year after the
origin. The group's mean growth is left to the combined trend (the model only places municipalities
relative to it: a fitted mean would carry one period's national growth into the next), and the method
shown, "pooled", is the simple average of the combined trend and this model.

Fixed on population origins 1999–2010 scored on years up to 2011 only (bench/bench_choices.py): the
average scored 2.294 % MAPE against the combined trend's 2.334 %, lower at 11 of the 12 origins.
"""

from __future__ import annotations

import numpy as np

POOLED = "pooled"
SPANS = (1, 3, 5, 10, 15)  # years over which each municipality's past yearly growth is measured
TRAIN_ORIGINS = 20  # origins (per horizon) the least-squares fit uses, newest first
MIN_ROWS = 30  # fewer usable municipality × origin rows than this → no fit for that horizon


def features(logs: np.ndarray, end: int) -> np.ndarray:
    """R × 6 at column `end` of log values: yearly log growth over each span in SPANS and the log level.

    NaN where a span reaches before the data or a value is missing."""
    cols = []
    for span in SPANS:
        if end - span < 0:
            cols.append(np.full(logs.shape[0], np.nan))
        else:
            cols.append((logs[:, end] - logs[:, end - span]) / span)
    cols.append(logs[:, end])
    return np.column_stack(cols)


def _demeaned(x: np.ndarray, y: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """Rows where every value is finite, each column minus its mean over those rows (and the row mask)."""
    ok = np.isfinite(x).all(axis=1)
    if y is not None:
        ok &= np.isfinite(y)
    xs = x[ok] - x[ok].mean(axis=0) if ok.any() else x[ok]
    ys = None if y is None else (y[ok] - y[ok].mean() if ok.any() else y[ok])
    return xs, ys, ok


def coefficients(logs: np.ndarray, end: int, h: int) -> np.ndarray | None:
    """Least-squares coefficients (6) of growth relative to the group over h years, from the TRAIN_ORIGINS
    newest origins whose outcome (h years later) is at or before column `end`; None without enough rows."""
    xs, ys = [], []
    for origin in range(end - h, end - h - TRAIN_ORIGINS, -1):
        if origin - max(SPANS) < 0:
            break
        x = features(logs, origin)
        y = (logs[:, origin + h] - logs[:, origin]) / h
        xd, yd, _ = _demeaned(x, y)
        if yd is not None and yd.size > 1:
            xs.append(xd)
            ys.append(yd)
    if not xs or sum(len(y) for y in ys) < MIN_ROWS:
        return None
    x, y = np.vstack(xs), np.concatenate(ys)
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    return beta


def relative_model(values: np.ndarray, end: int, centre: np.ndarray) -> np.ndarray:
    """Means (R × H) from the data up to column `end` (R × T levels, NaN where missing).

    centre (R × H): the combined trend's means at the same origin; their mean yearly log growth over the
    municipalities is the group's growth the model's relative growth is added to. NaN rows: history too
    short or a value missing; NaN columns: a horizon with too few known outcomes to fit."""
    rows, horizon = centre.shape
    out = np.full((rows, horizon), np.nan)
    with np.errstate(all="ignore"):
        logs = np.log(np.where(values > 0, values, np.nan))
        x0, _, ok = _demeaned(features(logs, end))
        level = values[:, end]
        steps = np.arange(1, horizon + 1)
        group = np.log(centre / level[:, None]) / steps[None, :]
        for h in steps:
            beta = coefficients(logs, end, int(h))
            if beta is None:
                continue
            col = group[:, h - 1]
            finite = np.isfinite(col)
            if not finite.any():
                continue
            growth = col[finite].mean() + x0 @ beta
            out[ok, h - 1] = level[ok] * np.exp(h * growth)
    return out


def pooled_means(values: np.ndarray, end: int, combined: np.ndarray) -> np.ndarray:
    """The method "pooled": the average of the combined trend's means and the model's (R × H)."""
    return (combined + relative_model(values, end, combined)) / 2
