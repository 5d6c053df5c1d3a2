"""Write the static bad-input files of the corpus (run once; the files are committed). All content is TEST DATA.

Large or generated cases (200 MB, a million rows, zip bombs, damaged xlsx) are made at test time instead.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

FILES = Path(__file__).resolve().parent / "files"
HEAD = "Kunta;Vuosi;Arvo;Indikaattori;Yksikkö\n"


def rows(*lines: str) -> bytes:
    return (HEAD + "".join(line + "\n" for line in lines)).encode("utf-8")


def files() -> dict[str, bytes]:
    rng = random.Random(7)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return {
        "empty.csv": b"",
        "whitespace_only.csv": b"   \n\n \t \n",
        "header_only.csv": HEAD.encode("utf-8"),
        "binary_random.csv": bytes(rng.randrange(256) for _ in range(4096)),
        "png_named_csv.csv": b"\x89PNG\r\n\x1a\n" + bytes(200),
        "pdf_named_xlsx.xlsx": b"%PDF-1.7\n1 0 obj << >> endobj\n",
        "utf16_without_bom.csv": rows("Helsinki;2022;1;Kysely;%").decode().encode("utf-16-le"),
        "mojibake_double_utf8.csv": rows("Järvenpää;2022;5;Kysely;%")
        .decode("utf-8")
        .encode("utf-8")
        .decode("latin-1")
        .encode("utf-8"),
        "unknown_municipality_name.csv": rows("Helsinki;2022;1;Kysely;%", "Atlantis;2022;2;Kysely;%"),
        "unknown_municipality_code.csv": rows("091;2022;1;Kysely;%", "999;2022;2;Kysely;%"),
        "merged_municipality_code.csv": rows("588;2020;3;Kysely;%"),
        "duplicate_keys.csv": rows("Helsinki;2022;1;Kysely;%", "091;2022;2;Kysely;%"),
        "non_numeric_value.csv": rows("Helsinki;2022;paljon;Kysely;%"),
        "two_decimal_marks.csv": rows("Helsinki;2022;1,2,3;Kysely;%"),
        "date_instead_of_year_fi.csv": rows("Helsinki;31.12.2022;1;Kysely;%"),
        "date_instead_of_year_iso.csv": rows("Helsinki;2022-12-31;1;Kysely;%"),
        "year_out_of_range.csv": rows("Helsinki;1812;1;Kysely;%", "Espoo;2222;1;Kysely;%"),
        "year_as_text.csv": rows("Helsinki;viime vuosi;1;Kysely;%"),
        "formula_in_value.csv": rows("Helsinki;2022;=SUM(A1:A9);Kysely;%"),
        "formula_in_name.csv": rows('Helsinki;2022;1;=HYPERLINK("http://example.invalid";"klikkaa");%'),
        "dde_injection.csv": rows(
            "Helsinki;2022;1;+cmd|' /C calc'!A0;%", "Espoo;2022;1;@SUM(1+1)*cmd|' /C calc'!A0;%"
        ),
        "formula_in_municipality.csv": rows("=1+2;2022;1;Kysely;%"),
        "script_in_name.csv": rows("Helsinki;2022;1;<script>alert('x')</script>;%"),
        "html_event_in_unit.csv": rows('Helsinki;2022;1;Kysely;<img src=x onerror="alert(1)">'),
        "javascript_url_in_name.csv": rows("Helsinki;2022;1;javascript:alert(1);%"),
        "html_in_header.csv": b"<b>Kunta</b>;Vuosi;Arvo;Indikaattori\nHelsinki;2022;1;Kysely\n",
        "one_column.csv": b"Kunta\nHelsinki\nEspoo\n",
        "missing_municipality.csv": rows(";2022;1;Kysely;%", ";2023;2;Kysely;%"),
        "all_values_missing.csv": rows("Helsinki;2022;..;Kysely;%", "Espoo;2022;;Kysely;%"),
        "missing_indicator_name.csv": rows("Helsinki;2022;1;;%"),
        "no_municipality_column.csv": b"a;b;c\n1;2;3\n4;5;6\n",
        "old_excel.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
        "zip_not_workbook.xlsx": zipped.getvalue(),
        "gzip_named_csv.csv": b"\x1f\x8b\x08\x00" + bytes(64),
        "json_upload.json": b'{"kunta": "Helsinki"}',
        "too_many_columns.csv": (
            ";".join(f"c{i}" for i in range(300)) + "\n" + ";".join("1" * 300) + "\n"
        ).encode(),
        "similar_indicator_names.csv": rows("Helsinki;2022;1;Kävijät;kpl", "Helsinki;2023;1;Kavijat;kpl"),
    }


if __name__ == "__main__":
    FILES.mkdir(exist_ok=True)
    for name, data in files().items():
        (FILES / name).write_bytes(data)
    print(f"{len(files())} files written to {FILES}")
