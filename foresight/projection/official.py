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


def base_year(edition: str) -> int:
    """The last observed year an edition starts from (the 2019 edition from the end of 2018)."""
    return int(edition) - 1


def anchored_path(
    official_totals: pd.DataFrame, codes: np.ndarray, last_year: int, last_values: np.ndarray, until: int
) -> np.ndarray:
    """The official projection's path from each municipality's last observed value, years last_year+1..until.

    Only editions that start from data up to last_year are used (nothing published later leaks into a
    backtest), the newest where several are. The path is the last value times the edition's own
    growth from last_year; years an edition does not publish (2025–2034 of the 2024 edition) follow
    a constant yearly growth between its published years (geometric interpolation). NaN where no
    edition covers a year or a municipality.
    """
    years = np.arange(last_year + 1, until + 1)
    out = np.full((codes.size, years.size), np.nan)
    if years.size == 0 or official_totals.empty:
        return out
    editions = sorted({str(e) for e in official_totals[EDITION]}, key=int)
    usable = [e for e in editions if base_year(e) <= last_year]
    for edition in usable:  # oldest first, so the newest overwrites where it covers
        part = official_totals[official_totals[EDITION].astype(str) == edition]
        table = part.pivot_table(index=MUNICIPALITY, columns=YEAR, values=VALUE, aggfunc="sum")
        table = table.reindex(index=pd.Index(codes, dtype=object))
        known_years = np.array(table.columns, dtype=int)
        known = table.to_numpy(dtype=float)
        if base_year(edition) == last_year:  # it starts from the same value the trend starts from
            known_years = np.append(last_year, known_years)
            known = np.concatenate([np.asarray(last_values, float)[:, None], known], axis=1)
        grid = np.arange(known_years.min(), known_years.max() + 1)
        with np.errstate(all="ignore"):
            logs = np.log(np.where(known > 0, known, np.nan))
        full = np.full((codes.size, grid.size), np.nan)
        for r in range(codes.size):  # 308 rows × a handful of points
            ok = np.isfinite(logs[r])
            if ok.sum() >= 2:
                full[r] = np.exp(np.interp(grid, known_years[ok], logs[r, ok], left=np.nan, right=np.nan))
        if last_year not in set(grid):
            continue
        start = full[:, grid == last_year][:, 0]
        with np.errstate(all="ignore"):
            growth = full / start[:, None]
        path = np.asarray(last_values, float)[:, None] * growth
        inside = (years >= grid[0]) & (years <= grid[-1])
        cols = years[inside] - grid[0]
        new = path[:, cols]
        target = out[:, inside]
        out[:, inside] = np.where(np.isfinite(new).all(axis=1, keepdims=True), new, target)
    return out


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


def with_reference_path(
    official_totals: pd.DataFrame,
    codes: np.ndarray,
    years: np.ndarray,
    path: np.ndarray,
    edition: str = EDITION_POINTS,
) -> pd.DataFrame:
    """The totals with `edition` given for every year by the reference path (municipality × year).

    The published years keep the published figures (the path reproduces them); the years between come from
    the path, so every page shows the same 2030 figure for the newest edition.
    """
    published = official_totals[official_totals[EDITION].astype(str) == edition]
    frame = pd.DataFrame(
        {
            EDITION: edition,
            MUNICIPALITY: np.repeat(codes.astype(str), years.size),
            YEAR: np.tile(years.astype(int), codes.size),
            VALUE: path.reshape(-1),
        }
    )
    keys = [MUNICIPALITY, YEAR]
    frame = frame.merge(published[[*keys, VALUE]], on=keys, how="left", suffixes=("", "_published"))
    frame[VALUE] = frame[f"{VALUE}_published"].fillna(frame[VALUE])
    others = official_totals[official_totals[EDITION].astype(str) != edition]
    return pd.concat([others, frame[[EDITION, MUNICIPALITY, YEAR, VALUE]]], ignore_index=True)
