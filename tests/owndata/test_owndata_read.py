"""Good Finnish files as they come: BOM, semicolons, decimal comma, Windows-1252, spaces in numbers, Excel."""

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from foresight import owndata
from foresight.owndata import (
    ColumnMapping,
    OwnData,
    UploadError,
    accept,
    guess_mapping,
    load,
    preview,
    read_upload,
)
from foresight.owndata.text import has_markup, is_formula, parse_number, parse_year, slug


def values(result: OwnData) -> list[tuple[str, str, int, float]]:
    obs = result.observations.sort_values(["municipality", "year"])
    return [tuple(r) for r in obs[["municipality", "indicator", "year", "value"]].itertuples(index=False)]


def test_semicolon_decimal_comma_and_bom(register):
    data = "\ufeffKunta;Vuosi;Arvo;Indikaattori;Yksikkö\r\nHelsinki;2022;12,5;Asukastyytyväisyys;%\r\n049;2022;7,25;Asukastyytyväisyys;%\r\n"
    result = load(data.encode("utf-8"), "kysely.csv", register)
    assert result.ok and result.messages == []
    assert values(result) == [
        ("049", "own:asukastyytyvaisyys", 2022, 7.25),
        ("091", "own:asukastyytyvaisyys", 2022, 12.5),
    ]
    assert result.observations["source"].unique().tolist() == ["own data"]
    ind = result.indicators.iloc[0]
    assert (ind["id"], ind["name"], ind["unit"], ind["decimals"]) == (
        "own:asukastyytyvaisyys",
        "Asukastyytyväisyys",
        "%",
        2,
    )
    table = read_upload(data.encode("utf-8"), "kysely.csv")
    assert (table.encoding, table.delimiter, table.kind) == ("utf-8-sig", ";", "csv")


def test_windows_1252_with_swedish_names_and_spaces_as_thousands(register):
    # Excel on Finnish Windows: cp1252, semicolons, "1 234,5" with a no-break space or a plain space.
    data = "Kommun;År;Värde;Indikator;Enhet\nHelsingfors;2021;1\u00a0234,5;Päästöt;€/as.\nTräskända;2021;12 345;Päästöt;€/as.\nVasa;2021;-3,5;Päästöt;€/as.\n"
    result = load(
        data.encode("cp1252"),
        "u.csv",
        register,
    )
    assert result.ok, [m.text("en") for m in result.errors]
    assert values(result) == [
        ("091", "own:paastot", 2021, 1234.5),
        ("186", "own:paastot", 2021, 12345.0),
        ("905", "own:paastot", 2021, -3.5),
    ]
    assert result.indicators["unit"].tolist() == ["€/as."]  # 0x80 is € in Windows-1252, not in Latin-1
    assert [m.key for m in result.messages] == ["owndata.info.encoding"]
    assert result.messages[0].params == {"encoding": "cp1252"}


def test_latin1_bytes_that_are_undefined_in_cp1252(register):
    # 0x81 is undefined in Windows-1252, so the reader falls back to Latin-1 and still reads the names.
    data = "Kunta;Vuosi;Arvo;Indikaattori\nMäntyharju;2020;5;Kävijät\x81\n".encode("latin-1")
    table = read_upload(data, "l.csv")
    assert table.encoding == "latin-1"
    assert table.frame.iloc[0, 0] == "Mäntyharju"


def test_comma_separated_with_quoted_decimal_comma(register):
    data = b'kunta,vuosi,arvo,indikaattori\n91,2020,"1,5",Kysely\n10,2020,"2,0",Kysely\n'
    result = load(data, "c.csv", register)
    assert result.ok
    assert values(result) == [("010", "own:kysely", 2020, 2.0), ("091", "own:kysely", 2020, 1.5)]
    assert read_upload(data, "c.csv").delimiter == ","


def test_wide_format_years_as_columns_with_fixed_name(register):
    data = b"Kunta;2019;2020;2021\nHelsinki;1;2;..\nEspoo;3;;4\n"
    table = read_upload(data, "w.csv")
    mapping = guess_mapping(table, register)
    assert mapping is not None and mapping.year_columns == ("2019", "2020", "2021")
    mapping = ColumnMapping(
        **{
            **mapping.to_dict(),
            "year_columns": mapping.year_columns,
            "indicator_name": "Kävijät",
            "unit_name": "hlö",
        }
    )
    result = owndata.validate(table, mapping, register)
    assert result.ok
    assert values(result) == [
        ("049", "own:kavijat", 2019, 3.0),
        ("049", "own:kavijat", 2021, 4.0),
        ("091", "own:kavijat", 2019, 1.0),
        ("091", "own:kavijat", 2020, 2.0),
    ]
    assert sorted(m.row for m in result.messages) == [2, 3]  # the two missing cells, as warnings
    assert all(m.severity == "warning" for m in result.messages)
    assert result.indicators.iloc[0][["unit", "first_year", "last_year", "n_municipalities"]].tolist() == [
        "hlö",
        2019,
        2021,
        2,
    ]


