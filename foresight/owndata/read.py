"""Read an uploaded CSV or Excel file safely: size and row limits first, zip-bomb check, encoding, delimiter."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

import pandas as pd

from foresight.owndata.model import (
    MAX_BYTES,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSX_ENTRIES,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNCOMPRESSED,
    Message,
    UploadError,
)
from foresight.owndata.text import clean_text, looks_mojibake

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted .xlsx
OTHER_MAGIC = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"\x1f\x8b": "gzip",
}
DELIMITERS = (";", ",", "\t", "|")
MB = 1024 * 1024
# A sheet without a table (notes, an empty sheet) is passed over when no sheet was asked for.
SKIPPABLE = frozenset({"owndata.error.empty", "owndata.error.no_rows", "owndata.error.one_column"})


@dataclass
class Table:
    """A read file: every cell as text, with what we learnt about the file on the way."""

    frame: pd.DataFrame
    kind: Literal["csv", "xlsx"]
    filename: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)

    def describe(self) -> dict[str, Any]:
        """A summary for the page: kind, encoding, delimiter, sheet, rows and columns."""
        return {
            "kind": self.kind,
            "filename": self.filename,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
            "sheets": list(self.sheets),
            "rows": len(self.frame),
            "columns": list(self.frame.columns),
        }


def read_limited(source: bytes | bytearray | str | Path | BinaryIO, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, refusing anything over the limit before reading it in full."""
    if isinstance(source, bytes | bytearray):
        size = len(source)
        if size > max_bytes:
            raise UploadError("owndata.error.too_large", size_mb=_mb(size), limit_mb=_mb(max_bytes))
        return bytes(source)
    if isinstance(source, str | Path):
        size = os.stat(source).st_size  # refuse a 200 MB file without opening it
        if size > max_bytes:
            raise UploadError("owndata.error.too_large", size_mb=_mb(size), limit_mb=_mb(max_bytes))
        with open(source, "rb") as handle:
            return read_limited(handle, max_bytes)
    declared = getattr(source, "size", None)  # Streamlit's UploadedFile knows its size
    if isinstance(declared, int) and declared > max_bytes:
        raise UploadError("owndata.error.too_large", size_mb=_mb(declared), limit_mb=_mb(max_bytes))
    data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadError("owndata.error.too_large", size_mb=f"> {_mb(max_bytes)}", limit_mb=_mb(max_bytes))
    return bytes(data)


def _mb(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",")


def sniff_kind(data: bytes, filename: str) -> Literal["csv", "xlsx"]:
    """CSV or xlsx by content (the extension can lie), refusing other formats clearly."""
    if not data.strip():
        raise UploadError("owndata.error.empty")
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    if data.startswith(OLE_MAGIC):
        raise UploadError("owndata.error.old_excel")
    for magic, name in OTHER_MAGIC.items():
        if data.startswith(magic):
            raise UploadError("owndata.error.unsupported_format", name=name)
    suffix = Path(filename).suffix.lower()
    if suffix in {".xlsx", ".xlsm", ".xls"}:
        raise UploadError("owndata.error.not_excel")
    if suffix not in {"", ".csv", ".txt", ".tsv"}:
        raise UploadError("owndata.error.unsupported_format", name=suffix)
    return "csv"


def decode(data: bytes) -> tuple[str, str, list[Message]]:
    """Text and encoding: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252, else Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", []
    head = data[:8192]
    if b"\x00" in head:
        raise UploadError("owndata.error.binary")
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8", []
    except UnicodeDecodeError:
        pass
    # Excel's "CSV (semicolon)" on Finnish Windows is Windows-1252; it differs from Latin-1 only in 0x80–0x9F.
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, encoding, [Message("owndata.info.encoding", {"encoding": encoding}, severity="info")]
    raise UploadError("owndata.error.binary")  # unreachable: Latin-1 decodes every byte


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number (> 1) of columns, preferring ';'."""
    lines = [line for line in text.splitlines()[:50] if line.strip()][:20]
    best, best_score = ";", -1.0
    for delimiter in DELIMITERS:
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        widths = [len(r) for r in rows if any(c.strip() for c in r)]
        if not widths or max(widths) < 2:
            continue
        common = max(set(widths), key=widths.count)
        score = widths.count(common) / len(widths) + min(common, 20) / 100
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _frame(rows: list[list[str]], max_rows: int) -> pd.DataFrame:
    """Header from the first non-empty row; blank and repeated headers get unique names."""
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise UploadError("owndata.error.empty")
    # Title lines above the header (StatFin's CSV exports have them) hold a single cell: skip them.
    filled = [sum(1 for c in r if c.strip()) for r in rows]
    first = next((i for i, n in enumerate(filled) if n >= 2), 0)
    rows = rows[first:]
    header, body = rows[0], rows[1:]
    width = max(len(r) for r in rows)
    if width > MAX_COLUMNS:
        raise UploadError("owndata.error.too_many_columns", columns=width, limit=MAX_COLUMNS)
    if len(body) > max_rows:
        raise UploadError("owndata.error.too_many_rows", rows=len(body), limit=max_rows)
    if not body:
        raise UploadError("owndata.error.no_rows")
    if width < 2:
        raise UploadError("owndata.error.one_column")
    names: list[str] = []
    for i in range(width):
        base = clean_text(header[i]) if i < len(header) else ""
        base = base or f"column_{i + 1}"
        name, n = base, 2
        while name in names:
            name, n = f"{base}_{n}", n + 1
        names.append(name)
    padded = [r + [""] * (width - len(r)) for r in body]
    return pd.DataFrame(padded, columns=names, dtype=object)


