"""The data and sources page: catalogue table, theme filter, search and downloads."""

from __future__ import annotations

import pytest

from tests.app.conftest import run_app, widget


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_sources_lists_every_indicator(lang: str) -> None:
    at = run_app("pages/sources.py", lang=lang)
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 54
    assert set(table.iloc[:, 6]) >= {"CC BY 4.0"}
    assert len(at.get("download_button")) == 6


def test_filter_by_theme_and_search() -> None:
    at = run_app("pages/sources.py", lang="en")
    widget(at, "selectbox", "sources_theme").set_value("finances").run()
    table = at.dataframe[0].value
    assert len(table) == 9
    assert set(table["Theme"]) == {"Municipal finances"}
    widget(at, "selectbox", "sources_theme").set_value("all").run()
    widget(at, "text_input", "sources_query").input("turnout").run()
    assert list(at.dataframe[0].value["Indicator"]) == ["Turnout in municipal elections"]
    # the count line says exactly one (not "11 indicators", which contains "1 indicators")
    assert "1 indicators" in [c.value for c in at.caption]
