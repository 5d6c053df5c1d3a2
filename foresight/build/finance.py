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
    raw,
)
from foresight.columns import MUNICIPALITY, OBS_COLUMNS

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
    return obs
