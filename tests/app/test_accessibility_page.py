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
