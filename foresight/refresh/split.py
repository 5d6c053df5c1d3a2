"""Big PxWeb queries fetched in pieces within the API's limits, and the pieces merged into one dataset.

Statistics Finland's PxWeb API v1 refuses a query that selects more cells than its limit (HTTP 403 "Too many
values selected"; `maxCells` of `<base>/?config`) and answers HTTP 429 to more than `maxCalls` requests per
`timeWindow` seconds. So before a table is queried its metadata (GET on the table URL) is read, the query's
selections are expanded against it and the cells counted; a query over the limit is split along one variable
(the table's `split`, else the time variable, else the largest selection) — and along a second one when a
single value of the first is still too big — into pieces that fit. Each piece asks its values with filter
"item"; the JSON-stat answers are merged into one dataset (categories in the metadata's order), so the
converters see the same dataset an unsplit query would have given.
"""

from __future__ import annotations

import fnmatch
import itertools
import json
import logging
import math
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from foresight.refresh import http
from foresight.refresh.config import HttpOptions, StatFinLimits
from foresight.refresh.convert import ConversionError

LOG = logging.getLogger("foresight.refresh")
EXPANDABLE = (
    "item",
    "all",
)  # filters whose values can be listed (and so split); "top", "agg:…", "vs:…" cannot


class QueryError(ConversionError):
    """A table's query does not fit the table (a renamed variable, an unknown value) or cannot be made small
    enough for the API's cell limit; raised before any data is asked."""


@dataclass(frozen=True)
class ApiLimits:
    """How many cells one query may select and how many requests a time window allows (0: no limit known)."""

    max_cells: int
    max_calls: int = 0
    time_window: float = 0.0
    source: str = "refresh.toml"  # where the figures came from: the API's config endpoint or the fallback


def config_url(base_url: str) -> str:
    """PxWeb v1's configuration endpoint: <base>/?config (e.g. …/PxWeb/api/v1/en/?config)."""
    return f"{base_url.rstrip('/')}/?config"


def parse_limits(doc: object) -> ApiLimits | None:
    """The limits in a ?config answer, None when it is not one.

    PxWeb v1 answers {"maxValues", "maxCells", "maxCalls", "timeWindow", "CORS"}: maxCells is the cell limit of a
    data query and maxValues the most values a metadata answer lists per variable; servers that send no
    maxCells use maxValues for both (as the R package pxweb reads it).
    """
    if not isinstance(doc, Mapping):
        return None
    cells = doc.get("maxCells") or doc.get("maxValues")
    if not isinstance(cells, int) or isinstance(cells, bool) or cells < 1:
        return None
    calls, window = doc.get("maxCalls"), doc.get("timeWindow")
    calls = calls if isinstance(calls, int) and not isinstance(calls, bool) and calls > 0 else 0
    window = float(window) if isinstance(window, int | float) and not isinstance(window, bool) else 0.0
    return ApiLimits(cells, calls, max(window, 0.0), "api")


def fetch_limits(
    base_url: str, fallback: StatFinLimits, options: HttpOptions | None = None, pacer: Pacer | None = None
) -> ApiLimits:
    """The API's limits from its config endpoint, or refresh.toml's fallback when that does not answer usefully.

    An unreachable host is not a missing endpoint: OfflineError goes up as it is.
    """
    url = config_url(base_url)
    kwargs = (options or HttpOptions()).kwargs()
    try:
        if pacer:
            pacer.wait()
        limits = parse_limits(http.get_json(url, **kwargs))
    except http.OfflineError:
        raise
    except http.FetchError as exc:
        LOG.warning("  %s did not answer (%s); assuming %d cells per query", url, exc, fallback.max_cells)
        limits = None
    else:
        if limits is None:
            LOG.warning(
                "  %s is not a PxWeb configuration; assuming %d cells per query", url, fallback.max_cells
            )
    return limits or ApiLimits(fallback.max_cells, fallback.max_calls, fallback.time_window, "refresh.toml")


