"""Which source supplied an indicator's figure of a given year (after the newest edition won)."""

from __future__ import annotations

import pandas as pd


def source_for_year(provenance: pd.DataFrame | None, indicator: str, year: int, lang: str) -> str | None:
    """The crediting source text of an indicator's figures of `year`, or None when it is not recorded.

    Several files can supply the same year for different municipalities (an older edition where the newer
    one has a gap); then every source is named, newest edition first.
    """
    if provenance is None or provenance.empty:
        return None
    rows = provenance[
        (provenance["indicator"] == indicator)
        & (provenance["first_year"] <= year)
        & (provenance["last_year"] >= year)
    ].sort_values("edition", ascending=False)
    texts = list(dict.fromkeys(rows[f"source_{lang}"]))
    return "; ".join(texts) if texts else None
