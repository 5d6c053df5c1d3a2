"""The indicator the compare page opens on when its link names none."""

from __future__ import annotations

import pandas as pd

from foresight.defaults import default_indicator

CATALOGUE = pd.DataFrame(
    {
        "id": ["employment_rate", "unemployment_rate", "population", "turnout", "extra"],
        "theme": ["vitality", "vitality", "population", "participation", "population"],
        "order": [20, 21, 0, 80, 5],
        "headline": [True, True, True, True, False],
    }
)


def obs(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame([{"municipality": m, "indicator": i, "year": y, "value": 1.0} for m, i, y in rows])


def test_population_when_current() -> None:
    # Unemployment to 2018 comes first in the catalogue, but population runs to 2025.
    data = obs(
        [("318", "unemployment_rate", y) for y in (2017, 2018)]
        + [("318", "population", 2024), ("318", "population", 2025)]
    )
    assert default_indicator(data, CATALOGUE, "318", 2026) == "population"


def test_first_headline_in_theme_order_when_population_is_missing() -> None:
    # No population for 999: vitality comes before participation, employment_rate (2025) is current,
    # unemployment_rate (2018) is not.
    data = obs(
        [("999", "unemployment_rate", y) for y in (2017, 2018)]
        + [("999", "employment_rate", y) for y in (2024, 2025)]
        + [("999", "turnout", y) for y in (2021, 2025)]
        + [("091", "population", y) for y in (2024, 2025)]
    )
    assert default_indicator(data, CATALOGUE, "999", 2026) == "employment_rate"


def test_stale_population_gives_way_to_a_current_headline() -> None:
    data = obs(
        [("999", "population", y) for y in (2015, 2016)] + [("999", "turnout", y) for y in (2021, 2025)]
    )
    assert default_indicator(data, CATALOGUE, "999", 2026) == "turnout"


def test_single_year_is_no_series() -> None:
    # One month's figure (one year) is not a series to compare; the two-year one wins even though older.
    data = obs([("999", "employment_rate", 2026)] + [("999", "unemployment_rate", y) for y in (2017, 2018)])
    assert default_indicator(data, CATALOGUE, "999", 2026) == "unemployment_rate"


def test_nothing_current_takes_the_latest_series_first_of_equals() -> None:
    data = obs(
        [("999", "turnout", y) for y in (2012, 2017)]
        + [("999", "unemployment_rate", y) for y in (2016, 2017)]
        + [("999", "employment_rate", y) for y in (2010, 2011)]
    )
    # Both end in 2017; unemployment_rate (vitality) comes before turnout (participation).
    assert default_indicator(data, CATALOGUE, "999", 2026) == "unemployment_rate"


def test_no_data_at_all_falls_back_to_the_catalogue_first() -> None:
    assert default_indicator(obs([("091", "population", 2025)]), CATALOGUE, "999", 2026) == "employment_rate"
