"""How fresh each theme's data is: the newest year per theme, and a plain note where it is old."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from foresight.columns import THEMES

# A theme whose newest figure is more than this many years before the current year is called old.
OLD_AFTER_YEARS = 3


def theme_freshness(catalogue: pd.DataFrame, current_year: int) -> pd.DataFrame:
    """Per theme: indicators, the newest year of any indicator, the median of their latest years, whether
    the newest year is more than OLD_AFTER_YEARS before `current_year` (old), and whether the median is
    (median_old: one new figure does not make a theme whose other indicators end years ago fresh)."""
    rows = []
    for theme in THEMES:
        part = catalogue[catalogue["theme"] == theme]
        if part.empty:
            continue
        newest = int(part["last_year"].max())
        median = int(part["last_year"].median())
        rows.append(
            {
                "theme": theme,
                "indicators": len(part),
                "newest_year": newest,
                "median_latest_year": median,
                "old": years_old(newest, current_year) is not None,
                "median_old": years_old(median, current_year) is not None,
            }
        )
    columns = ["theme", "indicators", "newest_year", "median_latest_year", "old", "median_old"]
    return pd.DataFrame(rows, columns=columns)


def headline_years(years: Sequence[int], current_year: int) -> dict[str, int | None] | None:
    """How old a theme's headline figures are, from each indicator's latest year.

    first and last: the oldest and the newest of those years; half_by: a year by which at least half of
    them end (the lower median, so "half are from half_by or earlier" is always true); old_age: the
    newest year's age when even that is older than OLD_AFTER_YEARS (else None). None without years.
    """
    ordered = sorted(int(y) for y in years)
    if not ordered:
        return None
    return {
        "first": ordered[0],
        "last": ordered[-1],
        "half_by": ordered[(len(ordered) - 1) // 2],
        "old_age": years_old(ordered[-1], current_year),
    }


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
