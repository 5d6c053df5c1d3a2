"""Residents' survey on a phone in Chromium: open ?s=CODE, answer, see the thank-you; axe on the form and on
published results; markup in an open answer shown literally. Every answer here is test data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from foresight import survey as sv
from foresight import survey_store as store
from foresight.columns import THEMES
from foresight.workshop import db
from tests.e2e.axe import run_axe, summary
from tests.e2e.conftest import free_port, shot, start_server, wait_ready
from tests.survey_setup import open_survey

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
    definition = sv.make_definition("Kunta 2030", ["Koulut", "Kirjasto"], ["Hyvä asua"], "Mikä?", ["Kylät"])
    survey, key = open_survey(engine, definition)
    engine.dispose()
    return survey.code, key


def phone_at(browser, address: str):  # type: ignore[no-untyped-def]
    """A touch phone's browser context and page, opened at `address` and rendered."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    pg = context.new_page()
    pg.goto(address)
    wait_ready(pg)
    return context, pg


def test_phone_answers_and_sees_published_results(browser, survey_server) -> None:  # type: ignore[no-untyped-def]
    base, url = survey_server
    code, key = make(url)
    context, pg = phone_at(browser, f"{base}/answer?s={code}&lang=fi")
    assert pg.locator("h1").first.inner_text() == "Kunta 2030"
    blocking = [v for v in run_axe(pg) if v["impact"] in ("critical", "serious")]
    assert not blocking, summary(blocking)
    # the themes by the workshop's tap-to-order control: five taps, the sixth follows by itself
    for name in ("Elinvoima", "Väestökehitys", "Hyvinvointi", "Kuntatalous", "Johtaminen ja osallisuus"):
        pg.get_by_role("button", name=name, exact=True).click()
        wait_ready(pg)
    pg.locator("li", has_text="Kestävä kehitys").wait_for()
    blocking = [v for v in run_axe(pg) if v["impact"] in ("critical", "serious")]
    assert not blocking, summary(blocking)
    shot(pg, "survey_phone_ranked")
    pg.get_by_text("jokseenkin samaa mieltä", exact=True).tap(force=True)  # a finger on the words of 4
    pg.get_by_label("Mikä?").fill(XSS)
    pg.get_by_role("button", name="Lähetä vastaus").click()
    pg.get_by_text("Kiitos! Vastauksesi on tallennettu.").wait_for()
    shot(pg, "survey_phone_answered")
    engine = db.make_engine(url)
    survey = store.get(engine, code)
    assert store.count(engine, survey) == 1
    assert store.answers(engine, survey)[0].statements == {"s1": 4}
    assert store.answers(engine, survey)[0].rank == THEMES
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


WALL = {"width": 1280, "height": 720}  # a projector


