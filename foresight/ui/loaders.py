"""Cached access to the snapshot and derived read-only objects, shared by every session."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from foresight import datasets, peers
from foresight.snapshot import Snapshot, load_snapshot, snapshot_dir


@st.cache_resource(show_spinner=False)
def _snapshot(folder: str) -> Snapshot:
    # cache_resource, not cache_data: the tables are large and read-only, so copying them per rerun would cost.
    return load_snapshot(Path(folder))


def snapshot() -> Snapshot:
    """The snapshot (raises SnapshotError naming the build command when it is missing or broken)."""
    return _snapshot(str(snapshot_dir()))


@st.cache_resource(show_spinner=False)
def _features(folder: str) -> pd.DataFrame:
    snap = snapshot()
    return peers.features(snap.municipalities, snap.observations)


def features() -> pd.DataFrame:
    """Structural features for the similar-municipality search."""
    return _features(str(snapshot_dir()))


@st.cache_resource(show_spinner=False)
def _by_indicator(folder: str) -> dict[str, pd.DataFrame]:
    obs = snapshot().observations
    return {str(k): v for k, v in obs.groupby("indicator", sort=False)}


@st.cache_resource(show_spinner=False)
def _year_spans(folder: str) -> dict[str, str]:
    return datasets.observed_years(snapshot().observations)


def year_spans() -> dict[str, str]:
    """Per indicator the years it has data for, with gaps said ('1990–2017, 2025')."""
    return _year_spans(str(snapshot_dir()))


def indicator_frame(indicator: str) -> pd.DataFrame:
    """Observations of one indicator (a cheap lookup instead of filtering 230 000 rows per rerun)."""
    return _by_indicator(str(snapshot_dir())).get(indicator, snapshot().observations.iloc[:0])


@st.cache_resource(show_spinner=False)
def _register(folder: str) -> pd.DataFrame:
    return snapshot().municipalities.set_index("code")


def register() -> pd.DataFrame:
    """The municipality register indexed by code."""
    return _register(str(snapshot_dir()))


@st.cache_resource(show_spinner=False)
def _catalogue(folder: str) -> pd.DataFrame:
    return snapshot().indicators.set_index("id", drop=False)


def catalogue() -> pd.DataFrame:
    """The indicator catalogue indexed by id."""
    return _catalogue(str(snapshot_dir()))


@st.cache_resource(show_spinner=False)
def _coverage_shares(folder: str) -> dict[str, float]:
    from foresight.coverage import latest_year_share

    return latest_year_share(snapshot().observations)


def coverage_shares() -> dict[str, float]:
    """Per indicator, the share of the municipalities with a value in its latest year (read-only, cached)."""
    return _coverage_shares(str(snapshot_dir()))


@st.cache_data(show_spinner=False, max_entries=256)
def _overview(folder: str, code: str, members: tuple[str, ...]) -> pd.DataFrame:
    from foresight import situation

    snap = snapshot()
    return situation.overview(snap.observations, snap.indicators, code, members)


def overview(code: str, members: tuple[str, ...]) -> pd.DataFrame:
    """The municipality's standing on every headline indicator among the given peers (cached)."""
    return _overview(str(snapshot_dir()), code, tuple(members))


@st.cache_resource(show_spinner=False)
def _shapes(folder: str) -> Any:
    from foresight import charts

    return charts.outlines(snapshot().boundaries)


@st.cache_resource(show_spinner=False)
def _label_points(folder: str) -> dict[str, tuple[float, float]]:
    reg = register()
    return {
        str(c): (float(x), float(y))
        for c, x, y in zip(reg.index, reg["label_lon"], reg["label_lat"], strict=True)
    }


@st.cache_data(show_spinner=False, max_entries=64)
def _map_figure(
    folder: str, indicator: str, year: int, code: str, members: tuple[str, ...], lang: str, zoom: bool
) -> Any:
    from foresight import charts
    from foresight.datasets import unit_label
    from foresight.i18n import t

    frame = indicator_frame(indicator)
    values = frame[frame["year"] == year].set_index("municipality")["value"]
    ind = catalogue().loc[indicator]
    return charts.choropleth(
        _shapes(folder),
        values,
        register()[f"name_{lang}"].to_dict(),
        code,
        members,
        lang,
        int(ind["polarity"]),
        int(ind["decimals"]),
        unit_label(str(ind["unit"]), lang),
        _label_points(folder),
        zoom_to_peers=zoom,
        no_data_label=t("situation.verdict.no_data", lang),
    )


