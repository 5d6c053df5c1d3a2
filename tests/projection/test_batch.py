"""Batch engine: equals single-series projections, bounds, method choice by backtest, no leakage (test data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foresight.columns import INDICATOR, MUNICIPALITY, VALUE, YEAR
from foresight.projection import batch as B
from foresight.projection import conformal as CF
from foresight.projection import methods as M
from foresight.projection import store as ST
from foresight.projection.methods import project


def history(obs: pd.DataFrame, code: str, ind: str) -> pd.Series:
    part = obs[(obs[MUNICIPALITY] == code) & (obs[INDICATOR] == ind)]
    return part.set_index(YEAR)[VALUE].sort_index()


@pytest.mark.parametrize("method", M.METHODS)
def test_batch_equals_single_series(noisy_obs: pd.DataFrame, catalogue: pd.DataFrame, method: str) -> None:
    result = B.project_many(noisy_obs, catalogue, ["size", "share"], 2030, calibrate=False)
    for ind, bounds in (("size", (0.0, np.inf)), ("share", (0.0, 100.0))):
        batch = result[ind].forecasts(method)
        for code in ("001", "002", "003"):
            hist = history(noisy_obs, code, ind).loc[2016 - B.WINDOW + 1 :]
            single = project(hist, method, 2030, bounds)
            mine = batch[batch[MUNICIPALITY] == code].reset_index(drop=True)
            cols = ["mean", "lower_80", "upper_80", "lower_95", "upper_95"]
            assert mine[cols].to_numpy() == pytest.approx(single[cols].to_numpy(), rel=1e-9)
            assert list(mine[YEAR]) == list(single[YEAR])


def test_bounds_follow_unit_and_data() -> None:
    assert B.bounds_for("percent", np.array([3.0, 55.0])) == (0.0, 100.0)
    assert B.bounds_for("percent", np.array([30.0, 150.0])) == (0.0, np.inf)  # not a share
    assert B.bounds_for("percent", np.array([-2.0, 1.5])) == (-np.inf, np.inf)  # a change rate
    assert B.bounds_for("persons", np.array([88.0, 660_000.0])) == (0.0, np.inf)
    assert B.bounds_for("persons", np.array([-400.0, 2000.0])) == (-np.inf, np.inf)  # net flows


def test_summary_horizon_status_and_too_short_series(make_obs) -> None:
    obs = make_obs(
        {
            ("001", "x"): {y: 10.0 + y - 2000 for y in range(2000, 2017)},
            ("002", "x"): {2013: 5.0, 2014: 6.0, 2015: 7.0, 2016: 8.0},  # four points only
        }
    )
    result = B.project_many(obs, None, ["x"], 2030)["x"]
    summary = result.summary.set_index(MUNICIPALITY)
    assert summary.loc["001", "status"] == B.OK
    assert summary.loc["001", "horizon_years"] == 14
    assert summary.loc["002", "status"] == B.TOO_LITTLE_HISTORY
    assert pd.isna(summary.loc["002", "method"])
    assert set(result.forecasts()[MUNICIPALITY]) == {"001"}
    assert list(result.years) == list(range(2017, 2031))


def damped_series(n: int = 20) -> list[float]:
    level, trend, out = 100.0, 6.0, []
    for _ in range(n):
        trend *= 0.8
        level += trend
        out.append(level)
    return out


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([50.0 * 1.08**i for i in range(20)], {M.LOG_LINEAR}),  # constant growth
        # A trend that fades: either damped version (the grid's alpha misses the exact path a little, so
        # the one started from the last value can fit it slightly better).
        (damped_series(), {M.DAMPED, M.ANCHORED_DAMPED}),
        ([10.0] * 10 + [20.0] * 10, {M.NAIVE}),  # a level shift, then flat
    ],
)
def test_backtest_picks_the_generating_method(values: list[float], expected: set[str], make_obs) -> None:
    obs = make_obs({("001", "x"): dict(zip(range(2000, 2020), values, strict=True))})
    result = B.project_many(obs, None, ["x"], 2030)["x"]
    assert result.summary.loc[0, "method"] in expected
    assert result.summary.loc[0, "chosen_by"] == "backtest"


def test_whole_indicator_choice_and_override(noisy_obs: pd.DataFrame, catalogue: pd.DataFrame) -> None:
    auto = B.project_indicator(noisy_obs, "size", "auto", 2030, catalogue)
    assert set(auto[MUNICIPALITY]) == {"001", "002", "003"}
    assert auto[YEAR].min() == 2017 and auto[YEAR].max() == 2030
    forced = B.project_indicator(noisy_obs, "size", M.NAIVE, 2030, catalogue)
    assert set(forced["method"]) == {M.NAIVE}
    with pytest.raises(ValueError, match="unknown method"):
        B.project_indicator(noisy_obs, "size", "spline", 2030, catalogue)


def test_conformal_quantiles_by_hand() -> None:
    """1..100 scaled misses at horizon 1: the 80 % quantile is the ceil(101 · 0.8) = 81st smallest, 95 %
    the 96th; horizons 2 (too few misses) to 4 grow in proportion to the horizon from horizon 1."""
    z = np.full((100, 3), np.nan)
    z[:, 0] = np.arange(100, 0, -1)  # order does not matter
    z[:10, 1] = 1.0  # ten misses: below MIN_CALIBRATION
    factors = CF.calibrate_bands(z, 4)
    assert factors[80][0] == pytest.approx([81.0, 81.0 * 2, 81.0 * 3, 81.0 * 4])
    assert factors[95][0] == pytest.approx([96.0, 96.0 * 2, 96.0 * 3, 96.0 * 4])


def test_bands_calibrate_on_sixteen_origins_choice_on_twelve(make_obs) -> None:
    """Forty identical series 1980–2019 stepping +1, −1, +1, … from −10, with one jump of +50 into 2006.
    Naive one-year misses at the 16 calibration origins 2003–2018 (× 40 series = 640 misses): origin
    2005 misses by 50 with a scale (mean absolute yearly change of its 15-year window) of 1, so z = 50;
    origins 2003–2004 miss by 1 on a scale of 1; origins 2006–2018 have the jump in their window, scale
    (13 + 50) / 14 = 4.5, z = 1 / 4.5. The 95 % quantile, the ceil(641 · 0.95) = 609th smallest, is among
    the forty 50s; from the twelve newest origins alone it would be 1 / 4.5. Scores count twelve origins."""
    values = [-10.0]
    for i in range(1, 40):
        values.append(values[-1] + (50.0 if 1980 + i == 2006 else (1.0 if i % 2 else -1.0)))
    series = {(f"{i:03d}", "x"): dict(zip(range(1980, 2020), values, strict=True)) for i in range(40)}
    result = B.project_many(make_obs(series), None, ["x"], 2021, methods=(M.NAIVE,))["x"]
    assert B.CALIBRATION_ORIGINS == 16 and B.BACKTEST_ORIGINS == 12
    assert result.calibration[M.NAIVE][95][0, 0] == pytest.approx(50.0)
    assert result.calibration[M.NAIVE][80][0, 0] == pytest.approx(1 / 4.5)
    assert result.score_arrays["n"][0, 0, 0] == 12


def test_size_classes_by_terciles() -> None:
    """Nine levels → three per class; the edges are the 1/3 and 2/3 quantiles; NaN goes to the middle."""
    level = np.array([5.0, 1.0, 9.0, 2.0, 8.0, 3.0, 7.0, 4.0, 6.0, np.nan])
    assert CF.size_classes(level).tolist() == [1, 0, 2, 0, 2, 0, 2, 1, 1, 1]
    assert CF.size_classes(np.array([1.0, 2.0])).tolist() == [0, 0]  # fewer rows than classes: one pool
    # Seven levels 1..7: the 1/3 and 2/3 quantiles fall on 3.0 and 5.0 exactly (1 + 6/3, 1 + 12/3); a level on
    # an edge belongs to the class above it (numpy's searchsorted side="right": edges at or below it).
    assert CF.size_classes(np.arange(1.0, 8.0)).tolist() == [0, 0, 1, 1, 2, 2, 2]
    # Two classes: the edge is the median, 2.5 for 1..4; one class: all in it
    assert CF.size_classes(np.array([4.0, 1.0, 3.0, 2.0]), 2).tolist() == [1, 0, 1, 0]
    assert CF.size_classes(np.array([4.0, 1.0, 3.0]), 1).tolist() == [0, 0, 0]
    # As many levels as classes: one each (edges 1.67 and 2.33 between 1, 2 and 3)
    assert CF.size_classes(np.array([3.0, 1.0, 2.0])).tolist() == [2, 0, 1]


def test_band_widths_per_size_third_for_sizes(make_obs) -> None:
    """Ninety never-negative series 1990–2019, thirty each alternating 100/110, 1000/1050, 10000/10100
    (test data). Naive one-year misses ÷ the level at the origin: 10/100 = 0.1 or 10/110, 50/1000 = 0.05
    or 50/1050, 100/10000 = 0.01 or 100/10100, half each over 16 origins × 30 series = 480 per class; the
    80 % quantile (the ceil(481 · 0.8) = 385th smallest) is the larger value of each class. One pool of
    1440 would give every series 10/110, the 1153rd smallest."""
    series = {}
    for k, (low, high) in enumerate(((100.0, 110.0), (1000.0, 1050.0), (10000.0, 10100.0))):
        for i in range(30):
            values = [low if (y % 2 == 0) else high for y in range(1990, 2020)]
            series[(f"{k}{i:02d}", "x")] = dict(zip(range(1990, 2020), values, strict=True))
    result = B.project_many(make_obs(series), None, ["x"], 2021, methods=(M.NAIVE,))["x"]
    q80 = result.calibration[M.NAIVE][80][:, 0]
    codes = list(result.codes)
    assert q80[codes.index("000")] == pytest.approx(0.1)
    assert q80[codes.index("100")] == pytest.approx(0.05)
    assert q80[codes.index("200")] == pytest.approx(0.01)
    # The band is the last value ± q80 × that level: 2019 is odd, so 110 ± 11 for the first series.
    row = codes.index("000")
    assert result.arrays[M.NAIVE]["lower_80"][row, 0] == pytest.approx(99.0)
    assert result.arrays[M.NAIVE]["upper_80"][row, 0] == pytest.approx(121.0)


def test_extend_never_narrows_with_distance() -> None:
    assert CF.extend_factors(np.array([2.0, 1.0, 3.0]), 4) == pytest.approx([2.0, 2.0, 3.0, 4.0])
    assert CF.extend_factors(np.array([1.0, np.nan, 3.0]), 3) == pytest.approx([1.0, 2.0, 3.0])


def test_conformal_bands_cover_simulated_random_walks(make_obs) -> None:
    """Random walks with drift (test data, 300 series × 30 years): the pooled bands from the backtest
    cover close to 80 % and 95 % of the next five years of fresh walks continuing them."""
    rng = np.random.default_rng(5)
    n, years = 300, 35
    steps = rng.normal(1.0, 3.0, (n, years))
    walks = 500 + np.cumsum(steps, axis=1)
    seen = {(f"{i:03d}", "x"): dict(zip(range(1990, 2020), walks[i, :30], strict=True)) for i in range(n)}
    result = B.project_many(make_obs(seen), None, ["x"], 2024, methods=(M.DRIFT, M.NAIVE))["x"]
    for m in (M.DRIFT,):
        a = result.arrays[m]
        inside_80 = (a["lower_80"] <= walks[:, 30:]) & (walks[:, 30:] <= a["upper_80"])
        inside_95 = (a["lower_95"] <= walks[:, 30:]) & (walks[:, 30:] <= a["upper_95"])
        assert inside_80.mean() == pytest.approx(0.80, abs=0.05)
        assert inside_95.mean() == pytest.approx(0.95, abs=0.03)


def test_method_is_chosen_once_per_indicator(make_obs) -> None:
    """Pooled choice: every municipality gets the indicator's best method, whatever suits it alone."""
    line = {y: 100.0 + 2.0 * (y - 2000) for y in range(2000, 2020)}
    shift = {y: (10.0 if y < 2010 else 20.0) for y in range(2000, 2020)}
    obs = make_obs({("001", "x"): line, ("002", "x"): line, ("003", "x"): shift})
    result = B.project_many(obs, None, ["x"], 2030)["x"]
    assert len(set(result.summary["method"])) == 1
    assert result.summary.loc[0, "method"] == result.ranking[0]


