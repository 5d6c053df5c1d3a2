"""Harmonisation to the 2026 division on literal fixtures (codes are real merger pairs, values are test data)."""

import pandas as pd
import pytest

from foresight.build.common import (
    harmonise_sum,
    harmonise_weighted,
    keep_published,
    name_to_code,
    to_current,
)


def test_to_current_follows_mergers_and_keeps_current_codes():
    assert to_current("588") == "507"  # Pertunmaa → Mäntyharju (2025)
    assert to_current("174") == "297"  # Juankoski → Kuopio (2017)
    assert to_current("091") == "091"


def test_sum_adds_parts_and_drops_incomplete_merged_years():
    # Test data: Kuopio with Maaninka and Juankoski, and Helsinki alone.
    frame = pd.DataFrame(
        {
            "municipality": ["297", "476", "174", "297", "476", "091"],
            "year": [2012, 2012, 2012, 2013, 2013, 2013],
            "count": [100.0, 10.0, 5.0, 200.0, 20.0, 7.0],
        }
    )
    out = harmonise_sum(frame, ["count"]).set_index(["municipality", "year"])["count"]
    assert out[("297", 2012)] == 115.0
    # 2013 lacks Juankoski: a partial sum would look like a drop in population, so the year is left out.
    assert ("297", 2013) not in out.index
    assert out[("091", 2013)] == 7.0


def test_weighted_mean_for_merged_and_published_value_for_the_rest():
    frame = pd.DataFrame(
        {
            "municipality": ["507", "588", "091"],
            "year": [2016, 2016, 2016],
            "rate": [10.0, 20.0, 3.3],
            "pop": [6000.0, 2000.0, 600000.0],
        }
    )
    out = harmonise_weighted(frame, "rate", "pop").set_index(["municipality", "year"])["rate"]
    assert out[("507", 2016)] == pytest.approx((10 * 6000 + 20 * 2000) / 8000)
    assert out[("091", 2016)] == 3.3
    assert len(out) == 2


def test_keep_published_restores_unmerged_values_only():
    source = pd.DataFrame(
        {"municipality": ["507", "588", "091"], "year": [2016] * 3, "ratio": [90.0, 80.0, 120.4]}
    )
    recomputed = pd.DataFrame({"municipality": ["507", "091"], "year": [2016, 2016], "ratio": [88.0, 120.39]})
    out = keep_published(recomputed, source, "ratio").set_index("municipality")["ratio"]
    assert out["091"] == 120.4  # published, not the float round trip
    assert out["507"] == 88.0  # merged: the recomputed value stays


def test_unknown_names_fail_loudly():
    with pytest.raises(AssertionError, match="Atlantis"):
        name_to_code(pd.Series(["Helsinki", "Atlantis"]), 2019)
    assert name_to_code(pd.Series(["Helsinki"]), 2019).tolist() == ["091"]


def test_raw_folder_follows_the_environment(tmp_path, monkeypatch):
    from foresight.build import common

    assert common.raw_dir() == common.RAW_DIR
    monkeypatch.setenv(common.RAW_ENV, str(tmp_path))
    (tmp_path / "x.csv").write_text("a\n1\n", encoding="utf-8")
    assert common.raw("x.csv") == tmp_path / "x.csv"
    with pytest.raises(AssertionError, match=str(tmp_path)):
        common.raw("municipality_classification_2026_geofi.csv")
