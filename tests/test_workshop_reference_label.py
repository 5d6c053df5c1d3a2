"""The wall's chart marker names a year the 2024 edition did not publish as derived (MANIFEST: the 2024
population projection publishes 2024, 2035 and 2040 only)."""

from __future__ import annotations

import pytest

from foresight.ui.workshop_guesses import reference_point

KUOPIO = "297"


@pytest.mark.parametrize(
    ("year", "lang", "label"),
    [
        (2030, "fi", "Tilastokeskus 2024 (johdettu)"),
        (2030, "sv", "Statistikcentralen 2024 (härlett)"),
        (2030, "en", "Statistics Finland 2024 (derived)"),
        (2035, "fi", "Tilastokeskus 2024"),
        (2040, "sv", "Statistikcentralen 2024"),
    ],
)
def test_marker_label_says_whether_the_year_was_published(year: int, lang: str, label: str) -> None:
    point = reference_point({"indicator": "population", "year": year}, KUOPIO, lang)
    assert point is not None
    assert point[0] == year
    assert point[2] == label


def test_no_marker_for_other_indicators() -> None:
    assert reference_point({"indicator": "jobs", "year": 2030}, KUOPIO, "fi") is None