def test_pooled_scores_on_literal_errors() -> None:
    """Mean |miss| / scale over the cells every competing method has, by hand: a (2/2 + 3/1 + 5/1) / 3 = 3,
    b (1/2 + 1/1 + 4/1) / 3 = 11/6; c, scored on one cell of three (under 90 %), does not compete and
    is scored on its own cell, 0.1 / 2 = 0.05."""
    errs = {
        "a": np.array([[[2.0]], [[-3.0]], [[5.0]]]),
        "b": np.array([[[1.0]], [[1.0]], [[-4.0]]]),
        "c": np.array([[[0.1]], [[np.nan]], [[np.nan]]]),
    }
    scale = np.array([[2.0], [1.0], [1.0]])
    pooled, competing, _ = B.pooled_scores(errs, scale)
    assert competing == {"a", "b"}
    assert pooled["a"] == pytest.approx([3.0])
    assert pooled["b"] == pytest.approx([11 / 6])
    assert pooled["c"] == pytest.approx([0.05])
    assert B._choose(pooled, ("a", "b", "c"), competing) == ["b", "a", "c"]


def test_backtest_means_equal_full_fits(noisy_obs: pd.DataFrame) -> None:
    """The matrix-product means of the linear methods equal each method's own fit (test data)."""
    codes, years, values = B.wide(noisy_obs, "size")
    rows = np.vstack([B.window(values, end, 15) for end in range(6, 17)] * 8)  # patterns shared by 24 rows
    rows[3, 2] = np.nan  # a hole (a pattern of its own)
    for m in sorted(M.LINEAR_IN_DATA):
        fast = M.linear_means(rows, 6, m)
        full = M.MATRIX_METHODS[m](rows, 6).loc
        assert fast == pytest.approx(full, rel=1e-9, nan_ok=True)
    assert M.theta_means(rows, 6) == pytest.approx(M.theta(rows, 6).loc, rel=1e-9)
    assert M.damped_means(rows, 6) == pytest.approx(M.damped_trend(rows, 6).loc, rel=1e-9)


