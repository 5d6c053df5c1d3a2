"""Seminar view: quarters by polarity (numpy's linear quartiles worked by hand), the common year, order, 2030."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foresight import seminar
from foresight.format import with_unit

# 1..8: quartiles at positions 1.75, 3.5 and 5.25 → q1 = 2.75, median = 4.5, q3 = 6.25.
EIGHT = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]


@pytest.mark.parametrize(
    ("value", "polarity", "expected"),
    [
        (8.0, 1, seminar.BEST),
        (6.25, 1, seminar.SECOND),  # at the upper quartile: not above it
        (5.0, 1, seminar.SECOND),
        (4.5, 1, seminar.THIRD),  # at the median: lower middle
        (2.75, 1, seminar.THIRD),
        (2.0, 1, seminar.WORST),
        (8.0, -1, seminar.WORST),
        (1.0, -1, seminar.BEST),
        (5.0, -1, seminar.THIRD),
        (8.0, 0, seminar.HIGHEST),
        (5.0, 0, seminar.UPPER),
        (3.0, 0, seminar.LOWER),
        (1.0, 0, seminar.LOWEST),
        (float("nan"), 1, seminar.NO_VALUE),
    ],
)
def test_quartile_class_by_polarity(value: float, polarity: int, expected: str) -> None:
    assert np.percentile(EIGHT, [25, 50, 75]).tolist() == [2.75, 4.5, 6.25]
    assert seminar.quartile_class(value, EIGHT, polarity) == expected


def test_too_few_values_get_no_quarter() -> None:
    assert seminar.quartile_class(1.0, [1.0, 2.0], 1) == seminar.TOO_FEW


def catalogue() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["emp", "unemp", "old"],
            "theme": ["vitality", "vitality", "population"],
            "order": [1, 2, 3],
            "headline": [True, True, True],
            "polarity": [1, -1, 0],
            "decimals": [1, 1, 1],
            "unit": ["percent", "percent", "percent"],
            "name_en": ["Employment", "Unemployment", "Aged 65+"],
        }
    ).set_index("id", drop=False)


def frames() -> dict[str, pd.DataFrame]:
    codes = ["a", "b", "c", "d"]
    emp = pd.DataFrame(
        {
            "municipality": codes * 2 + ["a"],
            "indicator": "emp",
            "year": [2019] * 4 + [2020] * 4 + [2021],
            "value": [60, 61, 62, 63, 70.0, 65.0, 60.0, np.nan, 71.0],
        }
    ).dropna()
    unemp = pd.DataFrame(
        {"municipality": codes, "indicator": "unemp", "year": 2018, "value": [5.0, 6.0, 7.0, 8.0]}
    )
    return {"emp": emp, "unemp": unemp}


def test_common_year_is_the_latest_with_half_the_members() -> None:
    # 2021 has only a; 2020 has a, b, c (3 of 4 ≥ half and ≥ 3): 2020.
    assert seminar.common_year(frames()["emp"], ["a", "b", "c", "d"]) == 2020
    assert seminar.common_year(frames()["emp"], ["a"]) is None  # fewer than three values in any year


def test_matrix_keeps_gaps_and_uses_the_common_year() -> None:
    table = seminar.matrix(frames(), catalogue(), ["a", "b", "c", "d"], ["vitality", "population"])
    cells = table.set_index(["municipality", "indicator"])
    assert cells.loc[("d", "emp"), "class"] == seminar.NO_VALUE and np.isnan(cells.loc[("d", "emp"), "value"])
    # 2020 values 70, 65, 60: quartiles 62.5, 65, 67.5 → a best, b lower middle (= median), c worst.
    assert cells.loc[("a", "emp"), ["year", "value", "class"]].tolist() == [2020, 70.0, seminar.BEST]
    assert cells.loc[("b", "emp"), "class"] == seminar.THIRD
    assert cells.loc[("c", "emp"), "class"] == seminar.WORST
    # Unemployment (lower is better): 5 is best; 8 worst.
    assert cells.loc[("a", "unemp"), "class"] == seminar.BEST
    assert cells.loc[("d", "unemp"), "class"] == seminar.WORST
    # No data at all for the population indicator: every member says so.
    assert set(table.loc[table["indicator"] == "old", "class"]) == {seminar.NO_VALUE}


def test_rows_sorted_best_first_by_polarity_missing_last() -> None:
    table = seminar.matrix(frames(), catalogue(), ["a", "b", "c", "d"], ["vitality"])
    names = {"a": "Alavus", "b": "Borgå", "c": "Cityby", "d": "Dalsbruk"}
    assert seminar.row_order(table, names, "emp") == ["a", "b", "c", "d"]
    assert seminar.row_order(table, names, "unemp") == ["a", "b", "c", "d"]
    assert seminar.row_order(table, {"a": "Ö", "b": "B", "c": "C", "d": "D"}) == ["b", "c", "d", "a"]


def test_projected_values_and_group_median() -> None:
    fc = pd.DataFrame(
        {
            "municipality": ["a", "b", "c", "a"],
            "year": [2030, 2030, 2030, 2029],
            "mean": [10.0, 30.0, 20.0, 9.0],
            "lower_80": [8.0, 25.0, 18.0, 8.0],
            "upper_80": [12.0, 35.0, 22.0, 10.0],
            "lower_95": [7.0, 22.0, 17.0, 7.0],
            "upper_95": [13.0, 38.0, 23.0, 11.0],
        }
    )
    frame, median = seminar.projected(fc, ["a", "b", "c"])
    assert median == 20.0 and len(frame) == 3


def test_handout_has_symbols_values_and_escapes_names() -> None:
    table = seminar.matrix(frames(), catalogue(), ["a", "b", "c", "d"], ["vitality"])
    sources = pd.DataFrame({"Source": ["Statistics Finland"], "Licence": ["CC BY 4.0"]})
    html = seminar.handout(
        table, ["a", "b", "c", "d"], catalogue(), {"a": "<b>A</b>"}, "en", "Seminar", with_unit, sources
    )
    assert "&lt;b&gt;A&lt;/b&gt;" in html and "<b>A</b>" not in html
    assert "▲▲<br>70.0\u00a0%" in html and "best quarter" in html and "<script" not in html


def test_matrix_figure_writes_indicator_names_across_and_fits_cell_text() -> None:
    """The matrix at 1280 px: indicator names horizontal above their rows (not rotated column titles), members
    as columns over the whole width, and cell text no wider than its column."""
    from foresight import charts_scorecard

    members = [f"{i:03d}" for i in range(29)]
    inds = [f"ind_{j}" for j in range(27)]
    table = pd.DataFrame(
        [
            {"municipality": m, "indicator": i, "year": 2024.0, "value": 1.0, "class": seminar.UPPER}
            for i in inds
            for m in members
        ]
    )
    long_name = "Huono-osaisuus yhteensä (indeksi, mediaanikunta = 100) (2022)"
    names = {i: (long_name if i == "ind_0" else f"Indikaattori {i}") for i in inds}
    fig = charts_scorecard.seminar_matrix(
        table,
        members,
        {m: f"Kunta {m}" for m in members},
        names,
        {(m, i): "1" for m in members for i in inds},
        {c: c for c in charts_scorecard.seminar.CLASSES},
        "vuosi",
        "fi",
        font_size=13,
        width=790,
    )
    heat = fig.data[0]
    assert list(heat.x) == [f"Kunta {m}" for m in members]  # members across
    assert fig.layout.yaxis.showticklabels is False
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0] == long_name and len(titles) == 27  # whole names, written horizontally
    assert all(a.textangle in (None, 0) for a in fig.layout.annotations)
    # "3/4" is about 1.6 em wide: 29 columns in 770 px leave 26.5 px, so at most 13 px type fits.
    size = heat.textfont.size
    assert size * 1.6 <= 770 / 29 - 2
    assert charts_scorecard.cell_font(29, 770, 13) == 13
    assert charts_scorecard.cell_font(60, 770, 13) == 9  # never below 9 px (the table has every value)
    assert charts_scorecard.cell_font(29, 530, 13) == 9


def test_row_label_flags_an_old_year_and_leaves_a_fresh_one() -> None:
    # 2026 − 2011 = 15 years > the 3-year limit: flagged; 2025 is fresh.
    assert seminar.row_label("Toimeentulotukea saaneet", 2011, 2026, "fi") == (
        "Toimeentulotukea saaneet (2011, vanha tieto)"
    )
    assert seminar.row_label("Mottagare av utkomststöd", 2011, 2026, "sv") == (
        "Mottagare av utkomststöd (2011, gamla uppgifter)"
    )
    assert seminar.row_label("Population", 2025, 2026, "en") == "Population (2025)"
    assert seminar.row_label("Population", None, 2026, "en") == "Population"


def test_row_label_of_a_monthly_indicator_names_its_month() -> None:
    # The review: the June 2026 unemployment rate was labelled "(2026)"; elsewhere it reads "6/2026".
    assert seminar.row_label("Työttömyysaste", 2026, 2026, "fi", "2026-06") == "Työttömyysaste (6/2026)"
    # An earlier common year of a monthly indicator is not that month.
    assert seminar.row_label("Arbetslöshetsgrad", 2025, 2026, "sv", "2026-06") == "Arbetslöshetsgrad (2025)"


def test_handout_names_the_month_of_a_monthly_indicator() -> None:
    table = seminar.matrix(frames(), catalogue(), ["a", "b", "c", "d"], ["vitality"])
    cat = catalogue().assign(latest_period=["2020-06", "", ""])  # emp's common year 2020 is its June
    sources = pd.DataFrame({"Source": ["Statistics Finland"]})
    html = seminar.handout(table, ["a", "b", "c", "d"], cat, {}, "en", "Seminar", with_unit, sources)
    assert 'Employment<br><span class="y">6/2020</span>' in html
    assert 'Unemployment<br><span class="y">2018</span>' in html


def test_indicators_without_any_member_value_are_listed_apart() -> None:
    # Test data: ghg has no common year (no member has a value); pop has one.
    table = pd.DataFrame(
        {
            "municipality": ["091", "297", "091", "297"],
            "indicator": ["pop", "pop", "ghg", "ghg"],
            "year": [2025, 2025, None, None],
            "value": [1.0, 2.0, float("nan"), float("nan")],
        }
    )
    assert seminar.without_values(table) == ["ghg"]


def test_legend_line_says_no_better_direction_once_and_only_shown_classes() -> None:
    present = {seminar.BEST, seminar.WORST, seminar.HIGHEST, seminar.LOWEST, seminar.NO_VALUE}
    assert seminar.legend_line("fi", present) == (
        "**▲▲** paras neljännes · **▼▼** heikoin neljännes · ei parempaa suuntaa: **4/4** suurin neljännes, "
        "**1/4** pienin neljännes · **–** ei arvoa sinä vuonna"
    )
    assert seminar.legend_line("en", {seminar.SECOND, seminar.TOO_FEW}) == (
        "**▲** second quarter · **·** too few values to compare"
    )
    every = seminar.legend_line("sv")
    assert every.count("ingen bättre riktning") == 1
    assert every.startswith("**▲▲** bästa kvartilen · **▲** andra kvartilen")
    assert (
        "ingen bättre riktning: **4/4** högsta kvartilen, **3/4** övre mitten, **2/4** nedre mitten" in every
    )
    assert every.endswith("**·** för få värden att jämföra")
