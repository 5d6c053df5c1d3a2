"""The language chosen on a participant's phone page itself (join, answer), not only in the folded sidebar.

A Swedish-speaking council member opening the workshop's QR link (?join=CODE, Finnish by default) switches
to Svenska on the page; the join code, the seat and an answer in progress stay, and the URL keeps the choice.
Every answer here is test data typed by the test.
"""

from __future__ import annotations

import pytest

from foresight import survey as sv
from foresight import survey_store as store
from foresight.columns import THEMES
from foresight.i18n import t
from foresight.workshop import db
from tests.app.conftest import run_app, texts
from tests.survey_setup import bilingual_definition, open_survey

SWITCH = "room_lang"


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    """A fresh SQLite store for the app (via the environment)."""
    address = f"sqlite:///{tmp_path / 'workshop.sqlite'}"
    monkeypatch.setenv(db.ENV_URL, address)
    return address


def switch(at):  # type: ignore[no-untyped-def]
    """The language switch in the page's main area (the sidebar's radio is a different widget)."""
    found = [s for s in at.main.segmented_control if s.key == SWITCH]
    assert len(found) == 1, "no language switch on the page itself"
    return found[0]


def workshop(url: str) -> str:
    """A ranking workshop created through the facilitator's page; returns its join code."""
    fac = run_app("pages/workshop.py", municipality="297", lang="fi")
    fac.multiselect(key="workshop_kinds").set_value(["ranking"])
    fac.text_input(key="workshop_title").input("Testityöpaja")
    fac.button(key="FormSubmitter:workshop_create-" + t("workshop.create.submit", "fi")).click().run()
    assert not fac.exception, fac.exception
    return str(fac.metric[0].value)


def test_join_page_offers_the_three_languages_by_their_own_names(url: str) -> None:
    code = workshop(url)
    at = run_app("pages/join.py", lang="fi", join=code)
    assert not at.exception, at.exception
    control = switch(at)
    assert control.options == ["Suomi", "Svenska", "English"]  # each in its own language, in this order
    assert control.value == "fi"
    assert control.label == "Kieli · Språk · Language"  # read aloud; what it is, in all three


def test_switching_on_the_join_page_keeps_the_code_from_the_qr_link(url: str) -> None:
    code = workshop(url)
    at = run_app("pages/join.py", lang="fi", join=code)
    assert at.title[0].value == "Liity työpajaan"
    switch(at).set_value("sv").run()
    assert not at.exception, at.exception
    assert at.session_state["lang"] == "sv"
    assert at.query_params["lang"] == "sv"  # a reload or a shared link keeps Swedish
    assert at.query_params["join"] == code
    assert at.title[0].value == t("workshop.join.heading", "sv") != t("workshop.join.heading", "fi")
    assert at.text_input(key="join_code").value == code
    assert switch(at).value == "sv"
    # the sidebar's radio follows the page's choice
    assert at.sidebar.radio(key="w_lang_sv").value == "sv"


def test_switching_after_joining_keeps_the_seat(url: str) -> None:
    code = workshop(url)
    at = run_app("pages/join.py", lang="fi", join=code)
    at.text_input(key="join_name").input("Testi")
    at.button(key="FormSubmitter:join_form-" + t("workshop.join.submit", "fi")).click().run()
    assert not at.exception, at.exception
    seat = dict(at.session_state["join_seat"])
    switch(at).set_value("en").run()
    assert not at.exception, at.exception
    assert dict(at.session_state["join_seat"]) == seat
    assert t("workshop.code", "en") + f": {code} · Testi" in texts(at)
    assert not [x for x in at.text_input if x.key == "join_code"]  # still joined: no join form again


def make_survey(url: str) -> store.Survey:
    eng = db.make_engine(url)
    definition = sv.make_definition("Kunta 2030", ["Koulut", "Kirjasto"], ["Hyvä asua"], "Mikä?", [])
    survey, _ = open_survey(eng, definition)
    eng.dispose()
    return survey


