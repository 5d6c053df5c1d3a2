"""Situation analysis, compare and report pages with several municipalities, peer groups and languages."""

from __future__ import annotations

import pytest

from foresight.i18n import t
from foresight.peers import FEATURES
from tests.app.conftest import moved, places, run_app, texts, widget


def html_bodies(at) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(e.proto.body) for e in at.get("html"))


@pytest.mark.parametrize(
    ("code", "lang", "params"),
    [
        ("297", "fi", {"peers": "network", "season": "USO4"}),
        ("091", "sv", {"peers": "region"}),
        ("020", "en", {"peers": "similar", "k": "5"}),
        ("318", "en", {"peers": "size_class"}),
        ("049", "fi", {"peers": "country"}),
    ],
)
def test_overview_shows_all_themes_with_tables(code: str, lang: str, params: dict[str, str]) -> None:
    at = run_app("pages/situation.py", municipality=code, lang=lang, **params)
    assert not at.exception
    headers = [h.value for h in at.header]
    assert headers == [
        t(f"theme.{th}", lang)
        for th in ("vitality", "population", "wellbeing", "finances", "participation", "sustainability")
    ]
    body = html_bodies(at)
    assert body.count('<table class="situation">') == 6
    assert t("situation.caveat_colour", lang) in texts(at)
    assert t("situation.strip_key", lang) in texts(at)
    # The range strips as data images: st.html's sanitiser drops inline <svg>.
    assert "<svg" not in body
    assert body.count('<img src="data:image/svg+xml;base64,') >= 6


def test_similar_peers_explain_why() -> None:
    at = run_app("pages/situation.py", municipality="297", lang="en", peers="similar")
    assert at.expander[0].label == "Why these municipalities?"
    why = at.dataframe[0].value
    assert len(why) == 7
    assert set(why.columns) == {"Peer", "Most alike in", "Overall difference (smaller = more alike)"}


def test_switching_peer_group_changes_ranks() -> None:
    at = run_app("pages/situation.py", municipality="297", lang="fi")
    before = html_bodies(at)
    assert "/29<" in before  # USO4: 28 peers + Kuopio
    widget(at, "selectbox", "peer_kind").set_value("region").run()
    after = html_bodies(at)
    assert not at.exception
    assert "/29<" not in after
    assert at.query_params["peers"] == "region"


def test_too_small_custom_group_gets_a_note_not_ranks() -> None:
    at = run_app("pages/situation.py", municipality="297", lang="en", peers="custom", custom="091,092")
    assert t("peers.note_too_few", "en") in texts(at)
    assert "better than most peers" not in html_bodies(at)


def test_unknown_codes_in_custom_link_are_dropped_with_message() -> None:
    at = run_app(
        "pages/situation.py", municipality="297", lang="en", peers="custom", custom="091,999,092,abc,853,179"
    )
    body = "\n".join(at.first_warnings)
    assert t("peers.note_unknown_codes", "en") in body
    assert "999, abc" in body
    assert widget(at, "multiselect", "peer_custom").value == ["091", "092", "853", "179"]


def test_all_zero_weights_fall_back_with_message() -> None:
    zero = ",".join(f"{n}:0" for n in FEATURES)
    at = run_app("pages/situation.py", municipality="297", lang="en", peers="similar", w=zero)
    assert not at.exception
    assert t("peers.note_weights_zero", "en") in texts(at)
    assert len(at.dataframe[0].value) == 7


@pytest.mark.parametrize(("code", "lang"), [("297", "fi"), ("091", "en"), ("478", "sv")])
def test_compare_page_draws_band_ranking_map_and_table(code: str, lang: str) -> None:
    at = run_app("pages/compare.py", municipality=code, lang=lang, indicator="employment_rate")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 3 or code == "478"
    assert len(at.dataframe) == 1
    assert len(at.get("download_button")) == 3


