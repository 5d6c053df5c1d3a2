"""Inter-municipal migration 1990–2017 (Statistics Finland, 2017 division)."""

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


def run() -> pd.DataFrame:
    """Net migration in persons and per 1 000 inhabitants, recomputed from summed parts."""
    frame = pd.read_csv(raw("migration_1990_2017_kt162r.csv.gz"), dtype={"kunta_no": str})
    frame = frame[frame["Tiedot"].isin(["tulomuutto", "lahtomuutto", "nettomuutto"])]
    wide = frame.pivot_table(
        index=["kunta_no", "Vuosi", "vakiluku"], columns="Tiedot", values="values"
    ).reset_index()
    wide = wide.rename(columns={"kunta_no": MUNICIPALITY, "Vuosi": YEAR})
    counts = harmonise_sum(wide, ["tulomuutto", "lahtomuutto", "nettomuutto", "vakiluku"])
    # Statistics Finland's rate is net migration per population 31 Dec; moves between merged parts stay in.
    counts["per_1000"] = counts["nettomuutto"] / counts["vakiluku"] * 1000
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
