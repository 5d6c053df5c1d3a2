"""The newer sources in the snapshot equal their raw files (expected values read from the raw files or
from the checks MANIFEST.md Part D states), and the newest edition wins where editions overlap."""

import pandas as pd
import pytest

from foresight.build.common import EDITION_DATE, SOURCE_FILE, newest_wins
from tests.build.test_snapshot import value


@pytest.mark.parametrize(
    ("code", "indicator", "year", "expected"),
    [
        # Population: Diak 2023 (MANIFEST: Helsinki 674 500), transcribed 2024 (Helsinki 684 018, Tampere
        # 260 180), StatFin 11re 2025 answer (Helsinki 694 392).
        ("091", "population", 2023, 674_500),
        ("091", "population", 2024, 684_018),
        ("837", "population", 2024, 260_180),
        ("091", "population", 2025, 694_392),
        # Mäntyharju 2023 = Mäntyharju 5 522 + Pertunmaa 1 577 in Diak's file (merged 2025: counts summed).
        ("507", "population", 2023, 5_522 + 1_577),
        # Key figures 2022 edition (MANIFEST: Helsinki employment rate 2020 69.0 %, vuosikate 1 314.3 €/inh.).
        ("091", "employment_rate", 2020, 69.0),
        ("091", "annual_margin_eur", 2020, 1314.3),
        # 12r5, June 2026: Helsinki's unemployed share 14.2 %; 14ww 2024: Gini 34.5, low-income rate 14.1 %.
        ("091", "unemployment_rate_month", 2026, 14.2),
        ("091", "gini", 2024, 34.5),
        ("091", "low_income_rate", 2024, 14.1),
        ("091", "median_income_eur", 2024, 33_525),
    ],
)
def test_values_equal_the_raw_files(snap, code, indicator, year, expected) -> None:
    assert value(snap, code, indicator, year) == pytest.approx(expected)


def test_revised_value_comes_from_the_newer_edition(snap) -> None:
    # Jämsä (182) natural increase 2006: -51 in the 2006–2016 edition, revised to -50 in the 2022 edition.
    assert value(snap, "182", "natural_increase", 2006) == -50


def test_newest_wins_on_literal_editions() -> None:
    # Test data: two editions of one figure; the later publication's value is kept, its provenance recorded.
    obs = pd.DataFrame(
        {
            "municipality": ["182", "182", "182"],
            "indicator": ["natural_increase"] * 3,
            "year": [2006, 2006, 2007],
            "value": [-51.0, -50.0, -35.0],
            SOURCE_FILE: ["old.csv", "new.tsv", "new.tsv"],
            EDITION_DATE: ["2019-03", "2022-11-08", "2022-11-08"],
        }
    )
    kept, provenance = newest_wins(obs.iloc[::-1])  # order of the input does not matter
    assert kept.set_index("year")["value"].to_dict() == {2006: -50.0, 2007: -35.0}
    assert provenance[["source_file", "first_year", "last_year", "n_values"]].values.tolist() == [
        ["new.tsv", 2006, 2007, 2]
    ]


def test_newest_years_reach_the_issues_targets(snap) -> None:
    last = snap.indicators.set_index("id")["last_year"]
    assert last["population"] == 2025 and last["share_65_plus"] == 2025 and last["natural_increase"] == 2025
    assert last["employment_rate"] == 2020 and last["unemployed_share_labour_force"] == 2020
    assert last["unemployment_rate_month"] == 2026 and last["share_tertiary_education"] == 2025
    assert last["gini"] == 2024 and last["low_income_rate"] == 2024 and last["annual_margin_eur"] == 2020
    assert last["operating_margin_eur"] == 2019 and last["turnout_municipal_election"] == 2021
    assert snap.indicators.set_index("id").loc["unemployment_rate_month", "latest_period"] == "2026-06"


def test_transcribed_2024_checked_between_2023_and_2025() -> None:
    from foresight.build.population import plausible_between

    # Test data: B's 2024 figure is far outside its 2023–2025 range and is refused; C has no 2025 figure.
    y2023 = pd.DataFrame({"municipality": ["A", "B", "C"], "population": [1000.0, 1000.0, 1000.0]})
    y2025 = pd.DataFrame({"municipality": ["A", "B"], "population": [1040.0, 1040.0]})
    y2024 = pd.DataFrame(
        {"municipality": ["A", "B", "C"], "year": 2024, "population": [1020.0, 2000.0, 990.0]}
    )
    kept = plausible_between(y2024, y2023, y2025)
    assert kept["municipality"].tolist() == ["A"]
