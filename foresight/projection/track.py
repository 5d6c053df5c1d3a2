"""Track record: the projection made as if it were an earlier year, against what happened since.

For population: from the data up to 2018 (the year Statistics Finland's 2019 projection starts from),
how far every method's value for the latest observed year missed, and how far the official one did; and
from 2011 (where the 2012 edition starts) for 2020, the first year that edition published.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from foresight.columns import EDITION, INDICATOR, MEAN, MUNICIPALITY, VALUE, YEAR
from foresight.projection.batch import POPULATION, SNAPSHOT_STORE, project_many
from foresight.projection.methods import AUTO, METHOD
from foresight.projection.official import base_year
from foresight.projection.store import BacktestStore

TRACK_ORIGIN = 2018  # the 2019 edition starts from the end of 2018

LEVELS = (80, 95)
BANDS = tuple(f"{side}_{level}" for level in LEVELS for side in ("lower", "upper"))
TRACK_COLUMNS = (
    MUNICIPALITY, METHOD, "origin", YEAR, "actual", "projected", "error_pct", *(f"inside_{lv}" for lv in LEVELS)
)  # fmt: skip


def record(
    obs: pd.DataFrame,
    official_totals: pd.DataFrame | None,
    origin: int = TRACK_ORIGIN,
    indicator: str = POPULATION,
    catalogue: pd.DataFrame | None = None,
    store: BacktestStore | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """Every method's miss in `year` (the latest observed year if None) when fitted on data up to `origin`.

    Columns municipality, method ("auto" for the automatic choice, "official" for the official
    projection of the newest edition starting from `origin` or earlier that publishes `year`), origin,
    year, actual, projected, error_pct (signed, projected − actual in % of actual), inside_80 and
    inside_95 (1 when the actual value lies in the method's band, 0 when not, NaN without a band). Empty
    when the data do not reach `year` or `year` is not after the origin.
    """
    part = obs[obs[INDICATOR] == indicator]
    newest = int(part[YEAR].max()) if not part.empty else origin
    latest = newest if year is None else int(year)
    if latest <= origin or latest > newest:
        return pd.DataFrame(columns=list(TRACK_COLUMNS))
    past = part[part[YEAR] <= origin]
    results = project_many(past, catalogue, [indicator], latest, official=official_totals, store=store)
    result = results.get(indicator)
    if result is None or result.last_year != origin:
        return pd.DataFrame(columns=list(TRACK_COLUMNS))
    actual = part[part[YEAR] == latest].set_index(MUNICIPALITY)[VALUE]
    col = latest - origin - 1
    frames = []
    for name in (AUTO, *result.arrays):
        if name == AUTO:
            chosen = result.columns[METHOD]
            cols = {key: np.full(result.codes.size, np.nan) for key in (MEAN, *BANDS)}
            for m in {c for c in chosen if isinstance(c, str)}:
                sel = chosen == m
                for key in cols:
                    cols[key][sel] = result.arrays[m][key][sel, col]
        else:
            cols = {key: result.arrays[name][key][:, col] for key in (MEAN, *BANDS)}
        frame = pd.DataFrame({MUNICIPALITY: result.codes, METHOD: name, "projected": cols[MEAN]})
        frames.append(frame.assign(**{band: cols[band] for band in BANDS}))
    if official_totals is not None and not official_totals.empty:
        published = official_totals[official_totals[YEAR] == latest]
        editions = [e for e in published[EDITION].astype(str).unique() if base_year(e) <= origin]
        if editions:
            newest = max(editions, key=int)
            off = official_totals[
                (official_totals[EDITION].astype(str) == newest) & (official_totals[YEAR] == latest)
            ]
            frames.append(
                pd.DataFrame(
                    {
                        MUNICIPALITY: off[MUNICIPALITY].to_numpy(),
                        METHOD: f"official_{newest}",
                        "projected": off[VALUE].to_numpy(),
                    }
                )
            )
    out = pd.concat(frames, ignore_index=True)
    out["actual"] = out[MUNICIPALITY].map(actual)
    out = out[np.isfinite(out["projected"].to_numpy(float)) & out["actual"].notna()].copy()
    out["origin"] = origin
    out[YEAR] = latest
    out["error_pct"] = (out["projected"] - out["actual"]) / out["actual"] * 100
    for level in LEVELS:  # NaN where the projection has no band (the official one)
        lower, upper = out[f"lower_{level}"], out[f"upper_{level}"]
        inside = (out["actual"] >= lower) & (out["actual"] <= upper)
        out[f"inside_{level}"] = inside.astype(float).where(lower.notna())
    return out[list(TRACK_COLUMNS)].reset_index(drop=True)


def summary(track: pd.DataFrame, code: str, members: Sequence[str], method: str) -> dict[str, object] | None:
    """One municipality's and its group's misses for `method` and the official projection.

    Keys origin, year, edition (None without an official edition), trend, official (absolute % miss of
    the municipality), group_trend, group_official (mean absolute % miss over the group, the
    municipality included), n (group size scored), inside_80 and inside_95 (% of all the municipalities
    scored whose actual value lay in the method's band; None without bands) and n_all (how many).
    None when the method was not scored for `code`.
    """
    if track.empty:
        return None
    mine = track[(track[MUNICIPALITY] == code) & (track[METHOD] == method)]
    if mine.empty:
        return None
    official_names = sorted(m for m in track[METHOD].unique() if str(m).startswith("official_"))
    official_name = official_names[-1] if official_names else None
    group = list(dict.fromkeys([code, *members]))
    in_group = track[track[MUNICIPALITY].isin(group)]
    trend_group = in_group[in_group[METHOD] == method]
    out: dict[str, object] = {
        "origin": int(mine["origin"].iloc[0]),
        "year": int(mine[YEAR].iloc[0]),
        "edition": official_name.removeprefix("official_") if official_name else None,
        "trend": float(mine["error_pct"].abs().iloc[0]),
        "official": None,
        "group_trend": float(trend_group["error_pct"].abs().mean()),
        "group_official": None,
        "n": int(trend_group[MUNICIPALITY].nunique()),
    }
    every = track[track[METHOD] == method]
    for level in LEVELS:
        inside = every[f"inside_{level}"].dropna()
        out[f"inside_{level}"] = float(inside.mean() * 100) if not inside.empty else None
    out["n_all"] = int(every[f"inside_{LEVELS[0]}"].notna().sum())
    if official_name:
        off = track[(track[METHOD] == official_name)]
        own = off[off[MUNICIPALITY] == code]
        both = trend_group[MUNICIPALITY][trend_group[MUNICIPALITY].isin(off[MUNICIPALITY])]
        if not own.empty:
            out["official"] = float(own["error_pct"].abs().iloc[0])
        if not both.empty:
            out["group_official"] = float(off[off[MUNICIPALITY].isin(both)]["error_pct"].abs().mean())
            out["group_trend"] = float(
                trend_group[trend_group[MUNICIPALITY].isin(both)]["error_pct"].abs().mean()
            )
            out["n"] = int(both.nunique())
    return out


def past_checks(past_totals: pd.DataFrame, latest: int) -> list[tuple[int, int]]:
    """(origin, year) per old edition: its base year and the first year it published that is observed
    by `latest`, newest edition first."""
    out = []
    for edition in sorted({str(e) for e in past_totals[EDITION]}, key=int, reverse=True):
        years = past_totals.loc[past_totals[EDITION].astype(str) == edition, YEAR].astype(int)
        seen = sorted(y for y in set(years) if base_year(edition) < y <= latest)
        if seen:
            out.append((base_year(edition), seen[0]))
    return out


def records(
    obs: pd.DataFrame,
    catalogue: pd.DataFrame | None,
    official_totals: pd.DataFrame,
    past: pd.DataFrame,
    store: BacktestStore | None = SNAPSHOT_STORE,
) -> tuple[pd.DataFrame, ...]:
    """record() for population from TRACK_ORIGIN to the latest year, then from each old edition's base year
    to its first year; obs need only hold population, official_totals is official.totals() of the
    snapshot's projections and past the old editions' totals (past_projections)."""
    official = pd.concat([official_totals, past], ignore_index=True)
    latest = int(obs.loc[obs[INDICATOR] == POPULATION, YEAR].max())
    checks = [(TRACK_ORIGIN, latest), *past_checks(past, latest)]
    return tuple(record(obs, official, origin, POPULATION, catalogue, store, year) for origin, year in checks)


@lru_cache(maxsize=4)
def _snapshot_records(folder: str, stamp: float) -> tuple[pd.DataFrame, ...]:
    """records() for the snapshot, keyed by the snapshot folder and its modification time."""
    from pathlib import Path

    from foresight.projection.official import totals
    from foresight.snapshot import load_table

    return records(
        load_table("observations", Path(folder)),
        load_table("indicators", Path(folder)),
        totals(load_table("official_projections", Path(folder))),
        load_table("past_projections", Path(folder)),
    )


def snapshot_records() -> tuple[pd.DataFrame, ...]:
    """The current snapshot's population track records, newest origin first (computed once per snapshot)."""
    from foresight.snapshot import snapshot_dir

    folder = snapshot_dir()
    stamp = (folder / "observations.parquet").stat().st_mtime
    return _snapshot_records(str(folder), stamp)
