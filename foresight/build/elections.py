"""Municipal elections 2021 (StatFin 12x4 turnout and 12xf candidates, 2021 division, mainland only)."""

from __future__ import annotations

import pandas as pd

from foresight.build.common import (
    check_coverage,
    check_observations,
    check_range,
    harmonise_sum,
    long,
    raw,
)
from foresight.build.population import run as population_run
from foresight.columns import INDICATOR, MUNICIPALITY, OBS_COLUMNS, VALUE, YEAR


def _read_statfin_csv(name: str) -> pd.DataFrame:
    """StatFin semicolon CSV with areas as '091 Helsinki'; keep municipality rows."""
    frame = pd.read_csv(raw(name), sep=";", dtype=str)
    frame[MUNICIPALITY] = frame["Alue"].str.extract(r"^(\d{3}) ")[0]
    frame = frame.dropna(subset=[MUNICIPALITY])
    frame[YEAR] = frame["Vuosi"].astype(int)
    return frame


def load_turnout() -> pd.DataFrame:
    """Voters and turnout by sex → voters and persons entitled to vote (derived from the turnout %)."""
    frame = _read_statfin_csv("municipal_election_2021_voters_turnout_by_sex_12x4.csv")
    cols = ["Äänestäneitä miehiä", "Äänestäneitä naisia"]
    for col in cols:
        frame[col] = pd.to_numeric(frame[col])
    voters = frame[frame["Tiedot"] == "Äänestäneet"].set_index([MUNICIPALITY, YEAR])[cols]
    pct = frame[frame["Tiedot"] == "Äänestysprosentti"].set_index([MUNICIPALITY, YEAR])[cols]
    out = pd.DataFrame({"voters": voters.sum(axis=1), "entitled": (voters / pct * 100).sum(axis=1)})
    return out.reset_index()


def load_candidates() -> pd.DataFrame:
    """Number of candidates, total and women, per municipality."""
    frame = _read_statfin_csv("municipal_election_2021_candidates_by_sex_12xf.csv")
    frame = frame[frame["Puolue"] == "Yhteensä"]
    for col in ("Yhteensä", "Naiset"):
        frame[col] = pd.to_numeric(frame[col])
    return frame.rename(columns={"Yhteensä": "candidates", "Naiset": "women"})[
        [MUNICIPALITY, YEAR, "candidates", "women"]
    ]


def run(population: pd.DataFrame | None = None) -> pd.DataFrame:
    """Turnout %, candidates per 1 000 inhabitants and women's share of candidates, 2021."""
    turnout = harmonise_sum(load_turnout(), ["voters", "entitled"], 2021)
    # Turnout by sex is published to 0.1 %, so the total derived from it may differ by ±0.1 pp.
    turnout["turnout"] = turnout["voters"] / turnout["entitled"] * 100
    cand = harmonise_sum(load_candidates(), ["candidates", "women"], 2021)
    pop = population if population is not None else population_run()
    pop = pop[(pop[INDICATOR] == "population") & (pop[YEAR] == 2021)][[MUNICIPALITY, VALUE]]
    cand = cand.merge(pop, on=MUNICIPALITY)
    cand["per_1000"] = cand["candidates"] / cand[VALUE] * 1000
    cand["women_pct"] = cand["women"] / cand["candidates"] * 100
    obs = pd.concat(
        [
            long(turnout, "turnout_municipal_election", "turnout"),
            long(cand, "candidates_per_1000", "per_1000"),
            long(cand, "women_share_candidates", "women_pct"),
        ],
        ignore_index=True,
    )[list(OBS_COLUMNS)]
    check_observations(obs, "elections")
    check_range(obs, "turnout_municipal_election", 30, 95)
    check_range(obs, "women_share_candidates", 10, 70)
    check_coverage(obs, "turnout_municipal_election", 2021, 292)
    return obs