@pytest.mark.parametrize(
    ("lang", "columns"),
    [
        ("fi", ["Sija", "Kuntanumero", "Kunta", "Väkiluku 2025 (as.)"]),
        ("sv", ["Placering", "Kommunnummer", "Kommun", "Folkmängd 2025 (inv.)"]),
        ("en", ["Rank", "Municipality code", "Municipality", "Population 2025 (persons)"]),
    ],
)
def test_compare_values_table_headers_say_what_and_when(lang: str, columns: list[str]) -> None:
    # The review: "sija | kuntanumero | kunta | as." named neither the indicator nor its year.
    at = run_app("pages/compare.py", municipality="297", lang=lang, indicator="population")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.columns) == columns
    kuopio = table[table[columns[1]] == "297"].iloc[0]
    assert kuopio[columns[2]] == "Kuopio"


def test_compare_page_indicator_change_and_bad_indicator() -> None:
    at = run_app("pages/compare.py", municipality="297", lang="en", indicator="nonsense")
    assert any("indicator was not recognised" in w.value for w in at.warning)
    before = places(at)
    widget(at, "selectbox", "compare_indicator").set_value("turnout_municipal_election").run()
    assert not at.exception
    # The notice went, and the list after it kept its place, and with it what follows. (The parts further
    # down differ with the indicator's own notes, so only the list is compared.)
    assert not at.warning and "w_compare_indicator_en" not in moved(before, at)
    assert at.query_params["indicator"] == "turnout_municipal_election"
    table = at.dataframe[0].value
    assert "297" in set(table.iloc[:, 1])


def test_compare_no_data_is_said() -> None:
    at = run_app("pages/compare.py", municipality="318", lang="en", indicator="unemployment_rate")
    assert "No data for Kökar" in texts(at)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_report_page_offers_downloads_and_preview(lang: str) -> None:
    at = run_app("pages/report.py", municipality="297", lang=lang)
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert t("report.download_html", lang) in labels
    assert t("report.download_pdf", lang) in labels


def test_thinned_peer_group_is_said() -> None:
    # Åland's 16 municipalities have no 2021 municipal-election figures, so against the whole country
    # (307 peers) 16 lack a value in the year compared.
    at = run_app("pages/situation.py", municipality="049", lang="en", peers="country")
    assert not at.exception
    body = texts(at)
    assert "Fewer peers in the comparison:" in body
    assert "Turnout in municipal elections (16 of 307 peers have no value for 2021)" in body


def test_glance_cards_name_their_year_and_flag_old_data() -> None:
    at = run_app("pages/glance.py", municipality="091", lang="fi")
    assert not at.exception
    labels = [m.label for m in at.metric]
    # Employment rate to 2020 (Kuntien avainluvut 2022 edition); the June 2026 jobseeker share by its month.
    assert "Työllisyysaste · 2020" in labels
    assert "Työttömyysaste, viimeisin kuukausi · 6/2026" in labels
    body = texts(at)
    # Employment (2020) is flagged old; the annual unemployment rate (2018) is no headline beside the month's.
    assert "Vanha tieto: vuodelta 2020, 6 vuotta sitten" in body
    assert "Työttömyysaste · 2018" not in labels and "Vanha tieto: vuodelta 2018" not in body


def test_glance_captions_write_a_negative_change_with_the_minus_sign() -> None:
    import re

    at = run_app("pages/glance.py", municipality="297", lang="fi")
    assert not at.exception
    captions = [str(c.value) for c in at.caption]
    # Text for reading takes the minus sign (U+2212), as elsewhere; st.metric's delta too (its arrow is set
    # from the number, format.delta_style).
    assert any(re.search(r"\u2212\d", c) for c in captions)
    assert not [c for c in captions if re.search(r"(^|[\s(])-\d", c)]
    assert any(str(m.delta).startswith("\u2212") for m in at.metric)
    assert not [m.delta for m in at.metric if str(m.delta).startswith("-")]