def map_figure(indicator: str, year: int, code: str, members: tuple[str, ...], lang: str, zoom: bool) -> Any:
    """The choropleth for one indicator and year (cached: the geometry is the heavy part)."""
    return _map_figure(str(snapshot_dir()), indicator, year, code, tuple(members), lang, zoom)


def _group_key(group: Any) -> tuple[Any, ...]:
    from foresight.peers import spec_key

    return spec_key(group.spec)


@st.cache_data(show_spinner=False, max_entries=32, hash_funcs={"foresight.peers.PeerGroup": _group_key})
def _report_html(folder: str, code: str, group: Any, lang: str) -> str:
    from foresight import report

    snap = snapshot()
    return report.build(snap.observations, snap.indicators, register(), code, group, lang)


def report_html(code: str, group: Any, lang: str) -> str:
    """The situation report as one HTML document (cached per municipality, group and language)."""
    return _report_html(str(snapshot_dir()), code, group, lang)


@st.cache_data(show_spinner=False, max_entries=8, hash_funcs={"foresight.peers.PeerGroup": _group_key})
def _report_pdf(folder: str, code: str, group: Any, lang: str, residents: str) -> bytes:
    from foresight import report

    return report.to_pdf(report.with_residents(report_html(code, group, lang), residents))


def report_pdf(code: str, group: Any, lang: str, residents: str = "") -> bytes:
    """The report printed to PDF by headless Chromium (with the residents' section, if any)."""
    return _report_pdf(str(snapshot_dir()), code, group, lang, residents)


def pdf_available() -> bool:
    """Whether the machine's Chromium can print the report to PDF."""
    from foresight.report import CHROMIUM

    return Path(CHROMIUM).exists()


@st.cache_data(show_spinner=False, max_entries=256)
def _situation_sections(
    folder: str, code: str, members: tuple[str, ...], lang: str, current_year: int
) -> list[tuple[str, list[str], str]]:
    from foresight import report
    from foresight.columns import THEMES

    table = overview(code, members)
    cat = catalogue()
    sentences = report.theme_sentences(table, cat, lang, current_year)
    return [(theme, sentences[theme], report.theme_table(table, cat, theme, lang)) for theme in THEMES]


def situation_sections(code: str, members: tuple[str, ...], lang: str) -> list[tuple[str, list[str], str]]:
    """Per theme: the generated summary sentences and the HTML table (cached; the page only draws them)."""
    # The year is part of the key: how old a figure is said to be changes with it.
    return _situation_sections(str(snapshot_dir()), code, tuple(members), lang, datetime.date.today().year)


@st.cache_data(show_spinner=False, max_entries=128)
def _compare_figures(
    folder: str, indicator: str, code: str, members: tuple[str, ...], picked: tuple[str, ...], lang: str
) -> tuple[Any, bool]:
    from foresight import charts, situation
    from foresight.datasets import unit_label
    from foresight.i18n import t

    frame = indicator_frame(indicator)
    names = register()[f"name_{lang}"]
    own = situation.series(frame, code, indicator)
    band = situation.peer_band(frame, indicator, list(members))
    labels = {k: t(f"compare.band.{k}", lang) for k in ("range", "iqr", "median")}
    lines = {str(names[c]): situation.series(frame, c, indicator) for c in picked}
    unit = unit_label(str(catalogue().loc[indicator, "unit"]), lang)
    return charts.band(own, band, str(names[code]), lang, labels, lines, y_title=unit), band.empty


def band_figure(
    indicator: str, code: str, members: tuple[str, ...], picked: list[str], lang: str
) -> tuple[Any, bool]:
    """The time series against the peer band (cached), and whether the band is empty."""
    return _compare_figures(str(snapshot_dir()), indicator, code, tuple(members), tuple(picked), lang)
