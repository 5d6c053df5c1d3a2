"""The text catalogues: same keys and parameters in fi, sv and en; lookups and fallbacks."""

from __future__ import annotations

import pytest

from foresight import i18n
from foresight.columns import LANGUAGES, THEMES


def test_every_language_has_every_key_with_the_same_parameters() -> None:
    assert i18n.problems() == []


def test_lookup_fills_parameters_per_language() -> None:
    assert i18n.t("glance.heading", "fi", name="Kuopio") == "Kuopio lyhyesti"
    assert i18n.t("glance.heading", "sv", name="Kuopio") == "Kuopio i korthet"
    assert i18n.t("glance.heading", "en", name="Kuopio") == "Kuopio at a glance"


def test_unknown_key_raises_and_unknown_language_falls_back() -> None:
    with pytest.raises(i18n.MissingText):
        i18n.t("no.such.key", "fi")
    assert i18n.language("de") == "fi"
    assert i18n.language(None) == "fi"
    assert i18n.language("sv") == "sv"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_themes_and_vocabularies_are_translated(lang: str) -> None:
    for theme in THEMES:
        assert i18n.t(f"theme.{theme}", lang)
    assert len({i18n.t(f"theme.{th}", lang) for th in THEMES}) == 6


def test_placeholders() -> None:
    assert i18n.placeholders("{a} and {b}") == {"a", "b"}
    assert i18n.placeholders("none") == set()


# Counts: the form after the number follows it ("1 vastaus" / "2 vastausta"), written by hand from
# Finnish, Swedish and English grammar, never read back from the catalogue.
@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        ("fi", "Odotetaan vastauksia… 1 vastaus", "Odotetaan vastauksia… 2 vastausta"),
        ("sv", "Väntar på svar… 1 svar", "Väntar på svar… 2 svar"),
        ("en", "Waiting for answers… 1 answer", "Waiting for answers… 2 answers"),
    ],
)
def test_a_count_takes_its_form_from_the_number(lang: str, one: str, two: str) -> None:
    assert i18n.tn("workshop.present.waiting", 1, lang) == one
    assert i18n.tn("workshop.present.waiting", 2, lang) == two
    # t() picks the form by {n} too, so a refusal or note that carries key and parameters reads right.
    assert i18n.t("workshop.present.waiting", lang, n=1) == one


@pytest.mark.parametrize(
    ("key", "lang", "n", "expected"),
    [
        ("workshop.summary.voters", "fi", 1, "1 vastaaja"),
        ("workshop.summary.voters", "fi", 3, "3 vastaajaa"),
        ("workshop.summary.voters", "sv", 1, "1 svarande"),
        ("workshop.summary.voters", "en", 1, "1 respondent"),
        ("workshop.summary.guess_count", "fi", 1, "1 arvaus"),
        ("workshop.summary.guess_count", "fi", 0, "0 arvausta"),
        ("workshop.summary.guess_count", "sv", 1, "1 gissning"),
        ("workshop.summary.guess_count", "en", 1, "1 guess"),
        ("workshop.summary.guess_count", "en", 12, "12 guesses"),
    ],
)
def test_counts_in_the_workshop_read_as_grammar_wants(key: str, lang: str, n: int, expected: str) -> None:
    assert i18n.tn(key, n, lang) == expected


def test_a_formatted_count_keeps_its_format_and_an_open_one_reads_as_many() -> None:
    assert i18n.tn("workshop.summary.voters", 1500, "fi", n="1 500") == "1 500 vastaajaa"
    assert i18n.plural_form(1) == ".one"
    assert i18n.plural_form(1.0) == ".one"
    assert i18n.plural_form(0) == ".other"
    assert i18n.plural_form(1.5) == ".other"
    assert i18n.plural_form("> 5000") == ".other"
    assert i18n.has("workshop.summary.voters", "sv")
    with pytest.raises(i18n.MissingText):
        i18n.tn("no.such.count", 1, "fi")


def test_broken_count_forms_are_reported() -> None:
    texts = {
        "a.one": "{n} vastaus",  # its .other is missing
        "b.one": "{n} arvaus",
        "b.other": "arvauksia",  # no {n}
        "c.one": "{n} x {extra}",
        "c.other": "{n} y",  # the one form asks for a parameter the caller of the other need not give
        "e.one": "the error",  # may leave the number out
        "e.other": "{n} errors",
        "d": "plain",
        "d.one": "{n} d",
        "d.other": "{n} ds",  # both plain and a count
        "ok.one": "{n} svar",
        "ok.other": "{n} svar",
    }
    assert i18n.plural_problems(texts) == [
        "a lacks its .other form",
        "b.other has no {n}",
        "b: its forms have different parameters",
        "c: its forms have different parameters",
        "d is both a plain text and a count",
    ]


def test_no_text_puts_a_bare_count_before_a_noun_that_must_agree_with_it() -> None:
    """The usability review's examples: a number then a partitive/plural noun, without the two forms."""
    fi = i18n.catalogue("fi")
    bare = [
        key
        for key, text in fi.items()
        if not key.endswith((".one", ".other"))
        and any(
            f"{{{name}}} {noun}" in text
            for name in ("n", "count", "rows", "goals")
            for noun in (
                "vastausta",
                "vastaajaa",
                "arvausta",
                "kuntaa",
                "vertailukuntaa",
                "riviä",
                "virhettä",
                "indikaattoria",
                "tavoitetta",
                "järjestyksen",
                "asiaa",
                "muuta",
            )
        )
    ]
    assert bare == []
