"""Statistics Finland's PxWeb answers in the `json` output format, with variables found by their role.

Since 8 June 2026 the variables carry codes such as `alue_23_20260101` (dated: it will change with the next
division), `timeperiod_y`/`timeperiod_m` and content codes with or without a table prefix (`vaerak-vaesto`,
`vaesto_alle15_p`); older answers said `Alue`, `Vuosi`, `Kuukausi`. Nothing here relies on a fixed name:
the time variable is the one typed `t`, contents are typed `c`, the area variable is the dimension whose code
or values look like areas, and a wanted content code matches with or without its prefix.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

AREA = "area"
PERIOD = "period"
CONTENT = "content"
VALUE = "value"

# Area codes of Statistics Finland's classifications: whole country, municipality, region, sub-region …
AREA_VALUE = re.compile(r"^(SSS|KU\d{3}|MK\d{2}|SK\d{3}|\d{3}|\d{6})$")
AREA_NAME = re.compile(r"^(alue|area|region|kunta|vaalipiiri|område)", re.IGNORECASE)
TIME_NAME = re.compile(
    r"^(timeperiod|vuosi|kuukausi|vuosineljännes|year|month|quarter|år$|månad)", re.IGNORECASE
)
CONTENTS_NAME = re.compile(r"^(contentscode|tiedot|information|uppgifter|eliminatedcontents)$", re.IGNORECASE)
# Variables with a part of their own, recognised by code or text (`sukupuoli_9_20180101`, `Ehdokkaan
# sukupuoli`, `ikaryhma_10_20180101`, `Ikä`, `Puolue`); a table entry can name more (refresh.toml `roles`).
NAMED_ROLES: dict[str, re.Pattern[str]] = {
    "sex": re.compile(r"sukupuoli|^sex|^kön", re.IGNORECASE),
    "age": re.compile(r"^ik[äa]|ikaryhm|^age\b|^ålder", re.IGNORECASE),
    "party": re.compile(r"puolue|^party|^parti", re.IGNORECASE),
}
TOTAL_CODES = ("SSS", "S", "YHT", "TOTAL")
# Symbols PxWeb writes for missing, confidential or not applicable values.
MISSING = {"..", "...", "-", ".", "", "…"}


class PxJsonError(ValueError):
    """An answer that cannot be read: the message names the source and what is wrong."""


@dataclass(frozen=True)
class Roles:
    """Which variable of a table plays which part."""

    time: str
    area: str | None
    contents: tuple[str, ...]
    others: tuple[str, ...] = ()


@dataclass(frozen=True)
class PxAnswer:
    """A parsed answer: long frame (area, period, content, value, + other dimensions) and its metadata."""

    frame: pd.DataFrame
    roles: Roles
    label: str = ""
    updated: str = ""
    source: str = ""
    content_texts: Mapping[str, str] = field(default_factory=dict)


def area_role(code: str, text: str, values: Sequence[str]) -> bool:
    """True when a dimension is the area: by its code or text, or by values that are area codes.

    An age or sex variable is never the area, though its codes ('000', 'SSS') look like area codes.
    """
    if AREA_NAME.match(code) or AREA_NAME.match(text):
        return True
    if any(p.search(code) or p.search(text) for p in NAMED_ROLES.values()):
        return False
    sample = list(values)[:50]
    return bool(sample) and sum(bool(AREA_VALUE.match(v)) for v in sample) >= 0.8 * len(sample)


def find_roles(columns: Sequence[Mapping[str, Any]], values: Mapping[str, Sequence[str]]) -> Roles:
    """Roles of the `columns` of a json answer (or of metadata variables with a `time` flag)."""
    times = [c["code"] for c in columns if c.get("type") == "t" or c.get("time") is True]
    if len(times) != 1:
        raise PxJsonError(f"expected one time variable, found {times or 'none'}")
    contents = [c["code"] for c in columns if c.get("type") == "c"]
    dims = [c for c in columns if c.get("type", "d") == "d" and c["code"] not in times]
    areas = [c["code"] for c in dims if area_role(c["code"], c.get("text", ""), values.get(c["code"], ()))]
    if len(areas) > 1:
        raise PxJsonError(f"more than one variable looks like an area: {areas}")
    area = areas[0] if areas else None
    others = tuple(c["code"] for c in dims if c["code"] != area)
    return Roles(time=times[0], area=area, contents=tuple(contents), others=others)


@dataclass(frozen=True)
class Variable:
    """A variable as a table's metadata or an answer describes it; `time`/`contents` None when not flagged."""

    code: str
    text: str = ""
    values: tuple[str, ...] = ()
    time: bool | None = None  # flagged as time; when no variable is, names decide
    contents: bool | None = None  # flagged as contents (JSON-stat `metric`); when none is, names decide


