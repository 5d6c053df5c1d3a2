"""Statistics Finland's PxWeb API: query a table as JSON-stat 2.0 and convert it into a build raw file."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from foresight import pxjson
from foresight.build import common
from foresight.refresh import http, jsonstat, roles, split, tables
from foresight.refresh.config import HttpOptions, StatFinLimits, StatFinTable
from foresight.refresh.convert import ConversionError, check_municipality_codes, integral

LOG = logging.getLogger("foresight.refresh")
AREA, TIME, CONTENTS = roles.AREA, roles.TIME, roles.CONTENTS
KEY_FIGURE = "key_figure"  # the finance table's own role (refresh.toml `roles`)
KTA_COLUMNS = (
    "lainakanta_eur",
    "lainakanta_asuk",
    "k_lainakanta_eur",
    "k_lainakanta_asuk",
    "suhteel_velkaant",
    "omavaraisuus_aste",
)


def table_url(base_url: str, table: StatFinTable) -> str:
    """Full URL of a table: base (…/PxWeb/api/v1/<lang>) + database path.

    A table with its own `language` swaps the base's language segment (…/v1/en → …/v1/fi); a base without
    one (a local test server) is used as it is.
    """
    base = base_url.rstrip("/")
    if table.language and re.search(r"/api/v1/[a-z]{2}$", base):
        base = f"{base[:-2]}{table.language}"
    return f"{base}/{table.path.lstrip('/')}"


def query_body(table: StatFinTable, query: Sequence[Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """The POST body PxWeb expects, in the entry's answer format (the table's query, or one piece of it)."""
    return {"query": list(table.query if query is None else query), "response": {"format": table.format}}


def _named(table: StatFinTable, exc: http.FetchError) -> http.FetchError:
    """The same failure with the table named first (an administrator reads which table failed)."""
    message = f"StatFin {table.key} ({table.path}): {exc}"
    if exc.status == 404:
        message += " — the table may have moved: check its path in data/catalogue/refresh.toml"
    return type(exc)(message, url=exc.url, status=exc.status)


def read_metadata(
    table: StatFinTable, base_url: str, options: HttpOptions, pacer: split.Pacer
) -> tuple[dict[str, split.Variable], roles.Resolved]:
    """A table's metadata (GET on its URL) and its query resolved against it (roles, content codes)."""
    source = f"StatFin {table.key}"
    pacer.wait()
    try:
        doc = http.get_json(table_url(base_url, table), **options.kwargs())
    except http.FetchError as exc:
        raise _named(table, exc) from None
    metadata = split.parse_metadata(doc, source)
    return metadata, roles.resolve_query(table, metadata, source)


def fetch(
    table: StatFinTable,
    base_url: str,
    options: HttpOptions | None = None,
    *,
    limits: split.ApiLimits | None = None,
    pacer: split.Pacer | None = None,
    info: dict[str, Any] | None = None,
) -> bytes:
    """The JSON-stat body of a table query, fetched within the API's limits.

    The table's metadata is read first (GET on the table URL): a variable the query names that the table lacks
    fails here, before any data query. A query within the cell limit is sent as it is and its body returned as
    fetched; a bigger one is sent in pieces and the body returned is the pieces merged into one dataset.
    `limits` default to the API's config endpoint (refresh.toml's fallback when it does not answer).
    Variables are named by role in refresh.toml and resolved against the metadata here; `info` (when given)
    receives what was found: the variable of each role, the content codes and the newest period.
    """
    options = options or HttpOptions()
    pacer = pacer or split.Pacer(0, 0)
    if limits is None:
        limits = split.fetch_limits(base_url, StatFinLimits(), options, pacer)
    source = f"StatFin {table.key}"
    url = table_url(base_url, table)
    metadata, resolved = read_metadata(table, base_url, options, pacer)
    if info is not None:
        info.update(table_info(table, resolved, metadata))
    selections = split.expand(resolved.query, metadata, source)
    cut = split.plan(selections, limits.max_cells, source, resolved.split)
    if not cut.chunk:
        pacer.wait()
        return _post(table, url, query_body(table, resolved.query), options)
    if table.format != "json-stat2":
        raise split.QueryError(
            f"{source}: {cut.total:,} cells, more than the {limits.max_cells:,} a query may ask, and a "
            f"{table.format!r} answer cannot be fetched in pieces; select fewer values in data/catalogue/refresh.toml"
        )
    pieces = split.piece_queries(selections, resolved.query, cut)
    LOG.info(
        "  %s: %s cells, more than the %s a query may ask (%s); fetching in %d pieces along %s",
        table.key, f"{cut.total:,}", f"{limits.max_cells:,}", limits.source, len(pieces), ", ".join(cut.chunk),
    )  # fmt: skip
    bodies = []
    for piece in pieces:
        pacer.wait()
        bodies.append(_post(table, url, query_body(table, piece), options))
    order = {code: var.values for code, var in metadata.items() if var.values is not None}
    return split.dumps(split.merge(bodies, order, source))


def _post(table: StatFinTable, url: str, body: dict[str, Any], options: HttpOptions) -> bytes:
    try:
        return http.post_json(url, body, **options.kwargs())
    except http.FetchError as exc:
        raise _named(table, exc) from None


