"""The trends page projects the indicator it shows, not the whole snapshot; per indicator, the same figures."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from foresight.projection import batch as B
from foresight.ui import projection_cache
from tests.app.conftest import run_app


@pytest.fixture
def projected(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[str]]]:
    """The indicator lists project_many is called with to the page's horizon, 2040 (the track record's runs
    to earlier years are not counted); the page cache is cleared before and after."""
    calls: list[list[str]] = []
    real = B.project_many

    def spy(obs, catalogue=None, indicators=None, until=2030, *args, **kwargs):  # type: ignore[no-untyped-def]
        if until == projection_cache.UNTIL:
            calls.append(list(indicators or []))
        return real(obs, catalogue, indicators, until, *args, **kwargs)

    monkeypatch.setattr(B, "project_many", spy)
    projection_cache._projection.clear()
    projection_cache._view.clear()
    yield calls
    projection_cache._projection.clear()
    projection_cache._view.clear()


def test_opening_the_trends_page_projects_only_its_indicator(projected: list[list[str]]) -> None:
    at = run_app("pages/trends.py", municipality="318", lang="fi")
    assert not at.exception
    assert projected == [["population"]]
    # Its selector still offers every projectable indicator, and another one is projected when picked.
    options = at.selectbox(key="w_trend_indicator_fi").options
    assert len(options) == len(projection_cache.results()) > 50
    at.selectbox(key="w_trend_indicator_fi").set_value("unemployment_rate").run()
    assert not at.exception
    assert projected == [["population"], ["unemployment_rate"]]


def test_the_mapping_answers_membership_without_projecting(projected: list[list[str]]) -> None:
    results = projection_cache.results()
    assert "population" in results and "no_such_indicator" not in results
    assert results.get("no_such_indicator") is None
    assert projected == []


@pytest.mark.parametrize("indicator", ["population", "unemployment_rate", "share_65_plus"])
def test_one_indicator_at_a_time_agrees_with_the_whole_snapshot_run(indicator: str) -> None:
    """The reference is the stacked run over every indicator (project_snapshot): the same method choices
    and backtest figures, and the same bands up to floating-point rounding (vectorised sums over arrays of
    another shape), well inside the 1e-9 agreement bench_projection.py holds the backtest store to."""
    one = projection_cache.results()[indicator]
    whole = B.project_snapshot(projection_cache.UNTIL)[indicator]
    assert list(one.codes) == list(whole.codes) and list(one.years) == list(whole.years)
    for name, column in whole.columns.items():
        if column.dtype.kind == "f":
            assert np.array_equal(one.columns[name], column, equal_nan=True), name
        else:
            assert list(one.columns[name]) == list(column), name
    assert set(one.arrays) == set(whole.arrays)
    for method, bands in whole.arrays.items():
        for band, values in bands.items():
            assert np.allclose(one.arrays[method][band], values, rtol=1e-9, atol=0, equal_nan=True), (
                method,
                band,
            )
