"""Shared pieces of the build: raw paths, the 2026 division, mergers and harmonisation, checks."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import pandas as pd

from foresight.columns import INDICATOR, MUNICIPALITY, OBS_COLUMNS, VALUE, YEAR

RAW_DIR = Path(__file__).resolve().parents[2] / "data" / "raw"
CATALOGUE_FILE = Path(__file__).resolve().parents[2] / "data" / "catalogue" / "indicators.toml"
TARGET_YEAR = 2026

# Municipal mergers since 2013 (Statistics Finland's classification service, as listed year by year in
# municipality_classification_2013_2026_geofi.csv): absorbed code → absorbing code, year in force.
# The build checks these against the population files (the parts must add up to the published whole).
MERGERS: dict[str, tuple[str, int]] = {
    "413": ("609", 2015),  # Lavia → Pori
    "476": ("297", 2015),  # Maaninka → Kuopio
    "838": ("423", 2015),  # Tarvasjoki → Lieto
    "164": ("301", 2016),  # Jalasjärvi → Kurikka
    "283": ("098", 2016),  # Hämeenkoski → Hollola
    "319": ("783", 2016),  # Köyliö → Säkylä
    "532": ("398", 2016),  # Nastola → Lahti
    "174": ("297", 2017),  # Juankoski → Kuopio
    "442": ("051", 2017),  # Luvia → Eurajoki
    "911": ("541", 2020),  # Valtimo → Nurmes
    "099": ("214", 2021),  # Honkajoki → Kankaanpää
    "588": ("507", 2025),  # Pertunmaa → Mäntyharju
}


RAW_ENV = "KUNTALUOTAIN_RAW"


def raw_dir() -> Path:
    """The raw folder the build reads: data/raw/, or KUNTALUOTAIN_RAW when set (the refresh builds from a copy)."""
    return Path(os.environ.get(RAW_ENV, RAW_DIR))


def raw(name: str) -> Path:
    """Path of a raw file, failing clearly when it is missing."""
    folder = raw_dir()
    path = folder / name
    assert path.exists(), f"raw file {name} is missing from {folder}"
    return path


def classification_history() -> pd.DataFrame:
    """Statistics Finland's municipality key for every year 2013–2026 (code, name_fi, name_sv, year)."""
    return _classification_history(str(raw_dir()))


@cache
def _classification_history(folder: str) -> pd.DataFrame:
    frame = pd.read_csv(raw("municipality_classification_2013_2026_geofi.csv.gz"), dtype=str)
    frame["year"] = frame["year"].astype(float).astype(int)
    return frame[["kunta", "municipality_name_fi", "municipality_name_sv", "year"]].rename(
        columns={
            "kunta": "code",
            "municipality_name_fi": "name_fi",
            "municipality_name_sv": "name_sv",
        }
    )


def current_codes() -> frozenset[str]:
    """Codes of the 308 municipalities of the 2026 division."""
    return _current_codes(str(raw_dir()))


@cache
def _current_codes(folder: str) -> frozenset[str]:
    hist = classification_history()
    return frozenset(hist.loc[hist["year"] == TARGET_YEAR, "code"])


def to_current(code: str) -> str:
    """Follow mergers until the code is one of the 2026 division."""
    while code in MERGERS:
        code = MERGERS[code][0]
    return code


