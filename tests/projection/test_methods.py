"""Each method on literal series with known answers; bands, clipping, bad input (test data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foresight.projection import methods as M
from foresight.projection.methods import TooLittleHistory, project

BAND_ORDER = ("lower_95", "lower_80", "mean", "upper_80", "upper_95")


def test_linear_projects_a_straight_line_exactly(linear_series: pd.Series) -> None:
    out = project(linear_series, M.LINEAR, 2030)
    assert list(out["year"]) == list(range(2017, 2031))
    assert out["mean"].to_numpy() == pytest.approx(100 + 3.0 * (np.arange(2017, 2031) - 2006))
    # No residual at all → no uncertainty.
    assert (out["upper_95"] - out["lower_95"]).to_numpy() == pytest.approx(np.zeros(14), abs=1e-6)
    assert set(out["method"]) == {"linear"}


def test_log_linear_projects_constant_growth_exactly() -> None:
    years = np.arange(2010, 2020)
    series = pd.Series(200.0 * 1.05 ** (years - 2010), index=years)
    out = project(series, M.LOG_LINEAR, 2025)
    assert out["mean"].to_numpy() == pytest.approx(200.0 * 1.05 ** (np.arange(2020, 2026) - 2010))


def test_drift_and_naive_on_known_values() -> None:
    series = pd.Series([10.0, 12.0, 11.0, 15.0, 18.0], index=range(2001, 2006))
    drift = project(series, M.DRIFT, 2008)
    assert drift["mean"].to_numpy() == pytest.approx([20.0, 22.0, 24.0])  # (18 − 10) / 4 = 2 a year
    naive = project(series, M.NAIVE, 2008)
    assert naive["mean"].to_numpy() == pytest.approx([18.0, 18.0, 18.0])
    # Naive variance: mean squared yearly change = (4 + 1 + 16 + 9) / 4 = 7.5; h = 1 → sd √7.5, df 4.
    half_80 = naive["upper_80"].iloc[0] - 18.0
    assert half_80 == pytest.approx(1.5332062737131438 * np.sqrt(7.5))


def test_missing_years_count_as_longer_steps() -> None:
    series = pd.Series([50.0, 54.0, 58.0, 62.0, 66.0], index=[2000, 2004, 2008, 2012, 2016])
    out = project(series, M.DRIFT, 2020)
    assert out["mean"].iloc[-1] == pytest.approx(70.0)
    assert project(series, M.LINEAR, 2020)["mean"].iloc[-1] == pytest.approx(70.0)


@pytest.mark.parametrize("method", M.METHODS)
def test_bands_are_ordered_and_widen_with_horizon(method: str) -> None:
    years = np.arange(2000, 2015)
    values = 500 + 4 * (years - 2000) + np.array([3, -2, 5, -4, 1, 0, -3, 4, -1, 2, -5, 3, 1, -2, 2], float)
    out = project(pd.Series(values, index=years), method, 2030)
    edges = out[list(BAND_ORDER)].to_numpy()
    assert (np.diff(edges, axis=1) >= -1e-9).all()
    width = (out["upper_95"] - out["lower_95"]).to_numpy()
    assert (np.diff(width) > 0).all()
    assert ((out["upper_80"] - out["lower_80"]) < width).all()


def test_shares_are_clipped_to_0_100() -> None:
    years = np.arange(2006, 2017)
    series = pd.Series(60.0 + 3.9 * (years - 2006) + np.tile([0.5, -0.5], 6)[:11], index=years)
    out = project(series, M.LINEAR, 2030, bounds=(0.0, 100.0))
    assert out[list(BAND_ORDER)].to_numpy().max() == 100.0
    assert out["mean"].iloc[-1] == 100.0  # the line would pass 150 %
    falling = project(pd.Series(8.0 - 1.5 * (years - 2006), index=years), M.DRIFT, 2030, bounds=(0.0, 100.0))
    assert falling[list(BAND_ORDER)].to_numpy().min() == 0.0


def test_too_little_history_and_bad_methods() -> None:
    with pytest.raises(TooLittleHistory):
        project(pd.Series([1.0, 2.0, 3.0, 4.0], index=range(2010, 2014)), M.LINEAR, 2030)
    with pytest.raises(TooLittleHistory):
        project(pd.Series([1.0, np.nan, 3.0, np.nan, 5.0, 6.0], index=range(2010, 2016)), M.LINEAR, 2030)
    with pytest.raises(ValueError, match="unknown method"):
        project(pd.Series(range(8), index=range(2000, 2008), dtype=float), "spline", 2030)
    with pytest.raises(ValueError, match="cannot project"):
        project(pd.Series([3.0, 1.0, 0.0, -1.0, 2.0], index=range(2000, 2005)), M.LOG_LINEAR, 2010)


def test_extreme_values_widen_bands_without_negative_population() -> None:
    years = np.arange(2005, 2020)
    values = np.full(15, 1200.0)
    values[-3:] = [40.0, 5000.0, 80.0]  # a broken series
    with pytest.raises(ValueError, match="cannot project"):  # far too noisy for a constant % change
        project(pd.Series(values, index=years), M.LOG_LINEAR, 2030)
    for method in (M.LINEAR, M.DAMPED, M.DRIFT, M.NAIVE):
        out = project(pd.Series(values, index=years), method, 2030, bounds=(0.0, np.inf))
        assert np.isfinite(out[list(BAND_ORDER)].to_numpy()).all()
        assert out[list(BAND_ORDER)].to_numpy().min() >= 0.0


def test_linear_band_coverage_on_simulated_series() -> None:
    """Simulated straight lines + normal noise (test data): t bands cover ≈ 80 % and 95 %."""
    rng = np.random.default_rng(7)
    n, t = 4000, 12
    x = np.arange(t + 1)
    truth = 20 + 1.5 * x
    y = truth[None, :] + rng.normal(0, 2.0, (n, t + 1))
    out = M.bands(M.linear(y[:, :t], 1))
    actual = y[:, t]
    cover_80 = np.mean((out["lower_80"][:, 0] <= actual) & (actual <= out["upper_80"][:, 0]))
    cover_95 = np.mean((out["lower_95"][:, 0] <= actual) & (actual <= out["upper_95"][:, 0]))
    assert cover_80 == pytest.approx(0.80, abs=0.025)
    assert cover_95 == pytest.approx(0.95, abs=0.015)


def test_naive_band_coverage_on_random_walks() -> None:
    """Simulated random walks (test data): the naive method's 5-year-ahead bands cover ≈ 80 % / 95 %."""
    rng = np.random.default_rng(11)
    walks = np.cumsum(rng.normal(0, 1.0, (4000, 20)), axis=1)
    out = M.bands(M.naive(walks[:, :15], 5))
    actual = walks[:, 19]
    cover_80 = np.mean((out["lower_80"][:, 4] <= actual) & (actual <= out["upper_80"][:, 4]))
    cover_95 = np.mean((out["lower_95"][:, 4] <= actual) & (actual <= out["upper_95"][:, 4]))
    assert cover_80 == pytest.approx(0.80, abs=0.03)
    assert cover_95 == pytest.approx(0.95, abs=0.02)


