"""How many municipalities have a value, year by year: coverage said honestly, gaps named."""

from __future__ import annotations

import pandas as pd

from foresight.columns import INDICATOR, MUNICIPALITY, YEAR
from foresight.format import number, year_span
from foresight.i18n import t, tn

COVERAGE_COLUMNS = (YEAR, "n", "total")


def latest_year_share(obs: pd.DataFrame) -> dict[str, float]:
    """Per indicator, the share of the municipalities (those with any data) that have a value in the
    indicator's own latest year: what the build's headline rule (HEADLINE_MIN_COVERAGE) measures."""
    if obs.empty:
        return {}
    total = obs[MUNICIPALITY].nunique()
    latest = obs.groupby(INDICATOR)[YEAR].transform("max") == obs[YEAR]
    covered = obs[latest].groupby(INDICATOR)[MUNICIPALITY].nunique()
    return {str(ind): int(n) / total for ind, n in covered.items()}


def per_year(obs: pd.DataFrame, indicator: str, total: int) -> pd.DataFrame:
    """Municipalities with a value in each year from the indicator's first to its last (0 in a gap year)."""
    part = obs[obs[INDICATOR] == indicator]
    if part.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in COVERAGE_COLUMNS})
    counts = part.groupby(YEAR)[MUNICIPALITY].nunique()
    years = range(int(counts.index.min()), int(counts.index.max()) + 1)
    counts = counts.reindex(years, fill_value=0)
    return pd.DataFrame({YEAR: list(years), "n": counts.to_numpy(dtype="int64"), "total": total}).astype(
        "int64"
    )


def gaps(coverage: pd.DataFrame) -> list[tuple[int, int]]:
    """Runs of consecutive years without any value, as (first, last)."""
    runs: list[tuple[int, int]] = []
    for year in coverage.loc[coverage["n"] == 0, YEAR].astype(int):
        if runs and runs[-1][1] == year - 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return runs


def summary(coverage: pd.DataFrame, lang: str) -> list[str]:
    """Sentences: the range of municipalities covered per year, and the years with no data at all."""
    if coverage.empty:
        return []
    have = coverage[coverage["n"] > 0]
    total = int(coverage["total"].iloc[0])
    low, high = int(have["n"].min()), int(have["n"].max())
    first, last = int(coverage[YEAR].min()), int(coverage[YEAR].max())
    span = number(high, 0, lang) if low == high else f"{number(low, 0, lang)}–{number(high, 0, lang)}"
    count = high if low == high else span  # a range ("1–3 of 308 have") reads as many
    out = [
        tn("coverage.range", count, lang, n=span, total=number(total, 0, lang), years=year_span(first, last))
    ]
    missing = gaps(coverage)
    if missing:
        out.append(t("coverage.gap", lang, years=", ".join(year_span(a, b) for a, b in missing)))
    return out


def table(coverage: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Display table, newest year first: year, "212 of 308" and the share in %."""
    ordered = coverage.sort_values(YEAR, ascending=False)
    return pd.DataFrame(
        {
            t("coverage.col_year", lang): ordered[YEAR].astype(str).to_numpy(),
            t("coverage.col_municipalities", lang): [
                t("coverage.of_total", lang, n=number(n, 0, lang), total=number(total, 0, lang))
                for n, total in zip(ordered["n"], ordered["total"], strict=True)
            ],
            t("coverage.col_share", lang): (ordered["n"] / ordered["total"] * 100).round(1).to_numpy(),
        }
    )
