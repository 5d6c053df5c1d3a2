"""The trends page under AppTest: the trend, its method and error in words, the official projection,
peers, targets and the link, for several municipalities and all three languages (real snapshot data)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.app.conftest import moved, places, run_app, texts, widget

PAGE = "pages/trends.py"


def number_input(at, indicator: str = "population"):  # type: ignore[no-untyped-def]
    """The 2030 target field: a text field that reads numbers as the language writes them."""
    return at.text_input(key=f"w_trend_target_{indicator}_{at.session_state['lang']}")


def charts(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(c.proto.id) for c in at.get("plotly_chart")]


@pytest.mark.parametrize(
    ("code", "lang", "heading", "expected"),
    [
        ("091", "fi", "Helsinki: mihin nykyinen suunta vie?", "Väkiluku: toteutunut ja trendi vuoteen 2030"),
        (
            "297",
            "sv",
            "Kuopio: vart leder den nuvarande riktningen?",
            "Folkmängd: utfall och trend till 2030",
        ),
        (
            "020",
            "en",
            "Akaa: where is the current direction heading?",
            "Population: observed and trend to 2030",
        ),
        ("318", "fi", "Kökar: mihin nykyinen suunta vie?", "Väkiluku: toteutunut ja trendi vuoteen 2030"),
    ],
)
def test_population_trend_in_every_language(code: str, lang: str, heading: str, expected: str) -> None:
    at = run_app(PAGE, municipality=code, lang=lang)
    assert not at.exception
    assert at.title[0].value == heading
    assert at.header[0].value == expected
    assert len(at.get("plotly_chart")) == 3  # trend, peers with whiskers, rank distribution
    body = texts(at)
    # The backtested error in words, the data's end and the bands, the sources with licence and year.
    assert {
        "fi": "Menneillä vuosilla testattuna",
        "sv": "Testad på tidigare år",
        "en": "Tested on past years",
    }[lang] in body
    assert {"fi": "Tiedot päättyvät vuoteen 2025", "sv": "2025", "en": "The data end in 2025"}[lang] in body
    assert "CC BY 4.0" in body
    assert at.query_params["trend_indicator"] == "population"
    assert at.query_params["trend_until"] == "2030"


def test_helsinki_official_projection_beside_the_trend() -> None:
    at = run_app(PAGE, municipality="091", lang="en")
    body = texts(at)
    # One 2030 reference: the newest (2024) edition, its 2030 figure derived between the published years.
    assert "The figure for 2030 derived from Statistics Finland's projection (2024) is" in body
    assert "The 2030 figure is not one Statistics Finland published" in body
    assert "The official projection models births, deaths and migration" in body
    # The cards say what their figures are: the default line is the average of the trend and the official
    # projection, and 2030 is not a year the 2024 edition was published for (2024, 2035, 2040).
    labels = [m.label for m in at.metric]
    assert labels[:3] == [
        "Latest data (2025)",
        "Estimate 2030 (trend and projection averaged)",
        "Derived from Statistics Finland's projection, 2030",
    ]
    assert at.metric[2].proto.delta == "projection 2024, published for 2024, 2035 and 2040 only"
    # Estimates to 2030 rounded to what their 80 % band allows (≈ 40 000 wide: thousands).
    assert re.fullmatch(r"about \d{3},000\xa0persons", at.metric[1].value), at.metric[1].value
    assert re.fullmatch(r"about \d{3},000\xa0persons", at.metric[2].value), at.metric[2].value
    # Helsinki's population at the end of 2025 (StatFin 11re, the August 2026 answer).
    assert at.metric[0].value == "694,392\xa0persons"
    assert "80 %:" in str(at.metric[1].proto.delta)


def test_method_override_and_horizon() -> None:
    at = run_app(PAGE, municipality="297", lang="fi")
    assert "Menetelmä valittiin automaattisesti" in texts(at)
    widget(at, "selectbox", "trend_method").set_value("linear").run()
    assert not at.exception
    body = texts(at)
    assert "Menetelmä: lineaarinen trendi." in body and "Itse valittu menetelmä." in body
    assert at.metric[1].label == "Trendi 2030"  # a trend alone is called a trend
    assert at.query_params["trend_method"] == "linear"
    widget(at, "segmented_control", "trend_until").set_value("2040").run()
    assert not at.exception
    assert at.header[0].value == "Väkiluku: toteutunut ja trendi vuoteen 2040"
    assert "Vertailukuntien ennusteet vuodelle 2040" in texts(at)
    assert "ennuste ulottuu 15 vuoden päähän" in texts(at)
    assert at.query_params["trend_until"] == "2040"
    # 2040 has the 2024 edition: the metric names it.
    assert "väestöennuste 2024" in str(at.metric[2].proto.delta)
    assert at.metric[2].label == "Tilastokeskus 2040"  # a published year of the 2024 edition


def test_target_verdicts_and_link() -> None:
    at = run_app(PAGE, municipality="297", lang="en")
    assert "Once you enter a target" in texts(at)
    number_input(at).input("130000").run()  # the 2030 value is about 132 000, 80 % band ≈ 127 500–136 700
    assert not at.exception
    assert "The target is within the trend band" in texts(at)
    # Kuopio's default line is the average with the official projection: the caption calls it that.
    assert "Estimate in 2030 (trend and projection averaged): " in texts(at)
    assert at.query_params["targets"] == "population:130000"
    labels = [m.label for m in at.metric]
    assert "Needed a year" in labels and "Own change a year" in labels and "Fastest peer" in labels
    number_input(at).input("400000").run()
    assert "The target needs faster change than any peer has achieved" in texts(at)
    number_input(at).input("138000").run()  # +1.7 % a year from 126 572 in 2025
    assert "The target is ambitious but has been seen among peers" in texts(at)
    at.button(key="trend_target_clear").click().run()
    assert "Once you enter a target" in texts(at)
    assert "targets" not in at.query_params


def test_target_from_the_link_and_against_polarity() -> None:
    at = run_app(
        PAGE,
        municipality="091",
        lang="fi",
        trend_indicator="unemployment_rate",
        targets="unemployment_rate:25",
    )
    assert not at.exception
    assert not at.first_warnings  # type: ignore[attr-defined]
    body = texts(at)
    assert "Huomaa: tavoite on indikaattorin heikompaan suuntaan." in body
    assert number_input(at, "unemployment_rate").value == "25,0"
    assert "Tiedot päättyvät vuoteen 2018, joten ennuste ulottuu 12 vuoden päähän." in body


def test_bad_link_values_warn_and_fall_back() -> None:
    at = run_app(
        PAGE,
        municipality="297",
        lang="en",
        trend_indicator="nonsense",
        trend_method="magic",
        trend_until="2099",
        targets="population:lots,gini:1e300,nonsense:3,population:-5",
    )
    assert not at.exception
    warned = " ".join(str(w.value) for w in at.warning)
    assert "The link's indicator was not recognised" in warned
    assert "The link's method was not recognised" in warned
    assert "The link's end year was not recognised" in warned
    assert "population:lots" in warned and "nonsense:3" in warned and "population:-5" in warned
    assert at.query_params["trend_indicator"] == "population"
    assert at.query_params["trend_method"] == "auto"
    assert at.query_params["trend_until"] == "2030"
    assert "targets" not in at.query_params
    assert at.header[0].value == "Population: observed and trend to 2030"


def test_too_little_history_says_so_without_a_chart() -> None:
    # Askola has four years of child psychiatric care figures: too few to project.
    at = run_app(PAGE, municipality="018", lang="fi", trend_indicator="mental_health_care_minors_per_1000")
    assert not at.exception
    body = texts(at)
    assert "Liian vähän historiaa ennusteeseen: 4 vuoden tiedot, vähintään 5 tarvitaan." in body
    assert "Kuvaajaa ei piirretä" in body
    assert not at.get("plotly_chart")
    assert "Saatavilla olevat arvot: 1996: 4,4" in body
    assert "Trendi lasketaan indikaattorin viimeisten 15 vuoden tiedoista (1997–2011)." in body


def test_other_indicator_and_language_switch() -> None:
    at = run_app(PAGE, municipality="020", lang="fi", trend_indicator="share_65_plus")
    assert not at.exception
    assert at.header[0].value == "Yli 64-vuotiaiden osuus: toteutunut ja trendi vuoteen 2030"
    assert "prosenttiyksikköä" in texts(at)  # a share's error is said in percentage points
    widget(at, "radio", "lang").set_value("sv").run()
    assert not at.exception
    assert widget(at, "selectbox", "trend_indicator").value == "share_65_plus"
    assert at.header[0].value == "Andel över 64 år: utfall och trend till 2030"


def test_method_that_cannot_take_the_series() -> None:
    # Net migration turns negative, so a constant % change (log-linear) cannot project it.
    at = run_app(
        PAGE, municipality="091", lang="en", trend_indicator="net_migration", trend_method="log_linear"
    )
    assert not at.exception
    body = texts(at)
    assert "This method (log-linear trend) cannot project this series; choose another one." in body
    assert not at.get("plotly_chart")
    widget(at, "selectbox", "trend_method").set_value("auto").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 3


def test_chart_draws_trend_bands_official_and_target() -> None:
    import json

    at = run_app(PAGE, municipality="297", lang="fi", trend_until="2035", targets="population:135000")
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    traces = {t.get("name"): t for t in spec["data"] if t.get("name")}
    # Population's default line is the average of trend and projection: the legend names it as the card does.
    line = "Arvio (trendin ja ennusteen keskiarvo)"
    assert "Trendi" not in traces
    assert traces[line]["line"]["dash"] == "dash"
    assert traces[line]["x"][0] == 2025 and traces[line]["x"][-1] == 2035
    assert traces["80 %:n vyöhyke"]["fill"] == "tonexty" and traces["95 %:n vyöhyke"]["fill"] == "tonexty"
    official_2019 = traces["Tilastokeskuksen väestöennuste 2019"]
    # A line for every year (with open circles, so it differs from the 2024 edition by more than its shade).
    assert official_2019["mode"] == "lines+markers" and official_2019["x"][-1] == 2035
    assert official_2019["line"]["dash"] == "dot" and official_2019["marker"]["symbol"] == "circle-open"
    # The 2024 edition as a path for every year to the horizon, its published years 2024 and 2035 as diamonds.
    official_2024 = [t for t in spec["data"] if t.get("name") == "Tilastokeskuksen väestöennuste 2024"]
    assert official_2024[0]["x"][0] == 2024 and official_2024[0]["x"][-1] == 2035
    assert official_2024[0]["mode"] == "lines" and official_2024[0]["line"]["dash"] == "dashdot"
    assert official_2024[1]["x"] == [2024, 2035] and official_2024[1]["mode"] == "markers"
    assert traces["Tavoite 2030"]["x"] == [2030] and traces["Tavoite 2030"]["y"] == [135000.0]
    ranks = json.loads(at.get("plotly_chart")[2].proto.spec)["data"][0]["y"]
    if isinstance(ranks, dict):  # plotly sends arrays as typed base64
        import base64

        import numpy as np

        ranks = np.frombuffer(base64.b64decode(ranks["bdata"]), dtype=ranks["dtype"]).tolist()
    assert abs(sum(ranks) - 100) < 1.5  # probabilities of the ranks shown, in %


def test_track_records_from_2018_and_2011() -> None:
    """The track records name Statistics Finland's 2019 projection's miss for 2025 and its 2012 projection's
    miss for 2020 (Kuopio; the 2019 edition's age groups summed, the 2012 edition's merged parts summed),
    worked out here straight from the snapshot tables against the observed population."""
    from foresight.snapshot import load_snapshot, load_table

    snap = load_snapshot()
    obs = snap.observations
    kuopio = obs[(obs["indicator"] == "population") & (obs["municipality"] == "297")].set_index("year")[
        "value"
    ]

    def miss(table: pd.DataFrame, edition: str, year: int) -> float:
        rows = table[
            (table["edition"] == edition) & (table["municipality"] == "297") & (table["year"] == year)
        ]
        return abs(float(rows["value"].sum()) - kuopio[year]) / kuopio[year] * 100

    miss_2019 = miss(snap.official_projections, "2019", 2025)
    miss_2012 = miss(load_table("past_projections"), "2012", 2020)
    at = run_app(PAGE, municipality="297", lang="en")
    assert not at.exception
    body = texts(at)
    assert "Track record: how the projection from 2018 has done" in body
    assert f"Statistics Finland's 2019 projection by {miss_2019:.1f} %" in body
    assert "Across the" in body and "municipalities of the comparison group" in body
    assert "Track record: how the projection from 2011 has done" in body
    assert "From the data up to 2011, this method's value for 2020 missed the actual one by" in body
    assert f"Statistics Finland's 2012 projection by {miss_2012:.1f} %" in body
    captions = " ".join(str(c.value) for c in at.caption)
    assert "Statistics Finland's 2012 population projection for 2020 comes from THL's Sotkanet" in captions
    shares = re.findall(r"Across all 308 municipalities the actual value fell inside this method's 80 % band in "
                        r"(\d+) % of them and inside the 95 % band in (\d+) %", body)  # fmt: skip
    assert len(shares) == 2  # from 2018 and from 2011
    assert all(int(s80) <= int(s95) <= 100 for s80, s95 in shares)


def test_one_2030_reference_on_the_trends_and_scenario_pages() -> None:
    # Issue "the room works" (1): the same Statistics Finland 2030 figure wherever a page shows one.
    trends = run_app(PAGE, municipality="746", lang="fi")
    scenarios = run_app("pages/scenarios.py", municipality="746", lang="fi")
    baseline = next(m.value for m in scenarios.metric if m.label == "Väkiluku 2030")
    # The note under the chart gives the figure exactly; the card gives it rounded to the trend band's step.
    note = next(str(i.value) for i in trends.info if "vuodelle 2030 on" in str(i.value))
    exact = re.search(r"vuodelle 2030 on ([\d\xa0]+)\xa0as\.", note)
    assert exact is not None and exact.group(1) == baseline
    card = next(m for m in trends.metric if m.label == "Tilastokeskuksen ennusteesta johdettu 2030")
    number = int(baseline.replace("\xa0", ""))
    shown = int(re.sub(r"\D", "", card.value))
    assert card.value.startswith("noin ")
    assert any(shown == round(number, -k) for k in range(4)), (card.value, baseline)


def test_charts_let_a_phone_scroll_past_them() -> None:
    import json

    at = run_app(PAGE, municipality="297", lang="fi")
    chart = at.get("plotly_chart")[0].proto
    assert json.loads(chart.spec)["layout"]["dragmode"] is False
    config = json.loads(chart.config)
    assert config["scrollZoom"] is False and config["doubleClick"] is False


def test_a_single_year_indicator_says_why_it_has_no_trend() -> None:
    # Operating margin: the 2019 finance key figures only (one year).
    at = run_app(PAGE, municipality="297", lang="fi", trend_indicator="operating_margin_eur")
    assert not at.exception
    assert (
        "Toimintakate: tietoa on vain vuodelta 2019, eikä yhdestä vuodesta voi laskea trendiä."
        in " ".join(str(w.value) for w in at.warning)
    )
    assert "Ei trendiä näille indikaattoreille (liian vähän vuosia): " in texts(at)
    assert "Toimintakate (2019)" in texts(at)
    # The list sits folded under a label that counts it (21 indicators have a single year or two).
    labels = [e.label for e in at.expander]
    folded = [x for x in labels if x.endswith("indikaattorille ei ole trendiä (liian vähän vuosia)")]
    caption = next(c.value for c in at.caption if c.value.startswith("Ei trendiä näille"))
    assert len(folded) == 1 and int(folded[0].split()[0]) == len(re.findall(r" \(\d{4}\)", caption))


def test_a_failed_recent_check_is_said_in_words_with_its_years(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page shows the note of foresight.projection.view as text naming both years. On the real
    snapshot no indicator's current trend failed a recent check while its pooled ratio is below 1, so
    the check is stubbed here for share_15_64 (the page wiring is tested, not the figures)."""
    from foresight.projection import batch as B
    from foresight.ui import projection_cache

    real = B.IndicatorProjection.worst_recent_check

    def stub(self: B.IndicatorProjection, horizon: int = 5, newest: int = 3) -> B.RecentCheck | None:
        if self.indicator == "share_15_64":
            return B.RecentCheck("combined", 2020, 2025, 2.7, 2.6)
        return real(self, horizon, newest)

    monkeypatch.setattr(B.IndicatorProjection, "worst_recent_check", stub)
    projection_cache._view.clear()  # views built before the stub must not be served
    try:
        at = run_app(PAGE, municipality="020", lang="fi", trend_indicator="share_15_64")
        assert not at.exception
        captions = [str(c.value) for c in at.caption]
        assert (
            "Tarkistuksessa, jossa trendi laskettiin vain vuoden 2020 tietoihin asti, sen arviot vuodelle "
            "2025 osuivat kunnissa keskimäärin enemmän ohi kuin pelkkä vuoden 2020 arvo. "
            "Suhtaudu trendiin varauksella." in captions
        )
    finally:
        projection_cache._view.clear()


