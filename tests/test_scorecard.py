"""Scorecard status, checks, files, links and the change history on literal series (values worked by hand)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pandas as pd
import pytest

from foresight import scorecard as sc

YEARS = [2029, 2030]


def forecast(
    mean: float, lo80: float, hi80: float, lo95: float | None = None, hi95: float | None = None
) -> pd.DataFrame:
    """A trend projection with the given 2029 row (2030 a little further, not used by the status)."""
    lo95 = lo80 - 1 if lo95 is None else lo95
    hi95 = hi80 + 1 if hi95 is None else hi95
    return pd.DataFrame(
        {
            "year": YEARS,
            "mean": [mean, mean],
            "lower_80": [lo80, lo80],
            "upper_80": [hi80, hi80],
            "lower_95": [lo95, lo95],
            "upper_95": [hi95, hi95],
        }
    )


RISE = sc.Item("employment_rate", 2020, 60.0, 70.0)  # path: +1 a year, 69 in 2029
FALL = sc.Item("unemployment_rate", 2020, 10.0, 6.0)  # path: −0.4 a year, 6.4 in 2029
HOLD = sc.Item("share_65_plus", 2020, 50.0, 50.0)
NEW = pd.Series({2018: 58.0, 2019: 59.0, 2020: 60.0, 2021: 61.0, 2022: 62.0})
NEW_FALL = pd.Series({2019: 10.5, 2020: 10.0, 2021: 9.6})


def test_path_and_milestone_worked_by_hand() -> None:
    assert sc.path_value(RISE, 2025) == pytest.approx(65.0)
    assert sc.milestone(RISE) == pytest.approx(69.0)
    assert sc.milestone(FALL) == pytest.approx(6.4)
    assert sc.milestone(sc.Item("x", 2020, 60.0, 70.0, milestone=67.5)) == 67.5


@pytest.mark.parametrize(
    ("fc", "expected", "reason"),
    [
        (forecast(69.5, 67.0, 72.0), sc.ON_TRACK, "scorecard.reason.mean_reaches_up"),
        (forecast(69.0, 66.0, 71.0), sc.ON_TRACK, "scorecard.reason.mean_reaches_up"),  # exactly on it
        (forecast(68.0, 66.0, 69.5), sc.AT_RISK, "scorecard.reason.band_reaches_up"),
        (forecast(64.0, 60.0, 68.9), sc.OFF_TRACK, "scorecard.reason.band_short_up"),
    ],
)
def test_rising_target_against_the_2029_trend(fc: pd.DataFrame, expected: str, reason: str) -> None:
    result = sc.status(NEW, RISE, 1, fc, reference_year=2026)
    assert (result["status"], result["reason"]) == (expected, reason)
    assert result["milestone"] == pytest.approx(69.0)


@pytest.mark.parametrize(
    ("fc", "expected"),
    [
        (forecast(6.3, 5.5, 7.0), sc.ON_TRACK),
        (forecast(6.6, 6.2, 7.0), sc.AT_RISK),
        (forecast(7.0, 6.5, 7.6), sc.OFF_TRACK),  # the whole 80 % band above the 6.4 milestone
    ],
)
def test_falling_target_is_mirrored(fc: pd.DataFrame, expected: str) -> None:
    assert sc.status(NEW_FALL, FALL, -1, fc, reference_year=2026)["status"] == expected


def test_no_new_data_when_nothing_after_the_baseline_and_the_data_are_old() -> None:
    old = pd.Series({2018: 58.0, 2019: 59.0, 2020: 60.0})
    result = sc.status(old, RISE, 1, forecast(75.0, 70.0, 80.0), reference_year=2026)
    assert result["status"] == sc.NO_NEW_DATA
    assert result["latest_year"] == 2020
    # The same series is judged by its trend while its last year is recent enough.
    assert sc.status(old, RISE, 1, forecast(75.0, 70.0, 80.0), reference_year=2022)["status"] == sc.ON_TRACK
    assert sc.status(pd.Series(dtype=float), RISE, 1, None, reference_year=2026)["status"] == sc.NO_NEW_DATA


def test_holding_a_level_without_direction_uses_both_bands() -> None:
    hist = pd.Series({2020: 50.0, 2021: 50.4})
    assert sc.status(hist, HOLD, 0, forecast(50.5, 48.0, 52.0), reference_year=2026)["status"] == sc.ON_TRACK
    assert (
        sc.status(hist, HOLD, 0, forecast(52.0, 50.5, 53.0, 49.0, 55.0), reference_year=2026)["status"]
        == sc.AT_RISK
    )
    assert (
        sc.status(hist, HOLD, 0, forecast(56.0, 54.0, 58.0, 52.0, 60.0), reference_year=2026)["status"]
        == sc.OFF_TRACK
    )


def test_without_a_trend_the_latest_value_is_compared_with_the_path() -> None:
    # Path in 2021: 61.
    ahead = sc.status(pd.Series({2020: 60.0, 2021: 61.5}), RISE, 1, None, reference_year=2026)
    behind = sc.status(pd.Series({2020: 60.0, 2021: 60.5}), RISE, 1, None, reference_year=2026)
    assert (ahead["status"], behind["status"]) == (sc.ON_TRACK, sc.AT_RISK)
    assert behind["path_value"] == pytest.approx(61.0)
    # A single-year figure (e.g. income 2024) as the baseline: no trend, nothing newer, no status claimed.
    only = sc.status(
        pd.Series({2024: 29532.0}),
        sc.Item("median_income_eur", 2024, 29532.0, 29532.0),
        1,
        None,
        reference_year=2026,
    )
    assert (only["status"], only["reason"]) == (sc.NO_NEW_DATA, "scorecard.reason.only_baseline")


def test_an_observed_milestone_year_decides() -> None:
    reached = pd.Series({2020: 60.0, 2029: 69.0})
    missed = pd.Series({2020: 60.0, 2029: 68.0})
    assert sc.status(reached, RISE, 1, None, reference_year=2030)["status"] == sc.ON_TRACK
    assert sc.status(missed, RISE, 1, forecast(80, 79, 81), reference_year=2030)["status"] == sc.OFF_TRACK


def test_own_milestone_is_used() -> None:
    item = sc.Item("employment_rate", 2020, 60.0, 70.0, milestone=67.0)
    assert sc.status(NEW, item, 1, forecast(68.0, 66.0, 69.5), reference_year=2026)["status"] == sc.ON_TRACK


def test_goal_status_is_the_weakest_with_every_count() -> None:
    summary = sc.goal_status([sc.ON_TRACK, sc.OFF_TRACK, sc.NO_NEW_DATA, sc.AT_RISK])
    assert summary["status"] == sc.OFF_TRACK
    assert summary["counts"] == {sc.ON_TRACK: 1, sc.AT_RISK: 1, sc.OFF_TRACK: 1, sc.NO_NEW_DATA: 1}
    assert sc.goal_status([sc.NO_NEW_DATA, sc.NO_NEW_DATA])["status"] == sc.NO_NEW_DATA
    assert sc.goal_status([sc.ON_TRACK, sc.NO_NEW_DATA])["status"] == sc.ON_TRACK
    text = sc.goal_text(summary, "en")
    assert "1 on track" in text and "1 off track" in text and "1 no new data" in text


def test_reason_in_words_names_the_band_and_the_milestone() -> None:
    result = sc.status(NEW, RISE, 1, forecast(64.0, 60.0, 68.9), reference_year=2026)
    text = sc.reason_text(result, 1, "percent", "en")
    assert (
        text
        == "The 80 % band of the 2029 trend (60.0\u00a0% – 68.9\u00a0%) lies below the milestone 69.0\u00a0%."
    )


PCT = sc.Meta("percent", 1, 1)
LOWER_BETTER = sc.Meta("percent", -1, 1)
PERSONS = sc.Meta("persons", 0, 0)


@pytest.mark.parametrize(
    ("item", "meta", "key"),
    [
        (sc.Item("a", 2020, 60.0, -70.0), PCT, "scorecard.error.negative"),
        (sc.Item("a", 2020, 60.0, 170.0), PCT, "scorecard.error.over_100"),
        (sc.Item("a", 2020, 60.0, 0.7), PCT, "scorecard.error.share_not_percent"),
        (sc.Item("a", 2020, 60.0, 55.0), PCT, "scorecard.error.against_polarity"),
        (sc.Item("a", 2020, 10.0, 12.0), LOWER_BETTER, "scorecard.error.against_polarity"),
        (sc.Item("p", 2020, 120_000.0, 130.0), PERSONS, "scorecard.error.scale"),  # thousands typed
        (sc.Item("a", 2020, 60.0, 70.0, milestone=75.0), PCT, "scorecard.error.milestone_outside"),
        (sc.Item("a", 2031, 60.0, 70.0), PCT, "scorecard.error.baseline_year"),
        (sc.Item("a", 2020, 60.0, float("nan")), PCT, "scorecard.error.not_a_number"),
    ],
)
def test_bad_targets_are_refused_with_their_reason(item: sc.Item, meta: sc.Meta, key: str) -> None:
    with pytest.raises(sc.ScorecardError) as caught:
        sc.check_item(item, meta)
    assert caught.value.key == key
    assert caught.value.text("fi")  # every refusal has a text in the catalogue


def test_good_targets_pass() -> None:
    sc.check_item(sc.Item("a", 2020, 60.0, 70.0, milestone=68.0), PCT)
    sc.check_item(sc.Item("a", 2020, 10.0, 6.0), LOWER_BETTER)
    sc.check_item(sc.Item("p", 2020, 120_000.0, 125_000.0), PERSONS)


METAS = {"employment_rate": PCT, "unemployment_rate": LOWER_BETTER}
CODES = ["091", "297"]


def card() -> sc.Scorecard:
    return sc.Scorecard(
        "297",
        "Kuopio 2030",
        (
            sc.Goal("g1", "Työtä kaikille", (RISE, FALL)),
            sc.Goal("g2", "Hyvinvointi", (sc.Item("employment_rate", 2019, 59.0, 61.0, 60.8),)),
        ),
    )


def test_json_round_trip_and_link_round_trip() -> None:
    original = card()
    again, problems = sc.from_json(sc.to_json(original), METAS, CODES)
    assert (again, problems) == (original, [])
    link = sc.to_link(original)
    assert link is not None and len(link) < sc.MAX_LINK_CHARS
    assert sc.from_link(link, METAS, CODES) == (original, [])


def test_unknown_indicator_and_refused_target_in_a_file_are_dropped_and_listed() -> None:
    data = sc.to_dict(card())
    data["goals"][0]["items"].append(
        {"indicator": "made_up", "baseline_year": 2020, "baseline_value": 1, "target": 2}
    )
    data["goals"][1]["items"][0]["target"] = -5  # a percentage below zero
    loaded, problems = sc.from_dict(json.loads(json.dumps(data)), METAS, CODES)
    assert [p.key for p in problems] == ["scorecard.problem.unknown_indicator", "scorecard.problem.refused"]
    assert problems[0].params == {"goal": 1, "indicator": "made_up"}
    assert problems[1].params["why"] == "scorecard.error.negative"
    # The reason is said with its figure (it used to read "... was left out.  is below zero").
    assert (
        problems[1]
        .text("en")
        .endswith(
            "was left out. \u22125 is below zero, but this indicator cannot be negative: check the sign."
        )
    )
    assert [len(g.items) for g in loaded.goals] == [2, 0]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("{not json", "scorecard.error.not_json"),
        ('{"format": "something else"}', "scorecard.error.not_a_scorecard"),
        (
            '{"format": "kuntaluotain-scorecard/1", "municipality": "999", "goals": []}',
            "scorecard.error.unknown_municipality",
        ),
    ],
)
def test_files_that_are_not_scorecards_are_refused(text: str, key: str) -> None:
    with pytest.raises(sc.ScorecardError) as caught:
        sc.from_json(text, METAS, CODES)
    assert caught.value.key == key


def test_damaged_and_oversized_links() -> None:
    with pytest.raises(sc.ScorecardError) as caught:
        sc.from_link("eJzLSM3JyQcABiwCFQ-broken", METAS, CODES)
    assert caught.value.key == "scorecard.error.bad_link"
    goals = tuple(
        # Hex digests do not compress: twelve goals of 256 such characters cannot fit in a link.
        sc.Goal(
            f"g{i}",
            hashlib.sha512(str(i).encode()).hexdigest() + hashlib.sha512(str(-i).encode()).hexdigest(),
            (sc.Item("employment_rate", 2020, 60.0, 70.0),),
        )
        for i in range(12)
    )
    assert sc.to_link(sc.Scorecard("297", "", goals)) is None


def test_changes_name_a_moved_target_with_old_and_new() -> None:
    old = card()
    moved = sc.set_item(old, "g1", sc.Item("employment_rate", 2020, 60.0, 72.5))
    diff = sc.changes(old, moved)
    assert diff == [
        {
            "kind": "target_moved",
            "goal": "Työtä kaikille",
            "indicator": "employment_rate",
            "old": 70.0,
            "new": 72.5,
        }
    ]
    text = sc.change_text(diff[0], {"employment_rate": "Työllisyysaste"}, "fi")
    assert text == "Mittarin Työllisyysaste (”Työtä kaikille”) tavoite siirtyi: 70 → 72,5"
    assert sc.changes(old, old) == []
    assert sc.changes(None, old) == [{"kind": "created", "goals": 2}]


@pytest.mark.parametrize(
    ("goals", "lang", "expected"),
    [
        (1, "en", "Scorecard created with 1 goal"),
        (3, "en", "Scorecard created with 3 goals"),
        (1, "fi", "Mittaristo luotiin, tavoitteita 1"),
        (1, "sv", "Mätartavlan skapades med 1 mål"),
    ],
)
def test_the_created_entry_of_a_stored_history_counts_its_goals(goals: int, lang: str, expected: str) -> None:
    # The history stores {"kind": "created", "goals": n} (older rows too): the count keeps its stored name.
    assert sc.change_text({"kind": "created", "goals": goals}, {}, lang) == expected


def test_draft_takes_the_trend_only_in_the_good_direction() -> None:
    # Employment rising in the trend: the target is the trend; unemployment rising: hold the level.
    good = sc.suggested_item("employment_rate", (2020, 60.0), 63.0, 1)
    bad = sc.suggested_item("unemployment_rate", (2020, 10.0), 12.0, -1)
    assert (good.target, bad.target) == (63.0, 10.0)  # type: ignore[union-attr]
    assert sc.suggested_item("x", None, 5.0, 1) is None
    drafted = sc.draft(
        sc.Scorecard("297"),
        ["vitality"],
        {"employment_rate": (2020, 60.0)},
        {"employment_rate": 63.0},
        {"employment_rate": 1},
        "fi",
    )
    assert [g.text for g in drafted.goals] == ["Elinvoimainen kunta: työtä ja osaamista"]
    assert [i.indicator for i in drafted.goals[0].items] == ["employment_rate"]


def test_a_goal_takes_at_most_five_indicators() -> None:
    full = sc.Scorecard(
        "297", "", (sc.Goal("g1", "x", tuple(sc.Item(f"i{k}", 2020, 1.0, 2.0) for k in range(5))),)
    )
    with pytest.raises(sc.ScorecardError):
        sc.set_item(full, "g1", sc.Item("i9", 2020, 1.0, 2.0))


def test_council_report_and_excel_carry_status_reason_and_sources() -> None:
    import io

    from openpyxl import load_workbook

    from foresight import scorecard_export as export

    hostile = sc.Scorecard("297", "<script>x</script>", (sc.Goal("g1", "Työ <b>kaikille</b>", (RISE,)),))
    evaluated = sc.evaluate(
        hostile,
        {"employment_rate": NEW},
        {"employment_rate": forecast(64.0, 60.0, 68.9)},
        {"employment_rate": PCT},
    )
    rows = export.overview(
        hostile, evaluated, {"employment_rate": PCT}, {"employment_rate": "Employment rate"}, "en"
    )
    assert rows.loc[0, "status_text"] == "✖ Off track"
    assert rows.loc[0, "milestone"] == "69.0\u00a0%"
    sources = pd.DataFrame({"Source": ["Statistics Finland"], "Licence": ["CC BY 4.0"]})
    summaries = export.goal_summaries(hostile, evaluated)
    html = export.report_html(hostile, rows, summaries, "Kuopio", "en", sources, version=3)
    assert "<script>" not in html and "&lt;script&gt;" in html and "Työ &lt;b&gt;kaikille&lt;/b&gt;" in html
    assert "lies below the milestone 69.0" in html and "Off track" in html and "version 3" in html
    book = load_workbook(io.BytesIO(export.excel(rows, pd.DataFrame(), sources, "en")))
    assert book.sheetnames == ["Scorecard", "sources"]
    assert book["sources"]["A2"].value == "Statistics Finland"
    history = pd.DataFrame(
        {"Version": [2], "What changed": ["Target of Employment rate moved from 70 to 72"]}
    )
    book = load_workbook(io.BytesIO(export.excel(rows, history, sources, "en")))
    assert book.sheetnames == ["Scorecard", "History", "sources"]


def test_two_figures_compared_in_a_reason_that_round_alike_get_more_decimals() -> None:
    # Own milestone 38.6; the 2029 trend 38.56 (band 36.0–41.0): at risk. At one decimal both would read
    # "38,6 %", so the sentence "trend (38,6 %) stays below the milestone 38,6 %" contradicts itself; at two
    # decimals 38.56 → "38,56" and 38.6 → "38,60". The band edges are far from 38.6 and keep one decimal.
    item = sc.Item("employment_rate", 2020, 30.0, 40.0, 38.6)
    result = sc.status(NEW, item, 1, forecast(38.56, 36.0, 41.0), reference_year=2026)
    assert result["status"] == sc.AT_RISK
    text = sc.reason_text(result, 1, "percent", "fi")
    assert text == (
        "Vuoden 2029 trendi (38,56\u00a0%) jää alle välitavoitteen 38,60\u00a0%; vain sen 80 %:n "
        "vaihteluvälin (36,0\u00a0% – 41,0\u00a0%) yläosa yltää siihen."
    )


def test_figures_that_differ_in_the_shown_decimals_keep_them() -> None:
    # 68.9 against the milestone 69.0 (path 60 → 70, 2020–2030, read at 2029): already distinct at one decimal.
    result = sc.status(NEW, RISE, 1, forecast(68.9, 66.0, 70.0), reference_year=2026)
    text = sc.reason_text(result, 1, "percent", "en")
    assert text.startswith("The 2029 trend (68.9\u00a0%) stays below the milestone 69.0\u00a0%;")


def test_a_whole_number_indicator_shows_the_decimal_that_tells_them_apart() -> None:
    # 0 decimals; path 990 (2022) → 1 071.6 (2030) reads 990 + 81.6 / 8 = 1 000.2 in 2023; the latest value
    # 1 000.4 (2023) is ahead of it. Both read "1,000" at 0 decimals → one decimal each.
    item = sc.Item("population", 2022, 990.0, 1_071.6)
    hist = pd.Series({2022: 990.0, 2023: 1_000.4})
    result = sc.status(hist, item, 0, None, reference_year=2026)
    assert result["status"] == sc.ON_TRACK
    text = sc.reason_text(result, 0, "", "en")
    assert "1,000.4 (2023)" in text and "(1,000.2)" in text


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (dt.datetime(2026, 12, 6, 14, 4, tzinfo=dt.UTC), "06.12.2026 16:04"),  # winter: UTC+2
        (dt.datetime(2026, 7, 1, 21, 30, tzinfo=dt.UTC), "02.07.2026 00:30"),  # summer: UTC+3, next day
        (dt.datetime(2026, 3, 29, 0, 59), "29.03.2026 02:59"),  # naive = UTC; a minute before summer time
        (dt.datetime(2026, 3, 29, 1, 0), "29.03.2026 04:00"),  # clocks go 03:00 → 04:00 at 01:00 UTC
    ],
)
def test_history_times_are_finnish_local_time(moment: dt.datetime, expected: str) -> None:
    assert sc.local_time(moment) == expected


# Latest (year, value) and 2030 trends as of 2026: old means more than 3 years before 2026 (2022 or earlier).
LATEST = {
    "employment_rate": (2020, 70.0),  # suggested, old
    "share_tertiary_education": (2025, 35.0),  # suggested, recent
    "job_self_sufficiency": (2020, 95.0),  # suggested, old
    "share_secondary_education": (2025, 40.0),  # other vitality indicator, recent
    "unemployment_rate_month": (2026, 9.0),  # recent but no trend
    "vacancies_per_unemployed": (2018, 0.3),  # old
    "jobs": (2023, 50_000.0),  # recent (3 years: still within the limit)
}
TRENDS = {
    "employment_rate": 72.0,
    "share_tertiary_education": 37.0,
    "job_self_sufficiency": 96.0,
    "share_secondary_education": 41.0,
    "unemployment_rate_month": None,
    "vacancies_per_unemployed": 0.4,
    "jobs": 51_000.0,
}
OTHERS = ("unemployment_rate_month", "vacancies_per_unemployed", "share_secondary_education", "jobs")


def test_suggestions_prefer_recent_data_and_fill_with_the_themes_other_recent_indicators() -> None:
    # 3 wanted for vitality: the recent suggestion first, then the theme's recent ones with a trend in the
    # order given (vacancies is old, the monthly rate has no trend), the old suggestions left out.
    picked = sc.pick_suggestions("vitality", LATEST, TRENDS, 2026, OTHERS)
    assert picked == ["share_tertiary_education", "share_secondary_education", "jobs"]


def test_old_suggestions_stay_only_where_nothing_recent_exists_and_are_named_old() -> None:
    picked = sc.pick_suggestions("vitality", LATEST, TRENDS, 2026, ("vacancies_per_unemployed",))
    assert picked == ["share_tertiary_education", "employment_rate", "job_self_sufficiency"]
    card = sc.draft(
        sc.Scorecard("297"),
        ["vitality"],
        LATEST,
        TRENDS,
        {i: 1 for i in LATEST},
        "fi",
        current_year=2026,
        alternates={"vitality": ("vacancies_per_unemployed",)},
    )
    assert [i.indicator for i in card.goals[0].items] == picked
    assert [(i.indicator, i.baseline_year) for i in sc.old_items(card, 2026)] == [
        ("employment_rate", 2020),
        ("job_self_sufficiency", 2020),
    ]
    assert sc.is_old(2022, 2026) and not sc.is_old(2023, 2026)


# Test data as of 2026: the sustainability theme of a North Karelian municipality, which has greenhouse-gas
# figures that only 13 of 308 municipalities have (13 / 308 = 0.042), and its other indicators.
GREEN_LATEST = {
    "low_income_rate": (2024, 12.0),
    "population_density": (2025, 9.5),
    "ghg_emissions_per_capita": (2024, 6.1),
    "ghg_emissions_total": (2024, 60.0),
}
GREEN_TRENDS = {
    "low_income_rate": 11.5,
    "population_density": 9.1,
    "ghg_emissions_per_capita": 5.0,
    "ghg_emissions_total": 50.0,
}
GREEN_COVERAGE = {
    "low_income_rate": 307 / 308,
    "population_density": 1.0,
    "ghg_emissions_per_capita": 13 / 308,
    "ghg_emissions_total": 13 / 308,
}


def test_the_greenhouse_gas_series_of_13_municipalities_is_never_suggested() -> None:
    assert "ghg_emissions_per_capita" not in sc.SUGGESTIONS["sustainability"]
    assert sc.MIN_COVERAGE == 0.5  # the build's headline rule
    others = ("ghg_emissions_per_capita", "ghg_emissions_total")  # the theme's indicators with a direction
    picked = sc.pick_suggestions("sustainability", GREEN_LATEST, GREEN_TRENDS, 2026, others, GREEN_COVERAGE)
    assert picked == ["low_income_rate", "population_density"]
    # With the low-income rate's data old, a stand-in comes from the theme only if it is well covered:
    old = {**GREEN_LATEST, "low_income_rate": (2011, 14.0)}
    picked = sc.pick_suggestions("sustainability", old, GREEN_TRENDS, 2026, others, GREEN_COVERAGE)
    assert picked == ["population_density", "low_income_rate"]
    # without the coverage the emissions would stand in (what the rule prevents)
    assert (
        sc.pick_suggestions("sustainability", old, GREEN_TRENDS, 2026, others)[1]
        == "ghg_emissions_per_capita"
    )


def test_a_suggestion_below_the_coverage_rule_is_left_out_of_the_draft() -> None:
    assert sc.well_covered(["a", "b", "c"], {"a": 0.49, "b": 0.5}) == ["b", "c"]  # "c" unknown: kept
    assert sc.well_covered(["a"], None) == ["a"]
    card = sc.draft(
        sc.Scorecard("167"),
        ["sustainability"],
        GREEN_LATEST,
        GREEN_TRENDS,
        {"low_income_rate": -1, "population_density": 0, "ghg_emissions_per_capita": -1},
        "fi",
        coverage={**GREEN_COVERAGE, "low_income_rate": 0.3},
    )
    assert [g.text for g in card.goals] == ["Kestävä kehitys"]
    (item,) = card.goals[0].items  # the low-income rate too is left out at 30 %
    assert (item.indicator, item.baseline_year, item.baseline_value, item.target) == (
        "population_density",
        2025,
        9.5,
        9.1,
    )


def test_every_suggestion_meets_the_coverage_rule_in_the_snapshot() -> None:
    from foresight.coverage import latest_year_share
    from foresight.snapshot import load_table

    shares = latest_year_share(load_table("observations"))
    for theme, indicators in sc.SUGGESTIONS.items():
        for ind in indicators:
            assert shares[ind] >= sc.MIN_COVERAGE, (theme, ind, shares[ind])
    assert shares["ghg_emissions_per_capita"] == pytest.approx(13 / 308)
