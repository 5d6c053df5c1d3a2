"""Freshness per theme, on a literal catalogue (test data)."""

import pandas as pd

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
