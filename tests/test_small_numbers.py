"""The small-numbers note on literal populations; the figures in it worked out by hand."""

from __future__ import annotations

import math

import pytest

from foresight import small_numbers


@pytest.mark.parametrize(
    ("population", "small"),
    [
        (211, True),
        (1999, True),
        (2000, False),
        (130_000, False),
        (None, False),
        (math.nan, False),
        (0, False),
    ],
)
def test_the_rule_is_under_2000_residents(population: float | None, small: bool) -> None:
    assert small_numbers.is_small(population) is small
    assert (small_numbers.note(population, "X", "fi") is not None) is small


def test_the_note_works_out_what_five_persons_are_in_the_municipality() -> None:
    # Kökar, 211 residents: 5 / 211 = 0.0237 → 23,7 ‰ and 2,4 %
    fi = small_numbers.note(211, "Kökar", "fi")
    assert fi is not None and fi.startswith("Pienessä kunnassa muutamakin henkilö muuttaa lukua paljon:")
    assert "kunnassa Kökar on 211 asukasta, joten 5 henkeä on jo 23,7 ‰ tai 2,4 % väkiluvusta." in fi
    sv = small_numbers.note(211, "Kökar", "sv")
    assert sv is not None and "Kökar har 211 invånare, så 5 personer är redan 23,7 ‰ eller 2,4 % av" in sv
    en = small_numbers.note(1999, "Y", "en")
    # 5 / 1 999 = 0.0025 → 2.5 ‰ and 0.3 %; the population with the language's thousands separator
    assert en is not None and "in Y (population 1,999) 5 persons are already 2.5 ‰ or 0.3 % of the" in en
    assert "1\u00a0999" in (small_numbers.note(1999, "Y", "fi") or "")
