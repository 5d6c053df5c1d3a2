"""The vectorised damped-trend ETS agrees with statsmodels' ETSModel for the same parameters (test data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foresight.projection import methods as M
from foresight.projection.reference import statsmodels_damped

# Same parameters and initial states → the same recursion in floating point; 1e-8 relative leaves room
# only for summation order. statsmodels' own optimiser differs by design (continuous vs our grid).
TOLERANCE = 1e-8


def series(seed: int, n: int = 15) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return 1000 + np.cumsum(rng.normal(8.0, 15.0, n))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_forecasts_and_bands_match_statsmodels_for_the_same_parameters(seed: int) -> None:
    y = series(seed)[None, :]
    params = M.fit_damped(y)
    ours = M.bands(M.damped_from_params(y, 6, params))
    fitted = statsmodels_damped(y[0], params, 0)
    for level in (80, 95):
        frame = fitted.get_prediction(start=15, end=20).summary_frame(alpha=1 - level / 100)
        assert ours["mean"][0] == pytest.approx(frame["mean"].to_numpy(), rel=TOLERANCE)
        assert ours[f"lower_{level}"][0] == pytest.approx(frame["pi_lower"].to_numpy(), rel=TOLERANCE)
        assert ours[f"upper_{level}"][0] == pytest.approx(frame["pi_upper"].to_numpy(), rel=TOLERANCE)


def test_grid_fit_is_close_to_statsmodels_own_optimum() -> None:
    """Our SSE on the grid is at most a few % above statsmodels' continuous optimum."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    for seed in (4, 5, 6):
        y = series(seed)
        params = M.fit_damped(y[None, :])
        sse, _, _, _ = M._ets_pass(y[None, :], *(np.array([[params[k][0]]]) for k in params))
        theirs = ETSModel(pd.Series(y), error="add", trend="add", damped_trend=True).fit(disp=False)
        assert sse[0, 0] <= theirs.sse * 1.10


def test_shared_pattern_fit_also_matches_statsmodels() -> None:
    """Rows fitted together (the matrix-product path used for whole indicators) give the same agreement."""
    y = np.vstack([series(seed) for seed in range(20, 40)])  # 20 rows ≥ SHARED_PATTERN_ROWS
    assert y.shape[0] >= M.SHARED_PATTERN_ROWS
    params = M.fit_damped(y)
    ours = M.damped_from_params(y, 4, params)
    for i in (0, 7, 19):
        frame = statsmodels_damped(y[i], params, i).get_prediction(start=15, end=18).summary_frame(alpha=0.05)
        assert ours.loc[i] == pytest.approx(frame["mean"].to_numpy(), rel=TOLERANCE)


def test_linear_trend_bands_match_statsmodels_ols_prediction_intervals() -> None:
    """The linear method's 80 % and 95 % bands are OLS prediction intervals (t with n − 2 degrees of freedom):
    statsmodels' OLS gives the reference for the same test series (a gap in 2013 included)."""
    import pandas as pd
    import statsmodels.api as sm

    from foresight.projection.methods import project

    years = np.array([2010, 2011, 2012, 2014, 2015, 2016, 2017])
    values = np.array([100.0, 103.0, 101.0, 108.0, 107.0, 112.0, 111.0])  # test data
    ours = project((years, values), "linear", horizon_end=2020).set_index("year")
    fit = sm.OLS(values, sm.add_constant(years.astype(float))).fit()
    future = sm.add_constant(np.arange(2018, 2021, dtype=float), has_constant="add")
    for alpha, level in ((0.05, 95), (0.2, 80)):
        ref = pd.DataFrame(fit.get_prediction(future).summary_frame(alpha=alpha)).set_index(
            pd.Index([2018, 2019, 2020])
        )
        np.testing.assert_allclose(ours["mean"], ref["mean"], rtol=1e-9)
        np.testing.assert_allclose(ours[f"lower_{level}"], ref["obs_ci_lower"], rtol=1e-6)
        np.testing.assert_allclose(ours[f"upper_{level}"], ref["obs_ci_upper"], rtol=1e-6)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_theta_matches_statsmodels_ses_plus_half_the_ols_slope(seed: int) -> None:
    """Theta = SES (statsmodels' ETSModel A,N,N with the same alpha and initial level) plus half the OLS
    slope (numpy.polyfit) times h − 1 + 1/α − (1 − α)^n / α; the band grows as SES's variance does,
    σ²(1 + (h − 1)α²), with σ² = SSE / (n − 2). Alpha: the grid value with the smallest SSE in statsmodels."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    rng = np.random.default_rng(seed)
    y = 1000 + 8 * np.arange(15) + rng.normal(0, 15, 15)  # test data: a noisy line, so alpha < 1
    fits = []
    for a in M.THETA_ALPHAS:
        model = ETSModel(
            pd.Series(y), error="add", trend=None, initialization_method="known", initial_level=float(y[0])
        )
        res = model.smooth([a])
        fits.append((float(np.sum(np.asarray(res.resid) ** 2)), a, res))
    sse, alpha, res = min(fits, key=lambda f: f[0])
    assert alpha < 1
    frame = res.get_prediction(start=15, end=20).summary_frame(alpha=0.2)
    h = np.arange(1, 7)
    slope = np.polyfit(np.arange(15), y, 1)[0]
    expected = frame["mean"].to_numpy() + slope / 2 * (h - 1 + 1 / alpha - (1 - alpha) ** 15 / alpha)
    ours = M.theta(y[None, :], 6)
    assert ours.loc[0] == pytest.approx(expected, rel=1e-12)
    width = (frame["pi_upper"] - frame["pi_lower"]).to_numpy()
    assert (ours.scale[0] / ours.scale[0, 0]) ** 2 == pytest.approx((width / width[0]) ** 2, rel=1e-9)
    assert ours.scale[0, 0] ** 2 == pytest.approx(sse / (15 - 2), rel=1e-9)
