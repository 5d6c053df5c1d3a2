"""Residents' survey: question definitions, validation of an answer, and results (pure, no database).

A survey has fixed parts: rank the six themes for 2030 (id "rank"), pick up to three of an editable list
("picks"), five-point agree/disagree statements ("statements", each with its own id), one open question
("open") and optional background (age group "age", area "area" from the facilitator's list).
Every refusal raises SurveyError with a message key (texts in foresight/locales/*/survey.json).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from foresight.columns import LANGUAGES, THEMES
from foresight.i18n import LANGUAGE_NAMES

MAX_PICKS: Final = 3
MAX_OPEN: Final = 1000
MAX_OPTION: Final = 120
MAX_OPTIONS: Final = 20
MAX_STATEMENTS: Final = 12
MAX_AREAS: Final = 30
SCALE: Final = (1, 2, 3, 4, 5)  # 1 = strongly disagree … 5 = strongly agree
AGE_GROUPS: Final = ("under_18", "18_29", "30_44", "45_64", "65_74", "75_plus")
MIN_GROUP: Final = 5  # a background group is shown only with at least this many answers
OTHER: Final = "other"
QUESTION_IDS: Final = frozenset({"rank", "picks", "statements", "open", "age", "area", "honeypot"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ID = re.compile(r"^[a-z0-9_]{1,20}$")


class SurveyError(ValueError):
    """A refused definition or answer; .key is the message key, .params its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Definition:
    """What a survey asks: the pick options, statements (id → text), open question, areas."""

    title: str
    picks: tuple[str, ...] = ()
    statements: tuple[tuple[str, str], ...] = ()
    open_question: str = ""
    areas: tuple[str, ...] = ()
    ask_age: bool = True
    # The facilitator's own texts in other languages: lang → {"title", "picks", "statements", "open",
    # "areas"}, lists in the same order as the survey's own. Answers always store the survey's own texts.
    translations: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def to_doc(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "picks": list(self.picks),
            "statements": [[sid, text] for sid, text in self.statements],
            "open": self.open_question,
            "areas": list(self.areas),
            "ask_age": self.ask_age,
            "translations": {lang: dict(texts) for lang, texts in self.translations.items()},
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Definition:
        return cls(
            title=str(doc.get("title", "")),
            picks=tuple(doc.get("picks", ())),
            statements=tuple((str(s), str(t)) for s, t in doc.get("statements", ())),
            open_question=str(doc.get("open", "")),
            areas=tuple(doc.get("areas", ())),
            ask_age=bool(doc.get("ask_age", True)),
            translations={str(k): dict(v) for k, v in (doc.get("translations") or {}).items()},
        )

    def languages(self) -> tuple[str, ...]:
        """The languages the facilitator wrote texts in besides the survey's own."""
        return tuple(lang for lang in LANGUAGES if lang in self.translations)

    def shown(self, lang: str) -> Definition:
        """The survey as a respondent reading `lang` sees it: the facilitator's version in that language
        where one was written, the survey's own text elsewhere (a part left untranslated stays as it is)."""
        tr = self.translations.get(lang)
        if not tr:
            return self
        said = dict(tr.get("statements") or {})
        return Definition(
            title=str(tr.get("title") or self.title),
            picks=tuple(tr.get("picks") or self.picks),
            statements=tuple((sid, str(said.get(sid) or text)) for sid, text in self.statements),
            open_question=str(tr.get("open") or self.open_question),
            areas=tuple(tr.get("areas") or self.areas),
            ask_age=self.ask_age,
        )

    def untranslated(self, lang: str) -> frozenset[str]:
        """The survey's own texts a reader of `lang` sees as they are, no version in `lang` being written
        (for marking their language; call only for a language other than the survey's own)."""
        tr = self.translations.get(lang) or {}
        said = dict(tr.get("statements") or {})
        kept = [text for sid, text in self.statements if not said.get(sid)]
        for part, texts in (("title", [self.title]), ("picks", self.picks), ("open", [self.open_question])):
            kept += [] if tr.get(part) else list(texts)
        kept += [] if tr.get("areas") else list(self.areas)
        return frozenset(text for text in kept if text)

    def area_names(self) -> dict[str, str]:
        """Own area text → its names in every language written, own first ("Kylät / Byarna"): one text for
        every reader, because a browser keeps an unsent choice in a list by its shown words, and words that a
        change of language rewrote were no longer among the choices (the choice was lost)."""
        names: dict[str, str] = {}
        for i, own in enumerate(self.areas):
            written = [own]
            for lang in self.languages():
                given = list(self.translations[lang].get("areas") or ())
                written += given[i : i + 1]
            names[own] = " / ".join(dict.fromkeys(written))
        return names

    def labels(self, lang: str) -> dict[str, str]:
        """Own pick and area texts → their text in `lang` (for showing; answers keep the own texts)."""
        shown = self.shown(lang)
        return dict(zip(self.picks, shown.picks, strict=True)) | dict(
            zip(self.areas, shown.areas, strict=True)
        )


@dataclass(frozen=True)
class Answer:
    """One respondent's validated answer; empty parts were skipped."""

    rank: tuple[str, ...] = ()
    picks: tuple[str, ...] = ()
    statements: Mapping[str, int] = field(default_factory=dict)
    open_text: str = ""
    age: str | None = None
    area: str | None = None

    def to_doc(self) -> dict[str, Any]:
        return {
            "rank": list(self.rank),
            "picks": list(self.picks),
            "statements": dict(self.statements),
            "open": self.open_text,
            "age": self.age,
            "area": self.area,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Answer:
        return cls(
            rank=tuple(doc.get("rank") or ()),
            picks=tuple(doc.get("picks") or ()),
            statements=dict(doc.get("statements") or {}),
            open_text=str(doc.get("open") or ""),
            age=doc.get("age"),
            area=doc.get("area"),
        )


def clean(text: object, limit: int, *, multiline: bool = False) -> str:
    """Text as stored: NFC, trimmed; control characters refused, over-long text refused (never cut)."""
    value = unicodedata.normalize("NFC", "" if text is None else str(text))
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(value) or (not multiline and "\n" in value.strip()):
        raise SurveyError("survey.error.control")
    value = value.strip()
    if len(value) > limit:
        raise SurveyError("survey.error.too_long", limit=limit)
    return value


def make_definition(
    title: str,
    picks: Iterable[str],
    statements: Iterable[str],
    open_question: str,
    areas: Iterable[str] = (),
    *,
    ask_age: bool = True,
    translations: Mapping[str, Mapping[str, Any]] | None = None,
) -> Definition:
    """A definition from a facilitator's texts (blank lines dropped, duplicates refused, limits checked).

    translations: lang → the same parts in another language ("title", "open" as text; "picks",
    "statements", "areas" as lists matching the survey's own line by line); empty parts are left out."""
    title_c = clean(title, MAX_OPTION)
    if not title_c:
        raise SurveyError("survey.error.no_title")

    def _list(values: Iterable[str], most: int) -> tuple[str, ...]:
        out = [clean(v, MAX_OPTION) for v in values]
        out = [v for v in out if v]
        if len(out) != len(set(out)):
            raise SurveyError("survey.error.duplicate")
        if len(out) > most:
            raise SurveyError("survey.error.too_many_options", limit=most)
        return tuple(out)

    pick_list = _list(picks, MAX_OPTIONS)
    statement_list = _list(statements, MAX_STATEMENTS)
    area_list = _list(areas, MAX_AREAS)
    ids = [f"s{i + 1}" for i in range(len(statement_list))]
    texts: dict[str, dict[str, Any]] = {}
    for lang, given in (translations or {}).items():
        if lang not in LANGUAGES:
            raise SurveyError("survey.error.tampered")
        own: dict[str, Any] = {}
        for part, primary, most in (
            ("picks", pick_list, MAX_OPTIONS),
            ("statements", statement_list, MAX_STATEMENTS),
            ("areas", area_list, MAX_AREAS),
        ):
            values = _list(given.get(part) or (), most)
            if values and len(values) != len(primary):
                # A list in another language must match the survey's own line by line, or answers mix up.
                raise SurveyError(
                    f"survey.error.translation_lines.{part}", language=LANGUAGE_NAMES[lang], n=len(primary)
                )
            if values:
                own[part] = dict(zip(ids, values, strict=True)) if part == "statements" else list(values)
        for part, limit in (("title", MAX_OPTION), ("open", MAX_OPTION * 4)):
            value = clean(given.get(part) or "", limit)
            if value:
                own[part] = value
        if own:
            texts[lang] = own
    return Definition(
        title=title_c,
        picks=pick_list,
        statements=tuple(zip(ids, statement_list, strict=True)),
        open_question=clean(open_question, MAX_OPTION * 4),
        areas=area_list,
        ask_age=ask_age,
        translations=texts,
    )


def validate(definition: Definition, raw: Mapping[str, Any]) -> Answer:
    """An Answer from untrusted input, or SurveyError: unknown ids, a rank that is not a permutation of the
    six themes, more than three picks or picks not on the list, scale values outside 1–5, oversize or
    control-character text, a background value not offered, a filled honeypot, an empty answer (no ranking,
    pick, statement or open text: an untouched form is not a vote)."""
    if not isinstance(raw, Mapping):
        raise SurveyError("survey.error.tampered")
    unknown = set(raw) - QUESTION_IDS
    if unknown:
        raise SurveyError("survey.error.tampered")
    if raw.get("honeypot"):
        raise SurveyError("survey.error.bot")

    rank_raw = raw.get("rank") or []
    if not isinstance(rank_raw, list | tuple) or not all(isinstance(x, str) for x in rank_raw):
        raise SurveyError("survey.error.tampered")
    rank = tuple(rank_raw)
    if rank and (len(rank) != len(THEMES) or set(rank) != set(THEMES)):
        raise SurveyError("survey.error.rank")

    picks_raw = raw.get("picks") or []
    if not isinstance(picks_raw, list | tuple) or not all(isinstance(x, str) for x in picks_raw):
        raise SurveyError("survey.error.tampered")
    if len(set(picks_raw)) != len(picks_raw) or not set(picks_raw) <= set(definition.picks):
        raise SurveyError("survey.error.tampered")
    if len(picks_raw) > MAX_PICKS:
        raise SurveyError("survey.error.too_many_picks", limit=MAX_PICKS)

    st_raw = raw.get("statements") or {}
    if not isinstance(st_raw, Mapping):
        raise SurveyError("survey.error.tampered")
    known = {sid for sid, _ in definition.statements}
    statements: dict[str, int] = {}
    for sid, value in st_raw.items():
        if sid not in known:
            raise SurveyError("survey.error.tampered")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
            raise SurveyError("survey.error.scale")
        statements[sid] = value

    open_text = clean(raw.get("open"), MAX_OPEN, multiline=True) if raw.get("open") else ""
    if open_text and not definition.open_question:
        raise SurveyError("survey.error.tampered")

    age = raw.get("age") or None
    if age is not None and (not definition.ask_age or age not in AGE_GROUPS):
        raise SurveyError("survey.error.tampered")
    area = raw.get("area") or None
    if area is not None and area not in definition.areas:
        raise SurveyError("survey.error.tampered")
    if not (rank or picks_raw or statements or open_text):  # an age group or area alone says nothing
        raise SurveyError("survey.error.empty")
    return Answer(rank, tuple(picks_raw), statements, open_text, age, area)


def valid_statement_id(sid: str) -> bool:
    return bool(_ID.match(sid))


# ---- results --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BordaRow:
    item: str
    points: int
    first_places: int
    voters: int


def borda(orders: Iterable[Sequence[str]], items: Sequence[str] = THEMES) -> list[BordaRow]:
    """Borda count as in the workshop: first of n gets n-1 points, last 0; ties by first places, then by
    the items' own order. Orders that are empty (skipped) do not count as voters."""
    n = len(items)
    points = dict.fromkeys(items, 0)
    firsts = dict.fromkeys(items, 0)
    voters = 0
    for order in orders:
        if not order:
            continue
        voters += 1
        for pos, item in enumerate(order):
            points[item] += n - 1 - pos
        firsts[order[0]] += 1
    position = {item: i for i, item in enumerate(items)}
    ranked = sorted(items, key=lambda it: (-points[it], -firsts[it], position[it]))
    return [BordaRow(it, points[it], firsts[it], voters) for it in ranked]


def choices(answers: Iterable[Answer], options: Sequence[str]) -> list[tuple[str, int]]:
    """How many respondents picked each option, most picked first (ties in the list's order)."""
    counts = Counter(p for a in answers for p in a.picks)
    return sorted(((o, counts.get(o, 0)) for o in options), key=lambda r: -r[1])


def distributions(answers: Iterable[Answer], definition: Definition) -> dict[str, dict[int, int]]:
    """Per statement id, the number of answers at each point of the scale (1–5), zeros included."""
    out = {sid: dict.fromkeys(SCALE, 0) for sid, _ in definition.statements}
    for a in answers:
        for sid, value in a.statements.items():
            if sid in out:
                out[sid][value] += 1
    return out


def groups(answers: Sequence[Answer], attribute: str) -> dict[str, list[Answer]]:
    """Answers by a background attribute ("age" or "area") for publication: groups with fewer than
    MIN_GROUP answers (and those who did not say) are merged into "other"; if "other" itself stays under
    MIN_GROUP it is left out, so no shown group is smaller than MIN_GROUP."""
    if attribute not in ("age", "area"):
        raise ValueError(attribute)
    by: dict[str, list[Answer]] = {}
    for a in answers:
        by.setdefault(getattr(a, attribute) or OTHER, []).append(a)
    out: dict[str, list[Answer]] = {}
    other: list[Answer] = []
    for name, members in by.items():
        if name != OTHER and len(members) >= MIN_GROUP:
            out[name] = members
        else:
            other.extend(members)
    if len(other) >= MIN_GROUP:
        out[OTHER] = other
    return out


def compare_rankings(residents: Sequence[BordaRow], council: Sequence[BordaRow]) -> list[dict[str, Any]]:
    """Residents vs council: each theme's place (1 = most important) in both rankings and the difference
    (positive = residents rank it higher than the council)."""
    r_place = {row.item: i + 1 for i, row in enumerate(residents)}
    c_place = {row.item: i + 1 for i, row in enumerate(council)}
    return [
        {
            "item": item,
            "residents": r_place[item],
            "council": c_place.get(item),
            "difference": (c_place[item] - r_place[item]) if item in c_place else None,
        }
        for item in r_place
    ]


def percent(part: int, whole: int) -> int | None:
    """part of whole in whole per cent, halves rounded up as people round (1 of 8 = 12.5 → 13, where
    Python's round would give 12); None when whole is 0."""
    return None if whole <= 0 else (200 * part + whole) // (2 * whole)


def statement_summary(dist: Mapping[int, int]) -> dict[str, Any]:
    """One statement's distribution in numbers: answers n, per scale point (count, whole per cent of n),
    and the shares that disagree (1–2) and agree (4–5), in whole per cent; per cents None when n is 0."""
    n = sum(dist.get(k, 0) for k in SCALE)

    def pct(part: int) -> int | None:
        return percent(part, n)

    return {
        "n": n,
        "points": {k: (dist.get(k, 0), pct(dist.get(k, 0))) for k in SCALE},
        "disagree": pct(dist.get(1, 0) + dist.get(2, 0)),
        "agree": pct(dist.get(4, 0) + dist.get(5, 0)),
    }
