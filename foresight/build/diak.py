"""Diak's deprivation indices (Diak, Huono-osaisuus Suomessa) as a wellbeing block, 2012–2022.

What the values are (read from the data and from Diak's own build script, MANIFEST Part D §4):
- Each item is an index: the municipality's multi-year mean relative to the **median municipality's** (= 100),
  as every description says ("suhteuttamalla arvo keskimmäiseen eli mediaani…kuntaan"); the municipal
  median of every item is exactly 100 in every year. A composite is the mean of its items' indices.
- The time series (2023 build) gives each value the middle year of a three-year window: Diak's processing
  script turns "2017-2019" into 2018. So `aika` 2020 is the mean of 2019–2021.
- The latest file (2025 build) has no year column; each item's description names its window
  ("vuosien 2020-2022 tilastojen keskiarvo"). A composite's description names none: its window is taken
  from its items where the composite equals the mean of dated items, and left out where it does not.
Every value is stored at the LAST year of its window, so one indicator has one convention: the series
ends in 2021 (2019–2021) and the latest means (2020–2022) add 2022. A latest mean whose window ends no later
than the series is left out rather than shown beside it.

Values of exactly 0 occur only in `aika` 2020 and only in items suppressed for small numbers in earlier
years; without them the median is again exactly 100, so they are suppressed values and left out, as are
that year's composites built from them. Mäntyharju (507) absorbed Pertunmaa (588) in 2025: an index relative
to the median cannot be recomputed from its parts, so both are left out (no values for 507).
"""

from __future__ import annotations

import json
import re

import pandas as pd

from foresight.build.common import (
    RULE_COUNTS,
    check_coverage,
    check_observations,
    check_range,
    classification_history,
    current_codes,
    raw,
    tag,
)
from foresight.build.population import _diak_codes
from foresight.columns import INDICATOR, MUNICIPALITY, OBS_COLUMNS, VALUE, YEAR

SERIES_FILE = "diak_deprivation_indicators_2011_2020.rda"
SERIES_EDITION = "2023-02-24"
LATEST_FILE = "diak_kartta_2025build_latest_69vars.csv"
LATEST_DESCRIPTIONS = "diak_kartta_2025build_variable_descriptions.json"
LATEST_EDITION = "2025-03-14"
MUNICIPAL_LEVEL = "Kunnat"
# Divisions: Diak's 2023 build uses geofi's 2022 key; the 2025 build the 2023–2024 one (Pertunmaa still there).
SERIES_DIVISION = 2022
LATEST_DIVISION = 2024
LATEST_SUFFIX = " (med.)"
# Diak's time series: `aika` is the middle year of a window of this many years.
SERIES_WINDOW = 3
# Merged into Mäntyharju in 2025; a median-relative index cannot be combined from the parts.
LEFT_OUT_MERGED = {"588": "507"}

# The four composites, in Diak's hierarchy: id → (series name, latest name, component ids).
COMPOSITES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "diak_human": (
        "Inhimillinen huono-osaisuus",
        "Inhimillinen huono-osaisuus (med.)",
        (
            "diak_neet_17_24",
            "diak_low_income",
            "diak_youth_unemployment",
            "diak_long_term_unemployment",
            "diak_long_term_social_assistance_18_24",
            "diak_long_term_social_assistance_25_64",
        ),
    ),
    "diak_social": (
        "Huono-osaisuuden sosiaaliset seuraukset",
        "Huono-osaisuuden sosiaaliset seuraukset (med.)",
        (
            "diak_child_welfare_notifications",
            "diak_child_welfare_placements",
            "_violent_crime",
            "_substance_crime",
        ),
    ),
    "diak_economic": (
        "Huono-osaisuuden taloudelliset yhteydet",
        "Huono-osaisuuden taloudelliset yhteydet (med.)",
        (
            "diak_mental_health_visits",
            "_labour_market_subsidy",
            "_child_welfare_costs",
            "_substance_hospital",
            "_supplementary_assistance",
        ),
    ),
    "diak_total": (
        "Huono-osaisuus yhteensä",
        "Huono-osaisuus yhteensä (med.)",
        ("diak_human", "diak_social", "diak_economic"),
    ),
}

