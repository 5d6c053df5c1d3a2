"""Rolling-origin backtest: method choice per series, its error in plain words, and the backtest command.

    python -m foresight.projection.backtest --origin 2015 --horizon 5 --indicator population \\
        --method auto --out build-tmp/backtest_population.csv
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import numpy as np
import pandas as pd

from foresight.columns import INDICATOR, INTERVAL_COLUMNS, MEAN, MUNICIPALITY, VALUE, YEAR
from foresight.projection.batch import (
    BACKTEST_HORIZON,
    DESCRIBE_HORIZON,
    OK,
    PERCENT_UNITS,
    TOO_LITTLE_HISTORY,
    WITH_OFFICIAL,
    IndicatorProjection,
    project_many,
)
from foresight.projection.methods import AUTO, METHOD, METHODS, MIN_POINTS
from foresight.projection.pooled import POOLED

# How the backtested error is expressed: relative %, percentage points (for % indicators) or units.
ERROR_PERCENT = "percent"
ERROR_POINTS = "points"
ERROR_UNITS = "units"
CSV_COLUMNS = (MUNICIPALITY, YEAR, MEAN, *INTERVAL_COLUMNS)


def describe(result: IndicatorProjection, code: str, method: str = AUTO) -> dict[str, object]:
    """What the chart says about a projection: method, backtested error, its horizon and the data's end.

    Keys: method, chosen_by ("backtest" / "default" / "user"), status ("ok" / "too_little_history"),
    last_year, horizon_years, error (float or None), error_kind ("percent" / "points" / "units"),
    error_horizon (years ahead the error refers to), n_origins (origins scored at that horizon).
    """
    info = {k: v[result.row(code)] for k, v in result.columns.items()}
    name = (info[METHOD] if isinstance(info[METHOD], str) else None) if method == AUTO else method
    out: dict[str, object] = {
        METHOD: name,
        "chosen_by": info["chosen_by"] if method == AUTO else "user",
        "status": info["status"],
        "last_year": int(info["last_year"]),
        "horizon_years": int(info["horizon_years"]),
        "error": None,
        "error_kind": None,
        "error_horizon": None,
        "n_origins": 0,
    }
    if name is None or name not in result.methods:
        return out
    if method != AUTO:
        projected = np.isfinite(result.arrays[name][MEAN][result.row(code)]).all()
        too_short = int(info["n_points"]) < MIN_POINTS
        out["status"] = OK if projected else (TOO_LITTLE_HISTORY if too_short else "method_unavailable")
    r = result.row(code)
    scored_name = name
    if name == WITH_OFFICIAL:  # the average has no backtest of its own: quote its trend part
        trend = result.columns.get("trend_method")
        scored_name = trend[r] if trend is not None and isinstance(trend[r], str) else None
        out["trend_method"] = scored_name
        if scored_name is None:
            return out
    m = result.methods.index(scored_name)
    counts = result.score_arrays["n"][m, r]
    scored = np.flatnonzero(counts > 0)
    if scored.size == 0:
        return out
    h = int(min(scored.max(), DESCRIBE_HORIZON - 1))  # five years ahead when the history allows
    mape = float(result.score_arrays["mape"][m, r, h])
    if result.unit in PERCENT_UNITS:
        kind, error = ERROR_POINTS, float(result.score_arrays["mae"][m, r, h])
    elif np.isfinite(mape) and result.bounds[0] == 0:  # relative error only for never-negative sizes
        kind, error = ERROR_PERCENT, mape
    else:
        kind, error = ERROR_UNITS, float(result.score_arrays["mae"][m, r, h])
    out.update(error=error, error_kind=kind, error_horizon=h + 1, n_origins=int(counts[h]))
    return out


def sentence(desc: dict[str, object], lang: str = "fi", decimals: int = 1, unit: str = "") -> str:
    """The backtest in words: "Tested on past years, this method missed the value five years ahead by 2.1 %"."""
    from foresight.format import number, with_unit
    from foresight.i18n import t

    method = t(f"projection.method.{desc[METHOD]}", lang) if desc[METHOD] else ""
    extra = ""
    if desc.get("trend_method"):
        trend = t(f"projection.method.{desc['trend_method']}", lang)
        method = t("projection.backtest.trend_part", lang, method=trend)  # the figure is the trend's only
        extra = " " + t("projection.backtest.with_official", lang)
    if desc["error"] is None:
        return t("projection.backtest.untested", lang, method=method)
    error = float(desc["error"])  # type: ignore[arg-type]
    kind = desc["error_kind"]
    if kind in (ERROR_PERCENT, ERROR_POINTS):
        text = number(error, decimals, lang)
    else:
        text = with_unit(error, decimals, unit, lang)
    out = t(
        f"projection.backtest.{kind}",
        lang,
        method=method,
        error=text,
        n=desc["error_horizon"],
        origins=desc["n_origins"],
    )
    return out.replace("..", ".") + extra  # a unit abbreviation ("as.") already ends the sentence


def choose_method(history: pd.Series, unit: str = "", methods: Sequence[str] = METHODS) -> dict[str, object]:
    """Backtest one series (values indexed by year) and describe the chosen method (see `describe`)."""
    obs = pd.DataFrame(
        {
            MUNICIPALITY: "series",
            INDICATOR: "series",
            YEAR: history.index.to_numpy(dtype=int),
            VALUE: history.to_numpy(dtype=float),
        }
    ).dropna()
    catalogue = pd.DataFrame({"id": ["series"], "unit": [unit]})
    until = int(obs[YEAR].max()) + BACKTEST_HORIZON
    result = project_many(obs, catalogue, ["series"], until, methods)["series"]
    return describe(result, "series")


def run(
    obs: pd.DataFrame,
    indicator: str,
    origin: int,
    horizon: int = BACKTEST_HORIZON,
    method: str = AUTO,
    catalogue: pd.DataFrame | None = None,
    official: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fit on data up to `origin` only and project `horizon` years; return forecasts and their errors.

    The automatic choice and the bands are themselves backtested on years up to the origin, so
    nothing after it leaks in; official (totals) joins population only with editions that start
    from data up to the origin.
    Errors: municipality, year, horizon, actual, mean, error, ape (absolute % error), inside_80, inside_95.
    """
    past = obs[(obs[INDICATOR] == indicator) & (obs[YEAR] <= origin)]
    result = project_many(past, catalogue, [indicator], origin + horizon, official=official).get(indicator)
    if result is None or result.last_year != origin:
        raise ValueError(f"{indicator}: no data in {origin}; pick an origin within the data's years")
    forecasts = result.forecasts(method)
    forecasts = forecasts[forecasts[YEAR] <= origin + horizon]
    actual = obs[(obs[INDICATOR] == indicator) & (obs[YEAR] > origin)][[MUNICIPALITY, YEAR, VALUE]]
    errors = forecasts.merge(actual.rename(columns={VALUE: "actual"}), on=[MUNICIPALITY, YEAR])
    errors["horizon"] = errors[YEAR] - origin
    errors["error"] = errors[MEAN] - errors["actual"]
    positive = errors["actual"] > 0
    errors["ape"] = (errors["error"].abs() / errors["actual"].where(positive)) * 100
    errors["inside_80"] = errors["actual"].between(errors["lower_80"], errors["upper_80"])
    errors["inside_95"] = errors["actual"].between(errors["lower_95"], errors["upper_95"])
    return forecasts, errors


