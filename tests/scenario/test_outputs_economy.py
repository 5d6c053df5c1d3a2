"""Outputs and the economy sketch on literal numbers, and the comparison functions on the real baseline."""

import numpy as np
import pandas as pd
import pytest

from foresight.i18n import has
from foresight.scenario.compare import outcome_table, peer_position, pyramids, run, time_series
from foresight.scenario.economy import (
    CAVEAT_KEY,
    DEFAULTS,
    ITEMS,
    default_assumptions,
    edit,
    income_tax_rate,
    places,
    sketch,
    tax_base,
    tax_revenue,
)
from foresight.scenario.levers import defaults
from foresight.scenario.model import Result
from foresight.scenario.outputs import (
    MEASURES,
    SERVICE_GROUPS,
    dependency_ratio,
    employed_residents,
    key_outcomes,
    latest_employment_rate,
    mover_profile_frame,
    pyramid,
    service_groups,
    totals,
)
from foresight.scenario.scenario import Scenario, preset


def test_service_groups_count_single_years(ones):
    groups = service_groups(ones, [2030]).set_index("group")["value"]
    assert groups.to_dict() == {"0_6": 7, "7_15": 9, "16_18": 3, "20_64": 45, "75_plus": 26, "85_plus": 16}
    doubled = service_groups(ones, [2040]).set_index("group")["value"]
    assert doubled["20_64"] == 90
    assert list(service_groups(ones).columns) == ["municipality", "year", "group", "value"]


def test_totals_and_dependency_ratio(ones):
    assert totals(ones)["value"].tolist() == [101, 202]
    # (15 under 15 + 36 aged 65+) per 50 aged 15–64
    assert dependency_ratio(ones)["value"].tolist() == pytest.approx([102.0, 102.0])


def test_pyramid_bands_sum_to_total(ones):
    frame = pyramid(ones, "999", 2040, band=5)
    assert frame["value"].sum() == 202
    assert frame["age_group"].iloc[0] == "0–4" and frame["age_group"].iloc[-1] == "100+"
    assert frame["share"].sum() == pytest.approx(1.0)
    assert len(pyramid(ones, "999", 2030)) == 101


def test_employed_residents_arithmetic(ones):
    frame = employed_residents(ones, {"999": 70.0}, change_pp=5.0, start_year=2035)
    # 50 persons aged 15–64 × 70 % in 2030 (before the lever), 100 × 75 % in 2040
    assert frame["value"].tolist() == pytest.approx([35.0, 75.0])
    assert frame["employment_rate"].tolist() == [70.0, 75.0]
    assert (
        employed_residents(ones, {"999": 98.0}, change_pp=5.0, start_year=2030)["employment_rate"].max()
        == 100.0
    )


def test_key_outcomes_has_every_measure(ones):
    frame = key_outcomes(ones, {"999": 70.0}, years=[2030])
    assert frame["measure"].tolist() == list(MEASURES)
    for measure in MEASURES:
        assert has(f"scenario.measure.{measure}")
    for group in SERVICE_GROUPS:
        assert has(f"scenario.group.{group}")


def test_economy_arithmetic_on_literal_numbers():
    assert float(tax_base(100, 4000.0, 12.0)) == 4_800_000.0
    assert float(tax_revenue(4_800_000.0, 7.5)) == 360_000.0
    assert float(places(200, 75.0)) == 150.0


def test_sketch_differences_on_literal_populations(ones):
    scenario = Result("test", ones.codes, ones.years, ones.population * 1.1)
    assumptions = edit(default_assumptions(10.0), monthly_earnings=3000.0, ecec_participation=50.0)
    frame = sketch(scenario, ones, "999", {"999": 60.0}, assumptions, change_pp=0.0, years=[2030])
    got = frame.set_index("item")
    # baseline 2030: 50 working-age × 60 % = 30 employed; scenario 33
    assert got.loc["employed", "baseline"] == pytest.approx(30.0)
    assert got.loc["employed", "difference"] == pytest.approx(3.0)
    assert got.loc["tax_base", "difference"] == pytest.approx(3.0 * 3000 * 12)
    assert got.loc["tax_revenue", "difference"] == pytest.approx(3.0 * 3000 * 12 * 0.10)
    assert got.loc["ecec_places", "baseline"] == pytest.approx(6 * 0.5)  # ages 1–6
    assert got.loc["basic_education_pupils", "scenario"] == pytest.approx(9 * 1.1)
    assert list(frame.columns) == ["item", "year", "baseline", "scenario", "difference", "unit"]
    assert frame["item"].unique().tolist() == list(ITEMS)


def test_assumptions_are_named_bounded_and_explained():
    clamped = edit(default_assumptions(None), ecec_participation=140.0)
    assert clamped["ecec_participation"].value == 100.0
    assert np.isnan(default_assumptions(None)["income_tax_rate"].value)
    for assumption in DEFAULTS:
        assert has(assumption.label_key) and has(assumption.note_key)
    assert has(CAVEAT_KEY) and "2023" in __import__("foresight.i18n", fromlist=["t"]).t(CAVEAT_KEY, "fi")


def test_real_tax_and_employment_rates(observations):
    assert income_tax_rate(observations, "091") == (5.3, 2026)
    assert income_tax_rate(observations, "000") == (None, None)
    rates, year = latest_employment_rate(observations)
    # Helsinki 2020: 69.0 % in Kuntien avainluvut, 2022 edition (the MANIFEST's check value).
    assert year == 2020 and rates["091"] == pytest.approx(69.0)
    assert len(rates) == 308


