"""Batch engine at its edges: scales worked by hand, empty inputs, one-year horizons, the backtest store
(test data; written against mutants that the main batch tests let through, issue 19)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from foresight.columns import EDITION, INDICATOR, MUNICIPALITY, VALUE, YEAR
from foresight.projection import batch as B
from foresight.projection import conformal as CF
from foresight.projection import methods as M
from foresight.projection import store as ST

NAN = np.nan


def test_yearly_change_scale_worked_by_hand() -> None:
    """Width 3: the mean |change| of the two changes inside each 3-year window ending at a column.
    Row 1 (left padding): changes 2, −1, 3, 6 into columns 2..5 → 2; (2+1)/2; (1+3)/2; (3+6)/2.
    Row 2 (a gap): 10 → 14 over two years is 2 a year, then 14 → 15 → 1."""
    values = np.array([[NAN, 10.0, 12.0, 11.0, 14.0, 20.0], [10.0, NAN, 14.0, 15.0, 17.0, 17.0]])
    got = CF.yearly_change_scale(values, 3)
    assert got[0] == pytest.approx([NAN, NAN, 2.0, 1.5, 2.0, 4.5], nan_ok=True)
    # Row 2, column 5: changes 2 and 0 inside the window → 1.0; column 4: 1 and 2 → 1.5.
    assert got[1] == pytest.approx([NAN, NAN, 2.0, 1.5, 1.5, 1.0], nan_ok=True)


def test_yearly_change_scale_of_a_flat_series_is_missing() -> None:
    """No change at all gives no scale (NaN), not a zero that would divide misses into infinities."""
    got = CF.yearly_change_scale(np.array([[5.0, 5.0, 5.0, 5.0]]), 3)
    assert np.isnan(got).all()


def test_yearly_change_scale_from_the_first_year() -> None:
    """A series observed from its first column, changes 1, 2, 3 into columns 1..3. Width 15, wider than the
    data: every change so far counts, (1) / 1, (1 + 2) / 2, (1 + 2 + 3) / 3. Width 2: the one change inside
    each window, 1, 2, 3. Column 0 has no change before it."""
    values = np.array([[0.0, 1.0, 3.0, 6.0]])
    assert CF.yearly_change_scale(values, 15)[0] == pytest.approx([NAN, 1.0, 1.5, 2.0], nan_ok=True)
    assert CF.yearly_change_scale(values, 2)[0] == pytest.approx([NAN, 1.0, 2.0, 3.0], nan_ok=True)


def test_quantiles_of_one_miss_with_min_count_one() -> None:
    """One miss (5) and no other: with min_count 1 every quantile is that miss (the ceil(2 · 0.8) = 2nd smallest,
    capped at the only one)."""
    q = CF.quantile_rows(np.array([[5.0], [NAN]]), (0.8, 0.95), 1)
    assert q.tolist() == [[5.0], [5.0]]


def test_one_pool_quantiles_for_indicators_not_scaled_by_size() -> None:
    """An indicator whose misses are not divided by its level (a rate, a net flow) pools every municipality:
    forty misses 1..40 (test data, shuffled) at one horizon. The 80 % band takes the ceil(41 · 0.8) = 33rd
    smallest, 33; the 95 % band the ceil(41 · 0.95) = 39th, 39 (not the largest, 40). Every series is in the
    one class."""
    z = np.random.default_rng(3).permutation(np.arange(1.0, 41.0)).reshape(40, 1, 1)
    q, final_class = CF.class_quantiles({"m": z}, np.ones((40, 1)), np.ones(40), relative=False)
    assert q["m"].shape == (1, 2, 1) and q["m"][0, :, 0].tolist() == [33.0, 39.0]
    assert final_class.tolist() == [0] * 40


def test_quantiles_of_no_misses_are_missing_numbers() -> None:
    q = CF.quantile_rows(np.empty((0, 3)), (0.8, 0.95), 1)
    assert q.shape == (2, 3) and q.dtype == np.float64 and np.isnan(q).all()


def test_score_arrays_worked_by_hand() -> None:
    """One municipality, two origins. Horizon 1: misses 10 (of 100) and −5 (of 50) → MAPE (10 + 10) / 2
    = 10 %, MAE 7.5, MASE 7.5 / 2.5 = 3, two origins. Horizon 2: miss 20 of an actual 0: no percentage
    (not infinity), MAE 20, MASE 8, one origin."""
    h = B.DESCRIBE_HORIZON
    err = np.full((1, 2, h), NAN)
    actual = np.full((1, 2, h), NAN)
    err[0, 0, :2], actual[0, 0, :2] = [10.0, 20.0], [100.0, 0.0]
    err[0, 1, 0], actual[0, 1, 0] = -5.0, 50.0
    out = B._score_arrays({"m": err}, actual, np.array([2.5]), ("m",))
    assert out["mape"][0, 0, :2] == pytest.approx([10.0, NAN], nan_ok=True)
    assert out["mae"][0, 0, :2] == pytest.approx([7.5, 20.0])
    assert out["mase"][0, 0, :2] == pytest.approx([3.0, 8.0])
    assert out["n"][0, 0, :3].tolist() == [2, 1, 0]


def test_mase_scale_of_a_series_observed_every_fourth_year() -> None:
    """Election-year series: 10 → 18 → 14 over four-year gaps are 2 and 1 a year, so the scale is 1.5."""
    values = np.array([[10.0, NAN, NAN, NAN, 18.0, NAN, NAN, NAN, 14.0]])
    job = B._Job("turnout", "percent", np.array(["001"]), np.arange(2000, 2009), values)
    width, _, scale = B._job_scale(job, relative=False)
    assert width == 4 * B.WINDOW
    assert scale == pytest.approx([1.5])


def test_run_methods_on_rows_all_too_short() -> None:
    """No row has enough points: every method gives NaN rows of the asked shape, in both modes."""
    rows = np.array([[NAN, NAN, 1.0, 2.0], [NAN, NAN, NAN, 3.0]])
    for means_only in (True, False):
        out = B.run_methods(rows, 3, M.METHODS, means_only=means_only)
        for m in M.METHODS:
            assert out[m].loc.shape == (2, 3) and np.isnan(out[m].loc).all(), (m, means_only)


def _obs(series: dict[tuple[str, str], dict[int, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {MUNICIPALITY: c, INDICATOR: i, YEAR: y, VALUE: v}
            for (c, i), values in series.items()
            for y, v in values.items()
        ]
    )


def _population(codes: tuple[str, ...] = ("001", "002", "003")) -> pd.DataFrame:
    """Test data: three municipalities' populations 2000–2018 with fixed pseudo-random yearly changes."""
    rng = np.random.default_rng(7)
    series = {}
    for i, code in enumerate(codes):
        level = 1000.0 * (i + 1) + np.cumsum(rng.normal(5.0 * (i - 1), 8.0, 19))
        series[(code, B.POPULATION)] = dict(zip(range(2000, 2019), level, strict=True))
    return _obs(series)


