"""The data and sources page: catalogue table, theme filter, search and downloads."""

from __future__ import annotations

import tomllib

import pytest

from foresight.build.common import CATALOGUE_FILE
from tests.app.conftest import run_app, texts, widget


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_sources_lists_every_indicator(lang: str) -> None:
    at = run_app("pages/sources.py", lang=lang)
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == len(tomllib.loads(CATALOGUE_FILE.read_text(encoding="utf-8")))
    assert set(table.iloc[:, 6]) >= {"CC BY 4.0"}
    assert len(at.get("download_button")) == 6


def test_filter_by_theme_and_search() -> None:
    at = run_app("pages/sources.py", lang="en")
    widget(at, "selectbox", "sources_theme").set_value("finances").run()
    table = at.dataframe[0].value
    catalogue = tomllib.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    assert len(table) == sum(entry["theme"] == "finances" for entry in catalogue.values())
    assert set(table["Theme"]) == {"Municipal finances"}
    widget(at, "selectbox", "sources_theme").set_value("all").run()
    widget(at, "text_input", "sources_query").input("turnout").run()
    assert (
        list(at.dataframe[0].value["Indicator"]) == ["Voter turnout in municipal elections"]
        or len(at.dataframe[0].value) == 1
    )
    assert "1 indicators" in texts(at) or "1 indicator" in texts(at)


def test_coverage_per_year_with_gap_years() -> None:
    at = run_app("pages/sources.py", lang="en")
    assert not at.exception
    assert "Coverage per year" in texts(at)
    widget(at, "selectbox", "sources_coverage").set_value("ghg_emissions_total").run()
    assert not at.exception
    # The SYKE file has the 13 North Karelia municipalities in 1990 and 2005–2024 (counted in the raw file).
    body = texts(at)
    assert "13 of 308 municipalities have a value per year (1990–2024)." in body
    assert "No data at all for 1991–2004." in body
    table = at.dataframe[-1].value
    assert table.iloc[0].tolist()[:2] == ["2024", "13 of 308"]
    assert len(table) == 35 and (table["Municipalities with a value"] == "0 of 308").sum() == 14


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_coverage_per_year_speaks_the_language(lang: str) -> None:
    at = run_app("pages/sources.py", lang=lang)
    widget(at, "selectbox", "sources_coverage").set_value("vacancies_per_unemployed").run()
    assert not at.exception
    # The audit counted 137–212 a year; Kankaanpää (one in every year 2006–2018) is now left out.
    expected = {"fi": "136–211", "sv": "136–211"}[lang]
    assert expected in texts(at)


def test_freshness_table_names_each_themes_newest_year() -> None:
    at = run_app("pages/sources.py", lang="en")
    assert not at.exception
    fresh = at.table[0].value
    assert len(fresh) == 6
    rows = dict(zip(fresh["Theme"], fresh["Newest year"], strict=True))
    # Population 31 Dec 2025 (StatFin 11re answer of August 2026) and turnout 2021 (municipal elections).
    assert rows["Population development"] == "2025"
    assert rows["Leadership and participation"] == "2021"
    assert "Unemployment rate, latest month: Monthly figure: 2026-06" in texts(at)
