"""The data and sources page: catalogue table, theme filter, search and downloads."""

from __future__ import annotations

import pytest

from tests.app.conftest import run_app, texts, widget


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
    assert (
        list(at.dataframe[0].value["Indicator"]) == ["Voter turnout in municipal elections"]
        or len(at.dataframe[0].value) == 1
    )
    assert "1 indicators" in texts(at) or "1 indicator" in texts(at)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_data_status_shows_every_source(lang: str, tmp_path, monkeypatch) -> None:
    import pandas as pd

    from foresight.i18n import t
    from foresight.snapshot import SNAPSHOT_DIR

    monkeypatch.setenv("KUNTALUOTAIN_REFRESH_STATUS", str(tmp_path / "none.json"))  # no refresh run yet
    at = run_app("pages/sources.py", lang=lang)
    assert not at.exception
    assert t("status.heading", lang) in [s.value for s in at.subheader]
    assert t("status.no_refresh", lang) in texts(at)
    status = at.dataframe[1].value
    provenance = pd.read_parquet(SNAPSHOT_DIR / "provenance.parquet")
    assert list(status.iloc[:, 0]) == sorted(set(provenance["source_file"]))
    assert set(status.iloc[:, 3]) == {t("status.shipped", lang)}
    newest = dict(zip(status.iloc[:, 0], status.iloc[:, 2], strict=True))
    assert newest["statfin_exports_2026/unemployment_register_kunnat_12r5.json"] == 2026
    assert newest["migration_1990_2017_kt162r.csv.gz"] == 2017


def test_data_status_shows_the_last_refresh(tmp_path, monkeypatch) -> None:
    import json

    path = tmp_path / "status.json"
    path.write_text(
        json.dumps(
            {
                "last_run": {"at": "2026-12-01T04:00:00Z", "ok": False, "stage": "download",
                             "message": "StatFin migration (StatFin/muutl/11ae.px): HTTP 404"},
                "sources": {"migration_1990_2017_kt162r.csv.gz": {"outcome": "failed", "at": "2026-12-01T04:00:00Z",
                                                                  "refreshed": "2026-11-01T04:00:00Z"}},
            }
        )
    )  # fmt: skip
    monkeypatch.setenv("KUNTALUOTAIN_REFRESH_STATUS", str(path))
    at = run_app("pages/sources.py", lang="en")
    assert "Last refresh 2026-12-01: failed" in texts(at) and "HTTP 404" in texts(at)
    table = at.dataframe[1].value.set_index("Source file")
    row = table.loc["migration_1990_2017_kt162r.csv.gz"]
    assert row["Last refresh"] == "2026-11-01"
    assert row["Last refresh outcome"] == "failed (2026-12-01); the previous data are still used"
