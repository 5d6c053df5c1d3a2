"""More own-data checks found by mutation testing (literal tables, real codes)."""

import logging

import pandas as pd

from foresight.owndata.model import ColumnMapping
from foresight.owndata.read import Table
from foresight.owndata.validate import catalogue_rows, guess_mapping, load, validate


def test_catalogue_rows_types_and_empty_definitions(register):
    frame = pd.DataFrame(
        [["091", "2020", "1", "Kävijät"]], columns=["Kunta", "Vuosi", "Arvo", "Indikaattori"], dtype=str
    )
    mapping = ColumnMapping(municipality="Kunta", year="Vuosi", value="Arvo", indicator="Indikaattori")
    own = validate(Table(frame, "csv", "t.csv"), mapping, register)
    rows = catalogue_rows(own)
    assert rows.loc[0, "definition_fi"] == "" and rows.loc[0, "definition_en"] == ""
    for column in ("first_year", "last_year", "n_municipalities", "decimals"):
        assert rows[column].dtype == "int64", column


def test_content_guess_looks_at_the_first_50_rows(register):
    names = [["Helsinki", "1"]] * 25 + [["x", "2"]] * 25 + [["y", "3"]] * 2  # 52 rows: half of the first 50
    table = Table(pd.DataFrame(names, columns=["Paikka", "2020"], dtype=str), "csv", "t.csv")
    assert guess_mapping(table, register).municipality == "Paikka"  # type: ignore[union-attr]


def test_an_unforeseen_failure_is_logged_with_the_file_name(register, monkeypatch, caplog):
    import foresight.owndata.read as read

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(read, "read_upload", broken)
    with caplog.at_level(logging.ERROR):
        result = load(b"x", "outo.csv", register)
    assert result.messages[0].key == "owndata.error.unexpected"
    assert "'outo.csv'" in caplog.text


def _table(rows):
    return Table(
        pd.DataFrame(rows, columns=["Kunta", "Vuosi", "Arvo", "Indikaattori", "Yksikkö"], dtype=str),
        "csv",
        "t.csv",
    )


LONG = ColumnMapping(
    municipality="Kunta", year="Vuosi", value="Arvo", indicator="Indikaattori", unit="Yksikkö"
)


def test_a_long_formula_is_quoted_to_30_characters(register):
    formula = "=" + "A" * 39
    result = validate(_table([[formula, "2020", "1", "Kävijät", ""]]), LONG, register)
    assert result.messages[0].params == {"field": "municipality", "value": formula[:30]}


def test_rows_after_a_too_long_name_are_still_read(register):
    rows = [["091", "2020", "1", "n" * 121, ""], ["049", "2020", "2", "Kävijät", ""]]
    result = validate(_table(rows), LONG, register)
    assert [m.key for m in result.messages] == ["owndata.row.text_too_long"]
    assert result.observations["municipality"].tolist() == ["049"]


def test_an_indicator_without_a_unit_has_an_empty_unit(register):
    result = validate(_table([["091", "2020", "1", "Kävijät", ""]]), LONG, register)
    assert result.indicators["unit"].tolist() == [""]


def test_an_unsafe_fixed_name_says_which_field(register):
    import pytest

    from foresight.owndata.model import UploadError

    mapping = ColumnMapping(municipality="Kunta", year="Vuosi", value="Arvo", indicator_name="=1")
    with pytest.raises(UploadError) as err:
        validate(_table([["091", "2020", "1", "x", ""]]), mapping, register)
    assert err.value.message.params == {"field": "indicator"}
