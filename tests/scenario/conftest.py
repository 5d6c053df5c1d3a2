"""Fixtures: the real calibrated baselines (built once) and a small literal test population."""

import numpy as np
import pandas as pd
import pytest

from foresight.columns import AGE, EDITION, MUNICIPALITY, VALUE, YEAR
from foresight.scenario.model import Result, build_baseline
from foresight.snapshot import load_table


@pytest.fixture(scope="session")
def projections() -> pd.DataFrame:
    return load_table("official_projections")


@pytest.fixture(scope="session")
def observations() -> pd.DataFrame:
    return load_table("observations")


@pytest.fixture(scope="session")
def base19(projections):
    return build_baseline(projections, "2019")


@pytest.fixture(scope="session")
def base24(projections):
    return build_baseline(projections, "2024")


@pytest.fixture()
def ones() -> Result:
    """Test data: one municipality "999", one person at every age 0..100+ in 2030 and two in 2040."""
    pop = np.stack([np.ones(101), 2 * np.ones(101)])[None]
    return Result("test", np.array(["999"]), np.array([2030, 2040]), pop)


@pytest.fixture()
def tiny_projection() -> pd.DataFrame:
    """Test data: a two-municipality projection, 10 persons per age growing 1 % a year (2019 edition only)."""
    rows = []
    for code, scale in (("001", 1.0), ("002", 3.0)):
        for y in range(2019, 2041):
            for a in range(101):
                rows.append(("2019", code, y, a, round(scale * 10 * 1.01 ** (y - 2019), 3)))
    return pd.DataFrame(rows, columns=[EDITION, MUNICIPALITY, YEAR, AGE, VALUE])
