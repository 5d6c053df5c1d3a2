"""What the own-data page shows, worked by hand: the form's mapping, the check's verdict, file facts, messages
and the tables of indicators and ranks (test data)."""

import pandas as pd
import pytest

from foresight.owndata import ColumnMapping, Message, Table
from foresight.owndata import store as own_store

FRAME = pd.DataFrame(
    {
        "Kunta": ["Helsinki", "Espoo", "Vaasa"],
        "Vuosi": ["2021", "2021", "2021"],
        "Mittari": ["Tyytyväisyys"] * 3,
        "Yksikkö": ["%"] * 3,
        "Arvo": ["61,5", "70", "58"],
    }
)
LONG = ColumnMapping("Kunta", year="Vuosi", value="Arvo", indicator="Mittari", unit="Yksikkö")


def test_form_mapping_drops_empty_choices_and_typed_names_beside_a_column():
    mapping = ColumnMapping.from_form(
        "Kunta",
        year="Vuosi",
        value="Arvo",
        indicator="",
        indicator_name="  Tyytyväisyys ",
        unit="Yksikkö",
        unit_name="kpl",
    )
    assert mapping == ColumnMapping(
        "Kunta", year="Vuosi", value="Arvo", indicator_name="Tyytyväisyys", unit="Yksikkö"
    )
    wide = ColumnMapping.from_form("Kunta", year_columns=["2021", "2022"], indicator_name="   ")
    assert (wide.year, wide.value, wide.year_columns, wide.indicator_name) == (
        None,
        None,
        ("2021", "2022"),
        None,
    )
    assert wide.wide


def test_check_accepts_a_good_file_and_turns_refusals_into_one_message(register, monkeypatch):
    table = Table(FRAME, "csv", "kysely.csv", "utf-8", ";")
    good = own_store.check(table, LONG, register)
    assert good.ok and sorted(good.observations["value"]) == [58.0, 61.5, 70.0]

    missing = own_store.check(table, ColumnMapping("Kunta", year="Vuosi", value="Arvo"), register)
    assert not missing.ok and missing.observations.empty and missing.filename == "kysely.csv"
    assert [(m.key, m.params) for m in missing.messages] == [("owndata.error.indicator_name_missing", {})]

    def broken(*_args: object) -> None:
        raise KeyError("x")

    monkeypatch.setattr(own_store, "validate", broken)
    odd = own_store.check(table, LONG, register)
    assert [(m.key, m.params) for m in odd.messages] == [("owndata.error.unexpected", {"detail": "KeyError"})]


def test_safe_text_escapes_file_content_but_not_our_field_names():
    message = Message("owndata.row.formula", {"field": "value", "value": "=A1*2"}, row=4)
    # "value" (a role) is translated, not escaped; the cell's text is: = and * lose their markdown meaning.
    assert (
        own_store.safe_text(message, "fi")
        == "Rivi 4: kentässä Arvo on kaava (”=A1\\*2”); kaavoja ei hyväksytä."
    )


def test_message_rows_give_the_row_its_own_column_and_a_capital():
    rows = own_store.message_rows(
        [
            Message("owndata.row.missing_municipality", row=7),
            Message("owndata.error.mapping_missing", {"field": "year"}, severity="warning"),
        ],
        "fi",
    )
    assert rows == [
        {"Rivi": "7", "Laji": "Virhe", "Viesti": "Kunta puuttuu."},
        {
            "Rivi": "lomake",
            "Laji": "Varoitus",
            "Viesti": "Valitse sarake kohtaan ”Vuosi” (2. Sarakkeiden valinta).",
        },
    ]


def test_a_message_about_no_row_says_form_or_whole_file():
    # The review: a file-level error left the row cell empty; the form's errors are fixed on the form.
    rows = own_store.message_rows(
        [
            Message("owndata.error.indicator_name_missing"),
            Message("owndata.error.name_clash", {"names": "Kävijät / Kavijat"}),
        ],
        "sv",
    )
    assert [r["Rad"] for r in rows] == ["formuläret", "hela filen"]
    assert Message("owndata.error.mapping_twice").on_form
    assert not Message("owndata.error.no_valid_rows").on_form


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            Table(FRAME, "csv", "a.csv", "utf-8-sig", ";"),
            "3 riviä, 5 saraketta · merkistö UTF-8 (BOM) · erotin ”;”",
        ),
        (
            Table(FRAME, "csv", "a.csv", "cp1252", "\t"),
            "3 riviä, 5 saraketta · merkistö Windows-1252 · erotin ”sarkain”",
        ),
        (Table(FRAME, "csv", "a.csv", "ascii", ","), "3 riviä, 5 saraketta · merkistö ascii · erotin ”,”"),
        (
            Table(FRAME, "xlsx", "a.xlsx", sheet="Data_2023"),
            "3 riviä, 5 saraketta · Excel-taulukko ”Data\\_2023”",
        ),
    ],
)
def test_file_info(table: Table, expected: str):
    assert own_store.file_info(table, "fi") == expected


def test_listing_and_ranking_columns():
    indicators = pd.DataFrame(
        {
            "name": ["Tyytyväisyys", "Käynnit"],
            "unit": ["%", ""],
            "first_year": [2019, 2022],
            "last_year": [2023, 2022],
            "n_municipalities": [8, 2],
            "filename": ["kysely.csv", ""],
        }
    )
    assert own_store.listing(indicators, "en") == {
        "Indicator": ["Tyytyväisyys", "Käynnit"],
        "Unit": ["%", ""],
        "Years": ["2019–2023", "2022"],
        "Municipalities": [8, 2],
        "Source": ["Own data (kysely.csv)", "Own data"],
    }
    ranked = pd.DataFrame(
        {
            "rank": [1, 2],
            "municipality": ["092", "297"],
            "name": ["Vantaa", "Kuopio"],
            "value": [78.44, 1234.5],
        }
    )
    assert own_store.ranking_columns(ranked, "kysely.csv", 1, "%", "fi") == {
        "Sija": [1, 2],
        "Kuntanumero": ["092", "297"],
        "Kunta": ["Vantaa", "Kuopio"],
        "Arvo (%) – oma aineisto": ["78,4", "1\u00a0234,5"],
        "Lähde": ["Oma aineisto (kysely.csv)"] * 2,
    }
    plain = own_store.ranking_columns(ranked.head(1), "", 0, "", "fi")
    assert list(plain)[3] == "Arvo – oma aineisto" and plain["Arvo – oma aineisto"] == ["78"]
