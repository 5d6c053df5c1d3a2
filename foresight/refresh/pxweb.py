"""Statistics Finland's PxWeb API: query a table as JSON-stat 2.0 and convert it into a build raw file."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from foresight.build import common
from foresight.refresh import http, jsonstat, split, tables
from foresight.refresh.config import HttpOptions, StatFinLimits, StatFinTable
from foresight.refresh.convert import ConversionError, check_municipality_codes, integral

LOG = logging.getLogger("foresight.refresh")
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
    """The POST body PxWeb expects, asking for JSON-stat 2.0 (the table's query, or one piece of it)."""
    return {"query": list(table.query if query is None else query), "response": {"format": "json-stat2"}}


def fetch(
    table: StatFinTable,
    base_url: str,
    options: HttpOptions | None = None,
    *,
    limits: split.ApiLimits | None = None,
    pacer: split.Pacer | None = None,
) -> bytes:
    """The JSON-stat body of a table query, fetched within the API's limits.

    The table's metadata is read first (GET on the table URL): a variable the query names that the table lacks
    fails here, before any data query. A query within the cell limit is sent as it is and its body returned as
    fetched; a bigger one is sent in pieces and the body returned is the pieces merged into one dataset.
    `limits` default to the API's config endpoint (refresh.toml's fallback when it does not answer).
    """
    options = options or HttpOptions()
    pacer = pacer or split.Pacer(0, 0)
    if limits is None:
        limits = split.fetch_limits(base_url, StatFinLimits(), options, pacer)
    source = f"StatFin {table.key}"
    url = table_url(base_url, table)
    pacer.wait()
    metadata = split.parse_metadata(http.get_json(url, **options.kwargs()), source)
    selections = split.expand(table.query, metadata, source, table.required_dimensions)
    cut = split.plan(selections, limits.max_cells, source, table.split)
    if not cut.chunk:
        pacer.wait()
        return http.post_json(url, query_body(table), **options.kwargs())
    pieces = split.piece_queries(selections, table.query, cut)
    LOG.info(
        "  %s: %s cells, more than the %s a query may ask (%s); fetching in %d pieces along %s",
        table.key, f"{cut.total:,}", f"{limits.max_cells:,}", limits.source, len(pieces), ", ".join(cut.chunk),
    )  # fmt: skip
    bodies = []
    for piece in pieces:
        pacer.wait()
        bodies.append(http.post_json(url, query_body(table, piece), **options.kwargs()))
    order = {code: var.values for code, var in metadata.items() if var.values is not None}
    return split.dumps(split.merge(bodies, order, source))


def kta_key_figures(data: jsonstat.Dataset, source: str, options: Mapping[str, Any]) -> pd.DataFrame:
    """Key figures → municipality_code, municipality_name, year and one column per key figure."""
    frame = data.frame.dropna(subset=["value"])
    missing = [c for c in KTA_COLUMNS if c not in set(frame["Tunnusluku"])]
    if missing:
        raise ConversionError(f"{source}: key figures {missing} are missing from the response")
    check_municipality_codes(frame["Alue"].unique(), source)
    wide = frame.pivot(index=["Alue", "Vuosi"], columns="Tunnusluku", values="value")
    # Keep the API's own order of areas, as the raw file has it.
    order = {code: i for i, code in enumerate(frame["Alue"].unique())}
    wide = wide.reset_index().sort_values(
        ["Alue", "Vuosi"], key=lambda s: s.map(order) if s.name == "Alue" else s
    )
    out = pd.DataFrame(
        {
            "municipality_code": wide["Alue"].to_numpy(),
            "municipality_name": wide["Alue"].map(data.labels.get("Alue", {})).to_numpy(),
            "year": wide["Vuosi"].astype(int).to_numpy(),
        }
    )
    for column in KTA_COLUMNS:
        out[column] = integral(wide[column].reset_index(drop=True))
    return out


def population_projection(data: jsonstat.Dataset, source: str, options: Mapping[str, Any]) -> pd.DataFrame:
    """Projection by age → area_code (3-digit or SSS), area_name, year, age, projected_population."""
    frame = data.frame.dropna(subset=["value"])
    for dim in ("Sukupuoli", "Tiedot"):
        if dim in frame and frame[dim].nunique() > 1:
            raise ConversionError(f"{source}: expected one {dim} category, got {sorted(frame[dim].unique())}")
    # Areas are 'SSS' (whole country) and 'KU020'; the build reads 3-digit municipality codes.
    codes = frame["Alue"].str.removeprefix("KU")
    regional = codes[~codes.str.fullmatch(r"\d{3}") & (codes != "SSS")]
    if len(regional):
        raise ConversionError(f"{source}: areas that are not municipalities: {sorted(regional.unique())[:5]}")
    check_municipality_codes(codes[codes != "SSS"].unique(), source)
    ages = frame["Ikä"]
    if not ages.str.fullmatch(r"\d+").all():
        raise ConversionError(
            f"{source}: age codes that are not single years: {sorted(ages[~ages.str.isdigit()].unique())[:5]}"
        )
    return pd.DataFrame(
        {
            "area_code": codes.to_numpy(),
            "area_name": frame["Alue"].map(data.labels.get("Alue", {})).to_numpy(),
            "year": frame["Vuosi"].astype(int).to_numpy(),
            "age": ages.astype(int).to_numpy(),
            "projected_population": integral(frame["value"]).to_numpy(),
        }
    )


CONVERTERS: dict[str, Callable[[jsonstat.Dataset, str, Mapping[str, Any]], pd.DataFrame]] = {
    "kta_key_figures": kta_key_figures,
    "population_projection": population_projection,
    **tables.CONVERTERS,
}


def convert(table: StatFinTable, body: bytes, previous: Path | None = None) -> pd.DataFrame:
    """Parse and validate a table's response, and shape it as the build step's raw file.

    `previous` is the raw folder being refreshed: columns the API does not publish (a third party's regional
    typology, say) are carried over from the file there, by municipality code.
    """
    source = f"StatFin {table.key}"
    if table.converter not in CONVERTERS:
        raise ConversionError(f"{source}: unknown converter {table.converter!r} in refresh.toml")
    data = jsonstat.parse(body, table.required_dimensions, source=source)
    options = dict(table.options)
    options["_previous"] = (previous or common.raw_dir()) / table.raw_file
    return CONVERTERS[table.converter](data, source, options)
