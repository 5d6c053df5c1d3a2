"""Sliders over decimal numbers that show them as the page's language writes them (1,5 in Finnish and Swedish).

st.slider prints its value with a printf format, always with a decimal point, and has no locale. A
st.select_slider over the same values with the project's number format shows "1,5" and gives the same
float back, so the session value, the link and its validation stay as they were.
"""

from __future__ import annotations

import math
from functools import partial

import streamlit as st

from foresight import format as fmt
from foresight.ui.state import bound

MAX_DECIMALS = 3  # a value from a link is shown with up to this many decimals


def decimals(value: float) -> int:
    """How many decimals a number needs (0.5 → 1, 0.25 → 2, 2.0 → 0), at most MAX_DECIMALS."""
    for places in range(MAX_DECIMALS + 1):
        if math.isclose(round(value, places), value, rel_tol=0, abs_tol=1e-9):
            return places
    return MAX_DECIMALS


def options(low: float, high: float, step: float, value: float | None = None) -> list[float]:
    """The values a slider from low to high by step offers, and a value off that grid (from a link) in order.

    Values are rounded to the step's decimals, so 0.1 steps give 0.3, not 0.30000000000000004.
    """
    places = decimals(step)
    count = math.floor((high - low) / step + 1e-9)
    grid = [round(low + i * step, places) for i in range(count + 1)]
    if not math.isclose(grid[-1], high, abs_tol=1e-9):
        grid.append(float(high))
    if value is not None and value not in grid:
        grid = sorted([*grid, float(value)])
    return [float(v) for v in grid]


def text(value: float, lang: str, places: int) -> str:
    """A slider value as the language writes it, with at least the step's decimals ('1,5', '−0,5')."""
    return fmt.number(value, max(places, decimals(value)), lang)


def decimal_slider(
    label: str, key: str, default: float, *, low: float, high: float, step: float, lang: str, **kwargs: object
) -> float:
    """A state-bound slider (ui.state.bound) over low..high by step, its numbers in the language's format."""
    current = st.session_state.get(key, default)
    current = default if current is None else current
    return float(
        bound(
            st.select_slider,
            label,
            key,
            default,
            options=options(low, high, step, float(current)),
            format_func=partial(text, lang=lang, places=decimals(step)),
            **kwargs,
        )
    )
