"""Survey pages under AppTest: a facilitator creates, a resident answers from ?s=CODE; all answers are test data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from foresight import survey as sv
from foresight import survey_export
from foresight import survey_store as store
from foresight.columns import THEMES
from foresight.i18n import t
from foresight.workshop import db
from tests.app.conftest import run_app, texts
from tests.survey_setup import open_survey

XSS = "<script>alert(1)</script> **bold** =1+1"


@pytest.fixture
def eng(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'workshop.sqlite'}"
    monkeypatch.setenv(db.ENV_URL, url)
    engine = db.make_engine(url)
    yield engine
    engine.dispose()


def make(  # type: ignore[no-untyped-def]
    eng,
    *,
    closes_in: timedelta = timedelta(days=7),
    closes: datetime | None = None,
    retain_until: datetime | None = None,
):
    """A survey open since yesterday (test data); it closes in `closes_in` unless `closes` is given."""
    now = datetime.now(UTC)
    definition = sv.make_definition("Kunta 2030", ["Koulut", "Kirjasto"], ["Hyvä asua"], "Mikä?", ["Kylät"])
    return store.create(
        eng,
        definition,
        municipality="297",
        lang="fi",
        opens=now - timedelta(days=1),
        closes=closes or now + closes_in,
        retain_until=retain_until or now + timedelta(days=30),
    )


def submit(at, lang: str = "fi"):  # type: ignore[no-untyped-def]
    at.button(key="FormSubmitter:answer_form-" + t("survey.submit", lang)).click().run()
    assert not at.exception, at.exception


def test_resident_answers_and_changes_one_stored_answer(eng) -> None:
    survey, _ = make(eng)
    at = run_app("pages/answer.py", lang="fi", s=survey.code)
    assert not at.exception
    assert at.title[0].value == "Kunta 2030"
    assert not [m for m in at.multiselect if m.key == "answer_rank"]  # the workshop's tap control instead
    tap(at, THEMES[:5])  # the sixth follows by itself
    assert at.session_state["answer_rank_order"] == list(THEMES)
    at.pills(key="answer_picks").set_value(["Kirjasto"])
    at.radio(key="answer_st_s1").set_value(4)
    at.text_area(key="answer_open").input(XSS)
    submit(at)
    closes = survey.closes
    assert t("survey.saved", "fi", closes=f"{closes.day}.{closes.month}.{closes.year}") in texts(at)
    submit(at)  # double submit: still one answer
    assert store.count(eng, survey) == 1
    got = store.answers(eng, survey)[0]
    assert got.rank == THEMES and got.picks == ("Kirjasto",) and got.statements == {"s1": 4}
    assert got.open_text == XSS


def tap(at, themes) -> None:  # type: ignore[no-untyped-def]
    """Tap themes in order on the answer page's ranking control."""
    for theme in themes:
        at.button(key=f"answer_rank_tap_{theme}").click().run()
        assert not at.exception, at.exception


def test_ranking_taps_reset_and_a_changed_answer_starts_from_the_earlier_order(eng) -> None:
    survey, _ = make(eng)
    at = run_app("pages/answer.py", lang="en", s=survey.code)
    order = ["finances", "vitality", "wellbeing", "population", "participation"]
    tap(at, order[:2])
    assert at.session_state["answer_rank_order"] == order[:2]
    assert not [b for b in at.button if b.key in ("answer_rank_tap_finances", "answer_rank_tap_vitality")]
    body = texts(at)
    assert "1. **Municipal finances**" in body and t("workshop.vote.ranking.next", "en", n=3) in body
    at.button(key="answer_rank_reset").click().run()
    assert at.session_state["answer_rank_order"] == []
    tap(at, order)
    submit(at, "en")
    [stored] = store.answers(eng, survey)
    assert list(stored.rank) == [*order, "sustainability"]
    # the same browser in a new visit (the order not yet in its session): the earlier order is there to change
    del at.session_state["answer_rank_order"]
    at.run()
    assert at.session_state["answer_rank_order"] == [*order, "sustainability"]
    assert "6. **" + t("theme.sustainability", "en") + "**" in texts(at)


