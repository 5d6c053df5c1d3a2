"""The survey's HTML summary and the numbers it prints; expected values worked by hand."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from foresight import survey as sv
from foresight import survey_export
from foresight import survey_store as store
from foresight.columns import LANGUAGES, THEMES
from foresight.i18n import t

DEF = sv.make_definition(
    "Kunta <2030> & me",
    ["Kirjasto", "Koulut <b>"],
    ["Kunnassa on hyvä asua"],
    "Mikä on tärkeintä?",
)
UTC = dt.UTC
SURVEY = store.Survey(
    id=1,
    code="ABCD1234",
    municipality="297",
    lang="fi",
    definition=DEF,
    opens=dt.datetime(2026, 11, 2, 8, tzinfo=UTC),
    closes=dt.datetime(2026, 11, 16, 8, tzinfo=UTC),
    retain_until=dt.datetime(2027, 5, 16, tzinfo=UTC),
    published=True,
)
XSS = "<script>alert(1)</script> **lihava** =1+1"
ORDER = list(THEMES)


def results() -> store.Results:
    # Eight respondents; seven ranked: five in the fixed order, two reversed. Borda (5 … 0 points):
    # vitality 5·5+2·0 = 25, population 5·4+2·1 = 22, wellbeing 5·3+2·2 = 19, finances 5·2+2·3 = 16,
    # participation 5·1+2·4 = 13, sustainability 5·0+2·5 = 10.
    answers = [sv.Answer(rank=tuple(ORDER))] * 5 + [sv.Answer(rank=tuple(ORDER[::-1]))] * 2 + [sv.Answer()]
    return store.Results(
        respondents=8,
        ranking=sv.borda(a.rank for a in answers),
        choices=[("Kirjasto", 3), ("Koulut <b>", 1)],
        # statement s1: 1 of 8 strongly disagrees, 2 neither, 4 somewhat agree, 1 strongly agrees
        statements={"s1": {1: 1, 2: 0, 3: 2, 4: 4, 5: 1}},
        open_answers=[XSS, "Lisää penkkejä\nkiitos"],
    )


def test_percent_rounds_halves_up():
    assert sv.percent(1, 8) == 13  # 12.5 → 13
    assert sv.percent(3, 8) == 38  # 37.5 → 38
    assert sv.percent(1, 3) == 33
    assert sv.percent(2, 3) == 67
    assert sv.percent(0, 5) == 0
    assert sv.percent(1, 0) is None


def test_statement_summary_counts_and_shares():
    s = sv.statement_summary({1: 1, 2: 0, 3: 2, 4: 4, 5: 1})
    assert s["n"] == 8
    assert s["points"] == {1: (1, 13), 2: (0, 0), 3: (2, 25), 4: (4, 50), 5: (1, 13)}
    assert s["agree"] == 63  # 5 of 8 = 62.5 → 63
    assert s["disagree"] == 13
    empty = sv.statement_summary({k: 0 for k in sv.SCALE})
    assert empty["n"] == 0 and empty["agree"] is None


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.html_lang = ""

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = dict(attrs).get("lang") or ""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_summary_is_self_contained_with_lang_headings_captions_and_source(lang: str) -> None:
    html = survey_export.summary_html(SURVEY, results(), lang, today=dt.date(2026, 12, 6))
    parsed = _Structure()
    parsed.feed(html)
    assert parsed.html_lang == lang
    assert parsed.tags.count("h1") == 1
    assert parsed.tags.count("table") == parsed.tags.count("caption") == 3  # ranking, choices, statements
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert "http" not in html  # no external files
    assert t("survey.source.note", lang) in html
    assert t("survey.results.respondents", lang, n=8) in html
    date = "2 November 2026" if lang == "en" else "2.11.2026"
    assert date in html and ("16 November 2026" if lang == "en" else "16.11.2026") in html


def test_summary_escapes_every_text_and_shows_numbers():
    html = survey_export.summary_html(SURVEY, results(), "fi", today=dt.date(2026, 12, 6))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; **lihava** =1+1" in html
    assert "<title>Kunta &lt;2030&gt; &amp; me</title>" in html
    assert "Koulut &lt;b&gt;" in html and "<b>" not in html
    # the ranking rows: place, theme, points, first places (worked out in results())
    rows = re.findall(r'<tr><th scope="row">(\d)</th><td>([^<]+)</td><td class="num">(\d+)</td>', html)
    assert [(p, int(pts)) for p, _, pts in rows] == [
        ("1", 25),
        ("2", 22),
        ("3", 19),
        ("4", 16),
        ("5", 13),
        ("6", 10),
    ]
    assert rows[0][1] == t("theme.vitality", "fi")
    assert "7 järjestyksen antanutta" in html  # the unranked answer is not a voter
    assert "Borda-pisteet: ensimmäinen sija antaa 5 pistettä" in html
    # choices: 3 of 8 = 37.5 → 38 %, 1 of 8 = 12.5 → 13 %
    assert '<th scope="row">Kirjasto</th><td class="num">3</td><td class="num">38\u00a0%</td>' in html
    # the statement: counts with shares of the eight who answered it, then n and agree (5 of 8 → 63 %)
    assert '<td class="num">4 (50\u00a0%)</td>' in html
    assert '<td class="num">8</td><td class="num">63\u00a0%</td>' in html


def test_summary_without_answers_says_so():
    empty = store.Results(0, sv.borda([]), [("Kirjasto", 0), ("Koulut <b>", 0)], {"s1": {}}, [])
    html = survey_export.summary_html(SURVEY, empty, "en", today=dt.date(2026, 12, 6))
    assert t("survey.html.none", "en") in html
    assert t("survey.html.no_open", "en") in html
    assert '<td class="num">0</td><td class="num">–</td>' in html  # no share of nobody


def test_report_section_is_labelled_escaped_and_only_for_published_surveys():
    from dataclasses import replace

    from foresight import report

    section = report.residents_section(SURVEY, results(), "sv")
    assert section.startswith('<section class="residents"><h2>Vad invånarna sade</h2>')
    assert "Kommunens egen enkät, inte officiell statistik" in section
    assert "”Kunta &lt;2030&gt; &amp; me”" in section
    assert "<h3>" in section and "<h2>" not in section.split("</h2>", 1)[1]  # sub-headings under the section
    doc = f"<h2>A</h2>{report.RESIDENTS_MARK}<h2>B</h2>"
    assert report.with_residents(doc, section) == f"<h2>A</h2>{section}<h2>B</h2>"
    assert report.with_residents(doc, "") == "<h2>A</h2><h2>B</h2>"
    with pytest.raises(ValueError):
        report.residents_section(replace(SURVEY, published=False), results(), "sv")


def test_comparison_table_worked_by_hand():
    """Residents (from `results`): vitality 1st … sustainability 6th. The workshop (three voters, reversed
    order): sustainability 1st … vitality 6th. Vitality: 6 − 1 = +5 (more important to residents);
    sustainability: 1 − 6 = −5; wellbeing 3rd vs 4th: +1."""
    council = sv.borda([ORDER[::-1]] * 3)
    html = survey_export.comparison_html(list(results().ranking), council, "en")
    rows = re.findall(
        r'<tr><th scope="row">([^<]+)</th><td class="num">(\d)</td><td class="num">(\d)</td>'
        r'<td class="num">([^<]+)</td></tr>',
        html,
    )
    assert rows[0] == ("Vitality", "1", "6", "+5")
    assert ("Wellbeing", "3", "4", "+1") in rows
    assert rows[-1] == ("Sustainable development", "6", "1", "-5")
    assert "<caption>" in html and "3 who ranked" in html
    assert t("survey.col.difference_note", "en") in html


def test_report_section_sets_the_workshops_places_beside_the_residents():
    from foresight import report

    council = sv.borda([ORDER[::-1]] * 3)
    with_council = report.residents_section(SURVEY, results(), "fi", council)
    assert f"<h3>{t('survey.compare.heading', 'fi')}</h3>" in with_council
    assert with_council.index(t("survey.compare.heading", "fi")) > with_council.index(
        t("survey.results.ranking", "fi")
    )
    assert t("survey.compare.heading", "fi") not in report.residents_section(SURVEY, results(), "fi")
