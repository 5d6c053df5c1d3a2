"""JSON-stat 2.0 datasets (as Statistics Finland's PxWeb API returns them) → a long DataFrame, validated."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from foresight.columns import VALUE


class JsonStatError(ValueError):
    """The response is not a usable JSON-stat 2.0 dataset; the message says what is wrong."""


@dataclass(frozen=True)
class Dataset:
    """A parsed dataset: one code column per dimension plus `value`, and the labels of every category."""

    frame: pd.DataFrame
    dimensions: tuple[str, ...]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    dimension_labels: dict[str, str] = field(default_factory=dict)
    title: str = ""
    updated: str = ""


def _load(data: bytes | str | Mapping[str, Any], source: str) -> Mapping[str, Any]:
    """Decode bytes or text to a JSON object, telling a truncated body from other garbage."""
    if isinstance(data, Mapping):
        return data
    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
    if not text.strip():
        raise JsonStatError(f"{source}: the response is empty")
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) - 1:
            raise JsonStatError(
                f"{source}: the JSON ends too early at character {exc.pos} of {len(text)}: "
                "the response was truncated"
            ) from None
        raise JsonStatError(f"{source}: not valid JSON ({exc.msg} at character {exc.pos})") from None
    if not isinstance(loaded, dict):
        raise JsonStatError(f"{source}: expected a JSON-stat object, got a JSON {type(loaded).__name__}")
    return loaded


def load(data: bytes | str | Mapping[str, Any], source: str = "JSON-stat") -> Mapping[str, Any]:
    """The answer as a JSON object (bytes or text decoded), with _load's clear messages."""
    return _load(data, source)


def _categories(dim_id: str, dim: Mapping[str, Any], size: int, source: str) -> list[str]:
    """Category codes of a dimension in their index order."""
    category = dim.get("category") if isinstance(dim, Mapping) else None
    if not isinstance(category, Mapping):
        raise JsonStatError(f"{source}: dimension {dim_id!r} has no categories")
    index = category.get("index")
    if index is None:
        labels = category.get("label")
        # JSON-stat allows a lone category without an index.
        if isinstance(labels, Mapping) and len(labels) == 1:
            return [str(next(iter(labels)))]
        raise JsonStatError(f"{source}: dimension {dim_id!r} has no category index")
    if isinstance(index, Mapping):
        codes = sorted(index, key=lambda code: index[code])
        if sorted(index.values()) != list(range(len(index))):
            raise JsonStatError(f"{source}: dimension {dim_id!r} has a broken category index")
    elif isinstance(index, list):
        codes = [str(code) for code in index]
    else:
        raise JsonStatError(f"{source}: dimension {dim_id!r} has a category index of the wrong type")
    if len(codes) != size:
        raise JsonStatError(
            f"{source}: dimension {dim_id!r} has {len(codes)} categories but size says {size}"
        )
    return [str(code) for code in codes]


def _values(raw: Any, total: int, source: str) -> np.ndarray:
    """The value array as floats (None → NaN), dense or sparse (an object keyed by position)."""
    if isinstance(raw, list):
        if len(raw) != total:
            raise JsonStatError(
                f"{source}: {len(raw)} values but the dimensions' sizes multiply to {total}: "
                "the response is incomplete"
            )
        items = raw
    elif isinstance(raw, Mapping):
        items = [None] * total
        for key, item in raw.items():
            position = int(key)
            if not 0 <= position < total:
                raise JsonStatError(f"{source}: value position {position} outside the table")
            items[position] = item
    else:
        raise JsonStatError(f"{source}: 'value' is missing or of the wrong type")
    try:
        return np.array([math.nan if v is None else float(v) for v in items], dtype="float64")
    except (TypeError, ValueError):
        bad = next(v for v in items if v is not None and not isinstance(v, int | float))
        raise JsonStatError(f"{source}: a value is not a number: {str(bad)[:40]!r}") from None


def parse(
    data: bytes | str | Mapping[str, Any],
    required: Sequence[str] = (),
    *,
    source: str = "JSON-stat",
    allow_empty: bool = False,
) -> Dataset:
    """Parse a JSON-stat 2.0 dataset; raises JsonStatError naming what is missing or inconsistent."""
    doc = _load(data, source)
    if doc.get("class", "dataset") != "dataset":
        raise JsonStatError(f"{source}: class {doc.get('class')!r}, expected a 'dataset'")
    if str(doc.get("version", "2.0")) != "2.0":
        raise JsonStatError(f"{source}: JSON-stat version {doc.get('version')!r}, expected 2.0")
    ids, sizes, dims = doc.get("id"), doc.get("size"), doc.get("dimension")
    if not isinstance(ids, list) or not isinstance(sizes, list) or not isinstance(dims, Mapping):
        raise JsonStatError(f"{source}: 'id', 'size' or 'dimension' is missing; not a JSON-stat 2.0 dataset")
    if len(ids) != len(sizes):
        raise JsonStatError(f"{source}: {len(ids)} dimension ids but {len(sizes)} sizes")
    ids = [str(i) for i in ids]
    missing = [name for name in required if name not in ids]
    if missing:
        raise JsonStatError(
            f"{source}: dimension {', '.join(map(repr, missing))} is missing (the table has "
            f"{', '.join(map(repr, ids))}); the table may have been renamed or restructured — "
            "check its variables and update data/catalogue/refresh.toml"
        )
    codes = []
    for dim_id, size in zip(ids, sizes, strict=True):
        if dim_id not in dims:
            raise JsonStatError(f"{source}: dimension {dim_id!r} is listed in 'id' but not described")
        if not isinstance(size, int) or size < 0:
            raise JsonStatError(f"{source}: dimension {dim_id!r} has an invalid size {size!r}")
        codes.append(_categories(dim_id, dims[dim_id], size, source))
    total = math.prod(sizes)
    values = _values(doc.get("value"), total, source)
    if (total == 0 or np.isnan(values).all()) and not allow_empty:
        raise JsonStatError(f"{source}: the table is empty (no values for the query)")
    # Row-major order: the last dimension varies fastest, exactly as MultiIndex.from_product lays it out.
    index = pd.MultiIndex.from_product(codes, names=ids)
    frame = index.to_frame(index=False)
    frame[VALUE] = values
    labels = {
        dim_id: {str(k): str(v) for k, v in (dims[dim_id]["category"].get("label") or {}).items()}
        for dim_id in ids
    }
    return Dataset(
        frame=frame,
        dimensions=tuple(ids),
        labels=labels,
        dimension_labels={dim_id: str(dims[dim_id].get("label", dim_id)) for dim_id in ids},
        title=str(doc.get("label", "")),
        updated=str(doc.get("updated", "")),
    )
