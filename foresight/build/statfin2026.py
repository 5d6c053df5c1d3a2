"""Statistics Finland's PxWeb answers of August 2026 (the interface since 8 June 2026): the newest year.

Each file is read by role (foresight.pxjson), so `alue_23_20260101`, `Alue`, `timeperiod_y` or
`timeperiod_m` and prefixed content codes all work. The tables already use the 1 Jan 2026 (or 2025) division,
which is the 2026 division's municipalities; other areas (the whole country, regions, '199' abroad) are dropped.
A month (the unemployment table's June 2026) is a separate indicator, never an annual value.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from foresight import pxjson
from foresight.build.common import (
    check_coverage,
    check_observations,
    check_range,
    current_codes,
    long,
    raw,
    tag,
)
from foresight.columns import INDICATOR, MUNICIPALITY, OBS_COLUMNS, VALUE, YEAR

FOLDER = "statfin_exports_2026"

# file → (indicator → content code, prefix optional)
TABLES: dict[str, dict[str, str]] = {
    "sex_register_kunnat_11re.json": {"population": "vaesto"},
    "age_register_kunnat_11ra.json": {
        "share_under_15": "vaesto_alle15_p",
        "share_65_plus": "vaesto_yli64_p",
        "mean_age": "vaesto_keski_ika",
    },
    "population_register_kunnat_121w.json": {
        "live_births": "vm01",
        "deaths": "vm11",
        "natural_increase": "luonvalisays",
        "in_migration": "vm43_tulo",
        "out_migration": "vm43_lahto",
        "net_migration": "vm43_netto",
        "_population": "vaesto",
    },
    "education_register_kunnat_12bs.json": {
        "share_secondary_education": "kaste3T8osuus",
        "share_tertiary_education": "kaste5T8osuus",
    },
    "income_register_kunnat_14ww.json": {
        "median_income_eur": "ekvikturaha_med",
        "gini": "gini_kturaha",
        "low_income_rate": "rpt_aste",
    },
    "unemployment_register_kunnat_12r5.json": {"unemployment_rate_month": "TYOTOSUUS"},
}
MONTHLY = {"unemployment_rate_month"}
# The population step reads this one (2025 continues its series); run() leaves it to that step.
POPULATION_TABLE = "sex_register_kunnat_11re.json"


def path(name: str) -> Path:
    """A file of the 2026 exports folder."""
    return raw(f"{FOLDER}/{name}")


def edition(answer: pxjson.PxAnswer) -> str:
    """The table's update date as ISO text ('2026-05-29T05.00.00Z' → '2026-05-29')."""
    return answer.updated[:10]


def periods() -> dict[str, str]:
    """Indicator → the month its values describe ('2026-06'), for the monthly indicators."""
    out = {}
    for name, wanted in TABLES.items():
        monthly = [i for i in wanted if i in MONTHLY]
        if monthly:
            frame = pxjson.municipal_values(pxjson.read(path(name)), wanted)
            months = sorted(set(frame[pxjson.PERIOD]))
            for indicator in monthly:
                year, month = months[-1].split("M")
                out[indicator] = f"{year}-{month}"
    return out


def table(name: str, wanted: dict[str, str]) -> pd.DataFrame:
    """One answer as long observations of the 2026 division's municipalities, tagged with its edition."""
    answer = pxjson.read(path(name))
    frame = pxjson.municipal_values(answer, wanted)
    frame = frame[frame["municipality"].isin(current_codes())].rename(columns={"municipality": MUNICIPALITY})
    period = frame[pxjson.PERIOD].astype(str)
    frame[YEAR] = period.str[:4].astype(int)
    if "_population" in frame.columns:
        # Statistics Finland's rate: net migration per population 31 Dec, as in the migration step.
        frame["net_migration_per_1000"] = frame["net_migration"] / frame["_population"] * 1000
        wanted = {**wanted, "net_migration_per_1000": ""}
    parts = [long(frame, i, i) for i in wanted if not i.startswith("_")]
    return tag(pd.concat(parts, ignore_index=True), f"{FOLDER}/{name}", edition(answer))


def run() -> pd.DataFrame:
    """The newest year of every indicator the 2026 exports carry (population: see population_2025)."""
    parts = [table(name, wanted) for name, wanted in TABLES.items() if name != POPULATION_TABLE]
    obs = pd.concat(parts, ignore_index=True)
    # The age table gives the under-15 and 65+ shares; 15–64 and the dependency ratio follow from them.
    shares = obs[obs[INDICATOR].isin(["share_under_15", "share_65_plus"])].pivot_table(
        index=[MUNICIPALITY, YEAR], columns=INDICATOR, values=VALUE
    )
    working = 100 - shares["share_under_15"] - shares["share_65_plus"]
    ratio = (shares["share_under_15"] + shares["share_65_plus"]) / working * 100
    meta = obs[obs[INDICATOR] == "share_under_15"].iloc[0]
    for indicator, series in (("share_15_64", working), ("dependency_ratio_demographic", ratio)):
        derived = series.rename(VALUE).reset_index().assign(**{INDICATOR: indicator})
        obs = pd.concat(
            [obs, tag(derived[list(OBS_COLUMNS)], meta["source_file"], meta["edition"])], ignore_index=True
        )
    # Checks
    check_observations(obs[list(OBS_COLUMNS)], "statfin2026")
    check_coverage(obs, "unemployment_rate_month", 2026, 300)
    check_range(obs, "mean_age", 30, 65)
    check_range(obs, "share_tertiary_education", 5, 80)
    check_range(obs, "gini", 15, 60)
    check_range(obs, "median_income_eur", 15_000, 60_000)
    check_range(obs, "unemployment_rate_month", 0, 40)
    return obs.reset_index(drop=True)


def population_2025() -> pd.DataFrame:
    """Population 31 Dec 2025 (11re, tagged), checked: all 308, plausible, and summing to the whole country."""
    obs = table(POPULATION_TABLE, TABLES[POPULATION_TABLE])
    check_coverage(obs, "population", 2025, 308)
    check_range(obs, "population", 50, 800_000)
    changes = pxjson.read(path("population_register_kunnat_121w.json")).frame
    code = pxjson.content_code(sorted(set(changes[pxjson.CONTENT])), "vaesto")
    country = changes.loc[(changes[pxjson.AREA] == "SSS") & (changes[pxjson.CONTENT] == code), VALUE].iloc[0]
    summed = obs[VALUE].sum()
    assert summed == country, f"municipal populations 2025 sum to {summed}, the whole country is {country}"
    return obs