def test_partial_rank_is_refused_with_a_message(eng) -> None:
    survey, _ = make(eng)
    at = run_app("pages/answer.py", lang="sv", s=survey.code)
    tap(at, THEMES[:3])
    at.button(key="FormSubmitter:answer_form-" + t("survey.submit", "sv")).click().run()
    assert t("survey.error.rank", "sv") in texts(at)
    assert store.count(eng, survey) == 0


def test_honeypot_stores_nothing(eng) -> None:
    survey, _ = make(eng)
    at = run_app("pages/answer.py", lang="fi", s=survey.code)
    at.text_input(key="answer_hp").input("http://spam.example")
    submit(at)
    assert t("survey.error.bot", "fi") in texts(at)
    assert store.count(eng, survey) == 0


def test_unknown_code_and_closed_survey(eng) -> None:
    at = run_app("pages/answer.py", lang="en", s="ZZZZZZ")
    assert not at.exception
    assert "No survey found. Please check the link or the code." in texts(at)
    assert at.text_input(key="answer_code").value == "ZZZZZZ"  # the code form, to type it right
    survey, _ = make(eng, closes_in=timedelta(seconds=-1))
    at = run_app("pages/answer.py", lang="en", s=survey.code)
    assert not at.exception
    assert t("survey.error.closed", "en") in texts(at)
    assert not at.pills  # no form after closing


def test_published_results_show_markup_literally(eng) -> None:
    survey, key = make(eng)
    store.submit(eng, survey.code, "a" * 32, {"rank": list(THEMES), "open": XSS})
    [(answer_id, _, _)] = store.open_answers(eng, survey, store.PENDING)
    store.moderate(eng, survey.code, key, answer_id, store.APPROVED)
    store.publish(eng, survey.code, key)
    at = run_app("pages/answer.py", lang="fi", s=survey.code)
    assert not at.exception
    body = texts(at)
    assert t("survey.results", "fi") in body
    assert "<script>" not in body and "\\<script\\>" in body  # escaped for st.markdown, shown literally


def test_facilitator_creates_moderates_publishes_and_deletes(eng) -> None:
    at = run_app("pages/survey.py", lang="fi", municipality="297")
    assert not at.exception
    at.text_input(key="survey_title").input("Testikysely")
    at.text_area(key="survey_picks").input("Koulut\nKirjasto")
    at.text_area(key="survey_statements").input("Hyvä asua")
    at.text_input(key="survey_open").input("Mikä?")
    at.button(key="FormSubmitter:survey_create-" + t("survey.create.submit", "fi")).click().run()
    assert not at.exception, at.exception
    code, key = at.session_state["survey_owner"]
    assert key in [c.value for c in at.code]  # the owner key, in the "survey created" card
    survey = store.get(eng, code)
    assert survey.definition.picks == ("Koulut", "Kirjasto") and survey.municipality == "297"
    store.submit(eng, code, "b" * 32, {"rank": list(THEMES)[::-1], "open": XSS})
    at.run()
    assert not at.exception
    at.button(key="survey_mod_approve_1").click().run()
    assert store.results(eng, survey).open_answers == [XSS]
    at.button(key="survey_publish").click().run()
    assert store.get(eng, code).published
    downloads = at.get("download_button")
    assert len(downloads) == 3  # CSV, Excel and the HTML summary
    html = survey_export.summary_html(survey, store.results(eng, survey), "fi")
    assert '<html lang="fi">' in html and "Testikysely" in html
    assert "&lt;script&gt;" in html and "<script>" not in html  # the approved answer, escaped
    at.button(key="survey_delete").click().run()
    assert not at.exception
    assert store.find(eng, code) is None and store.count(eng, survey) == 0