def _official(codes: tuple[str, ...], values: list[float], years: range) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {EDITION: "2019", MUNICIPALITY: c, YEAR: y, VALUE: v}
            for c, v in zip(codes, values, strict=True)
            for y in years
        ]
    )


def test_average_with_the_official_projection_for_a_one_year_horizon() -> None:
    """Projecting one year ahead (to 2019) still adds the average of the trend and the official 2019
    projection, as the default; its per-municipality scores exist (no past edition: zero origins)."""
    obs = _population()
    codes = ("001", "002", "003")
    official = _official(codes, [900.0, 2100.0, 3300.0], range(2019, 2031))
    result = B.project_many(obs, None, [B.POPULATION], 2019, official=official)[B.POPULATION]
    auto = result.forecasts().set_index(MUNICIPALITY)
    summary = result.summary.set_index(MUNICIPALITY)
    for code, off in zip(codes, (900.0, 2100.0, 3300.0), strict=True):
        assert summary.loc[code, "method"] == B.WITH_OFFICIAL
        trend_method = summary.loc[code, "trend_method"]
        assert trend_method == result.ranking[0]
        trend = result.forecasts(trend_method).set_index(MUNICIPALITY).loc[code, "mean"]
        assert auto.loc[code, "mean"] == pytest.approx((trend + off) / 2)
        assert auto.loc[code, YEAR] == 2019
    scores = result.scores
    assert B.WITH_OFFICIAL not in set(scores["method"])  # never backtested: no rows with n > 0
    assert set(scores["method"]) >= {result.ranking[0]}


def test_backtest_score_is_the_chosen_methods_mean_mase() -> None:
    """The summary's backtest score of each municipality is its chosen method's MASE averaged over the
    horizons up to DESCRIBE_HORIZON (the same figure the scores table gives per horizon)."""
    result = B.project_many(_population(), None, [B.POPULATION], 2025)[B.POPULATION]
    summary = result.summary.set_index(MUNICIPALITY)
    scores = result.scores
    for code in ("001", "002", "003"):
        method = summary.loc[code, "method"]
        mine = scores[(scores[MUNICIPALITY] == code) & (scores["method"] == method)]
        assert np.isfinite(summary.loc[code, "backtest_score"])
        assert summary.loc[code, "backtest_score"] == pytest.approx(mine["mase"].mean())


def test_three_indicators_together_equal_each_alone() -> None:
    """Rows of several indicators are stacked into one run; each indicator's rows must come back to it."""
    rng = np.random.default_rng(3)
    series = {}
    for k, ind in enumerate(("a", "b", "c")):
        for code in ("001", "002", "003", "004")[: 2 + k]:
            values = 50.0 * (k + 1) + np.cumsum(rng.normal(1.0 + k, 2.0, 17))
            series[(code, ind)] = dict(zip(range(2000, 2017), values, strict=True))
    obs = _obs(series)
    together = B.project_many(obs, None, ["a", "b", "c"], 2025)
    for ind in ("a", "b", "c"):
        alone = B.project_many(obs, None, [ind], 2025)[ind]
        pd.testing.assert_frame_equal(together[ind].forecasts(), alone.forecasts())


