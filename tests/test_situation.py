"""Rank, percentile, verdict and peer band on literal fixtures (test data)."""

import pandas as pd
import pytest

from foresight import situation as S


def test_rank_respects_polarity():
    peers = [10.0, 20.0, 30.0]
    assert S.rank_among(25.0, peers, polarity=1) == 2
    assert S.rank_among(25.0, peers, polarity=-1) == 3
    assert S.rank_among(5.0, peers, polarity=-1) == 1


def test_percentile_counts_ties_half():
    assert S.percentile(20.0, [10.0, 20.0, 30.0, 40.0]) == pytest.approx(37.5)


def test_verdict_by_interquartile_range_and_polarity():
    peers = [10.0, 20.0, 30.0, 40.0, 50.0]  # q1 = 20, q3 = 40
    assert S.verdict(45.0, peers, 1) == S.BETTER
    assert S.verdict(45.0, peers, -1) == S.WORSE
    assert S.verdict(30.0, peers, 1) == S.MIDDLE
    assert S.verdict(45.0, peers, 0) == S.NEUTRAL
    assert S.verdict(45.0, peers[:2], 1) == S.TOO_FEW


def obs() -> pd.DataFrame:
    rows = []
    for code, base in (("A", 10.0), ("B", 20.0), ("C", 30.0), ("D", 40.0)):
        for year in range(2006, 2017):
            rows.append((code, "x", year, base + (year - 2006)))
    rows.append(("A", "y", 2010, 1.0))
    return pd.DataFrame(rows, columns=["municipality", "indicator", "year", "value"])


CATALOGUE = pd.DataFrame(
    {
        "id": ["x", "y", "z"],
        "theme": ["vitality", "wellbeing", "wellbeing"],
        "polarity": [-1, 1, 1],
        "headline": [True, True, True],
        "last_year": [2016, 2010, 2012],
    }
)


def test_standing_latest_year_changes_and_rank():
    row = S.standing(obs(), CATALOGUE.iloc[0], "A", ["B", "C", "D"])
    assert (row["value"], row["year"], row["change_5"], row["change_10"]) == (20.0, 2016, 5.0, 10.0)
    assert row["rank"] == 1 and row["n_ranked"] == 4 and row["status"] == S.BETTER  # lowest is best
    assert row["peer_median"] == 40.0


def test_standing_too_few_peers_and_no_data():
    row = S.standing(obs(), CATALOGUE.iloc[1], "A", ["B", "C", "D"])
    assert row["status"] == S.TOO_FEW and "rank" not in row  # nobody else has y: no misleading rank
    row = S.standing(obs(), CATALOGUE.iloc[2], "A", ["B"])
    assert row["status"] == S.NO_DATA


def test_overview_and_theme_summary():
    table = S.overview(obs(), CATALOGUE, "A", ["B", "C", "D"])
    assert table["theme"].tolist()[0] == "vitality"
    summary = S.theme_summary(table, CATALOGUE).set_index("theme")
    assert summary.loc["vitality", "strengths"] == ["x"]
    assert summary.loc["wellbeing", "no_data"] == ["z"] and summary.loc["wellbeing", "last_year"] == 2012


def test_peer_band_and_ranking():
    band = S.peer_band(obs(), "x", ["B", "C", "D"])
    assert band.loc[2016, "median"] == 40.0 and band.loc[2016, "n"] == 3
    rank = S.ranking(obs(), "x", -1, ["A", "B", "C", "D"], 2016)
    assert rank["municipality"].tolist() == ["A", "B", "C", "D"] and rank["rank"].tolist() == [1, 2, 3, 4]


def test_thinned_names_peers_without_a_value_in_the_year_compared():
    # Test data: E is a fifth peer with x only up to 2015, so in A's latest year 2016 one of 4 peers lacks it;
    # y: A alone has a value (3 of 3 peers lack it); z: A has no value, so nothing is compared.
    data = pd.concat(
        [obs(), pd.DataFrame({"municipality": ["E"], "indicator": ["x"], "year": [2015], "value": [5.0]})]
    )
    table = S.overview(data, CATALOGUE, "A", ["B", "C", "D", "E"])
    thin = S.thinned(table).set_index("indicator")
    assert thin.loc["x"].tolist() == [2016, 1, 4]
    assert thin.loc["y"].tolist() == [2010, 4, 4]
    assert "z" not in thin.index
    full = S.overview(obs(), CATALOGUE, "A", ["B", "C", "D"])
    assert S.thinned(full)["indicator"].tolist() == ["y"]