LICENCE_WORDS = {
    "fi": "julkinen viranomaispäätös",
    "sv": "offentligt myndighetsbeslut",
    "en": "public official decision",
}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_glance_tax_rate_source_names_its_licence_in_one_language(lang: str) -> None:
    # The 2026 income tax rate is a public official decision, not CC BY: said in the user's language only.
    at = run_app("pages/glance.py", municipality="297", lang=lang)
    assert not at.exception
    captions = [str(c.value) for c in at.caption]
    tax = [c for c in captions if LICENCE_WORDS[lang] in c]
    assert tax, "the tax rate's source line is missing"
    others = [words for other, words in LICENCE_WORDS.items() if other != lang]
    assert not [c for c in tax if any(words in c for words in others)]


def test_situation_themes_say_the_years_of_their_headline_figures() -> None:
    # Kuopio's finances: the 2026 tax rate beside key figures of 2019–2020, so the theme is not said to
    # end in 2026. Vitality: employment and job self-sufficiency (2020) are over three years old in 2026, so only the 2025 education share can be a strength; the old ones are
    # named apart, by semicolons (a name may hold a comma).
    at = run_app("pages/situation.py", municipality="297", lang="fi")
    assert not at.exception
    body = texts(at)
    assert "Teeman pääindikaattorit ovat vuosilta 2019–2026; puolet vuodelta 2020 tai vanhempia." in body
    assert "päättyvät vuoteen" not in body
    assert "Vahvuuksia vertailukuntiin nähden: korkea-asteen tutkinnon suorittaneet." in body
    assert (
        "Vanhojen tietojen (2020) perusteella ei nimetä vahvuuksia eikä haasteita: työllisyysaste; " in body
    )
    assert "Vahvuuksia vertailukuntiin nähden: työpaikkaomavaraisuus" not in body


def test_group_line_counts_kuopio_with_its_28_peers_as_the_ranks_do() -> None:
    """USO4 has 29 members: the line says Kuopio and 28 others, matching ranks out of 29."""
    at = run_app("pages/situation.py", municipality="297", lang="fi", peers="network", season="USO4")
    assert not at.exception
    line = "Vertailuryhmä: USO-verkosto, kausi USO4 – Kuopio ja 28 muuta kuntaa; sijat lasketaan näiden 29 kunnan kesken."
    assert line in texts(at)
    assert "/29</td>" in html_bodies(at) or "/29<" in html_bodies(at)


