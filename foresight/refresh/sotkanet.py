"""THL's Sotkanet REST API (1.1): indicator data as JSON or CSV, regions, and conversion to build raw files."""

from __future__ import annotations

import io
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from foresight.refresh import http
from foresight.refresh.config import HttpOptions, SotkanetIndicator
from foresight.refresh.convert import ConversionError, check_municipality_codes, integral

MUNICIPALITY_CATEGORY = "KUNTA"
DATA_COLUMNS = ("region", "year", "gender", "value")


class SotkanetError(ValueError):
    """A Sotkanet response that cannot be read as the API documents it."""


def data_url(
    base_url: str, indicator: int, years: Iterable[int], fmt: str = "json", gender: str = "total"
) -> str:
    """…/json?indicator=127&years=2000&years=2001…&genders=total (the API repeats `years`)."""
    if fmt not in ("json", "csv"):
        raise ValueError(f"Sotkanet format must be json or csv, not {fmt!r}")
    params = [("indicator", str(indicator)), *(("years", str(y)) for y in years), ("genders", gender)]
    return f"{base_url.rstrip('/')}/{fmt}?{urllib.parse.urlencode(params)}"


def parse_json(body: bytes, source: str = "Sotkanet") -> pd.DataFrame:
    """The JSON data format: a list of {indicator, region, year, gender, value, absValue?}."""
    try:
        rows: Any = http.decode_json(body)
    except http.FetchError as exc:
        raise SotkanetError(f"{source}: {exc}") from None
    if not isinstance(rows, list):
        raise SotkanetError(f"{source}: expected a list of data rows, got a JSON {type(rows).__name__}")
    if not rows:
        raise SotkanetError(f"{source}: the response has no data rows (empty table)")
    frame = pd.DataFrame([r for r in rows if isinstance(r, dict)])
    return _check(frame, source)


def parse_csv(body: bytes, source: str = "Sotkanet") -> pd.DataFrame:
    """The CSV data format (semicolon separated, one header row); column names are matched loosely."""
    text = body.decode("utf-8-sig", errors="replace")
    if not text.strip():
        raise SotkanetError(f"{source}: the response is empty")
    try:
        frame = pd.read_csv(io.StringIO(text), sep=";", dtype=str)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise SotkanetError(f"{source}: the CSV cannot be read ({exc})") from None
    names = {c: c.strip().lower().replace(" ", ".").replace("_", ".") for c in frame.columns}
    wanted = {
        "region": ("region", "region.id", "alue"),
        "year": ("year", "vuosi"),
        "gender": ("gender", "sukupuoli"),
        "value": ("value", "primary.value", "arvo"),
    }
    rename = {}
    for target, options in wanted.items():
        found = [c for c, n in names.items() if n in options]
        if found:
            rename[found[0]] = target
    frame = frame.rename(columns=rename)
    if "value" in frame:
        frame["value"] = pd.to_numeric(frame["value"].str.replace(",", ".", regex=False), errors="coerce")
    if frame.empty:
        raise SotkanetError(f"{source}: the response has no data rows (empty table)")
    return _check(frame, source)