def test_projectable_indicators_need_five_years(make_obs) -> None:
    obs = make_obs({("001", "a"): {y: 1.0 for y in range(2010, 2015)}, ("001", "b"): {2020: 1.0}})
    assert B.projectable_indicators(obs) == ["a"]


def test_log_linear_only_for_never_negative_quantities(make_obs) -> None:
    growth = {y: 50.0 * 1.08 ** (y - 2000) for y in range(2000, 2020)}
    obs = make_obs({("001", "net"): growth, ("002", "net"): {y: -5.0 for y in range(2000, 2020)}})
    result = B.project_many(obs, None, ["net"], 2030)["net"]
    assert result.bounds == (-np.inf, np.inf)
    assert np.isnan(result.arrays[M.LOG_LINEAR]["mean"]).all()
    assert result.summary.loc[0, "method"] != M.LOG_LINEAR


def test_relative_mase_and_the_page_notes(noisy_obs: pd.DataFrame, catalogue: pd.DataFrame) -> None:
    """Pooled MASE of the chosen trend ÷ naive at 5 years, set by hand: 2 / 4 = 0.5, no note; 5 / 4 =
    1.25, the caution note; naive chosen, the note that the latest value is kept."""
    from foresight.projection import view

    result = B.project_many(noisy_obs, catalogue, ["size"], 2030)["size"]
    result.pooled = {M.DRIFT: np.array([1.0, 1, 1, 1, 2.0]), M.NAIVE: np.array([1.0, 1, 1, 1, 4.0])}
    result.ranking = (M.DRIFT, M.NAIVE)
    assert result.relative_mase() == pytest.approx(0.5)
    keys = [k for k, _ in view.build(result, noisy_obs, "001").notes]
    assert "projection.note.weak_indicator" not in keys and "projection.note.naive_best" not in keys
    result.pooled[M.DRIFT][4] = 5.0
    notes = dict(view.build(result, noisy_obs, "001").notes)
    assert notes["projection.note.weak_indicator"] == {"ratio": 1.25}
    result.ranking = (M.NAIVE, M.DRIFT)
    assert "projection.note.naive_best" in dict(view.build(result, noisy_obs, "001").notes)


