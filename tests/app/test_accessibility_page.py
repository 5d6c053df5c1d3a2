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


def sidebar_order(at) -> list[str]:  # type: ignore[no-untyped-def]
    """The sidebar's elements in order: a widget by its label, a page link as "link", others by their type."""
    out = []
    for node in list(at.sidebar)[1:]:  # [0] is the sidebar block itself
        if node.type == "page_link":
            out.append("link")
        elif node.type in ("radio", "selectbox", "toggle"):
            out.append(node.label)
        else:
            out.append(node.type)
    return out


def test_sidebar_pickers_come_before_the_page_menu() -> None:
    """Language, municipality and peer group first (the municipality is the choice made most), then the sixteen
    page links, then the projector toggle and the notes."""
    order = sidebar_order(run_app(lang="fi", municipality="297"))
    first_link = order.index("link")
    assert order[:3] == ["Kieli", "Kunta", "subheader"], order
    assert order.index("Verrataan") < first_link, order
    assert order.count("link") == len(PAGES), order
    assert order.index("Esitystila (projektori)") > len(order) - 1 - order[::-1].index("link"), order


def test_room_page_sidebar_has_the_language_before_the_page_menu() -> None:
    order = sidebar_order(run_app("pages/join.py", lang="sv"))
    assert order[0] == "Språk" and order.index("link") > 0, order
    assert "Kommun" not in order and "Presentationsläge (projektor)" not in order, order


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
