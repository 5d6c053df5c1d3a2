"""Literal fixtures for the projection tests (test data, not real municipalities' figures)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foresight.columns import INDICATOR, MUNICIPALITY, VALUE, YEAR


def long_obs(series: dict[tuple[str, str], dict[int, float]]) -> pd.DataFrame:
    """Long observations from {(municipality, indicator): {year: value}} (test data)."""
    rows = [
        {MUNICIPALITY: code, INDICATOR: ind, YEAR: year, VALUE: value}
        for (code, ind), values in series.items()
        for year, value in values.items()
    ]
    return pd.DataFrame(rows)


@pytest.fixture
def make_obs():  # noqa: ANN201 - returns the builder above
    """The long_obs builder, for tests that write their own literal series."""
    return long_obs


@pytest.fixture
def linear_series() -> pd.Series:
    """y = 100 + 3 (year − 2006), 2006–2016: a straight line (test data)."""
    years = np.arange(2006, 2017)
    return pd.Series(100.0 + 3.0 * (years - 2006), index=years)


@pytest.fixture
def noisy_obs() -> pd.DataFrame:
    """Three municipalities × two indicators 2000–2016 with fixed pseudo-random noise (test data)."""
    rng = np.random.default_rng(42)
    years = range(2000, 2017)
    series = {}
    for i, code in enumerate(("001", "002", "003")):
        level = 1000.0 * (i + 1)
        walk = np.cumsum(rng.normal(5.0 * (i - 1), 20.0, len(years)))
        series[(code, "size")] = {y: level + w for y, w in zip(years, walk, strict=True)}
        share = np.clip(50 + np.cumsum(rng.normal(0.5, 1.0, len(years))), 0, 100)
        series[(code, "share")] = dict(zip(years, share, strict=True))
    return long_obs(series)


@pytest.fixture
def catalogue() -> pd.DataFrame:
    """Units of the fixture indicators."""
    return pd.DataFrame({"id": ["size", "share"], "unit": ["persons", "percent"]})
