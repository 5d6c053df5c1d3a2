"""Residents' survey results as labelled tables, CSV and Excel (formula text neutralised; a sources sheet
that says this is the municipality's own survey, not official statistics)."""

from __future__ import annotations

import pandas as pd

from foresight import exports
from foresight import survey as sv
from foresight import survey_store as store
from foresight.i18n import t


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
            t("survey.group.other", lang)
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
