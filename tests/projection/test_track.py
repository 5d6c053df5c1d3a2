"""Track record: a projection made as if it were an earlier year, scored against what happened (test data)."""

from __future__ import annotations

import pandas as pd
import pytest

from foresight.projection import track as TR


def test_record_and_summary_by_hand(make_obs) -> None:
    """Three straight lines 2000–2020 (test data): every trend is exact, so from 2015 the trend misses
    2020 by 0 %; the official projection (edition 2016, from 2015) is 10 % high for 001 and 4 % low for
    002, and the average of the two misses by half of that."""
    lines = {
        ("001", "population"): {y: 1000.0 + 10 * (y - 2000) for y in range(2000, 2021)},
        ("002", "population"): {y: 500.0 - 5 * (y - 2000) for y in range(2000, 2021)},
        ("003", "population"): {y: 800.0 + 2 * (y - 2000) for y in range(2000, 2021)},
    }
    obs = make_obs(lines)
    official = pd.DataFrame(
        {
            "edition": ["2016", "2016"],
            "municipality": ["001", "002"],
            "year": [2020, 2020],
            "value": [1200.0 * 1.10, 400.0 * 0.96],
        }
    )
    rec = TR.record(obs, official, origin=2015)
    assert list(rec.columns) == list(TR.TRACK_COLUMNS) and list(rec.index) == list(range(len(rec)))
    assert set(rec["year"]) == {2020} and set(rec["origin"]) == {2015}
    by = rec.set_index(["municipality", "method"])["error_pct"]
    assert ("003", "with_official") not in by.index  # no official projection for 003: no average either
    assert by[("001", "drift_5")] == pytest.approx(0.0, abs=1e-9)
    assert by[("001", "official_2016")] == pytest.approx(10.0)
    assert by[("002", "official_2016")] == pytest.approx(-4.0)
    # The official path from 2015 is only published for 2020: the years between grow geometrically,
    # and 2020 itself is the published value, so the average misses by half the official miss.
    assert by[("001", "with_official")] == pytest.approx(5.0)
    assert by[("001", "auto")] == pytest.approx(5.0)  # the average is the default where it exists
    assert by[("003", "auto")] == pytest.approx(0.0, abs=1e-9)  # no official projection: the trend
    # Straight lines: every past miss was 0, so the bands have no width. The trend is inside them; the
    # average keeps the trend's (zero) band around its own mean, so 5 % and 2 % off fall outside; the
    # official projection has no band.
    inside = rec.set_index(["municipality", "method"])[["inside_80", "inside_95"]]
    assert inside.loc[("001", "drift_5")].tolist() == [1.0, 1.0]
    assert inside.loc[("001", "auto")].tolist() == [0.0, 0.0]
    assert inside.loc[("002", "with_official")].tolist() == [0.0, 0.0]
    assert inside.loc[("001", "official_2016")].isna().all()
    mine = TR.summary(rec, "001", ["002", "003"], "auto")
    # Over all three municipalities, only 003's automatic value (the trend) was inside: 1 of 3. The group
    # where both exist: 001 and 002 → trend (5 + 2) / 2, official (10 + 4) / 2.
    assert mine == pytest.approx(
        {
            "origin": 2015,
            "year": 2020,
            "edition": "2016",
            "trend": 5.0,
            "official": 10.0,
            "group_trend": 3.5,
            "group_official": 7.0,
            "n": 2,
            "inside_80": 100 / 3,
            "inside_95": 100 / 3,
            "n_all": 3,
        }
    )
    # 002's naive value (its 2015 level, 425) missed 2020's 400 by 6.25 %; the official one's has no band.
    assert TR.summary(rec, "002", [], "naive")["trend"] == pytest.approx(6.25)  # type: ignore[index]
    official_only = TR.summary(rec, "001", [], "official_2016")
    assert official_only is not None
    assert official_only["inside_80"] is None and official_only["n_all"] == 0
    assert mine["trend"] == pytest.approx(5.0) and mine["official"] == pytest.approx(10.0)
    # The group where both exist: 001 and 002 → trend (5 + 2) / 2, official (10 + 4) / 2.
    assert mine["n"] == 2
    assert mine["group_trend"] == pytest.approx(3.5) and mine["group_official"] == pytest.approx(7.0)


def test_record_for_a_chosen_year_uses_the_edition_that_published_it(make_obs) -> None:
    """From 2012 for 2016 (test data, straight lines to 2020): the official figure comes from the newest
    edition that starts from 2012 or earlier and publishes 2016 (2011, not 2013: it starts from 2012+1,
    and not 2009: older). Its miss is worked here by hand; the trend on a straight line misses by 0."""
    obs = make_obs({("001", "population"): {y: 1000.0 + 10 * (y - 2000) for y in range(2000, 2021)}})
    official = pd.DataFrame(
        {
            "edition": ["2009", "2011", "2011", "2014"],
            "municipality": ["001"] * 4,
            "year": [2016, 2016, 2030, 2016],
            "value": [1000.0, 1160.0 * 1.05, 2000.0, 1.0],
        }
    )
    rec = TR.record(obs, official, origin=2012, year=2016)
    assert set(rec["year"]) == {2016} and set(rec["origin"]) == {2012}
    by = rec.set_index("method")["error_pct"]
    assert by["official_2011"] == pytest.approx(5.0)
    assert "official_2009" not in by and "official_2014" not in by
    assert by["drift_5"] == pytest.approx(0.0, abs=1e-9)
    # A year after the data, or not after the origin, gives no record.
    assert TR.record(obs, official, origin=2012, year=2021).empty
    assert TR.record(obs, official, origin=2012, year=2012).empty


