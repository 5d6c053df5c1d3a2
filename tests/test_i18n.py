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