# ---------------------------------------------------------------- the target as people write numbers
# A browser's number field dropped the decimal comma: "7,5" became 75, ten times off and without a word.


@pytest.mark.parametrize(("lang", "typed"), [("fi", "7,5"), ("sv", "7,5"), ("en", "7.5"), ("fi", "7.5")])
def test_target_typed_with_the_languages_decimal_mark_is_kept_in_the_link(lang: str, typed: str) -> None:
    at = run_app(PAGE, municipality="091", lang=lang, trend_indicator="unemployment_rate")
    number_input(at, "unemployment_rate").input(typed).run()
    assert not at.exception and not at.error
    assert at.session_state["trend_targets"] == {"unemployment_rate": 7.5}
    assert at.query_params["targets"] == "unemployment_rate:7.5"
    assert number_input(at, "unemployment_rate").value == ("7.5" if lang == "en" else "7,5")


def test_a_refused_target_text_says_what_to_write_and_keeps_the_target() -> None:
    at = run_app(PAGE, municipality="091", lang="fi", trend_indicator="unemployment_rate")
    number_input(at, "unemployment_rate").input("\u22122,5").run()  # a rate cannot fall below 0
    assert at.error[0].value == "Kirjoita luku, joka on vähintään 0 ja enintään 100."
    assert "targets" not in at.query_params
    number_input(at, "unemployment_rate").input("7,5").run()
    before = places(at)
    number_input(at, "unemployment_rate").input("7,5 %").run()
    assert at.error[0].value == (
        "”7,5 %” ei ole luku. Kirjoita luku, esimerkiksi 2,5. Käytössä on edelleen 7,5."
    )
    assert not moved(before, at)  # the refusal, said once, does not push the target's button down
    assert at.session_state["trend_targets"] == {"unemployment_rate": 7.5}
    assert at.query_params["targets"] == "unemployment_rate:7.5"
    assert number_input(at, "unemployment_rate").value == "7,5"  # the field shows the target in use
    number_input(at, "unemployment_rate").input("1,234.5").run()
    assert "voi tarkoittaa kahta eri lukua" in at.error[0].value
    assert at.session_state["trend_targets"] == {"unemployment_rate": 7.5}
    at.switch_page(PAGE).run()  # the message is said once; the target stays
    assert not at.error and at.session_state["trend_targets"] == {"unemployment_rate": 7.5}
    assert not moved(before, at)
    number_input(at, "unemployment_rate").input("").run()  # an empty field clears the target, as before
    assert "targets" not in at.query_params and not at.error


