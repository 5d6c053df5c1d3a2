"""Row checks of own data on both sides of every limit, with literal tables (test data, real codes)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from foresight.owndata.model import MAX_MESSAGES, MAX_NAME_CHARS, ColumnMapping, Message, UploadError
from foresight.owndata.read import Table
from foresight.owndata.validate import (
    OwnData,
    guess_mapping,
    municipality_lookup,
    resolve_municipality,
    validate,
)

LONG = ColumnMapping(
    municipality="Kunta", year="Vuosi", value="Arvo", indicator="Indikaattori", unit="Yksikkö"
)


def table(
    rows: list[list[str]], columns: tuple[str, ...] = ("Kunta", "Vuosi", "Arvo", "Indikaattori", "Yksikkö")
):
    return Table(pd.DataFrame(rows, columns=list(columns), dtype=str), "csv", "t.csv")


def row(mun="091", year="2020", value="1", name="Kävijät", unit="hlö") -> list[str]:
    return [mun, year, value, name, unit]


def keys(result: OwnData) -> list[tuple[str, int | None]]:
    return [(m.key, m.row) for m in result.messages]


@pytest.mark.parametrize(("year", "ok"), [("1900", True), ("1899", False), ("2100", True), ("2101", False)])
def test_year_range_both_ends(register, year, ok):
    result = validate(table([row(year=year)]), LONG, register)
    if ok:
        assert result.ok and result.observations["year"].tolist() == [int(year)]
    else:
        assert keys(result)[0] == ("owndata.row.year_out_of_range", 2)
        assert result.messages[0].params == {"year": int(year), "low": 1900, "high": 2100}


def test_own_year_range(register):
    result = validate(table([row(year="2010"), row(year="2011")]), LONG, register, year_range=(2011, 2011))
    assert keys(result)[0] == ("owndata.row.year_out_of_range", 2) and len(result.observations) == 1


@pytest.mark.parametrize("field", ["name", "unit"])
def test_name_and_unit_length_both_sides(register, field):
    at_limit = validate(table([row(**{field: "n" * MAX_NAME_CHARS})]), LONG, register)
    assert at_limit.ok
    over = validate(table([row(**{field: "n" * (MAX_NAME_CHARS + 1)})]), LONG, register)
    assert keys(over)[0] == ("owndata.row.text_too_long", 2) and over.messages[0].params == {"limit": 120}


def test_every_row_problem_by_row_number(register):
    rows = [
        row(),  # 2: fine
        row(value="..", year="2021"),  # 3: missing value, a warning only
        row(value="paljon", year="2022"),  # 4: not a number
        row(mun="Atlantis"),  # 5
        row(mun=""),  # 6
        row(year="31.12.2020"),  # 7
        row(year="vuosi"),  # 8
        row(name=""),  # 9
        row(),  # 10: duplicate of row 2
        row(value="=1+1", year="2023"),  # 11
        row(name="<b>x</b>"),  # 12
        row(mun="=cmd()"),  # 13
        row(unit="@SUM(A1)"),  # 14
        row(value="<script>", year="2024"),  # 15
    ]
    result = validate(table(rows), LONG, register)
    assert keys(result) == [
        ("owndata.row.missing_value", 3),
        ("owndata.row.not_numeric", 4),
        ("owndata.row.unknown_municipality", 5),
        ("owndata.row.missing_municipality", 6),
        ("owndata.row.date_not_year", 7),
        ("owndata.row.not_a_year", 8),
        ("owndata.row.missing_indicator", 9),
        ("owndata.row.duplicate", 10),
        ("owndata.row.formula", 11),
        ("owndata.row.markup", 12),
        ("owndata.row.formula", 13),
        ("owndata.row.formula", 14),
        ("owndata.row.markup", 15),
    ]
    by_row = {m.row: m for m in result.messages}
    assert by_row[3].severity == "warning" and by_row[3].params == {"year": 2021}
    assert by_row[4].params == {"value": "paljon"}
    assert by_row[7].params == {"value": "31.12.2020", "year": 2020}
    assert by_row[10].params == {
        "municipality": "Helsinki / Helsingfors",
        "indicator": "Kävijät",
        "year": 2020,
        "first_row": 2,
    }
    assert by_row[11].params == {"field": "value", "value": "=1+1"}
    assert by_row[12].params == {"field": "indicator"}
    assert by_row[13].params == {"field": "municipality", "value": "=cmd()"}
    assert by_row[14].params == {"field": "unit", "value": "@SUM(A1)"}
    assert not result.ok and result.observations["value"].tolist() == [1.0]


def test_a_missing_value_alone_is_not_an_error(register):
    result = validate(table([row(), row(year="2021", value="")]), LONG, register)
    assert result.ok and [m.severity for m in result.messages] == ["warning"]


def test_a_merged_municipality_names_where_it_went(register):
    # Pertunmaa (588) was merged into Mäntyharju (507); a code outside the register names only the code
    result = validate(table([row(mun="588"), row(mun="476")]), LONG, register)
    assert keys(result) == [("owndata.row.merged_municipality", 2), ("owndata.row.merged_municipality", 3)]
    assert result.messages[0].params == {"value": "588", "into": "Mäntyharju"}
    assert result.messages[1].params == {"value": "476", "into": "297"}


def test_messages_stop_at_the_limit_and_say_how_many_more(register):
    at_limit = validate(table([row(mun="Atlantis")] * MAX_MESSAGES), LONG, register)
    assert len(at_limit.messages) == MAX_MESSAGES and at_limit.messages[-1].row == MAX_MESSAGES + 1
    over = validate(table([row(mun="Atlantis")] * (MAX_MESSAGES + 5) + [row(value="")]), LONG, register)
    assert len(over.errors) == MAX_MESSAGES + 1 and over.errors[-2].row == MAX_MESSAGES + 1
    assert over.messages[0].severity == "warning"  # warnings are kept first
    assert over.messages[-1] == Message("owndata.more_messages", {"n": 5})


def test_no_valid_rows_only_when_nothing_else_is_wrong(register):
    empty = validate(table([row(value="")]), LONG, register)
    assert keys(empty)[-1] == ("owndata.error.no_valid_rows", None) and not empty.ok


def test_two_names_that_slug_alike_are_refused(register):
    result = validate(table([row(name="Kävijät"), row(name="Kavijat", mun="049")]), LONG, register)
    assert keys(result) == [("owndata.error.name_clash", None)]
    assert result.messages[0].params == {"names": "Kavijat / Kävijät"}


def test_decimals_follow_the_data_up_to_two(register):
    rows = [row(name="A", value="3"), row(name="B", value="1,5"), row(name="C", value="1,25")]
    rows += [row(name="D", value="1,125"), row(name="E", value="2,50")]
    result = validate(table(rows), LONG, register)
    decimals = dict(zip(result.indicators["name"], result.indicators["decimals"], strict=True))
    assert decimals == {"A": 0, "B": 1, "C": 2, "D": 2, "E": 1}


def test_indicator_table_by_hand(register):
    rows = [row(year="2019"), row(year="2021", mun="049"), row(year="2020", unit="")]
    result = validate(table(rows), LONG, register)
    [ind] = result.indicators.to_dict("records")
    assert ind == {
        "id": "own:kavijat",
        "name": "Kävijät",
        "unit": "hlö",
        "decimals": 0,
        "first_year": 2019,
        "last_year": 2021,
        "n_municipalities": 2,
        "source": "own data",
    }


def test_wide_table_with_a_fixed_name(register):
    frame = table([["Helsinki", "1", "2"], ["Esbo", "3", ""]], ("Kunta", "2020", "v. 2021"))
    mapping = ColumnMapping(municipality="Kunta", year_columns=("2020", "v. 2021"), indicator_name="Kävijät")
    result = validate(frame, mapping, register)
    assert sorted(map(tuple, result.observations[["municipality", "year", "value"]].to_numpy().tolist())) == [
        ("049", 2020, 3.0),
        ("091", 2020, 1.0),
        ("091", 2021, 2.0),
    ]
    assert keys(result) == [("owndata.row.missing_value", 3)]


@pytest.mark.parametrize(
    ("mapping", "reason"),
    [
        (ColumnMapping(municipality="Kunta", value="Arvo", indicator="Indikaattori"), "mapping_missing"),
        (ColumnMapping(municipality="Kunta", year="Vuosi", indicator="Indikaattori"), "mapping_missing"),
        (ColumnMapping(municipality="Kunta", year="Vuosi", value="Arvo"), "indicator_name_missing"),
        (ColumnMapping(municipality="Kunta", year="Vuosi", value="Arvo", indicator_name="  "), "indicator_name_missing"),
        (ColumnMapping(municipality="Kunta", year="Vuosi", value="Nope", indicator="Indikaattori"), "mapping_unknown_column"),
        (ColumnMapping(municipality="Kunta", year="Vuosi", value="Vuosi", indicator="Indikaattori"), "mapping_twice"),
        (ColumnMapping(municipality="Kunta", year="Vuosi", value="Arvo", indicator_name="=1"), "unsafe_name"),
        (ColumnMapping(municipality="Kunta", year="Vuosi", value="Arvo", indicator_name="x", unit_name="<b>"), "unsafe_name"),
    ],
)  # fmt: skip
def test_bad_mappings_are_refused_with_the_reason(register, mapping, reason):
    with pytest.raises(UploadError) as err:
        validate(table([row()]), mapping, register)
    assert err.value.message.key == f"owndata.error.{reason}"


def test_which_field_a_mapping_misses(register):
    with pytest.raises(UploadError) as err:
        validate(
            table([row()]),
            ColumnMapping(municipality="Kunta", value="Arvo", indicator="Indikaattori"),
            register,
        )
    assert err.value.message.params == {"field": "year"}
    with pytest.raises(UploadError) as err:
        validate(
            table([row()]),
            ColumnMapping(municipality="Kunta", year="Vuosi", indicator="Indikaattori"),
            register,
        )
    assert err.value.message.params == {"field": "value"}
    with pytest.raises(UploadError) as err:
        validate(table([row()]), ColumnMapping(municipality="Kunta", year="Vuosi", value="Arvo"), register)
    assert err.value.message.key == "owndata.error.indicator_name_missing"


def test_an_unsafe_header_is_refused(register):
    frame = table([row()], ("Kunta", "Vuosi", "Arvo", "Indikaattori", "=HYPERLINK()"))
    mapping = ColumnMapping(municipality="Kunta", year="Vuosi", value="Arvo", indicator="Indikaattori")
    with pytest.raises(UploadError) as err:
        validate(frame, mapping, register)
    assert err.value.message.key == "owndata.error.unsafe_header"


@pytest.mark.parametrize(
    ("cell", "code"),
    [("91", "091"), ("091", "091"), ("KU091", "091"), ("ku91", "091"), ("091 Helsinki", "091"), ("91.0", "091"),
     ("Helsinki", "091"), ("HELSINGFORS", "091"), (" Träskända ", "186"), ("1091", None), ("999", None),
     ("Atlantis", None), ("91.5", None)],
)  # fmt: skip
def test_resolve_municipality(register, cell, code):
    assert resolve_municipality(cell, municipality_lookup(register)) == code


def test_guess_mapping_from_header_words(register):
    frame = table([row()], ("kunta", "Vuosi", "ARVO", "Mittari", "yksikkö"))
    assert guess_mapping(frame, register) == ColumnMapping(
        municipality="kunta", year="Vuosi", value="ARVO", indicator="Mittari", unit="yksikkö"
    )


def test_guess_mapping_wide_years_and_content(register):
    frame = table([["Helsinki", "1", "2"], ["Esbo", "3", "4"]], ("Paikka", "v. 2020", "år 2021"))
    assert guess_mapping(frame, register) == ColumnMapping(
        municipality="Paikka", year_columns=("v. 2020", "år 2021")
    )
    assert guess_mapping(frame, None) is None  # no header word and no register to look names up


def test_guess_mapping_by_content_needs_half_the_rows(register):
    half = table([["Helsinki", "1"], ["x", "2"]], ("Paikka", "2020"))
    assert guess_mapping(half, register).municipality == "Paikka"  # type: ignore[union-attr]
    less = table([["Helsinki", "1"], ["x", "2"], ["y", "3"]], ("Paikka", "2020"))
    assert guess_mapping(less, register) is None


def test_stored_json_is_checked_again(register):
    good = validate(table([row(), row(mun="049")]), LONG, register)
    text = good.to_json()
    assert '"name":"Kävijät"' in text  # compact, and the letters as they are (not \u00e4)
    back = OwnData.from_json(text, register)
    assert back.observations[["municipality", "year", "value"]].values.tolist() == [
        ["049", 2020, 1.0],
        ["091", 2020, 1.0],
    ]
    assert back.rows_read == 2 and back.filename == "t.csv"
    doc = json.loads(text)
    for tamper in (
        lambda d: d.update(version=2),
        lambda d: d.update(format="other"),
        lambda d: d["indicators"][0].update(id="population"),
        lambda d: d["indicators"][0].update(name="<script>"),
        lambda d: d["indicators"][0].update(unit="=1"),
        lambda d: d["observations"][0].__setitem__(0, "91"),
        lambda d: d["observations"][0].__setitem__(0, "999"),
        lambda d: d["observations"][0].__setitem__(1, "own:other"),
        lambda d: d["observations"].append(list(d["observations"][0])),
        lambda d: d["observations"][0].__setitem__(3, "x"),
    ):
        bad = json.loads(json.dumps(doc))
        tamper(bad)
        with pytest.raises(UploadError):
            OwnData.from_json(json.dumps(bad), register)
    assert OwnData.from_json(text).ok  # without a register the codes are only checked for shape


def test_row_numbers_count_from_the_header_whatever_the_frames_index(register):
    frame = table([row(mun="Atlantis"), row(mun="Nowhere")])
    frame.frame.index = [10, 11]
    assert keys(validate(frame, LONG, register)) == [
        ("owndata.row.unknown_municipality", 2),
        ("owndata.row.unknown_municipality", 3),
    ]


def test_catalogue_rows_and_combined_frame(register):
    from foresight.owndata.validate import catalogue_rows, combined

    own = validate(table([row(), row(mun="049")]), LONG, register)
    rows = catalogue_rows(own)
    assert rows.loc[0, "source_en"] == "Municipality's own data (t.csv)"
    assert rows.loc[0, "source_fi"] == "Kunnan oma aineisto (t.csv)"
    assert rows.loc[0, "source_sv"] == "Kommunens egna data (t.csv)"
    assert rows.loc[0, "caveat_en"] == "Municipality's own data – not official statistics"
    official = pd.DataFrame(
        {"municipality": ["091"], "indicator": ["population"], "year": [2020], "value": [5.0]}
    )
    both = combined(official, own)
    assert list(both.index) == [0, 1, 2] and both["source"].tolist() == ["official", "own data", "own data"]


def test_numbers_that_need_the_full_parser(register):
    rows = [row(value="1.234,5"), row(value="12 %", mun="049"), row(value="−3,5", mun="010")]
    result = validate(table(rows), LONG, register)
    assert sorted(result.observations["value"].tolist()) == [-3.5, 12.0, 1234.5]


def test_wide_guess_keeps_the_indicator_and_unit_columns(register):
    frame = table([["Helsinki", "Kävijät", "hlö", "1"]], ("Kunta", "Indikaattori", "Yksikkö", "2020"))
    assert guess_mapping(frame, register) == ColumnMapping(
        municipality="Kunta", year_columns=("2020",), indicator="Indikaattori", unit="Yksikkö"
    )


def test_a_file_that_cannot_be_read_gives_empty_frames_and_a_message(register):
    from foresight.owndata.validate import INDICATOR_COLUMNS, SOURCE, load

    result = load(b"\x00\x01\x02", "roskaa.csv", register)
    assert not result.ok and len(result.messages) == 1 and result.filename == "roskaa.csv"
    assert list(result.observations.columns) == ["municipality", "indicator", "year", "value", SOURCE]
    assert list(result.indicators.columns) == list(INDICATOR_COLUMNS)
