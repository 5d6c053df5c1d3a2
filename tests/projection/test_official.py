"""Official projection totals and the comparison with the trend (test data)."""

from __future__ import annotations

import numpy as np
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


def test_anchored_path_uses_only_editions_from_before_and_interpolates_geometrically() -> None:
    """Literal totals (test data). Edition 2019 starts from 2018, edition 2024 from 2023."""
    from foresight.projection.official import anchored_path

    off = pd.DataFrame(
        {
            "edition": ["2019"] * 4 + ["2024"] * 2,
            "municipality": ["001"] * 6,
            "year": [2019, 2020, 2021, 2022, 2024, 2026],
            "value": [1010.0, 1020.0, 1030.0, 1040.0, 2000.0, 2420.0],
        }
    )
    codes = np.array(["001", "002"], dtype=object)
    # From 2018: the 2019 edition as published (it starts from the same 2018 value); 002 has none.
    path = anchored_path(off, codes, 2018, np.array([1000.0, 50.0]), 2021)
    assert path[0] == pytest.approx([1010.0, 1020.0, 1030.0])
    assert np.isnan(path[1]).all()
    # From 2020 with 510 observed: the edition's growth from 2020, 510 · 1030 / 1020 and 510 · 1040 / 1020.
    path = anchored_path(off, codes, 2020, np.array([510.0, 50.0]), 2022)
    assert path[0] == pytest.approx([510.0 * 1030 / 1020, 510.0 * 1040 / 1020])
    # From 2024 the 2024 edition (base 2023) is used; 2025 lies between 2000 and 2420: √(2000 · 2420) = 2200.
    path = anchored_path(off, codes, 2024, np.array([1900.0, 50.0]), 2026)
    assert path[0] == pytest.approx([1900.0 * 2200 / 2000, 1900.0 * 2420 / 2000])


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


def test_with_reference_path_fills_the_newest_edition_between_published_years() -> None:
    import numpy as np

    from foresight.projection.official import with_reference_path

    # Test data: the 2024 edition published 2024 and 2035 only; the path gives every year.
    totals = pd.DataFrame(
        {
            "edition": ["2019", "2024", "2024"],
            "municipality": ["297", "297", "297"],
            "year": [2030, 2024, 2035],
            "value": [122_086.0, 125_648.0, 138_569.0],
        }
    )
    years = np.arange(2024, 2036)
    path = np.linspace(125_648.0, 138_569.0, years.size)[None, :]
    out = with_reference_path(totals, np.array(["297"]), years, path)
    new = out[out["edition"] == "2024"].set_index("year")["value"]
    assert len(new) == 12 and new[2024] == 125_648.0 and new[2035] == 138_569.0
    assert new[2030] == pytest.approx(125_648.0 + 6 * (138_569.0 - 125_648.0) / 11)
    assert out[out["edition"] == "2019"]["value"].tolist() == [122_086.0]  # other editions untouched