def _named(var: Variable, pattern: re.Pattern[str]) -> bool:
    return bool(pattern.search(var.code) or pattern.search(var.text))


def _glob(var: Variable, patterns: Sequence[str]) -> bool:
    names = (var.code.lower(), var.text.lower())
    return any(fnmatch.fnmatchcase(n, p.lower()) for n in names for p in patterns)


def assign_roles(
    variables: Sequence[Variable], named: Mapping[str, Sequence[str]] | None = None
) -> dict[str, str]:
    """Role → variable code, from a table's metadata (`time` flag) or an answer (JSON-stat `role`, types).

    time: the variable flagged as time (else the one named like `timeperiod_y`, `Vuosi`, `Kuukausi`);
    contents: flagged, or `contentscode`/`Tiedot`; `named` roles (refresh.toml: role → name patterns such as
    "Tunnusluku") and sex/age/party by their code or text; area: the remaining variable named like an area
    (`alue_23_20260101`, `Alue`, `Vaalipiiri ja kunta`), else the one whose values are area codes.
    A role played by several variables is refused; a role nobody plays is simply absent.
    """
    out: dict[str, str] = {}
    taken: set[str] = set()

    def pick(role: str, hits: list[Variable]) -> None:
        hits = [v for v in hits if v.code not in taken]
        if len(hits) > 1:
            raise PxJsonError(f"more than one variable could be the {role}: {[v.code for v in hits]}")
        if hits:
            out[role] = hits[0].code
            taken.add(hits[0].code)

    flagged = any(v.time for v in variables)
    pick("time", [v for v in variables if (v.time if flagged else _named(v, TIME_NAME))])
    flagged = any(v.contents for v in variables)
    pick("contents", [v for v in variables if (v.contents if flagged else _named(v, CONTENTS_NAME))])
    for role, patterns in (named or {}).items():
        pick(role, [v for v in variables if _glob(v, patterns)])
    for role, pattern in NAMED_ROLES.items():
        if role not in out:
            pick(role, [v for v in variables if _named(v, pattern)])
    rest = [v for v in variables if v.code not in taken]
    by_name = [v for v in rest if _named(v, AREA_NAME)]
    pick("area", by_name or [v for v in rest if area_role(v.code, v.text, v.values)])
    return out


def content_codes(available: Sequence[str], wanted: Sequence[str]) -> dict[str, str]:
    """Wanted content code → the available one (prefix optional); all missing ones named in one message."""
    out, missing = {}, []
    for code in wanted:
        try:
            out[code] = content_code(available, code)
        except PxJsonError:
            missing.append(code)
    if missing:
        shown = ", ".join(list(available)[:12]) + (" …" if len(available) > 12 else "")
        raise PxJsonError(f"content code(s) {', '.join(missing)} not found (the table has {shown})")
    return out


def content_code(available: Sequence[str], wanted: str) -> str:
    """The available content code that is `wanted`, with or without a table prefix (`vaerak-vaesto`)."""
    bare = wanted.split("-", 1)[-1] if "-" in wanted else wanted
    hits = [c for c in available if c in (wanted, bare) or c.split("-", 1)[-1] == bare]
    if len(hits) != 1:
        raise PxJsonError(
            f"content {wanted!r}: {'not found' if not hits else 'ambiguous'} in {list(available)}"
        )
    return hits[0]


