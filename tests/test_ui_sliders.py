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


def test_whole_number_options_are_whole_numbers_and_read_as_the_language_writes_them() -> None:
    grid = sliders.options(-20, 20, 10, whole=True)
    assert grid == [-20, -10, 0, 10, 20] and all(type(v) is int for v in grid)
    assert len(sliders.options(-2000, 2000, 1, whole=True)) == 4001
    # a linked value between the steps of 10 is kept in its place, still a whole number
    grid = sliders.options(-50, 50, 10, 23, whole=True)
    assert grid == [-50, -40, -30, -20, -10, 0, 10, 20, 23, 30, 40, 50] and type(grid[8]) is int
    assert sliders.options(0, 25, 10, whole=True) == [0, 10, 20, 25]  # the maximum is always offered
    # float levers in whole steps (fertility, %) stay floats, as st.slider gave them
    assert all(type(v) is float for v in sliders.options(-50.0, 50.0, 1.0))
    # and they read as the language writes them (text() was already general: these pin it for whole steps)
    assert sliders.text(-2000, "fi", 0) == "\u22122\u00a0000"
    assert sliders.text(2000, "sv", 0) == "2\u00a0000"
    assert sliders.text(-4990, "en", 0) == "\u22124,990"
    assert sliders.text(-15.0, "fi", 0) == "\u221215"  # a float in whole steps: no decimals
    assert sliders.text(0, "fi", 0) == "0" and sliders.text(999, "fi", 0) == "999"
