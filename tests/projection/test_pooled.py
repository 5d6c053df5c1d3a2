"""The cross-municipality model and its average with the combined trend (test data, generated here)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from foresight.columns import INDICATOR, MUNICIPALITY, VALUE, YEAR
from foresight.projection import batch as B
from foresight.projection import methods as M
from foresight.projection import pooled as P


def panel(rows: int = 40, years: int = 50, seed: int = 3) -> np.ndarray:
    """Test panel: levels from random yearly growth with persistent municipality effects."""
    rng = np.random.default_rng(seed)
    drift = rng.normal(0.0, 0.01, rows)[:, None]
    growth = drift + rng.normal(0.0, 0.01, (rows, years))
    return 1000 * rng.uniform(1, 50, rows)[:, None] * np.exp(np.cumsum(growth, axis=1))


def test_features_worked_by_hand() -> None:
    # log values 0, 1, ..., 15 (growth 1 a year) and a second row growing 2 a year.
    logs = np.vstack([np.arange(16.0), 2 * np.arange(16.0)])
    x = P.features(logs, 15)
    assert x[0] == pytest.approx([1, 1, 1, 1, 1, 15])
    assert x[1] == pytest.approx([2, 2, 2, 2, 2, 30])
    # At column 4 the 5-, 10- and 15-year spans reach before the data.
    early = P.features(logs, 4)
    assert early[0, :2] == pytest.approx([1, 1]) and np.isnan(early[0, 2:5]).all() and early[0, 5] == 4


def ols_slopes(logs: np.ndarray, end: int, h: int) -> np.ndarray:
    """Reference: statsmodels OLS of h-year yearly log growth on the six features plus one dummy per origin
    (the 20 newest origins with 15 years before them and the outcome by `end`), on the municipality ×
    origin rows where every value is known."""
    import statsmodels.api as sm

    x_rows, y_rows, origin_ids = [], [], []
    for k, origin in enumerate(range(end - h, end - h - 20, -1)):
        if origin - 15 < 0:
            break
        for r in range(logs.shape[0]):
            x = [(logs[r, origin] - logs[r, origin - s]) / s for s in (1, 3, 5, 10, 15)] + [logs[r, origin]]
            y = (logs[r, origin + h] - logs[r, origin]) / h
            if np.isfinite(x).all() and np.isfinite(y):
                x_rows.append(x)
                y_rows.append(y)
                origin_ids.append(k)
    dummies = pd.get_dummies(pd.Series(origin_ids), dtype=float).to_numpy()
    design = np.hstack([np.array(x_rows), dummies])
    return np.asarray(sm.OLS(np.array(y_rows), design).fit().params[:6])


def test_coefficients_equal_statsmodels_ols_with_one_dummy_per_origin() -> None:
    """Demeaning per origin is the within estimator: the same slopes as OLS with origin fixed effects."""
    logs = np.log(panel())
    assert P.coefficients(logs, 45, 3) == pytest.approx(ols_slopes(logs, 45, 3), rel=1e-6, abs=1e-9)


def test_two_municipalities_are_enough_for_an_origin() -> None:
    """Two rows per origin (20 origins, 40 rows) still place municipalities against each other."""
    logs = np.log(panel(rows=2))
    beta = P.coefficients(logs, 45, 3)
    assert beta is not None and beta == pytest.approx(ols_slopes(logs, 45, 3), rel=1e-6, abs=1e-9)


@pytest.mark.parametrize(("first", "fitted"), [(15, True), (16, False)])
def test_rows_with_a_missing_value_are_left_out_and_at_least_30_rows_are_needed(
    first: int, fitted: bool
) -> None:
    """Three municipalities; two of them have data only from column `first` on. End 40, one year ahead:
    origins 39..20, and an origin needs its 15 years before it, so those two count at origins from
    first + 15 on. first 15: origins 39..30, 10 × 3 = 30 rows, exactly the minimum; first 16: 9 × 3 = 27,
    too few. The older origins hold one municipality each: one row compared with nothing, which tells
    nothing about the slopes and does not count towards the minimum."""
    logs = np.log(panel(rows=3))
    logs[1:, :first] = np.nan
    beta = P.coefficients(logs, 40, 1)
    if fitted:
        assert beta is not None and beta == pytest.approx(ols_slopes(logs, 40, 1), rel=1e-6, abs=1e-9)
    else:
        assert beta is None


def test_the_relative_part_is_the_fitted_slopes_times_the_demeaned_features() -> None:
    """Each horizon h: yearly log growth = the combined trend's mean yearly growth at h over the
    municipalities + (the municipality's features at the origin − their mean) · the statsmodels slopes."""
    values = panel()
    end, rates = 40, np.array([0.01, 0.002, -0.003])  # the combined trend's yearly growth, per horizon
    steps = np.arange(1, 4)
    level = values[:, end : end + 1]
    combined = level * np.exp(rates * steps)[None, :]
    model = P.relative_model(values, end, combined)
    growth = np.log(model / level) / steps[None, :]
    assert growth.mean(axis=0) == pytest.approx(rates, abs=1e-12)
    logs = np.log(values)
    x = np.array(
        [
            [(logs[r, end] - logs[r, end - s]) / s for s in (1, 3, 5, 10, 15)] + [logs[r, end]]
            for r in range(40)
        ]
    )
    for h in steps:
        relative = (x - x.mean(axis=0)) @ ols_slopes(logs, end, int(h))
        assert growth[:, h - 1] - rates[h - 1] == pytest.approx(relative, rel=1e-6, abs=1e-9)


def test_no_year_after_the_origin_is_used() -> None:
    values = panel()
    combined = values[:, 30:31] * np.linspace(1.01, 1.05, 5)[None, :]
    before = P.relative_model(values, 30, combined)
    changed = values.copy()
    changed[:, 31:] *= np.random.default_rng(1).uniform(0.5, 2.0, changed[:, 31:].shape)
    assert P.relative_model(changed, 30, combined) == pytest.approx(before, rel=1e-12)
    assert np.isfinite(before).all()


def test_the_group_growth_is_the_combined_trends_and_identical_rows_get_it() -> None:
    values = panel()
    end = 40
    combined = values[:, end : end + 1] * np.exp(0.004 * np.arange(1, 4))[None, :]  # 0.4 % a year for all
    model = P.relative_model(values, end, combined)
    # Features are demeaned over the rows, so the rows' mean yearly log growth is the combined trend's.
    growth = np.log(model / values[:, end : end + 1]) / np.arange(1, 4)[None, :]
    assert growth.mean(axis=0) == pytest.approx([0.004] * 3, abs=1e-12)
    # A panel of identical histories: no row differs from the group, so each follows the combined trend.
    same = np.repeat(values[:1], 10, axis=0)
    flat = same[:, end : end + 1] * np.exp(0.004 * np.arange(1, 4))[None, :]
    assert P.relative_model(same, end, flat) == pytest.approx(flat, rel=1e-9)


def test_missing_values_and_short_history_give_nan_not_a_guess() -> None:
    values = panel()
    values[5, 40] = np.nan  # no value at the origin: that row cannot be placed
    combined = np.nan_to_num(values[:, 40:41], nan=1000.0) * np.ones((1, 2))
    model = P.relative_model(values, 40, combined)
    assert np.isnan(model[5]).all() and np.isfinite(np.delete(model, 5, axis=0)).all()
    # At column 17 an origin needs 15 years before it and its outcome by column 17: 1 year ahead origins
    # 16 and 15 (80 rows), 2 years ahead origin 15 (40 rows), 3 years ahead none: NaN from there on.
    short = P.relative_model(panel(), 17, np.full((40, 5), 1000.0))
    assert np.isfinite(short[:, :2]).all() and np.isnan(short[:, 2:]).all()


def test_a_year_missing_everywhere_leaves_only_the_horizons_that_do_not_need_it() -> None:
    """Column 16 missing for every municipality, end 18. An origin needs 15 years before it, so origins are
    15..17. One year ahead: origin 17's features use column 16, origin 16 is column 16, origin 15's outcome
    is column 16: nothing to fit. Two years ahead origin 15 (outcome column 17) and three years ahead origin
    15 (outcome column 18) fit on 40 rows; four years ahead has no origin. The origins without any row
    average nothing, so nothing is printed either."""
    values = panel()
    values[:, 16] = np.nan
    combined = values[:, 18:19] * np.exp(0.003 * np.arange(1, 5))[None, :]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = P.relative_model(values, 18, combined)
    assert np.isnan(model[:, 0]).all() and np.isfinite(model[:, 1:3]).all() and np.isnan(model[:, 3]).all()


def test_a_horizon_without_the_combined_trend_is_skipped_not_the_rest() -> None:
    values = panel()
    combined = values[:, 40:41] * np.exp(0.003 * np.arange(1, 4))[None, :]
    combined[:, 0] = np.nan  # no combined trend one year ahead: no group growth to add to
    model = P.relative_model(values, 40, combined)
    assert np.isnan(model[:, 0]).all() and np.isfinite(model[:, 1:]).all()


def test_the_model_does_not_depend_on_the_unit() -> None:
    """Growth is relative and the log level is demeaned per origin, so scaling every level (and the
    combined trend) by one factor scales the result by it: here to values below 1."""
    values = panel()
    combined = values[:, 40:41] * np.exp(0.003 * np.arange(1, 4))[None, :]
    model = P.relative_model(values, 40, combined)
    assert P.relative_model(values * 1e-7, 40, combined * 1e-7) == pytest.approx(model * 1e-7, rel=1e-9)
    assert (values * 1e-7 < 1).all()


def test_the_model_is_silent_on_zeros_negatives_and_short_histories() -> None:
    """A zero or negative level has no logarithm: that municipality gets NaN, the others a forecast, and
    numpy prints nothing; a history too short to fit gives NaN everywhere, silently too."""
    values = panel()
    values[3, 40] = 0.0
    values[7, 20] = -5.0  # only in the training origins
    combined = np.nan_to_num(values[:, 40:41], nan=1.0) * np.exp(0.003 * np.arange(1, 4))[None, :]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = P.relative_model(values, 40, combined)
        short = P.relative_model(panel(), 10, np.full((40, 3), 1000.0))
    assert np.isnan(model[3]).all() and np.isfinite(np.delete(model, 3, axis=0)).all()
    assert np.isnan(short).all()


def test_pooled_is_the_plain_average_with_the_combined_trend() -> None:
    values = panel()
    combined = values[:, 40:41] * np.linspace(1.0, 1.02, 4)[None, :]
    model = P.relative_model(values, 40, combined)
    assert P.pooled_means(values, 40, combined) == pytest.approx((combined + model) / 2, rel=1e-12)


def long_frame(values: np.ndarray, indicator: str, first_year: int = 1976) -> pd.DataFrame:
    rows, years = values.shape
    return pd.DataFrame(
        {
            MUNICIPALITY: np.repeat([f"{i:03d}" for i in range(rows)], years),
            YEAR: np.tile(np.arange(first_year, first_year + years), rows),
            INDICATOR: indicator,
            VALUE: values.ravel(),
        }
    )


def test_the_engine_runs_it_for_population_only_and_backtests_it() -> None:
    values = panel()
    obs = pd.concat([long_frame(values, B.POPULATION), long_frame(values, "families")])
    res = B.project_many(obs, None, [B.POPULATION, "families"], 2030)
    pop, other = res[B.POPULATION], res["families"]
    assert P.POOLED in pop.methods and P.POOLED not in other.methods
    assert np.isfinite(pop.pooled[P.POOLED]).all()  # scored at every horizon of the backtest
    # Its forecast is the average of the combined trend and the model fitted on the whole panel.
    end = values.shape[1] - 1
    comb = pop.arrays["combined"]["mean"]
    expected = P.pooled_means(values, end, comb)
    assert pop.arrays[P.POOLED]["mean"] == pytest.approx(expected, rel=1e-9)


def test_add_pooled_fills_only_the_given_rows_and_nothing_without_blocks() -> None:
    """Stacked results of 5 population rows then 3 rows of another indicator: only the first block gets
    the average of the combined trend and the model (fitted on the job's panel up to column 40)."""
    values = panel(rows=5)
    job = B._Job(B.POPULATION, "", np.array([f"{i:03d}" for i in range(5)]), np.arange(1976, 2026), values)
    rng = np.random.default_rng(0)
    loc = values[[0, 1, 2, 3, 4, 0, 1, 2], 40:41] * np.exp(0.004 * np.arange(1, 4))[None, :]
    comb = M.Dist(loc, rng.uniform(1, 2, loc.shape), np.full((8, 1), np.inf))
    out = {M.COMBINED: comb}
    B._add_pooled(out, [(job, [(40, slice(0, 5))])])
    got = out[P.POOLED]
    assert got.loc[:5] == pytest.approx(P.pooled_means(values, 40, loc[:5]), rel=1e-12)
    assert np.isnan(got.loc[5:]).all() and got.scale is comb.scale and got.df is comb.df and not got.log
    # No block to fill: nothing is added (and without a combined trend there is nothing to average).
    empty = {M.COMBINED: comb}
    B._add_pooled(empty, [])
    assert list(empty) == [M.COMBINED]
    none: dict[str, M.Dist] = {}
    B._add_pooled(none, [(job, [(40, slice(0, 5))])])
    assert none == {}
