"""The damped trend started from the last observed value (test data; values worked by hand or by statsmodels)."""

from __future__ import annotations

import numpy as np
import pytest

from foresight.projection import batch as B
from foresight.projection import methods as M
from foresight.projection.reference import statsmodels_damped

# alpha 0.5, beta 0.25, phi 0.8 from level 10 and trend 1 on 10, 12, 13 (worked by hand):
#   t0: fitted 10.8, error -0.8, level 10.4, trend 0.6
#   t1: fitted 10.88, error 1.12, level 11.44, trend 0.76
#   t2: fitted 12.048, error 0.952, level 12.524, trend 0.846
# smoothed-level forecasts 12.524 + 0.846·0.8 = 13.2008 and 12.524 + 0.846·(0.8 + 0.64) = 13.74224;
# from the last value 13 instead: 13.6768 and 14.21824 (the gap 13 - 12.524 = 0.476 = (1 - 0.5)·0.952).
PARAMS = {
    "alpha": np.array([0.5]),
    "beta": np.array([0.25]),
    "phi": np.array([0.8]),
    "initial_level": np.array([10.0]),
    "initial_trend": np.array([1.0]),
}


def test_hand_worked_path_from_the_smoothed_level_and_from_the_last_value() -> None:
    y = np.array([[10.0, 12.0, 13.0]])
    plain = M.damped_from_params(y, 2, PARAMS)
    anchored = M.damped_from_params(y, 2, PARAMS, anchored=True)
    assert plain.loc[0] == pytest.approx([13.2008, 13.74224], abs=1e-12)
    assert anchored.loc[0] == pytest.approx([13.6768, 14.21824], abs=1e-12)
    assert anchored.scale == pytest.approx(plain.scale)  # same bands around the moved path


def test_a_missing_last_year_keeps_the_anchor_at_the_last_observation() -> None:
    # Year 4 missing: the state runs on without correction (level 13.2008, trend 0.6768), and the
    # anchored path is still the last observation's gap (0.476) above it: 13.74224 + 0.476 = 14.21824.
    y = np.array([[10.0, 12.0, 13.0, np.nan]])
    anchored = M.damped_from_params(y, 1, PARAMS, anchored=True)
    assert anchored.loc[0] == pytest.approx([14.21824], abs=1e-12)


def test_gap_equals_last_value_minus_statsmodels_smoothed_level() -> None:
    rng = np.random.default_rng(5)
    y = (1000 + np.cumsum(rng.normal(8.0, 15.0, 15)))[None, :]
    params = M.fit_damped(y)
    ref = statsmodels_damped(y[0], params, 0)
    level_last = float(np.asarray(ref.level)[-1])  # statsmodels' smoothed level after the last year
    frame = ref.get_prediction(start=15, end=19).summary_frame(alpha=0.2)
    expected = frame["mean"].to_numpy() + (y[0, -1] - level_last)
    assert M.anchored_damped(y, 5).loc[0] == pytest.approx(expected, rel=1e-9)


def test_means_only_and_full_fit_agree_for_both_versions() -> None:
    rng = np.random.default_rng(9)
    rows = 500 + np.cumsum(rng.normal(3.0, 6.0, (40, 15)), axis=1)
    rows[3, 4] = np.nan  # a rare pattern goes through the recursion
    plain, anchored = M.damped_means_both(rows, 6)
    assert plain == pytest.approx(M.damped_trend(rows, 6).loc, rel=1e-9)
    assert anchored == pytest.approx(M.anchored_damped(rows, 6).loc, rel=1e-9)
    both = B.run_methods(rows, 6, [M.DAMPED, M.ANCHORED_DAMPED], means_only=True)
    assert both[M.ANCHORED_DAMPED].loc == pytest.approx(anchored, rel=1e-9)
    full = B.run_methods(rows, 6, [M.DAMPED, M.ANCHORED_DAMPED])
    assert full[M.ANCHORED_DAMPED].loc == pytest.approx(anchored, rel=1e-9)
    assert full[M.DAMPED].loc == pytest.approx(plain, rel=1e-9)
    alone = B.run_methods(rows, 6, [M.ANCHORED_DAMPED], means_only=True)
    assert alone[M.ANCHORED_DAMPED].loc == pytest.approx(anchored, rel=1e-9)


def test_combined_averages_the_anchored_damped_trend() -> None:
    # 100, 103, ..., 139 (+3 a year) then 150: the 3-year drift runs from 133 (three years back) to 150,
    # the whole-window drift from 100 over 14 years.
    y = np.array([[100.0 + 3 * i for i in range(14)] + [150.0]])
    h = 2
    drift3 = 150.0 + (150.0 - y[0, -4]) / 3 * np.arange(1, h + 1)
    drift15 = 150.0 + (150.0 - 100.0) / 14 * np.arange(1, h + 1)
    expected = (drift3 + drift15 + M.anchored_damped(y, h).loc[0]) / 3
    assert M.COMBINED_PARTS == (M.DRIFT_3, M.DRIFT, M.ANCHORED_DAMPED)
    assert M.combined(y, h).loc[0] == pytest.approx(expected, rel=1e-12)
    assert drift3 == pytest.approx([155.666666666667, 161.333333333333])