def _check(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Required fields are there and typed; region stays an id until mapped to a code."""
    missing = [c for c in ("region", "year", "value") if c not in frame.columns]
    if missing:
        raise SotkanetError(
            f"{source}: fields {missing} missing (got {list(frame.columns)}); the API's format may have changed"
        )
    if "gender" not in frame:
        frame["gender"] = "total"
    out = frame[list(DATA_COLUMNS)].copy()
    out["region"] = out["region"].astype(str).str.strip()
    out["year"] = pd.to_numeric(out["year"], errors="coerce")
    out["value"] = pd.to_numeric(out["value"], errors="coerce")
    if out["year"].isna().any():
        raise SotkanetError(f"{source}: rows without a valid year")
    out["year"] = out["year"].astype("int64")
    return out.dropna(subset=["value"]).reset_index(drop=True)


def parse_regions(body: bytes, source: str = "Sotkanet regions") -> pd.DataFrame:
    """The /regions list → region id, code, category, Finnish title and the region's maakunta (if given)."""
    try:
        rows: Any = http.decode_json(body)
    except http.FetchError as exc:
        raise SotkanetError(f"{source}: {exc}") from None
    if not isinstance(rows, list) or not rows:
        raise SotkanetError(f"{source}: expected a non-empty list of regions")
    frame = pd.DataFrame([r for r in rows if isinstance(r, dict)])
    missing = [c for c in ("id", "code", "category") if c not in frame]
    if missing:
        raise SotkanetError(f"{source}: region fields {missing} missing")
    out = pd.DataFrame(
        {
            "region": frame["id"].astype(str).str.strip(),
            "code": frame["code"].astype(str).str.strip(),
            "category": frame["category"].astype(str).str.upper(),
            "title": [_title(t) for t in frame.get("title", pd.Series([None] * len(frame)))],
        }
    )
    # A municipality's maakunta: the MAAKUNTA region among the ids it is a member of (`memberOf`).
    is_maakunta = out["category"] == "MAAKUNTA"
    maakunnat = dict(zip(out.loc[is_maakunta, "region"], out.loc[is_maakunta, "title"], strict=True))
    members = frame.get("memberOf", pd.Series([None] * len(frame)))
    out["maakunta"] = [
        next((maakunnat[str(m)] for m in (ids if isinstance(ids, list) else []) if str(m) in maakunnat), "")
        for ids in members
    ]
    return out


def _title(title: object) -> str:
    """The Finnish title of a region (`{"fi": …, "sv": …}`), or the plain string."""
    if isinstance(title, dict):
        return str(title.get("fi") or next(iter(title.values()), ""))
    return "" if title is None or title != title else str(title)


def municipalities(data: pd.DataFrame, regions: pd.DataFrame, source: str = "Sotkanet") -> pd.DataFrame:
    """Keep municipality rows (gender total) and replace region ids by 3-digit municipality codes."""
    kunta = regions[regions["category"] == MUNICIPALITY_CATEGORY]
    merged = data[data["gender"] == "total"].merge(kunta, on="region", how="inner")
    if merged.empty:
        raise SotkanetError(f"{source}: no municipality rows in the response (empty table)")
    merged["code"] = merged["code"].str.zfill(3)
    check_municipality_codes(merged["code"].unique(), source)
    dup = merged.duplicated(["code", "year"])
    if dup.any():
        raise SotkanetError(
            f"{source}: several values for {merged.loc[dup, ['code', 'year']].head(3).to_dict('records')}"
        )
    return merged[["code", "year", "value"]].sort_values(["code", "year"]).reset_index(drop=True)


def population_31dec(
    frames: Mapping[int, pd.DataFrame], spec: SotkanetIndicator, source: str
) -> pd.DataFrame:
    """Municipality rows → municipality_code, year, population_31dec (population.py's Sotkanet file)."""
    frame = frames[spec.indicator]
    if (frame["value"] < 0).any():
        raise ConversionError(f"{source}: negative population")
    return pd.DataFrame(
        {
            "municipality_code": frame["code"].to_numpy(),
            "year": frame["year"].to_numpy(),
            "population_31dec": integral(frame["value"]).to_numpy(),
        }
    )


def municipal_dump(frames: Mapping[int, pd.DataFrame], spec: SotkanetIndicator, source: str) -> pd.DataFrame:
    """Several indicators → the long dump sotkanet.py reads: Muuttuja, Alue, Vuosi, Arvo, Maakunta, code.

    `Muuttuja` is the name refresh.toml gives each indicator id (the dump's "[THEME] title" form).
    """
    parts = []
    for indicator, name in spec.variables:
        frame = frames[indicator]
        parts.append(
            pd.DataFrame(
                {
                    "Muuttuja": name,
                    "Alue": frame["title"].to_numpy(),
                    "Vuosi": frame["year"].to_numpy(),
                    "Arvo": frame["value"].to_numpy(),
                    "Maakunta": frame["maakunta"].to_numpy(),
                    "municipality_code": frame["code"].to_numpy(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def with_unfetched(new: pd.DataFrame, previous: Path) -> pd.DataFrame:
    """A refreshed long dump plus the rows of every variable the refresh did not fetch, from the file being
    replaced: what the API no longer serves as it was (the 2012 population projection the track record
    scores) is kept, never dropped. Without a previous file, or a new frame without `Muuttuja`, as is."""
    if "Muuttuja" not in new.columns or not previous.exists():
        return new
    old = pd.read_csv(previous, dtype={"municipality_code": str})
    if "Muuttuja" not in old.columns:
        return new
    kept = old[~old["Muuttuja"].isin(set(new["Muuttuja"]))]
    return pd.concat([new, kept[[c for c in new.columns if c in kept.columns]]], ignore_index=True)


CONVERTERS: dict[str, Callable[[Mapping[int, pd.DataFrame], SotkanetIndicator, str], pd.DataFrame]] = {
    "population_31dec": population_31dec,
    "municipal_dump": municipal_dump,
}


def fetch_regions(base_url: str, options: HttpOptions | None = None) -> bytes:
    """The raw /regions body."""
    return http.request(f"{base_url.rstrip('/')}/regions", **(options or HttpOptions()).kwargs())


def fetch(
    spec: SotkanetIndicator,
    base_url: str,
    fmt: str = "json",
    options: HttpOptions | None = None,
    indicator: int | None = None,
) -> bytes:
    """The raw data body of one indicator (the entry's first unless given) over the configured years."""
    years = range(spec.first_year, spec.last_year + 1)
    url = data_url(base_url, spec.indicator if indicator is None else indicator, years, fmt)
    return http.request(url, **(options or HttpOptions()).kwargs())


def convert(
    spec: SotkanetIndicator,
    bodies: bytes | Mapping[int, bytes],
    regions_body: bytes,
    fmt: str = "json",
) -> pd.DataFrame:
    """Parse each indicator's response and shape them together as the build step's raw file."""
    ids = ", ".join(str(i) for i, _ in spec.variables)
    source = f"Sotkanet {spec.key} (indicator {ids})"
    if spec.converter not in CONVERTERS:
        raise ConversionError(f"{source}: unknown converter {spec.converter!r} in refresh.toml")
    if isinstance(bodies, bytes):
        bodies = {spec.indicator: bodies}
    regions = parse_regions(regions_body)
    kunnat = regions[regions["category"] == MUNICIPALITY_CATEGORY].assign(
        code=lambda r: r["code"].str.zfill(3)
    )
    frames = {}
    for indicator, _ in spec.variables:
        if indicator not in bodies:
            raise ConversionError(f"{source}: no response for indicator {indicator}")
        one = f"Sotkanet {spec.key} (indicator {indicator})"
        data = parse_json(bodies[indicator], one) if fmt == "json" else parse_csv(bodies[indicator], one)
        rows = municipalities(data, regions, one)
        names = kunnat.drop_duplicates("code").set_index("code")
        frames[indicator] = rows.assign(
            title=rows["code"].map(names["title"]), maakunta=rows["code"].map(names["maakunta"])
        )
    return CONVERTERS[spec.converter](frames, spec, source)
