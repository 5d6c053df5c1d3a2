"""The situation report: every theme, sources and years, all three languages, escaped text, PDF."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from foresight import peers, report
from foresight.columns import LANGUAGES, THEMES
from foresight.i18n import t
from foresight.snapshot import load_snapshot


@pytest.fixture(scope="module")
def snap():
    return load_snapshot()


def _build(snap, code: str, spec: peers.PeerSpec, lang: str) -> str:
    feats = peers.features(snap.municipalities, snap.observations) if spec.kind == "similar" else None
    group = peers.resolve(code, spec, snap.municipalities, snap.network_groups, feats)
    reg = snap.municipalities.set_index("code")
    return report.build(snap.observations, snap.indicators, reg, code, group, lang, dt.date(2026, 11, 25))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_report_has_every_theme_sources_and_years(snap, lang: str) -> None:
    html = _build(snap, "297", peers.PeerSpec(kind="network", season="USO4"), lang)
    for theme in THEMES:
        assert f"<h2>{t(f'theme.{theme}', lang)}</h2>" in html
    assert t("report.sources_heading", lang) in html
    assert html.count("CC BY 4.0") >= 10
    assert "2000–2021" in html  # data years of the key-figure indicators (2022 edition)
    # MANIFEST: age shares come from the key figures 2000–2021 and the 2025 StatFin table 11ra, nothing between
    assert "<td>2000–2021, 2025</td>" in html
    assert "25.11.2026" in html
    assert "<script" not in html.lower()  # self-contained, no scripts
    assert "http" not in re.sub(r'xmlns="http://www.w3.org/2000/svg"', "", html)  # no external files
    assert html.count("<svg") >= 6  # theme charts are inline
    assert html.count('<img src="data:image/svg+xml;base64,') >= 20  # range strips, as data images


def test_report_values_match_the_snapshot(snap) -> None:
    html = _build(snap, "091", peers.PeerSpec(kind="region"), "fi")
    assert "Tilannekuva: Helsinki" in html
    # Helsinki's 2025 population as published by Statistics Finland (StatFin 11re, August 2026).
    assert "694\u00a0392\u00a0as." in html
    assert "Sama maakunta (Uusimaa)" in html


def test_report_of_a_small_group_says_ranks_are_not_shown(snap) -> None:
    html = _build(snap, "297", peers.PeerSpec(kind="custom", codes=("091", "092")), "en")
    assert t("peers.note_too_few", "en") in html
    assert "better than most peers" not in html


def test_custom_group_name_is_escaped(snap) -> None:
    spec = peers.PeerSpec(kind="custom", codes=("091", "092", "049", "853"), name="<b>x</b><script>")
    html = _build(snap, "297", spec, "en")
    assert "&lt;b&gt;x&lt;/b&gt;&lt;script&gt;" in html
    assert "<script>" not in html


def test_similar_group_report(snap) -> None:
    html = _build(snap, "297", peers.PeerSpec(kind="similar"), "sv")
    assert (
        "Jämförelsegrupp: de strukturellt mest liknande kommunerna – Kuopio och 7 andra kommuner;"
        " placeringarna räknas bland dessa 8 kommuner." in html
    )


@pytest.mark.slow
def test_pdf_printing_with_chromium(snap, tmp_path: Path) -> None:
    if not Path(report.CHROMIUM).exists():
        pytest.fail("Debian chromium is needed (scripts/browser.sh installs it)")
    pdf = report.to_pdf(_build(snap, "297", peers.PeerSpec(kind="network"), "fi"))
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 20_000


def test_a_month_is_said_as_a_month_in_the_theme_summary(snap) -> None:
    from foresight import situation

    cat = snap.indicators.set_index("id", drop=False)
    group = peers.resolve(
        "746", peers.PeerSpec(kind="region"), snap.municipalities, snap.network_groups, None
    )
    table = situation.overview(snap.observations, cat, "746", group.members)
    sentences = report.theme_sentences(table, cat, "fi", 2026)["vitality"]
    # Education 2025 (StatFin 12bs) is the theme's newest annual figure, employment and job self-sufficiency
    # (2020) its oldest (the 2018 annual unemployment rate is no headline); the jobseeker share is June 2026,
    # said as its month.
    assert "Teeman pääindikaattorit ovat vuosilta 2020–2025; puolet vuodelta 2020 tai vanhempia." in sentences
    assert "Työttömyysaste, viimeisin kuukausi: tilanne 6/2026." in sentences


def _vitality_table(snap, code: str) -> str:  # type: ignore[no-untyped-def]
    """The situation table of the vitality theme in Finnish, the region as the comparison group."""
    from foresight import situation

    cat = snap.indicators.set_index("id", drop=False)
    group = peers.resolve(code, peers.PeerSpec(kind="region"), snap.municipalities, snap.network_groups, None)
    table = situation.overview(snap.observations, cat, code, group.members)
    return report.theme_table(table, cat, "vitality", "fi")


def test_situation_rows_become_labelled_cards_on_a_phone(snap) -> None:
    html = _vitality_table(snap, "746")
    assert 'data-label="Arvo"' in html and 'data-label="Sijainti"' in html
    assert "@media (max-width:600px)" in report.CARD_CSS and "attr(data-label)" in report.CARD_CSS


def _literal_summary(
    years: list[int],
    lang: str,
    current_year: int = 2026,
    n_peers: int | list[int] = 10,
    statuses: list[str] | None = None,
) -> list[str]:
    """Theme sentences for literal test data: two vitality indicators whose names hold commas, and
    further indicators of the same theme ending in the given years."""
    ids = ["a", "b"] + [f"y{i}" for i in range(len(years) - 2)]
    names = {"a": "Työttömyysaste", "b": "Työttömyysaste, viimeisin kuukausi"}
    cat = pd.DataFrame(
        {
            "id": ids,
            "theme": "vitality",
            f"name_{lang}": [names.get(i, f"Mittari {i}") for i in ids],
            "latest_period": "",
            "last_year": years,
        }
    ).set_index("id", drop=False)
    table = pd.DataFrame(
        {
            "indicator": ids,
            "theme": "vitality",
            "status": statuses or ["better", "better"] + ["middle"] * (len(years) - 2),
            "year": years,
            "n_peers": n_peers,
            "n_members": 10,
        }
    )
    return report.theme_sentences(table, cat, lang, current_year)["vitality"]


def test_strengths_are_apart_by_semicolons_as_names_hold_commas() -> None:
    sentences = _literal_summary([2024, 2025], "fi")
    assert (
        sentences[0]
        == "Vahvuuksia vertailukuntiin nähden: työttömyysaste; työttömyysaste, viimeisin kuukausi."
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fi",
            "Vanhojen tietojen (2011–2012) perusteella ei nimetä vahvuuksia eikä haasteita: työttömyysaste; "
            "työttömyysaste, viimeisin kuukausi.",
        ),
        (
            "sv",
            "Utifrån gamla uppgifter (2011–2012) nämns inga styrkor eller utmaningar: työttömyysaste; "
            "työttömyysaste, viimeisin kuukausi.",
        ),
        (
            "en",
            "No strengths or challenges are named from old data (2011–2012): Työttömyysaste; "
            "Työttömyysaste, viimeisin kuukausi.",
        ),
    ],
)
def test_old_figures_name_no_strengths_or_challenges(lang: str, expected: str) -> None:
    # a (2011) was judged better and b (2012) worse than the peers: in 2026 both are over three years old,
    # so neither is a strength or a challenge; the 2024 figure in the middle is recent and says "even".
    sentences = _literal_summary([2011, 2012, 2024], lang, statuses=["better", "worse", "middle"])
    assert expected in sentences
    assert not [
        s for s in sentences if s.startswith(("Vahvuuk", "Haastei", "Styrk", "Utman", "Streng", "Chall"))
    ]
    assert sentences[0] == t("situation.summary.even", lang)
    # 2023 is three years old in 2026, still recent: a strength; 2022 is old.
    assert _literal_summary([2023, 2022], "fi")[:2] == [
        "Vahvuuksia vertailukuntiin nähden: työttömyysaste.",
        "Vanhojen tietojen (2022) perusteella ei nimetä vahvuuksia eikä haasteita: työttömyysaste, "
        "viimeisin kuukausi.",
    ]


def test_old_figures_alone_do_not_say_the_municipality_is_in_the_middle() -> None:
    sentences = _literal_summary([2011, 2012], "fi", statuses=["middle", "middle"])
    assert t("situation.summary.even", "fi") not in sentences
    assert sentences[0].startswith("Vanhojen tietojen (2011–2012) perusteella")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "Fewer peers in the comparison: Työttömyysaste (1 of 10 peers has no value for 2018); "
            "Työttömyysaste, viimeisin kuukausi (3 of 10 peers have no value for 2020).",
        ),
        (
            "fi",
            "Vertailussa on vähemmän vertailukuntia: työttömyysaste (1/10 vertailukunnalta puuttuu arvo vuodelta "
            "2018); työttömyysaste, viimeisin kuukausi (3/10 vertailukunnalta puuttuu arvo vuodelta 2020).",
        ),
    ],
)
def test_a_thinned_comparison_counts_the_peers_without_a_value(lang: str, expected: str) -> None:
    # Indicator a: 9 of the 10 peers have a value (1 missing); b: 7 (3 missing).
    assert expected in _literal_summary([2018, 2020], lang, n_peers=[9, 7])


def test_theme_years_say_their_range_and_where_half_end() -> None:
    # Kuntatalous-like: one tax rate of 2026 among figures of 2019 and 2020 (sorted 2019, 2019, 2020,
    # 2020, 2020, 2026: half end by 2020), so the theme is not said to end in 2026 alone.
    sentences = _literal_summary([2020, 2019, 2026, 2020, 2019, 2020], "fi")
    assert "Teeman pääindikaattorit ovat vuosilta 2019–2026; puolet vuodelta 2020 tai vanhempia." in sentences
    assert not [s for s in sentences if "uusinkin" in s]
    en = _literal_summary([2020, 2019, 2026, 2020, 2019, 2020], "en")
    assert "The theme's headline indicators are from 2019–2026; half of them from 2020 or earlier." in en


def test_a_theme_whose_newest_data_is_old_says_so() -> None:
    # Newest 2021 in 2026: five years old, over the three after which data is called old.
    sentences = _literal_summary([2021, 2021], "sv")
    assert "Temats huvudindikatorer är från 2021." in sentences
    assert "Även temats nyaste uppgift är från 2021, 5 år gammal." in sentences
    assert not [s for s in _literal_summary([2023, 2021], "sv") if "nyaste" in s]  # 2023: 3 years, not old


def test_situation_table_puts_the_position_beside_the_value(snap) -> None:
    # At 1280 px the table scrolls sideways; the verdict must not be the column behind the scroll.
    html = _vitality_table(snap, "297")
    heads = re.findall(r"<th>([^<]*)</th>", html)
    assert heads[:3] == ["Indikaattori", "Arvo", "Sijainti"]
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>", first_row)
    assert 'data-label="Sijainti"' in cells[2]


# The group line says the municipality and its peers apart, so "16/29" in the rank column adds up
# (the review found "28 kuntaa" above ranks out of 29). Expected sentences written by hand.
_REG = pd.DataFrame(
    {
        "name_fi": ["Kuopio", "Oulu", "Vaasa"],
        "name_sv": ["Kuopio", "Uleåborg", "Vasa"],
        "name_en": ["Kuopio", "Oulu", "Vaasa"],
    },
    index=pd.Index(["297", "564", "905"], name="code"),
)


@pytest.mark.parametrize(
    ("lang", "members", "expected"),
    [
        (
            "fi",
            ("564", "905"),
            "Vertailuryhmä: Koko maa – Kuopio ja 2 muuta kuntaa; sijat lasketaan näiden 3 kunnan kesken.",
        ),
        (
            "fi",
            ("564",),
            "Vertailuryhmä: Koko maa – Kuopio ja 1 muu kunta; sijat lasketaan näiden 2 kunnan kesken.",
        ),
        (
            "sv",
            ("564",),
            "Jämförelsegrupp: Hela landet – Kuopio och 1 annan kommun; placeringarna räknas bland dessa 2 kommuner.",
        ),
        (
            "en",
            ("564", "905"),
            "Peer group: Whole country – Kuopio and 2 other municipalities; ranks are counted among these 3.",
        ),
    ],
)
def test_group_line_names_the_municipality_and_the_others(
    lang: str, members: tuple[str, ...], expected: str
) -> None:
    group = peers.PeerGroup(peers.PeerSpec(kind="country"), members)
    assert report.group_line(group, _REG, "297", lang) == expected


@pytest.mark.parametrize(
    ("lang", "members", "expected"),
    [
        (
            "fi",
            ("297", "564", "905"),
            "Ryhmä: USO-verkosto, kausi USO4 – Kuopio ja 2 muuta kuntaa, yhteensä 3.",
        ),
        (
            "en",
            ("297", "564"),
            "Group: USO network, season USO4 – Kuopio and 1 other municipality, 2 in all.",
        ),
        ("fi", ("564",), "Ryhmä: USO-verkosto, kausi USO4 – 1 kunta; Kuopio ei kuulu ryhmään."),
        (
            "sv",
            ("564", "905"),
            "Grupp: USO-nätverket, period USO4 – 2 kommuner; Kuopio hör inte till gruppen.",
        ),
    ],
)
def test_seminar_group_line_counts_as_the_situation_page_does(
    lang: str, members: tuple[str, ...], expected: str
) -> None:
    group = peers.PeerGroup(peers.PeerSpec(kind="network", season="USO4"), ("564", "905"))
    assert report.seminar_group_line(group, members, _REG, "297", lang) == expected


@pytest.mark.parametrize(
    ("code", "lang", "extension", "expected"),
    [
        ("297", "fi", "pdf", "tilannekuva_297_fi.pdf"),
        # The review: a Swedish reader got 'tilannekuva_318_sv.pdf'.
        ("318", "sv", "pdf", "lagesbild_318_sv.pdf"),
        ("318", "sv", "html", "lagesbild_318_sv.html"),
        ("091", "en", "html", "situation_091_en.html"),
    ],
)
def test_report_file_name_is_in_the_readers_language(
    code: str, lang: str, extension: str, expected: str
) -> None:
    assert report.file_name(code, lang, extension) == expected


def test_situation_table_has_seven_columns_with_both_changes_and_the_peers_range_under_the_median() -> None:
    # Literal test data: one indicator, 50.0 % now, +1.5 pp in 5 years, −2.0 pp in 10, peers 40–60, median 48.
    from foresight import situation

    cat = pd.DataFrame(
        {"id": ["a"], "theme": ["vitality"], "name_fi": ["Mittari"], "unit": ["percent"], "decimals": [1],
         "latest_period": [""], "polarity": [1]}
    ).set_index("id", drop=False)  # fmt: skip
    table = pd.DataFrame(
        {"indicator": ["a"], "theme": ["vitality"], "status": [situation.BETTER], "value": [50.0], "year": [2024],
         "change_5": [1.5], "change_10": [-2.0], "peer_min": [40.0], "peer_q1": [45.0], "peer_median": [48.0],
         "peer_q3": [52.0], "peer_max": [60.0], "rank": [3], "n_ranked": [11]}
    )  # fmt: skip
    html = report.theme_table(table, cat, "vitality", "fi")
    assert html.count("<th>") == 7
    assert "Vertailu\u00adkuntien mediaani (vaihtelu\u00adväli)" in html and "Muutos</th>" in html
    nb, mn = "\u00a0", "\u2212"
    assert (
        f'5{nb}v: <span class="nw">+1,5{nb}%-yks.</span><br>10{nb}v: <span class="nw">{mn}2,0{nb}%-yks.</span>'
        in html
    )
    assert (
        f'<span class="nw">48,0{nb}%</span><br><span class="nw">(40,0 –</span> <span class="nw">60,0{nb}%)</span>'
        in html
    )


def test_the_report_names_no_strength_from_kokars_old_wellbeing_figures(snap) -> None:
    # Kökar (318) among Åland: sickness allowances (2012) and depression medicines (2011) are better than
    # most peers, but 14–15 years old in 2026; the report lists them as old, never as strengths.
    html = _build(snap, "318", peers.PeerSpec(kind="region"), "sv")
    strengths = re.findall(r"<li>Styrkor jämfört med jämförelsekommunerna: ([^<]*)</li>", html)
    assert not [s for s in strengths if "sjukdagpenning" in s or "depressionsläkemedel" in s]
    assert (
        "<li>Utifrån gamla uppgifter (2009–2012) nämns inga styrkor eller utmaningar: mottagare av "
        "utkomststöd; mottagare av sjukdagpenning; ersättning för depressionsläkemedel.</li>"
    ) in html
    assert html.count('<td class="name">Mottagare av sjukdagpenning') == 1  # the row stays in the table


def _two_row_table(caveats: list[str], polarities: list[int], ranks: list[int | None]) -> str:
    """theme_table of literal test data: two vitality indicators with the given caveats, polarities, ranks."""
    from foresight import situation

    cat = pd.DataFrame(
        {"id": ["a", "b"], "theme": "vitality", "name_fi": ["Mittari A", "Mittari B"], "unit": "percent",
         "decimals": 1, "latest_period": "", "polarity": polarities, "caveat_fi": caveats}
    ).set_index("id", drop=False)  # fmt: skip
    status = [situation.NEUTRAL if p == 0 else situation.MIDDLE for p in polarities]
    table = pd.DataFrame(
        {"indicator": ["a", "b"], "theme": "vitality", "polarity": polarities, "status": status,
         "value": [50.0, 5.0], "year": 2025, "change_5": None, "change_10": None, "peer_min": 40.0,
         "peer_q1": 45.0, "peer_median": 48.0, "peer_q3": 52.0, "peer_max": 60.0, "rank": ranks, "n_ranked": 11}
    )  # fmt: skip
    return report.theme_table(table, cat, "vitality", "fi")


def test_a_rows_caveat_is_marked_in_the_row_and_written_under_the_table() -> None:
    caveat = "Vuoden 2023 sote-uudistus alensi veroprosenttia 12,64 prosenttiyksikköä."
    html = _two_row_table(["", caveat], [1, 1], [3, 4])
    assert '<td class="name">Mittari A</td>' in html  # no caveat, no mark
    assert '<td class="name">Mittari B<sup class="fn">1</sup></td>' in html
    notes = html.split("</table>")[1]
    assert '<p class="caveats">Huomautukset</p><ol class="caveats">' in notes
    assert f"<li><strong>Mittari B:</strong> {caveat}</li></ol>" in notes
    assert "caveats" not in _two_row_table(["", ""], [1, 1], [3, 4])  # nothing to say, nothing drawn


def test_a_line_under_the_table_says_what_rank_1_means() -> None:
    # Both rows ranked with a direction: rank 1 is the best; both neutral: the largest; one of each: both said.
    best = '<p class="rank-key">Sija 1 on paras indikaattorin suunnan mukaan.</p>'
    assert best in _two_row_table(["", ""], [1, -1], [3, 4])
    assert '<p class="rank-key">Sija 1 on suurin arvo.</p>' in _two_row_table(["", ""], [0, 0], [3, 4])
    mixed = _two_row_table(["", ""], [0, 1], [3, 4])
    assert (
        '<p class="rank-key">Sija 1 on paras indikaattorin suunnan mukaan; riveillä, joilla on merkintä '
        "”ei paremmuusjärjestystä”, sija 1 on suurin arvo.</p>"
    ) in mixed
    # Only the ranked rows count: the neutral row without a rank (too few peers) leaves "the best" alone.
    assert best in _two_row_table(["", ""], [0, 1], [None, 4])
    assert "rank-key" not in _two_row_table(["", ""], [0, 1], [None, None])


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fi", "Teeman pääindikaattorit ovat vuosilta 2022–2025; niistä 3/4 vuodelta 2025."),
        ("sv", "Temats huvudindikatorer är från åren 2022–2025; 3 av 4 från 2025."),
        ("en", "The theme's headline indicators are from 2022–2025; 3 of 4 from 2025."),
    ],
)
def test_theme_years_count_the_newest_when_half_or_more_are_from_it(lang: str, expected: str) -> None:
    # Sorted 2022, 2025, 2025, 2025: the lower median is 2025, the newest year, so "half from 2025 or
    # earlier" would be true of any set; three of the four are from 2025.
    sentences = _literal_summary([2025, 2022, 2025, 2025], lang)
    assert expected in sentences
    assert not [s for s in sentences if "tai vanhempia" in s or "or earlier" in s or "eller äldre" in s]


def test_the_report_of_a_small_municipality_says_that_a_few_persons_move_its_rates(snap) -> None:
    # Kökar, 211 residents (2025): 5 / 211 → 23,7 ‰ and 2,4 % (worked by hand), as on the situation page
    html = _build(snap, "318", peers.PeerSpec(kind="region"), "sv")
    assert (
        '<p class="note">I en liten kommun ändrar redan några få personer talet mycket: Kökar har 211 invånare, '
        "så 5 personer är redan 23,7 ‰ eller 2,4 % av befolkningen."
    ) in html
    assert "I en liten kommun" not in _build(snap, "091", peers.PeerSpec(kind="region"), "sv")
