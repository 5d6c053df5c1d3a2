"""Peers' projected values and the projected rank distribution (test data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foresight.projection import batch as B
from foresight.projection import peers as P

Z80, Z95 = 1.2815515655446004, 1.959963984540054


def frame(rows: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """Normal predictive distributions (mean, sd) as band frames."""
    data = {
        code: {
            "mean": m,
            "lower_80": m - Z80 * s,
            "upper_80": m + Z80 * s,
            "lower_95": m - Z95 * s,
            "upper_95": m + Z95 * s,
        }
        for code, (m, s) in rows.items()
    }
    return pd.DataFrame.from_dict(data, orient="index")


def test_rank_distribution_sums_to_one_and_respects_polarity() -> None:
    values = frame({"A": (10.0, 1.0), "B": (10.0, 1.0), "C": (30.0, 1.0)})
    up = P.rank_distribution(values, "A", polarity=1)
    assert up["probability"].sum() == pytest.approx(1.0)
    assert list(up["rank"]) == [1, 2, 3]
    # C is far ahead: A is 2nd or 3rd, about half and half against its twin B.
    assert up.loc[0, "probability"] == 0.0
    assert up.loc[1, "probability"] == pytest.approx(0.5, abs=0.03)
    down = P.rank_distribution(values, "A", polarity=-1)
    assert down.loc[2, "probability"] == 0.0
    assert down["probability"].sum() == pytest.approx(1.0)


def test_sampling_reproduces_the_normal_quantiles() -> None:
    draws = P.sample(frame({"A": (50.0, 4.0)}), n_draws=200_000, seed=1)[:, 0]
    assert np.quantile(draws, [0.1, 0.5, 0.9]) == pytest.approx([50 - Z80 * 4, 50.0, 50 + Z80 * 4], abs=0.05)
    assert np.quantile(draws, 0.005) == pytest.approx(50 - 2.5758 * 4, abs=0.2)  # extrapolated tail


def test_clipped_bands_stay_at_the_limit() -> None:
    values = pd.DataFrame(
        {"mean": [1.0], "lower_80": [0.0], "upper_80": [3.0], "lower_95": [0.0], "upper_95": [4.0]},
        index=["A"],
    )
    assert P.sample(values, 20_000).min() >= 0.0


def test_summary_of_a_distribution() -> None:
    dist = pd.DataFrame({"rank": [1, 2, 3, 4], "probability": [0.05, 0.6, 0.3, 0.05]})
    s = P.rank_summary(dist)
    assert s["most_likely"] == 2 and s["probability"] == pytest.approx(0.6)
    assert (s["rank_low"], s["rank_high"]) == (2, 3)
    assert s["expected"] == pytest.approx(2.35)


def test_peer_values_from_a_batch_projection(noisy_obs: pd.DataFrame, catalogue: pd.DataFrame) -> None:
    result = B.project_many(noisy_obs, catalogue, ["size"], 2030)["size"]
    values = P.peer_values(result, "001", ["002", "003", "999"], 2030)
    assert sorted(values.index) == ["001", "002", "003"]  # 999 has no data
    assert values.loc["001", "is_self"] and not values.loc["002", "is_self"]
    direct = result.forecasts(codes=["002"]).set_index("year").loc[2030, "mean"]
    assert values.loc["002", "mean"] == pytest.approx(direct)
    dist = P.rank_distribution(values, "001", polarity=1)
    assert dist["probability"].sum() == pytest.approx(1.0)