def test_wrong_owner_key_is_refused(eng) -> None:
    survey, _ = make(eng)
    at = run_app("pages/survey.py", lang="en")
    at.text_input(key="survey_code").input(survey.code)
    at.text_input(key="survey_key").input("not the key")
    at.button(key="FormSubmitter:survey_open_form-" + t("survey.open.heading", "en")).click().run()
    assert t("survey.error.owner", "en") in texts(at)
    assert "survey_owner" not in at.session_state


def test_facilitator_sees_link_qr_and_residents_vs_council(eng) -> None:
    from foresight.workshop import service

    survey, key = make(eng)
    store.submit(eng, survey.code, "c" * 32, {"rank": list(THEMES)})
    created = service.create_workshop(eng, "Valtuusto", steps=[{"id": "r", "kind": "ranking", "title": "R"}])
    seat = service.join(eng, created.join_code, "v")
    service.submit(eng, seat.token, "r", "ranking", {"order": list(THEMES)[::-1]}, "k1")
    at = run_app("pages/survey.py", lang="en")
    at.text_input(key="survey_code").input(survey.code)
    at.text_input(key="survey_key").input(key)
    at.button(key="FormSubmitter:survey_open_form-" + t("survey.open.heading", "en")).click().run()
    assert not at.exception, at.exception
    assert any("/answer?lang=en&s=" + survey.code in str(c.value) for c in at.code)
    at.text_input(key="survey_compare_code").input("ZZZZZZ").run()
    assert t("survey.compare.unknown", "en") in texts(at)
    at.text_input(key="survey_compare_code").input(created.join_code).run()
    assert not at.exception, at.exception
    frames = [f.value for f in at.dataframe]
    comparison = next(f for f in frames if t("survey.col.council", "en") in f.columns)
    row = comparison[comparison[t("survey.col.item", "en")] == "Vitality"].iloc[0]
    assert row[t("survey.col.residents", "en")] == 1 and row[t("survey.col.council", "en")] == 6
    assert row[t("survey.col.difference", "en")] == 5


def test_expired_survey_is_purged_when_the_page_opens(eng) -> None:
    now = datetime.now(UTC)
    definition = sv.make_definition("Vanha", [], [], "")
    old, _ = store.create(
        eng,
        definition,
        municipality="297",
        lang="fi",
        opens=now - timedelta(days=60),
        closes=now - timedelta(days=30),
        retain_until=now - timedelta(days=1),
    )
    run_app("pages/survey.py", lang="fi")
    assert store.find(eng, old.code) is None


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_ready_questions_in_each_language(eng, lang: str) -> None:
    at = run_app("pages/survey.py", lang=lang)
    at.button(key="FormSubmitter:survey_create-" + t("survey.create.submit", lang)).click().run()
    assert not at.exception, at.exception
    code, _ = at.session_state["survey_owner"]
    d = store.get(eng, code).definition
    assert d.title == t("survey.create.title.default", lang)
    assert list(d.picks) == t("survey.create.picks.default", lang).splitlines()
    assert [text for _, text in d.statements] == t("survey.create.statements.default", lang).splitlines()
    assert d.open_question == t("survey.create.open.default", lang)


def _report_html(at) -> str:  # type: ignore[no-untyped-def]
    """The report the page previews (the iframe's srcdoc)."""
    [frame] = at.get("iframe")
    return str(frame.proto.srcdoc)


