"""The trends page's words and download tables (projection.view) and the link's target screening, on literal
data; every expected text is written out by hand."""

from __future__ import annotations

import math

import pandas as pd

from foresight.projection import targets as tg
from foresight.projection import view as pv
from foresight.projection.view import ProjectionView

NB, MINUS = "\u00a0", "\u2212"


def test_values_and_spans_carry_the_unit_once() -> None:
    assert pv.value_text(126555, 0, "persons", "en") == f"126,555{NB}persons"
    assert pv.span(126555.4, 131634.2, 0, "persons", "en") == f"126,555–131,634{NB}persons"
    assert pv.span(126555, 131634, 0, "persons", "fi") == f"126{NB}555–131{NB}634{NB}as."


def test_change_text_is_per_cent_for_sizes_and_units_for_rates() -> None:
    assert pv.change_text(0.74, "relative", 0, "persons", "en") == "+0.7 %"
    assert pv.change_text(0.4, "absolute", 1, "percent", "en") == f"+0.4{NB}pp"  # a share changes in points
    assert (
        pv.change_text(-120, "absolute", 0, "eur_per_inhabitant", "en") == f"{MINUS}120{NB}€ per inhabitant"
    )
    assert [pv.change_text(v, "relative", 0, "persons", "en") for v in (None, math.nan, math.inf)] == [
        "–"
    ] * 3


def test_note_text_names_the_method_and_rounds_decimals() -> None:
    assert (
        pv.note_text("projection.note.method_unavailable", {"method": "drift"}, "en")
        == "This method (average yearly change) cannot project this series; choose another one."
    )
    assert "(relative error 1.23)" in pv.note_text("projection.note.weak_indicator", {"ratio": 1.234}, "en")
    assert pv.note_text("projection.note.data_ends", {"last_year": 2025, "n": 5}, "en").startswith(
        "The data end in 2025, so this projects 5 years ahead."
    )
    assert pv.note_text("projection.note.data_ends", {"last_year": 2029, "n": 1}, "en").startswith(
        "The data end in 2029, so this projects 1 year ahead."
    )


def test_history_values_list_every_year() -> None:
    history = pd.Series([4.4, 5.12], index=[1996, 1997])
    assert pv.history_values(history, 1, "percent", "en") == f"1996: 4.4{NB}%, 1997: 5.1{NB}%"


END = {
    "mean": 132000.4,
    "lower_80": 127500.0,
    "upper_80": 136700.0,
    "lower_95": 125000.0,
    "upper_95": 139000.0,
}


def test_headline_gives_the_value_and_both_bands() -> None:
    assert pv.headline(END, 2030, 0, "persons", "en") == (
        f"If things go on as before, the value in 2030 is most likely about 132,000{NB}persons: "
        f"127,500–136,700{NB}persons with 80 % probability and 125,000–139,000{NB}persons with 95 % probability."
    )
    # Finnish ends on the unit "as.": one full stop, not two
    assert pv.headline(END, 2030, 0, "persons", "fi").endswith(f"125{NB}000–139{NB}000{NB}as.")


def test_estimates_are_rounded_to_what_their_band_allows() -> None:
    # A tenth of the 80 % band's width, down to a power of ten, never finer than the indicator's decimals.
    kuopio = {
        "mean": 132011.0,
        "lower_80": 128280.0,
        "upper_80": 135742.0,
        "lower_95": 126263.0,
        "upper_95": 137759.0,
    }
    assert pv.shown_decimals(kuopio, 0) == -2  # width 7 462 → 746 → hundreds
    assert pv.shown_decimals({"lower_80": 716000.0, "upper_80": 756000.0}, 0) == -3  # 40 000 → thousands
    assert (
        pv.shown_decimals({"lower_80": 195.0, "upper_80": 215.0}, 0) == 0
    )  # 20 → 2 → ones: Kökar stays exact
    assert pv.shown_decimals({"lower_80": 6.1, "upper_80": 8.3}, 1) == 1  # 2.2 → 0.22 → tenths
    assert pv.shown_decimals({"lower_80": 6.14, "upper_80": 6.19}, 1) == 1  # never finer than the catalogue
    assert pv.shown_decimals({"lower_80": 5.0, "upper_80": 5.0}, 1) == 1  # no band: the catalogue's
    assert pv.about_text(132011.0, -2, "persons", "fi") == f"noin 132{NB}000{NB}as."
    assert pv.about_text(132986.0, -2, "persons", "sv") == f"cirka 133{NB}000{NB}inv."
    assert pv.about_text(736476.0, -3, "persons", "en") == f"about 736,000{NB}persons"
    assert pv.headline(kuopio, 2030, 0, "persons", "fi") == (
        f"Jos kehitys jatkuu entisenlaisena, arvo on vuonna 2030 todennäköisimmin noin 132{NB}000{NB}as.: "
        f"80 %:n todennäköisyydellä 128{NB}300–135{NB}700{NB}as. ja 95 %:n todennäköisyydellä "
        f"126{NB}300–137{NB}800{NB}as."
    )


