"""Backtest: no leakage past the origin, error by horizon, the method sentence, the command (test data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foresight.columns import MUNICIPALITY, VALUE, YEAR
from foresight.projection import backtest as BT
from foresight.projection import batch as B


def test_no_leakage_past_the_origin(noisy_obs: pd.DataFrame, catalogue: pd.DataFrame) -> None:
    forecasts, errors = BT.run(noisy_obs, "size", 2011, 5, "auto", catalogue)
    changed = noisy_obs.copy()
    later = changed[YEAR] > 2011
    changed.loc[later, VALUE] = changed.loc[later, VALUE] * 3 + 1000  # the future is wildly different
    forecasts2, errors2 = BT.run(changed, "size", 2011, 5, "auto", catalogue)
    pd.testing.assert_frame_equal(forecasts, forecasts2)
    assert not np.allclose(errors["error"], errors2["error"])
    assert forecasts[YEAR].min() == 2012 and forecasts[YEAR].max() == 2016


def test_errors_and_by_horizon_on_a_known_line(make_obs) -> None:
    obs = make_obs({("001", "x"): {y: 100.0 + 2 * (y - 2000) for y in range(2000, 2015)}})
    obs.loc[obs[YEAR] == 2012, VALUE] = 130.0  # truth 124 → the 2-year-ahead forecast misses by 6
    forecasts, errors = BT.run(obs, "x", 2010, 3, "linear")
    assert list(forecasts[YEAR]) == [2011, 2012, 2013]
    row = errors.set_index("horizon").loc[2]
    assert row["error"] == pytest.approx(-6.0)
    assert row["ape"] == pytest.approx(6.0 / 130.0 * 100)
    table = BT.by_horizon(errors)
    assert table.loc[1, "mape"] == pytest.approx(0.0, abs=1e-9)


def test_origin_outside_the_data_is_a_clear_error(noisy_obs: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="no data in 1990"):
        BT.run(noisy_obs, "size", 1990, 5)


@pytest.mark.parametrize(
    ("horizon", "lang", "expected"),
    [
        (
            1,
            "en",
            "Tested on past years, this method (last value carried forward) missed the value 1 year ahead by 2.5 % on average.",
        ),
        (
            3,
            "en",
            "Tested on past years, this method (last value carried forward) missed the value 3 years ahead by 2.5 % on average.",
        ),
        (
            1,
            "sv",
            "Testad på tidigare år missade metoden (senaste värdet består) värdet 1 år framåt med i genomsnitt 2,5 %.",
        ),
        (
            1,
            "fi",
            "Menneillä vuosilla testattuna menetelmä (viimeisin arvo pysyy) erehtyi 1 vuoden päähän keskimäärin 2,5 %.",
        ),
    ],
)
def test_a_short_history_scored_one_year_ahead_says_year(horizon: int, lang: str, expected: str) -> None:
    desc = {
        "method": "naive",
        "error": 2.5,
        "error_kind": BT.ERROR_PERCENT,
        "error_horizon": horizon,
        "n_origins": 2,
    }
    assert BT.sentence(desc, lang) == expected


def test_describe_and_sentence(noisy_obs: pd.DataFrame, catalogue: pd.DataFrame) -> None:
    result = B.project_many(noisy_obs, catalogue, ["size", "share"], 2030)
    desc = BT.describe(result["size"], "002")
    assert desc["status"] == "ok" and desc["last_year"] == 2016 and desc["horizon_years"] == 14
    assert desc["error_kind"] == BT.ERROR_PERCENT and desc["error_horizon"] == 5
    m = result["size"].methods.index(desc["method"])
    assert desc["error"] == pytest.approx(result["size"].score_arrays["mape"][m, 1, 4])
    text = BT.sentence(desc, "en")
    assert text.startswith("Tested on past years") and "5 years ahead" in text
    assert BT.describe(result["share"], "001")["error_kind"] == BT.ERROR_POINTS
    assert "prosenttiyksikköä" in BT.sentence(BT.describe(result["share"], "001"), "fi")
    user = BT.describe(result["size"], "002", "naive")
    assert user["chosen_by"] == "user" and user["method"] == "naive"


def test_choose_method_for_one_series() -> None:
    years = range(2000, 2020)
    desc = BT.choose_method(pd.Series([50.0 * 1.08**i for i, _ in enumerate(years)], index=years), "persons")
    assert desc["method"] == "log_linear"
    assert desc["error"] == pytest.approx(0.0, abs=1e-6)


def test_command_writes_the_csv(
    tmp_path, monkeypatch, noisy_obs: pd.DataFrame, catalogue: pd.DataFrame, capsys
) -> None:
    from foresight import snapshot

    fake = snapshot.Snapshot(
        municipalities=pd.DataFrame(),
        indicators=catalogue,
        observations=noisy_obs,
        official_projections=pd.DataFrame(columns=["edition", MUNICIPALITY, YEAR, "age", VALUE]),
        network_groups=pd.DataFrame(),
        boundaries={},
    )
    monkeypatch.setattr(snapshot, "load_snapshot", lambda: fake)
    out = tmp_path / "bt.csv"
    code = BT.main(
        ["--origin", "2011", "--horizon", "5", "--indicator", "size", "--method", "auto", "--out", str(out)]
    )
    assert code == 0
    frame = pd.read_csv(out, dtype={MUNICIPALITY: str})
    assert list(frame.columns) == list(BT.CSV_COLUMNS)
    assert len(frame) == 3 * 5
    printed = capsys.readouterr().out
    assert "MAPE over all horizons" in printed


def test_view_gathers_what_the_chart_needs(noisy_obs: pd.DataFrame, catalogue: pd.DataFrame) -> None:
    from foresight.projection import view

    result = B.project_many(noisy_obs, catalogue, ["share"], 2030)["share"]
    v = view.build(result, noisy_obs, "001", ["002", "003", "999"], polarity=1, target=99.0)
    assert v.unprojected_peers == ("999",)
    assert list(v.history.columns) == [YEAR, VALUE] and len(v.history) == 17
    assert v.forecast[YEAR].tolist() == list(range(2017, 2031))
    assert ("projection.note.data_ends", {"last_year": 2016, "n": 14}) in v.notes
    assert ("projection.note.clipped", {}) in v.notes
    assert v.rank_distribution["probability"].sum() == pytest.approx(1.0)
    assert v.target is not None and v.target["verdict"] in (
        "within_band",
        "ambitious_seen_among_peers",
        "beyond_anything_seen",
    )


def test_view_of_a_too_short_series(make_obs) -> None:
    from foresight.projection import view

    obs = make_obs(
        {
            ("001", "x"): {y: 10.0 + y - 2000 for y in range(2000, 2017)},
            ("002", "x"): {2013: 5.0, 2014: 6.0, 2015: 7.0, 2016: 8.0},
        }
    )
    result = B.project_many(obs, None, ["x"], 2030)["x"]
    v = view.build(result, obs, "002", ["001"])
    assert v.forecast.empty and v.rank_distribution.empty
    assert v.notes == [("projection.note.too_little_history", {"n": 4, "min": 5})]
    forced = view.build(result, obs, "002", ["001"], method="linear")
    assert forced.description["status"] == "too_little_history" and forced.forecast.empty
    assert BT.describe(result, "001", "log_linear")["status"] == "ok"


def test_sentence_with_a_unit_abbreviation_ends_once() -> None:
    desc = {
        "method": "drift",
        "error": 1311.4,
        "error_kind": BT.ERROR_UNITS,
        "error_horizon": 5,
        "n_origins": 2,
    }
    text = BT.sentence(desc, "fi", decimals=0, unit="persons")
    assert text.endswith("keskimäärin 1\u00a0311\u00a0as.")


def test_command_takes_the_pooled_model_for_population(tmp_path, monkeypatch) -> None:
    """`--method pooled` (population only): the average of the combined trend's CSV and the model."""
    import numpy as np

    from foresight import snapshot
    from foresight.projection import pooled as P
    from tests.projection.test_pooled import long_frame, panel

    values = panel(rows=30, years=45)  # test data, years 1976–2020
    fake = snapshot.Snapshot(
        municipalities=pd.DataFrame(),
        indicators=pd.DataFrame({"id": ["population"], "unit": ["persons"]}),
        observations=long_frame(values, "population"),
        official_projections=pd.DataFrame(columns=["edition", MUNICIPALITY, YEAR, "age", VALUE]),
        network_groups=pd.DataFrame(),
        boundaries={},
    )
    monkeypatch.setattr(snapshot, "load_snapshot", lambda: fake)
    frames = {}
    for method in ("combined", "pooled"):
        out = tmp_path / f"{method}.csv"
        args = ["--origin", "2015", "--horizon", "3", "--indicator", "population", "--method", method]
        assert BT.main([*args, "--out", str(out)]) == 0
        frames[method] = pd.read_csv(out, dtype={MUNICIPALITY: str}).sort_values([MUNICIPALITY, YEAR])
    combined = frames["combined"]["mean"].to_numpy().reshape(30, 3)
    end = 2015 - 1976
    expected = (combined + P.relative_model(values[:, : end + 1], end, combined)) / 2
    assert frames["pooled"]["mean"].to_numpy().reshape(30, 3) == pytest.approx(
        expected, rel=1e-6
    )  # CSV: 4 decimals
    assert np.isfinite(expected).all()