def test_past_checks_pair_each_old_edition_with_its_first_observed_year() -> None:
    past = pd.DataFrame(
        {
            "edition": ["2012", "2012", "2012", "2015", "2015", "2021"],
            "municipality": ["001"] * 6,
            "year": [2030, 2020, 2040, 2016, 2018, 2030],
            "value": [1.0] * 6,
        }
    )
    # 2015 edition starts from 2014: 2016 is its first year; 2012 from 2011: 2020; 2021 has no observed year.
    checks = TR.past_checks(past, latest=2025)
    assert checks == [(2014, 2016), (2011, 2020)]
    assert all(type(origin) is int and type(year) is int for origin, year in checks)
    assert TR.past_checks(past, latest=2017) == [(2014, 2016)]
    assert TR.past_checks(past, latest=2016) == [(2014, 2016)]  # a year just observed counts
    # A figure for the base year itself is not a projection: the 2015 edition's first is still 2016.
    with_base = pd.concat([past, past.iloc[[3]].assign(year=2014)], ignore_index=True)
    assert TR.past_checks(with_base, latest=2025) == [(2014, 2016), (2011, 2020)]


def test_record_without_an_official_projection(make_obs) -> None:
    """Two straight lines (test data) and no official projection: every method is scored, the summary has
    no edition and no official misses, and the exact trends lie inside their (zero-width) bands."""
    obs = make_obs(
        {
            ("001", "population"): {y: 1000.0 + 10 * (y - 2000) for y in range(2000, 2021)},
            ("002", "population"): {y: 500.0 - 5 * (y - 2000) for y in range(2000, 2021)},
        }
    )
    rec = TR.record(obs, None, origin=2015)
    assert not rec.empty and not rec["method"].str.startswith("official").any()
    mine = TR.summary(rec, "001", ["002"], "drift_5")
    assert mine is not None
    assert mine["edition"] is None and mine["official"] is None and mine["group_official"] is None
    assert mine["trend"] == pytest.approx(0.0, abs=1e-9) and mine["n"] == 2
    assert mine["inside_80"] == 100.0 and mine["inside_95"] == 100.0 and mine["n_all"] == 2


def test_no_record_when_the_origin_year_is_missing_or_the_indicator_absent(make_obs) -> None:
    """The data skip 2014–2015 (test data): a projection "from 2015" would start from 2013, so none is made;
    an indicator the data do not hold gives none either. Both come back empty with the record's columns."""
    line = {y: 100.0 + y - 2000 for y in (*range(2000, 2014), *range(2016, 2021))}
    obs = make_obs({("001", "population"): line})
    for rec in (TR.record(obs, None, origin=2015), TR.record(obs, None, origin=2015, indicator="jobs")):
        assert rec.empty and list(rec.columns) == list(TR.TRACK_COLUMNS)


def test_no_record_when_the_data_end_at_the_origin(make_obs) -> None:
    obs = make_obs({("001", "population"): {y: 100.0 + y - 2000 for y in range(2000, 2016)}})
    assert TR.record(obs, None, origin=2015).empty
    assert list(TR.record(obs, None, origin=2015).columns) == list(TR.TRACK_COLUMNS)
    assert TR.summary(TR.record(obs, None, origin=2015), "001", [], "auto") is None


def test_snapshot_records_from_2018_and_from_2011() -> None:
    """The snapshot's records (real data): from 2018 to the latest year against the 2019 edition, then from
    2011 to 2020 against the 2012 edition, whose Kuopio figure is its three 2013-division parts summed by
    hand from the raw rows (Kuopio 108 503, Juankoski 4 621, Maaninka 3 872)."""
    from foresight.snapshot import load_snapshot

    obs = load_snapshot().observations
    pop = obs[(obs["indicator"] == "population") & (obs["municipality"] == "297")].set_index("year")["value"]
    newest, past = TR.snapshot_records()
    assert set(newest["origin"]) == {2018} and set(newest["year"]) == {int(pop.index.max())}
    assert set(past["origin"]) == {2011} and set(past["year"]) == {2020}
    assert "official_2019" in set(newest["method"]) and "official_2012" in set(past["method"])
    kuopio = past[(past["municipality"] == "297") & (past["method"] == "official_2012")]
    expected = (108_503 + 4_621 + 3_872 - pop[2020]) / pop[2020] * 100
    assert float(kuopio["error_pct"].iloc[0]) == pytest.approx(expected)
    assert past["municipality"].nunique() == 308
    assert TR.snapshot_records() is TR.snapshot_records()  # computed once per snapshot


def test_snapshot_records_follow_a_replaced_snapshot(tmp_path, monkeypatch) -> None:
    """A refresh rewrites the snapshot in place: the records must follow the new file, not the cache. Test
    data: a copy of the snapshot whose population then loses its latest year, so the record from 2018 is
    scored a year earlier."""
    import os
    import shutil

    from foresight.snapshot import SNAPSHOT_DIR

    folder = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT_DIR, folder)
    monkeypatch.setenv("KUNTALUOTAIN_SNAPSHOT", str(folder))
    first = TR.snapshot_records()[0]
    latest = int(first["year"].iloc[0])
    obs = pd.read_parquet(folder / "observations.parquet")
    drop = (obs["indicator"] == "population") & (obs["year"] == latest)
    obs[~drop].to_parquet(folder / "observations.parquet", index=False)
    stamp = (folder / "observations.parquet").stat().st_mtime
    os.utime(folder / "observations.parquet", (stamp + 5, stamp + 5))  # a coarse clock still sees a change
    assert set(TR.snapshot_records()[0]["year"]) == {latest - 1}