def _same(a: B.IndicatorProjection, b: B.IndicatorProjection) -> None:
    """Every band of every method, the choice, the calibration and the scores agree to 1e-9."""
    assert a.methods == b.methods and a.ranking == b.ranking
    for m in a.arrays:
        for band, values in a.arrays[m].items():
            np.testing.assert_allclose(values, b.arrays[m][band], rtol=1e-9, atol=0)
    for key in ("method", "chosen_by", "status"):
        assert list(a.columns[key]) == list(b.columns[key])
    np.testing.assert_allclose(a.columns["backtest_score"], b.columns["backtest_score"], rtol=1e-9)
    for m, levels in a.calibration.items():
        for level, q in levels.items():
            np.testing.assert_allclose(q, b.calibration[m][level], rtol=1e-9)
    for k, v in a.score_arrays.items():
        np.testing.assert_allclose(v, b.score_arrays[k], rtol=1e-9)


def test_stored_backtest_gives_the_same_projection(
    noisy_obs: pd.DataFrame, catalogue: pd.DataFrame, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    plain = B.project_many(noisy_obs, catalogue, ["size", "share"], 2035)
    store = ST.BacktestStore(tmp_path)
    first = B.project_many(noisy_obs, catalogue, ["size", "share"], 2035, store=store)
    assert len(list(tmp_path.glob("*.scores.pkl"))) == 2  # one summary (and its scores) per indicator
    again = B.project_many(noisy_obs, catalogue, ["size", "share"], 2030, store=store)  # from memory
    from_disk = B.project_many(
        noisy_obs, catalogue, ["size", "share"], 2035, store=ST.BacktestStore(tmp_path)
    )
    short = B.project_many(noisy_obs, catalogue, ["size", "share"], 2030)
    for ind in ("size", "share"):
        _same(plain[ind], first[ind])
        _same(plain[ind], from_disk[ind])
        _same(short[ind], again[ind])


def test_stored_backtest_is_not_reused_for_changed_data(
    noisy_obs: pd.DataFrame, catalogue: pd.DataFrame, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    store = ST.BacktestStore(tmp_path)
    B.project_many(noisy_obs, catalogue, ["size"], 2030, store=store)
    changed = noisy_obs.copy()
    row = (changed[INDICATOR] == "size") & (changed[YEAR] == 2012) & (changed[MUNICIPALITY] == "001")
    changed.loc[row, VALUE] *= 3  # one past value: the backtest (not only the last window) changes
    fresh = B.project_many(changed, catalogue, ["size"], 2030)["size"]
    _same(fresh, B.project_many(changed, catalogue, ["size"], 2030, store=store)["size"])
    assert len(list(tmp_path.glob("*.scores.pkl"))) == 2