def parse_number(text: str | None) -> float:
    """A PxWeb value as a float; its missing-value symbols become NaN."""
    if text is None or text.strip() in MISSING:
        return np.nan
    return float(text)


def _load(source: Path | str | bytes | Mapping[str, Any]) -> tuple[Mapping[str, Any], str]:
    if isinstance(source, Mapping):
        return source, "answer"
    if isinstance(source, Path):
        return json.loads(source.read_text(encoding="utf-8-sig")), source.name
    try:
        return json.loads(source), "answer"
    except json.JSONDecodeError as exc:
        raise PxJsonError(f"not JSON: {exc}") from exc


def read(source: Path | str | bytes | Mapping[str, Any], name: str | None = None) -> PxAnswer:
    """Parse a PxWeb `json` answer into a long frame, finding each variable by its role."""
    doc, default_name = _load(source)
    name = name or default_name
    try:
        columns = list(doc["columns"])
        rows = list(doc["data"])
    except (KeyError, TypeError) as exc:
        raise PxJsonError(f"{name}: not a PxWeb json answer (no columns/data)") from exc
    if not rows:
        raise PxJsonError(f"{name}: the answer has no data rows")
    keyed = [c for c in columns if c.get("type") != "c"]
    values = {c["code"]: [r["key"][i] for r in rows] for i, c in enumerate(keyed)}
    try:
        roles = find_roles(columns, values)
    except PxJsonError as exc:
        raise PxJsonError(f"{name}: {exc}") from exc
    contents = [c["code"] for c in columns if c.get("type") == "c"]
    records = []
    for row in rows:
        key = dict(zip([c["code"] for c in keyed], row["key"], strict=True))
        if len(row["values"]) != len(contents):
            raise PxJsonError(f"{name}: a row has {len(row['values'])} values for {len(contents)} contents")
        for content, text in zip(contents, row["values"], strict=True):
            records.append({**key, CONTENT: content, VALUE: parse_number(text)})
    frame = pd.DataFrame.from_records(records)
    rename = {roles.time: PERIOD}
    if roles.area:
        rename[roles.area] = AREA
    frame = frame.rename(columns=rename)
    meta = (doc.get("metadata") or [{}])[0]
    texts = {c["code"]: c.get("text", c["code"]) for c in columns if c.get("type") == "c"}
    return PxAnswer(
        frame=frame,
        roles=roles,
        label=str(meta.get("label", "")),
        updated=str(meta.get("updated", "")),
        source=str(meta.get("source", "")),
        content_texts=texts,
    )


def municipality_code(area: str) -> str | None:
    """'KU091' or '091' → '091'; the whole country, regions and other areas → None."""
    match = re.fullmatch(r"(?:KU)?(\d{3})", area)
    return match.group(1) if match else None


def municipal_values(answer: PxAnswer, wanted: Mapping[str, str]) -> pd.DataFrame:
    """Wide frame (area code → municipality, period, one column per wanted content) of the municipalities.

    `wanted` maps an output column to a content code (prefix optional). Other dimensions (sex, age group)
    are narrowed to their total; a table without a total for them is refused rather than summed blindly.
    """
    frame = answer.frame
    if AREA not in frame.columns:
        raise PxJsonError(f"{answer.label or 'answer'}: no area variable")
    for other in answer.roles.others:
        totals = [c for c in TOTAL_CODES if c in set(frame[other])]
        if not totals:
            raise PxJsonError(f"variable {other!r} has no total ({sorted(set(frame[other]))[:5]} …)")
        frame = frame[frame[other] == totals[0]]
    available = sorted(set(frame[CONTENT]))
    codes = {column: content_code(available, code) for column, code in wanted.items()}
    frame = frame.assign(municipality=frame[AREA].map(municipality_code)).dropna(subset=["municipality"])
    wide = frame.pivot_table(
        index=["municipality", PERIOD], columns=CONTENT, values=VALUE, aggfunc="first", dropna=False
    )
    out = pd.DataFrame({column: wide[code] for column, code in codes.items()}).reset_index()
    return out.sort_values(["municipality", PERIOD]).reset_index(drop=True)
