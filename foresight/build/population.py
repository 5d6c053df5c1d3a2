"""Population 31 Dec (1972–2025) and its annual change, on the 2026 division.

1972–1999 StatFin 11re (2018 division), 2000–2022 Sotkanet 127, 2023 Diak's compilation of Kuntien avainluvut
(2023 division, mainland and Maarianhamina), 2024 a transcribed excerpt of Diak's 2026 build (checked against
2023 and 2025 before use), 2025 StatFin 11re as answered in August 2026 (the authority where they overlap).
"""

from __future__ import annotations

import pandas as pd

from foresight.build.common import (
    check_observations,
    check_range,
    harmonise_sum,
    long,
    name_to_code,
    raw,
    tag,
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


DIAK_2023 = "diak_kartta_2025build_latest_69vars.csv"
TRANSCRIBED_2024 = "population_2024_diak_2026build_excerpt_transcribed.csv"
# A transcribed figure is taken only when it lies within this band around the 2023–2025 range.
TRANSCRIBED_SLACK = 0.05


def _diak_codes(frame: pd.DataFrame) -> pd.Series:
    """Diak's integer codes as 3-digit text; Maarianhamina has no code there (NA) and is found by name."""
    codes = frame["aluekoodi"].map(lambda v: f"{int(v):03d}" if pd.notna(v) else None)
    mariehamn = frame["aluenimi"].str.startswith("Maarianhamina")
    codes[mariehamn & codes.isna()] = "478"
    assert codes.notna().all(), f"Diak rows without a code: {frame.loc[codes.isna(), 'aluenimi'].tolist()}"
    return codes


def load_diak_2023() -> pd.DataFrame:
    """Population 31 Dec 2023 from Diak's file (variable Väkiluku; verified year, MANIFEST Part D §4)."""
    frame = pd.read_csv(raw(DIAK_2023))
    frame = frame[(frame["regio_level"] == "Kunnat") & (frame["variable"] == "Väkiluku")].copy()
    frame[MUNICIPALITY] = _diak_codes(frame)
    frame[YEAR] = 2023
    frame = frame.rename(columns={"value": "population"})
    return harmonise_sum(frame[[MUNICIPALITY, YEAR, "population"]], ["population"], 2023)


def load_transcribed_2024() -> pd.DataFrame:
    """Population 31 Dec 2024 from the transcribed excerpt (column `pop`), before its plausibility check."""
    frame = pd.read_csv(raw(TRANSCRIBED_2024))
    assert len(frame) == 293, f"the transcribed excerpt should have 293 rows: {len(frame)}"
    frame[MUNICIPALITY] = _diak_codes(frame)
    frame[YEAR] = 2024
    frame = frame.rename(columns={"pop": "population"})
    return harmonise_sum(frame[[MUNICIPALITY, YEAR, "population"]], ["population"], 2025)


def plausible_between(middle: pd.DataFrame, before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Rows of `middle` whose population lies within the slack around the range of `before` and `after`.

    A row without both neighbours cannot be checked and is left out, like a failed one.
    """
    both = middle.merge(before[[MUNICIPALITY, "population"]], on=MUNICIPALITY, suffixes=("", "_b"))
    both = both.merge(after[[MUNICIPALITY, "population"]], on=MUNICIPALITY, suffixes=("", "_a"))
    low = both[["population_b", "population_a"]].min(axis=1) * (1 - TRANSCRIBED_SLACK)
    high = both[["population_b", "population_a"]].max(axis=1) * (1 + TRANSCRIBED_SLACK)
    ok = both["population"].between(low, high)
    return both.loc[ok, list(middle.columns)]


def run() -> pd.DataFrame:
    """Population 1972–2025 and the annual change in %, tagged with each year's source file."""
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
    from foresight.build import statfin2026  # the 2025 figure: the newest source is the authority

    latest = statfin2026.population_2025()
    y2025 = latest.rename(columns={VALUE: "population"})[[MUNICIPALITY, YEAR, "population"]]
    y2023 = load_diak_2023()
    transcribed = load_transcribed_2024()
    y2024 = plausible_between(transcribed, y2023, y2025)
    refused = len(transcribed) - len(y2024)
    assert refused <= 3, f"{refused} transcribed 2024 populations fall outside the 2023–2025 range"
    # Diak's 2023 figures are Statistics Finland's: they must continue the 2022 series smoothly.
    step = y2023.merge(new[new[YEAR] == 2022], on=MUNICIPALITY, suffixes=("", "_2022"))
    change = (step["population"] / step["population_2022"] - 1).abs()
    assert (change < 0.1).all(), (
        f"2022→2023 population jumps: {step.loc[change >= 0.1, MUNICIPALITY].tolist()}"
    )
    sources = {
        "population_1972_2018_11re_kt162r.csv": old[old[YEAR] < 2000][[MUNICIPALITY, YEAR, "population"]],
        "population_2000_2022_sotkanet_geofi.csv": new,
        DIAK_2023: y2023,
        TRANSCRIBED_2024: y2024,
        str(latest["source_file"].iloc[0]): y2025,
    }
    population = pd.concat([frame.assign(_source=name) for name, frame in sources.items()])
    population = population.sort_values([MUNICIPALITY, YEAR])
    previous = population.groupby(MUNICIPALITY)["population"].shift(1)
    previous_year = population.groupby(MUNICIPALITY)[YEAR].shift(1)
    population["change_pct"] = (population["population"] / previous - 1) * 100
    population.loc[previous_year != population[YEAR] - 1, "change_pct"] = float("nan")
    editions = {
        "population_1972_2018_11re_kt162r.csv": "2019-03",
        "population_2000_2022_sotkanet_geofi.csv": "2023",
    }
    editions |= {DIAK_2023: "2025-03-14", TRANSCRIBED_2024: "2026-02-05"}
    editions[str(latest["source_file"].iloc[0])] = str(latest["edition"].iloc[0])
    obs = pd.concat(
        [
            tag(long(frame, indicator, column), name, editions[name])
            for name, frame in population.groupby("_source", sort=False)
            for indicator, column in (("population", "population"), ("population_change_pct", "change_pct"))
        ]
    )
    # Checks
    check_observations(obs[list(OBS_COLUMNS)], "population")
    check_range(obs, "population", 50, 700_000)
    # Area transfers between municipalities (1970s, 2009) show as jumps of up to ±30 %.
    check_range(obs, "population_change_pct", -25, 35)
    per_year = obs[obs["indicator"] == "population"].groupby(YEAR)[MUNICIPALITY].nunique()
    assert (per_year.loc[2000:2022] == 308).all(), f"population should cover all 308 in 2000–2022: {per_year}"
    assert per_year.loc[2025] == 308, "population 2025 should cover all 308"
    return obs.reset_index(drop=True)


def latest(obs: pd.DataFrame) -> pd.DataFrame:
    """Latest population per municipality (code, population, population_year)."""
    pop = obs[obs["indicator"] == "population"].sort_values(YEAR).groupby(MUNICIPALITY).tail(1)
    return pop.rename(columns={VALUE: "population", YEAR: "population_year"})[
        [MUNICIPALITY, "population", "population_year"]
    ]
