"""The USO network's member municipalities per season, as named peer groups with their evidence."""

from __future__ import annotations

import pandas as pd

from foresight.build.common import current_codes, raw, to_current
from foresight.columns import MUNICIPALITY

COMPLETE_SEASONS = {"USO4"}  # only the 2017–2018 list is an official, complete member list


def run() -> pd.DataFrame:
    """One row per season × municipality: group id, period, completeness, evidence and its source."""
    frame = pd.read_csv(raw("uso_membership_evidence.csv"), dtype={"municipality_code": str})
    frame[MUNICIPALITY] = frame["municipality_code"].map(to_current)
    out = frame.rename(columns={"season": "group_id"})
    out["season"] = out["group_id"]
    out["complete"] = out["group_id"].isin(COMPLETE_SEASONS)
    out = out[
        [
            "group_id",
            "season",
            "period",
            "complete",
            MUNICIPALITY,
            "name_in_source",
            "evidence",
            "strength",
            "source_url",
        ]
    ]
    out = out.sort_values(["group_id", MUNICIPALITY]).reset_index(drop=True)
    # Checks
    assert set(out[MUNICIPALITY]) <= current_codes(), "network members must be municipalities of 2026"
    assert not out.duplicated(["group_id", MUNICIPALITY]).any(), "a municipality listed twice in a season"
    assert (out["group_id"] == "USO4").sum() == 29, "the USO4 list has 29 municipalities"
    assert out["source_url"].str.startswith("http").all(), "every membership has a source"
    return out
