"""The session store of own data: add, replace by id, remove, combine, download and sources tables (test data)."""

import pandas as pd

from foresight.owndata import Message, load
from foresight.owndata.store import (
    add,
    collect,
    download_table,
    refused,
    remove,
    source_text,
    sources_table,
    unit_id,
    value_text,
)

SURVEY = "Kunta;Vuosi;Mittari;Yksikkö;Arvo\nHelsinki;2021;Tyytyväisyys;%;61,5\nEspoo;2021;Tyytyväisyys;%;70\n"
VISITS = "Kunta;Vuosi;Mittari;Yksikkö;Arvo\nVaasa;2022;Käynnit;kpl;1 200\nHelsinki;2022;Käynnit;kpl;9 000\n"
SURVEY_AGAIN = (
    "Kunta;Vuosi;Mittari;Yksikkö;Arvo\nAlavus;2023;Tyytyväisyys;%;55\nHelsinki;2023;Tyytyväisyys;%;66\n"
)


def test_add_keeps_one_document_per_file_and_lists_every_indicator(register):
    store: dict[str, str] = {}
    assert add(store, load(SURVEY.encode(), "kysely.csv", register)) == (True, [])
    assert add(store, load(VISITS.encode(), "kirjasto.xlsx.csv", register)) == (True, [])
    assert sorted(store) == ["file001", "file002"]
    own = collect(store)
    assert own.messages == []
    assert list(own.indicators["id"]) == ["own:tyytyvaisyys", "own:kaynnit"]
    assert list(own.indicators["filename"]) == ["kysely.csv", "kirjasto.xlsx.csv"]
    visits = own.frame("own:kaynnit").sort_values("municipality")
    assert list(visits["municipality"]) == ["091", "905"]
    assert list(visits["value"]) == [9000.0, 1200.0]
    assert set(own.observations["source"]) == {"own data"}
    assert own.indicator("own:tyytyvaisyys")["unit"] == "%"


def test_a_refused_result_leaves_the_store_untouched(register):
    store: dict[str, str] = {}
    add(store, load(SURVEY.encode(), "kysely.csv", register))
    before = dict(store)
    bad = load(b"\x00\x01binary\x00", "rikki.csv", register)
    assert not bad.ok
    assert add(store, bad) == (False, [])
    assert store == before
    assert add(store, refused(Message("owndata.error.empty"))) == (False, [])
    assert store == before


def test_same_indicator_again_replaces_the_earlier_one(register):
    store: dict[str, str] = {}
    add(store, load(SURVEY.encode(), "kysely.csv", register))
    add(store, load(VISITS.encode(), "kirjasto.csv", register))
    ok, replaced = add(store, load(SURVEY_AGAIN.encode(), "kysely2023.csv", register))
    assert (ok, replaced) == (True, ["Tyytyväisyys"])
    assert sorted(store) == ["file002", "file003"]  # the first file held only the replaced indicator
    own = collect(store)
    survey = own.frame("own:tyytyvaisyys")
    assert sorted(survey["year"]) == [2023, 2023]
    assert own.indicator("own:tyytyvaisyys")["filename"] == "kysely2023.csv"


def test_remove_one_indicator_then_the_last(register):
    both = "Kunta;Vuosi;Mittari;Yksikkö;Arvo\nHelsinki;2021;A;%;1\nHelsinki;2021;B;%;2\n"
    store: dict[str, str] = {}
    add(store, load(both.encode(), "ab.csv", register))
    assert remove(store, "own:a")
    assert list(collect(store).indicators["id"]) == ["own:b"]
    assert not remove(store, "own:a")
    assert remove(store, "own:b")
    assert store == {} and collect(store).empty


def test_damaged_document_is_skipped_with_a_message(register):
    store = {"file001": '{"format": "something else"}'}
    add(store, load(SURVEY.encode(), "kysely.csv", register))
    own = collect(store)
    assert [m.key for m in own.messages] == ["owndata.error.stored_invalid"]
    assert list(own.indicators["id"]) == ["own:tyytyvaisyys"]


def test_download_and_sources_tables_name_own_data_and_the_file(register):
    store: dict[str, str] = {}
    add(store, load(SURVEY.encode(), "kysely.csv", register))
    own = collect(store)
    table = download_table(own, register, "fi", ["own:tyytyvaisyys"], ["091"])
    assert table.to_dict("records") == [
        {
            "kuntanumero": "091",
            "kunta": "Helsinki",
            "indikaattori": "Tyytyväisyys",
            "vuosi": 2021,
            "arvo": 61.5,
            "yksikkö": "%",
            "lähde": "Oma aineisto (kysely.csv)",
        }
    ]
    sources = sources_table(own, "en", ["own:tyytyvaisyys"])
    assert sources.iloc[0].tolist() == [
        "Tyytyväisyys",
        "Own data",
        "kysely.csv",
        "The municipality's own data, not official statistics",
    ]
    assert source_text("", "sv") == "Egna data"


def test_units_and_values_as_written():
    assert unit_id("%") == "percent" and unit_id(" Prosenttia ") == "percent" and unit_id("kpl") == ""
    assert value_text(1234.5, 1, "käyntiä", "fi") == "1\u00a0234,5\u00a0käyntiä"
    assert value_text(float("nan"), 1, "%", "fi") == "–"
    assert isinstance(refused(Message("owndata.error.empty")).observations, pd.DataFrame)


def test_markdown_escaping_keeps_the_text_and_drops_the_meaning():
    from foresight.owndata.text import escape_markdown

    assert escape_markdown("![x](http://e.invalid/a.png)") == r"\!\[x\]\(http\://e\.invalid/a\.png\)"
    assert escape_markdown(":red[hälytys] $x$ **b**") == r"\:red\[hälytys\] \$x\$ \*\*b\*\*"
    assert escape_markdown("Asukastyytyväisyys 2023") == "Asukastyytyväisyys 2023"
