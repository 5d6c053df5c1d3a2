"""The bulk number pass of own data agrees with the cell parser on any text (hypothesis)."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from foresight.owndata.text import parse_number
from foresight.owndata.validate import _numbers

CELLS = st.one_of(
    st.text(max_size=15),
    st.text(alphabet="0123456789 ,.-+%e\u00a0\u2212", max_size=12),
    st.integers(-(10**9), 10**9).map(lambda n: f"{n:,}".replace(",", " ")),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(CELLS, min_size=1, max_size=8))
def test_bulk_numbers_agree_with_the_cell_parser(cells):
    bulk = _numbers(pd.Series(cells, dtype=str))
    for cell, number in zip(cells, bulk, strict=True):
        expected = parse_number(cell)
        if expected is None:
            assert math.isnan(number), cell
        else:
            assert number == expected, cell
