"""UI texts: one catalogue per language, merged from foresight/locales/<lang>/*.json."""

from __future__ import annotations

import json
import string
from functools import cache
from pathlib import Path

from foresight.columns import DEFAULT_LANGUAGE, LANGUAGES

LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}  # each in its own language

LOCALES_DIR = Path(__file__).resolve().parent / "locales"


class MissingText(KeyError):
    """A text key that the catalogue lacks (tests look for these)."""


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All texts of one language; each feature keeps its own file so features never collide."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    texts: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.json")):
        part = json.loads(path.read_text(encoding="utf-8"))
        clash = texts.keys() & part.keys()
        if clash:
            raise ValueError(f"{path.name} repeats keys {sorted(clash)[:5]}")
        texts.update(part)
    return texts


def language(value: object) -> str:
    """A supported language code, or the default one."""
    return value if isinstance(value, str) and value in LANGUAGES else DEFAULT_LANGUAGE


def has(key: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    """Whether the catalogue has a text for key."""
    return key in catalogue(language(lang))


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The text for key in lang, with {named} parameters filled in; MissingText if absent."""
    texts = catalogue(language(lang))
    try:
        text = texts[key]
    except KeyError:
        raise MissingText(key) from None
    return text.format(**params) if params else text


def placeholders(text: str) -> set[str]:
    """The {named} parameters a text expects."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def problems() -> list[str]:
    """Keys missing from a language, or with different parameters between languages."""
    found = []
    reference = catalogue(DEFAULT_LANGUAGE)
    for lang in LANGUAGES:
        texts = catalogue(lang)
        for key in reference.keys() ^ texts.keys():
            found.append(f"{lang}: {key} only in {'fi' if key in reference else lang}")
        for key in reference.keys() & texts.keys():
            if placeholders(reference[key]) != placeholders(texts[key]):
                found.append(f"{lang}: {key} has parameters {placeholders(texts[key])}")
    return sorted(found)
