"""The scorecard as tables and files: the overview rows, the one-page council report (HTML, prints to PDF)
and the Excel workbook with a sources sheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from html import escape
from typing import Any

import pandas as pd

from foresight import exports, svg
from foresight import scorecard as sc
from foresight.columns import MEAN
from foresight.format import number, with_unit
from foresight.i18n import t


def overview(
    card: sc.Scorecard,
    evaluated: pd.DataFrame,
    metas: Mapping[str, sc.Meta],
    names: Mapping[str, str],
    lang: str,
) -> pd.DataFrame:
    """One row per goal × indicator with every number as text and the status with its reason in words."""
    rows = []
    for _, r in evaluated.iterrows():
        item: sc.Item = r["item"]
        meta = metas[item.indicator]
        goal = card.goals[int(r["goal"])]

        def val(value: Any, meta: sc.Meta = meta) -> str:
            return with_unit(
                None if value is None or pd.isna(value) else float(value), meta.decimals, meta.unit, lang
            )

        trend = r.get("trend") if isinstance(r.get("trend"), dict) else {}
        rows.append(
            {
                "goal_id": goal.id,
                "goal": goal.text,
                "indicator": item.indicator,
                "name": names.get(item.indicator, item.indicator),
                "status": str(r["status"]),
                "status_text": f"{sc.SYMBOLS[str(r['status'])]} {t('scorecard.status.' + str(r['status']), lang)}",
                "reason": sc.reason_text(r.to_dict(), meta.decimals, meta.unit, lang),
                "baseline": f"{val(item.baseline_value)} ({item.baseline_year})",
                "latest": "–"
                if pd.isna(r.get("latest_value"))
                else f"{val(r.get('latest_value'))} ({int(r['latest_year'])})",
                "milestone": val(r["milestone"]),
                "target": val(item.target),
                "trend_2029": val(trend.get(MEAN)) if trend else "–",
            }
        )
    return pd.DataFrame(rows)


def goal_summaries(card: sc.Scorecard, evaluated: pd.DataFrame) -> list[dict[str, Any]]:
    """Per goal: the summary of its indicators' statuses (goal_status), in the card's order."""
    out = []
    for g, goal in enumerate(card.goals):
        statuses = list(evaluated.loc[evaluated["goal"] == g, "status"]) if len(evaluated) else []
        out.append({"goal": goal, **sc.goal_status(statuses)})
    return out


COLUMNS = ("name", "status_text", "reason", "baseline", "latest", "milestone", "target", "trend_2029")


def column_labels(lang: str) -> dict[str, str]:
    """Column headings of the overview table."""
    return {c: t(f"scorecard.col.{c}", lang) for c in COLUMNS}


STYLE = """
body{font-family:"Source Sans Pro","Segoe UI",Helvetica,Arial,sans-serif;color:#1f2933;margin:1.2rem auto;max-width:60rem;
font-size:.95rem}h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1rem 0 .3rem;border-bottom:2px solid #0b4f9c}
table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{border-bottom:1px solid #e4e7eb;padding:.3rem;text-align:left;
vertical-align:top}.st{font-weight:700;white-space:nowrap}.sub{color:#52606d;font-size:.85rem}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:.5rem;color:#fff;font-weight:700}
figure{margin:.3rem 0;display:inline-block}figcaption{font-size:.8rem;color:#52606d}
@media print{body{margin:0;max-width:none;font-size:10pt}section{break-inside:avoid}}
"""


def _badge(status: str, lang: str) -> str:
    return (
        f'<span class="badge" style="background:{sc.COLOURS[status]}">{sc.SYMBOLS[status]} '
        f"{escape(t('scorecard.status.' + status, lang))}</span>"
    )


def report_html(
    card: sc.Scorecard,
    rows: pd.DataFrame,
    summaries: list[dict[str, Any]],
    name: str,
    lang: str,
    sources: pd.DataFrame,
    charts: Mapping[tuple[str, str], str] | None = None,
    version: int | None = None,
    today: dt.date | None = None,
) -> str:
    """The council report: every goal with its status, each indicator's status and reason, small charts."""
    today = today or dt.date.today()
    title = card.title or t("scorecard.heading", lang, name=name)
    parts = [
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1>",
        f'<p class="sub">{escape(t("scorecard.report_sub", lang, name=name, year=sc.MILESTONE_YEAR))}</p>',
        f"<p>{escape(t('scorecard.rules', lang))}</p>",
    ]
    labels = column_labels(lang)
    for summary in summaries:
        goal: sc.Goal = summary["goal"]
        part = rows[rows["goal_id"] == goal.id] if len(rows) else rows
        parts.append(f"<section><h2>{escape(goal.text or t('scorecard.untitled_goal', lang))}</h2>")
        parts.append(f"<p>{_badge(summary['status'], lang)} {escape(sc.goal_text(summary, lang))}</p>")
        if len(part):
            head = "".join(f"<th>{escape(labels[c])}</th>" for c in COLUMNS)
            body = "".join(
                "<tr>"
                + "".join(
                    f'<td class="st" style="color:{sc.COLOURS[r["status"]]}">{escape(r[c])}</td>'
                    if c == "status_text"
                    else f"<td>{escape(str(r[c]))}</td>"
                    for c in COLUMNS
                )
                + "</tr>"
                for _, r in part.iterrows()
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
            for _, r in part.iterrows():
                chart = (charts or {}).get((goal.id, r["indicator"]))
                if chart:
                    parts.append(f"<figure>{chart}<figcaption>{escape(r['name'])}</figcaption></figure>")
        parts.append("</section>")
    parts.append(f"<h2>{escape(t('report.sources_heading', lang))}</h2>")
    parts.append(
        "<table><thead><tr>"
        + "".join(f"<th>{escape(str(c))}</th>" for c in sources.columns)
        + "</tr></thead><tbody>"
        + "".join(
            "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
            for row in sources.itertuples(index=False)
        )
        + "</tbody></table>"
    )
    stamp = today.strftime("%d.%m.%Y")
    line = t("scorecard.report_generated", lang, date=stamp, version=version if version else "–")
    parts.append(f'<p class="sub">{escape(line)}</p></body></html>')
    return "".join(parts)


def mini_chart(
    history: pd.Series, forecast: pd.DataFrame | None, decimals: int, lang: str, label: str
) -> str:
    """A small SVG: the history with the trend's 80 % band to 2030."""
    hist = history.dropna().sort_index()
    if hist.empty:
        return ""
    band = None
    if forecast is not None and not forecast.empty:
        fc = forecast[forecast["year"] <= sc.TARGET_YEAR]
        band = (list(fc["year"].astype(int)), list(fc["lower_80"]), list(fc["upper_80"]))
    return svg.line_chart(
        [int(y) for y in hist.index],
        [float(v) for v in hist],
        band,
        width=300,
        height=140,
        label=label,
        tick=lambda v: number(v, decimals, lang),
    )


def excel(rows: pd.DataFrame, history: pd.DataFrame, sources: pd.DataFrame, lang: str) -> bytes:
    """The scorecard as .xlsx: the overview, the change history, and a sources sheet."""
    labels = {"goal": t("scorecard.col.goal", lang), **column_labels(lang)}
    table = (
        rows[["goal", *COLUMNS]].rename(columns=labels)
        if len(rows)
        else pd.DataFrame(columns=list(labels.values()))
    )
    sheets = {t("scorecard.sheet_overview", lang): table}
    if len(history):
        sheets[t("scorecard.sheet_history", lang)] = history
    return exports.to_excel(sheets, sources)
