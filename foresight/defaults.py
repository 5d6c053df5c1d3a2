"""Which indicator a page opens on when its link names none: one that is current and covers the municipality."""

from __future__ import annotations

import pandas as pd

from foresight.columns import INDICATOR, MUNICIPALITY, THEMES, YEAR

PREFERRED = "population"  # understood by everyone and published every year for every municipality
RECENT_YEARS = 2  # a latest value at most this many years before the current year counts as current


def default_indicator(
    obs: pd.DataFrame, catalogue: pd.DataFrame, code: str, current_year: int, preferred: str = PREFERRED
) -> str:
    """The preferred indicator if the municipality has a current series of it, else the first headline
    indicator (themes in order, then catalogue order) with one; else its headline series ending latest;
    else the catalogue's first indicator.

    A series means two years or more (a single month's figure is no time series to compare); current means
    a latest year no more than RECENT_YEARS before `current_year`.
    """
    own = obs[obs[MUNICIPALITY] == code]
    years = own.groupby(INDICATOR)[YEAR].agg(["max", "count"])
    theme_rank = {th: i for i, th in enumerate(THEMES)}
    headline = catalogue[catalogue["headline"].astype(bool)].copy()
    headline["_theme"] = headline["theme"].map(theme_rank).fillna(len(THEMES))
    sort_by = ["_theme", "order"] if "order" in headline else ["_theme"]
    ordered = [str(i) for i in headline.sort_values(sort_by, kind="stable")["id"]]
    candidates = [preferred, *[i for i in ordered if i != preferred]]
    series = [i for i in candidates if i in years.index and int(years.loc[i, "count"]) >= 2]
    for indicator in series:
        if int(years.loc[indicator, "max"]) >= current_year - RECENT_YEARS:
            return indicator
    if series:
        return max(series, key=lambda i: int(years.loc[i, "max"]))  # max keeps the first of equals
    return str(catalogue["id"].iloc[0])
