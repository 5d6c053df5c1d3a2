"""The own-data page under AppTest: upload, map, check, accept, compare, project, refuse bad files (test data)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import layout, run_app, widget
from tests.app.conftest import texts as raw_texts

FIXTURE = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "owndata_fi.csv"
SURVEY = "own:asukastyytyvaisyys_testiaineisto"


def texts(at: Any) -> str:
    """The page's texts as a reader sees them (user text is markdown-escaped on the page)."""
    return re.sub(r"\\(.)", r"\1", raw_texts(at))


def upload(at: Any, name: str, data: bytes) -> Any:
    at.file_uploader(key="owndata_file").set_value((name, data, "text/csv")).run()
    return at


def button(at: Any, key: str) -> Any:
    return next(b for b in at.button if b.key == key)


def submit(at: Any) -> Any:
    """Press the mapping form's check button."""
    return next(b for b in at.button if b.key is None or "FormSubmitter" in str(b.key)).click().run()


def accepted(at: Any, name: str = "omat.csv", data: bytes | None = None) -> Any:
    upload(at, name, data if data is not None else FIXTURE.read_bytes())
    submit(at)
    button(at, "owndata_accept").click().run()
    return at


def traces(at: Any, key: str) -> list[str]:
    chart = next(c for c in at.get("plotly_chart") if key in c.proto.id)
    return [str(tr.get("name", "")) for tr in json.loads(chart.proto.spec)["data"]]


@pytest.mark.parametrize(
    ("lang", "title", "empty"),
    [
        ("fi", "Oma aineisto", "Omaa aineistoa ei ole vielä hyväksytty"),
        ("sv", "Egna data", "Inga egna data har godkänts"),
        ("en", "Own data", "No own data have been accepted"),
    ],
)
def test_page_renders_in_every_language(lang: str, title: str, empty: str) -> None:
    at = run_app("pages/owndata.py", municipality="297", lang=lang)
    assert not at.exception
    assert at.title[0].value == title
    assert empty in texts(at)
    uploader = at.file_uploader(key="owndata_file")
    assert sorted(uploader.allowed_type) == [".csv", ".txt", ".xlsx"]
    assert at.session_state["owndata_store"] == {}


def test_finnish_csv_upload_map_check_accept_and_compare() -> None:
    at = run_app("pages/owndata.py", municipality="297", lang="fi")
    upload(at, "omat.csv", FIXTURE.read_bytes())
    assert not at.exception
    page = texts(at)
    assert "96 riviä, 5 saraketta · merkistö UTF-8 (BOM) · erotin ”;”" in page
    # The guess fills the mapping from the Finnish headers.
    guessed = {s.label: s.value for s in at.selectbox if s.key and s.key.startswith("owndata_m_")}
    assert guessed == {
        "Kunta (koodi tai nimi)": "Kunta",
        "Vuosi": "Vuosi",
        "Arvo": "Arvo",
        "Indikaattorin nimi": "Mittari",
        "Yksikkö": "Yksikkö",
    }
    preview = at.dataframe[0].value
    assert list(preview.columns) == ["Kunta", "Vuosi", "Mittari", "Yksikkö", "Arvo"] and len(preview) == 20
    submit(at)
    assert "Tiedot kelpaavat: havaintoja 96, indikaattoreita 2, kuntia 8." in [s.value for s in at.success]
    assert "Virheitä: **0** · varoituksia: **0**" in texts(at)
    assert at.session_state["owndata_store"] == {}  # checked, not yet stored
    button(at, "owndata_accept").click().run()
    assert not at.exception
    assert list(at.session_state["owndata_store"]) == ["file001"]
    assert "Oma aineisto on käytössä tämän istunnon ajan." in [s.value for s in at.success]
    listing = next(d.value for d in at.dataframe if "Kuntia" in d.value.columns)
    assert list(listing["Kuntia"]) == [8, 8]
    assert set(listing["Lähde"]) == {"Oma aineisto (omat.csv)"}
    # The band chart: Kuopio against the network peers that have the indicator, labelled own data.
    names = traces(at, "owndata_band")
    assert "Kuopio (Oma aineisto)" in names
    assert "Vertailukuntien mediaani (Oma aineisto)" in names
    assert all(n.endswith("(Oma aineisto)") for n in names if n)
    ranking = next(d.value for d in at.dataframe if "Sija" in d.value.columns)
    assert list(ranking.columns) == ["Sija", "Kuntanumero", "Kunta", "Arvo (%) – oma aineisto", "Lähde"]
    # 2023 values of the test file: Vantaa 78,4 first; Kuopio (64,5) among the 8.
    assert ranking.iloc[0].tolist()[1:4] == ["092", "Vantaa", "78,4"]
    assert "64,5" in list(ranking["Arvo (%) – oma aineisto"])
    assert len(ranking) == 8
    assert len(at.get("download_button")) == 3
    badges = [m.value for m in at.markdown if "badge[" in m.value]
    assert len(badges) == 2 and all("Kunnan oma aineisto – ei virallinen tilasto" in b for b in badges)