def test_damped_grid_recovers_the_generating_parameters() -> None:
    """A noiseless damped trend (test data) is fitted with zero error and the right φ."""
    level, trend, phi = 100.0, 4.0, 0.8
    values = []
    for _ in range(14):
        trend *= phi
        level += trend
        values.append(level)
    y = np.array(values)[None, :]
    p = M.fit_damped(y)
    assert p["phi"][0] == pytest.approx(0.8)
    dist = M.damped_from_params(y, 3, p)
    assert dist.scale[0] == pytest.approx(np.zeros(3), abs=1e-6)
    expected = [level + 4.0 * phi**14 * sum(phi**j for j in range(1, h + 1)) for h in (1, 2, 3)]
    assert dist.loc[0] == pytest.approx(expected, rel=1e-9)


def test_shared_pattern_path_equals_recursion_path() -> None:
    """The matrix-product fit (rows sharing a missing-year pattern) equals the plain recursion."""
    rng = np.random.default_rng(3)
    y = np.cumsum(rng.normal(0.5, 1.0, (40, 12)), axis=1) + 50
    alpha, beta, phi = M.ets_grid()
    best, l0, b0 = M._fit_shared(y, np.ones(12, bool), alpha, beta, phi)
    best2, l02, b02 = M._best_initial(M._sums_loop(y, alpha, beta, phi))
    assert (best == best2).all()
    assert l0 == pytest.approx(l02, abs=1e-8)
    assert b0 == pytest.approx(b02, abs=1e-8)