def test_report_shows_what_residents_said_only_for_a_published_survey(eng) -> None:
    survey, key = make(eng)  # municipality 297
    store.submit(eng, survey.code, "d" * 32, {"rank": list(THEMES), "statements": {"s1": 4}, "open": XSS})
    store.submit(eng, survey.code, "e" * 32, {"rank": list(THEMES)[::-1], "open": "Ei julkaista"})
    at = run_app("pages/report.py", lang="fi", municipality="297")
    assert not at.exception, at.exception
    heading = t("report.residents.heading", "fi")
    assert heading not in _report_html(at)  # not published: nothing
    assert not [s for s in at.selectbox if s.key == "report_survey_297"]  # nothing to pick
    [(first, _, _), _] = store.open_answers(eng, survey, store.PENDING)
    store.moderate(eng, survey.code, key, first, store.APPROVED)
    store.publish(eng, survey.code, key)
    at = run_app("pages/report.py", lang="fi", municipality="297")
    assert not at.exception, at.exception
    html = _report_html(at)
    assert f"<h2>{heading}</h2>" in html
    assert t("survey.source.note", "fi") in html and t("survey.results.respondents", "fi", n=2) in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "Ei julkaista" not in html  # an open answer not approved stays out
    assert html.index(heading) < html.index(t("report.peers_heading", "fi"))
    # "no survey" takes the section out again
    at.selectbox(key="report_survey_297").set_value("").run()
    assert heading not in _report_html(at)


def test_report_sets_a_workshops_theme_places_beside_the_residents(eng) -> None:
    from foresight.workshop import service

    survey, key = make(eng)  # municipality 297
    store.submit(eng, survey.code, "d" * 32, {"rank": list(THEMES)})
    store.publish(eng, survey.code, key)
    created = service.create_workshop(eng, "Valtuusto", steps=[{"id": "r", "kind": "ranking", "title": "R"}])
    seat = service.join(eng, created.join_code, "v")
    service.submit(eng, seat.token, "r", "ranking", {"order": list(THEMES)[::-1]}, "k1")
    at = run_app("pages/report.py", lang="en", municipality="297")
    heading = t("survey.compare.heading", "en")
    assert heading not in _report_html(at)  # only when a workshop is given
    at.text_input(key="report_survey_ws_297").input("ZZZZZZ").run()
    assert t("survey.compare.unknown", "en") in texts(at) and heading not in _report_html(at)
    at.text_input(key="report_survey_ws_297").input(created.join_code).run()
    assert not at.exception, at.exception
    html = _report_html(at)
    assert f"<h3>{heading}</h3>" in html
    # residents put vitality first, the workshop's one voter last: +5
    assert (
        '<th scope="row">Vitality</th><td class="num">1</td><td class="num">6</td><td class="num">+5</td>'
        in html
    )


def test_report_of_another_municipality_has_no_residents_section(eng) -> None:
    survey, key = make(eng)  # municipality 297
    store.publish(eng, survey.code, key)
    at = run_app("pages/report.py", lang="en", municipality="091")
    assert not at.exception, at.exception
    assert t("report.residents.heading", "en") not in _report_html(at)
    assert not [s for s in at.selectbox if s.key and s.key.startswith("report_survey")]


def test_report_still_comes_when_the_survey_store_is_down(monkeypatch) -> None:
    monkeypatch.setenv(db.ENV_URL, "postgresql://nobody@127.0.0.1:1/none")  # nothing listens on port 1
    at = run_app("pages/report.py", lang="en", municipality="297")
    assert not at.exception, at.exception
    assert t("report.survey.unavailable", "en") in texts(at)
    assert t("report.heading", "en") in texts(at) and "<h2>" in _report_html(at)


