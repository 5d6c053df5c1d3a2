"""Coverage per year on literal data: counts worked out by hand, gap years named."""

import pandas as pd

from foresight import coverage

# Test data: indicator "e" has 2 municipalities in 1990, none 1991–1993, 3 in 1994 and 1 in 1995; "x" is
# another indicator whose years must not leak in.
OBS = pd.DataFrame(
    {
        "municipality": ["A", "B", "A", "B", "C", "A", "A"],
        "indicator": ["e", "e", "e", "e", "e", "e", "x"],
        "year": [1990, 1990, 1994, 1994, 1994, 1995, 1992],
        "value": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
    }
)


def test_per_year_counts_municipalities_and_zero_in_gap_years():
    cov = coverage.per_year(OBS, "e", 308)
    assert cov["year"].tolist() == [1990, 1991, 1992, 1993, 1994, 1995]
    assert cov["n"].tolist() == [2, 0, 0, 0, 3, 1]
    assert set(cov["total"]) == {308}


def test_gaps_are_runs_of_years_without_values():
    cov = coverage.per_year(OBS, "e", 308)
    assert coverage.gaps(cov) == [(1991, 1993)]
    one = pd.DataFrame({"year": [2000, 2001, 2002, 2003, 2004], "n": [5, 0, 5, 0, 0], "total": 9})
    assert coverage.gaps(one) == [(2001, 2001), (2003, 2004)]


def test_summary_and_table_say_how_many_of_all():
    cov = coverage.per_year(OBS, "e", 308)
    assert coverage.summary(cov, "en") == [
        "1–3 of 308 municipalities have a value per year (1990–1995).",
        "No data at all for 1991–1993.",
    ]
    tab = coverage.table(cov, "en")
    assert tab.iloc[0].tolist() == ["1995", "1 of 308", 0.3]  # 1/308 = 0.32 %
    assert tab.iloc[1, 1] == "3 of 308"


def test_one_municipality_a_year_is_said_in_the_singular():
    # "x" has one municipality (A) in 1992 only: 1 of 308 has a value, where a range "1–3" reads as many.
    cov = coverage.per_year(OBS, "x", 308)
    assert coverage.summary(cov, "en") == ["1 of 308 municipalities has a value per year (1992)."]
    assert coverage.summary(cov, "fi") == ["Arvo on vuosittain 1 kunnalla (kuntia yhteensä 308), 1992."]
    assert coverage.summary(cov, "sv") == ["1 av 308 kommuner har ett värde per år (1992)."]


def test_unknown_indicator_gives_an_empty_table():
    cov = coverage.per_year(OBS, "nothing", 308)
    assert cov.empty and list(cov.columns) == ["year", "n", "total"]
    assert coverage.summary(cov, "fi") == []


def test_latest_year_share_counts_each_indicator_in_its_own_latest_year():
    # 3 municipalities (A, B, C) have data; "e" ends in 1995 with A only: 1/3; "x" ends in 1992 with A: 1/3.
    # "f": 2 of the 3 in its latest year 2000 (C's 1999 value does not count).
    more = pd.DataFrame(
        {
            "municipality": ["A", "B", "C"],
            "indicator": ["f", "f", "f"],
            "year": [2000, 2000, 1999],
            "value": [1.0, 1.0, 1.0],
        }
    )
    shares = coverage.latest_year_share(pd.concat([OBS, more], ignore_index=True))
    assert shares == {"e": 1 / 3, "f": 2 / 3, "x": 1 / 3}
    assert coverage.latest_year_share(OBS.iloc[:0]) == {}
