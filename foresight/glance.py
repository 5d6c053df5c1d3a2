"""Key figures of one municipality: latest value, its year, change over 5 and 10 years, and the history."""

from __future__ import annotations

import pandas as pd

from foresight.columns import INDICATOR, MUNICIPALITY, THEMES, VALUE, YEAR
from foresight.situation import change_over

CHANGE_SPANS = (5, 10)


def key_figures(obs: pd.DataFrame, catalogue: pd.DataFrame, code: str) -> list[dict[str, object]]:
    """One record per headline indicator, themes in order; a record without 'value' means no data."""
    own = obs[obs[MUNICIPALITY] == code]
    parts = {str(k): v for k, v in own.groupby(INDICATOR, sort=False)}
    headline = catalogue[catalogue["headline"]].copy()
    headline["theme_order"] = headline["theme"].map({th: i for i, th in enumerate(THEMES)})
    records: list[dict[str, object]] = []
    for _, ind in headline.sort_values(
        ["theme_order", "order"] if "order" in headline else "theme_order"
    ).iterrows():
        record: dict[str, object] = {"indicator": ind["id"], "theme": ind["theme"]}
        part = parts.get(str(ind["id"]))
        if part is None or part.empty:
            records.append(
                record
                | {"last_year": int(ind["last_year"]), "n_municipalities": int(ind["n_municipalities"])}
            )
            continue
        values = part.set_index(YEAR)[VALUE].sort_index()
        year = int(values.index.max())
        record |= {
            "value": float(values.loc[year]),
            "year": year,
            "years": [int(y) for y in values.index],
            "values": [float(v) for v in values],
        }
        record |= {f"change_{n}": change_over(values, n) for n in CHANGE_SPANS}
        records.append(record)
    return records