def test_excel_file_with_numbers_and_codes_as_numbers(register):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tiedot"
    sheet.append(["Kunta", "Vuosi", "Arvo", "Indikaattori", "Yksikkö"])
    sheet.append([91, 2022, 1234.5, "Päästöt", "kt"])  # Excel drops the leading zero of 091
    sheet.append(["Vasa", 2023.0, 7, "Päästöt", "kt"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = load(buffer.getvalue(), "päästöt.xlsx", register)
    assert result.ok, [m.text("fi") for m in result.errors]
    assert values(result) == [("091", "own:paastot", 2022, 1234.5), ("905", "own:paastot", 2023, 7.0)]
    table = read_upload(buffer.getvalue(), "päästöt.xlsx")
    assert (table.kind, table.sheet, table.sheets) == ("xlsx", "Tiedot", ["Tiedot"])


def test_excel_date_cell_is_reported_as_a_date(register):
    book = openpyxl.Workbook()
    book.active.append(["Kunta", "Vuosi", "Arvo", "Indikaattori"])
    book.active.append(["Helsinki", dt.datetime(2022, 12, 31), 1, "Kysely"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = load(buffer.getvalue(), "d.xlsx", register)
    assert [(m.key, m.row, m.params) for m in result.errors] == [
        ("owndata.row.date_not_year", 2, {"value": "2022-12-31", "year": 2022})
    ]
    assert (
        result.errors[0].text("fi") == "Rivi 2: ”2022-12-31” on päivämäärä; anna pelkkä vuosi (esim. 2022)."
    )


def test_messages_in_the_users_language(register):
    result = load(b"Kunta;Vuosi;Arvo;Indikaattori\nAtlantis;2022;1;X\n", "x.csv", register)
    texts = {lang: result.errors[0].text(lang) for lang in ("fi", "sv", "en")}
    assert texts == {
        "fi": "Rivi 2: kuntaa ”Atlantis” ei löydy vuoden 2026 kuntajaosta.",
        "sv": "Rad 2: kommunen ”Atlantis” finns inte i 2026 års kommunindelning.",
        "en": "Row 2: municipality “Atlantis” is not in the 2026 division.",
    }


def test_size_limit_reads_no_more_than_the_limit():
    stream = io.BytesIO(b"x" * 5000)
    with pytest.raises(UploadError) as info:
        read_upload(stream, "big.csv", max_bytes=1000)
    assert info.value.message.key == "owndata.error.too_large"
    assert stream.tell() == 1001


def test_declared_size_is_checked_before_reading():
    class Uploaded(io.BytesIO):
        size = 300 * 1024 * 1024

    stream = Uploaded(b"Kunta;Vuosi\n")
    with pytest.raises(UploadError):
        read_upload(stream, "u.csv")
    assert stream.tell() == 0


def test_json_round_trip_and_tampered_storage(register):
    result = load(b"Kunta;Vuosi;Arvo;Indikaattori\nHelsinki;2022;1,5;Kysely\n", "k.csv", register)
    store: dict[str, str] = {}
    assert accept(store, result)
    again = OwnData.from_json(store["owndata"], register)
    pd.testing.assert_frame_equal(again.observations, result.observations)
    assert again.indicators["id"].tolist() == ["own:kysely"]
    tampered = store["owndata"].replace("own:kysely", "unemployment_rate")
    with pytest.raises(UploadError, match="stored_invalid"):
        OwnData.from_json(tampered, register)
    with pytest.raises(UploadError):
        OwnData.from_json(store["owndata"].replace("Kysely", "<script>x</script>"), register)
    with pytest.raises(UploadError):
        OwnData.from_json("{not json", register)


def test_mapping_round_trip_and_errors(register):
    table = read_upload(b"Kunta;Vuosi;Arvo\nHelsinki;2022;1\n", "m.csv")
    mapping = guess_mapping(table, register)
    assert mapping == ColumnMapping(municipality="Kunta", year="Vuosi", value="Arvo")
    assert ColumnMapping.from_dict(mapping.to_dict()) == mapping
    with pytest.raises(UploadError) as info:
        owndata.validate(table, mapping, register)  # no indicator name given
    assert info.value.message.text("en") == (
        "The indicator has no name. Type a name in “Indicator name for the whole file”, "
        "or choose the column holding the names under “Indicator name”."
    )
    with pytest.raises(UploadError, match="mapping_unknown_column"):
        owndata.validate(table, ColumnMapping("Kunta", "Vuosi", "Puuttuu", indicator_name="X"), register)


def test_municipality_found_by_content_when_the_header_is_unusual(register):
    table = read_upload(b"Paikka;Vuosi;Arvo\nHelsingfors;2022;1\nEsbo;2022;2\n", "p.csv")
    assert guess_mapping(table, register).municipality == "Paikka"


def test_preview_shortens_long_cells():
    table = read_upload(("Kunta;Huomio\nHelsinki;" + "a" * 300 + "\n").encode(), "p.csv")
    shown = preview(table, rows=5, width=20)
    assert shown.iloc[0, 1] == "a" * 19 + "…" and len(shown) == 1


@pytest.mark.parametrize(
    ("cell", "number"),
    [("1 234,5", 1234.5), ("1\u00a0234,5", 1234.5), ("1\u202f234", 1234.0), ("12,5 %", 12.5), ("−3,2", -3.2),
     ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("0,5", 0.5), ("1e3", 1000.0), ("abc", None), ("1,2,3", None),
     ("", None), ("inf", None)],
)  # fmt: skip
def test_parse_number(cell, number):
    assert parse_number(cell) == number


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("2022", (2022, None)), ("2022.0", (2022, None)), ("31.12.2022", (2022, "date")),
     ("2022-01-01", (2022, "date")), ("1/31/2022", (2022, "date")), ("22", (None, "not_year")), ("v2022", (None, "not_year"))],
)  # fmt: skip
def test_parse_year(cell, expected):
    assert parse_year(cell) == expected


def test_text_guards():
    assert is_formula("=1+1") and is_formula("@SUM(A1)") and is_formula("+cmd|' /C calc'!A0")
    assert not is_formula("-3,5") and not is_formula("-") and not is_formula("Kysely")
    assert has_markup("<b>x</b>") and has_markup("a onclick=b") and has_markup("javascript:alert(1)")
    assert not has_markup("alle 5 < 10 kpl") and not has_markup("Kävijät (hlö)")
    assert slug("Asukastyytyväisyys (%)") == "asukastyytyvaisyys" and slug("!!!") == "indicator"


def test_real_register_resolves_names_and_codes():
    from foresight.snapshot import load_table

    reg = load_table("municipalities")
    lookup = owndata.municipality_lookup(reg)
    assert len(set(lookup.values())) == 308
    from foresight.owndata.validate import resolve_municipality

    assert [
        resolve_municipality(x, lookup) for x in ("91", "helsingfors", "091 Helsinki", "KU091", "Pertunmaa")
    ] == [
        "091",
        "091",
        "091",
        "091",
        None,
    ]


def test_catalogue_rows_and_combined_keep_own_data_labelled(register):
    from foresight.snapshot import TABLES

    result = load(
        "Kunta;Vuosi;Arvo;Indikaattori;Yksikkö\nHelsinki;2022;1;Kysely;%\nEspoo;2023;2;Kysely;%\n".encode(),
        "k.csv",
        register,
    )
    rows = owndata.catalogue_rows(result)
    assert list(rows.columns) == [*TABLES["indicators"], "source"]
    row = rows.iloc[0]
    assert (row["id"], row["theme"], row["name_sv"], row["polarity"], row["first_year"], row["last_year"]) == (
        "own:kysely", "own", "Kysely", 0, 2022, 2023,
    )  # fmt: skip
    assert row["source_fi"] == "Kunnan oma aineisto (k.csv)"
    official = pd.DataFrame(
        {"municipality": ["091"], "indicator": ["population"], "year": [2022], "value": [664028.0]}
    )
    both = owndata.combined(official, result)
    assert both.groupby("source")["indicator"].first().to_dict() == {
        "official": "population",
        "own data": "own:kysely",
    }


def test_statfin_style_title_lines_above_the_header(register):
    data = '"Kuntavaalit 2021"\n\n"Alue";"Vuosi";"Äänestysprosentti"\n"091 Helsinki";"2021";"53,4"\n'.encode()
    table = read_upload(data, "12x4.csv")
    assert list(table.frame.columns) == ["Alue", "Vuosi", "Äänestysprosentti"]
    mapping = guess_mapping(table, register)
    assert (mapping.municipality, mapping.year) == ("Alue", "Vuosi")
    result = owndata.validate(
        table, ColumnMapping("Alue", "Vuosi", "Äänestysprosentti", indicator_name="Äänestys"), register
    )
    assert values(result) == [("091", "own:aanestys", 2021, 53.4)]


def test_an_unforeseen_failure_is_a_message_not_a_crash(register, monkeypatch):
    import sys

    validate_module = sys.modules["foresight.owndata.validate"]  # the package's `validate` is the function

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(validate_module, "validate", broken)
    result = load(b"Kunta;Vuosi\nHelsinki;2022\n", "x.csv", register)
    assert not result.ok and [m.key for m in result.errors] == ["owndata.error.unexpected"]
    assert (
        result.errors[0].text("en")
        == "The file could not be processed (RuntimeError). Save it again as CSV or xlsx."
    )