def test_survey_written_in_two_languages_is_answered_in_swedish(eng) -> None:
    """The facilitator writes the survey in Finnish and adds Swedish texts; a Swedish-speaking resident sees
    them, and the answer is stored in the survey's own (Finnish) texts, so results count both together."""
    at = run_app("pages/survey.py", lang="fi")
    at.text_input(key="survey_title").input("Kunta 2030")
    at.text_area(key="survey_picks").input("Koulut\nKirjasto")
    at.text_area(key="survey_statements").input("Hyvä asua")
    at.text_input(key="survey_tr_sv_title").input("Kommunen 2030")
    at.text_area(key="survey_tr_sv_picks").input("Skolor\nBibliotek")
    at.text_area(key="survey_tr_sv_statements").input("Bra att bo")
    at.button(key="FormSubmitter:survey_create-" + t("survey.create.submit", "fi")).click().run()
    assert not at.exception, at.exception
    code, _ = at.session_state["survey_owner"]
    assert any(f"/answer?lang=sv&s={code}" in str(c.value) for c in at.caption)  # the Swedish link

    resident = run_app("pages/answer.py", lang="sv", s=code)
    assert resident.title[0].value == "Kommunen 2030"
    picks = resident.pills(key="answer_picks")
    assert sorted(picks.options) == ["Bibliotek", "Skolor"]  # shown in Swedish (in a shuffled order)
    assert resident.radio(key="answer_st_s1").label == "Bra att bo"
    picks.set_value(["Kirjasto"])
    resident.button(key="FormSubmitter:answer_form-" + t("survey.submit", "sv")).click().run()
    assert not resident.exception, resident.exception
    [stored] = store.answers(eng, store.get(eng, code))
    assert stored.picks == ("Kirjasto",)


def test_a_swedish_list_of_the_wrong_length_is_refused_with_a_message(eng) -> None:
    at = run_app("pages/survey.py", lang="sv")
    at.text_area(key="survey_picks").input("A\nB\nC")
    at.text_area(key="survey_tr_fi_picks").input("A\nB")
    at.button(key="FormSubmitter:survey_create-" + t("survey.create.submit", "sv")).click().run()
    assert not at.exception, at.exception
    assert t("survey.error.translation_lines.picks", "sv", language="Suomi", n=3) in texts(at)
    assert "survey_owner" not in at.session_state


def test_a_survey_can_be_prepared_to_open_on_a_later_day(eng) -> None:
    today = datetime.now(UTC).date()
    at = run_app("pages/survey.py", lang="en")
    at.date_input(key="survey_opens").set_value(today + timedelta(days=3))
    at.text_input(key="survey_days").input("7")
    at.button(key="FormSubmitter:survey_create-" + t("survey.create.submit", "en")).click().run()
    assert not at.exception, at.exception
    code, _ = at.session_state["survey_owner"]
    survey = store.get(eng, code)
    opens = datetime.combine(today + timedelta(days=3), datetime.min.time(), UTC)
    assert survey.opens == opens and survey.closes == opens + timedelta(days=7)
    resident = run_app("pages/answer.py", lang="en", s=code)
    assert t("survey.error.upcoming", "en") in texts(resident)
    assert not [b for b in resident.button if b.key and b.key.startswith("answer_rank_tap")]


