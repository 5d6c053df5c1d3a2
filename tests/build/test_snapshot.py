"""The committed snapshot: deterministic rebuild, published figures, coverage and the loader's errors."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from foresight.build.__main__ import build
from foresight.build.common import RAW_DIR
from foresight.columns import THEMES
from foresight.snapshot import BOUNDARIES_FILE, SNAPSHOT_DIR, TABLES, SnapshotError, load_snapshot, load_table


def value(snap, code, indicator, year):
    obs = snap.observations
    hit = obs[(obs["municipality"] == code) & (obs["indicator"] == indicator) & (obs["year"] == year)]
    assert len(hit) == 1, f"{code} {indicator} {year}: {len(hit)} rows"
    return float(hit["value"].iloc[0])


@pytest.mark.slow
def test_rebuild_is_byte_identical(tmp_path, capsys):
    build(tmp_path)
    # The build says how many rows each rule changed (counts from the audit of the snapshot before the rules).
    printed = capsys.readouterr().out
    assert "rule changed   42 rows: social_assistance_eur" in printed
    # 124 in the audited sources; the key figures 2022 edition (2017–2020) and finance 2019 add 39 more.
    assert "rule changed  163 rows: group_loan_stock_eur" in printed
    assert "rule changed  168 rows: gross in/out-migration" in printed
    for name in [*TABLES, BOUNDARIES_FILE.removesuffix(".geojson")]:
        suffix = ".geojson" if name == "boundaries" else ".parquet"
        assert (tmp_path / f"{name}{suffix}").read_bytes() == (
            SNAPSHOT_DIR / f"{name}{suffix}"
        ).read_bytes(), name


def test_register_is_the_2026_division(snap):
    mun = snap.municipalities
    assert len(mun) == 308 and mun["code"].is_unique
    assert "588" not in set(mun["code"])  # Pertunmaa merged into Mäntyharju in 2025
    helsinki = mun.set_index("code").loc["091"]
    assert (helsinki["name_sv"], helsinki["urban_rural"], helsinki["size_class"]) == (
        "Helsingfors",
        "urban",
        "large",
    )
    assert mun.set_index("code").loc["478", "language_status"] == "sv"  # Maarianhamina


def test_figures_equal_the_published_ones(snap):
    # Published figures (Statistics Finland, Verohallinto), checked by hand against the sources.
    assert value(snap, "091", "population", 2022) == 664_028
    assert value(snap, "091", "income_tax_rate", 2026) == 5.3
    assert value(snap, "091", "employment_rate", 2016) == 70.1
    assert round(value(snap, "091", "turnout_municipal_election", 2021), 1) == 61.7


def test_merged_municipalities_sum_their_parts(snap):
    sotkanet = pd.read_csv(
        RAW_DIR / "sotkanet_municipal_indicators_1990_2012_long.csv.gz", dtype={"municipality_code": str}
    )
    pop = sotkanet[(sotkanet["Muuttuja"] == "[YLEISET] Väestö 31.12.") & (sotkanet["Vuosi"] == 2012)]
    parts = pop[pop["municipality_code"].isin(["297", "476", "174"])][
        "Arvo"
    ].sum()  # Kuopio, Maaninka, Juankoski
    assert parts == 114_055
    assert value(snap, "297", "population", 2012) == parts


def test_unmerged_rates_are_untouched(snap):
    raw = pd.read_csv(RAW_DIR / "kuntien_avainluvut_2006_2016_kt162r.csv")
    row = raw[(raw["Alue"] == "Espoo") & (raw["vuosi"] == 2016)].iloc[0]
    assert (
        value(snap, "049", "share_tertiary_education", 2016)
        == row["Korkea_asteen_tutkinnon_suorittaneiden_osuus_15_vuotta_tayttaneista"]
    )
    assert value(snap, "049", "annual_margin_eur", 2016) == row["Vuosikate_euroa_asukas"]


def has(snap, code, indicator, years):
    obs = snap.observations
    hit = obs[(obs["municipality"] == code) & (obs["indicator"] == indicator) & obs["year"].isin(years)]
    return set(hit["year"])


def test_a_merged_year_with_a_missing_part_is_missing(snap):
    # Honkajoki (099, into Kankaanpää 2021) reports vacancies in only 2–9 months a year (raw monthly file),
    # so Kankaanpää's 2006–2018 vacancy ratio cannot be formed; its unemployment rate (both parts) can.
    years = range(2006, 2019)
    assert has(snap, "214", "vacancies_per_unemployed", years) == set()
    assert has(snap, "214", "unemployment_rate", years) == set(years)
    monthly = pd.read_csv(
        RAW_DIR / "unemployment_vacancies_monthly_2006_2019_kt162r.csv.gz", dtype={"Knro": str}
    )
    honkajoki = monthly[(monthly["Knro"] == "099") & monthly["Avoimet_tyopaikat"].notna()]
    months = honkajoki.groupby(honkajoki["Kuukausi"].str[:4]).size()
    assert months.max() < 12


def test_gross_migration_of_merged_parts_is_left_out_and_net_kept(snap):
    years = range(1990, 2018)
    for code in ("214", "541", "507"):  # Kankaanpää, Nurmes, Mäntyharju merged after the 2017 division
        assert has(snap, code, "in_migration", years) == set(), code
        assert has(snap, code, "out_migration", years) == set(), code
        assert has(snap, code, "net_migration", years) == set(years), code
    assert has(snap, "091", "in_migration", years) == set(years)


def test_zeros_that_mean_missing_are_gone(snap):
    wide = snap.observations.pivot_table(index=["municipality", "year"], columns="indicator", values="value")
    social = wide[wide["social_assistance_eur"] == 0]
    assert not (social["social_assistance_recipients_pct"] >= 1).any()
    group = wide[wide["group_loan_stock_eur"] == 0]
    assert not (group["loan_stock_eur"] > 0).any()
    # Maarianhamina 1995 read 0 € (1994 47 €); Brändö 2020: own loan stock 327 €/inhabitant, group 0.
    assert has(snap, "478", "social_assistance_eur", [1994, 1995]) == {1994}
    assert has(snap, "035", "group_loan_stock_eur", [2020]) == set()
    assert round(value(snap, "035", "loan_stock_eur", 2020)) == 327


def test_every_theme_has_headline_indicators_with_sources(snap):
    ind = snap.indicators
    for theme in THEMES:
        assert ind[(ind["theme"] == theme) & ind["headline"]].shape[0] >= 2, theme
    for lang in ("fi", "sv", "en"):
        assert ind[f"source_{lang}"].str.len().gt(5).all()
    assert set(ind["id"]) == set(snap.observations["indicator"])


def test_no_headline_row_is_blank_for_most_municipalities_or_superseded(snap):
    # Emissions: 13 North Karelia municipalities of 308; the annual unemployment rate ends in 2018 while the
    # June 2026 rate of the same register measure is a headline. Neither is a headline; their data stay.
    head = set(snap.indicators.loc[snap.indicators["headline"], "id"])
    assert "ghg_emissions_per_capita" not in head and "unemployment_rate" not in head
    assert "unemployment_rate_month" in head and "low_income_rate" in head
    assert {"ghg_emissions_per_capita", "unemployment_rate"} <= set(snap.observations["indicator"])


def test_projections_match_the_published_country_totals(snap):
    proj = snap.official_projections
    total = proj.groupby(["edition", "year"])["value"].sum()
    assert total[("2024", 2024)] == 5_639_334  # MANIFEST: whole-country sum of the 2024 edition
    assert total[("2019", 2019)] == 5_524_566  # the 2019 edition's whole-country row (SSS)


def test_past_projection_sums_the_merged_parts():
    """The 2012 edition (THL Sotkanet dump, 2013 division): Kuopio 2020 = Kuopio 108 503 + Juankoski 4 621
    + Maaninka 3 872 from the raw rows (read by hand); Helsinki unchanged; the country total kept."""
    past = load_table("past_projections")
    at = past.set_index(["municipality", "year"])["value"]
    assert at[("297", 2020)] == 108_503 + 4_621 + 3_872
    assert at[("091", 2020)] == 646_860
    raw = pd.read_csv(RAW_DIR / "sotkanet_municipal_indicators_1990_2012_long.csv.gz")
    for year in (2020, 2030, 2040):
        published = raw.loc[raw["Muuttuja"] == f"[VÄESTÖNMUUTOS] Väestöennuste {year}", "Arvo"].sum()
        assert past.loc[past["year"] == year, "value"].sum() == published
    assert set(past["edition"]) == {"2012"} and past["municipality"].nunique() == 308


def test_network_groups(snap):
    groups = snap.network_groups
    uso4 = groups[groups["group_id"] == "USO4"]
    assert len(uso4) == 29 and uso4["complete"].all()
    assert not groups[groups["group_id"] == "USO5"]["complete"].any()


def test_missing_snapshot_names_the_build_command(tmp_path):
    with pytest.raises(SnapshotError, match="python -m foresight.build"):
        load_snapshot(tmp_path)


def test_corrupt_or_incomplete_table_names_the_build_command(tmp_path: Path):
    (tmp_path / "observations.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(SnapshotError, match="cannot be read.*python -m foresight.build"):
        load_table("observations", tmp_path)
    pd.DataFrame({"municipality": ["091"]}).to_parquet(tmp_path / "indicators.parquet")
    with pytest.raises(SnapshotError, match="lacks columns"):
        load_table("indicators", tmp_path)


def test_corrupt_boundaries(tmp_path: Path):
    for name in TABLES:
        shutil.copy(SNAPSHOT_DIR / f"{name}.parquet", tmp_path)
    (tmp_path / BOUNDARIES_FILE).write_text("{broken", encoding="utf-8")
    with pytest.raises(SnapshotError, match="boundaries.geojson"):
        load_snapshot(tmp_path)