class Pacer:
    """Keeps requests within `max_calls` per `window` seconds (a sliding window; the API's own HTTP 429 is the
    backstop, retried with back-off by http.request)."""

    def __init__(
        self,
        max_calls: int,
        window: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.max_calls, self.window = max_calls, window
        self.clock, self.sleep = clock, sleep
        self.sent: list[float] = []

    def wait(self) -> float:
        """Block until one more request fits the window; returns the seconds waited."""
        if self.max_calls <= 0 or self.window <= 0:
            return 0.0
        now = self.clock()
        self.sent = [t for t in self.sent if now - t < self.window]
        waited = 0.0
        if len(self.sent) >= self.max_calls:
            waited = self.sent[-self.max_calls] + self.window - now
            if waited > 0:
                self.sleep(waited)
            now = self.clock()
            self.sent = [t for t in self.sent if now - t < self.window]
        self.sent.append(now)
        return max(waited, 0.0)


@dataclass(frozen=True)
class Variable:
    """One variable of a table's PxWeb metadata."""

    code: str
    values: tuple[str, ...] | None  # None: the API did not list them (more than its maxValues)
    elimination: bool = False
    time: bool = False
    text: str = ""
    texts: tuple[str, ...] = ()  # the values' labels (valueTexts), in the values' order


def parse_metadata(doc: object, source: str) -> dict[str, Variable]:
    """A table's metadata (GET on the table URL) → its variables by code, in the table's order."""
    variables = doc.get("variables") if isinstance(doc, Mapping) else None
    if not isinstance(variables, list) or not all(isinstance(v, Mapping) and "code" in v for v in variables):
        raise QueryError(
            f"{source}: the table's metadata is not PxWeb metadata (no list of variables with codes)"
        )
    out = {}
    for var in variables:
        values = var.get("values")
        out[str(var["code"])] = Variable(
            code=str(var["code"]),
            values=tuple(str(v) for v in values) if isinstance(values, list) else None,
            elimination=bool(var.get("elimination", False)),
            time=bool(var.get("time", False)),
            text=str(var.get("text", "")),
            texts=tuple(str(t) for t in var.get("valueTexts") or ()),
        )
    return out


@dataclass(frozen=True)
class Selection:
    """What the query asks of one variable: its values in the metadata's order when they can be listed."""

    code: str
    count: int
    values: tuple[str, ...] | None = None  # listed values (splittable); None for top/agg/vs filters
    item: Mapping[str, Any] | None = (
        None  # the query item as configured; None when the query omits the variable
    )
    variable: Variable | None = None


def expand(
    query: Sequence[Mapping[str, Any]],
    variables: Mapping[str, Variable],
    source: str,
    required: Iterable[str] = (),
) -> list[Selection]:
    """The query's selection of every variable of the table, with the number of values each contributes.

    Like PxWeb: a variable the query omits contributes all its values unless it can be eliminated (then 1).
    A variable the query or the converter names that the metadata lacks fails here, before any data query.
    """
    items = {str(item["code"]): item for item in query}
    wanted = list(items) + [name for name in required if name not in items]
    missing = [name for name in wanted if name not in variables]
    if missing:
        raise QueryError(
            f"{source}: the table has no variable {', '.join(map(repr, missing))} (its variables are "
            f"{', '.join(map(repr, variables))}); the variable may have been renamed — check the table's "
            "variables (GET the table URL) and update data/catalogue/refresh.toml"
        )
    out = []
    for code, var in variables.items():
        item = items.get(code)
        if item is None:
            if var.elimination:
                continue  # eliminated: summed over by the API, one cell's worth
            if var.values is None:
                raise QueryError(f"{source}: the metadata lists no values for the omitted variable {code!r}")
            out.append(Selection(code, len(var.values), var.values, None, var))
            continue
        selection = item.get("selection", {})
        kind = str(selection.get("filter", "item")).lower()
        asked = [str(v) for v in selection.get("values", [])]
        if kind not in EXPANDABLE:
            count = int(asked[0]) if kind == "top" and asked and asked[0].isdigit() else len(asked)
            out.append(Selection(code, max(count, 1), None, item, var))
            continue
        if var.values is None:
            raise QueryError(
                f"{source}: the metadata lists no values for {code!r} (more than the API lists), so the query's "
                "cells cannot be counted; select its values with filter 'item'"
            )
        if kind == "all":
            chosen = [v for v in var.values if any(fnmatch.fnmatchcase(v, p) for p in asked)]
        else:
            unknown = [v for v in asked if v not in set(var.values)]
            if unknown:
                raise QueryError(
                    f"{source}: variable {code!r} has no value(s) {unknown[:5]} (it has {list(var.values[:8])}"
                    f"{' …' if len(var.values) > 8 else ''}); update data/catalogue/refresh.toml"
                )
            chosen = [v for v in var.values if v in set(asked)]  # the API answers in the table's order
        if not chosen:
            raise QueryError(f"{source}: the query selects no values of {code!r} ({asked[:5]})")
        out.append(Selection(code, len(chosen), tuple(chosen), item, var))
    return out


def cells(selections: Iterable[Selection]) -> int:
    return math.prod(s.count for s in selections)


@dataclass
class Plan:
    """How a query is cut: chunk size per split variable, and the cells of the largest piece."""

    total: int
    chunk: dict[str, int] = field(default_factory=dict)
    piece_cells: int = 0
    sizes: dict[str, int] = field(default_factory=dict)

    @property
    def pieces(self) -> int:
        return math.prod(math.ceil(self.sizes[code] / k) for code, k in self.chunk.items())


def split_order(selections: Sequence[Selection], preferred: Sequence[str] = ()) -> list[Selection]:
    """The variables to split along, first choice first: the configured ones, then time, then by size.

    Only variables whose values are listed can be split (not "top", aggregations or value sets); eliminable
    variables come before other non-time ones, as content variables are neither (pxweb's rule).
    """
    listed = [s for s in selections if s.values is not None and s.count > 1]
    by_code = {s.code: s for s in listed}
    first = [by_code[c] for c in preferred if c in by_code]
    rest = [s for s in listed if s.code not in preferred]
    rest.sort(
        key=lambda s: (
            not (s.variable and s.variable.time),
            not (s.variable and s.variable.elimination),
            -s.count,
        )
    )
    return first + rest


def plan(selections: Sequence[Selection], max_cells: int, source: str, preferred: Sequence[str] = ()) -> Plan:
    """Cut along the first split variable into chunks that fit; if one value of it is still too big, take it
    one value at a time and cut the next variable as well, and so on. Fails naming the table and the cells."""
    for code in preferred:
        if not any(s.code == code for s in selections):
            raise QueryError(f"{source}: split variable {code!r} is not a variable of the query's table")
    total = cells(selections)
    result = Plan(total=total, piece_cells=total)
    if total <= max_cells:
        return result
    piece = total
    for sel in split_order(selections, preferred):
        per_value = piece // sel.count
        result.sizes[sel.code] = sel.count
        if per_value <= max_cells:
            k = max_cells // per_value
            result.chunk[sel.code] = min(k, sel.count)
            result.piece_cells = per_value * result.chunk[sel.code]
            return result
        result.chunk[sel.code] = 1
        piece = per_value
    split = ", ".join(result.chunk) or "none that can be split"
    raise QueryError(
        f"{source}: the query selects {total:,} cells and the API allows {max_cells:,} per query; even one value "
        f"of each splittable variable ({split}) leaves {piece:,} cells — select fewer values in "
        "data/catalogue/refresh.toml"
    )


def piece_queries(
    selections: Sequence[Selection], query: Sequence[Mapping[str, Any]], cut: Plan
) -> list[list[dict]]:
    """One query per piece: split variables ask their chunk with filter "item", others as configured."""
    by_code = {s.code: s for s in selections}
    axes = []
    for code, k in cut.chunk.items():
        values = by_code[code].values or ()
        axes.append([(code, values[i : i + k]) for i in range(0, len(values), k)])
    out = []
    for combo in itertools.product(*axes):
        chunks = dict(combo)
        items = []
        for item in query:
            code = str(item["code"])
            if code in chunks:
                items.append({"code": code, "selection": {"filter": "item", "values": list(chunks[code])}})
            else:
                items.append(dict(item))
        # A split variable the query omitted (non-eliminable, so all of it was implied) is now asked explicitly.
        for code, values in chunks.items():
            if not any(str(item["code"]) == code for item in query):
                items.append({"code": code, "selection": {"filter": "item", "values": list(values)}})
        out.append(items)
    return out


def _codes(dim_id: str, dim: Mapping[str, Any], source: str) -> list[str]:
    index = dim.get("category", {}).get("index")
    if isinstance(index, Mapping):
        return sorted((str(c) for c in index), key=lambda c: index[c])
    if isinstance(index, list):
        return [str(c) for c in index]
    labels = dim.get("category", {}).get("label")
    if isinstance(labels, Mapping) and len(labels) == 1:
        return [str(next(iter(labels)))]
    raise ConversionError(f"{source}: dimension {dim_id!r} of a piece has no category index")


def _cube(doc: Mapping[str, Any], key: str, sizes: list[int], source: str) -> np.ndarray | None:
    """A piece's values (or statuses) as an object array shaped by its sizes; None where absent."""
    raw = doc.get(key)
    total = math.prod(sizes)
    flat = np.full(total, None, dtype=object)
    if raw is None:
        return None if key == "status" else flat.reshape(sizes)
    if isinstance(raw, list):
        if len(raw) != total:
            raise ConversionError(f"{source}: a piece has {len(raw)} {key} entries for {total} cells")
        flat[:] = raw
    elif isinstance(raw, Mapping):
        for position, item in raw.items():
            flat[int(position)] = item
    elif key == "status" and isinstance(raw, str):
        flat[:] = raw
    else:
        raise ConversionError(f"{source}: a piece's {key!r} is of the wrong type")
    return flat.reshape(sizes)


def merge(bodies: Sequence[bytes], order: Mapping[str, Sequence[str]], source: str) -> dict[str, Any]:
    """Merge JSON-stat 2.0 pieces of one query into one dataset: the same dimensions, each dimension's
    categories in the metadata's order (`order`, by variable code), every value in its place."""
    docs = [http.decode_json(body) for body in bodies]
    for doc in docs:
        if not isinstance(doc, Mapping) or not isinstance(doc.get("id"), list) or "dimension" not in doc:
            raise ConversionError(f"{source}: a piece of the split query is not a JSON-stat 2.0 dataset")
    ids = [str(i) for i in docs[0]["id"]]
    for doc in docs[1:]:
        if [str(i) for i in doc["id"]] != ids:
            raise ConversionError(
                f"{source}: the pieces of the split query have different dimensions ({ids} and {doc['id']})"
            )
    piece_codes = [[_codes(d, doc["dimension"][d], source) for d in ids] for doc in docs]
    merged_codes = []
    for axis, dim_id in enumerate(ids):
        if all(codes[axis] == piece_codes[0][axis] for codes in piece_codes):
            merged_codes.append(
                piece_codes[0][axis]
            )  # not split: every piece has it whole, as the API ordered it
            continue
        seen = {c: i for i, c in enumerate(dict.fromkeys(c for codes in piece_codes for c in codes[axis]))}
        rank = {c: i for i, c in enumerate(order.get(dim_id, ()))}
        # A split dimension: its categories in the metadata's order (any it does not list, in order of appearance).
        merged_codes.append(sorted(seen, key=lambda c: (rank.get(c, len(rank)), seen[c])))
    sizes = [len(c) for c in merged_codes]
    if sum(math.prod(len(c) for c in codes) for codes in piece_codes) != math.prod(sizes):
        raise ConversionError(
            f"{source}: the pieces of the split query do not add up to one table "
            f"({[len(c) for c in merged_codes]} categories): they overlap or leave gaps"
        )
    positions = [{c: i for i, c in enumerate(codes)} for codes in merged_codes]
    values = np.full(sizes, None, dtype=object)
    status = np.full(sizes, None, dtype=object)
    has_status = False
    for doc, piece_axes in zip(docs, piece_codes, strict=True):
        shape = [len(c) for c in piece_axes]
        where = np.ix_(*[[at[c] for c in piece] for piece, at in zip(piece_axes, positions, strict=True)])
        values[where] = _cube(doc, "value", shape, source)
        piece_status = _cube(doc, "status", shape, source)
        if piece_status is not None:
            status[where] = piece_status
            has_status = True
    out = {k: v for k, v in docs[0].items() if k not in ("id", "size", "dimension", "value", "status")}
    dimension = {}
    for dim_id, dim_codes in zip(ids, merged_codes, strict=True):
        first = docs[0]["dimension"][dim_id]
        category: dict[str, Any] = {k: v for k, v in first.get("category", {}).items() if k != "index"}
        category["index"] = {c: i for i, c in enumerate(dim_codes)}
        for key in ("label", "unit", "note", "child", "coordinates"):
            parts = [d["dimension"][dim_id].get("category", {}).get(key) for d in docs]
            if all(isinstance(p, Mapping) for p in parts if p is not None) and any(
                p is not None for p in parts
            ):
                joined: dict[str, Any] = {}
                for part in parts:
                    joined.update(part or {})
                category[key] = joined if key == "child" else {c: joined[c] for c in dim_codes if c in joined}
        dimension[dim_id] = {**{k: v for k, v in first.items() if k != "category"}, "category": category}
    out.update(id=ids, size=sizes, dimension=dimension, value=values.ravel().tolist())
    if has_status:
        out["status"] = {str(i): s for i, s in enumerate(status.ravel().tolist()) if s is not None}
    return out


def dumps(doc: Mapping[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