def make_dated(eng):  # type: ignore[no-untyped-def]
    """A survey open now that closes on 20 December 2099 and is deleted by 18 June 2100."""
    return make(
        eng,
        closes=datetime(2099, 12, 20, 12, 0, tzinfo=UTC),
        retain_until=datetime(2100, 6, 18, 12, 0, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("lang", "retain", "closes"),
    [
        ("fi", "poistetaan viimeistään 18.6.2100", "sulkeutumiseen 20.12.2099 asti"),
        ("sv", "raderas senast 18.6.2100", "stänger 20.12.2099"),
        ("en", "deleted by 18 June 2100", "closes on 20 December 2099"),
    ],
)
def test_resident_reads_dates_as_the_language_writes_them(eng, lang: str, retain: str, closes: str) -> None:
    survey, _ = make_dated(eng)
    at = run_app("pages/answer.py", lang=lang, s=survey.code)
    assert retain in texts(at)
    assert "2100-06-18" not in texts(at)
    tap(at, THEMES[:5])
    submit(at, lang)
    assert closes in texts(at)


def test_facilitator_reads_dates_day_first_and_the_picker_writes_them_so(eng) -> None:
    survey, key = make_dated(eng)
    at = run_app("pages/survey.py", lang="fi", municipality="297")
    assert at.date_input(key="survey_opens").proto.format == "DD.MM.YYYY"
    assert at.text_input(key="survey_days").label == "Auki (päivää)"
    assert at.text_input(key="survey_keep").label == "Säilytys sulkeutumisen jälkeen (päivää)"
    at.text_input(key="survey_code").input(survey.code)
    at.text_input(key="survey_key").input(key)
    at.button(key="FormSubmitter:survey_open_form-" + t("survey.open.heading", "fi")).click().run()
    assert not at.exception, at.exception
    assert "Auki 20.12.2099 asti" in texts(at)


def test_labels_of_days_and_dates_in_swedish_and_english(eng) -> None:
    survey, key = make_dated(eng)
    at = run_app("pages/survey.py", lang="sv", municipality="297")
    assert at.text_input(key="survey_days").label == "Öppen (dagar)"
    at = run_app("pages/survey.py", lang="en", municipality="297")
    assert at.text_input(key="survey_days").label == "Open for (days)"
    at.text_input(key="survey_code").input(survey.code)
    at.text_input(key="survey_key").input(key)
    at.button(key="FormSubmitter:survey_open_form-" + t("survey.open.heading", "en")).click().run()
    assert "Open until 20 December 2099" in texts(at)


def open_code(at, typed: str, lang: str):  # type: ignore[no-untyped-def]
    at.text_input(key="answer_code").input(typed)
    at.button(key="FormSubmitter:answer_code_form-" + t("survey.answer.open", lang)).click().run()
    assert not at.exception, at.exception
    return at


def test_a_printed_code_typed_by_hand_opens_the_survey(eng) -> None:
    survey, _ = make(eng)
    at = run_app("pages/answer.py", lang="fi")
    assert not at.exception
    assert at.text_input(key="answer_code").label == "Kyselyn koodi (6 merkkiä)"
    open_code(at, "ab1", "fi")  # too short, and a 1 no code has
    assert "Tarkista koodi: siinä on 6 merkkiä, kirjaimia A–Z ja numeroita 2–9." in texts(at)
    assert at.title[0].value == t("nav.answer", "fi")  # the page still there, the form too
    other = "ZZZZZZ" if survey.code != "ZZZZZZ" else "YYYYYY"
    open_code(at, other.lower(), "fi")
    assert f"Koodilla {other} ei löydy kyselyä. Tarkista koodi." in texts(at)
    open_code(at, f"{survey.code[:3].lower()} {survey.code[3:]}", "fi")  # as read off a poster
    assert at.title[0].value == "Kunta 2030"
    assert at.query_params["s"] == survey.code  # the address is the survey's link, for a reload
    assert all(w.key != "answer_code" for w in at.text_input)


@pytest.mark.parametrize(
    ("lang", "bad", "unknown"),
    [
        ("sv", "Kontrollera koden: den har 6 tecken", "Ingen enkät hittades med koden"),
        ("en", "Please check the code: it has 6 characters", "No survey has the code"),
    ],
)
def test_a_wrong_link_offers_the_code_form_in_the_readers_language(
    eng, lang: str, bad: str, unknown: str
) -> None:
    survey, _ = make(eng)
    at = run_app("pages/answer.py", lang=lang, s="ZZZZ")
    assert not at.exception
    open_code(at, "ZZZZ", lang)
    assert bad in texts(at)
    open_code(at, "ZZZZZZ" if survey.code != "ZZZZZZ" else "YYYYYY", lang)
    assert unknown in texts(at)
    open_code(at, survey.code, lang)
    # written in Finnish only: on a Swedish or English page the title is marked lang="fi"
    assert any(str(m.value) == '# <span lang="fi">Kunta 2030</span>' for m in at.markdown)


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("fi", "Vastauksesi on tyhjä, joten sitä ei tallennettu."),
        ("sv", "Ditt svar är tomt och sparades därför inte."),
        ("en", "Your answer is empty, so it was not saved."),
    ],
)
def test_an_untouched_form_is_refused_and_nothing_stored(eng, lang: str, message: str) -> None:
    survey, _ = make(eng)
    at = run_app("pages/answer.py", lang=lang, s=survey.code)
    submit(at, lang)
    assert message in texts(at)
    assert not at.success
    assert store.count(eng, survey) == 0
    at.selectbox(key="answer_age").set_value("30_44")  # a background answer alone is still empty
    submit(at, lang)
    assert message in texts(at) and store.count(eng, survey) == 0


