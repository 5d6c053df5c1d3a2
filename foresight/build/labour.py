"""Unemployment and open vacancies (TEM employment service statistics, monthly 2006–2019, 2019 division)."""

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
from foresight.columns import MUNICIPALITY, OBS_COLUMNS, YEAR

COUNTS = ["Tyottomat", "Tyovoima", "Avoimet_tyopaikat"]


def load() -> pd.DataFrame:
    """Monthly counts per municipality, keeping complete calendar years only (2019 ends in September)."""
    frame = pd.read_csv(
        raw("unemployment_vacancies_monthly_2006_2019_kt162r.csv.gz"),
        dtype={"Knro": str},
    )
    frame = frame.rename(columns={"Knro": MUNICIPALITY})
    frame[YEAR] = frame["Kuukausi"].str[:4].astype(int)
    months = frame.groupby(YEAR)["Kuukausi"].nunique()
    complete = months[months == 12].index
    return frame[frame[YEAR].isin(complete)]


def run() -> pd.DataFrame:
    """Annual unemployment rate and vacancies per unemployed jobseeker, from monthly averages."""
    monthly = load()
    # Annual averages of the monthly counts; a municipality-year needs all 12 months of a count.
    grouped = monthly.groupby([MUNICIPALITY, YEAR])[COUNTS]
    annual = grouped.mean().where(grouped.count() == 12).reset_index()
    rates = harmonise_sum(annual, ["Tyottomat", "Tyovoima"], 2019)
    rates["rate"] = rates["Tyottomat"] / rates["Tyovoima"] * 100
    ratios = harmonise_sum(annual, ["Avoimet_tyopaikat", "Tyottomat"], 2019)
    ratios = ratios[ratios["Tyottomat"] > 0]
    ratios["ratio"] = ratios["Avoimet_tyopaikat"] / ratios["Tyottomat"]
    obs = pd.concat(
        [
            long(rates, "unemployment_rate", "rate"),
            long(rates, "unemployed_jobseekers", "Tyottomat"),
            long(ratios, "vacancies_per_unemployed", "ratio"),
        ],
        ignore_index=True,
    )[list(OBS_COLUMNS)]
    check_observations(obs, "labour")
    check_range(obs, "unemployment_rate", 0, 40)
    check_range(obs, "vacancies_per_unemployed", 0, 10)
    check_coverage(obs, "unemployment_rate", 2018, 290)
    return obs