# Items: id → Diak's name in the time series (the latest file adds " (med.)"). Ids starting with "_" are
# read only to check the composites; the others become indicators.
ITEMS: dict[str, str] = {
    "diak_neet_17_24": "Koulutuksen ulkopuolelle jääneet 17–24-vuotiaat",
    "diak_low_income": "Kunnan yleinen pienituloisuusaste",
    "diak_youth_unemployment": "Nuorisotyöttömyys",
    "diak_long_term_unemployment": "Pitkäaikaistyöttömyys",
    "diak_long_term_social_assistance_18_24": "Toimeentulotukea pitkäaikaisesti saaneet 18–24-vuotiaat",
    "diak_long_term_social_assistance_25_64": "Toimeentulotukea pitkäaikaisesti saaneet 25–64-vuotiaat",
    "diak_child_welfare_notifications": "0 - 17-vuotiaat lapset, joista on tehty lastensuojeluilmoitus",
    "diak_child_welfare_placements": "Kodin ulkopuolelle sijoitetut 0 – 17-vuotiaat",
    "diak_mental_health_visits": "Aikuisten mielenterveyden avohoitokäynnit",
    "_violent_crime": "Poliisin tietoon tulleet henkeen ja terveyteen kohdistuneet rikokset",
    "_substance_crime": "Päihteiden vaikutuksen alaisena tehdyistä rikoksista syyllisiksi epäillyt",
    "_labour_market_subsidy": "Kunnan osarahoittama työmarkkinatuki",
    "_child_welfare_costs": "Lastensuojelun laitos- ja perhehoidon nettokäyttökustannukset",
    "_substance_hospital": "Päihteiden vuoksi sairaaloiden ja terveyskeskusten vuodeosastoilla hoidetut potilaat",
    "_supplementary_assistance": "Täydentävä toimeentulotuki",
}
# The latest file's description of the overall composite is under a shorter name than its data.
DESCRIPTION_ALIASES = {"Huono-osaisuus yhteensä (med.)": "Huono-osaisuus (med.)"}

# What the build must find: the windows the catalogue's caveats name. A change in the raw files that moves
# a window stops the build here instead of leaving a caveat that no longer matches the data.
EXPECTED_LATEST_WINDOWS: dict[str, tuple[int, int]] = {
    **{ident: (2020, 2022) for ident in ITEMS if not ident.startswith("_")},
    "diak_human": (2020, 2022),
    "diak_social": (2020, 2022),
    "diak_economic": (2019, 2022),  # child-welfare costs 2019–2020, the other four items 2020–2022
    "diak_total": (2019, 2022),
}
# Diak variables of the time series that are not indicators here, and why (the sources page lists them).
NOT_TAKEN = {
    "Itsensä yksinäiseksi tuntevien osuus": "survey",
    "Psyykkisesti merkittävästi kuormittuneiden osuus": "survey",
    "Terveytensä keskitasoiseksi tai sitä huonommaksi kokevien osuus": "survey",
    "Korkeat asiakasmaksut haitanneet hoidon saantia": "survey",
    "Rahanpuutteen vuoksi ruoasta, lääkkeistä tai lääkärikäynneistä tinkimään joutuneiden osuus": "survey",
}
# A composite equals the mean of its items to this many index points (Diak rounds nothing).
MATCH_TOLERANCE = 0.01
# Municipalities whose latest composites include undated survey items (Espoo, Helsinki, Kaarina, Kauniainen,
# Kuopio, Nokia, Oulu, Rovaniemi, Salo, Turku in the 2025 build): at most this many composites left out.
MAX_UNDATED_COMPOSITES = 10

RULE_MERGED = "diak: Pertunmaa and Mäntyharju rows left out (a median-relative index cannot be merged)"
RULE_SUPPRESSED = "diak: zeros of 2019–2021 left out (values withheld for small numbers)"
RULE_COMPOSITE_SUPPRESSED = "diak: composites of 2019–2021 averaged over a withheld item left out"
RULE_UNDATED = "diak: latest composites whose years cannot be established left out"

_WINDOW = re.compile(r"vuosien\s+(\d{4})\s*[–-]\s*(\d{4})\s+tilastojen\s+keskiarvo")


def window_of(description: str) -> tuple[int, int] | None:
    """The years a description names ("vuosien 2020-2022 tilastojen keskiarvosta" → (2020, 2022)), or None."""
    found = _WINDOW.findall(description)
    if len(found) != 1:  # none, or two windows in one text: the year is not established
        return None
    start, end = int(found[0][0]), int(found[0][1])
    return (start, end) if start <= end else None


def series_window(aika: int) -> tuple[int, int]:
    """The three years behind a time-series value: Diak stores "2017-2019" as 2018."""
    half = SERIES_WINDOW // 2
    return aika - half, aika + half


def _municipal(frame: pd.DataFrame, division: int) -> pd.DataFrame:
    """Municipal rows with 3-digit codes, checked against the division the file is published on."""
    frame = frame[frame["regio_level"] == MUNICIPAL_LEVEL].copy()
    frame[MUNICIPALITY] = _diak_codes(frame)
    hist = classification_history()
    known = set(hist.loc[hist["year"] == division, "code"])
    unknown = sorted(set(frame[MUNICIPALITY]) - known)
    assert not unknown, f"Diak codes not in the {division} division: {unknown}"
    return frame