def test_wall_survey_step_and_report_section_pass_axe(browser, survey_server) -> None:  # type: ignore[no-untyped-def]
    """A workshop wall at a survey step (published results, residents vs the revealed room ranking), the
    situation report page with "what residents said", and the HTML summary file: axe on each."""
    from foresight import report, survey_export
    from foresight.workshop import service

    base, url = survey_server
    code, key = make(url)
    engine = db.make_engine(url)
    for i, order in enumerate((list(THEMES), list(THEMES), list(THEMES)[::-1])):
        store.submit(
            engine, code, f"{i:032d}", {"rank": order, "picks": ["Koulut"], "statements": {"s1": 5 - i}}
        )
    store.submit(engine, code, "9" * 32, {"open": XSS})
    [(answer_id, _, _)] = store.open_answers(engine, store.get(engine, code), store.PENDING)
    store.moderate(engine, code, key, answer_id, store.APPROVED)
    store.publish(engine, code, key)
    made = service.create_workshop(
        engine,
        "Valtuustoseminaari",
        "297",
        steps=[
            {"id": "survey_1", "kind": "survey", "title": "", "survey": code},
            {"id": "ranking", "kind": "ranking", "title": ""},
        ],
    )
    seat = service.join(engine, made.join_code)
    service.submit(engine, seat.token, "ranking", "ranking", {"order": list(THEMES)[::-1]}, "k1")
    service.reveal(engine, made.workshop.id, made.facilitator_key, "ranking")

    context = browser.new_context(viewport=WALL)
    pg = context.new_page()
    pg.goto(f"{base}/present?ws={made.join_code}&lang=fi")
    wait_ready(pg)
    pg.get_by_text("Asukkaat ja työpaja: teemojen sijat").wait_for()
    pg.get_by_text(XSS).wait_for()  # the approved open answer, as text
    assert pg.locator("img[src='x']").count() == 0
    shot(pg, "survey_wall")
    blocking = [v for v in run_axe(pg) if v["impact"] in ("critical", "serious")]
    assert not blocking, summary(blocking)

    pg.goto(f"{base}/report?municipality=297&lang=fi")
    wait_ready(pg)
    frame = pg.frame_locator("iframe").first
    frame.get_by_role("heading", name="Mitä asukkaat sanoivat").wait_for()
    frame.get_by_role("heading", name="Mitä asukkaat sanoivat").scroll_into_view_if_needed()
    shot(pg, "survey_report_page")
    blocking = [v for v in run_axe(pg) if v["impact"] in ("critical", "serious")]
    assert not blocking, summary(blocking)

    # The facilitator's page with the survey open: axe, and the HTML summary downloaded as a file.
    pg.goto(f"{base}/survey?municipality=297&lang=fi")
    wait_ready(pg)
    pg.get_by_label("Kyselyn koodi").fill(code)
    pg.get_by_label("Omistajan avain").fill(key)
    pg.get_by_role("button", name="Avaa oma kysely").click()
    pg.get_by_role("button", name="Lataa HTML-yhteenveto").wait_for()
    wait_ready(pg)
    shot(pg, "survey_facilitator_results")
    blocking = [v for v in run_axe(pg) if v["impact"] in ("critical", "serious")]
    assert not blocking, summary(blocking)
    with pg.expect_download() as got:
        pg.get_by_role("button", name="Lataa HTML-yhteenveto").click()
    summary_file = got.value.path().read_text(encoding="utf-8")
    assert summary_file.startswith('<!DOCTYPE html><html lang="fi">')
    assert "&lt;img src=x onerror=alert(1)&gt;" in summary_file and "<img" not in summary_file
    assert "Kunnan oma kysely, ei virallinen tilasto." in summary_file

    # The report and the summary file as a browser opens them: axe on the documents themselves.
    survey = store.get(engine, code)
    res = store.results(engine, survey)
    for name, html in (
        ("survey_summary_file", survey_export.summary_html(survey, res, "sv")),
        (
            "survey_report_section",
            f'<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>t</title>'
            f"<style>{report.SURVEY_CSS}</style></head><body><main>"
            f"{report.residents_section(survey, res, 'fi')}</main></body></html>",
        ),
    ):
        pg.set_content(html)
        assert pg.locator("script").count() == 0
        shot(pg, name)
        blocking = [v for v in run_axe(pg) if v["impact"] in ("critical", "serious")]
        assert not blocking, (name, summary(blocking))
    engine.dispose()
    context.close()


def test_phone_types_a_printed_code_by_keyboard(browser, survey_server) -> None:  # type: ignore[no-untyped-def]
    """A resident with a code from a printed notice: a link that leads nowhere offers the code field; a
    wrong code is said on the page (axe clean with the message), the right one typed by keyboard opens it."""
    base, url = survey_server
    code, _ = make(url)
    context, pg = phone_at(browser, f"{base}/answer?s=ZZZZ&lang=fi")
    pg.get_by_text("Kyselyä ei löydy. Tarkista linkki tai koodi.").wait_for()
    field = pg.get_by_label("Kyselyn koodi (6 merkkiä)")
    field.fill("")
    field.press_sequentially("abc")
    field.press("Enter")  # a form sends with Enter, no pointer needed
    pg.get_by_text("Tarkista koodi: siinä on 6 merkkiä").wait_for()
    shot(pg, "survey_phone_code_wrong")
    blocking = [v for v in run_axe(pg) if v["impact"] in ("critical", "serious")]
    assert not blocking, summary(blocking)
    field.fill("")
    field.press_sequentially(f"{code[:3].lower()} {code[3:]}")
    field.press("Enter")
    pg.locator("h1", has_text="Kunta 2030").wait_for()
    assert f"s={code}" in pg.url
    shot(pg, "survey_phone_code_opened")
    context.close()


