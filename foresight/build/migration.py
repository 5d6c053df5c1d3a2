"""Inter-municipal migration 1990–2017 (Statistics Finland, 2017 division)."""

from __future__ import annotations

import pandas as pd

from foresight.build.common import (
    RULE_COUNTS,
    check_coverage,
    check_observations,
    check_range,
    harmonise_sum,
    long,
    merged_in_division,
    raw,
)
from foresight.columns import MUNICIPALITY, OBS_COLUMNS, YEAR

DIVISION = 2017  # the municipal division the file is published on
GROSS = ["tulomuutto", "lahtomuutto"]
RULE_GROSS = "gross in/out-migration of merged municipalities left out: moves between the parts"


def run() -> pd.DataFrame:
    """Net migration in persons and per 1 000 inhabitants, recomputed from summed parts."""
    frame = pd.read_csv(raw("migration_1990_2017_kt162r.csv.gz"), dtype={"kunta_no": str})
    frame = frame[frame["Tiedot"].isin(["tulomuutto", "lahtomuutto", "nettomuutto"])]
    wide = frame.pivot_table(
        index=["kunta_no", "Vuosi", "vakiluku"], columns="Tiedot", values="values"
    ).reset_index()
    wide = wide.rename(columns={"kunta_no": MUNICIPALITY, "Vuosi": YEAR})
    counts = harmonise_sum(wide, ["tulomuutto", "lahtomuutto", "nettomuutto", "vakiluku"], DIVISION)
    # Statistics Finland's rate is net migration per population 31 Dec.
    counts["per_1000"] = counts["nettomuutto"] / counts["vakiluku"] * 1000
    # Summed parts count moves between the parts as moves in and out (5–10 % above the whole's own figure),
    # and nothing in the file separates them; net migration is exact, as those moves cancel.
    merged = counts[MUNICIPALITY].isin(merged_in_division(DIVISION))
    RULE_COUNTS[RULE_GROSS] += int(counts.loc[merged, GROSS].notna().sum().sum())
    counts.loc[merged, GROSS] = float("nan")
    obs = pd.concat(
        [
            long(counts, "net_migration", "nettomuutto"),
            long(counts, "net_migration_per_1000", "per_1000"),
            long(counts, "in_migration", "tulomuutto"),
            long(counts, "out_migration", "lahtomuutto"),
        ],
        ignore_index=True,
    )[list(OBS_COLUMNS)]
    check_observations(obs, "migration")
    check_range(obs, "net_migration_per_1000", -150, 150)  # Åland islets: ±100 ‰ from a handful of moves
    check_coverage(obs, "net_migration", 2017, 308)
    return obs
