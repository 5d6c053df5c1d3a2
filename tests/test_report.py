"""The situation report: every theme, sources and years, all three languages, escaped text, PDF."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

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
    assert "25.11.2026" in html
    assert "<script" not in html.lower()  # self-contained, no scripts
    assert "http" not in re.sub(r'xmlns="http://www.w3.org/2000/svg"', "", html)  # no external files
    assert html.count("<svg") >= 20  # range strips and theme charts are inline


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
    assert "Jämförelsegrupp: de strukturellt mest liknande kommunerna – 7 kommuner." in html


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
    sentences = report.theme_sentences(table, cat, "fi")["vitality"]
    # Education 2025 (StatFin 12bs) is the theme's newest annual figure; the jobseeker share is June 2026.
    assert "Teeman tiedot päättyvät vuoteen 2025." in sentences
    assert "Työttömyysaste, viimeisin kuukausi: tilanne 6/2026." in sentences


def test_situation_rows_become_labelled_cards_on_a_phone(snap) -> None:
    from foresight import situation

    cat = snap.indicators.set_index("id", drop=False)
    group = peers.resolve(
        "746", peers.PeerSpec(kind="region"), snap.municipalities, snap.network_groups, None
    )
    table = situation.overview(snap.observations, cat, "746", group.members)
    html = report.theme_table(table, cat, "vitality", "fi")
    assert 'data-label="Arvo"' in html and 'data-label="Sijainti"' in html
    assert "@media (max-width:600px)" in report.CARD_CSS and "attr(data-label)" in report.CARD_CSS
