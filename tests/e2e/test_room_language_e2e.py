"""The participant's language on a 390 px phone: from the QR link (Finnish) to Svenska on the page itself,
by keyboard, with the join code and an answer in progress kept; axe on the switched pages.
Every answer here is test data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from foresight import survey as sv
from foresight import survey_store as store
from foresight.i18n import t
from foresight.workshop import db, service
from tests.e2e.axe import BLOCKING, run_axe, summary
from tests.e2e.conftest import free_port, shot, start_server, wait_ready
from tests.e2e.test_accessibility_e2e import focus_is_visible
from tests.survey_setup import bilingual_definition, open_survey

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
SWITCH = ".st-key-room_lang"


@pytest.fixture(scope="module")
def room_server(tmp_path_factory) -> Iterator[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """A server with its own SQLite store; yields its URL and the store's URL."""
    url = f"sqlite:///{tmp_path_factory.mktemp('room_lang') / 'store.sqlite'}"
    port = free_port()
    proc = start_server(port, {"KUNTALUOTAIN_DB_URL": url})
    yield f"http://127.0.0.1:{port}", url
    proc.terminate()
    proc.wait(timeout=20)


def phone_at(browser, address: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.goto(address)
    wait_ready(pg)
    return context, pg


def blocking(pg: Any) -> list[dict[str, Any]]:
    return [v for v in run_axe(pg) if v["impact"] in BLOCKING]


def visible_on_first_screen(pg: Any, name: str) -> dict[str, float]:
    """The switch's button `name` is in the main area, inside the first 390 × 844 screen, not in the sidebar."""
    button = pg.locator(SWITCH).get_by_role(
        "radio", name=name, exact=True
    )  # one choice of three: a radio group
    assert button.is_visible()
    assert pg.get_by_test_id("stMain").locator(SWITCH).count() == 1
    assert pg.get_by_test_id("stSidebar").locator(SWITCH).count() == 0
    box = button.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"] / 4  # at the top, not below the form
    assert box["height"] >= 24 and box["width"] >= 24  # a finger's target (WCAG 2.5.8's minimum)
    # below Streamlit's fixed header, focus ring included (3px outline 2px away): nothing of it hidden
    header = pg.evaluate("() => document.querySelector('header').getBoundingClientRect().bottom")
    assert box["y"] - 5 >= header
    return box


def test_join_from_the_qr_link_then_svenska_by_keyboard(browser, room_server) -> None:  # type: ignore[no-untyped-def]
    base, url = room_server
    engine = db.make_engine(url)
    ws = service.create_workshop(engine, "Testityöpaja", "297")
    engine.dispose()
    code = ws.join_code
    context, pg = phone_at(browser, f"{base}/join?join={code}&lang=fi")
    assert pg.locator("h1").first.inner_text() == "Liity työpajaan"
    visible_on_first_screen(pg, "Svenska")
    heading = pg.locator("h1").first.bounding_box()
    assert heading is not None
    assert pg.locator(SWITCH).bounding_box()["y"] < heading["y"]  # type: ignore[index]  # above the title
    shot(pg, "room_lang_join_fi_390")
    assert not (found := blocking(pg)), summary(found)
    # Keyboard only, from the name just typed (not yet sent): Shift+Tab back up reaches the group; an arrow
    # moves to Svenska (marked as Swedish for a screen reader's voice), Space takes it.
    pg.get_by_role("textbox", name="Nimesi (vapaaehtoinen)").fill("Testinimi")
    for _ in range(8):
        pg.keyboard.press("Shift+Tab")
        if pg.evaluate("() => document.activeElement?.getAttribute('role') === 'radio'"):
            break
    here = pg.evaluate("() => document.activeElement.innerText.trim()")
    assert here in ("Suomi", "English")  # the group is one Tab stop, entered at its near end
    assert focus_is_visible(pg)
    pg.keyboard.press("ArrowRight" if here == "Suomi" else "ArrowLeft")  # arrows move within the group
    assert pg.evaluate("() => document.activeElement.innerText.trim()") == "Svenska"
    assert pg.evaluate("() => document.activeElement.getAttribute('lang')") == "sv"
    pg.keyboard.press("Space")
    pg.wait_for_function("() => document.documentElement.lang === 'sv'")
    wait_ready(pg)
    assert pg.locator("h1").first.inner_text() == t("workshop.join.heading", "sv")
    assert "lang=sv" in pg.url and f"join={code}" in pg.url
    assert pg.get_by_role("textbox", name=t("workshop.join.code", "sv")).input_value() == code
    # typed, not yet sent, and kept
    assert pg.get_by_role("textbox", name=t("workshop.join.name", "sv")).input_value() == "Testinimi"
    chosen = pg.locator(SWITCH).get_by_role("radio", checked=True)
    assert chosen.inner_text().strip() == "Svenska"
    # the focus stays on the choice (the same control, redrawn in Swedish), not thrown to the page's top
    assert pg.evaluate("() => document.activeElement.innerText.trim()") == "Svenska"
    visible_on_first_screen(pg, "Suomi")
    shot(pg, "room_lang_join_sv_390")
    assert not (found := blocking(pg)), summary(found)
    # A reload (the phone's browser restored) opens in Swedish again.
    pg.reload()
    wait_ready(pg)
    assert pg.locator("h1").first.inner_text() == t("workshop.join.heading", "sv")
    context.close()


def test_survey_answer_in_progress_survives_a_switch(browser, room_server) -> None:  # type: ignore[no-untyped-def]
    base, url = room_server
    engine = db.make_engine(url)
    definition = sv.make_definition("Kunta 2030", ["Koulut", "Kirjasto"], ["Hyvä asua"], "Mikä?", [])
    survey, _ = open_survey(engine, definition)
    engine.dispose()
    context, pg = phone_at(browser, f"{base}/answer?s={survey.code}&lang=fi")
    visible_on_first_screen(pg, "English")
    for name in ("Elinvoima", "Kuntatalous"):
        pg.get_by_role("button", name=name, exact=True).click()
        wait_ready(pg)
    pg.get_by_role("button", name="Kirjasto", exact=True).click()  # a pick (kept in the session at once)
    wait_ready(pg)
    # Typed text waits in the browser until Send and stays (scale and list choices: the test below).
    pg.get_by_label("Mikä?").fill("Testivastaus")
    pg.locator(SWITCH).get_by_role("radio", name="English", exact=True).click()
    pg.wait_for_function("() => document.documentElement.lang === 'en'")
    wait_ready(pg)
    main = pg.get_by_test_id("stMain")
    first, second = t("theme.vitality", "en"), t("theme.finances", "en")
    main.locator("ol > li").nth(0).filter(has_text=first).wait_for()
    main.locator("ol > li").nth(1).filter(has_text=second).wait_for()
    assert f"s={survey.code}" in pg.url and "lang=en" in pg.url
    assert pg.get_by_label("Mikä?").input_value() == "Testivastaus"
    assert main.get_by_role("button", name="Kirjasto", exact=True).get_attribute("aria-pressed") == "true"
    shot(pg, "room_lang_answer_en_390")
    assert not (found := blocking(pg)), summary(found)
    context.close()


def test_survey_unsent_choices_survive_a_switch_and_are_sent(browser, room_server) -> None:  # type: ignore[no-untyped-def]
    """Scale answers, an age group and an area chosen in Finnish but not yet sent are still chosen after a switch
    to Svenska (statements and areas in the facilitator's Swedish), and Send stores exactly them."""
    base, url = room_server
    engine = db.make_engine(url)
    definition = bilingual_definition()
    survey, _ = open_survey(engine, definition)
    context, pg = phone_at(browser, f"{base}/answer?s={survey.code}&lang=fi")

    def scale(statement: str):  # type: ignore[no-untyped-def]
        return pg.get_by_role("radiogroup", name=statement).get_by_role("radio")

    # Streamlit hides the radio input itself; its label is what a finger taps.
    pg.get_by_role("radiogroup", name="Hyvä asua").locator("label").nth(3).click()  # 4
    # 2, by a finger on its words (a caption beside the label, under the label's stretched tap area)
    pg.get_by_role("radiogroup", name="Palvelut lähellä").get_by_text(t("survey.scale.words.2", "fi")).tap(
        force=True
    )
    pg.get_by_label(t("survey.q.age", "fi")).tap()  # a tap opens the list on a phone (a mouse click does not)
    pg.get_by_role("option", name="30–44").tap()
    pg.get_by_label(t("survey.q.area", "fi")).tap()
    pg.get_by_role("option", name="Kylät").tap()
    assert scale("Hyvä asua").nth(3).is_checked() and scale("Palvelut lähellä").nth(1).is_checked()
    # a scale point is named by its number and its words, in the reader's language (names.js)
    for n in (1, 4):
        assert (
            scale("Hyvä asua").nth(n - 1).get_attribute("aria-label")
            == f"{n} {t(f'survey.scale.words.{n}', 'fi')}"
        )
    assert scale("Hyvä asua").nth(3).get_attribute("aria-describedby") is None  # the words are not read twice
    pg.locator(SWITCH).get_by_role("radio", name="Svenska", exact=True).click()
    pg.wait_for_function("() => document.documentElement.lang === 'sv'")
    wait_ready(pg)
    # the statements now in the facilitator's Swedish, the same choices still made
    assert [scale("Bra att bo").nth(i).is_checked() for i in range(5)] == [False, False, False, True, False]
    assert [scale("Service nära").nth(i).is_checked() for i in range(5)] == [False, True, False, False, False]
    sv_four = f"4 {t('survey.scale.words.4', 'sv')}"
    pg.get_by_role("radiogroup", name="Bra att bo").get_by_role("radio", name=sv_four, exact=True).wait_for(
        state="attached"
    )
    age = pg.get_by_label(t("survey.q.age", "sv")).input_value()  # the list's field shows the choice
    area = pg.get_by_label(t("survey.q.area", "sv")).input_value()
    assert "30–44" in age and t("survey.q.skip", "sv") not in age
    assert "Byarna" in area and t("survey.q.skip", "sv") not in area
    shot(pg, "room_lang_answer_choices_sv_390")
    assert not (found := blocking(pg)), summary(found)
    pg.get_by_role("button", name=t("survey.submit", "sv")).click()
    pg.get_by_text(
        t("survey.saved", "sv", closes="X").split(".")[0]
    ).wait_for()  # "Tack! Ditt svar har sparats"
    [stored] = store.answers(engine, store.get(engine, survey.code))
    engine.dispose()
    assert stored.statements == {"s1": 4, "s2": 2}
    assert (stored.age, stored.area) == ("30_44", "Kylät")  # the area as the survey's own text
    context.close()