def test_peer_weights_read_with_the_languages_decimal_sign() -> None:
    at = run_app("pages/situation.py", municipality="297", lang="fi", peers="similar", w="share_65_plus:1.3")
    assert not at.exception
    weight = widget(at, "select_slider", "peer_w_share_65_plus")
    assert weight.value == 1.3 and "1,3" in weight.options  # the linked weight, kept as it came
    assert widget(at, "select_slider", "peer_w_log_population").options == [
        "0,0", "0,5", "1,0", "1,5", "2,0", "2,5", "3,0", "3,5", "4,0", "4,5", "5,0"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "html", "pdf"),
    [
        ("fi", "tilannekuva_318_fi.html", "tilannekuva_318_fi.pdf"),
        ("sv", "lagesbild_318_sv.html", "lagesbild_318_sv.pdf"),
        ("en", "situation_318_en.html", "situation_318_en.pdf"),
    ],
)
def test_report_downloads_are_named_in_the_readers_language(
    lang: str, html: str, pdf: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The review: the Swedish report downloaded as 'tilannekuva_318_sv.pdf'. AppTest has no media-file
    # runtime to carry the name, so the download buttons' file_name arguments are recorded on the way.
    from streamlit.delta_generator import DeltaGenerator

    names: list[str] = []
    original = DeltaGenerator.download_button

    def recording(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        names.append(str(kwargs.get("file_name")))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    at = run_app("pages/report.py", municipality="318", lang=lang)
    assert not at.exception
    assert html in names
    assert pdf in names  # Chromium is there (the PDF button is asserted above too)


def test_glance_old_figures_have_a_grey_badge_that_names_its_years() -> None:
    from streamlit.proto.Metric_pb2 import Metric

    at = run_app("pages/glance.py", municipality="297", lang="fi")
    assert not at.exception
    by_label = {m.label: m for m in at.metric}
    # Social assistance ends in 2011: its change is history, not a current trend, so no green or red.
    old = by_label["Toimeentulotukea saaneet · 2011"]
    assert old.proto.color == Metric.MetricColor.GRAY
    assert str(old.delta) == "\u22122,2\u00a0%-yks. (2001–2011)"  # the badge names the years it compares
    # A fresh figure keeps its colour: the share with a higher degree rose, which is good.
    fresh = by_label["Korkea-asteen tutkinnon suorittaneet · 2025"]
    assert fresh.proto.color == Metric.MetricColor.GREEN
    assert str(fresh.delta) == "+5,1\u00a0%-yks. (2015–2025)"
    captions = [str(c.value) for c in at.caption]
    assert "vuonna 2025 · 5 v: +2,3\u00a0%-yks. (2020–2025)" in captions  # the 5-year change says it is one
    assert not [c for c in captions if "10 v:" in c]
    assert any(c.endswith("Tiedot kuukauteen 6/2026.") for c in captions)  # a month, not "vuoteen 6/2026"
    assert not [c for c in captions if "vuoteen 6/2026" in c]


@pytest.mark.parametrize(
    ("lang", "five", "month"),
    [
        ("sv", "år 2025 · 5 år: +2,3\u00a0%-enh. (2020–2025)", "Uppgifter till och med månaden 6/2026."),
        ("en", "in 2025 · 5 yrs: +2.3\u00a0pp (2020–2025)", "Data to the month 6/2026."),
    ],
)
def test_glance_change_and_month_texts_in_swedish_and_english(lang: str, five: str, month: str) -> None:
    at = run_app("pages/glance.py", municipality="297", lang=lang)
    captions = [str(c.value) for c in at.caption]
    assert five in captions, [c for c in captions if "2020–2025" in c][:3]
    assert any(c.endswith(month) for c in captions)


def test_situation_page_shows_the_tax_rate_caveat_under_the_finances_table() -> None:
    # The catalogue's caveat of the income tax rate (the 2023 reform), marked in its row and written out.
    at = run_app("pages/situation.py", municipality="297", lang="fi")
    assert not at.exception
    html = html_bodies(at)
    assert '<td class="name">Kunnallisveroprosentti<sup class="fn">' in html
    assert "alensi jokaisen manner-Suomen kunnan veroprosenttia 12,64 prosenttiyksikköä" in html


# ---------------------------------------------------------------- small numbers in a small municipality
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        # Kökar, 211 residents (2025): 5 / 211 → 23,7 ‰ and 2,4 % (worked by hand)
        ("fi", "kunnassa Kökar on 211 asukasta, joten 5 henkeä on jo 23,7 ‰ tai 2,4 % väkiluvusta."),
        ("sv", "Kökar har 211 invånare, så 5 personer är redan 23,7 ‰ eller 2,4 % av befolkningen."),
    ],
)
def test_a_small_municipality_is_told_that_a_few_persons_move_its_rates(lang: str, expected: str) -> None:
    at = run_app("pages/situation.py", municipality="318", lang=lang)
    assert not at.exception
    said = [str(i.value) for i in at.info if expected in str(i.value)]
    assert len(said) == 1, [str(i.value) for i in at.info]
    # said above the tables, which show net migration per 1 000 and the population's change in per cent
    assert "1 000" in said[0]


@pytest.mark.parametrize(
    ("code", "noted"),
    [("105", True), ("436", False), ("297", False)],  # Hyrynsalmi 1 984, Lumijoki 2 018, Kuopio (2025)
)
def test_the_small_numbers_note_is_for_municipalities_under_2000(code: str, noted: bool) -> None:
    at = run_app("pages/situation.py", municipality=code, lang="fi")
    assert not at.exception
    assert any("Pienessä kunnassa muutamakin henkilö" in str(i.value) for i in at.info) is noted
