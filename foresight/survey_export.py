"""Residents' survey results as labelled tables, CSV and Excel (formula text neutralised; a sources sheet
that says this is the municipality's own survey, not official statistics)."""

from __future__ import annotations

import datetime as dt
from html import escape

import pandas as pd

from foresight import exports
from foresight import format as fmt
from foresight import survey as sv
from foresight import survey_store as store
from foresight.i18n import t
from foresight.report import SURVEY_CSS


def results_tables(res: store.Results, definition: sv.Definition, lang: str) -> dict[str, pd.DataFrame]:
    """The results as labelled tables (also the CSV/Excel sheets)."""
    item, count = t("survey.col.item", lang), t("survey.col.count", lang)
    ranking = pd.DataFrame(
        [
            {
                item: t(f"theme.{r.item}", lang),
                t("survey.col.points", lang): r.points,
                t("survey.col.first", lang): r.first_places,
            }
            for r in res.ranking
        ]
    )
    choices = pd.DataFrame([{item: name, count: n} for name, n in res.choices], columns=[item, count])
    texts = dict(definition.statements)
    statements = pd.DataFrame(
        [
            {item: texts[sid], **{t(f"survey.scale.{k}", lang): v for k, v in dist.items()}}
            for sid, dist in res.statements.items()
        ]
    )
    open_ = pd.DataFrame({t("survey.results.open", lang): res.open_answers})
    return {"ranking": ranking, "choices": choices, "statements": statements, "open": open_}


def sources(lang: str, title: str, respondents: int) -> pd.DataFrame:
    """The sources sheet: what the numbers are (and are not)."""
    return pd.DataFrame(
        {
            t("survey.col.item", lang): [title],
            t("survey.col.count", lang): [respondents],
            "source": [t("survey.source.note", lang)],
        }
    )


def to_csv(res: store.Results, definition: sv.Definition, lang: str) -> bytes:
    """All tables in one long CSV: sheet, item, column, value (UTF-8 with BOM, formulas neutralised)."""
    rows = []
    for sheet, frame in results_tables(res, definition, lang).items():
        for record in frame.to_dict("records"):
            first, *rest = list(record.items())
            for column, value in rest or [("", "")]:
                rows.append({"table": sheet, "item": first[1], "column": column, "value": value})
    rows.append({"table": "source", "item": t("survey.source.note", lang), "column": "", "value": ""})
    return exports.to_csv(pd.DataFrame(rows, columns=["table", "item", "column", "value"]))


def to_excel(res: store.Results, definition: sv.Definition, lang: str) -> bytes:
    return exports.to_excel(
        results_tables(res, definition, lang), sources(lang, definition.title, res.respondents)
    )


def breakdown(answers: list[sv.Answer], attribute: str, lang: str) -> pd.DataFrame:
    """Theme places (1 = most important) by background group; only groups of at least sv.MIN_GROUP answers,
    smaller ones merged into "other" (left out if that too stays small)."""
    rows = []
    for name, members in sv.groups(answers, attribute).items():
        label = (
            t("survey.group.merged", lang)
            if name == sv.OTHER
            else (t(f"survey.age.{name}", lang) if attribute == "age" else name)
        )
        ranking = sv.borda(a.rank for a in members)
        row: dict[str, object] = {
            t("survey.col.group", lang): label,
            t("survey.col.count", lang): len(members),
        }
        row.update({t(f"theme.{r.item}", lang): i + 1 for i, r in enumerate(ranking)})
        rows.append(row)
    return pd.DataFrame(rows)


def comparison(residents: list[sv.BordaRow], council: list[sv.BordaRow], lang: str) -> pd.DataFrame:
    """Residents vs council as a labelled table (places as numbers, not colour)."""
    return pd.DataFrame(
        [
            {
                t("survey.col.item", lang): t(f"theme.{row['item']}", lang),
                t("survey.col.residents", lang): row["residents"],
                t("survey.col.council", lang): row["council"],
                t("survey.col.difference", lang): row["difference"],
            }
            for row in sv.compare_rankings(residents, council)
        ]
    )


# ---- HTML: the summary file and the situation report's "what residents said" section ----------------------

CSS = (
    """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2433;max-width:52rem;
margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #1f5fa8;
padding-bottom:.2rem}h3{font-size:1.1rem;margin-top:1.4rem}footer{margin-top:3rem;color:#4a5261;font-size:.85rem}
@media print{body{margin:0}h2,h3{break-after:avoid}}
"""
    + SURVEY_CSS
)


def _day(value: dt.date, lang: str) -> str:
    """A date as the reader's language writes it: 6.12.2026 (fi, sv), 6 December 2026 (en)."""
    return fmt.date(value, lang)


def _pct(value: int | None, lang: str) -> str:
    return "–" if value is None else f"{value}\u00a0%"