def load_series() -> pd.DataFrame:
    """The time series as municipality, variable, aika, value (municipal rows only)."""
    import pyreadr  # only the build reads R files

    frames = pyreadr.read_r(raw(SERIES_FILE))
    assert len(frames) == 1, f"{SERIES_FILE}: expected one data frame, found {list(frames)}"
    frame = _municipal(next(iter(frames.values())), SERIES_DIVISION)
    frame["aika"] = frame["aika"].astype(int)
    return frame[[MUNICIPALITY, "variable", "aika", VALUE]]


def load_latest() -> tuple[pd.DataFrame, dict[str, str]]:
    """The latest file's municipal rows (municipality, variable, value) and its descriptions by variable."""
    frame = _municipal(pd.read_csv(raw(LATEST_FILE)), LATEST_DIVISION)
    entries = json.loads(raw(LATEST_DESCRIPTIONS).read_text(encoding="utf-8"))
    descriptions = {str(e["variable"]): str(e.get("description", "")) for e in entries}
    return frame[[MUNICIPALITY, "variable", VALUE]], descriptions


def wide(frame: pd.DataFrame, names: dict[str, str], index: list[str]) -> pd.DataFrame:
    """One column per id (names: id → Diak variable), rows by `index`."""
    by_name = {name: ident for ident, name in names.items()}
    picked = frame[frame["variable"].isin(by_name)].assign(_id=lambda f: f["variable"].map(by_name))
    missing = sorted(set(names.values()) - set(picked["variable"]))
    assert not missing, f"Diak variables not found: {missing}"
    out = picked.pivot_table(index=index, columns="_id", values=VALUE, aggfunc="first")
    return out.reindex(columns=list(names))


def consistent(composite: pd.Series, parts: pd.DataFrame) -> pd.Series:
    """True where a composite equals the mean of the parts that have a value (Diak's rule)."""
    return (parts.mean(axis=1) - composite).abs() < MATCH_TOLERANCE


def process_series(series: pd.DataFrame) -> pd.DataFrame:
    """Time series → long observations at the last year of each window, suppressed zeros left out."""
    names = {**ITEMS, **{ident: spec[0] for ident, spec in COMPOSITES.items()}}
    table = wide(series, names, [MUNICIPALITY, "aika"])
    # Exact zeros: suppressed small numbers (only in the last year; see the module docstring).
    zero_years = sorted(set(table.index.get_level_values("aika")[(table[list(ITEMS)] == 0).any(axis=1)]))
    assert zero_years == [max(table.index.get_level_values("aika"))], (
        f"zeros outside the last year: {zero_years}"
    )
    suppressed = table[list(ITEMS)] == 0
    table[list(ITEMS)] = table[list(ITEMS)].mask(suppressed)
    public = [i for i in ITEMS if not i.startswith("_")]
    RULE_COUNTS[RULE_SUPPRESSED] += int(suppressed[public].to_numpy().sum())
    for ident, (_, _, parts) in COMPOSITES.items():
        # A composite averaged over a suppressed item (counted as 0) is not Diak's usual figure: left out.
        hit = suppressed.reindex(columns=[p for p in parts if p in ITEMS]).any(axis=1)
        if ident == "diak_total":
            hit = table[list(parts)].isna().any(axis=1)
        RULE_COUNTS[RULE_COMPOSITE_SUPPRESSED] += int((hit & table[ident].notna()).sum())
        table.loc[hit, ident] = float("nan")
    table = table.reset_index()
    table[YEAR] = table["aika"].map(lambda a: series_window(int(a))[1])
    return _long(table)


def latest_windows(
    frame: pd.DataFrame, descriptions: dict[str, str]
) -> tuple[pd.DataFrame, dict[str, tuple[int, int]]]:
    """The latest means with the window of each value: items by their description, composites by their parts.

    Returns the wide table (one column per id, values whose window is not established set missing) and
    the window per id.
    """
    names = {ident: name + LATEST_SUFFIX for ident, name in ITEMS.items()}
    names |= {ident: spec[1] for ident, spec in COMPOSITES.items()}
    table = wide(frame, names, [MUNICIPALITY])
    windows: dict[str, tuple[int, int]] = {}
    for ident in ITEMS:
        text = descriptions.get(names[ident])
        assert text is not None, f"no description for {names[ident]}"
        found = window_of(text)
        if found is None:
            table[ident] = float("nan")
        else:
            windows[ident] = found
    for ident, (_, name, parts) in COMPOSITES.items():
        text = descriptions.get(DESCRIPTION_ALIASES.get(name, name), "")
        assert window_of(text) is None, f"{name}: the description names years; read them instead"
        dated = [p for p in parts if p in windows]
        if len(dated) != len(parts):
            table[ident] = float("nan")
            continue
        ok = consistent(table[ident], table[list(parts)])
        if all(p in COMPOSITES for p in parts):
            ok &= table[list(parts)].notna().all(axis=1)  # the overall index needs all three established
        RULE_COUNTS[RULE_UNDATED] += int((~ok & table[ident].notna()).sum())
        table.loc[~ok, ident] = float("nan")
        windows[ident] = (min(windows[p][0] for p in parts), max(windows[p][1] for p in parts))
    return table, windows


