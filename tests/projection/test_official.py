"""Official projection totals and the comparison with the trend (test data)."""

from __future__ import annotations

import pandas as pd
import pytest

from foresight.projection import official as O


def official_rows() -> pd.DataFrame:
    rows = []
    for edition, years in (("2019", [2029, 2030]), ("2024", [2024, 2035])):
        for year in years:
            for age, value in ((0, 100.0), (50, 250.0), (100, 1.0)):
                rows.append(
                    {"edition": edition, "municipality": "001", "year": year, "age": age, "value": value}
                )
    rows.append({"edition": "2019", "municipality": "002", "year": 2030, "age": 0, "value": 7.0})
    return pd.DataFrame(rows)


def test_totals_sum_over_ages() -> None:
    tot = O.totals(official_rows())
    assert list(tot.columns) == ["edition", "municipality", "year", "value"]
    one = tot[(tot["municipality"] == "001") & (tot["year"] == 2030)]
    assert one["value"].tolist() == [351.0]
    assert O.for_municipality(tot, "002")["official"].tolist() == [7.0]


def test_compare_positions_and_note() -> None:
    forecast = pd.DataFrame(
        {
            "year": [2029, 2030, 2035],
            "mean": [340.0, 300.0, 500.0],
            "lower_80": [330.0, 290.0, 480.0],
            "upper_80": [355.0, 310.0, 520.0],
            "lower_95": [320.0, 280.0, 470.0],
            "upper_95": [360.0, 345.0, 530.0],
        }
    )
    comp = O.compare(forecast, O.for_municipality(O.totals(official_rows()), "001"))
    pos = comp.set_index(["edition", "year"])["position"]
    assert pos[("2019", 2029)] == O.INSIDE_80
    assert pos[("2019", 2030)] == O.ABOVE  # 351 > 345
    assert pos[("2024", 2035)] == O.BELOW  # 351 < 470
    assert comp.set_index(["edition", "year"]).loc[("2019", 2030), "difference_pct"] == pytest.approx(17.0)
    note = O.note(comp, 2030)
    assert note is not None and note["key"] == "projection.official.above_band" and note["edition"] == "2019"
    assert O.note(comp, 2035)["edition"] == "2024"  # type: ignore[index]
    assert O.note(comp, 2031) is None


def test_error_so_far_against_actual_populations() -> None:
    from foresight.projection.official import error_so_far

    # Test data: an edition based on 2019 that expected 100, 102, 104; actual 100, 101, 106.
    totals = pd.DataFrame(
        {"edition": ["2019"] * 3, "year": [2019, 2020, 2021], "official": [100.0, 102.0, 104.0]}
    )
    actual = pd.Series([100.0, 101.0, 106.0], index=[2019, 2020, 2021])
    out = error_so_far(totals, actual)
    assert out["year"].tolist() == [2020, 2021]  # the base year itself is no test of the projection
    assert out["error_pct"].round(4).tolist() == [round(1 / 101 * 100, 4), round(-2 / 106 * 100, 4)]


def test_reference_path_marks_published_years() -> None:
    import numpy as np

    from foresight.projection.official import reference_path

    codes = np.array(["091", "297"])
    years = np.array([2024, 2030, 2035])
    totals = np.array([[10.0, 11.0, 12.0], [20.0, 21.0, 22.0]])
    out = reference_path(codes, years, totals, (2024, 2035), "297")
    assert out["value"].tolist() == [20.0, 21.0, 22.0]
    assert out["published"].tolist() == [True, False, True]
