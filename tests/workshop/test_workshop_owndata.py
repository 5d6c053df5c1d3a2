"""Own data attached to a workshop: stored once, read by the room, refused when bad, exported apart (test data)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from foresight.owndata import load
from foresight.owndata.store import collect
from foresight.workshop import export, owndata, plan, security, service

from .conftest import STEPS

# A made-up resident survey of three real municipalities: test data, not statistics.
REGISTER = pd.DataFrame(
    {
        "code": ["049", "091", "297"],
        "name_fi": ["Espoo", "Helsinki", "Kuopio"],
        "name_sv": ["Esbo", "Helsingfors", "Kuopio"],
    }
)
SURVEY = (
    "Kunta;Vuosi;Mittari;Yksikkö;Arvo\n"
    "Kuopio;2022;Asukastyytyväisyys;%;61,5\nKuopio;2023;Asukastyytyväisyys;%;63\n"
    "Espoo;2023;Asukastyytyväisyys;%;70\nHelsinki;2023;Asukastyytyväisyys;%;58\n"
)


def document(text: str = SURVEY, name: str = "kysely <b>2023</b>.csv") -> str:
    own = load(text.encode(), name, REGISTER)
    assert own.ok, own.messages
    return own.to_json()


@pytest.fixture
def room(engine):
    created = service.create_workshop(engine, "Oma aineisto", "297", "", STEPS)
    return engine, created.workshop.id, created.facilitator_key


def test_attach_once_read_by_everyone_and_detach(room):
    engine, wid, key = room
    first = owndata.attach(engine, wid, key, document())
    assert owndata.attach(engine, wid, key, document()) == first  # the same content: one file
    files = owndata.files(engine, wid)
    assert [(f.filename, f.rows, f.indicators) for f in files] == [
        ("kysely <b>2023</b>.csv", 4, (("own:asukastyytyvaisyys", "Asukastyytyväisyys", "%"),))
    ]
    room_view = collect(owndata.store(engine, wid))  # no key: the wall and the phones read it
    kuopio = room_view.frame("own:asukastyytyvaisyys").query("municipality == '297'")
    assert list(kuopio.sort_values("year")["value"]) == [61.5, 63.0]
    assert set(room_view.observations["source"]) == {"own data"}
    assert files[0].digest == owndata.digest_of(document())
    owndata.detach(engine, wid, key, first)
    assert owndata.store(engine, wid) == {}
    with pytest.raises(service.NotFound):
        owndata.detach(engine, wid, key, first)


def test_only_the_facilitator_attaches(room):
    engine, wid, _key = room
    for wrong in ("", "arvaus"):
        with pytest.raises(service.Forbidden):
            owndata.attach(engine, wid, wrong, document())
    assert owndata.files(engine, wid) == []


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "not json",
        json.dumps({"format": "kuntaluotain-owndata", "version": 1, "indicators": [], "observations": []}),
        document().replace('"297"', '"29X"'),  # a municipality code of the wrong shape
        document().replace("Asukastyytyväisyys", '=HYPERLINK(\\"x\\")'),
    ],
)
def test_bad_documents_refused_and_nothing_stored(room, bad):
    engine, wid, key = room
    with pytest.raises(service.Invalid) as err:
        owndata.attach(engine, wid, key, bad)
    assert err.value.reason == "bad_owndata"
    assert owndata.files(engine, wid) == []


def test_size_and_count_limits(room, monkeypatch):
    engine, wid, key = room
    monkeypatch.setitem(security.LIMITS, "owndata_json", 100)
    with pytest.raises(service.Invalid) as err:
        owndata.attach(engine, wid, key, document())
    assert err.value.reason == "owndata_too_large"
    monkeypatch.setitem(security.LIMITS, "owndata_json", 5_000_000)
    monkeypatch.setitem(security.LIMITS, "owndata_files", 2)
    for year in (2019, 2020):
        owndata.attach(engine, wid, key, document(SURVEY.replace("2022", str(year))))
    with pytest.raises(service.Invalid) as err:
        owndata.attach(engine, wid, key, document(SURVEY.replace("2022", "2021")))
    assert err.value.reason == "owndata_too_many" and len(owndata.files(engine, wid)) == 2


def test_a_damaged_stored_document_is_left_out(room):
    from sqlalchemy import update

    from foresight.workshop.db import write
    from foresight.workshop.models import owndata_files

    engine, wid, key = room
    att = owndata.attach(engine, wid, key, document())
    with write(engine) as conn:  # someone edited the database by hand
        conn.execute(update(owndata_files).where(owndata_files.c.id == att).values(document="{broken"))
    assert owndata.store(engine, wid) == {} and owndata.files(engine, wid) == []


def test_own_data_step_goes_after_the_current_one_and_is_found_again(room):
    engine, wid, key = room
    ws = service.get(engine, wid)
    steps, at = plan.with_owndata_step(ws.steps, 1, "own:asukastyytyvaisyys", "Asukastyytyväisyys")
    assert at == 2 and steps[2] == {
        "id": "owndata_1",
        "kind": "owndata",
        "title": "Asukastyytyväisyys",
        "indicator": "own:asukastyytyvaisyys",
    }
    ws = service.set_steps(engine, wid, key, steps)
    again, at_again = plan.with_owndata_step(ws.steps, 0, "own:asukastyytyvaisyys", "x")
    assert at_again == 2 and len(again) == len(STEPS) + 1
    with pytest.raises(service.Invalid):  # an own-data step must name an own indicator
        service.set_steps(
            engine, wid, key, [*STEPS, {"id": "o", "kind": "owndata", "indicator": "population"}]
        )
    assert plan.build_steps(["overview", "owndata"]) == [{"id": "overview", "kind": "overview", "title": ""}]


def test_exports_keep_own_data_apart_and_escaped(room):
    engine, wid, key = room
    owndata.attach(engine, wid, key, document())
    table = export.tables(engine, wid, key)["owndata"]
    assert len(table) == 4 and set(table["source"]) == {"own data"}
    assert list(table.columns) == [
        "filename",
        "indicator",
        "name",
        "unit",
        "municipality",
        "year",
        "value",
        "source",
    ]
    html = export.summary_html(engine, wid, key, "fi")
    assert "kysely &lt;b&gt;2023&lt;/b&gt;.csv" in html and "<b>2023</b>" not in html
    assert "ei virallinen tilasto" in html
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(export.excel(engine, wid, key, "fi")), read_only=True)
    assert book.sheetnames[-1] == "sources" and "owndata" in book.sheetnames
    rows = [list(r) for r in book["sources"].iter_rows(values_only=True)]
    assert rows[0] == ["välilehti", "lähde", "lisenssi"]
    assert ["owndata", "Oma aineisto (kysely <b>2023</b>.csv): Asukastyytyväisyys",
            "Kunnan oma aineisto, ei virallinen tilasto"] in rows  # fmt: skip
    assert rows[1][1] == "Työpajan osallistujien vastaukset: Oma aineisto, " + service.get(
        engine, wid
    ).created.strftime("%-d.%-m.%Y")


def test_session_files_waiting_are_those_not_attached(room):
    engine, wid, key = room
    other = SURVEY.replace("61,5", "60")  # another file: another digest
    owndata.attach(engine, wid, key, document())
    session = {"file002": document(other), "file001": document(), "file003": "{broken"}
    waiting = owndata.waiting(session, owndata.files(engine, wid))
    # The attached one is left out; the refused one stays (attaching it says why); ordered by key.
    assert list(waiting) == ["file002", "file003"]
    assert waiting["file002"] == session["file002"]
    assert list(owndata.waiting(session, [])) == ["file001", "file002", "file003"]
