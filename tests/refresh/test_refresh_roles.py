"""Roles of variables in both forms of Statistics Finland's interface, and the refresh status (literal data)."""

from __future__ import annotations

import pandas as pd
import pytest

from foresight import datastatus, pxjson
from foresight.refresh import roles, split
from foresight.refresh.check import compare
from foresight.refresh.config import StatFinTable

V = pxjson.Variable

# Metadata of 11re as PROBE saw it live on 2026-09-24 (codes and counts; values shortened), and before June.
POST_11RE = [
    V("alue_23_20260101", "Alue", ("SSS", "KU020", "KU005")),
    V("ikaryhma_10_20180101", "Ikä", ("SSS", "000", "001", "002")),
    V("sukupuoli_9_20180101", "Sukupuoli", ("SSS", "1", "2")),
    V("timeperiod_y", "Vuosi", ("1972", "2025"), time=True),
    V("contentscode", "Tiedot", ("vaerak-vaesto",), time=False),
]
PRE_11RE = [
    V("Alue", "Alue", ("SSS", "KU020")),
    V("Ikä", "Ikä", ("SSS", "0", "1")),
    V("Sukupuoli", "Sukupuoli", ("SSS", "1", "2")),
    V("Vuosi", "Vuosi", ("1972", "2018"), time=True),
    V("Tiedot", "Tiedot", ("vaesto",)),
]


def test_roles_of_both_forms():
    assert pxjson.assign_roles(POST_11RE) == {
        "time": "timeperiod_y", "contents": "contentscode", "sex": "sukupuoli_9_20180101",
        "age": "ikaryhma_10_20180101", "area": "alue_23_20260101"}  # fmt: skip
    assert pxjson.assign_roles(PRE_11RE) == {
        "time": "Vuosi", "contents": "Tiedot", "sex": "Sukupuoli", "age": "Ikä", "area": "Alue"}  # fmt: skip


def test_next_division_and_an_unnamed_area_are_found():
    renamed = [V("alue_23_20270101", "Alue", ("SSS", "KU020")), *POST_11RE[1:]]
    assert pxjson.assign_roles(renamed)["area"] == "alue_23_20270101"
    # No name hint at all: the area is the variable whose values are area codes (age codes look alike but
    # the age variable is recognised by its name first).
    bare = [V("x1", "x1", ("SSS", "KU020", "KU005", "MK01")), *POST_11RE[1:]]
    assert pxjson.assign_roles(bare)["area"] == "x1"


def test_archive_election_table_and_named_roles():
    found = pxjson.assign_roles(
        [V("Vaalipiiri ja kunta", "Vaalipiiri ja kunta", ("010091", "021543")), V("Puolue"),
         V("Ehdokkaan sukupuoli", "Ehdokkaan sukupuoli", ("SSS", "1", "2")), V("Vuosi"), V("Tiedot")]
    )  # fmt: skip
    assert found == {"time": "Vuosi", "contents": "Tiedot", "sex": "Ehdokkaan sukupuoli", "party": "Puolue",
                     "area": "Vaalipiiri ja kunta"}  # fmt: skip
    kta = [V("ContentsCode", "EliminatedContents", contents=True), V("Alue", "Region"),
           V("Tunnusluku", "Key figure"), V("Vuosi", "Year", time=True)]  # fmt: skip
    assert pxjson.assign_roles(kta, {"key_figure": ["Tunnusluku"]})["key_figure"] == "Tunnusluku"


def test_two_time_variables_are_refused():
    with pytest.raises(pxjson.PxJsonError, match="more than one variable could be the time"):
        pxjson.assign_roles([V("a", time=True), V("b", time=True)])


@pytest.mark.parametrize(
    ("available", "wanted", "found"),
    [(["muutl-vm43_netto", "muutl-vaesto"], "vm43_netto", "muutl-vm43_netto"),  # gained a prefix
     (["vm43_netto"], "muutl-vm43_netto", "vm43_netto"),  # lost it
     (["TYOTOSUUS"], "TYOTOSUUS", "TYOTOSUUS")],
)  # fmt: skip
def test_content_codes_with_or_without_prefix(available, wanted, found):
    assert pxjson.content_codes(available, [wanted]) == {wanted: found}


def test_missing_content_codes_are_all_named():
    with pytest.raises(pxjson.PxJsonError, match=r"content code\(s\) vm43_tulo, vaesto not found"):
        pxjson.content_codes(["muutl-vm43_netto"], ["vm43_tulo", "vm43_netto", "vaesto"])


def table(query) -> StatFinTable:
    return StatFinTable(
        "t", "StatFin/vaerak/11re.px", "x.csv", "population_by_age", ("area", "time"), tuple(query)
    )