EIGHT = [
    "Lähipalvelut",
    "Koulut",
    "Työpaikat",
    "Liikenne",
    "Luonto",
    "Kulttuuri",
    "Turvallisuus",
    "Vanhukset",
]


def test_phone_picks_three_of_eight_without_select_all(browser, survey_server) -> None:  # type: ignore[no-untyped-def]
    """The pick question has no English "Select all" (it picked the first three listed); a fourth tap is
    refused in Finnish and nothing of it is stored; an empty send's refusal goes once the answer changes."""
    base, url = survey_server
    engine = db.make_engine(url)
    now = datetime.now(UTC)
    survey, _ = store.create(
        engine,
        sv.make_definition("Kunta 2030", EIGHT, ["Hyvä asua"], "", []),
        municipality="297",
        lang="fi",
        opens=now - timedelta(hours=1),
        closes=now + timedelta(days=3),
        retain_until=now + timedelta(days=30),
    )
    context, pg = phone_at(browser, f"{base}/answer?s={survey.code}&lang=fi")
    # an empty send is refused; the refusal goes as soon as a choice is made
    pg.get_by_role("button", name="Lähetä vastaus").click()
    refusal = pg.get_by_text("Vastauksesi on tyhjä, joten sitä ei tallennettu.")
    refusal.wait_for()
    pg.get_by_text("jokseenkin samaa mieltä", exact=True).tap(force=True)  # a finger on the words of 4
    refusal.wait_for(state="hidden", timeout=5_000)
    assert pg.get_by_text("Select all").count() == 0
    assert pg.get_by_text("You can only select").count() == 0
    for name in EIGHT[:4]:
        pg.get_by_role("button", name=name, exact=True).click()
        wait_ready(pg)
    pg.get_by_text("Voit valita enintään kolme.").wait_for()
    assert pg.get_by_text("Select all").count() == 0
    shot(pg, "survey_phone_fourth_pick")
    blocking = [v for v in run_axe(pg) if v["impact"] in ("critical", "serious")]
    assert not blocking, summary(blocking)
    pg.get_by_role("button", name="Lähetä vastaus").click()
    pg.get_by_text("Kiitos! Vastauksesi on tallennettu.").wait_for()
    [stored] = store.answers(engine, store.get(engine, survey.code))
    assert sorted(stored.picks) == sorted(EIGHT[:3])
    engine.dispose()
    context.close()


def test_code_field_has_no_english_enter_hint(browser, survey_server) -> None:  # type: ignore[no-untyped-def]
    base, _ = survey_server
    context, pg = phone_at(browser, f"{base}/answer?lang=fi")
    field = pg.get_by_label("Kyselyn koodi (6 merkkiä)")
    field.press_sequentially("abc")
    pg.wait_for_timeout(300)
    shot(pg, "survey_phone_code_typing")
    assert not pg.get_by_text("Press Enter").is_visible()
    field.press("Enter")  # Enter (a phone's "Go") still sends
    pg.get_by_text("Tarkista koodi: siinä on 6 merkkiä").wait_for()
    context.close()


def test_swedish_page_marks_finnish_only_texts(browser, survey_server) -> None:  # type: ignore[no-untyped-def]
    base, url = survey_server
    code, _ = make(url)  # written in Finnish only
    context, pg = phone_at(browser, f"{base}/answer?s={code}&lang=sv")
    assert pg.locator("html").get_attribute("lang") == "sv"
    for text in ("Kunta 2030", "Hyvä asua", "Mikä?"):
        assert pg.locator('span[lang="fi"]', has_text=text).count() == 1, text
    shot(pg, "survey_phone_sv_finnish_texts")
    blocking = [v for v in run_axe(pg) if v["impact"] in ("critical", "serious")]
    assert not blocking, summary(blocking)
    context.close()
