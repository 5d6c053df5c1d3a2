"""Sliders over numbers that show them as the page's language writes them (1,5 and −2 000 in Finnish and Swedish).

st.slider prints its value with a printf format ("-2000", always a decimal point) and has no locale. A
st.select_slider over the same values with the project's number format shows "1,5" or "−2 000" and gives the
same number back (a float, or an int for whole-number values), so the session value, the link and its
validation stay as they were. A year is not such a number: keep st.slider for it ("2024", never "2 024").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache, partial

import streamlit as st

from foresight import format as fmt
from foresight.ui.state import bound

MAX_DECIMALS = 3  # a value from a link is shown with up to this many decimals


def decimals(value: float) -> int:
    """How many decimals a number needs (0.5 → 1, 0.25 → 2, 2.0 → 0), at most MAX_DECIMALS."""
    return fmt.places(value, MAX_DECIMALS)


def options(
    low: float, high: float, step: float, value: float | None = None, *, whole: bool = False
) -> Sequence[float]:
    """The values a slider from low to high by step offers, and a value off that grid (from a link) in order.

    Values are rounded to the step's decimals, so 0.1 steps give 0.3, not 0.30000000000000004; whole=True
    gives ints (what st.slider gives for int bounds), otherwise floats.
    """
    places = decimals(step)
    count = math.floor((high - low) / step + 1e-9)
    grid = [round(low + i * step, places) for i in range(count + 1)]
    if not math.isclose(grid[-1], high, abs_tol=1e-9):
        grid.append(float(high))
    if value is not None and value not in grid:
        grid = sorted([*grid, float(value)])
    if whole:
        return [int(round(v)) for v in grid]
    return [float(v) for v in grid]


def text(value: float, lang: str, places: int) -> str:
    """A slider value as the language writes it, with at least the step's decimals ('1,5', '−0,5')."""
    return fmt.number_exact(value, places, lang)


@lru_cache(maxsize=64)  # at most ~0.5 MB an entry (±2 000 by 1 in one language); most are far smaller
def _grid(
    low: float, high: float, step: float, whole: bool, lang: str
) -> tuple[tuple[float, ...], dict[float, str]]:
    """A slider's grid and each value's text, made once: Streamlit formats every option twice a run, and a
    ±2 000 persons lever has 4 001 of them."""
    grid = tuple(options(low, high, step, whole=whole))
    places = decimals(step)
    return grid, {value: text(value, lang, places) for value in grid}


def _label(value: float, labels: dict[float, str], lang: str, places: int) -> str:
    found = labels.get(value)
    return found if found is not None else text(value, lang, places)


def number_slider(
    label: str,
    key: str,
    default: float,
    *,
    low: float,
    high: float,
    step: float,
    lang: str,
    whole: bool = False,
    **kwargs: object,
) -> float:
    """A state-bound slider (ui.state.bound) over low..high by step, its numbers in the language's format.

    A whole-number step shows no decimals ("−2 000"); whole=True also keeps the values ints, in the session
    and back, as st.slider over int bounds did.
    """
    current = st.session_state.get(key, default)
    current = default if current is None else current
    grid, labels = _grid(low, high, step, whole, lang)
    # a value off the grid (from a link) is offered in its place; 5 == 5.0 finds a whole value either way
    values = list(grid) if current in labels else options(low, high, step, float(current), whole=whole)
    picked = bound(
        st.select_slider,
        label,
        key,
        default,
        options=values,
        format_func=partial(_label, labels=labels, lang=lang, places=decimals(step)),
        **kwargs,
    )
    return int(picked) if whole else float(picked)
