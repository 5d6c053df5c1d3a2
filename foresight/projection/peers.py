"""Projections among peers: every peer's projected value in a year and the projected rank distribution."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from foresight.columns import INTERVAL_COLUMNS, MEAN
from foresight.projection.batch import IndicatorProjection
from foresight.projection.methods import AUTO, METHOD

# Normal scores of the band edges: the five known quantiles of each predictive distribution.
KNOT_Z = np.array([-1.959963984540054, -1.2815515655446004, 0.0, 1.2815515655446004, 1.959963984540054])
KNOT_COLUMNS = ("lower_95", "lower_80", MEAN, "upper_80", "upper_95")
DEFAULT_DRAWS = 4000


def peer_values(
    result: IndicatorProjection, code: str, members: Sequence[str], year: int = 2030, method: str = AUTO
) -> pd.DataFrame:
    """Projected value in `year` for the municipality and each peer (index municipality).

    Columns mean, lower_80, upper_80, lower_95, upper_95, method, is_self; peers that cannot be projected
    (too little history) are left out.
    """
    known = set(result.codes)
    codes = [c for c in dict.fromkeys([code, *members]) if c in known]
    frame = result.at(year, method, codes)
    frame["is_self"] = frame.index == code
    return frame[[MEAN, *INTERVAL_COLUMNS, METHOD, "is_self"]]


def sample(values: pd.DataFrame, n_draws: int = DEFAULT_DRAWS, seed: int = 0) -> np.ndarray:
    """Draws (n_draws × rows) from each row's predictive distribution, through its five band quantiles.

    Piecewise linear in normal scores, extended beyond the 95 % band with the 80→95 slope: exact for
    normal bands, close for t and log-normal ones, and clipped bands (0 %, 100 %) stay at their limit.
    Rows are drawn independently (projection errors of neighbouring municipalities are in fact
    correlated, so the spread of ranks is if anything a little wide).
    """
    knots = values[list(KNOT_COLUMNS)].to_numpy(dtype=float)  # rows × 5
    z = np.random.default_rng(seed).standard_normal((n_draws, knots.shape[0]))
    out = np.empty_like(z)
    for i in range(4):  # segment i runs from knot i to knot i + 1
        lo_z, hi_z = KNOT_Z[i], KNOT_Z[i + 1]
        slope = (knots[:, i + 1] - knots[:, i]) / (hi_z - lo_z)
        # The outer segments also extend beyond the outer knots.
        inside = (z >= (lo_z if i > 0 else -np.inf)) & (z < (hi_z if i < 3 else np.inf))
        out = np.where(inside, knots[:, i] + slope * (z - lo_z), out)
    return out


def rank_distribution(
    values: pd.DataFrame, code: str, polarity: int, n_draws: int = DEFAULT_DRAWS, seed: int = 0
) -> pd.DataFrame:
    """How often the municipality lands in each rank among itself and its peers: rank, probability.

    Rank 1 is best by the indicator's polarity (largest first when polarity is neutral), as in the
    situation analysis; probabilities sum to 1 over ranks 1..n.
    """
    if code not in values.index:
        raise KeyError(f"{code} has no projection for this indicator")
    draws = sample(values, n_draws, seed)
    self_col = int(np.flatnonzero(values.index == code)[0])
    mine = draws[:, [self_col]]
    better = draws < mine if polarity == -1 else draws > mine
    ranks = better.sum(axis=1) + 1
    n = len(values)
    counts = np.bincount(ranks, minlength=n + 1)[1:]
    return pd.DataFrame({"rank": np.arange(1, n + 1), "probability": counts / n_draws})


def rank_summary(distribution: pd.DataFrame) -> dict[str, float]:
    """Most likely rank, its probability, and the ranks covering the middle 80 % of draws."""
    p = distribution["probability"].to_numpy()
    ranks = distribution["rank"].to_numpy()
    cum = np.cumsum(p)
    return {
        "most_likely": int(ranks[np.argmax(p)]),
        "probability": float(p.max()),
        "rank_low": int(ranks[np.searchsorted(cum, 0.1)]),
        "rank_high": int(ranks[min(np.searchsorted(cum, 0.9), len(ranks) - 1)]),
        "expected": float((ranks * p).sum()),
        "peers": int(len(ranks)),
    }
