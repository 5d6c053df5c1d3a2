"""The one 2030 reference: Statistics Finland's newest projection, checked against its published figures."""

from __future__ import annotations

import pytest

from foresight import reference, snapshot


@pytest.fixture(scope="module")
def snap():
    return snapshot.load_snapshot()


def test_newest_edition_is_2024(snap):
    assert reference.newest_edition(snap.official_projections) == "2024"


def test_kuopio_2030_lies_on_the_2024_edition_between_its_published_years(snap):
    ref = reference.reference_2030(snap, "297")
    assert ref is not None and ref.edition == "2024" and ref.year == 2030
    assert not ref.published and ref.published_years == (2024, 2035, 2040)
    # Statistics Finland's 2024 projection, Kuopio, ages 0–99 summed from the published table:
    # 2024: 125 624, 2035: 138 528. 2030 lies between them; the 2019 edition's 122 086 does not.
    assert 125_624 < ref.value < 138_528
    # above the population counted in 2022 (122 594), which the 2019 edition's 2022 (120 199) was not
    assert ref.value > 122_594
    assert ref.actual_year is not None and ref.actual_year >= 2024 and ref.actual is not None


def test_a_published_year_is_the_published_figure(snap):
    ref = reference.reference_2030(snap, "297", year=2035)
    assert ref is not None and ref.published
    # published ages 0–99 138 528; the 100+ group (a few dozen people) comes from the model
    assert ref.value == pytest.approx(138_528, abs=100)


def test_unknown_municipality(snap):
    assert reference.reference_2030(snap, "999") is None