def test_a_swedish_target_with_a_thousands_space() -> None:
    at = run_app(PAGE, municipality="297", lang="sv")
    number_input(at).input("130\u00a0000,5").run()
    assert not at.error
    assert at.session_state["trend_targets"] == {"population": 130000.5}
    assert number_input(at).value == "130\u00a0000,5"
    number_input(at).input("1.000").run()  # 1000 with a point for thousands, or one? refused, not guessed
    assert "kan betyda två olika tal" in at.error[0].value
    assert at.session_state["trend_targets"] == {"population": 130000.5}


def test_a_target_outside_the_95_band_says_so_before_the_peer_precedent() -> None:
    # Kuopio 2030: the 95 % range is about 126 300–137 800, so 140 000 is above it, yet a peer grew that fast.
    at = run_app(PAGE, municipality="297", lang="fi")
    number_input(at).input("140000").run()
    said = re.sub(r"\s", " ", next(m.value for m in at.info if "näin nopeaa muutosta on nähty" in m.value))
    band = re.search(
        r"Tavoite 140 000 as\. on trendin 95 %:n vaihteluvälin \((\d+ \d+)–(\d+ \d+) as\.\) yläpuolella", said
    )
    assert band, said
    low, high = (int(g.replace(" ", "")) for g in band.groups())
    assert 120_000 < low < high < 140_000
    assert said.index("yläpuolella") < said.index("näin nopeaa muutosta")
    at_en = run_app(PAGE, municipality="297", lang="en", targets="population:137000")
    said_en = re.sub(r"\s", " ", next(m.value for m in at_en.info if "The target is ambitious" in m.value))
    assert said_en.startswith("The target 137,000") and "above the trend's 80 % range" in said_en


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_method_options_are_short_and_the_backtest_names_the_trend_part(lang: str) -> None:
    # Kuopio's population: the default is the average of the trend and the official projection.
    at = run_app(PAGE, municipality="297", lang=lang)
    box = widget(at, "selectbox", "trend_method")
    shown = box.format_func("auto")
    assert (
        shown
        == {
            "fi": "Automaattinen (suositus)",
            "sv": "Automatisk (rekommenderas)",
            "en": "Automatic (recommended)",
        }[lang]
    )
    assert len(box.format_func("with_official")) <= 27  # ~250 px box at 1280 px: longer labels were cut
    assert {"fi": "Tilastokeskuksen", "sv": "Statistikcentralens", "en": "Statistics Finland"}[
        lang
    ] in box.help
    line = next(
        s
        for s in (m.value for m in at.markdown)
        if s.startswith(("Menneillä vuosilla testattuna", "Testad på tidigare år", "Tested on past years"))
    )
    part = {"fi": "(trendiosa: ", "sv": "(trenddelen: ", "en": "(trend part: "}[lang]
    only = {
        "fi": "Luku koskee vain trendiosaa",
        "sv": "Siffran gäller bara trenddelen",
        "en": "The figure is for the trend part only",
    }[lang]
    assert part in line and only in line and line.index(part) < line.index(only)