def test_mover_profile_frame(base19):
    frame = mover_profile_frame(base19, band=5)
    assert frame["share"].sum() == pytest.approx(1.0)
    assert frame["age_group"].iloc[4] == "20–24"


def test_compare_four_scenarios_against_the_baseline(base19, observations):
    rates, _ = latest_employment_rate(observations)
    chosen = [preset("low_carbon_wellbeing"), preset("lonely_unsustainable"), preset("drifting")]
    own = Scenario("Oma", levers={**defaults(), "net_migration_persons": 50})
    results, messages = run(base19, [*chosen, own, own], ["005", "091"])
    assert [m.key for m in messages] == ["scenario.message.too_many"]
    assert list(results) == ["baseline", *(s.name for s in chosen), "Oma"]
    named = {s.name: s for s in [*chosen, own]}
    table = outcome_table(results, "005", rates, named)
    assert list(table.columns) == [
        "scenario",
        "measure",
        "year",
        "value",
        "baseline",
        "difference",
        "difference_pct",
    ]
    base_rows = table[table["scenario"] == "baseline"]
    assert (base_rows["difference"] == 0).all()
    total = table[(table["measure"] == "total") & (table["year"] == 2040)].set_index("scenario")["difference"]
    assert total["Oma"] > 0 and total[chosen[0].name] > 0 > total[chosen[1].name]
    employed = table[(table["measure"] == "employed") & (table["year"] == 2030)].set_index("scenario")
    assert employed.loc[chosen[0].name, "difference"] > 0
    lines = time_series(results, "005", rates, named)
    assert set(lines["year"]) == set(range(2019, 2041)) and len(lines["scenario"].unique()) == 5
    bars = pyramids(results, "005", 2040)
    assert bars.groupby("scenario")["value"].sum()["baseline"] == pytest.approx(
        results["baseline"].totals()[0, -1]
    )


def test_same_name_scenarios_are_kept_apart(base19):
    own = Scenario("Oma", levers={**defaults(), "net_migration_persons": 50})
    results, _ = run(base19, [own, own], ["005"])
    assert list(results) == ["baseline", "Oma", "Oma (2)"]


def test_peer_position(base19):
    growth = Scenario("Kasvu", levers={**defaults(), "net_migration_persons": 5000, "start_year": 2020})
    frame = peer_position(base19, growth, "005", ["091", "092", "049", "000", "005"], 2030)
    assert list(frame.columns) == ["municipality", "scenario", "value", "rank", "n", "subject"]
    subject = frame[frame["subject"]].set_index("scenario")
    assert subject.loc["baseline", "rank"] == 4 and subject.loc["Kasvu", "rank"] == 4
    assert subject.loc["Kasvu", "value"] > subject.loc["baseline", "value"] + 40_000
    assert (frame["n"] == 4).all()
    peers = frame[~frame["subject"]]
    assert peers["municipality"].tolist() == ["091", "049", "092"]
    assert peers["rank"].tolist() == [1, 2, 3]
    assert isinstance(frame, pd.DataFrame)


def test_components_frame_and_published_years(base24):
    from foresight.scenario.model import project
    from foresight.scenario.outputs import components

    result = project(base24, {"fertility_change": -10}, ["091"])
    frame = components(result, "091")
    assert list(frame.columns) == [
        "municipality",
        "year",
        "births",
        "deaths",
        "net_migration",
        "held_at_zero",
    ]
    assert frame["year"].tolist() == list(range(2025, 2041))
    results, _ = run(base24, [Scenario("A", levers={**defaults(), "fertility_change": -10})], ["091"])
    lines = time_series(results, "091")
    published = sorted(set(lines.loc[lines["published"], "year"]))
    assert published == [2024, 2035, 2040]


def test_slider_range_scales_persons_lever_to_municipality():
    from foresight.scenario.levers import slider_range

    assert slider_range("net_migration_persons", 700) == (-50.0, 50.0, 1.0)
    assert slider_range("net_migration_persons", 20_000) == (-1000.0, 1000.0, 10)
    assert slider_range("net_migration_persons", 700_000) == (-5000, 5000, 10)
    assert slider_range("fertility_change", 700) == (-50, 50, 1)


def test_export_tables(base19, observations):
    from foresight.scenario.compare import export_tables

    rates, _ = latest_employment_rate(observations)
    chosen = preset("low_carbon_wellbeing")
    results, _ = run(base19, [chosen], ["005"])
    tables = export_tables(results, "005", rates, {chosen.name: chosen})
    assert set(tables) == {"outcomes", "time_series", "pyramids", "components", "levers"}
    assert tables["levers"].loc[0, "net_migration_rate"] == 2.0
    assert set(tables["pyramids"]["year"]) == {2030, 2040}
    assert all(len(frame) > 0 for frame in tables.values())


def test_the_2023_reform_note_is_not_said_for_aland():
    from foresight.i18n import t
    from foresight.scenario.economy import caveat_key

    # Åland (region 21) kept social services with its municipalities; the wellbeing services counties are mainland
    assert caveat_key("21") != CAVEAT_KEY
    for lang, words in (
        ("fi", "ei koskenut Ahvenanmaata"),
        ("sv", "gällde inte Åland"),
        ("en", "did not apply"),
    ):
        aland = t(caveat_key("21"), lang)
        assert words in aland and "KST" in aland
        assert "välfärdsområdena" not in aland and "hyvinvointialueille" not in aland
    for region in ("01", "11", "19", None):  # Uusimaa, Pohjois-Savo, Lappi; no region known
        assert caveat_key(region) == CAVEAT_KEY