def test_an_indicator_with_a_single_year_is_not_projected_and_does_not_break_the_rest() -> None:
    obs = _obs(
        {
            ("001", "once"): {2016: 4.0},
            ("001", "x"): {y: 10.0 + y - 2000 for y in range(2000, 2017)},
        }
    )
    result = B.project_many(obs, None, ["once", "x"], 2025)
    assert result["once"].forecasts().empty
    assert result["once"].summary["status"].tolist() == [B.TOO_LITTLE_HISTORY]
    assert result["x"].forecasts()[YEAR].tolist() == list(range(2017, 2026))


def test_at_gives_only_the_municipalities_asked_for(noisy_obs: pd.DataFrame) -> None:
    result = B.project_many(noisy_obs, None, ["size"], 2030)["size"]
    one = result.at(2030, codes=["002"])
    assert one.index.tolist() == ["002"]
    assert result.at(2030).index.tolist() == ["001", "002", "003"]


def test_relative_mase_needs_the_naive_method_and_the_horizon(noisy_obs: pd.DataFrame) -> None:
    without_naive = tuple(m for m in M.METHODS if m != M.NAIVE)
    result = B.project_many(noisy_obs, None, ["size"], 2030, methods=without_naive)["size"]
    assert result.relative_mase() is None
    full = B.project_many(noisy_obs, None, ["size"], 2030)["size"]
    assert full.relative_mase(B.BACKTEST_HORIZON + 1) is None  # never scored that far ahead
    assert full.relative_mase(1) is not None


