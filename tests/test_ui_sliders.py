"""Decimal sliders in the language's number format (foresight/ui/sliders.py)."""

from __future__ import annotations

from foresight.ui import sliders


def test_options_are_the_grid_with_exact_values() -> None:
    assert sliders.options(0.0, 5.0, 0.5) == [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0]
    grid = sliders.options(-3.0, 3.0, 0.1)
    assert len(grid) == 61 and grid[0] == -3.0 and grid[-1] == 3.0
    assert 0.3 in grid and -0.7 in grid and 0.0 in grid  # not 0.30000000000000004
    assert len(sliders.options(-20.0, 20.0, 0.5)) == 81


def test_a_linked_value_off_the_grid_is_kept_in_order() -> None:
    assert sliders.options(0.0, 2.0, 0.5, 1.3) == [0.0, 0.5, 1.0, 1.3, 1.5, 2.0]
    assert sliders.options(0.0, 2.0, 0.5, 1.5) == [0.0, 0.5, 1.0, 1.5, 2.0]
    assert sliders.options(0.0, 1.2, 0.5) == [0.0, 0.5, 1.0, 1.2]  # the maximum is always offered


def test_values_read_as_the_language_writes_them() -> None:
    assert sliders.text(-1.5, "fi", 1) == "\u22121,5"
    assert sliders.text(1.5, "sv", 1) == "1,5"
    assert sliders.text(1.5, "en", 1) == "1.5"
    assert sliders.text(0.0, "fi", 1) == "0,0"
    assert sliders.text(1.25, "fi", 1) == "1,25"  # a linked value shows its own decimals
    assert sliders.decimals(0.1) == 1 and sliders.decimals(0.25) == 2 and sliders.decimals(5.0) == 0