def codes_by_name(division_year: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Finnish municipality name → code in the division of the given year (plus spelling variants)."""
    hist = classification_history()
    year = hist[hist["year"] == division_year]
    mapping = dict(zip(year["name_fi"], year["code"], strict=True))
    mapping.update(extra or {})
    return mapping


def name_to_code(names: pd.Series, division_year: int, extra: dict[str, str] | None = None) -> pd.Series:
    """Map names to codes of a division year; every name must be found."""
    mapping = codes_by_name(division_year, extra)
    codes = names.map(mapping)
    unknown = sorted(set(names[codes.isna()]))
    assert not unknown, f"names not in the {division_year} division: {unknown}"
    return codes


def parts_in_division(current: str, division: int) -> frozenset[str]:
    """Codes that made up a 2026 municipality in the division of a given year, from MERGERS (never the data).

    An absorbed municipality is a separate part of every division before the year its merger took effect.
    """
    return frozenset(
        {current}
        | {code for code, (_, year) in MERGERS.items() if year > division and to_current(code) == current}
    )


def merged_in_division(division: int) -> frozenset[str]:
    """2026 codes that were more than one municipality in the division of the given year."""
    return frozenset(to_current(code) for code, (_, year) in MERGERS.items() if year > division)


def _check_division(codes: pd.Series, division: int, where: str) -> None:
    """A source said to be on a division must not hold codes that had merged away by then."""
    gone = sorted(c for c in set(codes) if c in MERGERS and MERGERS[c][1] <= division)
    assert not gone, (
        f"{where}: codes {gone} had merged before the {division} division the source is said to use"
    )


# How many rows each harmonisation or cleaning rule changed; the build prints this after every step ran.
RULE_COUNTS: Counter[str] = Counter()
RULE_PART_MISSING = "merged municipality-years left out: a part has no value"


def _complete_parts(frame: pd.DataFrame, keys: list[str], division: int) -> pd.Series:
    """True for rows whose (current municipality, keys) group has every part the division had.

    `frame` holds only rows with values; the parts expected come from the merger map, so a part that never
    has a value still counts as missing (it cannot silently drop out of a merged total).
    """
    expected = frame["_current"].map(
        {code: len(parts_in_division(code, division)) for code in frame["_current"].unique()}
    )
    present = frame.groupby(["_current", *keys])[MUNICIPALITY].transform("nunique")
    complete = present == expected
    left_out = frame.loc[~complete, ["_current", *keys]].drop_duplicates()
    RULE_COUNTS[RULE_PART_MISSING] += len(left_out)
    return complete


def harmonise_sum(
    frame: pd.DataFrame, value_cols: Iterable[str], division: int, keys: Iterable[str] = (YEAR,)
) -> pd.DataFrame:
    """Counts on the division of year `division` → the 2026 division by summing the parts.

    A merged municipality-year is kept only when every part of that division has a value in every column,
    so no partial sums appear.
    """
    keys = list(keys)
    value_cols = list(value_cols)
    _check_division(frame[MUNICIPALITY], division, f"harmonise_sum({value_cols})")
    frame = frame.dropna(subset=value_cols).copy()
    frame["_current"] = frame[MUNICIPALITY].map(to_current)
    frame = frame[_complete_parts(frame, keys, division)]
    out = frame.groupby(["_current", *keys], as_index=False)[value_cols].sum(min_count=1)
    return out.rename(columns={"_current": MUNICIPALITY})


def harmonise_weighted(
    frame: pd.DataFrame,
    value_col: str,
    weight_col: str,
    division: int,
    keys: Iterable[str] = (YEAR,),
) -> pd.DataFrame:
    """Rates on the division of year `division` → 2026 division, weighted by a population column.

    Exact for per-inhabitant figures weighted by population; an approximation for rates of sub-groups.
    A merged municipality-year is kept only when every part of that division has a value and a weight.
    """
    keys = list(keys)
    _check_division(frame[MUNICIPALITY], division, f"harmonise_weighted({value_col})")
    frame = frame.dropna(subset=[value_col, weight_col]).copy()
    frame["_current"] = frame[MUNICIPALITY].map(to_current)
    frame = frame[_complete_parts(frame, keys, division)]
    frame["_wv"] = frame[value_col] * frame[weight_col]
    grouped = frame.groupby(["_current", *keys], as_index=False)[["_wv", weight_col]].sum()
    grouped[value_col] = grouped["_wv"] / grouped[weight_col]
    single = frame.groupby(["_current", *keys])[MUNICIPALITY].transform("nunique") == 1
    # Unmerged municipalities keep the published value to the digit (no floating-point round trip).
    published = frame[single].set_index(["_current", *keys])[value_col]
    merged = grouped.set_index(["_current", *keys])[value_col]
    merged.update(published)
    return merged.reset_index().rename(columns={"_current": MUNICIPALITY})


def long(frame: pd.DataFrame, indicator: str, value_col: str) -> pd.DataFrame:
    """Select one value column as long observations of an indicator, dropping missing values."""
    out = frame[[MUNICIPALITY, YEAR, value_col]].dropna(subset=[value_col]).copy()
    out[INDICATOR] = indicator
    out = out.rename(columns={value_col: VALUE})
    out[YEAR] = out[YEAR].astype("int64")
    out[VALUE] = out[VALUE].astype("float64")
    return out[list(OBS_COLUMNS)]


def check_observations(obs: pd.DataFrame, step: str) -> None:
    """Sanity checks every step's observations must pass."""
    assert list(obs.columns) == list(OBS_COLUMNS), f"{step}: columns {list(obs.columns)}"
    unknown = set(obs[MUNICIPALITY]) - current_codes()
    assert not unknown, f"{step}: codes not in the 2026 division: {sorted(unknown)[:10]}"
    dup = obs.duplicated([MUNICIPALITY, INDICATOR, YEAR])
    assert not dup.any(), f"{step}: duplicate keys, e.g. {obs[dup].head(3).to_dict('records')}"
    assert obs[VALUE].notna().all(), f"{step}: missing values left in observations"
    assert obs[YEAR].between(1970, TARGET_YEAR).all(), f"{step}: year out of range"


def check_range(obs: pd.DataFrame, indicator: str, low: float, high: float) -> None:
    """Every value of an indicator lies within a plausible range."""
    values = obs.loc[obs[INDICATOR] == indicator, VALUE]
    assert len(values), f"{indicator}: no values"
    bad = values[(values < low) | (values > high)]
    assert bad.empty, f"{indicator}: {len(bad)} values outside [{low}, {high}], e.g. {bad.head(3).tolist()}"


def check_coverage(obs: pd.DataFrame, indicator: str, year: int, at_least: int) -> None:
    """An indicator covers at least this many municipalities in a year."""
    n = obs.loc[(obs[INDICATOR] == indicator) & (obs[YEAR] == year), MUNICIPALITY].nunique()
    assert n >= at_least, f"{indicator}: only {n} municipalities in {year}, expected ≥ {at_least}"


# Zeros that mean "missing": (indicator, related indicator, condition on the related value, the rule in words).
# A zero of the indicator is left out where the same municipality-year's related value makes it impossible.
ZERO_MEANS_MISSING: tuple[tuple[str, str, Callable[[pd.Series], pd.Series], str], ...] = (
    (
        "social_assistance_eur",
        "social_assistance_recipients_pct",
        lambda pct: pct >= 1,
        "0 € of social assistance while ≥ 1 % of residents received it",
    ),
    (
        "group_loan_stock_eur",
        "loan_stock_eur",
        lambda own: own > 0,
        "group loan stock 0 while the municipality's own loan stock is positive (the group includes it)",
    ),
)


def zero_means_missing(
    obs: pd.DataFrame, indicator: str, related: str, condition: Callable[[pd.Series], pd.Series]
) -> tuple[pd.DataFrame, int]:
    """Drop the zeros of `indicator` whose municipality-year has a `related` value meeting `condition`.

    Returns the observations without them and how many were dropped. A zero stays where the related
    indicator has no value that year: nothing shows it is false.
    """
    zero = (obs[INDICATOR] == indicator) & (obs[VALUE] == 0)
    related_values = obs[obs[INDICATOR] == related].set_index([MUNICIPALITY, YEAR])[VALUE]
    keys = pd.MultiIndex.from_frame(obs.loc[zero, [MUNICIPALITY, YEAR]])
    found = related_values.reindex(keys)
    false_zero = (found.notna() & condition(found)).to_numpy(dtype=bool)
    dropped = obs.index[zero.to_numpy()][false_zero]
    return obs.drop(index=dropped), len(dropped)


def keep_published(
    result: pd.DataFrame,
    source: pd.DataFrame,
    value_col: str,
    keys: Iterable[str] = (YEAR,),
) -> pd.DataFrame:
    """After recomputing a ratio from summed parts, restore the published value where nothing merged."""
    keys = list(keys)
    parts = source.assign(_current=source[MUNICIPALITY].map(to_current))
    single = parts.groupby(["_current", *keys])[MUNICIPALITY].transform("nunique") == 1
    published = parts[single & parts[value_col].notna()]
    published = published.drop(columns=[MUNICIPALITY]).rename(columns={"_current": MUNICIPALITY})
    published = published.set_index([MUNICIPALITY, *keys])[value_col]
    out = result.set_index([MUNICIPALITY, *keys])
    out.loc[out.index.intersection(published.index), value_col] = published
    return out.reset_index()


# Provenance columns a step may add to its observations: the raw file and the edition (publication date,
# ISO text, so that a later edition sorts after an earlier one).
SOURCE_FILE = "source_file"
EDITION_DATE = "edition"


# A refresh writes the date it fetched each file it replaced here, so a fetched file counts as the newest.
EDITIONS_FILE = "editions.json"


def edition_of(source_file: str, shipped: str) -> str:
    """The edition of a raw file: the refresh's fetch date when it replaced the file, else the shipped one."""
    path = raw_dir() / EDITIONS_FILE
    if path.exists():
        return str(json.loads(path.read_text(encoding="utf-8")).get(source_file, shipped))
    return shipped


def tag(obs: pd.DataFrame, source_file: str, edition: str) -> pd.DataFrame:
    """Observations of one raw file, labelled with the file and its edition."""
    return obs.assign(**{SOURCE_FILE: source_file, EDITION_DATE: edition_of(source_file, edition)})


def newest_wins(obs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Where several editions give the same municipality, indicator and year, keep the newest edition's.

    Returns the observations (OBS_COLUMNS) and the provenance: per indicator and source file, the years
    and number of values it supplied after the merge.
    """
    keys = [MUNICIPALITY, INDICATOR, YEAR]
    ranked = obs.sort_values([*keys, EDITION_DATE], kind="mergesort")
    kept = ranked.drop_duplicates(keys, keep="last")
    provenance = (
        kept.groupby([INDICATOR, SOURCE_FILE, EDITION_DATE], as_index=False)
        .agg(first_year=(YEAR, "min"), last_year=(YEAR, "max"), n_values=(VALUE, "size"))
        .sort_values([INDICATOR, EDITION_DATE, SOURCE_FILE])
        .reset_index(drop=True)
    )
    return kept[list(OBS_COLUMNS)].reset_index(drop=True), provenance