def test_fast_yearly_changes_equal_the_general_path() -> None:
    """Rows with left padding and holes (test data): the fast path gives the general path's steps."""
    rng = np.random.default_rng(0)
    y = rng.normal(size=(200, 12))
    y[:50, :3] = np.nan
    y[10:30, 6] = np.nan
    y[60, [2, 5, 9]] = np.nan
    for fast, general in zip(M._pairs(y), M._pairs_general(y), strict=True):
        assert np.allclose(fast, general, equal_nan=True)


def test_windowed_drift_starts_from_the_last_value() -> None:
    """Values 5, 5, 5, 5, 7, 9, 11 (test data): the last 3 years changed 2 a year, all 6 years 1 a year."""
    series = pd.Series([5.0, 5.0, 5.0, 5.0, 7.0, 9.0, 11.0], index=range(2010, 2017))
    assert project(series, M.DRIFT_3, 2018)["mean"].to_numpy() == pytest.approx([13.0, 15.0])
    assert project(series, M.DRIFT_5, 2018)["mean"].to_numpy() == pytest.approx([12.2, 13.4])  # (11 − 5) / 5
    assert project(series, M.DRIFT_10, 2018)["mean"].to_numpy() == pytest.approx([12.0, 13.0])  # all 6 years
    assert project(series, M.DRIFT, 2018)["mean"].to_numpy() == pytest.approx([12.0, 13.0])


def test_anchored_linear_continues_the_slope_from_the_last_value() -> None:
    """0, 2, 4, 6, 9 (test data): least-squares slope Sxy / Sxx = 22 / 10 = 2.2, from the last value 9;
    the plain line would give 4.2 + 2.2 · 3 = 10.8 for the next year."""
    series = pd.Series([0.0, 2.0, 4.0, 6.0, 9.0], index=range(2000, 2005))
    assert project(series, M.ANCHORED, 2006)["mean"].to_numpy() == pytest.approx([11.2, 13.4])
    assert project(series, M.LINEAR, 2005)["mean"].iloc[0] == pytest.approx(10.8)


def test_theta_on_a_straight_line_takes_half_the_slope() -> None:
    """On y = t (test data) SES fits best with alpha = 1 (every other alpha lags), so the Theta forecast
    is the last value plus half the slope per year (Hyndman & Billah 2003, eq. for SES with drift)."""
    series = pd.Series(np.arange(10, dtype=float), index=range(2000, 2010))
    assert project(series, M.THETA, 2012)["mean"].to_numpy() == pytest.approx([9.5, 10.0, 10.5])


def test_combination_is_the_average_of_its_parts() -> None:
    years = np.arange(2000, 2015)
    values = 500 + 4 * (years - 2000) + np.array([3, -2, 5, -4, 1, 0, -3, 4, -1, 2, -5, 3, 1, -2, 2], float)
    series = pd.Series(values, index=years)
    parts = [project(series, m, 2025)["mean"].to_numpy() for m in M.COMBINED_PARTS]
    assert project(series, M.COMBINED, 2025)["mean"].to_numpy() == pytest.approx(np.mean(parts, axis=0))