def test_card_labels_say_what_the_figures_are() -> None:
    assert pv.trend_label("with_official", 2030, "fi") == "Arvio 2030 (trendin ja ennusteen keskiarvo)"
    assert pv.trend_label("with_official", 2030, "sv") == "Uppskattning 2030 (medeltal av trend och prognos)"
    assert pv.trend_label("pooled", 2030, "en") == "Trend 2030"
    # The 2024 edition was published for 2024, 2035 and 2040: 2030 is derived, 2035 is Statistics Finland's.
    assert pv.official_label("2024", 2030, "fi") == (
        "Tilastokeskuksen ennusteesta johdettu 2030",
        "väestöennuste 2024, julkaistu vain vuosille 2024, 2035 ja 2040",
    )
    assert pv.official_label("2024", 2030, "en")[0] == "Derived from Statistics Finland's projection, 2030"
    assert pv.official_label("2024", 2035, "fi") == ("Tilastokeskus 2035", "väestöennuste 2024")
    assert pv.official_label("2019", 2030, "sv") == ("Statistikcentralen 2030", "befolkningsprognos 2019")


def test_the_summary_is_one_plain_sentence() -> None:
    desc = {
        "method": "with_official",
        "trend_method": "pooled",
        "error": 1.2,
        "error_kind": "percent",
        "error_horizon": 5,
    }
    assert pv.summary(desc, "fi", 0, "persons") == (
        "Viiva on viime vuosien kehityksen ja Tilastokeskuksen väestöennusteen keskiarvo; menneinä vuosina pelkkä "
        "trendi osui 5 vuoden päähän keskimäärin 1 % ohi, ja vyöhyke näyttää, kuinka paljon arvo voi poiketa "
        "viivasta."
    )
    rate = {"method": "linear", "error": 0.84, "error_kind": "points", "error_horizon": 1}
    assert pv.summary(rate, "en", 1, "percent") == (
        "The line carries the last years' course on in the same direction; on past years such lines missed the "
        "value a year ahead by 0.8 percentage points on average, and the shaded band shows how far the value may "
        "stray from the line."
    )
    untested = {"method": "naive", "error": None}
    assert pv.summary(untested, "sv", 1, "percent").startswith(
        "Linjen håller det senaste värdet oförändrat; serien"
    )
    for text in (
        pv.summary(d, lang, 1, "percent") for d in (desc, rate, untested) for lang in ("fi", "sv", "en")
    ):
        assert text.count(". ") == 0 and text.endswith(".")  # one sentence
        assert "trendiosa" not in text and "trend part" not in text  # no method names in the plain line


def test_official_at_prefers_the_newest_edition() -> None:
    official = pd.DataFrame(
        {
            "edition": ["2019", "2024", "2024"],
            "year": [2030, 2030, 2035],
            "official": [130000.0, 131000.0, 133000.0],
        }
    )
    row = pv.official_at(official, 2030)
    assert row is not None and (row["edition"], row["official"]) == ("2024", 131000.0)
    assert pv.official_at(official, 2040) is None
    assert pv.official_at(official.iloc[:0], 2030) is None


def test_official_note_says_when_a_year_was_derived() -> None:
    note = {
        "key": "projection.official.inside_80",
        "edition": "2024",
        "year": 2030,
        "official": 131000.0,
        "trend": 132000.0,
        "difference_pct": -0.76,
    }
    text = pv.official_note_text(note, 0, "persons", "en")
    # A derived year is not called Statistics Finland's figure, not even for one clause.
    assert text.startswith(
        f"The figure for 2030 derived from Statistics Finland's projection (2024) is 131,000{NB}persons, inside "
        f"the trend's 80 % band ({MINUS}0.8 % from the trend). The official projection models births"
    )
    assert text.endswith("the workshop wall use.")  # 2030 is not a published year of the 2024 edition
    assert not pv.official_note_text({**note, "year": 2035}, 0, "persons", "en").endswith("wall use.")
    assert not pv.official_note_text({**note, "edition": "2019"}, 0, "persons", "en").endswith("wall use.")
    # The page keeps the comparison and the derivation in sight and puts why they differ under "how".
    short = pv.official_note_text(note, 0, "persons", "en", explain=False)
    assert "births" not in short and short.endswith("the workshop wall use.")
    assert short.startswith(
        "The figure for 2030 derived from Statistics Finland's projection (2024) is 131,000"
    )
    published = pv.official_note_text({**note, "year": 2035}, 0, "persons", "en")
    assert published.startswith("Statistics Finland's projection (2024) for 2035 is 131,000")


