"""The accessibility statement page in each language, and the app's own page menu in the sidebar."""

from __future__ import annotations

import pytest

from app import PAGES
from tests.app.conftest import run_app, texts

PAGE = "pages/accessibility.py"


@pytest.mark.parametrize(
    ("lang", "title", "words"),
    [
        (
            "fi",
            "Saavutettavuusseloste",
            ("WCAG 2.1", "osittain", "Tiedossa olevat puutteet", "14 päivän", "1.12.2026"),
        ),
        ("sv", "Tillgänglighetsutlåtande", ("WCAG 2.1", "delvis", "Kända brister", "14 dagar", "1.12.2026")),
        (
            "en",
            "Accessibility statement",
            ("WCAG 2.1", "partially", "Known limitations", "14 days", "1 December 2026"),
        ),
    ],
)
def test_statement_in_each_language(lang: str, title: str, words: tuple[str, ...]) -> None:
    at = run_app(PAGE, lang=lang, municipality="297")
    assert not at.exception
    assert at.title[0].value == title
    body = texts(at)
    for word in words:
        assert word in body, word
    assert "axe-core 4.14.1" in body
    assert len(at.header) >= 5  # status, done, limits, feedback, checks


def test_sidebar_menu_links_every_page() -> None:
    at = run_app(lang="fi", municipality="297")
    assert not at.exception
    links = at.sidebar.get("page_link")
    assert len(links) == len(PAGES)
    assert [link.proto.page for link in links][-1].endswith("accessibility")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_statement_without_a_contact_says_the_organisation_must_give_one(monkeypatch, lang: str) -> None:
    monkeypatch.delenv("KUNTALUOTAIN_A11Y_CONTACT", raising=False)
    at = run_app(PAGE, lang=lang, municipality="297")
    assert not at.exception
    [warning] = [str(w.value) for w in at.warning]
    assert "KUNTALUOTAIN_A11Y_CONTACT" in warning and "306/2019" in warning
    body = texts(at)
    # The supervisory authority's public contact, as in every Finnish statement.
    assert "saavutettavuus@traficom.fi" in body
    assert "https://www.saavutettavuusvaatimukset.fi" in body and "Traficom" in body


def test_statement_shows_the_configured_contact(monkeypatch) -> None:
    monkeypatch.setenv("KUNTALUOTAIN_A11Y_CONTACT", "Esimerkkikunta, saavutettavuus@esimerkki.fi")
    at = run_app(PAGE, lang="fi", municipality="297")
    assert not at.exception
    assert not at.warning
    body = texts(at)
    assert "**Palvelun ylläpitäjän yhteystiedot:** Esimerkkikunta, saavutettavuus@esimerkki\\.fi" in body


@pytest.mark.parametrize(
    ("lang", "true_claim", "false_claim"),
    [
        (
            "fi",
            "puhelin pyytää vain seuraamaan yhteistä näyttöä",
            "sama sisältö on osallistujan puhelinnäkymässä",
        ),
        (
            "sv",
            "ber telefonen bara deltagaren följa den gemensamma skärmen",
            "samma innehåll finns i deltagarens",
        ),
        ("en", "the phone only asks to follow the shared screen", "the same content is in the participant's"),
    ],
)
def test_statement_says_what_the_phone_really_shows(lang: str, true_claim: str, false_claim: str) -> None:
    """At a step without a vote (the situation overview, say) the phone shows only workshop.vote.none and a
    comment box (foresight/ui/workshop_phone.answer): the statement must not promise the wall's content."""
    body = texts(run_app(PAGE, lang=lang, municipality="297"))
    assert true_claim in body
    assert false_claim not in body
