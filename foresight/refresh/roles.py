"""Variables found by their role, for both forms of Statistics Finland's interface.

Before 8 June 2026 a table's variables were `Alue`, `Vuosi`, `Ikä`, `Tiedot`; since then they carry codes
such as `alue_23_20260101` (dated: it changes with the next regional division), `timeperiod_y`,
`ikaryhma_10_20180101`, `contentscode`, and content codes may carry a table prefix (`muutl-vm43_netto`).
refresh.toml names roles (area, time, contents, sex, age, party, or an entry's own `roles`) and the content
codes it wants; this module resolves them against a table's metadata before a query is sent
(`resolve_query`), and renames an answer's dimensions to their roles and its content codes to the wanted
ones before a converter reads it (`normalize`), so the converters see one form whatever the table says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from foresight import pxjson
from foresight.refresh import jsonstat
from foresight.refresh.config import StatFinTable
from foresight.refresh.split import QueryError, Variable

AREA, TIME, CONTENTS = "area", "time", "contents"


@dataclass(frozen=True)
class Resolved:
    """A table's query with variable codes and content codes as the table has them now."""

    query: tuple[dict[str, Any], ...]
    roles: dict[str, str]  # role → variable code
    contents: dict[str, str] = field(default_factory=dict)  # wanted content code → the table's code
    split: tuple[str, ...] = ()


def metadata_variables(metadata: Mapping[str, Variable]) -> list[pxjson.Variable]:
    """PxWeb metadata variables as role candidates (the `time` flag decides the time variable)."""
    return [pxjson.Variable(v.code, v.text, v.values or (), v.time, None) for v in metadata.values()]


def table_roles(table: StatFinTable, variables: Sequence[pxjson.Variable], source: str) -> dict[str, str]:
    """Role → code of a table's variables; an unclear table is refused naming the table."""
    try:
        return pxjson.assign_roles(variables, table.roles)
    except pxjson.PxJsonError as exc:
        raise QueryError(f"{source}: {exc}") from None


def _missing_role(role: str, roles: Mapping[str, str], variables: Sequence[str], source: str) -> QueryError:
    return QueryError(
        f"{source}: no variable of the table plays the role {role!r} (its variables are "
        f"{', '.join(map(repr, variables))}; found {', '.join(f'{k}={v}' for k, v in roles.items()) or 'none'}); "
        "check the table's variables (GET the table URL) and update data/catalogue/refresh.toml"
    )


def wanted_contents(table: StatFinTable) -> list[str]:
    """The content codes an entry asks by name (its contents item with filter "item")."""
    for item in table.query:
        if item.get("role") == CONTENTS and item["selection"].get("filter", "item") == "item":
            return list(item["selection"]["values"])
    return []


def resolve_query(table: StatFinTable, metadata: Mapping[str, Variable], source: str) -> Resolved:
    """The entry's query with each role replaced by the variable that plays it, and content codes matched
    with or without their prefix. Fails naming the table and the role or code it cannot find."""
    roles = table_roles(table, metadata_variables(metadata), source)
    codes = list(metadata)
    for role in table.required_dimensions:
        if role not in roles and role not in metadata:
            raise _missing_role(role, roles, codes, source)
    query, contents = [], {}
    for item in table.query:
        if "code" in item:
            query.append(dict(item))
            continue
        role = str(item["role"])
        if role not in roles:
            raise _missing_role(role, roles, codes, source)
        code = roles[role]
        selection = dict(item["selection"])
        if role == CONTENTS and selection.get("filter", "item") == "item":
            available = metadata[code].values or ()
            try:
                contents = pxjson.content_codes(available, selection["values"])
            except pxjson.PxJsonError as exc:
                raise QueryError(f"{source}: {exc}; update data/catalogue/refresh.toml") from None
            selection["values"] = [contents[v] for v in selection["values"]]
        query.append({"code": code, "selection": selection})
    kept = [str(c) for c in table.options.get("wanted", [])]  # codes a kept json answer must carry
    if kept and CONTENTS in roles:
        try:
            contents |= pxjson.content_codes(metadata[roles[CONTENTS]].values or (), kept)
        except pxjson.PxJsonError as exc:
            raise QueryError(f"{source}: {exc}; update data/catalogue/refresh.toml") from None
    split = tuple(roles.get(name, name) for name in table.split)
    return Resolved(tuple(query), roles, contents, split)


def answer_variables(doc: Mapping[str, Any]) -> list[pxjson.Variable]:
    """A JSON-stat answer's dimensions as role candidates (its `role` object flags time and contents)."""
    role = doc.get("role") or {}
    times, metrics = set(role.get("time") or ()), set(role.get("metric") or ())
    out = []
    for dim_id in doc.get("id") or ():
        dim = doc["dimension"][dim_id]
        index = dim.get("category", {}).get("index") or dim.get("category", {}).get("label") or {}
        out.append(
            pxjson.Variable(
                str(dim_id),
                str(dim.get("label", "")),
                tuple(str(c) for c in index)[:60],
                (dim_id in times) if times else None,
                (dim_id in metrics) if metrics else None,
            )
        )
    return out


def normalize(
    data: jsonstat.Dataset, doc: Mapping[str, Any], table: StatFinTable, source: str
) -> jsonstat.Dataset:
    """The answer with its dimensions renamed to their roles and its content codes to the wanted ones.

    Dimensions that play no role keep their code. A content code the entry wants that the answer lacks
    (with or without a prefix) is left to the converter, which names what it misses.
    """
    roles = table_roles(table, answer_variables(doc), source)
    rename = {code: role for role, code in roles.items()}
    for role in table.required_dimensions:
        if role not in roles and role not in data.dimensions:
            raise jsonstat.JsonStatError(
                f"{source}: dimension {role!r} is missing (no variable of the answer plays that role; it has "
                f"{', '.join(map(repr, data.dimensions))}); the table may have been renamed or restructured — "
                "check its variables and update data/catalogue/refresh.toml"
            )
    frame = data.frame.rename(columns=rename)
    labels = {rename.get(d, d): v for d, v in data.labels.items()}
    if CONTENTS in roles:
        available = list(dict.fromkeys(frame[CONTENTS]))
        back = {}
        for code in wanted_contents(table):
            try:
                back[pxjson.content_code(available, code)] = code
            except pxjson.PxJsonError:
                continue
        if back:
            frame[CONTENTS] = frame[CONTENTS].map(lambda c: back.get(c, c))
            labels[CONTENTS] = {back.get(k, k): v for k, v in labels.get(CONTENTS, {}).items()}
    return jsonstat.Dataset(
        frame=pd.DataFrame(frame),
        dimensions=tuple(rename.get(d, d) for d in data.dimensions),
        labels=labels,
        dimension_labels={rename.get(d, d): v for d, v in data.dimension_labels.items()},
        title=data.title,
        updated=data.updated,
    )


def newest(metadata: Mapping[str, Variable], roles: Mapping[str, str]) -> str | None:
    """The newest period a table offers (the last value of its time variable), None when not listed."""
    var = metadata.get(roles.get(TIME, ""))
    return var.values[-1] if var is not None and var.values else None