def _table(caption: str, head: list[tuple[str, bool]], rows: list[list[tuple[str, bool]]]) -> str:
    """An HTML table with a caption; cells are (already escaped text, numeric?); first cell is a row header."""
    num_ = ' class="num"'
    th = "".join(f'<th scope="col"{num_ if num else ""}>{text}</th>' for text, num in head)
    body = []
    for row in rows:
        (first, _), *rest = row
        cells = "".join(f"<td{num_ if num else ''}>{text}</td>" for text, num in rest)
        body.append(f'<tr><th scope="row">{first}</th>{cells}</tr>')
    # A wide table scrolls in its own box that the keyboard can reach and a screen reader can name.
    return (
        f'<div class="survey-wrap" role="region" tabindex="0" aria-label="{escape(caption)}">'
        f'<table class="survey"><caption>{escape(caption)}</caption><thead><tr>{th}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def html_section(survey: store.Survey, res: store.Results, lang: str, *, level: int = 2) -> str:
    """A survey's results as HTML (every text escaped: markup in open answers shows literally): answers and
    dates, the source note, the theme ranking, choices, statement distributions in numbers, approved open
    answers. Headings at `level` (2 in the summary file, 3 inside the report's section)."""
    d = survey.definition
    h = f"h{level}"
    n = res.respondents
    parts = [
        f'<p class="survey-meta">{escape(t("survey.results.respondents", lang, n=n))} · '
        f"{escape(t('survey.html.dates', lang, opens=_day(survey.opens, lang), closes=_day(survey.closes, lang)))}"
        "</p>",
        f'<p class="survey-note">{escape(t("survey.source.note", lang))}</p>',
    ]
    ranked = list(res.ranking)
    voters = ranked[0].voters if ranked else 0
    parts.append(f"<{h}>{escape(t('survey.results.ranking', lang))}</{h}>")
    if voters:
        parts.append(
            _table(
                t("survey.html.ranking_caption", lang, n=voters),
                [
                    (escape(t("survey.col.place", lang)), True),
                    (escape(t("survey.col.theme", lang)), False),
                    (escape(t("survey.col.points", lang)), True),
                    (escape(t("survey.col.first", lang)), True),
                ],
                [
                    [
                        (str(i), True),
                        (escape(t(f"theme.{r.item}", lang)), False),
                        (str(r.points), True),
                        (str(r.first_places), True),
                    ]
                    for i, r in enumerate(ranked, start=1)
                ],
            )
        )
        parts.append(f"<p>{escape(t('survey.html.borda', lang, top=len(ranked) - 1))}</p>")
    else:
        parts.append(f"<p>{escape(t('survey.html.none', lang))}</p>")
    if d.picks:
        parts.append(f"<{h}>{escape(t('survey.results.choices', lang))}</{h}>")
        parts.append(
            _table(
                t("survey.html.choices_caption", lang, n=n),
                [
                    (escape(t("survey.col.option", lang)), False),
                    (escape(t("survey.col.count", lang)), True),
                    (escape(t("survey.col.share", lang)), True),
                ],
                [
                    [
                        (escape(name), False),
                        (str(k), True),
                        (_pct(sv.percent(k, n), lang), True),
                    ]
                    for name, k in res.choices
                ],
            )
        )
    if d.statements:
        texts = dict(d.statements)
        parts.append(f"<{h}>{escape(t('survey.results.statements', lang))}</{h}>")
        head = [(escape(t("survey.col.statement", lang)), False)]
        head += [(escape(t(f"survey.scale.{k}", lang)), True) for k in sv.SCALE]
        head += [
            (escape(t("survey.col.answers", lang)), True),
            (escape(t("survey.col.agree", lang)), True),
        ]
        rows = []
        for sid, dist in res.statements.items():
            s = sv.statement_summary(dist)
            row = [(escape(texts.get(sid, sid)), False)]
            row += [(f"{c} ({_pct(p, lang)})", True) for c, p in s["points"].values()]
            row += [(str(s["n"]), True), (_pct(s["agree"], lang), True)]
            rows.append(row)
        parts.append(_table(t("survey.html.statements_caption", lang), head, rows))
    if d.open_question:
        parts.append(f"<{h}>{escape(t('survey.results.open', lang))}</{h}>")
        parts.append(f"<p><em>{escape(d.open_question)}</em></p>")
        if res.open_answers:
            parts.append(
                '<ul class="survey-open">'
                + "".join(f"<li>{escape(a)}</li>" for a in res.open_answers)
                + "</ul>"
            )
        else:
            parts.append(f"<p>{escape(t('survey.html.no_open', lang))}</p>")
    return "\n".join(parts)


def comparison_html(residents: list[sv.BordaRow], council: list[sv.BordaRow], lang: str) -> str:
    """Residents vs council as an HTML table: each theme's place in both rankings and the difference, in
    numbers and words (no colour), the residents' order first."""
    voters = council[0].voters if council else 0
    rows = []
    for row in sv.compare_rankings(residents, council):
        diff = row["difference"]
        rows.append(
            [
                (escape(t(f"theme.{row['item']}", lang)), False),
                (str(row["residents"]), True),
                ("–" if row["council"] is None else str(row["council"]), True),
                ("–" if diff is None else f"{diff:+d}" if diff else "0", True),
            ]
        )
    table = _table(
        t("survey.html.compare_caption", lang, n=voters),
        [
            (escape(t("survey.col.theme", lang)), False),
            (escape(t("survey.col.residents", lang)), True),
            (escape(t("survey.col.council", lang)), True),
            (escape(t("survey.col.difference", lang)), True),
        ],
        rows,
    )
    return table + f"<p>{escape(t('survey.col.difference_note', lang))}</p>"


def summary_html(survey: store.Survey, res: store.Results, lang: str, today: dt.date | None = None) -> str:
    """The survey's results as one self-contained HTML file (inline CSS, no scripts, no external files)."""
    day = today or dt.datetime.now(dt.UTC).date()
    title = escape(survey.definition.title)
    return (
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{CSS}</style></head><body><main>"
        f"<h1>{title}</h1>"
        f'<p class="survey-meta">{escape(t("survey.html.heading", lang))}</p>'
        + html_section(survey, res, lang, level=2)
        + f"</main><footer>{escape(t('survey.source.note', lang))} "
        f"{escape(t('survey.html.generated', lang, date=_day(day, lang)))}</footer></body></html>"
    )