def test_the_accepted_message_goes_without_moving_the_page() -> None:
    at = accepted(run_app("pages/owndata.py", municipality="297", lang="fi"))
    stored = "Oma aineisto on käytössä tämän istunnon ajan."
    assert stored in [str(s.value) for s in at.success]
    shown = layout(at)
    at.run()  # the next run: said once
    assert stored not in [str(s.value) for s in at.success]
    assert layout(at) == shown


def test_projection_of_own_series_to_2030() -> None:
    at = run_app("pages/owndata.py", municipality="297", lang="en")
    accepted(at)
    widget(at, "toggle", "owndata_project").set_value(True).run()
    assert not at.exception
    names = traces(at, "owndata_projection")
    assert "Observed (Own data)" in names and "Trend (Own data)" in names
    assert "80 % band (Own data)" in names
    page = texts(at)
    assert "On the trend in 2030:" in page and "not an official projection" in page


def test_swedish_per_row_messages_counted_and_nothing_stored() -> None:
    bad = (
        "Kommun;År;Värde;Indikator;Enhet\n"
        "Helsingfors;2021;12,5;Nöjdhet;%\n"
        "Atlantis;2021;3;Nöjdhet;%\n"
        "Vasa;31.12.2021;4;Nöjdhet;%\n"
        "Esbo;2021;abc;Nöjdhet;%\n"
        "Alavo;2021;;Nöjdhet;%\n"
        "Esbo;2022;=1+2;Nöjdhet;%\n"
    ).encode()
    at = run_app("pages/owndata.py", municipality="091", lang="sv")
    upload(at, "fel.csv", bad)
    submit(at)
    assert not at.exception
    assert "Uppgifterna sparades inte: rätta 4 fel och ladda upp filen på nytt." in [
        e.value for e in at.error
    ]
    assert "Fel: **4** · varningar: **1**" in texts(at)
    messages = next(d.value for d in at.dataframe if "Meddelande" in d.value.columns)
    rows = dict(zip(messages["Rad"], messages["Meddelande"], strict=True))
    assert rows["3"] == "Kommunen ”Atlantis” finns inte i 2026 års kommunindelning."
    assert "2021" in rows["4"]  # a date instead of a year, the year suggested
    assert "abc" in rows["5"]
    assert list(messages["Typ"]).count("Fel") == 4 and list(messages["Typ"]).count("Varning") == 1
    assert not [b for b in at.button if b.key == "owndata_accept"]
    assert at.session_state["owndata_store"] == {}


