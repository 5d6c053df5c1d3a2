"""The bad-input corpus: every bad upload and bad API response gives a clear message, never a crash, never data.

Static files live in files/ (written by make_corpus.py); large and generated cases are made here in tmp_path.
All content is TEST DATA. The count test fails if the corpus shrinks below 30 cases.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from foresight import i18n
from foresight.columns import LANGUAGES
from foresight.owndata import accept, load
from foresight.refresh import jsonstat, pxweb, sotkanet
from foresight.refresh.config import load_config
from foresight.refresh.convert import ConversionError
from foresight.snapshot import load_table

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
FIXTURES = HERE.parent / "refresh" / "fixtures"
MB = 1024 * 1024

# Static file → the message key it must produce (the first error).
EXPECTED = {
    "all_values_missing.csv": "owndata.error.no_valid_rows",
    "binary_random.csv": "owndata.error.binary",
    "date_instead_of_year_fi.csv": "owndata.row.date_not_year",
    "date_instead_of_year_iso.csv": "owndata.row.date_not_year",
    "dde_injection.csv": "owndata.row.formula",
    "duplicate_keys.csv": "owndata.row.duplicate",
    "empty.csv": "owndata.error.empty",
    "formula_in_municipality.csv": "owndata.row.formula",
    "formula_in_name.csv": "owndata.row.formula",
    "formula_in_value.csv": "owndata.row.formula",
    "gzip_named_csv.csv": "owndata.error.unsupported_format",
    "header_only.csv": "owndata.error.no_rows",
    "html_event_in_unit.csv": "owndata.row.markup",
    "html_in_header.csv": "owndata.error.unsafe_header",
    "javascript_url_in_name.csv": "owndata.row.markup",
    "json_upload.json": "owndata.error.unsupported_format",
    "merged_municipality_code.csv": "owndata.row.merged_municipality",
    "missing_indicator_name.csv": "owndata.row.missing_indicator",
    "missing_municipality.csv": "owndata.row.missing_municipality",
    "mojibake_double_utf8.csv": "owndata.error.mojibake",
    "no_municipality_column.csv": "owndata.error.mapping_missing",
    "non_numeric_value.csv": "owndata.row.not_numeric",
    "old_excel.xls": "owndata.error.old_excel",
    "one_column.csv": "owndata.error.one_column",
    "pdf_named_xlsx.xlsx": "owndata.error.unsupported_format",
    "png_named_csv.csv": "owndata.error.unsupported_format",
    "script_in_name.csv": "owndata.row.markup",
    "similar_indicator_names.csv": "owndata.error.name_clash",
    "too_many_columns.csv": "owndata.error.too_many_columns",
    "two_decimal_marks.csv": "owndata.row.not_numeric",
    "unknown_municipality_code.csv": "owndata.row.unknown_municipality",
    "unknown_municipality_name.csv": "owndata.row.unknown_municipality",
    "utf16_without_bom.csv": "owndata.error.binary",
    "whitespace_only.csv": "owndata.error.empty",
    "year_as_text.csv": "owndata.row.not_a_year",
    "year_out_of_range.csv": "owndata.row.year_out_of_range",
    "zip_not_workbook.xlsx": "owndata.error.not_excel",
}


# ------------------------------------------------------------------ generated uploads


def huge_sparse(tmp: Path) -> Path:
    """200 MB on disk without writing 200 MB (a sparse file): refused by its size alone."""
    path = tmp / "huge.csv"
    with open(path, "wb") as handle:
        handle.write(b"Kunta;Vuosi;Arvo\n")
        handle.truncate(200 * MB)
    return path


def huge_stream(tmp: Path) -> io.BufferedReader:
    """The same 200 MB file as an open handle with no size: at most limit + 1 bytes are read."""
    return open(huge_sparse(tmp), "rb")  # noqa: SIM115 - closed by the test


def million_rows(tmp: Path) -> Path:
    """1 000 000 data rows in about 17 MB (under the size limit): refused by the row count before parsing."""
    path = tmp / "million.csv"
    path.write_bytes(b"Kunta;Vuosi;Arvo;Indikaattori\n" + b"091;2022;1;Kysely\n" * 1_000_000)
    return path


def _bomb(tmp: Path, name: str, megabytes: int) -> Path:
    """An .xlsx whose worksheet inflates to `megabytes` of zeros, compressed about 1000-fold."""
    buffer = io.BytesIO()
    chunk = bytes(MB)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            for _ in range(megabytes):
                entry.write(chunk)
    path = tmp / name
    path.write_bytes(buffer.getvalue())
    return path


def zip_bomb_size(tmp: Path) -> Path:
    return _bomb(tmp, "report.xlsx", 120)  # 120 MB inflated: over the 100 MB total


def zip_bomb_ratio(tmp: Path) -> Path:
    return _bomb(tmp, "small_bomb.xlsx", 30)  # 30 MB inflated from ~30 KB: ratio ≈ 1000


def _workbook(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_formula_text(tmp: Path) -> bytes:
    return _workbook(
        [["Kunta", "Vuosi", "Arvo", "Indikaattori"], ["Helsinki", 2022, 1, "@SUM(1+9)*cmd|' /C calc'!A0"]]
    )


def xlsx_dates(tmp: Path) -> bytes:
    import datetime as dt

    return _workbook(
        [["Kunta", "Vuosi", "Arvo", "Indikaattori"], ["Helsinki", dt.datetime(2022, 12, 31), 1, "Kysely"]]
    )


def xlsx_truncated(tmp: Path) -> bytes:
    data = _workbook([["Kunta", "Vuosi", "Arvo", "Indikaattori"], ["Helsinki", 2022, 1, "Kysely"]])
    return data[: len(data) // 2]


def xlsx_script(tmp: Path) -> bytes:
    return _workbook(
        [["Kunta", "Vuosi", "Arvo", "Indikaattori"], ["Helsinki", 2022, 1, "<svg onload=alert(1)>"]]
    )


def xlsx_unknown(tmp: Path) -> bytes:
    return _workbook(
        [
            ["Kunta", "Vuosi", "Arvo", "Indikaattori"],
            ["Tuntematon", 2022, 1, "Kysely"],
            [999, 2022, 1, "Kysely"],
        ]
    )


GENERATED: dict[str, tuple[Callable[[Path], Any], str, str]] = {
    "huge_200mb_path": (huge_sparse, "huge.csv", "owndata.error.too_large"),
    "huge_200mb_stream": (huge_stream, "huge.csv", "owndata.error.too_large"),
    "million_rows": (million_rows, "million.csv", "owndata.error.too_many_rows"),
    "zip_bomb_total": (zip_bomb_size, "report.xlsx", "owndata.error.zip_bomb"),
    "zip_bomb_ratio": (zip_bomb_ratio, "small_bomb.xlsx", "owndata.error.zip_bomb"),
    "xlsx_formula_text": (xlsx_formula_text, "a.xlsx", "owndata.row.formula"),
    "xlsx_dates_as_years": (xlsx_dates, "a.xlsx", "owndata.row.date_not_year"),
    "xlsx_truncated": (xlsx_truncated, "a.xlsx", "owndata.error.excel_unreadable"),
    "xlsx_svg_script": (xlsx_script, "a.xlsx", "owndata.row.markup"),
    "xlsx_unknown_municipalities": (xlsx_unknown, "a.xlsx", "owndata.row.unknown_municipality"),
}

# ------------------------------------------------------------------ bad API responses


def _kta() -> dict[str, Any]:
    return json.loads((FIXTURES / "statfin_kta_key_figures_2020_jsonstat2.json").read_bytes())


def _edit(edit: Callable[[dict[str, Any]], None]) -> bytes:
    doc = _kta()
    edit(doc)
    return json.dumps(doc).encode()


def _rename(doc: dict[str, Any]) -> None:
    # A renamed area variable alone is found by its role now (its codes still look like areas), so the
    # bad answer renames it and its codes beyond recognition: no variable can be taken for the area.
    doc["id"][1] = "Luokka"
    dim = doc["dimension"].pop("Alue")
    dim["category"]["index"] = {f"X{k}": v for k, v in dim["category"]["index"].items()}
    dim["category"]["label"] = {f"X{k}": f"Luokka {i}" for i, k in enumerate(dim["category"]["label"])}
    doc["dimension"]["Luokka"] = dim
    for role in doc.get("role", {}).values():
        if "Alue" in role:
            role.remove("Alue")


def _old_code(doc: dict[str, Any]) -> None:
    index = doc["dimension"]["Alue"]["category"]["index"]
    index["040"] = index.pop("005")


def _drop_key_figure(doc: dict[str, Any]) -> None:
    cat = doc["dimension"]["Tunnusluku"]["category"]
    cat["index"] = {k: v for k, v in cat["index"].items() if k != "omavaraisuus_aste"}
    cat["index"] = {k: i for i, k in enumerate(cat["index"])}
    doc["size"][2] = 5
    doc["value"] = doc["value"][: 310 * 5]


RESPONSES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "statfin_truncated": (
        "statfin",
        lambda: (FIXTURES / "statfin_kta_key_figures_2020_jsonstat2.json").read_bytes()[:9000],
    ),
    "statfin_renamed_dimension": ("statfin", lambda: _edit(_rename)),
    "statfin_old_municipality_code": ("statfin", lambda: _edit(_old_code)),
    "statfin_empty_table": ("statfin", lambda: _edit(lambda d: d.update(value=[None] * len(d["value"])))),
    "statfin_missing_key_figure": ("statfin", lambda: _edit(_drop_key_figure)),
    "statfin_value_count_mismatch": ("statfin", lambda: _edit(lambda d: d.update(value=d["value"][:-7]))),
    "statfin_html_error_page": ("statfin", lambda: b"<html><body>503 Service Unavailable</body></html>"),
    "statfin_projection_truncated_gzip_body": (
        "projection",
        lambda: gzip.decompress(
            (FIXTURES / "statfin_vaenn_14wx_projection_2024_jsonstat2.json.gz").read_bytes()
        )[:50000],
    ),
    "sotkanet_empty": ("sotkanet", lambda: b"[]"),
    "sotkanet_truncated": ("sotkanet", lambda: b'[{"indicator": 127, "region": 1000, "year": 2021, "gen'),
    "sotkanet_unknown_code": (
        "sotkanet",
        lambda: b'[{"indicator": 127, "region": 9, "year": 2021, "gender": "total", "value": 5}]',
    ),
    "sotkanet_error_object": ("sotkanet", lambda: b'{"error": "indicator not found"}'),
}
REGIONS = b'[{"id": 1000, "code": "91", "category": "KUNTA"}, {"id": 9, "code": "999", "category": "KUNTA"}]'


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # upload | statfin | projection | sotkanet


CASES = (
    [Case(f"file:{name}", "upload") for name in sorted(EXPECTED)]
    + [Case(f"generated:{name}", "upload") for name in GENERATED]
    + [Case(f"response:{name}", RESPONSES[name][0]) for name in RESPONSES]
)


@pytest.fixture(scope="module")
def register():
    return load_table("municipalities")


@pytest.fixture(scope="module")
def config():
    return load_config()


def test_corpus_has_at_least_30_cases_and_every_file_is_listed():
    assert len(CASES) >= 30, f"only {len(CASES)} bad inputs in the corpus"
    on_disk = {p.name for p in FILES.iterdir()}
    assert on_disk == set(EXPECTED), f"files without an expectation or missing: {on_disk ^ set(EXPECTED)}"


def _messages_render(messages) -> None:
    for message in messages:
        for lang in LANGUAGES:
            text = message.text(lang)
            assert text and "{" not in text, (message, lang)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_is_refused_with_a_clear_message(case, register, config, tmp_path):
    """No crash, a message key that exists in fi/sv/en, and nothing stored."""
    kind, _, name = case.name.partition(":")
    if case.kind == "upload":
        store: dict[str, str] = {"owndata": "previous"}
        if kind == "file":
            source, filename, expected = FILES / name, name, EXPECTED[name]
        else:
            make, filename, expected = GENERATED[name]
            source = make(tmp_path)
        try:
            result = load(source, filename, register)
        finally:
            if hasattr(source, "close"):
                source.close()
        assert not result.ok, f"{case.name} was accepted"
        assert not accept(store, result) and store == {"owndata": "previous"}
        assert result.errors and result.errors[0].key == expected, [m.key for m in result.errors]
        assert i18n.has(expected)
        _messages_render(result.messages)
        return
    body = RESPONSES[name][1]()
    with pytest.raises(ValueError) as info:  # JsonStatError, ConversionError, SotkanetError: all ValueError
        if case.kind == "statfin":
            pxweb.convert(config.tables[0], body)
        elif case.kind == "projection":
            pxweb.convert(config.tables[1], body)
        else:
            sotkanet.convert(config.sotkanet[0], body, REGIONS, "json")
    assert isinstance(info.value, jsonstat.JsonStatError | ConversionError | sotkanet.SotkanetError)
    assert len(str(info.value)) > 20
