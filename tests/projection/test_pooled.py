"""The cross-municipality model and its average with the combined trend (test data, generated here)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foresight.columns import INDICATOR, MUNICIPALITY, VALUE, YEAR
from foresight.projection import batch as B
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


def test_coefficients_equal_statsmodels_ols_with_one_dummy_per_origin() -> None:
    """Demeaning per origin is the within estimator: the same slopes as OLS with origin fixed effects."""
    import statsmodels.api as sm

    values = panel()
    logs = np.log(values)
    end, h = 45, 3
    x_rows, y_rows, origin_ids = [], [], []
    for k, origin in enumerate(range(end - h, end - h - P.TRAIN_ORIGINS, -1)):
        if origin - 15 < 0:
            break
        for r in range(values.shape[0]):
            x_rows.append(
                [(logs[r, origin] - logs[r, origin - s]) / s for s in (1, 3, 5, 10, 15)] + [logs[r, origin]]
            )
            y_rows.append((logs[r, origin + h] - logs[r, origin]) / h)
            origin_ids.append(k)
    dummies = pd.get_dummies(pd.Series(origin_ids), dtype=float).to_numpy()
    design = np.hstack([np.array(x_rows), dummies])
    reference = sm.OLS(np.array(y_rows), design).fit().params[:6]
    assert P.coefficients(logs, end, h) == pytest.approx(reference, rel=1e-6, abs=1e-9)


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