def test_the_pick_question_says_what_is_picked(eng) -> None:
    survey, _ = make(eng)
    for lang, label in (
        ("fi", "Mitkä näistä asioista ovat sinulle tärkeimpiä? Valitse listalta enintään kolme."),
        ("sv", "Vilka av dessa saker är viktigast för dig? Välj högst tre i listan."),
        ("en", "Which of these matter most to you? Pick up to three from the list."),
    ):
        at = run_app("pages/answer.py", lang=lang, s=survey.code)
        assert at.pills(key="answer_picks").label == label


@pytest.mark.parametrize(
    ("lang", "days", "keep", "said"),
    [
        # A number field made "2,5" days of keeping 25 days, silently; "14,5" days became 145.
        (
            "fi",
            "14",
            "2,5",
            "Säilytys sulkeutumisen jälkeen (päivää): Kirjoita kokonaisluku, esimerkiksi 14.",
        ),
        ("sv", "14,5", "180", "Öppen (dagar): Skriv ett heltal, till exempel 14."),
        ("en", "91", "180", "Open for (days): Enter a number of at least 1 and at most 90."),
        ("fi", "14", "1,234.5", "voi tarkoittaa kahta eri lukua"),
    ],
)
def test_days_that_are_no_whole_number_are_refused_in_words(
    eng, lang: str, days: str, keep: str, said: str
) -> None:
    at = run_app("pages/survey.py", lang=lang)
    at.text_input(key="survey_days").input(days)
    at.text_input(key="survey_keep").input(keep)
    at.button(key="FormSubmitter:survey_create-" + t("survey.create.submit", lang)).click().run()
    assert not at.exception, at.exception
    assert said in " ".join(str(e.value) for e in at.error)
    assert "survey_owner" not in at.session_state  # nothing was created


def test_whole_days_written_with_spaces_or_a_plus_are_read(eng) -> None:
    at = run_app("pages/survey.py", lang="fi")
    at.text_input(key="survey_days").input(" +21 ")
    at.text_input(key="survey_keep").input("365")
    at.button(key="FormSubmitter:survey_create-" + t("survey.create.submit", "fi")).click().run()
    assert not at.exception and not at.error
    survey = store.get(eng, at.session_state["survey_owner"][0])
    assert survey.closes - survey.opens == timedelta(days=21)
    assert survey.retain_until - survey.closes == timedelta(days=365)


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


def make_eight(eng):  # type: ignore[no-untyped-def]
    """A survey of eight pick options (test data), open since yesterday."""
    definition = sv.make_definition("Kunta 2030", EIGHT, [], "", [])
    survey, _ = open_survey(eng, definition)
    return survey