def table_info(
    table: StatFinTable, resolved: roles.Resolved, metadata: Mapping[str, split.Variable]
) -> dict[str, Any]:
    """What a table looked like: path, the variable of each role, wanted → actual content codes, newest period."""
    info: dict[str, Any] = {
        "path": table.path,
        "variables": dict(sorted(resolved.roles.items())),
        "contents": dict(resolved.contents),
        "newest": roles.newest(metadata, resolved.roles),
    }
    time_code = resolved.roles.get(roles.TIME)
    for item in resolved.query:
        if time_code and item["code"] == time_code and item["selection"].get("filter") == "item":
            # Fixed periods (a projection's years, the 1972–2018 series): the table's newest is no news here.
            asked = set(item["selection"]["values"])
            offered = [v for v in (metadata[time_code].values or ()) if v in asked]
            info.update(newest=offered[-1] if offered else None, fixed_periods=True)
    return info


def kta_key_figures(data: jsonstat.Dataset, source: str, options: Mapping[str, Any]) -> pd.DataFrame:
    """Key figures → municipality_code, municipality_name, year and one column per key figure."""
    frame = data.frame.dropna(subset=["value"])
    missing = [c for c in KTA_COLUMNS if c not in set(frame[KEY_FIGURE])]
    if missing:
        raise ConversionError(f"{source}: key figures {missing} are missing from the response")
    check_municipality_codes(frame[AREA].unique(), source)
    wide = frame.pivot(index=[AREA, TIME], columns=KEY_FIGURE, values="value")
    # Keep the API's own order of areas, as the raw file has it.
    order = {code: i for i, code in enumerate(frame[AREA].unique())}
    wide = wide.reset_index().sort_values([AREA, TIME], key=lambda s: s.map(order) if s.name == AREA else s)
    out = pd.DataFrame(
        {
            "municipality_code": wide[AREA].to_numpy(),
            "municipality_name": wide[AREA].map(data.labels.get(AREA, {})).to_numpy(),
            "year": wide[TIME].astype(int).to_numpy(),
        }
    )
    for column in KTA_COLUMNS:
        out[column] = integral(wide[column].reset_index(drop=True))
    return out


def population_projection(data: jsonstat.Dataset, source: str, options: Mapping[str, Any]) -> pd.DataFrame:
    """Projection by age → area_code (3-digit or SSS), area_name, year, age, projected_population."""
    frame = data.frame.dropna(subset=["value"])
    for dim in ("sex", CONTENTS):
        if dim in frame and frame[dim].nunique() > 1:
            raise ConversionError(f"{source}: expected one {dim} category, got {sorted(frame[dim].unique())}")
    # Areas are 'SSS' (whole country) and 'KU020'; the build reads 3-digit municipality codes.
    codes = frame[AREA].str.removeprefix("KU")
    regional = codes[~codes.str.fullmatch(r"\d{3}") & (codes != "SSS")]
    if len(regional):
        raise ConversionError(f"{source}: areas that are not municipalities: {sorted(regional.unique())[:5]}")
    check_municipality_codes(codes[codes != "SSS"].unique(), source)
    ages = frame["age"]
    if not ages.str.fullmatch(r"\d+").all():
        raise ConversionError(
            f"{source}: age codes that are not single years: {sorted(ages[~ages.str.isdigit()].unique())[:5]}"
        )
    return pd.DataFrame(
        {
            "area_code": codes.to_numpy(),
            "area_name": frame[AREA].map(data.labels.get(AREA, {})).to_numpy(),
            "year": frame[TIME].astype(int).to_numpy(),
            "age": ages.astype(int).to_numpy(),
            "projected_population": integral(frame["value"]).to_numpy(),
        }
    )


def check_answer(table: StatFinTable, body: bytes) -> bytes:
    """A PxWeb `json` answer kept as answered (the build reads it by role): checked, not converted.

    It must parse, have a time and an area variable, hold municipalities and every content code the entry
    lists in `options.wanted` (with or without a prefix); the message names the table otherwise.
    """
    source = f"StatFin {table.key}"
    if not body.strip():
        raise ConversionError(f"{source}: the response is empty")
    try:
        answer = pxjson.read(body, source)
        if answer.roles.area is None:
            raise pxjson.PxJsonError(f"{source}: no area variable in the answer")
        wanted = {str(code): str(code) for code in table.options.get("wanted", [])}
        frame = pxjson.municipal_values(answer, wanted)
    except pxjson.PxJsonError as exc:
        text = str(exc)
        raise ConversionError(text if text.startswith(source) else f"{source}: {text}") from None
    if frame.empty or frame.drop(columns=["municipality", pxjson.PERIOD]).isna().all().all():
        raise ConversionError(f"{source}: no values for municipalities (empty table)")
    return body


CONVERTERS: dict[str, Callable[[jsonstat.Dataset, str, Mapping[str, Any]], pd.DataFrame]] = {
    "kta_key_figures": kta_key_figures,
    "population_projection": population_projection,
    **tables.CONVERTERS,
}


def convert(table: StatFinTable, body: bytes, previous: Path | None = None) -> pd.DataFrame | bytes:
    """Parse and validate a table's response, and shape it as the build step's raw file.

    `previous` is the raw folder being refreshed: columns the API does not publish (a third party's regional
    typology, say) are carried over from the file there, by municipality code. The answer's dimensions are
    renamed to their roles (area, time, contents, …) first, so a converter reads either form of the table.
    A `json` answer (converter "pxjson_answer") is checked and kept as it came.
    """
    source = f"StatFin {table.key}"
    if table.converter == "pxjson_answer":
        return check_answer(table, body)
    if table.converter not in CONVERTERS:
        raise ConversionError(f"{source}: unknown converter {table.converter!r} in refresh.toml")
    doc = jsonstat.load(body, source)
    data = roles.normalize(jsonstat.parse(doc, source=source), doc, table, source)
    options = dict(table.options)
    options["_previous"] = (previous or common.raw_dir()) / table.raw_file
    return CONVERTERS[table.converter](data, source, options)
