"""How fresh each theme's data is: the newest year per theme, and a plain note where it is old."""

from __future__ import annotations

import pandas as pd

from foresight.columns import THEMES

# A theme whose newest figure is more than this many years before the current year is called old.
OLD_AFTER_YEARS = 3


def theme_freshness(catalogue: pd.DataFrame, current_year: int) -> pd.DataFrame:
    """Per theme: indicators, the newest year of any indicator, the median of their latest years, and
    whether the newest year is more than OLD_AFTER_YEARS before `current_year`."""
    rows = []
    for theme in THEMES:
        part = catalogue[catalogue["theme"] == theme]
        if part.empty:
            continue
        newest = int(part["last_year"].max())
        rows.append(
            {
                "theme": theme,
                "indicators": len(part),
                "newest_year": newest,
                "median_latest_year": int(part["last_year"].median()),
                "old": current_year - newest > OLD_AFTER_YEARS,
            }
        )
    return pd.DataFrame(rows, columns=["theme", "indicators", "newest_year", "median_latest_year", "old"])


def years_old(year: int, current_year: int) -> int | None:
    """How many years old a figure is, when it is older than OLD_AFTER_YEARS (else None: fresh enough)."""
    age = current_year - int(year)
    return age if age > OLD_AFTER_YEARS else None


def not_trendable(catalogue: pd.DataFrame, projectable: list[str] | set[str]) -> pd.DataFrame:
    """Indicators the trends page cannot project, with why: id, first_year, last_year, single_year.

    A single year (finance 2019, income 2024, a month) cannot be trended; others have too few years.
    """
    out = catalogue[~catalogue["id"].isin(set(projectable))][["id", "first_year", "last_year"]].copy()
    out["single_year"] = out["first_year"] == out["last_year"]
    return out.reset_index(drop=True)
