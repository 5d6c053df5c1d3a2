"""Downloads: CSV (UTF-8 with BOM, comma or Finnish semicolon variant) and Excel with a sources sheet."""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Prefix a text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and column names cannot be run as formulas."""
    out = frame.copy()
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise_cell)
    return out


def to_csv(frame: pd.DataFrame, *, finnish: bool = False) -> bytes:
    """CSV that Excel opens right: UTF-8 with BOM; finnish=True gives ';' and a decimal comma."""
    sep, decimal = (";", ",") if finnish else (",", ".")
    text = neutralise(frame).to_csv(index=False, sep=sep, decimal=decimal, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def to_excel(sheets: Mapping[str, pd.DataFrame], sources: pd.DataFrame | None = None) -> bytes:
    """An .xlsx with one sheet per table and, last, a sheet naming sources and licences."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            neutralise(frame).to_excel(writer, sheet_name=_sheet_name(name), index=False)
        if sources is not None:
            neutralise(sources).to_excel(writer, sheet_name="sources", index=False)
    return buffer.getvalue()


def _sheet_name(name: str) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)
    return cleaned[:31] or "data"