def open_as(code: str, token: str, lang: str = "fi"):  # type: ignore[no-untyped-def]
    """The answer page for the respondent whose browser token is `token`."""
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["s"] = code
    at.session_state[f"kl_survey_{code}"] = token
    at.run()
    at.switch_page("pages/answer.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_picks_have_no_select_all_and_come_shuffled_per_respondent(eng) -> None:
    # Streamlit's multiselect offered an English "Select all" that picked the first three listed options.
    survey = make_eight(eng)
    orders = []
    for token in ("a" * 32, "b" * 32, "c" * 32, "d" * 32):
        at = open_as(survey.code, token)
        assert not [m for m in at.multiselect if m.key == "answer_picks"]
        [pills] = [p for p in at.pills if p.key == "answer_picks"]
        assert sorted(pills.options) == sorted(EIGHT)
        assert "Select all" not in pills.options
        orders.append(list(pills.options))
        again = open_as(survey.code, token)  # the same respondent: the same order
        assert [p for p in again.pills if p.key == "answer_picks"][0].options == orders[-1]
    assert len({tuple(o) for o in orders}) > 1  # 4 respondents, 8! orders: all equal would be no shuffle


def test_a_fourth_pick_is_refused_in_finnish_and_not_stored(eng) -> None:
    survey = make_eight(eng)
    at = open_as(survey.code, "e" * 32)
    at.pills(key="answer_picks").set_value(EIGHT[:3]).run()
    assert not at.exception, at.exception
    at.pills(key="answer_picks").set_value(EIGHT[:4]).run()
    assert not at.exception, at.exception
    assert sorted(at.pills(key="answer_picks").value) == sorted(EIGHT[:3])
    assert "Voit valita enintään kolme" in texts(at)
    submit(at)
    [stored] = store.answers(eng, survey)
    assert sorted(stored.picks) == sorted(EIGHT[:3])


def test_a_created_survey_is_one_card_and_the_filled_form_is_gone(eng) -> None:
    # The filled form and an active "Create survey" stayed after creating, inviting a duplicate survey; the
    # link was shown as "?s=CODE" only.
    at = run_app("pages/survey.py", lang="fi", municipality="297")
    at.text_input(key="survey_title").input("Testikysely")
    at.text_area(key="survey_picks").input("Koulut\nKirjasto")
    create_key = "FormSubmitter:survey_create-" + t("survey.create.submit", "fi")
    at.button(key=create_key).click().run()
    assert not at.exception, at.exception
    code, key = at.session_state["survey_owner"]
    assert "Kysely luotu" in texts(at)
    assert "?s=" + code not in [str(m.value).split(": ")[-1] for m in at.markdown]
    codes = [str(c.value) for c in at.code]
    assert key in codes  # the owner key, shown in the card
    assert any(c.startswith("http") and c.endswith("/answer?s=" + code) for c in codes)  # fi: no lang=
    assert create_key not in [b.key for b in at.button]  # no second "Create survey" to click
    at.run()  # any later rerun (a moderation, say) still offers no filled form
    assert create_key not in [b.key for b in at.button]
    at.button(key="survey_create_another").click().run()
    assert not at.exception, at.exception
    assert at.text_input(key="survey_title").value == t("survey.create.title.default", "fi")  # a fresh form
    assert at.text_area(key="survey_picks").value == t("survey.create.picks.default", "fi")
    with eng.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("select count(*) from surveys")).scalar() == 1


def test_finnish_only_texts_on_the_swedish_page_carry_lang_fi(eng) -> None:
    # Statements written only in Finnish were read by a Swedish voice: no lang="fi" on them.
    definition = sv.make_definition(
        XSS, ["Koulut"], ["Hyvä asua"], "Mikä?", [], translations={"sv": {"statements": ["Bra att bo"]}}
    )
    survey, _ = open_survey(eng, definition)
    at = run_app("pages/answer.py", lang="sv", s=survey.code)
    assert not at.exception, at.exception
    shown = [str(m.value) for m in at.markdown]
    assert any('<span lang="fi">Mikä?</span>' in m for m in shown)  # the open question, Finnish only
    assert not any('<span lang="fi">Bra att bo' in m for m in shown)  # written in Swedish: no fi
    title = next(m for m in shown if "alert" in m)
    assert '<span lang="fi">' in title and "<script>" not in title  # the title, escaped
    assert at.text_area(key="answer_open").label == "Mikä?"  # still the field's name
    fi_page = run_app("pages/answer.py", lang="fi", s=survey.code)
    assert not any("lang=" in str(m.value) for m in fi_page.markdown)  # the page's own language: plain


def test_create_page_says_untranslated_questions_show_in_finnish(eng) -> None:
    at = run_app("pages/survey.py", lang="fi")
    assert (
        "Kysymykset, joita ei käännetä, näkyvät muunkielisille vastaajille kyselyn omalla kielellä"
        in texts(at)
    )
