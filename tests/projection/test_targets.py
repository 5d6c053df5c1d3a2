"""Target logic: needed change, own past, best peer, verdicts, polarity (test data)."""

from __future__ import annotations

import pandas as pd
import pytest

from foresight.projection import targets as T

YEARS = range(2010, 2021)


def own() -> pd.Series:
    return pd.Series([50.0 + 0.5 * i for i in range(11)], index=YEARS, name="001")  # 55.0 in 2020


def peers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "002": [40.0 + 1.0 * i for i in range(11)],  # +1.0 a year
            "003": [
                60.0 - 2.0 * i if i < 5 else 50.0 + 0.0 * i for i in range(11)
            ],  # fell 2 a year for 4 years
        },
        index=YEARS,
    )


def forecast() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2030],
            "mean": [60.0],
            "lower_80": [58.0],
            "upper_80": [62.0],
            "lower_95": [56.0],
            "upper_95": [64.0],
        }
    )


def test_within_band() -> None:
    out = T.target_assessment(own(), 61.0, peers(), polarity=1, forecast=forecast())
    assert out["verdict"] == T.WITHIN_BAND
    assert out["needed_change"] == pytest.approx(0.6)  # (61 − 55) / 10
    assert out["own_change"] == pytest.approx(0.5)
    assert out["years"] == 10 and out["span_years"] == 10


def test_ambitious_but_seen_among_peers() -> None:
    out = T.target_assessment(own(), 64.0, peers(), polarity=1, forecast=forecast())
    assert out["verdict"] == T.AMBITIOUS_SEEN  # needs 0.9 a year; peer 002 managed 1.0
    assert out["best_peer"] == "002" and out["best_peer_change"] == pytest.approx(1.0)
    assert out["best_peer_period"] == (2010, 2020)
    assert out["inside_80"] is False and out["inside_95"] is True


def test_beyond_anything_seen() -> None:
    out = T.target_assessment(own(), 70.0, peers(), polarity=1, forecast=forecast())
    assert out["verdict"] == T.BEYOND_SEEN  # 1.5 a year for 10 years: nobody did that
    assert out["against_polarity"] is False


def test_downward_target_uses_the_fastest_fall_and_flags_polarity() -> None:
    out = T.target_assessment(own(), 47.0, peers(), polarity=1, forecast=forecast())
    assert out["needed_change"] == pytest.approx(-0.8)
    assert out["best_peer"] == "003" and out["best_peer_change"] == pytest.approx(-1.0)  # 60 → 50 in 10 years
    assert out["verdict"] == T.AMBITIOUS_SEEN
    assert out["against_polarity"] is True  # lower is worse for this indicator


def test_best_peer_is_looked_for_in_recent_decades_only() -> None:
    """A boom of the 1970s does not make a 2030 target look like something peers have done."""
    years = range(1972, 2021)
    history = pd.Series([100.0 + 0.2 * (y - 1972) for y in years], index=years, name="001")
    boom = pd.DataFrame(
        {"002": [50.0 + (3.0 * min(y, 1982) - 3.0 * 1972) + 0.1 * max(y - 1982, 0) for y in years]},
        index=years,
    )
    target = float(history.iloc[-1]) + 10 * 2.0  # needs 2 a year; 002 did 3 a year only in 1972–1982
    recent = T.target_assessment(history, target, boom, polarity=1)
    assert recent["verdict"] == T.BEYOND_SEEN
    assert recent["best_peer_period"][0] >= 2020 - T.LOOKBACK_YEARS
    anytime = T.target_assessment(history, target, boom, polarity=1, lookback=None)
    assert anytime["verdict"] == T.AMBITIOUS_SEEN and anytime["best_peer_period"] == (1972, 1982)


def test_relative_change_and_short_history() -> None:
    hist = pd.Series([1000.0, 1100.0, 1210.0], index=[2018, 2019, 2020], name="001")
    out = T.target_assessment(hist, 1210.0 * 1.1**10, pd.DataFrame(index=hist.index), relative=True)
    assert out["needed_change"] == pytest.approx(10.0)
    assert out["own_change"] == pytest.approx(10.0)
    assert out["span_years"] == 2  # only two years of data: periods of two years
    assert out["verdict"] == T.AMBITIOUS_SEEN  # its own past pace counts as seen
    assert T.uses_relative_change("persons") and not T.uses_relative_change("percent")


def test_bad_input() -> None:
    assert T.target_assessment(pd.Series(dtype=float), 1.0, pd.DataFrame())["verdict"] == T.NO_HISTORY
    with pytest.raises(ValueError, match="in the past"):
        T.target_assessment(own(), 1.0, peers(), target_year=2020)


def test_targets_round_trip_through_the_link() -> None:
    chosen = {"population": 700000.0, "unemployment_rate": 5.5}
    params = T.to_query(chosen)
    assert params == {"targets": "population:700000,unemployment_rate:5.5"}
    assert T.from_query(params, ["population", "unemployment_rate"]) == (chosen, ())
    bad = {"targets": "population:lots,nonsense:3,unemployment_rate:inf,gini:25"}
    assert T.from_query(bad, ["population", "unemployment_rate", "gini"]) == (
        {"gini": 25.0},
        ("population:lots", "nonsense:3", "unemployment_rate:inf"),
    )
    assert T.to_query({}) == {} and T.from_query({}, ["gini"]) == ({}, ())


def test_band_position_on_literal_numbers() -> None:
    # Kuopio's population 2030 as the page showed it: 95 % range 126 263–137 759 (80 % narrower inside).
    trend = {"lower_80": 128_000.0, "upper_80": 136_000.0, "lower_95": 126_263.0, "upper_95": 137_759.0}
    assert T.band_position(140_000.0, trend) == T.ABOVE_95  # 2 241 above the 95 % band's top
    assert T.band_position(137_000.0, trend) == T.ABOVE_80  # inside 95 %, above 80 %
    assert T.band_position(127_000.0, trend) == T.BELOW_80
    assert T.band_position(120_000.0, trend) == T.BELOW_95
    assert T.band_position(136_000.0, trend) is None  # the band's edge is inside it
    assert T.band_position(130_000.0, trend) is None
    assert T.band_position(140_000.0, None) is None  # no trend for the year: nothing to say


def test_assessment_says_where_the_target_lies_against_the_bands() -> None:
    # forecast(): 80 % 58–62, 95 % 56–64 in 2030.
    assert T.target_assessment(own(), 64.0, peers(), forecast=forecast())["band_position"] == T.ABOVE_80
    out = T.target_assessment(own(), 64.5, peers(), forecast=forecast())
    assert out["band_position"] == T.ABOVE_95
    assert out["verdict"] == T.AMBITIOUS_SEEN  # 0.95 a year; peer 002 managed 1.0: seen, yet outside the band
    assert T.target_assessment(own(), 61.0, peers(), forecast=forecast())["band_position"] is None
    assert T.target_assessment(own(), 64.5, peers())["band_position"] is None  # no forecast