def zip_bomb(megabytes: int = 3) -> bytes:
    """An .xlsx-named zip whose worksheet inflates about 1000-fold (made here, never stored)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(megabytes * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("pommi.xlsx", zip_bomb(), "would unpack to too much data"),
        ("tyhja.csv", b"", "The file is empty."),
        ("binary.csv", b"\x00\x01\x02\x03garbage\x00" * 10, "neither text nor an Excel file"),
        ("pommi.xlsx", b"PK\x03\x04" + b"\x00" * 64, "Excel file could not be read"),
        ("mojibake.csv", "Kunta;Vuosi;Arvo\nJÃ¤rvenpÃ¤Ã¤;2021;1\n".encode(), "garbled"),
        ("kuva.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "PNG is not supported"),
    ],
)
def test_malformed_upload_is_refused_and_accepted_data_stay(name: str, data: bytes, expected: str) -> None:
    at = run_app("pages/owndata.py", municipality="297", lang="en")
    accepted(at)
    before = dict(at.session_state["owndata_store"])
    upload(at, name, data)
    assert not at.exception
    assert any(expected in e.value for e in at.error), [e.value for e in at.error]
    assert "Previously accepted own data are kept unchanged." in texts(at)
    assert at.session_state["owndata_store"] == before
    assert "Kuopio (Own data)" in traces(at, "owndata_band")


def test_formula_and_html_in_names_are_refused_per_row() -> None:
    data = (
        b"Kunta;Vuosi;Mittari;Arvo\n"
        b'Helsinki;2021;=HYPERLINK("http://x");1\n'
        b"Espoo;2021;<script>alert(1)</script>;2\n"
    )
    at = run_app("pages/owndata.py", municipality="091", lang="en")
    upload(at, "evil.csv", data)
    submit(at)
    messages = next(d.value for d in at.dataframe if "Message" in d.value.columns)
    assert list(messages["Row"]) == ["2", "3"]
    assert "formula" in messages["Message"][0] and "HTML or script" in messages["Message"][1]
    assert at.session_state["owndata_store"] == {}


def test_wide_file_with_codes_and_a_typed_indicator_name() -> None:
    data = b"Koodi;2019;2020;2021;2022;2023\n297;10;11;12;13;14\n179;9;9,5;10;11;12\n398;8;8;9;9;10\n"
    at = run_app("pages/owndata.py", municipality="297", lang="en")
    upload(at, "wide.csv", data)
    layout = next(r for r in at.radio if r.key and r.key.startswith("owndata_layout_"))
    assert layout.value == "wide"
    name = next(t for t in at.text_input if t.key and t.key.startswith("owndata_t_name_"))
    name.input("Cycle lanes (test data)")
    submit(at)
    assert "The data are valid: observations 15, indicators 1, municipalities 3." in [
        s.value for s in at.success
    ]
    button(at, "owndata_accept").click().run()
    assert at.session_state["owndata_indicator"] == "own:cycle_lanes_test_data"
    assert widget(at, "selectbox", "owndata_indicator").value == "own:cycle_lanes_test_data"
    # Only two network peers have it: no band, said in words, the municipality's own line still drawn.
    assert "Peers in the own data: only 2;" in texts(at)
    assert traces(at, "owndata_band") == ["Kuopio (Own data)"]


def test_remove_an_own_indicator() -> None:
    at = run_app("pages/owndata.py", municipality="297", lang="fi")
    accepted(at)
    at.selectbox(key="owndata_remove_pick").set_value(SURVEY).run()
    button(at, "owndata_remove").click().run()
    assert not at.exception
    assert "Oma indikaattori ”Asukastyytyväisyys (testiaineisto)” poistettiin istunnosta." in texts(at)
    listing = next(d.value for d in at.dataframe if "Kuntia" in d.value.columns)
    assert list(listing["Indikaattori"]) == ["Kirjastokäynnit (testiaineisto)"]


def test_excel_workbook_with_two_sheets() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Ohje"
    book.active.append(["Testiaineisto: luvut ovat keksittyjä."])
    sheet = book.create_sheet("Tiedot")
    sheet.append(["Kunta", "Vuosi", "Arvo"])
    for code, value in (("297", 1.5), ("179", 2.25), ("398", 3.0)):
        sheet.append([code, 2022, value])
    buffer = io.BytesIO()
    book.save(buffer)
    at = run_app("pages/owndata.py", municipality="297", lang="en")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at.file_uploader(key="owndata_file").set_value(("kysely.xlsx", buffer.getvalue(), xlsx)).run()
    # The first sheet holds one note cell only: the reader opens the first sheet with a table.
    assert not at.error
    assert "3 rows, 3 columns · Excel sheet “Tiedot”" in texts(at)
    sheet_pick = at.selectbox(key=next(k for k in at.session_state if str(k).startswith("owndata_sheet_")))
    assert sheet_pick.options == ["Ohje", "Tiedot"] and sheet_pick.value == "Tiedot"
    sheet_pick.set_value("Ohje").run()
    assert [e.value for e in at.error] == ["The file has only a header row, no data."]
    sheet_pick = at.selectbox(key=sheet_pick.key)
    sheet_pick.set_value("Tiedot").run()
    assert not at.error
    name = next(t for t in at.text_input if t.key and t.key.startswith("owndata_t_name_"))
    name.input("Survey (test data)")
    submit(at)
    assert "The data are valid: observations 3, indicators 1, municipalities 3." in [
        s.value for s in at.success
    ]


def test_municipality_without_own_values_sees_its_peers() -> None:
    at = run_app("pages/owndata.py", municipality="091", lang="fi", peers="network")
    accepted(at)
    assert "Omassa aineistossa ei ole tietoja kunnalle Helsinki" in texts(at)
    ranking = next(d.value for d in at.dataframe if "Sija" in d.value.columns)
    assert len(ranking) == 8 and "091" not in set(ranking["Kuntanumero"])
    assert "Vertailukuntien mediaani (Oma aineisto)" in traces(at, "owndata_band")


def test_switch_to_the_second_own_indicator() -> None:
    at = run_app("pages/owndata.py", municipality="297", lang="fi")
    accepted(at)
    widget(at, "selectbox", "owndata_indicator").set_value("own:kirjastokaynnit_testiaineisto").run()
    assert not at.exception
    ranking = next(d.value for d in at.dataframe if "Sija" in d.value.columns)
    column = "Arvo (käyntiä) – oma aineisto"
    # 2023 in the test file: Vantaa (8th row of the file's municipalities) first, spaces as thousands.
    assert ranking.iloc[0][column] == "850\u00a0058" and ranking.iloc[0]["Kunta"] == "Vantaa"
    assert "Lähde: Oma aineisto (omat.csv). Vuodet 2019–2023 · kuntia 8. Ei virallinen tilasto." in texts(at)


def test_markdown_in_names_and_file_name_is_shown_as_text() -> None:
    data = b"Kunta;Vuosi;Mittari;Arvo\nKuopio;2022;[klikkaa](http://e.invalid) :red[x];1\n"
    at = run_app("pages/owndata.py", municipality="297", lang="fi")
    accepted(at, "![kuva](http://e.invalid/x.png).csv", data)
    assert not at.exception
    raw = [h.value for h in at.header]
    assert r"\[klikkaa\]\(http\://e\.invalid\) \:red\[x\]" in raw
    assert not any("](" in h or ":red[" in h for h in raw)
    captions = [c.value for c in at.caption if c.value.startswith("Lähde:")]
    assert captions == [
        r"Lähde: Oma aineisto \(\!\[kuva\]\(http\://e\.invalid/x\.png\)\.csv\). Vuodet 2022 · kuntia 1. "
        "Ei virallinen tilasto."
    ]


def test_own_data_stay_across_pages_and_languages() -> None:
    at = run_app("pages/owndata.py", municipality="297", lang="fi")
    accepted(at)
    stored = dict(at.session_state["owndata_store"])
    at.switch_page("pages/sources.py").run()
    assert not at.exception and at.title[0].value == "Aineistot ja lähteet"
    widget(at, "radio", "lang").set_value("sv").run()
    at.switch_page("pages/owndata.py").run()
    assert not at.exception
    assert at.session_state["owndata_store"] == stored
    assert "Kuopio (Egna data)" in traces(at, "owndata_band")
    listing = next(d.value for d in at.dataframe if "Kommuner" in d.value.columns)
    assert set(listing["Källa"]) == {"Egna data (omat.csv)"}


@pytest.mark.parametrize(
    ("lang", "button", "limit"),
    [
        ("fi", "Valitse tiedosto", "Enintään 20\u00a0Mt · CSV, TXT, XLSX"),
        ("sv", "Välj fil", "Högst 20\u00a0MB · CSV, TXT, XLSX"),
        ("en", "Choose file", "At most 20\u00a0MB · CSV, TXT, XLSX"),
    ],
)
def test_uploader_reads_in_the_page_language(lang: str, button: str, limit: str) -> None:
    at = run_app("pages/owndata.py", municipality="297", lang=lang)
    bodies = [str(e.proto.body) for e in at.get("html")]
    ours = [b for b in bodies if 'id="kl-upload-owndata_file"' in b]
    assert len(ours) == 1
    assert f'content:"{button}"' in ours[0] and f'content:"{limit}"' in ours[0]
    assert f'"button": "{button}"' in ours[0]  # the hidden input's accessible name


@pytest.mark.parametrize(
    ("lang", "refused", "field", "where"),
    [
        ("fi", "Tiedostoa ei tarvitse ladata uudelleen.", "Indikaattorin nimi koko tiedostolle", "lomake"),
        ("sv", "Filen behöver inte laddas upp på nytt.", "Indikatorns namn för hela filen", "formuläret"),
        ("en", "There is no need to upload the file again.", "Indicator name for the whole file", "form"),
    ],
)
def test_missing_indicator_name_is_fixed_on_the_form_not_by_uploading_again(
    lang: str, refused: str, field: str, where: str
) -> None:
    # The review: 'korjaa virhe ja lataa tiedosto uudelleen' and 'Valitse sarake: Indikaattorin nimi',
    # with an empty row cell, when the fix was to type a name on the form.
    data = b"Kunta;Vuosi;Arvo\n091;2020;1\n049;2020;2\n"
    at = run_app("pages/owndata.py", municipality="091", lang=lang)
    upload(at, "nimeton.csv", data)
    name = next(t for t in at.text_input if t.key and t.key.startswith("owndata_t_name_"))
    name.input("")
    submit(at)
    assert not at.exception
    errors = [str(e.value) for e in at.error]
    assert len(errors) == 1 and refused in errors[0], errors
    messages = next(d.value for d in at.dataframe if d.value.columns[0] in ("Rivi", "Rad", "Row"))
    assert list(messages.iloc[:, 0]) == [where]
    assert field in messages.iloc[0, 2]
    # The fix the message names works: type a name and check again, no new upload.
    name = next(t for t in at.text_input if t.key and t.key.startswith("owndata_t_name_"))
    name.input("Kävijät (testi)")
    submit(at)
    assert not at.error and at.success


def test_other_municipalities_outside_the_peer_group_are_named_as_such() -> None:
    # The review: 'Vertailukuntia on omassa aineistossa vain 0' though the file had 091, 746 and 318 besides
    # the municipality; and the chart's year ticks read '2020 2021 2021 2022 2022'.
    rows = [
        f"{c};{y};{v}" for c in ("297", "091", "746", "318") for y, v in ((2020, 1), (2021, 2), (2022, 3))
    ]
    data = ("Kunta;Vuosi;Arvo\n" + "\n".join(rows) + "\n").encode()
    at = run_app("pages/owndata.py", municipality="297", lang="fi", peers="region")
    upload(at, "kolme.csv", data)
    name = next(t for t in at.text_input if t.key and t.key.startswith("owndata_t_name_"))
    name.input("Kävijät (testi)")
    submit(at)
    button(at, "owndata_accept").click().run()
    assert not at.exception
    assert "Tiedostossa on 3 muuta kuntaa, mutta yksikään ei kuulu vertailuryhmään" in texts(at)
    assert "vain 0" not in texts(at)
    chart = next(c for c in at.get("plotly_chart") if "owndata_band" in c.proto.id)
    axis = json.loads(chart.proto.spec)["layout"]["xaxis"]
    assert (axis.get("dtick"), axis.get("tick0"), axis.get("tickformat")) == (1, 2020, "d")