def test_query_resolved_against_post_june_metadata():
    metadata = {
        v.code: split.Variable(v.code, v.values, elimination=v.code.startswith(("ika", "suku")), time=bool(v.time),
                               text=v.text)
        for v in POST_11RE
    }  # fmt: skip
    spec = table([
        {"role": "area", "selection": {"filter": "all", "values": ["*"]}},
        {"role": "time", "selection": {"filter": "top", "values": ["1"]}},
        {"role": "contents", "selection": {"filter": "item", "values": ["vaesto"]}},
    ])  # fmt: skip
    resolved = roles.resolve_query(spec, metadata, "StatFin t")
    assert [q["code"] for q in resolved.query] == ["alue_23_20260101", "timeperiod_y", "contentscode"]
    assert resolved.query[2]["selection"]["values"] == ["vaerak-vaesto"]
    assert resolved.contents == {"vaesto": "vaerak-vaesto"}
    assert roles.newest(metadata, resolved.roles) == "2025"
    with pytest.raises(split.QueryError, match=r"StatFin t: no variable of the table plays the role 'party'"):
        roles.resolve_query(table([{"role": "party", "selection": {"filter": "all", "values": ["*"]}}]), metadata,
                            "StatFin t")  # fmt: skip


def test_check_compares_with_the_last_refresh_or_the_snapshot():
    before = {"path": "p", "variables": {"area": "alue_23_20260101", "time": "timeperiod_y"},
              "contents": {"vm43_netto": "muutl-vm43_netto"}, "newest": "2025"}  # fmt: skip
    now = {"path": "p", "variables": {"area": "alue_23_20270101", "time": "timeperiod_y"},
           "contents": {"vm43_netto": "vm43_netto"}, "newest": "2026"}  # fmt: skip
    assert compare(now, before, None) == [
        "renamed variable: area alue_23_20260101 → alue_23_20270101",
        "content code vm43_netto: muutl-vm43_netto → vm43_netto",
        "new newest period: 2026 (the last refresh saw 2025)",
    ]
    assert compare(now, None, 2017) == ["new newest year: 2026 (the snapshot holds up to 2017)"]
    assert compare(now, None, 2026) == []
    assert compare({**now, "fixed_periods": True}, None, 2017) == []  # the entry asks fixed years


PROVENANCE = pd.DataFrame(
    {
        "indicator": ["a", "b", "c", "d"],
        "source_file": ["f1.csv", "f1.csv", "f2.csv", "f3.csv"],
        "edition": ["2022", "2022", "2013", "2025"],
        "first_year": [2000, 2000, 1990, 2025],
        "last_year": [2020, 2021, 2012, 2025],
        "n_values": [1, 1, 1, 1],
    }
)


def test_status_table_per_source(tmp_path):
    path = tmp_path / "status.json"
    datastatus.write_status(path, ok=True, message="ok", outcomes={"f1.csv": "updated", "f2.csv": "unchanged"},
                            when="2026-12-01T05:00:00Z")  # fmt: skip
    # A later failure at f2: its refresh date stays that of the last refresh that was applied.
    doc = datastatus.write_status(path, ok=False, message="download (f2.csv): HTTP 404", stage="download",
                                  outcomes={"f1.csv": "not_applied", "f2.csv": "failed"},
                                  when="2026-12-02T05:00:00Z")  # fmt: skip
    assert doc["sources"]["f2.csv"] == {"outcome": "failed", "at": "2026-12-02T05:00:00Z",
                                        "refreshed": "2026-12-01T05:00:00Z"}  # fmt: skip
    table = datastatus.status_table(PROVENANCE, datastatus.read_status(path), "en", {"f1.csv", "f2.csv"})
    assert table.to_dict("records") == [
        {"Source file": "f1.csv", "Indicators": 2, "Newest year": 2021, "Last refresh": "2026-12-01",
         "Last refresh outcome": "not applied: the refresh of 2026-12-02 stopped elsewhere"},
        {"Source file": "f2.csv", "Indicators": 1, "Newest year": 2012, "Last refresh": "2026-12-01",
         "Last refresh outcome": "failed (2026-12-02); the previous data are still used"},
        {"Source file": "f3.csv", "Indicators": 1, "Newest year": 2025, "Last refresh": "shipped with the app",
         "Last refresh outcome": "no interface: updated by hand"},
    ]  # fmt: skip
    assert datastatus.last_run_note(datastatus.read_status(path), "en").startswith(
        "Last refresh 2026-12-02: failed"
    )
    fi = datastatus.status_table(PROVENANCE, {}, "fi", {"f1.csv"})
    assert list(fi["Viimeisin päivitys"]) == ["sovelluksen mukana toimitettu"] * 3
    assert list(fi["Viimeisimmän päivityksen tulos"])[:2] == [
        "ei vielä päivitetty",
        "ei rajapintaa: päivitetään käsin",
    ]


def test_status_file_beside_the_snapshot_or_where_the_environment_says(tmp_path, monkeypatch):
    monkeypatch.delenv(datastatus.STATUS_ENV, raising=False)
    assert datastatus.status_path(tmp_path / "snapshot") == tmp_path / "refresh-status.json"
    monkeypatch.setenv(datastatus.STATUS_ENV, str(tmp_path / "x.json"))
    assert datastatus.status_path(tmp_path / "snapshot") == tmp_path / "x.json"
    assert datastatus.read_status(tmp_path / "missing.json") == {}
