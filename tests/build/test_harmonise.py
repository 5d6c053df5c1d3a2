"""Harmonisation to the 2026 division on literal fixtures (codes are real merger pairs, values are test data)."""

import pandas as pd
import pytest

from foresight.build.common import (
    harmonise_sum,
    harmonise_weighted,
    keep_published,
    merged_in_division,
    name_to_code,
    parts_in_division,
    to_current,
    zero_means_missing,
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
    out = harmonise_sum(frame, ["count"], 2014).set_index(["municipality", "year"])["count"]
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
    out = harmonise_weighted(frame, "rate", "pop", 2016).set_index(["municipality", "year"])["rate"]
    assert out[("507", 2016)] == pytest.approx((10 * 6000 + 20 * 2000) / 8000)
    assert out[("091", 2016)] == 3.3
    assert len(out) == 2


def test_expected_parts_come_from_the_merger_map_and_the_division_year():
    # Valtimo (911) joined Nurmes (541) in 2020; Maaninka (476) 2015 and Juankoski (174) 2017 joined Kuopio.
    assert parts_in_division("541", 2019) == {"541", "911"}
    assert parts_in_division("541", 2020) == {"541"}
    assert parts_in_division("297", 2014) == {"297", "476", "174"}
    assert parts_in_division("297", 2016) == {"297", "174"}
    assert parts_in_division("091", 2013) == {"091"}
    assert merged_in_division(2017) == {"541", "214", "507"}  # Nurmes, Kankaanpää, Mäntyharju
    assert merged_in_division(2025) == frozenset()


def _two_parts(missing: float | None) -> pd.DataFrame:
    # Test data: Kankaanpää (214) and Honkajoki (099, merged 2021) on the 2019 division; Honkajoki's
    # vacancies are missing in every year (None) or only in 2011.
    return pd.DataFrame(
        {
            "municipality": ["214", "099", "214", "099", "091"],
            "year": [2010, 2010, 2011, 2011, 2011],
            "vacancies": [50.0, missing, 60.0, None, 900.0],
            "pop": [12000.0, 1800.0, 11900.0, 1750.0, 600000.0],
        }
    )


def test_sum_leaves_out_a_merged_year_whose_part_never_has_a_value():
    out = harmonise_sum(_two_parts(None), ["vacancies"], 2019).set_index(["municipality", "year"])
    # Kankaanpää alone is not Kankaanpää with Honkajoki: no merged year may be shown.
    assert ("214", 2010) not in out.index
    assert ("214", 2011) not in out.index
    assert out.loc[("091", 2011), "vacancies"] == 900.0
    # Where the part has a value, the year is summed; where it lacks one, the year is still left out.
    out = harmonise_sum(_two_parts(5.0), ["vacancies"], 2019).set_index(["municipality", "year"])
    assert out.loc[("214", 2010), "vacancies"] == 55.0
    assert ("214", 2011) not in out.index


def test_sum_leaves_out_a_merged_year_whose_part_has_no_row():
    frame = _two_parts(None)
    frame = frame[frame["municipality"] != "099"]
    out = harmonise_sum(frame, ["vacancies"], 2019)
    assert list(out["municipality"]) == ["091"]
    # On the 2021 division Honkajoki is already part of Kankaanpää: the same rows are complete.
    out = harmonise_sum(frame, ["vacancies"], 2021).set_index(["municipality", "year"])
    assert out.loc[("214", 2011), "vacancies"] == 60.0


def test_weighted_leaves_out_a_merged_year_whose_part_never_has_a_value():
    out = harmonise_weighted(_two_parts(None), "vacancies", "pop", 2019)
    assert list(out["municipality"]) == ["091"]


def test_a_code_merged_before_the_stated_division_fails_loudly():
    with pytest.raises(AssertionError, match="099"):
        harmonise_sum(_two_parts(5.0), ["vacancies"], 2021)
    with pytest.raises(AssertionError, match="099"):
        harmonise_weighted(_two_parts(5.0), "vacancies", "pop", 2022)


def test_zeros_that_the_related_indicator_contradicts_are_dropped():
    # Test data: Maarianhamina-like social assistance: 0 € in 1995 while 2.1 % received it; 0 € in 1996
    # with 0.4 % (kept, below the rule's 1 %); 0 € in 1997 without a recipients figure (kept).
    obs = pd.DataFrame(
        {
            "municipality": ["478"] * 6,
            "indicator": ["eur", "eur", "eur", "eur", "pct", "pct"],
            "year": [1994, 1995, 1996, 1997, 1995, 1996],
            "value": [47.0, 0.0, 0.0, 0.0, 2.1, 0.4],
        }
    )
    out, n = zero_means_missing(obs, "eur", "pct", lambda pct: pct >= 1)
    assert n == 1
    kept = out[out["indicator"] == "eur"].set_index("year")["value"]
    assert kept.to_dict() == {1994: 47.0, 1996: 0.0, 1997: 0.0}
    assert len(out[out["indicator"] == "pct"]) == 2


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


def test_keep_published_never_lets_a_missing_published_value_overwrite():
    # Test data: Helsinki has no published ratio in 2017 (NaN); the recomputed 121.0 must stay.
    source = pd.DataFrame(
        {"municipality": ["091", "091"], "year": [2016, 2017], "ratio": [120.4, float("nan")]}
    )
    recomputed = pd.DataFrame(
        {"municipality": ["091", "091"], "year": [2016, 2017], "ratio": [120.39, 121.0]}
    )
    out = keep_published(recomputed, source, "ratio").set_index("year")["ratio"]
    assert out.to_dict() == {2016: 120.4, 2017: 121.0}


def test_a_left_out_merged_year_is_counted_for_the_build_report():
    from foresight.build.common import RULE_COUNTS, RULE_PART_MISSING

    # Test data: Kankaanpää (214) and Honkajoki (099, merged 2021) in the 2019 division; Honkajoki lacks 2018.
    frame = pd.DataFrame(
        {
            "municipality": ["214", "099", "214", "099"],
            "year": [2017, 2017, 2018, 2018],
            "n": [10.0, 2, 11, None],
        }
    )
    before = RULE_COUNTS[RULE_PART_MISSING]
    out = harmonise_sum(frame, ["n"], 2019)
    assert out.set_index("year")["n"].to_dict() == {2017: 12.0}
    assert RULE_COUNTS[RULE_PART_MISSING] - before == 1


def test_an_unmerged_weighted_value_stays_exactly_as_published():
    # 0.1 × 3 / 3 is 0.10000000000000002 in floating point: the published 0.1 must come back to the digit.
    frame = pd.DataFrame({"municipality": ["091"], "year": [2016], "rate": [0.1], "pop": [3.0]})
    out = harmonise_weighted(frame, "rate", "pop", 2019)
    assert out["rate"].tolist() == [0.1]


def test_names_belong_to_their_division_year():
    from foresight.build.common import codes_by_name

    assert codes_by_name(2019)["Honkajoki"] == "099"
    with pytest.raises(AssertionError, match="Honkajoki"):
        name_to_code(pd.Series(["Honkajoki"]), 2026)  # merged into Kankaanpää in 2021


def test_long_checks_and_editions():
    from foresight.build.common import check_observations, check_range, edition_of, long

    frame = pd.DataFrame({"municipality": ["091", "092"], "year": [2020.0, 2020.0], "v": [1.5, None]})
    obs = long(frame, "x", "v")
    assert obs.to_dict("records") == [{"municipality": "091", "indicator": "x", "year": 2020, "value": 1.5}]
    assert obs["year"].dtype == "int64"
    check_observations(obs, "test")  # a clean frame passes
    with pytest.raises(AssertionError, match="duplicate"):
        check_observations(pd.concat([obs, obs]), "test")
    with pytest.raises(AssertionError, match="not in the 2026 division"):
        check_observations(obs.assign(municipality="099"), "test")
    check_range(obs, "x", 1.5, 1.5)  # both ends are inside
    with pytest.raises(AssertionError, match="outside"):
        check_range(obs, "x", 1.6, 2.0)
    assert edition_of("no_such_file.csv", "2019-03") == "2019-03"  # shipped files keep their own edition


def test_a_refreshed_file_takes_its_fetch_date_as_edition(tmp_path, monkeypatch):
    import json

    from foresight.build.common import EDITIONS_FILE, RAW_ENV, edition_of

    # Test data: a refresh replaced one file on 2026-12-01 and left the other as shipped.
    (tmp_path / EDITIONS_FILE).write_text(json.dumps({"fetched.csv": "2026-12-01"}), encoding="utf-8")
    monkeypatch.setenv(RAW_ENV, str(tmp_path))
    assert edition_of("fetched.csv", "2021-09-10") == "2026-12-01"
    assert edition_of("shipped.csv", "2021-09-10") == "2021-09-10"
