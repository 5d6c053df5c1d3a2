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


def test_smoothing_pass_broadcasts_rows_against_parameter_sets() -> None:
    """y is R × T, the parameters 1 × G (one grid for every row), the initial states R × 1: every output
    is R × G. Row 2 is row 1 doubled (with doubled initial states), so its errors double, its SSE is four
    times row 1's. Set 1 as worked above; set 2 (alpha 1, beta 0, phi 0.5) on 10, 12, 13 from 10 and 1:
      t0: fitted 10.5, error -0.5, level 10, trend 0.5
      t1: fitted 10.25, error 1.75, level 12, trend 0.25
      t2: fitted 12.125, error 0.875, level 13, trend 0.125
    SSE 0.25 + 3.0625 + 0.765625 = 4.078125; with alpha 1 the level is the last value, so the gap is 0.
    Set 1's SSE: 0.64 + 1.2544 + 0.906304 = 2.800704."""
    y = np.array([[10.0, 12.0, 13.0], [20.0, 24.0, 26.0]])
    alpha, beta, phi = np.array([[0.5, 1.0]]), np.array([[0.25, 0.0]]), np.array([[0.8, 0.5]])
    sse, level, trend, gap = M._ets_pass(
        y, alpha, beta, phi, np.array([[10.0], [20.0]]), np.array([[1.0], [2.0]])
    )
    assert sse == pytest.approx(np.array([[2.800704, 4.078125], [11.202816, 16.3125]]), abs=1e-12)
    assert level == pytest.approx(np.array([[12.524, 13.0], [25.048, 26.0]]), abs=1e-12)
    assert trend == pytest.approx(np.array([[0.846, 0.125], [1.692, 0.25]]), abs=1e-12)
    assert gap == pytest.approx(np.array([[0.476, 0.0], [0.952, 0.0]]), abs=1e-12)


def test_the_result_carries_the_parameters_it_was_computed_from() -> None:
    y = np.array([[10.0, 12.0, 13.0]])
    assert M.damped_from_params(y, 2, PARAMS).params is PARAMS
    assert M.damped_from_params(y, 2, PARAMS, anchored=True).params is PARAMS


def test_both_damped_versions_share_one_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The grid search is the costly step: asked for both versions, the batch fits once, in either mode."""
    calls: list[int] = []
    real = M.fit_damped

    def counting(y: np.ndarray) -> dict[str, np.ndarray]:
        calls.append(y.shape[0])
        return real(y)

    monkeypatch.setattr(M, "fit_damped", counting)
    monkeypatch.setattr(B, "fit_damped", counting)
    rng = np.random.default_rng(3)
    rows = 200 + np.cumsum(rng.normal(2.0, 5.0, (6, 15)), axis=1)
    for means_only in (True, False):
        calls.clear()
        out = B.run_methods(rows, 3, [M.DAMPED, M.ANCHORED_DAMPED], means_only=means_only)
        assert calls == [6], means_only
        assert np.isfinite(out[M.ANCHORED_DAMPED].loc).all()


def test_combined_alone_and_means_only_average_the_three_members() -> None:
    """Asked for the combination alone, in both modes: (3-year drift + whole-window drift + damped trend
    from the last value) / 3, the damped member from statsmodels' smoothed level moved to the last value."""
    y = np.array([[100.0 + 3 * i for i in range(14)] + [150.0]])
    h = 3
    steps = np.arange(1, h + 1)
    drift3 = 150.0 + (150.0 - 133.0) / 3 * steps
    drift15 = 150.0 + (150.0 - 100.0) / 14 * steps
    params = M.fit_damped(y)
    ref = statsmodels_damped(y[0], params, 0)
    damped = ref.get_prediction(start=15, end=14 + h).summary_frame(alpha=0.2)["mean"].to_numpy()
    damped = damped + (150.0 - float(np.asarray(ref.level)[-1]))
    expected = (drift3 + drift15 + damped) / 3
    for means_only in (True, False):
        out = B.run_methods(y, h, [M.COMBINED], means_only=means_only)
        assert list(out) == [M.COMBINED]
        assert out[M.COMBINED].loc[0] == pytest.approx(expected, rel=1e-9), means_only