def read_csv_text(text: str, max_rows: int = MAX_ROWS) -> tuple[pd.DataFrame, str]:
    """Parse CSV text with a sniffed delimiter; every cell stays text."""
    # Counting line breaks is cheap and stops a million-row file before the parser builds anything.
    lines = text.count("\n") + 1
    if lines > max_rows + 50:
        raise UploadError("owndata.error.too_many_rows", rows=lines - 1, limit=max_rows)
    delimiter = sniff_delimiter(text)
    csv.field_size_limit(MAX_CELL_CHARS)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
    except csv.Error as exc:
        raise UploadError("owndata.error.csv_unreadable", detail=str(exc)[:100]) from None
    return _frame(rows, max_rows), delimiter


def check_zip(data: bytes) -> zipfile.ZipFile:
    """Open an xlsx as a zip only if its declared sizes are sane (zipfile enforces them while inflating)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadError("owndata.error.excel_unreadable", detail=str(exc)[:100]) from None
    if len(entries) > MAX_XLSX_ENTRIES:
        raise UploadError(
            "owndata.error.zip_bomb", size_mb=f"{len(entries)} entries", limit_mb=_mb(MAX_XLSX_UNCOMPRESSED)
        )
    total = sum(e.file_size for e in entries)
    if total > MAX_XLSX_UNCOMPRESSED:
        raise UploadError("owndata.error.zip_bomb", size_mb=_mb(total), limit_mb=_mb(MAX_XLSX_UNCOMPRESSED))
    for entry in entries:
        if entry.file_size > 1 * MB and entry.file_size > MAX_XLSX_RATIO * max(entry.compress_size, 1):
            raise UploadError(
                "owndata.error.zip_bomb", size_mb=_mb(entry.file_size), limit_mb=_mb(MAX_XLSX_UNCOMPRESSED)
            )
    names = {e.filename for e in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UploadError("owndata.error.not_excel")
    return archive


def _cell(value: object) -> str:
    """An Excel cell as text: whole floats without '.0', dates as ISO (so a date is recognised as one)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)[:MAX_CELL_CHARS]


def read_xlsx(
    data: bytes, sheet: str | None = None, max_rows: int = MAX_ROWS
) -> tuple[pd.DataFrame, str, list[str]]:
    """Read one sheet (by default the first that holds a table) of an xlsx whose zip passed check_zip."""
    check_zip(data).close()
    import openpyxl  # only uploads need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise UploadError("owndata.error.excel_unreadable", detail=type(exc).__name__) from None
    try:
        names = list(book.sheetnames)
        if not names:
            raise UploadError("owndata.error.empty")
        if sheet is not None and sheet in names:
            return _frame(_sheet_rows(book[sheet], max_rows), max_rows), sheet, names
        # By default the first sheet that holds a table: workbooks often open with a notes sheet.
        first_error: UploadError | None = None
        for name in names:
            try:
                return _frame(_sheet_rows(book[name], max_rows), max_rows), name, names
            except UploadError as exc:
                if exc.message.key not in SKIPPABLE:
                    raise
                first_error = first_error or exc
        assert first_error is not None
        raise first_error
    except UploadError:
        raise
    except Exception as exc:
        raise UploadError("owndata.error.excel_unreadable", detail=type(exc).__name__) from None
    finally:
        book.close()


def _sheet_rows(worksheet: Any, max_rows: int) -> list[list[str]]:
    """A worksheet's cells as text rows, stopping past the row limit."""
    rows: list[list[str]] = []
    for row in worksheet.iter_rows(values_only=True):
        if len(rows) > max_rows + 1:
            raise UploadError("owndata.error.too_many_rows", rows=f"> {max_rows}", limit=max_rows)
        if len(row) > MAX_COLUMNS:
            row = row[: MAX_COLUMNS + 1]
        rows.append([_cell(v) for v in row])
    return rows


def read_upload(
    source: bytes | bytearray | str | Path | BinaryIO,
    filename: str = "",
    *,
    sheet: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> Table:
    """Read an uploaded CSV or xlsx into a Table of text cells; UploadError with a message key if refused."""
    if not filename and isinstance(source, str | Path):
        filename = Path(source).name
    filename = filename or str(getattr(source, "name", "") or "")
    data = read_limited(source, max_bytes)
    kind = sniff_kind(data, filename)
    if kind == "xlsx":
        frame, name, names = read_xlsx(data, sheet, max_rows)
        table = Table(frame, "xlsx", filename, sheet=name, sheets=names)
    else:
        text, encoding, messages = decode(data)
        frame, delimiter = read_csv_text(text, max_rows)
        table = Table(frame, "csv", filename, encoding=encoding, delimiter=delimiter, messages=messages)
    # UTF-8 bytes read as Latin-1 somewhere upstream ('JÃ¤rvenpÃ¤Ã¤'): the names would never match.
    sample = " ".join([*table.frame.columns, *table.frame.head(200).astype(str).to_numpy().ravel().tolist()])
    broken = looks_mojibake(sample)
    if broken:
        raise UploadError("owndata.error.mojibake", example=broken)
    return table


def preview(table: Table, rows: int = 20, width: int = 60) -> pd.DataFrame:
    """The first rows for display, long cells shortened."""
    head = table.frame.head(rows).copy()
    for column in head.columns:
        head[column] = head[column].map(lambda v: v if len(v) <= width else v[: width - 1] + "…")
    return head