def test_switching_on_the_survey_page_keeps_the_answer_in_progress(url: str) -> None:
    survey = make_survey(url)
    at = run_app("pages/answer.py", lang="fi", s=survey.code)
    assert not at.exception, at.exception
    for theme in THEMES[:2]:
        at.button(key=f"answer_rank_tap_{theme}").click().run()
    at.pills(key="answer_picks").set_value(["Kirjasto"]).run()
    switch(at).set_value("sv").run()
    assert not at.exception, at.exception
    assert at.query_params["lang"] == "sv" and at.query_params["s"] == survey.code
    assert at.session_state["answer_rank_order"] == list(THEMES[:2])
    assert at.pills(key="answer_picks").value == ["Kirjasto"]
    assert "1. **" + t(f"theme.{THEMES[0]}", "sv") + "**" in texts(at)
    assert t("survey.q.rank", "sv") in texts(at)


def test_survey_page_without_a_code_has_the_switch_too(url: str) -> None:
    at = run_app("pages/answer.py", lang="fi")
    switch(at).set_value("en").run()
    assert at.title[0].value == t("nav.answer", "en")


@pytest.mark.parametrize("page", ["pages/glance.py", "pages/present.py", "pages/workshop.py"])
def test_other_pages_keep_the_language_in_the_sidebar_only(url: str, page: str) -> None:
    at = run_app(page, lang="fi", municipality="297")
    assert not [s for s in at.segmented_control if s.key == SWITCH]


def test_unsent_scale_and_background_choices_read_the_same_in_every_language(url: str) -> None:
    """The browser holds a form's unsent choice as the words it shows and sends them with Send (Streamlit 1.67;
    AppTest drops unsent form values at each run, so the browser's side is tests/e2e/test_room_language_e2e.py):
    a switch keeps a choice only if the same widget (key) shows the same words in the new language. Here: the
    scale points, age groups and areas are the same words and widgets in fi, sv and en (statements and areas
    written in the facilitator's Swedish too), the scale's words are captions in each language, and what was
    chosen in Swedish is stored as the survey's own."""
    eng = db.make_engine(url)
    definition = bilingual_definition()
    survey, _ = open_survey(eng, definition)
    at = run_app("pages/answer.py", lang="fi", s=survey.code)
    keys = ("answer_st_s1", "answer_st_s2", "answer_age", "answer_area")
    seen, said = {}, {}
    for lang in ("fi", "sv", "en"):
        if lang != "fi":
            switch(at).set_value(lang).run()
        assert not at.exception, at.exception
        radios, boxes = [at.radio(key=k) for k in keys[:2]], [at.selectbox(key=k) for k in keys[2:]]
        seen[lang] = (
            [(w.id, w.options) for w in radios],
            [(w.id, w.options, w.value) for w in boxes],
        )
        said[lang] = ([list(w.proto.captions) for w in radios], [w.proto.placeholder for w in boxes])
    assert seen["fi"] == seen["sv"] == seen["en"]
    for lang, (captions, placeholders) in said.items():  # the words beside the numbers in each language
        assert captions == [[t(f"survey.scale.words.{k}", lang) for k in sv.SCALE]] * 2
        assert placeholders == [t("survey.q.skip", lang)] * 2  # "prefer not to say": the empty list
    radios, boxes = seen["fi"]
    assert [options for _, options in radios] == [["1", "2", "3", "4", "5"]] * 2
    assert [(options, value) for _, options, value in boxes] == [
        (["0–17", "18–29", "30–44", "45–64", "65–74", "75+"], None),
        (["Keskusta / Centrum", "Kylät / Byarna"], None),
    ]
    switch(at).set_value("sv").run()
    assert at.radio(key="answer_st_s1").label == "Bra att bo"
    at.radio(key="answer_st_s1").set_value(4)
    at.radio(key="answer_st_s2").set_value(2)
    at.selectbox(key="answer_age").set_value("30_44")
    at.selectbox(key="answer_area").set_value("Kylät")
    at.button(key="FormSubmitter:answer_form-" + t("survey.submit", "sv")).click().run()
    assert not at.exception, at.exception
    [stored] = store.answers(eng, store.get(eng, survey.code))
    eng.dispose()
    assert stored.statements == {"s1": 4, "s2": 2}
    assert (stored.age, stored.area) == ("30_44", "Kylät")
