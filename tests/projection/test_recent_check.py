"""The backtest per origin and the page's note when a recent check failed (values worked by hand, test data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foresight.projection import batch as B
from foresight.projection import methods as M
from foresight.projection import view

# One municipality's size: +2 a year 2000–2008, then it levels off and turns down (test data).
TURN = {
    **{2000 + t: 100.0 + 2.0 * t for t in range(9)},  # 2000: 100 … 2008: 116
    2009: 117.0,
    2010: 118.0,
    2011: 118.0,
    2012: 117.0,
    2013: 116.0,
    2014: 115.0,
}
LINE = {2000 + t: 100.0 + 2.0 * t for t in range(15)}  # 2000: 100 … 2014: 128
UNITS = pd.DataFrame({"id": ["size"], "unit": ["persons"]})


def test_pooled_and_per_origin_scores_on_literal_errors() -> None:
    """Five municipalities × two origins × one horizon, the first municipality's scale 2, the others' 1
    (test data). Method b has no figure for the second municipality at the second origin: scored on 9 of
    10 cells it still competes, and that cell is left out for both.
    a: origin 0 (4/2 + 1) / 5 = 0.6, origin 1 (2/2) / 4 = 0.25, pooled (2 + 1 + 1) / 9 = 4/9;
    b: origin 0 (1/2 + 3) / 5 = 0.7, origin 1 (6/2) / 4 = 0.75, pooled (0.5 + 3 + 3) / 9 = 13/18."""
    nan = np.nan
    a = np.array([[4.0, 2.0], [-1.0, 5.0], [0, 0], [0, 0], [0, 0]])  # municipality × origin
    b = np.array([[1.0, -6.0], [3.0, nan], [0, 0], [0, 0], [0, 0]])
    errs = {"a": a[:, :, None], "b": b[:, :, None]}  # municipality × origin × horizon
    scale = np.array([[2.0, 2.0], [1, 1], [1, 1], [1, 1], [1, 1]])
    pooled, competing, by_origin = B.pooled_scores(errs, scale)
    assert competing == {"a", "b"}
    assert by_origin["a"][:, 0] == pytest.approx([0.6, 0.25])
    assert by_origin["b"][:, 0] == pytest.approx([0.7, 0.75])
    assert pooled["a"] == pytest.approx([4 / 9])
    assert pooled["b"] == pytest.approx([13 / 18])
    assert B.pooled_scores(errs, scale)[0]["b"] == pytest.approx([13 / 18])  # the same pooled figure


def test_per_origin_figures_of_the_backtest_by_hand(make_obs) -> None:
    """Level-scaled size: a miss is divided by the value at the origin. Five years ahead:
    origin 2009 (→ 2014 = 115): naive |117 − 115| / 117 = 2/117; the 3-year drift (117 − 112) / 3 a year
    gives 117 + 25/3, a miss of 31/3, so 31/3 / 117;
    origin 2008 (→ 2013 = 116): naive 0; drift 3 (116 − 110) / 3 = 2 a year gives 126, 10/116;
    origin 2007 (→ 2012 = 117): naive 3/114; drift 114 + 10 = 124, 7/114.
    Origins 2010–2013 do not reach five years ahead (2015 onwards is not observed)."""
    result = B.project_many(make_obs({("001", "size"): TURN}), UNITS, ["size"], 2020)["size"]
    assert list(result.origin_years) == list(range(2013, 2003, -1))  # newest first, to MIN_POINTS years
    naive, drift3 = result.by_origin[M.NAIVE][:, 4], result.by_origin[M.DRIFT_3][:, 4]
    assert np.isnan(naive[:4]).all() and np.isnan(drift3[:4]).all()
    assert naive[4:7] == pytest.approx([2 / 117, 0.0, 3 / 114])
    assert drift3[4:7] == pytest.approx([31 / 3 / 117, 10 / 116, 7 / 114])
    # One year ahead from 2013 (→ 2014 = 115): naive |116 − 115| / 116.
    assert result.by_origin[M.NAIVE][0, 0] == pytest.approx(1 / 116)
    result.ranking = (M.DRIFT_3, *[m for m in result.ranking if m != M.DRIFT_3])
    check = result.worst_recent_check()
    assert check == B.RecentCheck(M.DRIFT_3, 2009, 2014, pytest.approx(31 / 3 / 117), pytest.approx(2 / 117))


def test_no_failed_check_on_a_straight_line(make_obs) -> None:
    """On a straight line the 3-year drift never misses and naive always does: no failed check."""
    result = B.project_many(make_obs({("001", "size"): LINE}), UNITS, ["size"], 2020)["size"]
    assert result.by_origin[M.DRIFT_3][4:, 4] == pytest.approx(np.zeros(6), abs=1e-12)
    # Naive from 2009 (118) to 2014 (128): 10/118.
    assert result.by_origin[M.NAIVE][4, 4] == pytest.approx(10 / 118)
    result.ranking = (M.DRIFT_3, *[m for m in result.ranking if m != M.DRIFT_3])
    assert result.worst_recent_check() is None


def _literal(trend: list[float], naive: list[float], years: list[int]) -> B.IndicatorProjection:
    """A projection holding only literal per-origin scores five years ahead (other horizons NaN)."""

    def five(values: list[float]) -> np.ndarray:
        out = np.full((len(values), B.BACKTEST_HORIZON), np.nan)
        out[:, 4] = values
        return out

    return B.IndicatorProjection(
        indicator="x",
        unit="persons",
        codes=np.array(["001"], dtype=object),
        last_year=years[0] + 1,
        years=np.array([], dtype=int),
        arrays={},
        columns={},
        score_source={},
        ranking=(M.DRIFT, M.NAIVE),
        by_origin={M.DRIFT: five(trend), M.NAIVE: five(naive)},
        origin_years=np.array(years),
    )


def test_worst_recent_check_takes_the_newest_failure_among_the_newest_scored_origins() -> None:
    nan = float("nan")
    years = [2020, 2019, 2018, 2017, 2016]
    # 2020 not scored; 2019 passes (0.5 < 0.6); 2018 fails (0.9 > 0.8); 2017 fails (2 > 1) but is older.
    r = _literal([nan, 0.5, 0.9, 2.0, 0.1], [nan, 0.6, 0.8, 1.0, 0.2], years)
    assert r.worst_recent_check() == B.RecentCheck(M.DRIFT, 2018, 2023, 0.9, 0.8)
    # Only the newest two scored origins (2019, 2018): still 2018; only the newest one: none failed.
    assert r.worst_recent_check(newest=2) is not None
    assert r.worst_recent_check(newest=1) is None
    # A failure only at the fourth newest scored origin (2016) is too old for the default three.
    r = _literal([0.1, 0.1, 0.1, 0.1, 0.3], [0.2, 0.2, 0.2, 0.2, 0.2], years)
    assert r.worst_recent_check() is None
    # Equal misses are not a failure; naive chosen first: the page says so already, no check.
    assert _literal([0.2], [0.2], [2020]).worst_recent_check() is None
    r = _literal([0.9], [0.2], [2020])
    r.ranking = (M.NAIVE, M.DRIFT)
    assert r.worst_recent_check() is None
    # Never scored that far ahead.
    assert _literal([0.9], [0.2], [2020]).worst_recent_check(horizon=B.BACKTEST_HORIZON + 1) is None


def test_the_page_note_names_the_failed_check_years(make_obs) -> None:
    obs = make_obs({("001", "size"): TURN})
    result = B.project_many(obs, UNITS, ["size"], 2020)["size"]
    # Pooled: the 3-year drift better than naive (0.5 < 1), so neither older note fires.
    result.ranking = (M.DRIFT_3, M.NAIVE)
    result.pooled = {M.DRIFT_3: np.full(5, 0.5), M.NAIVE: np.ones(5)}
    notes = dict(view.build(result, obs, "001", until=2020).notes)
    assert notes["projection.note.recent_check_failed"] == {"origin": 2009, "target": 2014}
    assert "projection.note.weak_indicator" not in notes and "projection.note.naive_best" not in notes
    text = view.note_text(
        "projection.note.recent_check_failed", notes["projection.note.recent_check_failed"], "fi"
    )
    assert text.startswith("Tarkistuksessa, jossa trendi laskettiin vain vuoden 2009 tietoihin asti,")
    assert "arviot vuodelle 2014" in text and "pelkkä vuoden 2009 arvo" in text
    en = view.note_text("projection.note.recent_check_failed", {"origin": 2009, "target": 2014}, "en")
    assert "data up to 2009 only, its values for 2014" in en and "keeping the 2009 value" in en
    # The pooled ratio at or above 1: the caution note alone, not both.
    result.pooled[M.DRIFT_3][4] = 1.0
    notes = dict(view.build(result, obs, "001", until=2020).notes)
    assert "projection.note.weak_indicator" in notes and "projection.note.recent_check_failed" not in notes


def test_no_check_note_on_a_straight_line(make_obs) -> None:
    obs = make_obs({("001", "size"): LINE})
    result = B.project_many(obs, UNITS, ["size"], 2020)["size"]
    result.ranking = (M.DRIFT_3, M.NAIVE)
    result.pooled = {M.DRIFT_3: np.full(5, 0.5), M.NAIVE: np.ones(5)}
    keys = [k for k, _ in view.build(result, obs, "001", until=2020).notes]
    assert keys == ["projection.note.data_ends"]
