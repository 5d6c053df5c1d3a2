"""Own data in headless Chromium: upload a Finnish CSV (test data), check, accept, compare, download, refuse a bad file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.e2e.conftest import SHOTS, shot, wait_ready

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


def after(locator, prop: str = "content") -> str:  # type: ignore[no-untyped-def]
    """A computed style of an element's ::after (CSS generated content)."""
    return str(locator.evaluate(f"e => getComputedStyle(e, '::after').{prop}"))


def test_uploader_reads_in_finnish(server: str, page) -> None:  # type: ignore[no-untyped-def]
    """Streamlit's own English texts are replaced: the button (visible and accessible name), the limit the app
    enforces, the drop text, a too-large file's message, and the icon buttons' names; axe finds nothing serious."""
    from playwright.sync_api import expect

    from tests.e2e.axe import BLOCKING, run_axe, summary

    page.goto(f"{server}/owndata?municipality=297&lang=fi")
    wait_ready(page)
    uploader = page.get_by_test_id("stFileUploader")
    button = uploader.get_by_test_id("stBaseButton-secondary")
    expect(button).to_have_accessible_name("Valitse tiedosto")
    assert after(button.get_by_test_id("stMarkdownContainer")) == '"Valitse tiedosto"'
    assert not button.get_by_text("Upload", exact=True).is_visible()
    tree = uploader.aria_snapshot().replace("\u00a0", " ")
    assert "Enintään 20 Mt · CSV, TXT, XLSX" in tree, tree
    assert "per file" not in tree and "Upload" not in tree and "file upload" not in tree, tree
    expect(uploader.locator("input[type=file]")).to_have_accessible_name("Valitse tiedosto")
    uploader.screenshot(path=str(SHOTS / "owndata_uploader_fi.png"))
    blocking = [v for v in run_axe(page) if v["impact"] in BLOCKING]  # axe ignores CSS content: aria-label
    assert not blocking, summary(blocking)

    # A file dragged over the uploader: "Pudota tiedosto tähän".
    drag = page.evaluate_handle(
        "() => { const d = new DataTransfer(); d.items.add(new File(['a'], 'a.csv', {type: 'text/csv'})); return d; }"
    )
    page.dispatch_event("[data-testid=stFileUploaderDropzone]", "dragenter", {"dataTransfer": drag})
    overlay = page.locator("[data-testid=stFileUploaderDropzone] > div:not([data-testid]) > span").first
    overlay.wait_for()
    assert after(overlay) == '"Pudota tiedosto tähän"'
    assert (
        after(overlay, "fontSize") != "0px" and overlay.evaluate("e => getComputedStyle(e).fontSize") == "0px"
    )
    uploader.screenshot(path=str(SHOTS / "owndata_uploader_drag_fi.png"))
    page.dispatch_event("[data-testid=stFileUploaderDropzone]", "dragleave", {"dataTransfer": drag})

    # Over the limit: Streamlit refuses it in the browser; the message and the names read in Finnish.
    page.locator(UPLOAD).set_input_files(
        files=[{"name": "iso.csv", "mimeType": "text/csv", "buffer": b"a" * (21 * 1024 * 1024)}]
    )
    alert = uploader.get_by_role("alert")
    expect(alert).to_have_text("Tiedosto on liian suuri (enintään 20\u00a0Mt).")
    expect(uploader.get_by_role("button", name="Poista iso.csv", exact=True)).to_have_count(1)
    expect(uploader.get_by_role("button", name="Valitse toinen tiedosto", exact=True)).to_have_count(1)
    # 21 × 1 048 576 = 22 020 096 bytes: Streamlit prints a chip's size in decimal megabytes ("22.0MB")
    assert "22,0\u00a0Mt" in uploader.get_by_test_id("stFileChip").inner_text()
    uploader.get_by_test_id("stFileChip").hover()
    expect(page.get_by_test_id("stTooltipErrorContent")).to_have_text(
        "Tiedosto on liian suuri (enintään 20\u00a0Mt)."
    )
    tree = uploader.aria_snapshot()
    assert "File must be" not in tree and "Remove" not in tree and "Add files" not in tree, tree
    page.wait_for_timeout(300)
    shot(page, "owndata_uploader_too_large_fi")
    blocking = [v for v in run_axe(page) if v["impact"] in BLOCKING]
    assert not blocking, summary(blocking)