def by_horizon(errors: pd.DataFrame) -> pd.DataFrame:
    """MAPE, median APE and band coverage per horizon across municipalities."""
    return errors.groupby("horizon").agg(
        year=(YEAR, "first"),
        municipalities=(MUNICIPALITY, "nunique"),
        mape=("ape", "mean"),
        median_ape=("ape", "median"),
        coverage_80=("inside_80", "mean"),
        coverage_95=("inside_95", "mean"),
    )


def official_overlap(forecasts: pd.DataFrame, obs: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """Population: trend vs the 2019 official projection vs what happened, for years all three share."""
    from foresight.projection.official import EDITION_ANNUAL, totals

    off = totals(official)
    off = off[off["edition"] == EDITION_ANNUAL].rename(columns={VALUE: "official"})
    actual = obs[obs[INDICATOR] == "population"][[MUNICIPALITY, YEAR, VALUE]].rename(
        columns={VALUE: "actual"}
    )
    both = forecasts.merge(off[[MUNICIPALITY, YEAR, "official"]], on=[MUNICIPALITY, YEAR])
    both = both.merge(actual, on=[MUNICIPALITY, YEAR], how="left")
    rows = []
    for year, part in both.groupby(YEAR):
        has_actual = part["actual"].notna()
        rows.append(
            {
                YEAR: year,
                "municipalities": len(part),
                "trend_vs_official_mean_abs_pct": float(
                    ((part[MEAN] - part["official"]).abs() / part["official"] * 100).mean()
                ),
                "trend_mape": float(
                    ((part[MEAN] - part["actual"]).abs() / part["actual"] * 100)[has_actual].mean()
                ),
                "official_mape": float(
                    ((part["official"] - part["actual"]).abs() / part["actual"] * 100)[has_actual].mean()
                ),
                "official_inside_95": float(
                    part["official"].between(part["lower_95"], part["upper_95"]).mean()
                ),
            }
        )
    return pd.DataFrame(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the backtest CSV and print the error by horizon."""
    parser = argparse.ArgumentParser(prog="python -m foresight.projection.backtest", description=__doc__)
    parser.add_argument("--origin", type=int, required=True, help="last year the fit may see")
    parser.add_argument("--horizon", type=int, default=BACKTEST_HORIZON, help="years to project")
    parser.add_argument("--indicator", default="population")
    parser.add_argument("--method", default=AUTO, choices=(AUTO, *METHODS, POOLED, WITH_OFFICIAL))
    parser.add_argument(
        "--no-official",
        action="store_true",
        help="population: leave Statistics Finland's projection out of the automatic choice",
    )
    parser.add_argument("--out", required=True, help="CSV path to write")
    args = parser.parse_args(argv)

    from foresight.projection.official import totals
    from foresight.snapshot import load_snapshot

    snap = load_snapshot()
    try:
        forecasts, errors = run(
            snap.observations,
            args.indicator,
            args.origin,
            args.horizon,
            args.method,
            snap.indicators,
            None if args.no_official else totals(snap.official_projections),
        )
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    forecasts[list(CSV_COLUMNS)].to_csv(args.out, index=False, float_format="%.4f")
    print(
        f"{args.indicator}: fitted on years ≤ {args.origin}, method {args.method}, {len(forecasts)} rows → {args.out}"
    )
    if args.method == AUTO:
        counts = forecasts.drop_duplicates(MUNICIPALITY)[METHOD].value_counts()
        print("methods chosen: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if errors.empty:
        print("no observed values after the origin to score against")
    else:
        table = by_horizon(errors)
        print("error by horizon across municipalities (APE = absolute % error):")
        print(table.to_string(float_format=lambda v: f"{v:.3f}"))
        print(f"MAPE over all horizons: {errors['ape'].mean():.3f} %")
    if args.indicator == "population":
        overlap = official_overlap(forecasts, snap.observations, snap.official_projections)
        if overlap.empty:
            print("no overlap with the 2019 official projection (2019–2040)")
        else:
            print(
                "against Statistics Finland's 2019 projection (it starts from 2018 data) where years overlap:"
            )
            print(overlap.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