RECORD = {
    "origin": 2018,
    "year": 2025,
    "edition": "2019",
    "trend": 1.234,
    "official": 2.0,
    "group_trend": 1.5,
    "group_official": 2.5,
    "n": 3,
}


def test_track_texts_with_the_official_projection_and_the_group() -> None:
    title, body, how = pv.track_texts(RECORD, "en")
    assert title == "Track record: how the projection from 2018 has done"
    assert body == (
        "From the data up to 2018, this method's value for 2025 missed the actual one by 1.2 %; "
        "Statistics Finland's 2019 projection by 2.0 %. Across the 3 municipalities of the comparison group: "
        "this method missed by 1.5 % on average, Statistics Finland's projection by 2.5 %."
    )
    assert how.startswith("The same calculation was run as if it were 2018:")


def test_track_texts_without_an_official_figure_or_a_group() -> None:
    _, body, _ = pv.track_texts({**RECORD, "official": None, "group_official": None}, "en")
    assert body == "From the data up to 2018, this method's value for 2025 missed the actual one by 1.2 %."
    _, alone, _ = pv.track_texts({**RECORD, "n": 1}, "en")
    assert "Across" not in alone  # a group of one says nothing more


def test_rank_text_with_a_range_and_a_fixed_rank() -> None:
    summary = {"most_likely": 3, "peers": 8, "probability": 0.456, "rank_low": 2, "rank_high": 5}
    assert pv.rank_text(summary, 2030, "en") == (
        "Most likely rank among peers in 2030: 3 of 8 (46 %). With 80 % probability the rank is 2–5."
    )
    fixed = {**summary, "probability": 0.999, "rank_low": 3, "rank_high": 3}
    assert pv.rank_text(fixed, 2030, "en") == (
        "Rank among peers in 2030: 3 of 8, almost certainly (100 % probability)."
    )


def test_download_tables_join_observed_and_trend_and_name_the_peers() -> None:
    view = ProjectionView(
        code="297",
        indicator="a_very_long_indicator_id_of_more_than_31",
        history=pd.DataFrame({"year": [2024, 2025], "value": [10.0, 11.0]}),
        forecast=pd.DataFrame({"year": [2026], "mean": [12.0], "method": ["linear"]}),
        description={},
        peer_values=pd.DataFrame(
            {"mean": [12.0, 700000.0], "is_self": [True, False], "method": ["linear", "drift"]},
            index=pd.Index(["297", "091"], name="municipality"),
        ),
    )
    names = pd.Series({"297": "Kuopio", "091": "Helsinki"})
    tables = pv.download_tables(view, names, 2030, "en")
    assert list(tables) == ["a_very_long_indicator_id_of_mor", "peers_2030"]
    own = tables["a_very_long_indicator_id_of_mor"]
    assert list(own.columns) == ["year", "value", "kind", "mean", "method"]
    assert own[["year", "kind"]].values.tolist() == [[2024, "observed"], [2025, "observed"], [2026, "trend"]]
    assert own["method"].iloc[2] == "linear trend" and math.isnan(own["value"].iloc[2])
    assert tables["peers_2030"].values.tolist() == [
        ["297", "Kuopio", 12.0, "linear trend"],
        ["091", "Helsinki", 700000.0, "average yearly change"],
    ]
    assert list(tables["peers_2030"].columns) == ["municipality_code", "municipality", "mean", "method"]
    alone = ProjectionView("297", "population", view.history, view.forecast, {})
    assert list(pv.download_tables(alone, names, 2030, "en")) == ["population"]


def test_linked_targets_outside_the_possible_values_are_dropped() -> None:
    linked = {"population": 700000.0, "unemployment_rate": 150.0, "share": 2e12, "edge": 1e12, "x" * 70: 1.0}
    bounds = {
        "population": (0.0, math.inf),
        "unemployment_rate": (0.0, 100.0),
        "share": (-math.inf, math.inf),
        "edge": (-math.inf, math.inf),
        "x" * 70: (2.0, 3.0),
    }
    kept, dropped = tg.in_bounds(linked, bounds)
    assert kept == {"population": 700000.0, "edge": 1e12}
    assert dropped == ("unemployment_rate:150", "share:2e+12", "x" * 60)
