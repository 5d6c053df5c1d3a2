"""The scenario texts say where each figure comes from: Statistics Finland published the 2024 projection for
2024, 2035 and 2040 only, so a figure for a year between is the model's, never 'official'. Every expected text
is written out by hand; the model's numbers are literal inputs here."""

import json
from pathlib import Path

import pytest

from foresight.i18n import t
from foresight.scenario import display
from foresight.scenario.economy import CAVEAT_KEY, caveat_key, tax_note_key

NB, MINUS = "\u00a0", "\u2212"
LOCALES = Path(__file__).resolve().parents[2] / "foresight" / "locales"


def test_young_adults_on_the_2024_edition_are_the_models_estimate_between_published_years() -> None:
    # Kökar, 2024 edition: the path loses 0.88 young adults a year in 2026–2030 (a year Statistics Finland
    # did not publish); with the lever at +5 their net migration is −0.88 + 5 = 4.12 → +4.
    fi = display.young_assumed_text(-0.88, 5.0, "Kökar", "2024", "fi")
    assert fi.startswith(
        "Mallin arvio Tilastokeskuksen vuoden 2024 ennusteen julkaistujen vuosien 2024 ja 2035"
    )
    assert "Kökar menettää muuttotappiona vuosittain noin 1 nuoren aikuisen" in fi
    assert "Virallinen ennuste olettaa" not in fi
    assert fi.endswith("Valinnallasi heidän nettomuuttonsa on +4 henkeä vuodessa.")
    sv = display.young_assumed_text(-0.88, 0.0, "Kökar", "2024", "sv")
    assert sv.startswith("Modellens uppskattning") and "den officiella prognosen antar" not in sv.lower()
    assert "cirka 1 ung vuxen" in sv
    en = display.young_assumed_text(-2.42, 0.0, "Sund", "2024", "en")
    assert en.startswith("The model's estimate between the published years 2024 and 2035")
    assert "Sund loses about 2 young adults" in en and "official projection already assumes" not in en
    assert en.endswith(f"With your choice, their net migration is {MINUS}2 a year.")


def test_young_adults_on_the_2019_edition_keep_the_official_wording_with_its_year() -> None:
    # the 2019 edition is published for every year: its 2026–2030 is Statistics Finland's own path
    fi = display.young_assumed_text(-3.59, 0.0, "Sund", "2019", "fi")
    assert fi.startswith(
        "Virallinen ennuste olettaa jo, että Sund menettää muuttotappiona vuosittain noin 4 nuorta"
    )
    assert "Tilastokeskuksen ennuste 2019" in fi
    en = display.young_assumed_text(350.71, 0.0, "Kuopio", "2019", "en")
    assert en.startswith("The official projection already assumes that Kuopio gains about 351 young adults")
    assert "Statistics Finland's 2019 projection" in en


def test_under_half_a_young_adult_is_said_as_such_not_as_about_zero() -> None:
    # Sottunga, 2024 edition: +0.33 a year rounds to 0 — "gains about 0 young adults" said nothing true
    for lang in ("fi", "sv", "en"):
        text = display.young_assumed_text(0.33, 0.0, "Sottunga", "2024", lang)
        assert " 0 " not in text.split(".")[0], text
    assert "alle puoli henkeä" in display.young_assumed_text(0.33, 0.0, "Sottunga", "2024", "fi")
    assert "under half a person" in display.young_assumed_text(-0.4, 0.0, "Sottunga", "2019", "en")


def test_the_answer_names_its_baseline_published_or_modelled() -> None:
    found = {"year": 2030, "total": 131000.0, "difference": -1986.0, "start": 2024, "end": 2040}
    between = display.answer_text({**found, "children_change_pct": -5.0}, "Kuopio", "en", "2024")
    assert between == (
        "Kuopio 2030: 131,000 residents, 1,986 fewer than in the baseline (the model's estimate between the "
        f"published years of Statistics Finland's 2024 projection); children aged 0–6 in 2040: {MINUS}5 % "
        "against 2024."
    )
    published = display.answer_text(
        {**found, "year": 2035, "children_change_pct": -5.0}, "Kuopio", "fi", "2024"
    )
    assert f"1{NB}986 vähemmän kuin Tilastokeskuksen vuoden 2024 ennusteessa;" in published
    old = display.answer_text(
        {**found, "start": 2019, "difference": 0.2, "children_change_pct": 1.0}, "Kuopio", "sv", "2019"
    )
    assert "lika många som i Statistikcentralens prognos från 2019;" in old


def test_key_figure_help_and_between_note_per_year() -> None:
    assert "2024" in display.metric_help(2035, "2024", "en") and "model" not in display.metric_help(
        2035, "2024", "en"
    )
    help_2030 = display.metric_help(2030, "2024", "fi")
    assert "mallin arvio" in help_2030 and "2030" in help_2030
    assert "2019" in display.metric_help(2030, "2019", "sv")
    assert display.between_note("2019", (2030, 2035, 2040), "fi") is None
    assert display.between_note("2024", (2035, 2040), "fi") is None
    note = display.between_note("2024", (2030, 2035, 2040), "en")
    assert note is not None and "2030" in note and "model" in note and "not Statistics Finland's" in note


def test_the_baseline_line_of_the_2024_edition_says_its_years_between_are_modelled() -> None:
    assert "model" in display.line_names("2024", "x", "en")["baseline"]
    assert (
        display.line_names("2019", "x", "en")["baseline"] == "Statistics Finland's 2019 projection (baseline)"
    )