def test_a_stored_backtest_is_used_instead_of_recomputed(
    noisy_obs: pd.DataFrame, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ST.BacktestStore(tmp_path)
    first = B.project_many(noisy_obs, None, ["size"], 2030, store=store)["size"]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the backtest ran again although it was stored")

    monkeypatch.setattr(B, "_backtest", refuse)
    again = B.project_many(noisy_obs, None, ["size"], 2030, store=store)["size"]
    pd.testing.assert_frame_equal(first.forecasts(), again.forecasts())
    fresh = ST.BacktestStore(tmp_path)  # another process: from the disk copy
    from_disk = B.project_many(noisy_obs, None, ["size"], 2030, store=fresh)["size"]
    pd.testing.assert_frame_equal(first.forecasts(), from_disk.forecasts())


def test_a_backtest_read_from_disk_is_kept_in_memory(
    noisy_obs: pd.DataFrame, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process reads a stored backtest from the disk once; after that it is served from memory, even
    if the files go (a cache folder cleaned under a running app)."""
    B.project_many(noisy_obs, None, ["size"], 2030, store=ST.BacktestStore(tmp_path))
    fresh = ST.BacktestStore(tmp_path)
    first = B.project_many(noisy_obs, None, ["size"], 2030, store=fresh)["size"]
    for path in tmp_path.glob("*.pkl"):
        path.unlink()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the backtest ran again although it was read once")

    monkeypatch.setattr(B, "_backtest", refuse)
    again = B.project_many(noisy_obs, None, ["size"], 2030, store=fresh)["size"]
    pd.testing.assert_frame_equal(first.forecasts(), again.forecasts())


def test_a_stored_backtest_from_other_code_is_not_used(
    noisy_obs: pd.DataFrame, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's key covers the projection code: after a change to it (here its fingerprint swapped), the
    same data get a new key, so an old summary is never served."""
    store = ST.BacktestStore(tmp_path)
    B.project_many(noisy_obs, None, ["size"], 2030, store=store)
    before = {p.name for p in tmp_path.glob("*.pkl")}
    monkeypatch.setattr(ST, "_code_fingerprint", lambda: b"other code")
    B.project_many(noisy_obs, None, ["size"], 2030, store=ST.BacktestStore(tmp_path))
    after = {p.name for p in tmp_path.glob("*.pkl")}
    assert len(before) == 2 and len(after - before) == 2


def test_store_keeps_the_per_municipality_scores_out_of_the_summary_file(
    noisy_obs: pd.DataFrame, tmp_path
) -> None:
    """The summary file is read at every start; the large per-municipality scores only when a page asks."""
    store = ST.BacktestStore(tmp_path)
    B.project_many(noisy_obs, None, ["size"], 2030, store=store)
    (summary,) = [p for p in tmp_path.glob("*.pkl") if not p.name.endswith(".scores.pkl")]
    assert ST._read_pickle(summary).scores is None
    assert summary.with_name(summary.name.replace(".pkl", ".scores.pkl")).exists()


def test_store_prunes_the_oldest_files_and_keeps_the_new_ones(noisy_obs: pd.DataFrame, tmp_path) -> None:
    for i, name in enumerate(("old1.pkl", "old1.scores.pkl", "old2.pkl")):
        path = tmp_path / name
        path.write_bytes(b"stale")
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    store = ST.BacktestStore(tmp_path, max_files=2)
    B.project_many(noisy_obs, None, ["size"], 2030, store=store)
    left = sorted(p.name for p in tmp_path.glob("*.pkl"))
    assert len(left) == 2 and not any(name.startswith("old") for name in left)


def test_a_municipality_the_best_method_cannot_take_gets_the_next_best(make_obs) -> None:
    """Test data: steady 5 % growth in twelve municipalities makes the log-linear trend the indicator's
    choice; a thirteenth swings too wildly for a log-linear line, so it takes the next method, drift."""
    years = range(2000, 2017)
    series = {(f"{k}", "x"): {y: 100.0 * k * 1.05 ** (y - 2000) for y in years} for k in range(1, 13)}
    series[("99", "x")] = {y: (10.0 if y % 2 else 100.0) for y in years}
    result = B.project_many(make_obs(series), None, ["x"], 2025, methods=(M.LOG_LINEAR, M.DRIFT))["x"]
    assert result.ranking[0] == M.LOG_LINEAR
    summary = result.summary.set_index(MUNICIPALITY)
    assert summary.loc[[f"{k}" for k in range(1, 13)], "method"].tolist() == [M.LOG_LINEAR] * 12
    assert summary.loc["99", "method"] == M.DRIFT
    assert summary.loc["99", "status"] == B.OK


def test_election_year_series_count_their_points_over_the_longer_window(make_obs) -> None:
    """Turnout every fourth year 1984–2016: nine points, all inside the 60-year window such series get."""
    obs = make_obs({("001", "turnout"): {y: 60.0 + (y - 1984) / 4 for y in range(1984, 2017, 4)}})
    summary = B.project_many(obs, None, ["turnout"], 2030)["turnout"].summary
    assert summary["n_points"].tolist() == [9]


def test_bands_of_a_never_negative_size_scale_with_its_level(make_obs) -> None:
    """Sizes (never negative) have their misses scaled by the level: the calibrated 80 % half-width divided
    by the last observed value is the same for every municipality, however bumpy its own history."""
    rng = np.random.default_rng(11)
    series = {}
    for k, code in enumerate(("001", "002", "003", "004")):
        steps = rng.normal(10.0, 5.0 + 20.0 * k, 16)
        series[(code, "size")] = dict(
            zip(range(2000, 2017), 1000.0 + np.concatenate([[0], np.cumsum(steps)]), strict=True)
        )
    obs = make_obs(series)
    result = B.project_many(obs, None, ["size"], 2020)["size"]
    assert result.bounds[0] == 0.0
    frame = result.forecasts(M.DRIFT)
    first = frame[frame[YEAR] == 2017].set_index(MUNICIPALITY)
    last = {code: series[(code, "size")][2016] for code in first.index}
    ratios = [(first.loc[c, "upper_80"] - first.loc[c, "mean"]) / last[c] for c in first.index]
    assert len(ratios) == 4 and ratios == pytest.approx([ratios[0]] * 4, rel=1e-9)


def test_municipalities_come_out_in_code_order_whatever_the_input_order(noisy_obs: pd.DataFrame) -> None:
    shuffled = noisy_obs.iloc[::-1].reset_index(drop=True)
    result = B.project_many(shuffled, None, ["size"], 2030)["size"]
    assert result.codes.tolist() == ["001", "002", "003"]
    assert result.summary[MUNICIPALITY].tolist() == ["001", "002", "003"]


def test_quantiles_need_at_least_min_count_misses() -> None:
    """Three misses with min_count 3 give a quantile (the ceil(4 · 0.8) = 4th smallest → capped at the
    3rd, 30); two do not."""
    z = np.array([[10.0], [30.0], [20.0]])
    assert CF.quantile_rows(z, (0.8,), 3)[0, 0] == 30.0
    assert np.isnan(CF.quantile_rows(z[:2], (0.8,), 3)[0, 0])


def test_stacking_no_blocks_gives_empty_results() -> None:
    out = B._run_stacked([], 3, (M.DRIFT, M.NAIVE))
    assert set(out) == {M.DRIFT, M.NAIVE}
    assert out[M.DRIFT].loc.shape == (0, 3) and out[M.DRIFT].loc.dtype == np.float64


def test_level_scale_worked_by_hand() -> None:
    """The last observed value at or before each column; none before the first, and a zero is no scale."""
    got = CF.level_scale(np.array([[NAN, 5.0, NAN, -7.0, 0.0], [0.5, NAN, 2.0, NAN, NAN]]))
    assert got[0] == pytest.approx([NAN, 5.0, 5.0, 7.0, NAN], nan_ok=True)
    assert got[1] == pytest.approx([0.5, 0.5, 2.0, 2.0, 2.0])


def test_store_folder_follows_the_cache_setting(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("FORESIGHT_CACHE_DIR", str(tmp_path))
    assert ST.default_store_folder() == tmp_path / "projection"
    monkeypatch.delenv("FORESIGHT_CACHE_DIR")
    assert ST.default_store_folder() == Path(ST.__file__).resolve().parents[2] / ".cache" / "projection"


def test_run_methods_gives_real_bands_unless_asked_for_means_only() -> None:
    rows = np.array([[100.0, 103.0, 105.0, 110.0, 111.0, 116.0, 118.0]])
    out = B.run_methods(rows, 3, (M.DRIFT,))
    assert out[M.DRIFT].scale[0] == pytest.approx(M.drift(rows, 3).scale[0])
    assert not np.allclose(out[M.DRIFT].scale[0], 1.0)


def test_memory_store_forgets_the_oldest_when_full(noisy_obs: pd.DataFrame) -> None:
    store = ST.BacktestStore(None, max_memory=1)
    result = B.project_many(noisy_obs, None, ["size", "share"], 2030, store=store)
    assert set(result) == {"size", "share"} and len(store.memory) == 1


def test_a_process_never_prunes_the_files_it_has_just_written(noisy_obs: pd.DataFrame, tmp_path) -> None:
    """Pruning runs once, at a process's first write: with room for two files, a run over two indicators
    keeps all four of its own (pruning at every write would delete them and force a recomputation)."""
    store = ST.BacktestStore(tmp_path, max_files=2)
    B.project_many(noisy_obs, None, ["size", "share"], 2030, store=store)
    assert len(list(tmp_path.glob("*.pkl"))) == 4


def test_snapshot_projection_covers_population_to_2030() -> None:
    """The shipped snapshot: population projected for every municipality from the year after its last
    data year to 2030, the average with Statistics Finland's projection the usual choice."""
    result = B.project_snapshot(2030)[B.POPULATION]
    assert result.years[-1] == 2030 and result.years[0] == result.last_year + 1
    assert len(result.codes) > 300
    assert (result.summary["method"] == B.WITH_OFFICIAL).mean() > 0.9


def test_yearly_and_election_year_indicators_together_equal_each_alone(make_obs) -> None:
    """Windows of different widths (15 years, 60 for every-fourth-year series) are run in separate stacks
    and put back in order."""
    rng = np.random.default_rng(8)
    series = {}
    for code in ("001", "002", "003"):
        yearly = 100.0 + np.cumsum(rng.normal(1.0, 2.0, 17))
        series[(code, "yearly")] = dict(zip(range(2000, 2017), yearly, strict=True))
        series[(code, "turnout")] = {y: 60.0 + rng.normal(0.0, 2.0) for y in range(1972, 2017, 4)}
    obs = make_obs(series)
    together = B.project_many(obs, None, ["turnout", "yearly"], 2030)
    for ind in ("turnout", "yearly"):
        alone = B.project_many(obs, None, [ind], 2030)[ind]
        pd.testing.assert_frame_equal(together[ind].forecasts(), alone.forecasts())
        assert not alone.forecasts().empty


def test_indicators_too_short_for_any_backtest_take_the_default_method(make_obs) -> None:
    """Five years (the minimum) leave no origin to backtest from: the default method, chosen_by default."""
    obs = make_obs(
        {(c, "x"): {y: 10.0 + k * y for y in range(2012, 2017)} for k, c in enumerate(("001", "002"))}
    )
    summary = B.project_many(obs, None, ["x"], 2020)["x"].summary
    assert summary["method"].tolist() == [B.DEFAULT_METHOD] * 2
    assert summary["chosen_by"].tolist() == ["default"] * 2


def test_methods_outside_the_fair_comparison_are_ranked_by_their_own_score() -> None:
    """Competing methods first by pooled error; then the others by their own score (not by name), the
    default method first among them; unscored last."""
    pooled = {
        "a_good": np.array([1.0, 2.0]),
        "b_bad": np.array([9.0, 9.0]),
        "z_better": np.array([3.0, 3.0]),
        "y_worse": np.array([5.0, 6.0]),
        "unscored": np.array([np.nan, np.nan]),
    }
    methods = ("unscored", "y_worse", "z_better", "b_bad", "a_good")
    assert B._choose(pooled, methods, {"a_good", "b_bad"}) == [
        "a_good",
        "b_bad",
        "z_better",
        "y_worse",
        "unscored",
    ]


def test_a_share_that_reaches_exactly_100_is_still_a_share() -> None:
    assert B.bounds_for("percent", np.array([0.0, 100.0])) == (0.0, 100.0)
    assert B.bounds_for("percent", np.array([0.0, 100.5])) == (0.0, np.inf)


def test_window_of_a_series_seen_twice_four_years_apart_is_sixty_years() -> None:
    values = np.full((1, 5), NAN)
    values[0, [0, 4]] = [1.0, 2.0]
    assert B.window_width(values) == 4 * B.WINDOW
    assert B.window_width(np.ones((1, 2))) == B.WINDOW


def test_store_creates_its_folder_with_parents(noisy_obs: pd.DataFrame, tmp_path) -> None:
    folder = tmp_path / "cache" / "projection"
    B.project_many(noisy_obs, None, ["size"], 2030, store=ST.BacktestStore(folder))
    assert len(list(folder.glob("*.pkl"))) == 2


def test_with_official_bands_are_the_trends_calibrated_widths_around_the_new_mean() -> None:
    """Test data: a small municipality shrinking fast, whose trend band reaches zero, and an official
    projection that keeps it level. The average's band is mean ± (calibrated factor × scale), clipped at
    zero, not the trend's clipped band moved to the new mean."""
    obs = _population()
    rows = {
        ("004", B.POPULATION): {
            y: 400.0 - 18.0 * (y - 2000) + (3.0 if y % 2 else -3.0) for y in range(2000, 2019)
        }
    }
    obs = pd.concat([obs, _obs(rows)], ignore_index=True)
    codes = ("001", "002", "003", "004")
    official = _official(codes, [900.0, 2100.0, 3300.0, 120.0], range(2019, 2031))
    result = B.project_many(obs, None, [B.POPULATION], 2030, official=official)[B.POPULATION]
    summary = result.summary.set_index(MUNICIPALITY)
    trend = summary.loc["004", "trend_method"]
    row = result.row("004")
    factor95 = np.broadcast_to(result.calibration[trend][95], (len(codes), result.years.size))[row]
    last = obs[(obs[MUNICIPALITY] == "004") & (obs[YEAR] == 2018)][VALUE].iloc[0]
    mine = result.forecasts(B.WITH_OFFICIAL).set_index(MUNICIPALITY).loc["004"]
    trend_band = result.forecasts(trend).set_index(MUNICIPALITY).loc["004"]
    assert (trend_band["lower_95"] == 0).any()  # the case this test is about
    expected_lower = np.maximum(mine["mean"].to_numpy() - factor95 * last, 0.0)
    assert mine["lower_95"].to_numpy() == pytest.approx(expected_lower)
    assert mine["upper_95"].to_numpy() == pytest.approx(mine["mean"].to_numpy() + factor95 * last)


def test_without_calibration_the_average_keeps_the_trends_own_band_widths() -> None:
    obs = _population()
    codes = ("001", "002", "003")
    official = _official(codes, [900.0, 2100.0, 3300.0], range(2019, 2031))
    result = B.project_many(obs, None, [B.POPULATION], 2025, calibrate=False, official=official)[B.POPULATION]
    summary = result.summary.set_index(MUNICIPALITY)
    for code in codes:
        trend = result.forecasts(summary.loc[code, "trend_method"]).set_index(MUNICIPALITY).loc[code]
        mine = result.forecasts(B.WITH_OFFICIAL).set_index(MUNICIPALITY).loc[code]
        for band in ("lower_80", "upper_80", "upper_95"):
            assert (mine[band] - mine["mean"]).to_numpy() == pytest.approx(
                (trend[band] - trend["mean"]).to_numpy()
            )


def test_every_indicator_is_projected_when_none_are_named(noisy_obs: pd.DataFrame) -> None:
    assert sorted(B.project_many(noisy_obs, None, None, 2030)) == ["share", "size"]


def test_memory_only_store_serves_the_second_run(
    noisy_obs: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ST.BacktestStore(None)
    first = B.project_many(noisy_obs, None, ["size"], 2030, store=store)["size"]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the backtest ran again although it was kept in memory")

    monkeypatch.setattr(B, "_backtest", refuse)
    again = B.project_many(noisy_obs, None, ["size"], 2030, store=store)["size"]
    pd.testing.assert_frame_equal(first.forecasts(), again.forecasts())


def test_asking_for_no_municipalities_gives_an_empty_frame(noisy_obs: pd.DataFrame) -> None:
    result = B.project_many(noisy_obs, None, ["size"], 2030)["size"]
    assert result.forecasts(codes=[]).empty
    assert result.at(2030, codes=[]).empty


def test_a_refreshed_snapshot_is_projected_afresh(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """The snapshot's projections are cached per process; a rebuilt observations file (newer) must not
    be served the old projections. Test data: populations doubled in the refreshed file, so every trend
    (each method is scale-equivariant) doubles too."""
    import shutil

    from foresight.snapshot import snapshot_dir

    real = snapshot_dir()
    for name in ("indicators", "official_projections"):
        shutil.copy(real / f"{name}.parquet", tmp_path / f"{name}.parquet")
    obs = _population()
    path = tmp_path / "observations.parquet"
    obs.to_parquet(path)
    os.utime(path, (1_000_000, 1_000_000))
    monkeypatch.setenv("KUNTALUOTAIN_SNAPSHOT", str(tmp_path))
    monkeypatch.setattr(B, "SNAPSHOT_STORE", ST.BacktestStore(None))
    first = B.project_snapshot(2025)[B.POPULATION].forecasts()
    obs[VALUE] = obs[VALUE] * 2
    obs.to_parquet(path)
    os.utime(path, (2_000_000, 2_000_000))
    second = B.project_snapshot(2025)[B.POPULATION].forecasts()
    assert second["mean"].to_numpy() == pytest.approx(2 * first["mean"].to_numpy(), rel=1e-9)


def test_run_methods_leaves_only_the_too_short_rows_empty() -> None:
    """Six rows that can be projected (as many as the window has years) and a four-point row between
    them: the whole-window drift of row i, 100 + (i + 1)·t, is 100 + 5(i + 1) + (i + 1)·h, in both modes;
    the short row stays NaN."""
    good = 100.0 + np.arange(1.0, 7.0)[:, None] * np.arange(6.0)[None, :]
    rows = np.insert(good, 2, [NAN, NAN, 1.0, 2.0, 3.0, 4.0], axis=0)
    h = np.arange(1.0, 4.0)
    expected = 100.0 + np.arange(1.0, 7.0)[:, None] * (5.0 + h[None, :])
    for means_only in (True, False):
        loc = B.run_methods(rows, 3, (M.DRIFT,), means_only=means_only)[M.DRIFT].loc
        assert np.isnan(loc[2]).all(), means_only
        assert np.delete(loc, 2, axis=0) == pytest.approx(expected, rel=1e-12), means_only


def test_run_methods_on_no_rows() -> None:
    for means_only in (True, False):
        out = B.run_methods(np.empty((0, 15)), 3, M.METHODS, means_only=means_only)
        for m in M.METHODS:
            assert out[m].loc.shape == (0, 3) and out[m].scale.shape[0] == 0, (m, means_only)


def test_run_methods_keeps_a_row_only_with_finite_means_and_scales(monkeypatch: pytest.MonkeyPatch) -> None:
    """A method's row with a finite mean but no finite scale, or the reverse, is not a projection: it
    becomes NaN throughout (the band could not be drawn); the fully finite row is kept as it is."""

    def stub(y: np.ndarray, horizon: int) -> M.Dist:
        loc = np.array([[1.0, 2.0], [NAN, 2.0], [3.0, 4.0]])
        scale = np.array([[NAN, 1.0], [1.0, 1.0], [0.5, 0.6]])
        return M.Dist(loc, scale, np.array([[4.0], [4.0], [4.0]]))

    monkeypatch.setitem(B.MATRIX_METHODS, M.DRIFT, stub)
    rows = np.tile(np.arange(6.0), (3, 1))
    out = B.run_methods(rows, 2, (M.DRIFT,))[M.DRIFT]
    assert np.isnan(out.loc[:2]).all() and np.isnan(out.scale[:2]).all() and np.isinf(out.df[:2]).all()
    assert out.loc[2] == pytest.approx([3.0, 4.0]) and out.scale[2] == pytest.approx([0.5, 0.6])
    assert out.df[2] == pytest.approx([4.0])


def test_means_only_results_have_the_placeholder_scale_one_and_normal_df() -> None:
    """The backtest's bands come from its misses: means-only results carry a scale of 1 and df = inf
    (the docstring's contract), the combination too."""
    rng = np.random.default_rng(11)
    rows = 300 + np.cumsum(rng.normal(1.0, 4.0, (5, 15)), axis=1)
    rows[1, :12] = NAN  # too short
    out = B.run_methods(rows, 3, M.METHODS, means_only=True)
    for m in M.METHODS:
        scale = np.asarray(out[m].scale, dtype=object)
        assert scale.shape == (5, 3) and (scale == 1.0).all(), m
        assert np.asarray(out[m].df, dtype=object).shape == (5, 1), m
        assert (np.asarray(out[m].df, dtype=object) == np.inf).all(), m


def test_run_methods_is_silent_near_the_float_limit() -> None:
    """Figures near the largest float overflow inside the fits: no numpy warning reaches the log, in
    either mode (the rows simply give no projection where the numbers overflow)."""
    import warnings

    rng = np.random.default_rng(2)
    ordinary = 100 + np.cumsum(rng.normal(1.0, 3.0, (2, 15)), axis=1)
    huge = 1e300 * np.arange(1.0, 16.0)[None, :]
    rows = np.vstack([ordinary, huge])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for means_only in (True, False):
            out = B.run_methods(rows, 4, M.METHODS, means_only=means_only)
            assert np.isfinite(out[M.DRIFT].loc[:2]).all()


def test_defaults_reach_2030_without_a_unit_and_an_indicator_without_rows_is_skipped() -> None:
    """No `until`: to 2030; no catalogue: the unit is empty; an indicator without rows listed first is
    skipped and the ones after it are still projected."""
    result = B.project_many(_population(), None, ["nothing", B.POPULATION])
    assert list(result) == [B.POPULATION]
    population = result[B.POPULATION]
    assert population.unit == "" and population.forecasts()[YEAR].max() == 2030


def test_the_official_path_grows_from_the_last_observed_value() -> None:
    """The 2018 edition (from data up to 2017) grows 1 % a year from its 2018 figure; with data up to
    2018 its path starts from each municipality's observed 2018 value: 2019 = 1.01 × that value, and
    the method shown is the average of that and the trend."""
    obs = _population()
    codes = ("001", "002", "003")
    official = pd.DataFrame(
        [
            {EDITION: "2018", MUNICIPALITY: c, YEAR: y, VALUE: 900.0 * (k + 1) * 1.01 ** (y - 2018)}
            for k, c in enumerate(codes)
            for y in range(2018, 2031)
        ]
    )
    result = B.project_many(obs, None, [B.POPULATION], 2019, official=official)[B.POPULATION]
    last = obs[obs[YEAR] == 2018].set_index(MUNICIPALITY)[VALUE]
    auto = result.forecasts().set_index(MUNICIPALITY)
    summary = result.summary.set_index(MUNICIPALITY)
    for code in codes:
        assert summary.loc[code, "method"] == B.WITH_OFFICIAL
        trend = result.forecasts(summary.loc[code, "trend_method"]).set_index(MUNICIPALITY).loc[code, "mean"]
        assert auto.loc[code, "mean"] == pytest.approx((trend + 1.01 * last[code]) / 2, rel=1e-12)


def test_the_backtest_runs_means_only_and_not_at_all_once_stored(
    noisy_obs: pd.DataFrame, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Data to 2016, until 2030: the forecasts run 14 years ahead with their bands; the backtest runs
    BACKTEST_HORIZON years ahead for means only (its bands come from the pooled misses), and not at all
    when the store already holds it, in memory or on disk."""
    calls: list[tuple[int, object]] = []
    real = B._run_stacked

    def spy(blocks: list[np.ndarray], horizon: int, methods: object, means_only: object = False) -> object:
        calls.append((horizon, means_only))
        assert horizon in (14, B.BACKTEST_HORIZON)  # before running, so a wrong horizon fails at once
        return real(blocks, horizon, methods, means_only)  # type: ignore[arg-type]

    monkeypatch.setattr(B, "_run_stacked", spy)
    store = ST.BacktestStore(tmp_path)
    B.project_many(noisy_obs, None, ["size"], 2030, store=store)
    assert calls == [(14, False), (B.BACKTEST_HORIZON, True)]
    calls.clear()
    B.project_many(noisy_obs, None, ["size"], 2030, store=store)
    assert calls == [(14, False)]
    calls.clear()
    B.project_many(noisy_obs, None, ["size"], 2030, store=ST.BacktestStore(tmp_path))  # from the disk copy
    assert calls == [(14, False)]


def test_election_year_series_are_backtested_over_their_longer_window(make_obs) -> None:
    """Turnout every fourth year 1972–2016 (12 points): a 15-year window holds at most 4 of them, fewer
    than the 5 a method needs, so only the forecast's own 60-year window gives the backtest anything to
    score; with it every municipality is chosen by its backtest."""
    obs = make_obs(
        {
            (c, "turnout"): {y: 60.0 + 5 * k + (y - 1972) / 4 + (y % 8) / 4 for y in range(1972, 2017, 4)}
            for k, c in enumerate(("001", "002", "003"))
        }
    )
    summary = B.project_many(obs, None, ["turnout"], 2030)["turnout"].summary
    assert np.isfinite(summary["backtest_score"].astype(float)).all()
    assert (summary["chosen_by"] != "default").all()


def test_a_stored_summary_without_its_scores_file_is_recomputed(
    noisy_obs: pd.DataFrame, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summary whose scores file is gone (pruned, or a write cut short) is not served: a page asking for the
    scores would fail later. The backtest runs again."""
    first = B.project_many(noisy_obs, None, ["size"], 2030, store=ST.BacktestStore(tmp_path))["size"]
    (scores,) = tmp_path.glob("*.scores.pkl")
    scores.unlink()
    runs: list[int] = []
    real = B._backtest

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(B, "_backtest", counting)
    again = B.project_many(noisy_obs, None, ["size"], 2030, store=ST.BacktestStore(tmp_path))["size"]
    assert runs == [1]
    pd.testing.assert_frame_equal(first.forecasts(), again.forecasts())


def test_a_stored_backtest_serves_only_the_same_methods(noisy_obs: pd.DataFrame) -> None:
    """The choice ranks the methods backtested: a summary stored for other methods must not be reused."""
    store = ST.BacktestStore(None)
    B.project_many(noisy_obs, None, ["size"], 2030, methods=(M.NAIVE, M.DRIFT), store=store)
    fewer = B.project_many(noisy_obs, None, ["size"], 2030, methods=(M.NAIVE,), store=store)["size"]
    assert set(fewer.calibration) == {M.NAIVE}
    assert len(store.memory) == 2


def test_the_store_key_reads_every_module_that_computes_a_backtest(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stored backtest from other code is not used: the key hashes the source of each module the backtest runs
    through, so a change in any of them (or a function moved between them) recomputes."""
    read: list[str] = []
    original = Path.read_bytes

    def recording(self: Path) -> bytes:
        read.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", recording)
    ST._code_fingerprint.cache_clear()
    try:
        ST._code_fingerprint()
    finally:
        ST._code_fingerprint.cache_clear()
    assert {"batch.py", "methods.py", "pooled.py", "conformal.py", "store.py"} <= set(read)
