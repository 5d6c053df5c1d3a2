"""Greenhouse-gas emissions (SYKE ALas, Hinku accounting) for 13 North Karelia municipalities."""

from __future__ import annotations

import pandas as pd

from foresight.build.common import check_observations, check_range, long, raw
from foresight.columns import MUNICIPALITY, OBS_COLUMNS


def run() -> pd.DataFrame:
    """Total emissions (kt CO2e) and per inhabitant (t CO2e), as published; no merges concern them."""
    frame = pd.read_csv(
        raw("ghg_emissions_syke_alas_hinku_pohjois_karjala_13munis_1990_2005_2024.csv"),
        dtype={"municipality_code": str},
    )
    frame = frame.drop(columns=["municipality"]).rename(columns={"municipality_code": MUNICIPALITY})
    obs = pd.concat(
        [
            long(frame, "ghg_emissions_total", "total_ktco2e"),
            long(frame, "ghg_emissions_per_capita", "per_capita_tco2e"),
        ],
        ignore_index=True,
    )[list(OBS_COLUMNS)]
    check_observations(obs, "emissions")
    check_range(obs, "ghg_emissions_per_capita", 0, 50)
    assert obs[MUNICIPALITY].nunique() == 13, "emissions should cover the 13 North Karelia municipalities"
    return obs
