"""Cached scenario computations: the calibrated baseline once per edition, results per municipality and levers.

Keys are plain values (edition, code, scenario names with lever tuples), so a lever change recomputes only the
one municipality's projection (a few milliseconds) and moving back to earlier values is a cache hit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from foresight import scenario as sc
from foresight.i18n import t
from foresight.scenario.compare import export_tables
from foresight.snapshot import snapshot_dir
from foresight.ui import loaders

# (display name, ((lever id, value), ...)) per scenario: hashable, cheap to hash.
Spec = tuple[str, tuple[tuple[str, float], ...]]


def spec(name: str, scenario: sc.Scenario) -> Spec:
    """A scenario as a plain cache key under the name it is shown with."""
    return name, tuple(sorted((k, float(v)) for k, v in scenario.levers.items()))


def _scenario(item: Spec) -> sc.Scenario:
    name, levers = item
    return sc.Scenario(name=name, levers={k: v for k, v in levers})


@st.cache_resource(show_spinner=False)
def _baseline(folder: str, edition: str) -> sc.Baseline:
    # cache_resource: a read-only set of arrays for all 308 municipalities (about 40 MB), shared by sessions.
    return sc.build_baseline(loaders.snapshot().official_projections, edition)


def baseline(edition: str) -> sc.Baseline:
    """The model calibrated to one edition of Statistics Finland's projection (built once per server)."""
    return _baseline(str(snapshot_dir()), edition)


@st.cache_resource(show_spinner=False)
def _rates(folder: str) -> tuple[pd.Series, int | None]:
    return sc.latest_employment_rate(loaders.indicator_frame("employment_rate"))


def employment_rates() -> tuple[pd.Series, int | None]:
    """Each municipality's latest employment rate (%) and the year of the data."""
    return _rates(str(snapshot_dir()))


@st.cache_data(show_spinner=False, max_entries=512)
def tax_rate(code: str) -> tuple[float | None, int | None]:
    """The municipality's income tax rate (%) and its year."""
    return sc.income_tax_rate(loaders.indicator_frame("income_tax_rate"), code)


@st.cache_data(show_spinner=False, max_entries=256)
def mover_profile(edition: str, band: int = 5) -> pd.DataFrame:
    """The age profile of added movers by age band."""
    return sc.mover_profile_frame(baseline(edition), band)


@st.cache_data(show_spinner=False, max_entries=256)
def results(
    edition: str, code: str, specs: tuple[Spec, ...]
) -> tuple[dict[str, sc.Result], list[sc.Message]]:
    """The baseline and the scenarios projected for one municipality, keyed by display name."""
    return sc.run(baseline(edition), [_scenario(s) for s in specs], [code])


def _lookup(specs: tuple[Spec, ...]) -> dict[str, sc.Scenario]:
    return {s[0]: _scenario(s) for s in specs}


@st.cache_data(show_spinner=False, max_entries=256)
def outcomes(edition: str, code: str, specs: tuple[Spec, ...], years: tuple[int, ...]) -> pd.DataFrame:
    """Key outcomes of every scenario in the given years with differences from the baseline."""
    res, _ = results(edition, code, specs)
    rates, _ = employment_rates()
    return sc.outcome_table(res, code, rates, _lookup(specs), years)


@st.cache_data(show_spinner=False, max_entries=256)
def series(edition: str, code: str, specs: tuple[Spec, ...]) -> pd.DataFrame:
    """Every measure for every year (one line per scenario and measure)."""
    res, _ = results(edition, code, specs)
    rates, _ = employment_rates()
    return sc.time_series(res, code, rates, _lookup(specs))


@st.cache_data(show_spinner=False, max_entries=256)
def pyramids(edition: str, code: str, specs: tuple[Spec, ...], year: int) -> pd.DataFrame:
    """Age structures in five-year bands for one year."""
    res, _ = results(edition, code, specs)
    return sc.pyramids(res, code, year, band=5)


@st.cache_data(show_spinner=False, max_entries=256)
def sketch(edition: str, code: str, item: Spec, values: tuple[tuple[str, float], ...]) -> pd.DataFrame:
    """The municipal-economy sketch of one scenario against the baseline under the given assumptions."""
    res, _ = results(edition, code, (item,))
    rates, _ = employment_rates()
    scenario = _scenario(item)
    tax, _ = tax_rate(code)
    assumptions = sc.edit(sc.default_assumptions(tax), **dict(values))
    return sc.sketch(
        res[item[0]],
        res["baseline"],
        code,
        rates,
        assumptions,
        float(scenario.levers.get("employment_rate_change", 0.0)),
        int(scenario.levers.get("start_year", 2026)),
    )


@st.cache_data(show_spinner=False, max_entries=128)
def peer_positions(
    edition: str, code: str, peers: tuple[str, ...], specs: tuple[Spec, ...], year: int = 2030
) -> list[pd.DataFrame]:
    """Where each scenario puts the municipality among its peers in one year (one frame per scenario)."""
    base = baseline(edition)
    return [sc.peer_position(base, _scenario(s), code, list(peers), year) for s in specs]


def downloads(
    edition: str, code: str, specs: Sequence[Spec], names: Mapping[str, str]
) -> dict[str, pd.DataFrame]:
    """Tables for the CSV/Excel download (built only when a button is clicked), scenarios under their names."""
    res, _ = results(edition, code, tuple(specs))
    rates, _ = employment_rates()
    tables = export_tables(res, code, rates, _lookup(tuple(specs)))
    out = {}
    for sheet, frame in tables.items():
        frame = frame.copy()
        if "scenario" in frame:
            frame["scenario"] = frame["scenario"].map(lambda s: names.get(s, s))
        frame.insert(0, "municipality", code)
        frame.insert(1, "edition", edition)
        out[sheet] = frame
    return out


def sources(lang: str, edition: str) -> pd.DataFrame:
    """The sources sheet: the projection edition, the employment and tax data, and the method."""
    ids = ["population", "employment_rate", "income_tax_rate"]
    cat = loaders.catalogue()
    rows = [
        {
            t("col.source", lang): t(f"scenario.edition.{edition}", lang),
            t("col.licence", lang): "CC BY 4.0",
        },
        {t("col.source", lang): t("scenario.method.short", lang), t("col.licence", lang): "CC BY 4.0"},
    ]
    if (
        edition == "2024"
    ):  # the baseline's years between 2024, 2035 and 2040 are the model's (sheet 'published')
        rows.insert(1, {t("col.source", lang): t("scenario.source.2024", lang), t("col.licence", lang): ""})
    for ind in ids:
        if ind in cat.index:
            rows.append(
                {
                    t("col.source", lang): str(cat.loc[ind, f"source_{lang}"]),
                    t("col.licence", lang): str(cat.loc[ind, f"licence_{lang}"]),
                }
            )
    return pd.DataFrame(rows).drop_duplicates()


@st.cache_data(show_spinner=False, max_entries=1024)
def assumed_young_migration(edition: str, code: str) -> float:
    """The official projection's own yearly net migration of 18–29-year-olds in a municipality (2026–2030)."""
    return sc.assumed_young_adult_migration(baseline(edition), code)
