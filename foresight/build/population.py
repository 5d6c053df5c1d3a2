"""Population 31 Dec (1972–2022) and its annual change, on the 2026 division."""

from __future__ import annotations

import pandas as pd

from foresight.build.common import (
    check_observations,
    check_range,
    harmonise_sum,
    long,
    name_to_code,
    raw,
)
from foresight.columns import MUNICIPALITY, OBS_COLUMNS, VALUE, YEAR

# Spellings of the 11re file that differ from the classification service's names.
NAME_VARIANTS = {"Maarianhamina - Mariehamn": "478"}


def load_11re() -> pd.DataFrame:
    """Population 1972–2018 (StatFin 11re, 2018 division, names only) → codes."""
    frame = pd.read_csv(raw("population_1972_2018_11re_kt162r.csv"))
    frame = frame[frame["municipality_name"] != "KOKO MAA"]
    frame[MUNICIPALITY] = name_to_code(frame["municipality_name"], 2018, NAME_VARIANTS)
    return frame[[MUNICIPALITY, YEAR, "population", "population_15_64"]]


def load_sotkanet() -> pd.DataFrame:
    """Population 2000–2022 (THL Sotkanet 127 from Statistics Finland, 2021 division)."""
    frame = pd.read_csv(raw("population_2000_2022_sotkanet_geofi.csv"), dtype={"municipality_code": str})
    return frame.rename(columns={"municipality_code": MUNICIPALITY, "population_31dec": "population"})


def run() -> pd.DataFrame:
    """Population 1972–1999 from 11re, 2000–2022 from Sotkanet, and the annual change in %."""
    # Load
    old = harmonise_sum(load_11re(), ["population", "population_15_64"], 2018)
    new = harmonise_sum(load_sotkanet(), ["population"], 2021)
    # Process: both are Statistics Finland's population 31 Dec; where they overlap they must agree, but for
    # area transfers (2008–2009, e.g. Helsinki–Sipoo) and a revision of 2014 figures (a few persons).
    both = old.merge(new, on=[MUNICIPALITY, YEAR], suffixes=("_11re", "_sotkanet"))
    assert len(both) > 5000, "population sources should overlap for 2000–2018"
    diff = (both["population_11re"] - both["population_sotkanet"]).abs()
    assert (diff == 0).mean() > 0.98, f"11re and Sotkanet population disagree in {(diff > 0).sum()} rows"
    totals = both.groupby(YEAR)[["population_11re", "population_sotkanet"]].sum()
    gap = (totals["population_11re"] / totals["population_sotkanet"] - 1).abs()
    assert (gap < 1e-4).all(), f"11re and Sotkanet national totals differ: {gap.max():.2e}"
    population = pd.concat([old[old[YEAR] < 2000][[MUNICIPALITY, YEAR, "population"]], new])
    population = population.sort_values([MUNICIPALITY, YEAR])
    previous = population.groupby(MUNICIPALITY)["population"].shift(1)
    previous_year = population.groupby(MUNICIPALITY)[YEAR].shift(1)
    population["change_pct"] = (population["population"] / previous - 1) * 100
    population.loc[previous_year != population[YEAR] - 1, "change_pct"] = float("nan")
    obs = pd.concat(
        [
            long(population, "population", "population"),
            long(population, "population_change_pct", "change_pct"),
        ]
    )
    # Checks
    check_observations(obs, "population")
    check_range(obs, "population", 50, 700_000)
    # Area transfers between municipalities (1970s, 2009) show as jumps of up to ±30 %.
    check_range(obs, "population_change_pct", -25, 35)
    per_year = obs[obs["indicator"] == "population"].groupby(YEAR)[MUNICIPALITY].nunique()
    assert (per_year.loc[2000:2022] == 308).all(), f"population should cover all 308 in 2000–2022: {per_year}"
    return obs[list(OBS_COLUMNS)].reset_index(drop=True)


def latest(obs: pd.DataFrame) -> pd.DataFrame:
    """Latest population per municipality (code, population, population_year)."""
    pop = obs[obs["indicator"] == "population"].sort_values(YEAR).groupby(MUNICIPALITY).tail(1)
    return pop.rename(columns={VALUE: "population", YEAR: "population_year"})[
        [MUNICIPALITY, "population", "population_year"]
    ]
