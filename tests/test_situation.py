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
    summary = S.theme_summary(table, CATALOGUE, 2019).set_index("theme")
    assert summary.loc["vitality", "strengths"] == ["x"]
    assert summary.loc["wellbeing", "no_data"] == ["z"] and summary.loc["wellbeing", "last_year"] == 2012


def test_an_old_figure_names_no_strength_but_is_listed_as_old():
    # x ends in 2016 (A is best): in 2019 it is 3 years old, still recent; in 2020 four, older than the three
    # after which data is old, so it is no longer a strength but one of the old ones (2016).
    table = S.overview(obs(), CATALOGUE, "A", ["B", "C", "D"])
    fresh = S.theme_summary(table, CATALOGUE, 2019).set_index("theme").loc["vitality"]
    assert fresh["strengths"] == ["x"] and fresh["old"] == []
    old = S.theme_summary(table, CATALOGUE, 2020).set_index("theme").loc["vitality"]
    assert old["strengths"] == [] and old["challenges"] == [] and old["old"] == ["x"]
    assert (old["old_first"], old["old_last"]) == (2016, 2016)
    worst = S.theme_summary(S.overview(obs(), CATALOGUE, "D", ["A", "B", "C"]), CATALOGUE, 2020)
    assert worst.set_index("theme").loc["vitality", "challenges"] == []  # D's worst x is old too


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


# ---- boundaries and ties, worked by hand


def test_ties_are_not_better():
    # 20 ties with one peer: only 30 is better (polarity 1), only 10 is better (polarity -1).
    assert S.rank_among(20.0, [10.0, 20.0, 30.0], polarity=1) == 2
    assert S.rank_among(20.0, [10.0, 20.0, 30.0], polarity=-1) == 2
    assert S.rank_among(20.0, [20.0, 20.0], polarity=1) == 1
    # neutral polarity ranks the largest first, like polarity 1
    assert S.rank_among(25.0, [10.0, 20.0, 30.0], polarity=0) == 2


def test_percentile_by_hand():
    assert S.percentile(5.0, [10.0, 20.0]) == 0.0
    assert S.percentile(25.0, [10.0, 20.0, 30.0, 40.0]) == 50.0
    assert S.percentile(50.0, [10.0, 20.0]) == 100.0
    assert S.percentile(20.0, [20.0]) == 50.0
    assert S.percentile(1.0, []) != S.percentile(1.0, [])  # NaN: no peers, no percentile


@pytest.mark.parametrize(
    ("value", "polarity", "expected"),
    [
        # peers 10, 20, 30, 40: numpy's linear quartiles q1 = 17.5, q3 = 32.5 (by hand: 10 + 0.75 × 10 ...)
        (32.5, 1, S.MIDDLE),  # on the upper quartile: still the middle
        (32.6, 1, S.BETTER),
        (32.6, -1, S.WORSE),
        (17.5, 1, S.MIDDLE),  # on the lower quartile: still the middle
        (17.4, 1, S.WORSE),
        (17.4, -1, S.BETTER),
        (25.0, -1, S.MIDDLE),
        (100.0, 0, S.NEUTRAL),
    ],
)
def test_verdict_on_both_sides_of_the_quartiles(value, polarity, expected):
    assert S.verdict(value, [10.0, 20.0, 30.0, 40.0], polarity) == expected


def test_verdict_needs_three_peers():
    assert S.verdict(100.0, [1.0, 2.0, 3.0], 1) == S.BETTER
    assert S.verdict(100.0, [1.0, 2.0], 1) == S.TOO_FEW
    assert S.verdict(100.0, [1.0, 2.0], 0) == S.TOO_FEW  # too few is said before neutral


def test_change_over_needs_both_ends():
    values = pd.Series([1.0, 4.0, 9.0], index=[2010, 2015, 2020])
    assert S.change_over(values, 5) == 5.0
    assert S.change_over(values, 10) == 8.0
    assert S.change_over(values, 3) is None
    assert S.change_over(pd.Series(dtype=float), 5) is None


def test_series_is_one_municipality_and_indicator_sorted_by_year():
    frame = pd.DataFrame(
        [("A", "x", 2012, 2.0), ("A", "x", 2010, 1.0), ("B", "x", 2010, 9.0), ("A", "y", 2010, 7.0)],
        columns=["municipality", "indicator", "year", "value"],
    )
    out = S.series(frame, "A", "x")
    assert out.index.tolist() == [2010, 2012] and out.tolist() == [1.0, 2.0]


def test_standing_peer_figures_by_hand():
    # A = 20 in 2016, peers B, C, D = 30, 40, 50: quartiles of the peers 35 and 45, median 40.
    row = S.standing(obs(), CATALOGUE.iloc[0], "A", ["B", "C", "D"])
    assert (row["peer_min"], row["peer_q1"], row["peer_median"], row["peer_q3"], row["peer_max"]) == (
        30.0,
        35.0,
        40.0,
        45.0,
        50.0,
    )
    assert row["n_peers"] == 3 and row["n_members"] == 3
    assert row["percentile"] == 0.0 and row["polarity"] == -1 and row["theme"] == "vitality"
    assert row["indicator"] == "x"