def process_latest(
    frame: pd.DataFrame, descriptions: dict[str, str], series_end: int
) -> tuple[pd.DataFrame, dict[str, tuple[int, int]]]:
    """Latest means → long observations at their window's last year, only where that is after the series."""
    table, windows = latest_windows(frame, descriptions)
    for ident, (_, end) in windows.items():
        if end <= series_end:
            table[ident] = float("nan")
    table = table.reset_index()
    obs = []
    for ident, (_, end) in windows.items():
        if end > series_end and not ident.startswith("_"):
            obs.append(_long(table.assign(**{YEAR: end}), [ident]))
    out = pd.concat(obs, ignore_index=True) if obs else pd.DataFrame(columns=list(OBS_COLUMNS))
    return out, windows


def _long(table: pd.DataFrame, idents: list[str] | None = None) -> pd.DataFrame:
    """Wide (municipality, year, one column per id) → long observations of the public ids.

    Pertunmaa and Mäntyharju are left out here: a median-relative index cannot be merged.
    """
    keep = idents or [c for c in table.columns if c.startswith("diak_")]
    out = table.melt(id_vars=[MUNICIPALITY, YEAR], value_vars=keep, var_name=INDICATOR, value_name=VALUE)
    out = out.dropna(subset=[VALUE])
    merged = out[MUNICIPALITY].isin(set(LEFT_OUT_MERGED) | set(LEFT_OUT_MERGED.values()))
    RULE_COUNTS[RULE_MERGED] += int(merged.sum())
    out = out[~merged]
    out[YEAR] = out[YEAR].astype("int64")
    out[VALUE] = out[VALUE].astype("float64")
    return out[list(OBS_COLUMNS)].reset_index(drop=True)


def run() -> pd.DataFrame:
    """Diak's deprivation indices 2012–2021 (time series) and 2022 (latest means), tagged by file."""
    # Load
    series = load_series()
    latest, descriptions = load_latest()
    # Process
    not_found = sorted(set(NOT_TAKEN) - set(series["variable"]))
    assert not not_found, f"variables listed as not taken are not in the time series: {not_found}"
    series_obs = process_series(series)
    series_end = int(series_obs[YEAR].max())
    latest_obs, windows = process_latest(latest, descriptions, series_end)
    wrong = {i: windows.get(i) for i, w in EXPECTED_LATEST_WINDOWS.items() if windows.get(i) != w}
    assert not wrong, f"latest windows differ from the catalogue's caveats: {wrong}"
    obs = pd.concat(
        [tag(series_obs, SERIES_FILE, SERIES_EDITION), tag(latest_obs, LATEST_FILE, LATEST_EDITION)],
        ignore_index=True,
    )
    # Checks
    check_observations(obs[list(OBS_COLUMNS)], "diak")
    assert set(obs[MUNICIPALITY]) <= current_codes() - set(LEFT_OUT_MERGED.values())
    assert series_end == 2021, f"the time series should end with the window 2019–2021, not {series_end}"
    for ident in obs[INDICATOR].unique():
        check_range(obs, ident, 1, 1000)  # median = 100; positive, within a factor of 100
    for ident in COMPOSITES:
        check_coverage(obs, ident, 2012, 290)
    check_coverage(obs, "diak_economic", 2022, 290)
    check_coverage(obs, "diak_total", 2022, 270)
    # Composites of 2022 left out: only where survey items without stated years enter them (ten places).
    for ident in ("diak_human", "diak_social", "diak_total"):
        check_coverage(obs, ident, 2022, 291 - MAX_UNDATED_COMPOSITES)
    for ident, name in ITEMS.items():
        if ident.startswith("_") or ident == "diak_long_term_social_assistance_18_24":
            continue  # the 18–24 figure is suppressed in a quarter of the municipalities
        check_coverage(obs, ident, 2020, 240)
        median = obs.loc[(obs[INDICATOR] == ident) & (obs[YEAR] == 2020), VALUE].median()
        assert abs(median - 100) < 1, f"{name}: the median municipality should be 100, is {median:.2f}"
    return obs.reset_index(drop=True)
