"""The source named under a figure is the one that supplied its year (test data)."""

import pandas as pd

from foresight.provenance import source_for_year

PROV = pd.DataFrame(
    {
        "indicator": ["population", "population", "population", "gini"],
        "first_year": [1972, 2000, 2025, 1995],
        "last_year": [1999, 2022, 2025, 2011],
        "edition": ["2019-03", "2023", "2026-04-01", "2013-09-08"],
        "source_en": ["StatFin 11re", "Sotkanet 127", "StatFin 2026", "Sotkanet"],
    }
)


def test_the_year_picks_its_source() -> None:
    assert source_for_year(PROV, "population", 1990, "en") == "StatFin 11re"
    assert source_for_year(PROV, "population", 2022, "en") == "Sotkanet 127"
    assert source_for_year(PROV, "population", 2025, "en") == "StatFin 2026"
    assert source_for_year(PROV, "population", 2023, "en") is None  # no file covers 2023 here
    assert source_for_year(PROV, "gini", 2012, "en") is None
    assert source_for_year(None, "gini", 2000, "en") is None


def test_overlapping_files_are_all_named_newest_first() -> None:
    both = pd.concat(
        [PROV, PROV.iloc[[1]].assign(first_year=2020, last_year=2025, edition="2024", source_en="X")]
    )
    assert source_for_year(both, "population", 2021, "en") == "X; Sotkanet 127"
