"""Shared pieces of the converters: municipality-code checks and writing raw files the build reads."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from foresight.build.common import MERGERS, current_codes


class ConversionError(ValueError):
    """A response parsed but does not fit the raw file the build step expects."""


def check_municipality_codes(codes: Iterable[str], source: str) -> None:
    """Every code is in the 2026 division or a merger the build knows how to fold in."""
    known = current_codes() | frozenset(MERGERS)
    unknown = sorted({c for c in codes if c not in known})
    if unknown:
        raise ConversionError(
            f"{source}: municipality code(s) {', '.join(unknown[:10])} exist neither in the 2026 division nor "
            "among the known mergers (foresight/build/common.py MERGERS); a new merger must be recorded "
            "before its figures can be harmonised"
        )


def integral(values: pd.Series) -> pd.Series:
    """Whole numbers as Int64 (so the CSV says 27715, not 27715.0); other values unchanged."""
    finite = values.dropna()
    if len(finite) and (finite == finite.round()).all():
        return values.astype("Int64")
    return values


def line_ending(path: Path) -> str:
    """The line ending of an existing raw file (CRLF or LF), so a refreshed file keeps its shape."""
    if not path.exists():
        return "\n"
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        head = handle.read(4096)
    return "\r\n" if b"\r\n" in head else "\n"


def write_raw(frame: pd.DataFrame, path: Path, newline: str = "\n") -> Path:
    """Write a raw CSV (gzip without a timestamp when the name ends .gz, so reruns give the same bytes).

    A converter may ask for StatFin's own CSV dialect (semicolons, quoted text) through `frame.attrs["csv"]`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    dialect = frame.attrs.get("csv", {})
    quoting = csv.QUOTE_NONNUMERIC if dialect.get("quote_text") else csv.QUOTE_MINIMAL
    text = frame.to_csv(index=False, lineterminator=newline, sep=dialect.get("sep", ","), quoting=quoting)
    data = text.encode("utf-8")
    if path.suffix == ".gz":
        data = gzip.compress(data, mtime=0)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)  # a symlink to the shipped raw file is replaced, never written through
    return path