def test_small_caution_says_what_jumps_and_why() -> None:
    # 2019 edition: the baseline is Statistics Finland's published figures by age in whole persons, unsmoothed
    old = display.small_caution(84.0, "2019", "fi")
    assert old is not None and "kokonaisina henkilöinä" in old and "ei ole tasoitettu" in old
    # 2024 edition: births between published years are read from the next published year's ages
    new = display.small_caution(120.0, "2024", "en")
    assert new is not None and "2024, 2035 and 2040" in new and "born" in new
    assert "evenly" not in new  # a cohort born between published years is not spread evenly


def test_economy_notes_for_aland_and_helsinki() -> None:
    # Åland's municipal tax rates were not cut in 2023 (Kökar 19.7 %, Mariehamn 17.0 % in 2026)
    assert tax_note_key("21") != tax_note_key("11")
    assert "12,64" not in t(tax_note_key("21"), "fi") and "12,64" in t(tax_note_key("11"), "fi")
    # Helsinki arranges its health and social services itself, not a wellbeing services county
    assert caveat_key("01", "091") != CAVEAT_KEY and caveat_key("01", "092") == CAVEAT_KEY
    assert "Helsinki" in t(caveat_key("01", "091"), "fi")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_no_text_calls_a_between_year_official(lang: str) -> None:
    # The texts that name a year between 2024 and 2035 (2026–2030) must not attribute it to Statistics Finland
    # unless they are the 2019 edition's.
    texts = json.loads((LOCALES / lang / "scenario.json").read_text(encoding="utf-8"))
    modelled = {k: v for k, v in texts.items() if k.startswith("scenario.young.modelled")}
    assert len(modelled) == 3  # one, other, none
    official = (
        "Virallinen ennuste olettaa",
        "officiella prognosen antar",
        "official projection already assumes",
    )
    assert not any(o in v for v in modelled.values() for o in official)


@pytest.mark.parametrize(("lang", "year_words"), [("fi", "vuoden 2019"), ("sv", "från 2019"), ("en", "2019")])
def test_method_names_the_edition_the_mortality_and_movers_come_from(lang: str, year_words: str) -> None:
    # build_baseline takes the movers' profile (2020–2030) and the death probabilities from the annual 2019
    # edition whichever edition is the baseline; the 2024 edition has no annual figures to take them from
    assert year_words in t("scenario.method.mortality", lang)
    movers = t("scenario.method.movers", lang)
    assert year_words in movers and "2020–2030" in movers
    # neutral levers give the baseline, which is Statistics Finland's only in published years on 2024
    assert "2024" in t("scenario.method.summary", lang)


def test_a_handful_of_children_is_said_in_persons_not_per_cent() -> None:
    # Kökar, 2019 edition: 3 children aged 0–6 in 2019, 9 in 2040 — "+200 %" of three children misleads
    found = {"year": 2030, "total": 246.0, "difference": 0.0, "start": 2019, "end": 2040}
    few = {**found, "children_start": 3.0, "children_end": 9.0, "children_change_pct": 200.0}
    assert display.answer_text(few, "Kökar", "en", "2019") == (
        "Kökar 2030: 246 residents, as many as in Statistics Finland's 2019 projection; "
        "children aged 0–6 in 2040: 9, in 2019: 3."
    )
    assert display.answer_text(few, "Kökar", "fi", "2019").endswith(
        "0–6-vuotiaita vuonna 2040 9, vuonna 2019 3."
    )
    # Kuopio, 2019 edition: 7 854 → 6 609 is −15.85 %, said in per cent
    many = {**found, "children_start": 7854.0, "children_end": 6609.0, "children_change_pct": -15.85}
    assert display.answer_text(many, "Kuopio", "en", "2019").endswith(f"2040: {MINUS}16 % against 2019.")


def test_compare_answer_gives_the_children_in_persons_too() -> None:
    import pandas as pd

    from foresight.scenario.compare import answer

    rows = [
        ("x", "total", 2019, 100.0),
        ("x", "total", 2030, 110.0),
        ("baseline", "total", 2030, 104.0),
        ("x", "0_6", 2019, 3.0),
        ("x", "0_6", 2040, 9.0),
    ]
    series = pd.DataFrame(rows, columns=["scenario", "measure", "year", "value"])
    found = answer(series, "x")
    assert found is not None
    assert (found["children_start"], found["children_end"], found["difference"]) == (3.0, 9.0, 6.0)
    assert found["children_change_pct"] == 200.0


@pytest.mark.parametrize(
    ("lang", "source"), [("fi", "vuoden 2019"), ("sv", "från 2019"), ("en", "2019 projection")]
)
def test_movers_chart_says_its_source_and_years(lang: str, source: str) -> None:
    caption = t("scenario.movers.caption", lang)
    assert source in caption and "2020–2030" in caption


def test_downloaded_key_figures_mark_which_baseline_years_are_published(base19, base24) -> None:
    from foresight.scenario.compare import export_tables, run
    from foresight.scenario.scenario import preset

    chosen = preset("drifting")
    for base, expected in ((base24, {2030: False, 2040: True}), (base19, {2030: True, 2040: True})):
        results, _ = run(base, [chosen], ["297"])
        outcomes = export_tables(results, "297", None, {chosen.name: chosen})["outcomes"]
        marked = outcomes.drop_duplicates("year").set_index("year")["published"].to_dict()
        assert marked == expected
