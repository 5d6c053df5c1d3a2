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
# A headline indicator is compared on the situation page, the glance page and the seminar matrix for every
# municipality: it must have a value for at least this share of the municipalities in its latest year (the
# 13-municipality emissions series would be a blank row for 295 of them).
HEADLINE_MIN_COVERAGE = 0.5


def read_toml(path: Path) -> dict[str, dict[str, object]]:
    """Read a TOML file of tables."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


def licence(source: dict[str, object], lang: str) -> str:
    """A source's licence in one language: its `licence_<lang>`, else the one `licence` of every language."""
    text = source.get(f"licence_{lang}", source.get("licence"))
    assert isinstance(text, str) and text.strip(), f"source {source.get('en')}: licence_{lang} is missing"
    return text


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
            row[f"licence_{lang}"] = "; ".join(dict.fromkeys(licence(sources[k], lang) for k in keys))
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
    check_headline_coverage(observations, catalogue)
    # A monthly indicator names its month ('2026-06'); annual ones leave this empty.
    catalogue["latest_period"] = [str((periods or {}).get(i, "")) for i in catalogue["id"]]
    return catalogue


def check_headline_coverage(observations: pd.DataFrame, catalogue: pd.DataFrame) -> None:
    """Every headline indicator has values for at least HEADLINE_MIN_COVERAGE of the municipalities (those
    with any data) in its latest year."""
    total = observations[MUNICIPALITY].nunique()
    latest = observations.groupby(INDICATOR)[YEAR].transform("max") == observations[YEAR]
    covered = observations[latest].groupby(INDICATOR)[MUNICIPALITY].nunique()
    for ident in catalogue.loc[catalogue["headline"], "id"]:
        n = int(covered.get(ident, 0))
        assert n >= HEADLINE_MIN_COVERAGE * total, (
            f"{ident}: a headline indicator with values for only {n} of {total} municipalities in its latest "
            f"year (at least {HEADLINE_MIN_COVERAGE:.0%} needed): set headline = false"
        )


# Raw file (or folder prefix) → the sources.toml key that credits it. A file feeding an indicator whose
# catalogue entry names other sources (e.g. the income tax rate in the finance step) falls back to the
# indicator's first source.
FILE_SOURCES = {
    "population_1972_2018_11re_kt162r.csv": "statfin_population",
    "population_2000_2022_sotkanet_geofi.csv": "statfin_population",
    "diak_kartta_2025build_latest_69vars.csv": "diak_population",
    "population_2024_diak_2026build_excerpt_transcribed.csv": "diak_population",
    "statfin_exports_2026/unemployment_register_kunnat_12r5.json": "tem_employment_2026",
    "statfin_exports_2026/": "statfin_2026",
    "kuntien_avainluvut_2006_2016_kt162r.csv": "statfin_keyfigures",
    "kuntien_avainluvut_2000_2021_edition2022_cslr.tsv": "statfin_keyfigures_2022",
    "municipal_finance_key_figures_2019_kta19_20figures_cslr.csv": "statfin_kta_2019",
    "municipal_finance_key_figures_2020_kta19_loans_equity.csv": "statfin_kta",
    "municipal_income_tax_rate_2026_vero.csv": "vero",
    "unemployment_vacancies_monthly_2006_2019_kt162r.csv.gz": "tem_employment",
    "migration_1990_2017_kt162r.csv.gz": "statfin_migration",
    "sotkanet_municipal_indicators_1990_2012_long.csv.gz": "sotkanet",
    "municipal_election_2021_voters_turnout_by_sex_12x4.csv": "statfin_elections",
    "ghg_emissions_syke_alas_hinku_pohjois_karjala_13munis_1990_2005_2024.csv": "syke_alas",
}


def source_key(source_file: str, indicator_sources: list[str]) -> str:
    """The sources.toml key crediting a raw file's figures of an indicator."""
    key = FILE_SOURCES.get(source_file)
    if key is None:
        prefixes = [k for k in FILE_SOURCES if k.endswith("/") and source_file.startswith(k)]
        key = FILE_SOURCES[prefixes[0]] if prefixes else None
    return key if key in indicator_sources else indicator_sources[0]


def credit_provenance(
    provenance: pd.DataFrame, indicators_file: Path = CATALOGUE_FILE, sources_file: Path = SOURCES_FILE
) -> pd.DataFrame:
    """The provenance table with the crediting source's key and its text in every language."""
    meta = read_toml(indicators_file)
    sources = read_toml(sources_file)
    out = provenance.copy()
    keys = [
        source_key(str(f), list(meta[str(i)]["sources"]))  # type: ignore[call-overload]
        for i, f in zip(out["indicator"], out["source_file"], strict=True)
    ]
    out["source_key"] = keys
    for lang in LANGUAGES:
        out[f"source_{lang}"] = [str(sources[k][lang]) for k in keys]
    return out
