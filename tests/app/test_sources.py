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
    assert list(at.dataframe[0].value["Indicator"]) == ["Turnout in municipal elections"]
    # the count line says exactly one, in the singular (not "1 indicators", nor "11 indicators")
    assert "1\u00a0indicator" in [c.value for c in at.caption]
    assert "1\u00a0indicators" not in [c.value for c in at.caption]


def status_frame(at, lang: str):
    """The data status table (found by its first column's heading)."""
    from foresight.i18n import t

    return next(d.value for d in at.dataframe if d.value.columns[0] == t("status.col.source", lang))


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_data_status_shows_every_source(lang: str, tmp_path, monkeypatch) -> None:
    import pandas as pd

    from foresight.i18n import t
    from foresight.snapshot import SNAPSHOT_DIR

    monkeypatch.setenv("KUNTALUOTAIN_REFRESH_STATUS", str(tmp_path / "none.json"))  # no refresh run yet
    at = run_app("pages/sources.py", lang=lang)
    assert not at.exception
    assert t("status.heading", lang) in [s.value for s in at.header]
    assert t("status.no_refresh", lang) in texts(at)
    status = status_frame(at, lang)
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
    table = status_frame(at, "en").set_index("Source file")
    row = table.loc["migration_1990_2017_kt162r.csv.gz"]
    assert row["Last refresh"] == "2026-11-01"
    assert row["Last refresh outcome"] == "failed (2026-12-01); the previous data are still used"


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
    assert "Unemployment rate, latest month: Monthly figure: 6/2026" in texts(at)


def test_freshness_table_flags_a_theme_whose_median_year_is_old() -> None:
    # As of 2026: finances' newest figure is the 2026 tax rate, but the median of its indicators' latest years
    # is 2019 (seven years old); vitality's is 2020 (a June 2026 month lifts its newest); participation's
    # newest is 2021 itself; population's median is 2025.
    at = run_app("pages/sources.py", lang="en")
    assert not at.exception
    fresh = at.table[0].value
    notes = dict(zip(fresh["Theme"], fresh["Note"], strict=True))
    assert (
        notes["Municipal finances"]
        == "Half of the theme's indicators end in 2019 or earlier, more than three years ago."
    )
    assert (
        notes["Vitality"]
        == "Half of the theme's indicators end in 2020 or earlier, more than three years ago."
    )
    assert notes["Leadership and participation"] == "The theme's newest data are more than three years old."
    assert notes["Population development"] == ""


@pytest.mark.parametrize(
    ("lang", "indicator", "unit"),
    [("fi", "Väestöllinen huoltosuhde", "suhdeluku"), ("sv", None, "kvot"), ("en", None, "ratio")],
)
def test_unit_column_says_the_unit_in_words(lang: str, indicator: str | None, unit: str) -> None:
    # A unit without a short label (the dependency ratio's) is said in words, never as its code.
    at = run_app("pages/sources.py", lang=lang)
    assert not at.exception
    table = at.dataframe[0].value
    units = table.iloc[:, 2]
    if indicator is not None:
        assert units[table.iloc[:, 0] == indicator].tolist() == [unit]
    assert unit in set(units)
    if lang != "en":
        assert "ratio" not in set(units)
    assert "count" not in set(units) or lang == "en"


def test_credits_are_whole_and_the_month_is_written_as_elsewhere() -> None:
    at = run_app("pages/sources.py", lang="fi")
    assert not at.exception
    body = texts(at)
    # The Kuntien avainluvut 2022 edition's credit, whole (it was cut at "(julkaisu 20").
    assert (
        "Tilastokeskus, Kuntien avainluvut, aikasarja 2000–2021 (julkaisu 2022, aluejako 2021) (CC BY 4.0)"
        in body
    )
    assert "Verohallinto, kuntien tuloveroprosentit vuonna 2026 (julkinen viranomaispäätös)" in body
    assert "Kuukausitieto: 6/2026" in body and "2026-06" not in body


@pytest.mark.parametrize(
    ("lang", "sotkanet", "many"),
    [
        ("fi", "THL, Sotkanet.fi (haettu 8.9.2013; alkuperäinen tuottaja useimmiten Tilastokeskus)", "indikaattoria"),
        ("sv", "THL, Sotkanet.fi (hämtat 8.9.2013; ursprunglig producent oftast Statistikcentralen)", "indikatorer"),
        ("en", "THL, Sotkanet.fi (retrieved 8 Sep 2013; original producer mostly Statistics Finland)", "indicators"),
    ],
)  # fmt: skip
def test_each_credit_is_listed_once(lang: str, sotkanet: str, many: str) -> None:
    # Indicators that combine Sotkanet with another source used to repeat its credit once per combination.
    at = run_app("pages/sources.py", lang=lang)
    assert not at.exception
    credit_caption = next(c.value for c in at.caption if sotkanet in c.value)
    lines = [line.removeprefix("- ") for line in credit_caption.splitlines()]
    assert len(lines) == len(set(lines))
    mentions = [line for line in lines if line.startswith(sotkanet)]
    catalogue = tomllib.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    covered = sum("sotkanet" in entry["sources"] for entry in catalogue.values())  # 14 in the catalogue
    assert mentions == [f"{sotkanet} (CC BY 4.0): {covered}\u00a0{many}"]
    # No line is two sources run together.
    assert not [line for line in lines if line.count("Sotkanet.fi (") > 1]


def test_years_column_says_the_gaps() -> None:
    """MANIFEST: turnout comes from Sotkanet's election years 1992–2012 and the 2021 election file (no 2017);
    inter-municipal migration from the 1990–2017 file and the 2025 StatFin export, nothing between."""
    at = run_app("pages/sources.py", lang="en")
    widget(at, "text_input", "sources_query").input("turnout").run()
    assert list(at.dataframe[0].value["Years"]) == ["1992–2012, 2021"]
    widget(at, "text_input", "sources_query").input("Out-migration").run()
    assert list(at.dataframe[0].value["Years"]) == ["1990–2017, 2025"]
