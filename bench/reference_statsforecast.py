"""Outside reference for the population backtest: statsforecast's AutoETS and AutoTheta, same windows.

Runs in the benchmark's own environment, never the app's (statsforecast brings another pandas):

    bash scripts/bench-extra.sh
    nice -n 10 .venv-ref/bin/python bench/reference_statsforecast.py   # → docs/reference_statsforecast.json

Per municipality, AutoETS and AutoTheta (season_length=1, statsforecast's own model selection) are fitted on
the 15 years up to the origin — the window the app's methods see (foresight/projection/batch.py, WINDOW and
`window`) — at origins 2012, 2015 and 2018 and forecast to the last data year with statsforecast's 80 % and
95 % intervals (level=[80, 95]). Nothing after the origin is used but to score. Written per origin × method ×
year: MAPE over the municipalities scored (actual > 0, as bench_accuracy.py) and the share of actual values
inside each interval. bench/bench_accuracy.py adds these rows to docs/ACCURACY.md when the JSON exists.

Imports nothing from foresight (whose dependencies are the app's); the column names are those of
foresight/columns.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "data" / "snapshot" / "observations.parquet"
OUT = ROOT / "docs" / "reference_statsforecast.json"
# As foresight/columns.py and foresight/projection/batch.py (POPULATION, WINDOW, methods.MIN_POINTS).
MUNICIPALITY, INDICATOR, YEAR, VALUE = "municipality", "indicator", "year", "value"
POPULATION = "population"
WINDOW = 15
MIN_POINTS = 5
ORIGINS = (2012, 2015, 2018)
LEVELS = (80, 95)
METHODS = ("AutoETS", "AutoTheta")


def series_digest(part: pd.DataFrame) -> str:
    """sha256 of the population series as municipality,year,value lines (sorted; plain Python formatting,
    so the app's environment computes the same digest and bench_accuracy.py can tell a stale file)."""
    rows = sorted(
        zip(part[MUNICIPALITY].astype(str), part[YEAR].astype(int), part[VALUE].astype(float), strict=True)
    )
    text = "\n".join(f"{m},{y},{v!r}" for m, y, v in rows)
    return hashlib.sha256(text.encode()).hexdigest()


def fit_window(part: pd.DataFrame, origin: int) -> pd.DataFrame:
    """The statsforecast frame (unique_id, ds, y) of each municipality's years origin-14 .. origin."""
    win = part[(part[YEAR] > origin - WINDOW) & (part[YEAR] <= origin)].dropna(subset=[VALUE])
    enough = win.groupby(MUNICIPALITY)[YEAR].transform("size") >= MIN_POINTS
    win = win[enough]
    return pd.DataFrame(
        {
            "unique_id": win[MUNICIPALITY].astype(str),
            "ds": win[YEAR].astype(int),
            "y": win[VALUE].astype(float),
        }
    ).sort_values(["unique_id", "ds"], ignore_index=True)


def score(fc: pd.DataFrame, actual: pd.DataFrame) -> dict[str, dict[str, dict[str, float | int]]]:
    """method → year → mape, coverage_80, coverage_95, scored (municipalities with an actual value > 0)."""
    both = fc.merge(actual, on=["unique_id", "ds"])
    both = both[both["actual"] > 0]
    out: dict[str, dict[str, dict[str, float | int]]] = {}
    for m in METHODS:
        per_year: dict[str, dict[str, float | int]] = {}
        for year, g in both.groupby("ds"):
            ape = (g[m] - g["actual"]).abs() / g["actual"] * 100
            row: dict[str, float | int] = {"mape": round(float(ape.mean()), 4), "scored": int(len(g))}
            for level in LEVELS:
                inside = (g["actual"] >= g[f"{m}-lo-{level}"]) & (g["actual"] <= g[f"{m}-hi-{level}"])
                row[f"coverage_{level}"] = round(float(inside.mean() * 100), 2)
            per_year[str(int(year))] = row
        out[m] = per_year
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(OUT), help="JSON file to write")
    parser.add_argument("--origins", type=int, nargs="+", default=list(ORIGINS))
    args = parser.parse_args(argv)
    os.environ.setdefault("NIXTLA_ID_AS_COL", "1")
    import statsforecast
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS, AutoTheta

    obs = pd.read_parquet(SNAPSHOT, columns=[MUNICIPALITY, INDICATOR, YEAR, VALUE])
    part = obs[obs[INDICATOR] == POPULATION]
    last = int(part[YEAR].max())
    actual_all = pd.DataFrame(
        {"unique_id": part[MUNICIPALITY].astype(str), "ds": part[YEAR].astype(int), "actual": part[VALUE]}
    )
    result: dict[str, object] = {
        "made": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),
        "statsforecast": statsforecast.__version__,
        "models": "AutoETS(season_length=1), AutoTheta(season_length=1); statsforecast defaults otherwise",
        "indicator": POPULATION,
        "window_years": WINDOW,
        "data_last_year": last,
        "series_sha256": series_digest(part),
        "origins": {},
        "seconds": {},
    }
    start = time.perf_counter()
    for origin in args.origins:
        t0 = time.perf_counter()
        train = fit_window(part, origin)
        sf = StatsForecast(models=[AutoETS(season_length=1), AutoTheta(season_length=1)], freq=1, n_jobs=1)
        fc = sf.forecast(df=train, h=last - origin, level=list(LEVELS))
        actual = actual_all[actual_all["ds"] > origin]
        result["origins"][str(origin)] = score(fc, actual)  # type: ignore[index]
        result["seconds"][str(origin)] = round(time.perf_counter() - t0, 1)  # type: ignore[index]
        print(
            f"origin {origin}: {train['unique_id'].nunique()} municipalities, {time.perf_counter() - t0:.1f} s"
        )
    result["seconds"]["total"] = round(time.perf_counter() - start, 1)  # type: ignore[index]
    Path(args.out).write_text(json.dumps(result, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"written to {args.out} in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
