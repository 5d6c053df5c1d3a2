"""THL Sotkanet indicators 1990–2012 (2013 division; the only multi-indicator wellbeing dump we have)."""

from __future__ import annotations

import pandas as pd

from foresight.build import population
from foresight.build.common import (
    check_observations,
    check_range,
    harmonise_sum,
    harmonise_weighted,
    long,
    raw,
)
from foresight.columns import MUNICIPALITY, OBS_COLUMNS, YEAR

POP = "[YLEISET] Väestö 31.12."
POP_16_64 = "_pop_16_64"
SHARE_16_64 = "[VÄESTÖNMUUTOS] 16-64 -vuotiaat, % väestöstä"

# indicator id → (Sotkanet variable, weight). Weights by total population are exact for €/inhabitant and
# % of inhabitants, and an approximation for rates of an age group (recorded in the catalogue).
VARIABLES: dict[str, tuple[str, str]] = {
    "social_assistance_recipients_pct": (
        "[TILASTOLLINEN HYVINVOINTI] Toimeentulotukea saaneet henkilöt vuoden aikana, % asukkaista",
        POP,
    ),
    "social_assistance_eur": (
        "[TILASTOLLINEN HYVINVOINTI] Toimeentulotuki, euroa / asukas",
        POP,
    ),
    "sickness_allowance_per_1000": (
        "[TILASTOLLINEN HYVINVOINTI] Sairauspäivärahaa saaneet 16 - 64-vuotiaat / 1000 vastaavanikäistä",
        POP_16_64,
    ),
    "depression_medication_per_1000": (
        "[TILASTOLLINEN HYVINVOINTI] Depressiolääkkeistä korvausta saaneet 18-64-vuotiaat / 1000 vastaavanikäistä",
        POP_16_64,
    ),
    "mental_health_care_minors_per_1000": (
        "[TILASTOLLINEN HYVINVOINTI] Mielenterveyden häirioihin sairaalahoitoa saaneet 0 - 17-vuotiaat "
        "/ 1000 vastaavanikaista",
        POP,
    ),
    "primary_care_days_75_per_1000": (
        "[TILASTOLLINEN HYVINVOINTI] Hoitopäivät perusterveydenhuollossa 75 vuotta täyttäneillä / 1000 vastaavanikäistä",
        POP,
    ),
    "young_outside_education_pct": (
        "[TALOUS] Koulutuksen ulkopuolelle jääneet 17 - 24-vuotiaat, % vastaavanikaisesta väestöstä",
        POP,
    ),
    "gini": ("[TULOEROT] Gini-kerroin, käytettävissä olevat tulot", POP),
    "low_income_rate": ("[TULOEROT] Kunnan yleinen pienituloisuusaste", POP),
    "turnout_municipal_election": (
        "[TULOEROT] Äänestysaktiivisuus kuntavaaleissa, %",
        POP,
    ),
    "tax_revenue_eur": ("[TALOUS] Verotulot, euroa / asukas", POP),
    "relative_indebtedness": ("[TALOUS] Suhteellinen velkaantuneisuus, %", POP),
    "hard_to_employ_pct": (
        "[TYÖELÄMÄ] Vaikeasti työllistyvät, % 15 - 64-vuotiaista",
        POP_16_64,
    ),
    "foreign_language_per_1000": (
        "[VÄESTÖNMUUTOS] Muu kuin suomi, ruotsi tai saame äidinkielenä / 1000 asukasta",
        POP,
    ),
}


def load() -> pd.DataFrame:
    """Sotkanet long dump → one row per municipality-year, one column per variable."""
    frame = pd.read_csv(
        raw("sotkanet_municipal_indicators_1990_2012_long.csv.gz"),
        dtype={"municipality_code": str},
    )
    wide = frame.pivot_table(
        index=["municipality_code", "Vuosi"],
        columns="Muuttuja",
        values="Arvo",
        aggfunc="first",
    )
    wide = wide.reset_index().rename(columns={"municipality_code": MUNICIPALITY, "Vuosi": YEAR})
    wide[POP_16_64] = wide[POP] * wide[SHARE_16_64] / 100
    return wide


def check_mergers(wide: pd.DataFrame) -> None:
    """The 2013-division parts, summed by MERGERS, must equal the published 2018-division population."""
    summed = harmonise_sum(wide, [POP], 2013)
    published = population.load_11re().rename(columns={"population": "published"})
    published = harmonise_sum(published, ["published"], 2018)
    both = summed.merge(published, on=[MUNICIPALITY, YEAR])
    both = both[both[YEAR].between(1990, 2008)]  # later years carry area transfers of 2009
    assert len(both) > 5000, "Sotkanet and 11re population should overlap"
    exact = (both[POP] == both["published"]).mean()
    assert exact > 0.99, f"merged parts do not add up to the published population ({exact:.3f} exact)"


def run() -> pd.DataFrame:
    """Sotkanet indicators on the 2026 division."""
    wide = load()
    check_mergers(wide)
    parts = [
        long(harmonise_weighted(wide, variable, weight, 2013), indicator, variable)
        for indicator, (variable, weight) in VARIABLES.items()
    ]
    obs = pd.concat(parts, ignore_index=True)[list(OBS_COLUMNS)]
    check_observations(obs, "sotkanet")
    for indicator in (
        "social_assistance_recipients_pct",
        "low_income_rate",
        "turnout_municipal_election",
    ):
        check_range(obs, indicator, 0, 100)
    check_range(obs, "gini", 10, 70)
    return obs
