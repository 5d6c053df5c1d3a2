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


# A count's text comes in two forms, "<key>.one" (exactly one) and "<key>.other" (0, 2, 3 …, fractions):
# Finnish, Swedish and English all tell only 1 apart ("1 vastaus" / "2 vastausta", "1 svar" / "2 svar",
# "1 answer" / "2 answers"). A label before the number ("Osallistujia: 1") needs no forms.
ONE, OTHER = ".one", ".other"


def has(key: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    """Whether the catalogue has a text for key (a plain text, or a count's two forms)."""
    texts = catalogue(language(lang))
    return key in texts or key + OTHER in texts


def plural_form(n: object) -> str:
    """The suffix of the form a count takes: ".one" for exactly 1, else ".other"."""
    try:
        return ONE if float(n) == 1 else OTHER  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return OTHER  # a formatted or open count ("> 5000") reads as many


def tn(key: str, n: object, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The form of key that fits the count n, with {n} and the other parameters filled in.

    params may give {n} itself already formatted ("1 500"); n decides the form either way.
    """
    texts = catalogue(language(lang))
    try:
        text = texts[key + plural_form(n)]
    except KeyError:
        raise MissingText(key) from None
    return text.format(**{"n": n, **params})


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The text for key in lang, with {named} parameters filled in; MissingText if absent.

    A key that has a count's two forms picks by its {n} parameter, so messages that carry a key
    and its parameters (refusals, notes) need not know which texts are counts.
    """
    texts = catalogue(language(lang))
    if key not in texts and key + OTHER in texts and "n" in params:
        return tn(key, params["n"], lang, **params)
    try:
        text = texts[key]
    except KeyError:
        raise MissingText(key) from None
    return text.format(**params) if params else text


def placeholders(text: str) -> set[str]:
    """The {named} parameters a text expects."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def plural_problems(texts: dict[str, str]) -> list[str]:
    """A count's forms that are incomplete, clash with a plain key, lack {n}, or whose .one asks for more."""
    found = []
    bases = {key.rsplit(".", 1)[0] for key in texts if key.endswith((ONE, OTHER))}
    for base in sorted(bases):
        one, other = texts.get(base + ONE), texts.get(base + OTHER)
        if one is None or other is None:
            found.append(f"{base} lacks its {ONE if one is None else OTHER} form")
            continue
        if base in texts:
            found.append(f"{base} is both a plain text and a count")
        if "n" not in placeholders(other):
            found.append(f"{base}{OTHER} has no {{n}}")
        if not placeholders(one) <= placeholders(other):  # "the error" may leave {n} out, never add one
            found.append(f"{base}: its forms have different parameters")
    return found


def problems() -> list[str]:
    """Keys missing from a language, with different parameters between languages, or broken counts."""
    found: list[str] = []
    reference = catalogue(DEFAULT_LANGUAGE)
    for lang in LANGUAGES:
        texts = catalogue(lang)
        found.extend(f"{lang}: {problem}" for problem in plural_problems(texts))
        for key in reference.keys() ^ texts.keys():
            found.append(f"{lang}: {key} only in {'fi' if key in reference else lang}")
        for key in reference.keys() & texts.keys():
            if placeholders(reference[key]) != placeholders(texts[key]):
                found.append(f"{lang}: {key} has parameters {placeholders(texts[key])}")
    return sorted(found)