def test_standing_of_the_largest_by_hand():
    # D = 50 in 2016 against 20, 30, 40: above every peer (percentile 100), worst where lower is better
    row = S.standing(obs(), CATALOGUE.iloc[0], "D", ["A", "B", "C"])
    assert row["percentile"] == 100.0 and row["rank"] == 4 and row["status"] == S.WORSE


def test_standing_with_two_peers_has_no_rank():
    row = S.standing(obs(), CATALOGUE.iloc[0], "A", ["B", "C"])
    assert row["status"] == S.TOO_FEW and row["n_peers"] == 2
    assert "rank" not in row and "peer_median" not in row and "percentile" not in row


def test_standing_no_data_reports_the_catalogues_last_year():
    row = S.standing(obs(), CATALOGUE.iloc[2], "A", ["B"])
    assert row == {
        "indicator": "z",
        "theme": "wellbeing",
        "polarity": 1,
        "status": S.NO_DATA,
        "last_year": 2012,
    }


def test_peers_only_count_in_the_municipalitys_latest_year():
    frame = obs()
    frame = frame[~((frame["municipality"] == "A") & (frame["year"] == 2016))]  # A's latest is 2015
    row = S.standing(frame, CATALOGUE.iloc[0], "A", ["B", "C", "D"])
    assert row["year"] == 2015 and row["peer_median"] == 39.0


def test_theme_summary_lists_challenges_and_zero_year_for_a_theme_without_indicators():
    table = S.overview(obs(), CATALOGUE, "D", ["A", "B", "C"])  # D is the largest: worst on x
    summary = S.theme_summary(table, CATALOGUE, 2016).set_index("theme")
    assert summary.loc["vitality", "challenges"] == ["x"] and summary.loc["vitality", "strengths"] == []
    assert summary.loc["finances", "last_year"] == 0 and summary.loc["vitality", "last_year"] == 2016
    assert list(summary.index) == list(S.THEMES)


def test_overview_keeps_theme_order():
    catalogue = CATALOGUE.iloc[
        [2, 0, 1]
    ]  # wellbeing first in the catalogue: the table still starts with vitality
    table = S.overview(obs(), catalogue, "A", ["B", "C", "D"])
    assert table["theme"].cat.ordered and list(table.index) == [0, 1, 2]
    assert "index" not in table.columns
    assert table["indicator"].tolist() == ["x", "z", "y"]  # stable within a theme
    assert table["theme"].tolist() == ["vitality", "wellbeing", "wellbeing"]


def test_peer_band_needs_three_and_gives_quartiles_by_hand():
    band = S.peer_band(obs(), "x", ["B", "C", "D"])
    # 2016: 30, 40, 50 → min 30, q1 35, median 40, q3 45, max 50
    assert band.loc[2016].to_dict() == {
        "min": 30.0,
        "q1": 35.0,
        "median": 40.0,
        "q3": 45.0,
        "max": 50.0,
        "n": 3,
    }
    assert S.peer_band(obs(), "x", ["B", "C"]).empty


def test_ranking_largest_first_for_neutral_and_ties_share_a_rank():
    frame = pd.DataFrame(
        [("A", "x", 2020, 1.0), ("B", "x", 2020, 3.0), ("C", "x", 2020, 3.0), ("D", "x", 2019, 9.0)],
        columns=["municipality", "indicator", "year", "value"],
    )
    rank = S.ranking(frame, "x", 0, ["A", "B", "C", "D"], 2020)
    assert rank["municipality"].tolist() == ["B", "C", "A"] and rank["rank"].tolist() == [1, 1, 3]
    rank = S.ranking(frame, "x", 1, ["A", "B"], 2020)
    assert rank["municipality"].tolist() == ["B", "A"]


# ---- found by mutation testing


def literal(rows):
    return pd.DataFrame(rows, columns=["municipality", "indicator", "year", "value"])


def test_overview_orders_themes_by_the_fixed_order_not_the_alphabet():
    catalogue = pd.DataFrame(
        {
            "id": ["f", "v"],
            "theme": ["finances", "vitality"],
            "polarity": [1, 1],
            "headline": [True, True],
            "last_year": [2020, 2020],
        }
    )
    obs = literal([("A", "f", 2020, 1.0), ("A", "v", 2020, 2.0)])
    table = S.overview(obs, catalogue, "A", ["B"])
    assert table["indicator"].tolist() == ["v", "f"]  # vitality comes before finances in THEMES
    assert list(table["theme"].cat.categories) == list(S.THEMES)


def test_ranking_three_way_tie_shares_the_first_rank():
    obs = literal(
        [("A", "x", 2020, 3.0), ("B", "x", 2020, 3.0), ("C", "x", 2020, 3.0), ("D", "x", 2020, 1.0)]
    )
    rank = S.ranking(obs, "x", 1, ["A", "B", "C", "D"], 2020)
    assert rank["rank"].tolist() == [1, 1, 1, 4]
    assert list(rank.columns) == ["municipality", "value", "rank"] and list(rank.index) == [0, 1, 2, 3]
