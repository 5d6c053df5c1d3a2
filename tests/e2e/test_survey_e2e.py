"""Residents' survey on a phone in Chromium: open ?s=CODE, answer, see the thank-you; axe on the form and on
published results; markup in an open answer shown literally. Every answer here is test data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from foresight import survey as sv
from foresight import survey_store as store
from foresight.workshop import db
from tests.e2e.axe import run_axe, summary
from tests.e2e.conftest import free_port, shot, start_server, wait_ready

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
XSS = "<img src=x onerror=alert(1)> **lihava**"


@pytest.fixture(scope="module")
def survey_server(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """A server with its own SQLite store; yields its URL and the store's URL."""
    url = f"sqlite:///{tmp_path_factory.mktemp('survey') / 'store.sqlite'}"
    port = free_port()
    proc = start_server(port, {"KUNTALUOTAIN_DB_URL": url})
    yield f"http://127.0.0.1:{port}", url
    proc.terminate()
    proc.wait(timeout=20)


def make(url: str) -> tuple[str, str]:
    engine = db.make_engine(url)
    now = datetime.now(UTC)
    definition = sv.make_definition("Kunta 2030", ["Koulut", "Kirjasto"], ["Hyvä asua"], "Mikä?", ["Kylät"])
    survey, key = store.create(
        engine,
        definition,
        municipality="297",
        lang="fi",
        opens=now - timedelta(hours=1),
        closes=now + timedelta(days=3),
        retain_until=now + timedelta(days=30),
    )
    engine.dispose()
    return survey.code, key


def test_phone_answers_and_sees_published_results(browser, survey_server) -> None:  # type: ignore[no-untyped-def]
    base, url = survey_server
    code, key = make(url)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    pg = context.new_page()
    pg.goto(f"{base}/answer?s={code}&lang=fi")
    wait_ready(pg)
    assert pg.locator("h1").first.inner_text() == "Kunta 2030"
    blocking = [v for v in run_axe(pg) if v["impact"] in ("critical", "serious")]
    assert not blocking, summary(blocking)
    pg.get_by_text("4 jokseenkin samaa mieltä").click()
    pg.get_by_label("Mikä?").fill(XSS)
    pg.get_by_role("button", name="Lähetä vastaus").click()
    pg.get_by_text("Kiitos! Vastauksesi on tallennettu.").wait_for()
    shot(pg, "survey_phone_answered")
    engine = db.make_engine(url)
    survey = store.get(engine, code)
    assert store.count(engine, survey) == 1
    assert store.answers(engine, survey)[0].statements == {"s1": 4}
    [(answer_id, text, _)] = store.open_answers(engine, survey, store.PENDING)
    assert text == XSS
    store.moderate(engine, code, key, answer_id, store.APPROVED)
    store.publish(engine, code, key)
    engine.dispose()
    pg.reload()
    wait_ready(pg)
    pg.get_by_role("blockquote").get_by_text(XSS).wait_for()  # the markup as text, not an image
    assert pg.get_by_label("Mikä?").input_value() == XSS  # the browser's cookie found its own answer again
    assert pg.locator("img[src='x']").count() == 0
    shot(pg, "survey_phone_results")
    blocking = [v for v in run_axe(pg) if v["impact"] in ("critical", "serious")]
    assert not blocking, summary(blocking)
    context.close()
