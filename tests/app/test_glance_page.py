"""The at-a-glance page for a phone: headline figures first, then the themes as sections, the first open."""

from __future__ import annotations

import re

import pytest

from tests.app.conftest import run_app

NBSP = "\u00a0"


def html_of(at, start: str) -> str:  # type: ignore[no-untyped-def]
    bodies = [str(h.proto.body) for h in at.get("html")]
    found = [b for b in bodies if b.startswith(start)]
    assert len(found) == 1, [b[:60] for b in bodies]
    return found[0]


@pytest.mark.parametrize(
    ("lang", "first", "last"),
    [
        ("fi", "Elinvoima · 4 tunnuslukua", "Kestävä kehitys · 2 tunnuslukua"),
        ("sv", "Livskraft · 4 nyckeltal", "Hållbar utveckling · 2 nyckeltal"),
        ("en", "Vitality · 4 key figures", "Sustainable development · 2 key figures"),
    ],
)
def test_themes_are_sections_the_first_one_open(lang: str, first: str, last: str) -> None:
    at = run_app("pages/glance.py", municipality="297", lang=lang)
    assert not at.exception
    sections = list(at.expander)
    assert len(sections) == 6  # the six themes of the USO network's sustainable municipality of 2030
    assert sections[0].label == first and sections[-1].label == last
    assert [s.proto.expanded for s in sections] == [True] + [False] * 5
    # Every card is drawn, open or not (a closed section opens without a server round trip).
    assert sum(len(s.metric) for s in sections) == len(at.metric) >= 20


def test_first_screen_names_each_headline_figure_with_its_year_and_source() -> None:
    at = run_app("pages/glance.py", municipality="297", lang="fi")
    assert not at.exception
    body = html_of(at, '<section class="kl-headline"')
    assert "<dt>Väkiluku</dt>" in body
    # Kuopio's population at the end of 2025 (the same figure as the population card below it).
    assert f'<dd class="kl-value">126{NBSP}572 <span class="kl-unit">as.</span></dd>' in body
    assert ">6/2026<sup>" in body  # the jobseeker share by its month
    # The sources, numbered: the tax rate's is a public official decision, not CC BY.
    assert "<li>Verohallinto, kuntien tuloveroprosentit vuonna 2026, julkinen viranomaispäätös.</li>" in body
    assert body.count("<li>") == 3
    # The page's own facts line now carries the size class; the population is a tile, not a sentence.
    # The register's facts say what each name is (the sub-region Kuopio is not the city).
    facts = "Maakunta Pohjois-Savo · seutukunta Kuopio · Kaupunkimainen kunta · Yksikielinen suomenkielinen"
    assert any(str(m.value) == f"{facts} · kokoluokka: yli 45 000 asukasta" for m in at.markdown)
    assert not [m for m in at.markdown if "Väkiluku 126" in str(m.value)]


def test_an_old_or_missing_headline_figure_is_said_not_hidden() -> None:
    # Kumlinge (Åland): its population change in the snapshot ends in 2022, and it has no jobseeker month.
    at = run_app("pages/glance.py", municipality="295", lang="fi")
    assert not at.exception
    body = html_of(at, '<section class="kl-headline"')
    assert "<dt>Väkiluvun muutos</dt>" in body
    assert '<dd class="kl-old">Vanha tieto: vuodelta 2022, 4 vuotta sitten.</dd>' in body
    # Its tile says there is no value, and so does its card.
    assert (
        '<dt>Työttömyysaste, viimeisin kuukausi</dt><dd class="kl-when">Ei tietoa tälle kunnalle</dd>' in body
    )
    assert any(
        str(i.value).startswith("Ei tietoa kunnalle Kumlinge: Työttömyysaste, viimeisin kuukausi.")
        for i in at.info
    )


def test_a_fall_keeps_its_minus_sign_with_a_down_arrow() -> None:
    """Kuopio's job self-sufficiency fell 2010–2020 (−2,1 %-yks.; the glance e2e screenshot): the badge writes
    the minus sign (U+2212), not a hyphen, and still points down, in grey (old data)."""
    from streamlit.proto.Metric_pb2 import Metric

    at = run_app("pages/glance.py", municipality="297", lang="fi")
    metrics = [m for m in at.metric if m.label.startswith("Työpaikkaomavaraisuus")]
    assert len(metrics) == 1
    proto = metrics[0].proto
    assert proto.delta.startswith("\u22122,1")
    assert not re.search(r"-\d", proto.delta)  # "%-yks." keeps its hyphen; a number never has one
    assert proto.direction == Metric.MetricDirection.DOWN
    assert proto.color == Metric.MetricColor.GRAY
    falls = [m.proto for m in at.metric if m.proto.delta.startswith("\u2212")]
    assert falls and all(p.direction == Metric.MetricDirection.DOWN for p in falls)
    assert not [m.proto.delta for m in at.metric if m.proto.delta.startswith("-")]


@pytest.mark.parametrize(
    ("code", "lang", "expected"),
    [
        # Kökar, 211 residents (2025): 5 / 211 → 23,7 ‰ and 2,4 % (worked by hand)
        ("318", "sv", "Kökar har 211 invånare, så 5 personer är redan 23,7 ‰ eller 2,4 % av befolkningen."),
        ("318", "fi", "kunnassa Kökar on 211 asukasta, joten 5 henkeä on jo 23,7 ‰ tai 2,4 % väkiluvusta."),
        ("297", "fi", None),  # Kuopio, 126 572 residents: no note
    ],
)
def test_a_small_municipality_is_told_that_a_few_persons_move_its_figures(
    code: str, lang: str, expected: str | None
) -> None:
    at = run_app("pages/glance.py", municipality=code, lang=lang)
    assert not at.exception
    infos = [str(i.value) for i in at.info]
    if expected is None:
        assert not any("‰" in i for i in infos), infos
    else:
        assert sum(expected in i for i in infos) == 1, infos