def test_naive_counts_years_since_the_last_observation_when_the_last_two_are_missing() -> None:
    """Worked by hand: last value 13 (column 3 of 6), yearly changes 2, −1, 2 → σ² = (4 + 1 + 4) / 3 = 3;
    the forecast years are 3 and 4 years after the last observation, so the scales are √9 = 3 and √12."""
    y = np.array([[10.0, 12.0, 11.0, 13.0, np.nan, np.nan]])
    d = M.naive(y, 2)
    assert d.loc[0].tolist() == [13.0, 13.0]
    assert d.scale[0] == pytest.approx([3.0, np.sqrt(12.0)], rel=1e-12)


def test_log_linear_on_a_series_with_zeros_stays_silent() -> None:
    """A non-positive series is simply left unprojected by the log-linear trend: no numpy warnings in
    the server's log."""
    import warnings

    y = np.array([[0.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0, 9.0], [1.0, 50.0, 2.0, 80.0, 3.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = M.log_linear(y, 2)
    assert np.isnan(d.loc[0]).all() and np.isfinite(d.loc[1]).all() and np.isnan(d.loc[2]).all()


def test_damped_fit_of_one_row_does_not_depend_on_the_other_rows() -> None:
    """Test data: series at levels from tens to millions fitted together get the same parameters as each
    fitted alone (each row is standardised on its own; a shared centre would lose the small rows' digits)."""
    rng = np.random.default_rng(0)
    rows = []
    for _ in range(M.SHARED_PATTERN_ROWS + 4):
        level = 10 ** rng.uniform(1, 7)
        rows.append(level + np.cumsum(rng.normal(level * 0.001, level * 0.0005 + 0.1, 15)))
    y = np.array(rows)
    together = M.fit_damped(y)
    for i in range(y.shape[0]):
        alone = M.fit_damped(y[i : i + 1])
        for key in ("alpha", "beta", "phi"):
            assert together[key][i] == alone[key][0], (i, key)
        for key in ("initial_level", "initial_trend"):
            assert together[key][i] == pytest.approx(alone[key][0], rel=1e-6, abs=1e-9), (i, key)


def test_methods_are_silent_on_awkward_rows() -> None:
    """Flat series, a single observation, zeros and a block of rows sharing one pattern of missing years
    (the matrix path): no numpy warnings reach the server's log, whatever the method."""
    import warnings

    rng = np.random.default_rng(5)
    shared = 100 + np.cumsum(rng.normal(1.0, 3.0, (M.SHARED_PATTERN_ROWS + 2, 12)), axis=1)
    shared[:, :3] = np.nan
    awkward = np.array(
        [
            [5.0] * 12,
            [np.nan] * 11 + [7.0],
            [0.0] * 6 + [1.0, 0.0, 2.0, 0.0, 3.0, 0.0],
            [np.nan, 1.0, np.nan, 2.0, np.nan, 3.0, np.nan, 4.0, np.nan, 5.0, np.nan, 6.0],
        ]
    )
    y = np.vstack([shared, awkward])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in M.METHODS:
            M.MATRIX_METHODS[name](y, 4)
        M.fit_damped(y)
        M.theta_means(y, 4)
        M.damped_means(y, 4)


def test_a_row_too_short_to_fit_does_not_disturb_the_others() -> None:
    """The damped trend's grid search on a batch with a one-observation row (no initial state can be
    solved for it) still fits the other rows as if alone."""
    y = np.array([[10.0, 12.0, 15.0, 15.0, 18.0, 22.0, 23.0, 27.0], [np.nan] * 7 + [5.0]])
    both = M.fit_damped(y)
    alone = M.fit_damped(y[:1])
    for key in ("alpha", "beta", "phi"):
        assert both[key][0] == alone[key][0]
    assert both["initial_level"][0] == pytest.approx(alone["initial_level"][0])
