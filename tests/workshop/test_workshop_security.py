"""Join codes, hashing, escaping, exports and QR codes of the workshop mode."""

from __future__ import annotations

import io

import openpyxl
import pytest

from foresight.workshop import export, qr, security, service

from .conftest import STEPS


def test_join_codes_random_and_unambiguous():
    codes = {security.new_join_code() for _ in range(2000)}
    assert len(codes) == 2000  # 2000 draws from ~8.9e8: a repeat would point at a broken generator
    assert all(len(c) == 6 and set(c) <= set(security.CODE_ALPHABET) for c in codes)
    assert not set("01OIL") & set(security.CODE_ALPHABET)
    assert security.normalise_code(" abc-234 ") == "ABC234"


def test_hashes_verify_in_constant_time_and_reject_others():
    key = security.new_secret()
    stored = security.hash_key(key)
    assert stored.startswith("scrypt$") and key not in stored
    assert security.verify(key, stored) and not security.verify(key + "x", stored)
    assert security.hash_key(key) != stored  # salted
    token_hash = security.hash_token("s3cret")
    assert security.verify("s3cret", token_hash) and not security.verify("s3cret!", token_hash)
    assert not security.verify("s3cret", "garbage") and not security.verify("s3cret", "md5$00$00")


def test_escaping_helpers():
    assert (
        security.escape_html('<script>alert("x")</script>')
        == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    )
    md = security.escape_markdown("**bold** [link](javascript:alert(1)) <img src=x>")
    assert "**" not in md.replace("\\*", "") and "\\[link\\]" in md and "\\<img" in md


@pytest.fixture
def filled(engine):
    """A workshop whose participants typed hostile text (test data)."""
    created = service.create_workshop(engine, "<script>alert('title')</script>", "091", steps=STEPS)
    wid, key = created.workshop.id, created.facilitator_key
    evil = service.join(engine, created.join_code, "<img src=x onerror=alert(1)>")
    ok = service.join(engine, created.join_code, "Anna")
    service.submit(engine, evil.token, "own", "comment", {"comment": "<script>alert(1)</script>"}, "c1")
    service.submit(engine, evil.token, "own", "comment", {"comment": '=HYPERLINK("http://x","y")'}, "c2")
    service.submit(
        engine,
        evil.token,
        "own",
        "scenario",
        {"name": "@SUM(A1)", "levers": {"<b>lever</b>": "-1+1"}, "comment": "+cmd|' /C calc'!A0"},
        "s1",
    )
    themes = list(created.workshop.find_step("rank")["items"])
    service.submit(engine, ok.token, "rank", "ranking", {"order": themes}, "r1")
    service.submit(engine, ok.token, "grid", "matrix", {"placements": {"vitality": [0.8, 0.7]}}, "m1")
    service.submit(engine, ok.token, "pop2030", "guess", {"value": 655_000}, "g1")
    service.set_show_names(engine, wid, key, True)
    return engine, wid, key


def test_summary_html_escapes_everything(filled):
    engine, wid, key = filled
    page = export.summary_html(engine, wid, key, "fi")
    assert "<script" not in page.lower()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;lever&lt;/b&gt;" in page
    assert "Priorisointi" in page and "Elinvoima" in page and "655\u00a0000" in page
    with pytest.raises(service.Forbidden):
        export.summary_html(engine, wid, "wrong", "fi")


def test_export_neutralises_formulas(filled):
    engine, wid, key = filled
    tables = export.tables(engine, wid, key)
    assert len(tables["comments"]) == 2 and len(tables["scenarios"]) == 1
    text = export.csv(engine, wid, key, "comments").decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    book = openpyxl.load_workbook(io.BytesIO(export.excel(engine, wid, key)))
    cells = [c.value for row in book["scenarios"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "'@SUM(A1)" in cells and "'+cmd|' /C calc'!A0" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert set(book.sheetnames) >= {"workshop", "rankings", "matrix", "guesses", "scenarios", "comments"}
    with pytest.raises(service.Forbidden):
        export.tables(engine, wid, "wrong")


def test_qr_codes():
    url = qr.join_url("https://kuntaluotain.example/tyopaja?lang=sv", "ABC234")
    assert url == "https://kuntaluotain.example/tyopaja?lang=sv&join=ABC234"
    svg = qr.svg(url)
    assert svg.startswith("<svg") and "path" in svg
    assert "viewBox" in qr.svg(url, responsive=True)
    assert qr.png(url).startswith(b"\x89PNG\r\n\x1a\n")


def test_summary_shows_moved_levers_with_their_names(engine):
    from foresight import i18n

    created = service.create_workshop(engine, "Skenaariot", "091", steps=STEPS)
    seat = service.join(engine, created.join_code)
    levers = {"net_migration_rate": 2.5, "fertility_change": 0.0}
    service.submit(engine, seat.token, "own", "scenario", {"name": "Muuttovoitto", "levers": levers}, "s")
    page = export.summary_html(engine, created.workshop.id, created.facilitator_key, "fi")
    assert f"{security.escape_html(i18n.t('scenario.lever.net_migration_rate', 'fi'))}: 2,50" in page
    assert i18n.t("scenario.lever.fertility_change", "fi") not in page  # left at its default


def test_links_to_this_machine_are_named():
    # A phone cannot reach the facilitator's own machine: the panel warns with the host it names.
    assert qr.local_host("http://localhost:8501/join?join=ABC234") == "localhost"
    assert qr.local_host("http://127.0.0.1:8501/join") == "127.0.0.1"
    assert qr.local_host("http://[::1]:8501/join") == "::1"
    assert qr.local_host("https://kuntaluotain.example/join?join=ABC234") is None
    assert qr.local_host("http://192.168.1.20:8501/join") is None  # the room's Wi-Fi can reach this


def test_short_code_in_two_groups():
    assert security.spaced("K7M2P9QX") == "K7M2 P9QX"


def test_every_csv_choice_is_an_exported_table(filled):
    engine, wid, key = filled
    assert set(export.CSV_TABLES) == set(export.tables(engine, wid, key))
    assert export.CSV_TABLES[:5] == ("rankings", "matrix", "guesses", "scenarios", "comments")
