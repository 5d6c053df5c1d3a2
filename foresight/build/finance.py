"""Municipal finance key figures 2020 (StatFin kta 19) and income tax rates 2026 (Verohallinto)."""

from __future__ import annotations

import pandas as pd

from foresight.build.common import (
    MERGERS,
    check_coverage,
    check_observations,
    check_range,
    harmonise_weighted,
    long,
    name_to_code,
    raw,
    tag,
    to_current,
)
from foresight.columns import INDICATOR, MUNICIPALITY, OBS_COLUMNS, YEAR

# indicator id → source column; all are weighted by the population implied by loan stock / per capita.
KEY_FIGURES = {
    "loan_stock_eur": "lainakanta_asuk",
    "group_loan_stock_eur": "k_lainakanta_asuk",
    "relative_indebtedness": "suhteel_velkaant",
    "equity_ratio": "omavaraisuus_aste",
}


def load_key_figures() -> pd.DataFrame:
    """Key figures 2020 (2020 division) with the implied population as weight."""
    frame = pd.read_csv(
        raw("municipal_finance_key_figures_2020_kta19_loans_equity.csv"),
        dtype={"municipality_code": str},
    )
    frame = frame.rename(columns={"municipality_code": MUNICIPALITY})
    # Loan stock is given in 1 000 € and per inhabitant; their ratio is the population the figures use.
    implied = frame["lainakanta_eur"] * 1000 / frame["lainakanta_asuk"].where(frame["lainakanta_asuk"] > 0)
    # A debt-free municipality implies no population; its weight only matters if it merged (none did).
    merging = frame[MUNICIPALITY].isin({*MERGERS, *(target for target, _ in MERGERS.values())})
    assert implied[merging].notna().all(), "merged municipalities need an implied population as weight"
    frame["_pop"] = implied.fillna(1.0)
    return frame


def load_tax_rates() -> pd.DataFrame:
    """Income tax rates 2026, already on the 2026 division."""
    frame = pd.read_csv(raw("municipal_income_tax_rate_2026_vero.csv"), sep=";", dtype={"kunta": str})
    return frame.rename(columns={"kunta": MUNICIPALITY})


def run() -> pd.DataFrame:
    """Finance figures for 2020 and the 2026 income tax rate."""
    frame = load_key_figures()
    parts = [
        long(harmonise_weighted(frame, column, "_pop", 2020), indicator, column)
        for indicator, column in KEY_FIGURES.items()
    ]
    parts.append(long(load_tax_rates(), "income_tax_rate", "pct"))
    obs = pd.concat(parts, ignore_index=True)[list(OBS_COLUMNS)]
    check_observations(obs, "finance")
    check_range(obs, "income_tax_rate", 4, 21)
    check_range(obs, "equity_ratio", -100, 100)
    check_coverage(obs, "income_tax_rate", 2026, 308)
    check_coverage(obs, "loan_stock_eur", 2020, 300)
    tax = obs[INDICATOR] == "income_tax_rate"
    return pd.concat(
        [
            tag(obs[~tax], "municipal_finance_key_figures_2020_kta19_loans_equity.csv", "2021-09-10"),
            tag(obs[tax], "municipal_income_tax_rate_2026_vero.csv", "2025-11"),
        ],
        ignore_index=True,
    )


KTA_2019 = "municipal_finance_key_figures_2019_kta19_20figures_cslr.csv"
# Key figure label (2019 export) → indicator id; € per inhabitant unless the label ends in %.
KTA_2019_FIGURES = {
    "Toimintakate, euroa / asukas": "operating_margin_eur",
    "Vuosikate, euroa / asukas": "annual_margin_eur",
    "Verotulot, euroa / asukas": "tax_revenue_eur",
    "Valtionosuudet, euroa / asukas": "state_transfers_eur",
    "Vuosikate % poistoista": "annual_margin_pct_depreciation",
    "Investointien tulorahoitus, %": "investment_self_financing_pct",
    "Rahavarat 31.12., euroa / asukas": "cash_assets_eur",
    "Omavaraisuusaste, %": "equity_ratio",
    "Kertynyt ali-/ylijäämä, euroa / asukas": "accumulated_surplus_eur",
    "Suhteellinen velkaantuneisuus, %": "relative_indebtedness",
    "Lainakanta, euroa / asukas": "loan_stock_eur",
    "Lainat ja vuokravastuut, euroa / asukas": "loans_and_leases_eur",
    "Konsernin vuosikate, euroa / asukas": "group_annual_margin_eur",
    "Konsernin vuosikate % poistoista": "group_annual_margin_pct_depreciation",
    "Konsernin investointien tulorahoitus, %": "group_investment_self_financing_pct",
    "Konsernin kertynyt ali-/ylijäämä, euroa / asukas": "group_accumulated_surplus_eur",
    "Konsernin lainakanta, euroa / asukas": "group_loan_stock_eur",
    "Konsernin lainat ja vuokravastuut, euroa / asukas": "group_loans_and_leases_eur",
    "Sosiaali- ja terveystoiminnan nettokäyttökustannukset, euroa / asukas": "net_cost_social_health_eur",
    "Opetus- ja kulttuuritoiminnan nettokäyttökustannukset, euroa / asukas": "net_cost_education_culture_eur",
}


def run_2019() -> pd.DataFrame:
    """The 20 key figures of 2019 (2019 division, names only) on the 2026 division.

    Euro figures of merged municipalities are weighted by the parts' populations of 31 Dec 2018 (the
    nearest the raw files give on the old division); percentages of merged municipalities cannot be
    recomputed from the parts' ratios, so those three municipality-years stay missing.
    """
    frame = pd.read_csv(raw(KTA_2019), sep=";", dtype=str)
    frame["2019"] = pd.to_numeric(frame["2019"].replace({".": None, "..": None, "...": None, "-": None}))
    unknown = sorted(set(frame["Tunnusluku"]) - set(KTA_2019_FIGURES))
    assert not unknown, f"{KTA_2019}: unexpected key figures {unknown}"
    frame[MUNICIPALITY] = name_to_code(frame["Alue"], 2019, {"Maarianhamina - Mariehamn": "478"})
    frame = frame.pivot_table(index=MUNICIPALITY, columns="Tunnusluku", values="2019", aggfunc="first")
    from foresight.build.population import load_11re  # 31 Dec 2018 on the 2018 (= 2019) division

    pop = load_11re()
    pop = pop[pop[YEAR] == 2018].rename(columns={"population": "_pop"})[[MUNICIPALITY, "_pop"]]
    frame = frame.reset_index().merge(pop, on=MUNICIPALITY, how="left")
    frame[YEAR] = 2019
    merging = frame[MUNICIPALITY].isin({*MERGERS, *(target for target, _ in MERGERS.values())})
    parts = []
    for label, indicator in KTA_2019_FIGURES.items():
        if "euroa" in label:
            parts.append(long(harmonise_weighted(frame, label, "_pop", 2019), indicator, label))
        else:
            merged_now = set(frame.loc[merging, MUNICIPALITY].map(to_current))
            parts.append(long(frame[~frame[MUNICIPALITY].map(to_current).isin(merged_now)], indicator, label))
    obs = pd.concat(parts, ignore_index=True)[list(OBS_COLUMNS)]
    check_observations(obs, "finance 2019")
    check_coverage(obs, "annual_margin_eur", 2019, 305)
    check_range(obs, "equity_ratio", -100, 100)
    check_range(obs, "tax_revenue_eur", 1000, 10000)
    return tag(obs, KTA_2019, "2021-03-29")
