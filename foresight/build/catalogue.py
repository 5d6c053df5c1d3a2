"""The indicator catalogue: hand-written metadata (data/catalogue/*.toml) joined with the data's coverage."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from foresight.build.common import CATALOGUE_FILE
from foresight.columns import INDICATOR, LANGUAGES, MUNICIPALITY, POLARITY_VALUES, THEMES, YEAR

SOURCES_FILE = CATALOGUE_FILE.parent / "sources.toml"
HARMONISATION = ("none", "sum", "recomputed", "population_weighted")
UNITS = (
    "percent", "persons", "eur_per_inhabitant", "per_1000", "ratio", "per_km2",
    "kt_co2e", "t_co2e_per_inhabitant", "count", "index", "percentage_points", "years",
)  # fmt: skip


def read_toml(path: Path) -> dict[str, dict[str, object]]:
    """Read a TOML file of tables."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


def run(
    observations: pd.DataFrame,
    indicators_file: Path = CATALOGUE_FILE,
    sources_file: Path = SOURCES_FILE,
    periods: dict[str, str] | None = None,
) -> pd.DataFrame:
    """One row per indicator, in file order, with source texts and the years and coverage of the data."""
    meta = read_toml(indicators_file)
    sources = read_toml(sources_file)
    rows = []
    for order, (ident, entry) in enumerate(meta.items()):
        assert entry["theme"] in THEMES, f"{ident}: unknown theme {entry['theme']}"
        assert entry["unit"] in UNITS, f"{ident}: unknown unit {entry['unit']}"
        assert entry["polarity"] in POLARITY_VALUES, f"{ident}: polarity must be 1, -1 or 0"
        assert entry["harmonisation"] in HARMONISATION, (
            f"{ident}: unknown harmonisation {entry['harmonisation']}"
        )
        keys = entry["sources"]
        assert isinstance(keys, list) and keys, f"{ident}: needs at least one source"
        unknown = [k for k in keys if k not in sources]
        assert not unknown, f"{ident}: unknown sources {unknown}"
        row: dict[str, object] = {"id": ident, "order": order}
        for field in ("theme", "unit", "decimals", "polarity", "harmonisation", "headline"):
            row[field] = entry[field]
        for lang in LANGUAGES:
            for field in ("name", "definition"):
                text = entry.get(f"{field}_{lang}")
                assert isinstance(text, str) and text.strip(), f"{ident}: {field}_{lang} is missing"
                row[f"{field}_{lang}"] = text
            row[f"caveat_{lang}"] = entry.get(f"caveat_{lang}", "")
            row[f"source_{lang}"] = "; ".join(str(sources[k][lang]) for k in keys)
        row["licence"] = "; ".join(dict.fromkeys(str(sources[k]["licence"]) for k in keys))
        row["source_keys"] = ",".join(keys)
        rows.append(row)
    catalogue = pd.DataFrame(rows)
    coverage = observations.groupby(INDICATOR).agg(
        first_year=(YEAR, "min"), last_year=(YEAR, "max"), n_municipalities=(MUNICIPALITY, "nunique")
    )
    catalogue = catalogue.merge(coverage, left_on="id", right_index=True, how="left")
    # Checks: the catalogue and the data describe the same indicators.
    missing_data = catalogue.loc[catalogue["first_year"].isna(), "id"].tolist()
    assert not missing_data, f"catalogue entries without data: {missing_data}"
    undocumented = sorted(set(observations[INDICATOR]) - set(catalogue["id"]))
    assert not undocumented, f"observed indicators missing from the catalogue: {undocumented}"
    for col in ("first_year", "last_year", "n_municipalities", "decimals", "polarity", "order"):
        catalogue[col] = catalogue[col].astype("int64")
    catalogue["headline"] = catalogue["headline"].astype(bool)
    # A monthly indicator names its month ('2026-06'); annual ones leave this empty.
    catalogue["latest_period"] = [str((periods or {}).get(i, "")) for i in catalogue["id"]]
    return catalogue