@pytest.mark.parametrize(
    ("lang", "summary", "how"),
    [
        (
            "fi",
            "Viiva on viime vuosien kehityksen ja Tilastokeskuksen väestöennusteen keskiarvo;",
            "Miten tämä on laskettu?",
        ),
        (
            "sv",
            "Linjen är medeltalet av de senaste årens utveckling och Statistikcentralens",
            "Hur har detta räknats?",
        ),
        (
            "en",
            "The line is the average of the last years' course and Statistics Finland's",
            "How was this calculated?",
        ),
    ],
)
def test_one_plain_sentence_under_the_chart_and_the_method_in_a_collapsible_section(
    lang: str, summary: str, how: str
) -> None:
    """A council member reads one sentence (what the line is, how far such lines missed); the method, the data's
    end, the bands, the track record and every method's description wait under "how was this calculated?"."""
    at = run_app(PAGE, municipality="297", lang=lang)
    assert not at.exception
    folded = {str(m.value) for e in at.expander for m in [*e.markdown, *e.caption]}
    main = [str(m.value) for m in at.main.markdown if str(m.value) not in folded]  # in sight
    said = next(s for s in main if s.startswith(summary))
    assert said.count(". ") == 0 and said.endswith(".")  # one sentence
    assert {
        "fi": "5 vuoden päähän keskimäärin 1 %",
        "sv": "5 år framåt med i genomsnitt 1 %",
        "en": "5 years ahead by 1 % on average",
    }[lang] in said
    method = {"fi": "Menetelmä:", "sv": "Metod:", "en": "Method:"}[lang]
    assert not any(s.startswith(method) for s in main)
    captions = [str(c.value) for c in at.main.caption if str(c.value) not in folded]
    assert not any("Tiedot päättyvät" in s or "The data end" in s or "slutar" in s for s in captions)
    section = next(e for e in at.expander if e.label == how)
    inside = "\n".join([str(m.value) for m in section.markdown] + [str(c.value) for c in section.caption])
    assert method in inside
    assert {"fi": "(trendiosa: ", "sv": "(trenddelen: ", "en": "(trend part: "}[lang] in inside
    assert {
        "fi": "Tiedot päättyvät vuoteen 2025",
        "sv": "Uppgifterna slutar år 2025",
        "en": "The data end in 2025",
    }[lang] in inside
    assert {
        "fi": "Osuvuus: miten vuodesta 2018",
        "sv": "Träffsäkerhet: hur prognosen från 2018",
        "en": "Track record: how the projection from 2018",
    }[lang] in inside
    assert {"fi": "Tummempi vyöhyke", "sv": "Mörkare band", "en": "Darker band"}[lang] in inside
    births = {
        "fi": "Virallinen ennuste laskee",
        "sv": "Den officiella prognosen",
        "en": "The official projection",
    }
    assert births[lang] in inside
    assert not any(births[lang] in str(i.value) for i in at.info)  # not in the box in sight
