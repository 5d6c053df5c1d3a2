"""Workbooks that open with a notes sheet: the first sheet holding a table is read unless one is asked for."""

import io

import openpyxl
import pytest

from foresight.owndata import UploadError, read_upload


def workbook(*sheets: tuple[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


NOTES = ("Ohje", [["Testiaineisto: luvut ovat keksittyjä."]])
DATA = ("Tiedot", [["Kunta", "Vuosi", "Arvo"], ["091", 2022, 1.5], ["049", 2022, 2.0]])


def test_first_sheet_with_a_table_is_chosen():
    table = read_upload(workbook(NOTES, ("Tyhjä", []), DATA), "k.xlsx")
    assert (table.sheet, table.sheets, len(table.frame)) == ("Tiedot", ["Ohje", "Tyhjä", "Tiedot"], 2)
    assert table.frame.iloc[0].tolist() == ["091", "2022", "1.5"]


def test_a_sheet_asked_for_is_read_or_refused_with_its_reason():
    data = workbook(NOTES, DATA)
    with pytest.raises(UploadError) as info:
        read_upload(data, "k.xlsx", sheet="Ohje")
    assert info.value.message.key == "owndata.error.no_rows"
    assert read_upload(data, "k.xlsx", sheet="Tiedot").sheet == "Tiedot"


def test_no_sheet_with_a_table_gives_the_first_reason():
    with pytest.raises(UploadError) as info:
        read_upload(workbook(NOTES, ("Tyhjä", [])), "k.xlsx")
    assert info.value.message.key == "owndata.error.no_rows"
