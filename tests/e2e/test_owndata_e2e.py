"""Own data in headless Chromium: upload a Finnish CSV (test data), check, accept, compare, download, refuse a bad file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.e2e.conftest import shot, wait_ready

pytestmark = pytest.mark.e2e

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "owndata_fi.csv"  # semicolons, decimal comma, BOM
UPLOAD = "[data-testid='stFileUploaderDropzoneInput']"


def test_upload_accept_compare_and_refuse_a_bad_file(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1440, "height": 2600})  # the whole page in one screenshot
    page.goto(f"{server}/owndata?municipality=297&lang=fi")
    wait_ready(page)
    assert page.locator("h1").first.inner_text() == "Oma aineisto"
    assert page.get_by_text("Kunnan oma aineisto – ei virallinen tilasto").count() == 1

    page.locator(UPLOAD).set_input_files(str(FIXTURE))
    page.get_by_text("96 riviä, 5 saraketta · merkistö UTF-8 (BOM) · erotin ”;”").wait_for()
    wait_ready(page)
    shot(page, "owndata_1_preview_fi")

    page.get_by_role("button", name="Tarkista tiedot").click()
    page.get_by_text("Tiedot kelpaavat: havaintoja 96, indikaattoreita 2, kuntia 8.").wait_for()
    wait_ready(page)
    shot(page, "owndata_2_checked_fi")

    page.get_by_role("button", name="Käytä tässä istunnossa").click()
    page.get_by_text("Oma aineisto on käytössä tämän istunnon ajan.").wait_for()
    legend = page.locator(".legendtext", has_text="Kuopio (Oma aineisto)")
    legend.first.wait_for()
    wait_ready(page)
    assert page.locator(".gtitle", has_text="Asukastyytyväisyys (testiaineisto) · Oma aineisto").count() >= 1
    assert page.get_by_text("Lähde: Oma aineisto (owndata_fi.csv).").count() == 1
    shot(page, "owndata_3_accepted_chart_fi")

    # The Excel download names own data and the file on its sources sheet.
    with page.expect_download() as info:
        page.get_by_role("button", name="Excel", exact=True).click()
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()), read_only=True)
    assert book.sheetnames == ["oma aineisto", "sources"]
    sources = [list(r) for r in book["sources"].iter_rows(values_only=True)]
    assert sources[1][:3] == ["Asukastyytyväisyys (testiaineisto)", "Oma aineisto", "owndata_fi.csv"]
    rows = list(book["oma aineisto"].iter_rows(values_only=True))
    assert rows[0][-1] == "lähde" and {r[-1] for r in rows[1:]} == {"Oma aineisto (owndata_fi.csv)"}
    assert len(rows) - 1 == 8 * 7  # eight municipalities of the network, 2017–2023

    # A bad file: a clear message, and the accepted own data stay in use.
    page.locator(UPLOAD).set_input_files(
        files=[{"name": "rikki.csv", "mimeType": "text/csv", "buffer": b"\x00\x01\x02binary\x00" * 20}]
    )
    page.get_by_text("Tiedosto ei ole tekstiä eikä Excel-tiedosto.").wait_for()
    wait_ready(page)
    assert page.get_by_text("Aiemmin hyväksytty oma aineisto on tallessa ennallaan.").count() == 1
    assert page.locator(".legendtext", has_text="Kuopio (Oma aineisto)").count() >= 1
    shot(page, "owndata_4_bad_file_fi")

    # Own data project like any other series: dashed trend with shaded bands, labelled own data.
    page.get_by_text("Laske trendiennuste vuoteen 2030").click()
    page.locator(".legendtext", has_text="Trendi (Oma aineisto)").first.wait_for()
    wait_ready(page)
    assert page.get_by_text("Trendin mukaan vuonna 2030:").count() == 1
    heading = page.get_by_text("Trendiennuste vuoteen 2030", exact=True)
    heading.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    shot(page, "owndata_5_projection_fi")
