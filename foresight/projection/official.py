"""Statistics Finland's official population projections as totals, beside the trend projection."""

from __future__ import annotations

import numpy as np
import pandas as pd

from foresight.columns import AGE, EDITION, MEAN, MUNICIPALITY, VALUE, YEAR

EDITION_ANNUAL = "2019"  # every year 2019–2040
EDITION_POINTS = "2024"  # 2024, 2035 and 2040 only
OFFICIAL = "official"

# Note keys for the page (projection.official.*), by where the official figure falls against the trend.
INSIDE_80 = "inside_80"
INSIDE_95 = "inside_95"
ABOVE = "above_band"
BELOW = "below_band"


def totals(official_projections: pd.DataFrame) -> pd.DataFrame:
    """Population totals (all ages) per edition, municipality and year: edition, municipality, year, value."""
    out = official_projections.groupby([EDITION, MUNICIPALITY, YEAR], as_index=False)[VALUE].sum()
    return out.drop(columns=[AGE], errors="ignore")


def for_municipality(official_totals: pd.DataFrame, code: str) -> pd.DataFrame:
    """One municipality's official totals: edition, year, official (for drawing beside the trend)."""
    part = official_totals[official_totals[MUNICIPALITY] == code]
    return part[[EDITION, YEAR, VALUE]].rename(columns={VALUE: OFFICIAL}).reset_index(drop=True)


def compare(forecast: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """Trend vs official projection in the years both cover.

    forecast: one municipality's projection (year, mean, bands); official: `for_municipality` output.
    Returns edition, year, official, mean, difference (official − trend), difference_pct (of the trend),
    position ("inside_80" / "inside_95" / "above_band" / "below_band").
    """
    both = official.merge(forecast, on=YEAR)
    if both.empty:
        return pd.DataFrame(
            columns=[EDITION, YEAR, OFFICIAL, MEAN, "difference", "difference_pct", "position"]
        )
    both["difference"] = both[OFFICIAL] - both[MEAN]
    both["difference_pct"] = both["difference"] / both[MEAN] * 100
    off = both[OFFICIAL]
    both["position"] = np.select(
        [
            off.between(both["lower_80"], both["upper_80"]),
            off.between(both["lower_95"], both["upper_95"]),
            off > both["upper_95"],
        ],
        [INSIDE_80, INSIDE_95, ABOVE],
        default=BELOW,
    )
    cols = [EDITION, YEAR, OFFICIAL, MEAN, "difference", "difference_pct", "position"]
    return both[cols].sort_values([EDITION, YEAR], ignore_index=True)


def note(comparison: pd.DataFrame, year: int) -> dict[str, object] | None:
    """The note under the chart for one year: text key and its parameters, or None without an overlap.

    Prefers the newest edition that has the year (2024 for 2035 and 2040; the annual 2019 edition
    otherwise): where both exist, the newer one starts from more recent data.
    """
    rows = comparison[comparison[YEAR] == year]
    if rows.empty:
        return None
    rows = rows.sort_values(EDITION, ascending=False)
    row = rows.iloc[0]
    return {
        "key": f"projection.official.{row['position']}",
        "edition": row[EDITION],
        "year": int(year),
        "official": float(row[OFFICIAL]),
        "trend": float(row[MEAN]),
        "difference_pct": float(row["difference_pct"]),
    }


def reference_path(
    codes: np.ndarray, years: np.ndarray, totals_: np.ndarray, published: tuple[int, ...], code: str
) -> pd.DataFrame:
    """The one 2030 reference used everywhere: the newest official projection's path for a municipality.

    `codes`, `years` and `totals_` (municipality × year) come from the scenario model's baseline calibrated
    to the 2024 edition, which reproduces its published years exactly; the years between are the model's
    path between them and are marked `published = False`.
    """
    row = int(np.flatnonzero(codes == code)[0])
    return pd.DataFrame(
        {YEAR: years.astype(int), VALUE: totals_[row], "published": [int(y) in published for y in years]}
    )


def error_so_far(
    official_totals: pd.DataFrame, observed: pd.Series, edition: str = EDITION_ANNUAL
) -> pd.DataFrame:
    """How far an edition's projection has been from what happened: year, official, actual, error_pct.

    `official_totals`: one municipality's totals (`for_municipality` output); `observed`: population by year.
    Years after the edition's base year where both exist; error_pct = (official − actual) / actual × 100.
    """
    part = official_totals[official_totals[EDITION] == edition][[YEAR, OFFICIAL]]
    actual = observed.rename("actual").rename_axis(YEAR).reset_index()
    both = part.merge(actual, on=YEAR)
    both = both[both[YEAR] > both[YEAR].min()] if len(both) > 1 else both.iloc[0:0]
    both["error_pct"] = (both[OFFICIAL] - both["actual"]) / both["actual"] * 100
    return both.reset_index(drop=True)
