"""Freshness per theme, on a literal catalogue (test data)."""

import pandas as pd

from foresight import freshness
from foresight.freshness import theme_freshness


def test_newest_year_median_and_old_flag() -> None:
    catalogue = pd.DataFrame(
        {
            "theme": ["population", "population", "population", "wellbeing", "wellbeing"],
            "last_year": [2025, 2021, 2016, 2012, 2023],
        }
    )
    out = theme_freshness(catalogue, current_year=2026).set_index("theme")
    assert list(out.index) == ["population", "wellbeing"]  # themes without indicators are left out
    assert out.loc["population", "newest_year"] == 2025
    assert out.loc["population", "median_latest_year"] == 2021
    assert out.loc["wellbeing", "median_latest_year"] == 2017  # median of 2012 and 2023 = 2017.5, floored
    # 2026 - 2023 = 3 is not more than three years; 2027 - 2023 = 4 is.
    assert not out.loc["wellbeing", "old"]
    assert theme_freshness(catalogue, current_year=2027).set_index("theme").loc["wellbeing", "old"]


def test_years_old_flags_only_figures_older_than_three_years() -> None:
    from foresight.freshness import years_old

    assert years_old(2011, 2026) == 15
    assert years_old(2022, 2026) == 4
    assert years_old(2023, 2026) is None  # three years is not yet old
    assert years_old(2026, 2026) is None


def test_not_trendable_names_single_years_apart() -> None:
    from foresight.freshness import not_trendable

    catalogue = pd.DataFrame(
        {"id": ["a", "b", "c"], "first_year": [2000, 2019, 2018], "last_year": [2020, 2019, 2020]}
    )
    out = not_trendable(catalogue, ["a"]).set_index("id")
    assert list(out.index) == ["b", "c"]
    assert out.loc["b", "single_year"] and not out.loc["c", "single_year"]


def test_headline_years_say_the_range_and_where_half_of_them_end() -> None:
    # Kuntatalous-like: one fresh tax rate (2026) among finance figures of 2019 and 2020.
    years = freshness.headline_years([2020, 2019, 2026, 2020, 2019, 2020], current_year=2026)
    # Sorted 2019, 2019, 2020, 2020, 2020, 2026: four of six end by 2020, three of six by 2019.
    assert years == {"first": 2019, "last": 2026, "half_by": 2020, "old_age": None}
    # Even count, split in two halves: 2018, 2020 | 2025, 2025 → half end by 2020.
    assert freshness.headline_years([2025, 2018, 2025, 2020], 2026)["half_by"] == 2020


def test_headline_years_of_a_theme_whose_newest_data_is_old() -> None:
    # Newest 2021 in 2026: 5 years, more than the 3 after which a figure is called old.
    assert freshness.headline_years([2021, 2021, 2021], 2026) == {
        "first": 2021,
        "last": 2021,
        "half_by": 2021,
        "old_age": 5,
    }
    # 2023 is exactly three years old in 2026: not yet old.
    assert freshness.headline_years([2023, 2012], 2026)["old_age"] is None
    assert freshness.headline_years([], 2026) is None


def test_a_theme_is_flagged_when_half_of_its_indicators_end_years_ago() -> None:
    # Finances-like: one 2026 tax rate among key figures of 2019–2020 (median of 2019, 2019, 2020, 2026 is
    # 2019.5, floored 2019: seven years before 2026); population-like: median 2023 is three years, not old.
    catalogue = pd.DataFrame(
        {
            "theme": ["finances"] * 4 + ["population"] * 3,
            "last_year": [2026, 2019, 2020, 2019, 2023, 2025, 2016],
        }
    )
    out = theme_freshness(catalogue, current_year=2026).set_index("theme")
    assert out.loc["finances", "median_latest_year"] == 2019
    assert not out.loc["finances", "old"] and out.loc["finances", "median_old"]
    assert out.loc["population", "median_latest_year"] == 2023 and not out.loc["population", "median_old"]
