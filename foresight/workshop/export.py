"""All of a workshop's results as tables (CSV / Excel) and as a self-contained HTML summary."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from foresight import exports, i18n
from foresight import format as format_
from foresight.owndata import store as own_store
from foresight.report import SURVEY_CSS
from foresight.workshop import aggregates, owndata, plan, service
from foresight.workshop.models import GUESS, MATRIX, RANKING, SCENARIO, SURVEY, Entry, Workshop
from foresight.workshop.security import escape_html

RESULT_KINDS = (RANKING, MATRIX, GUESS, "projection", SCENARIO, SURVEY)


def _author(entry: Entry) -> str:
    return entry.author or ""


def tables(engine: Engine, workshop_id: int, key: str) -> dict[str, pd.DataFrame]:
    """Every result of the workshop as named tables (facilitator only; hidden entries kept and flagged)."""
    if not service.check_key(engine, workshop_id, key):
        raise service.Forbidden("wrong_key")
    workshop = service.get(engine, workshop_id)
    steps = pd.DataFrame(
        [
            {"step": i + 1, "step_id": s["id"], "kind": s["kind"], "title": s.get("title", "")}
            for i, s in enumerate(workshop.steps)
        ],
        columns=["step", "step_id", "kind", "title"],
    )
    meta = pd.DataFrame(
        [
            {
                "title": workshop.title,
                "municipality": workshop.municipality,
                "peer_group": workshop.peer_spec,
                "join_code": workshop.join_code,
                "created": workshop.created.isoformat(),
                "participants": service.participant_count(engine, workshop_id),
                "voting_open": workshop.voting_open,
            }
        ]
    )
    rankings, matrices, guesses = [], [], []
    for step in workshop.steps:
        if step["kind"] == RANKING:
            rankings.append(
                aggregates.ranking_results(engine, workshop_id, step["id"]).assign(step_id=step["id"])
            )
        elif step["kind"] == MATRIX:
            matrices.append(
                aggregates.matrix_results(engine, workshop_id, step["id"]).assign(step_id=step["id"])
            )
        elif step["kind"] in (GUESS, "projection"):
            values = aggregates.guesses(engine, workshop_id, step["id"])
            guesses.append(pd.DataFrame({"step_id": step["id"], "guess": values}))
    scenario_rows = [
        {
            "id": e.submission_id,
            "step_id": e.step_id,
            "author": _author(e),
            "name": e.payload.get("name", ""),
            "levers": json.dumps(e.payload.get("levers", {}), ensure_ascii=False, sort_keys=True),
            "comment": e.comment,
            "hidden": e.hidden,
            "created": e.created.isoformat() if e.created else "",
        }
        for e in aggregates.scenarios(engine, workshop_id, include_hidden=True)
    ]
    comment_rows = [
        {
            "id": e.submission_id,
            "step_id": e.step_id,
            "author": _author(e),
            "comment": e.comment,
            "hidden": e.hidden,
            "created": e.created.isoformat() if e.created else "",
        }
        for e in aggregates.comments(engine, workshop_id, include_hidden=True)
    ]

    residents = []
    for step in workshop.steps:
        found = _published(engine, step) if step["kind"] == SURVEY else None
        if found is not None:
            survey, res = found
            residents.append(
                pd.DataFrame(
                    [
                        {"step_id": step["id"], "survey": survey.code, "item": r.item, "points": r.points}
                        | {"first_places": r.first_places, "voters": r.voters}
                        for r in res.ranking
                    ]
                )
            )
    own = own_store.collect(owndata.store(engine, workshop_id))
    own_rows = own.observations.merge(
        own.indicators[["id", "name", "unit"]], left_on="indicator", right_on="id", how="left"
    )

    def stack(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
        if not frames:
            return pd.DataFrame(columns=columns)
        return pd.concat(frames, ignore_index=True)[columns]

    return {
        "workshop": meta,
        "steps": steps,
        "rankings": stack(rankings, ["step_id", "item", "points", "first_places", "mean_rank", "voters"]),
        "matrix": stack(
            matrices, ["step_id", "item", "impact", "uncertainty", "impact_sd", "uncertainty_sd", "n"]
        ),
        "guesses": stack(guesses, ["step_id", "guess"]),
        "scenarios": pd.DataFrame(
            scenario_rows,
            columns=["id", "step_id", "author", "name", "levers", "comment", "hidden", "created"],
        ),
        "comments": pd.DataFrame(
            comment_rows, columns=["id", "step_id", "author", "comment", "hidden", "created"]
        ),
        # A survey step's published theme ranking: residents' answers, not the room's (sources sheet).
        "survey": stack(residents, ["step_id", "survey", "item", "points", "first_places", "voters"]),
        # Own data stay apart from official statistics here too: their own sheet, the source column says so.
        "owndata": own_rows[
            ["filename", "indicator", "name", "unit", "municipality", "year", "value", "source"]
        ],
    }


ROOM_TABLES = ("rankings", "matrix", "guesses", "scenarios", "comments")
CSV_TABLES = (
    *ROOM_TABLES,
    "survey",
    "owndata",
    "steps",
    "workshop",
)  # the facilitator's CSV choice, in its order


def sources(engine: Engine, workshop_id: int, lang: str = "fi") -> pd.DataFrame:
    """The sources sheet: the room's answers are the workshop's own material; attached own data by file."""
    workshop = service.get(engine, workshop_id)
    room = i18n.t(
        "workshop.export.source.room",
        lang,
        title=workshop.title,
        date=workshop.created.strftime("%-d.%-m.%Y"),
    )
    rows = [
        {
            i18n.t("workshop.export.col.sheet", lang): name,
            i18n.t("col.source", lang): room,
            i18n.t("col.licence", lang): i18n.t("workshop.export.licence.room", lang),
        }
        for name in ROOM_TABLES
    ]
    if any(step["kind"] == SURVEY for step in workshop.steps):
        rows.append(
            {
                i18n.t("workshop.export.col.sheet", lang): "survey",
                i18n.t("col.source", lang): i18n.t("survey.source.note", lang),
                i18n.t("col.licence", lang): i18n.t("workshop.export.licence.room", lang),
            }
        )
    for attached in owndata.files(engine, workshop_id):
        for _, name, _unit in attached.indicators:
            rows.append(
                {
                    i18n.t("workshop.export.col.sheet", lang): "owndata",
                    i18n.t("col.source", lang): own_store.source_text(attached.filename, lang) + f": {name}",
                    i18n.t("col.licence", lang): i18n.t("owndata.not_official", lang),
                }
            )
    return pd.DataFrame(rows)


def excel(engine: Engine, workshop_id: int, key: str, lang: str = "fi") -> bytes:
    """All tables in one .xlsx with a sources sheet last (cells that start with = + - @ neutralised)."""
    return exports.to_excel(tables(engine, workshop_id, key), sources(engine, workshop_id, lang))


def csv(engine: Engine, workshop_id: int, key: str, table: str, *, finnish: bool = False) -> bytes:
    """One table as CSV (UTF-8 with BOM, formulas neutralised); table is a key of tables()."""
    return exports.to_csv(tables(engine, workshop_id, key)[table], finnish=finnish)


# ---------------------------------------------------------------- HTML summary

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2433;max-width:52rem;
margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid #1f5fa8;
padding-bottom:.2rem}.meta{color:#5b6472}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #dde2ea;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}.bar{background:#1f5fa8;height:.8rem;border-radius:2px}
.card{border:1px solid #dde2ea;border-radius:6px;padding:.6rem .8rem;margin:.6rem 0}.card h3{margin:0 0 .3rem;
font-size:1.05rem}.levers{font-size:.9rem;color:#333}.author{color:#5b6472;font-size:.9rem}
.comment{white-space:pre-wrap}footer{margin-top:3rem;color:#5b6472;font-size:.85rem}
@media print{body{margin:0}h2{break-after:avoid}.card{break-inside:avoid}}
"""


def _number(value: float | None, decimals: int, lang: str) -> str:
    """A number as the reader's language writes it ('1 234,5' in fi and sv); NaN → '–'."""
    return format_.number(None if value is None or pd.isna(value) else float(value), decimals, lang)


def _label(step: dict[str, Any], item: str, lang: str) -> str:
    return plan.item_label(step, item, lang)


def _ranking_html(engine: Engine, workshop: Workshop, step: dict[str, Any], lang: str) -> str:
    frame = aggregates.ranking_results(engine, workshop.id, step["id"])
    voters = int(frame["voters"].iloc[0]) if len(frame) else 0
    if voters == 0:
        return f"<p>{escape_html(i18n.t('workshop.summary.none', lang))}</p>"
    top = max(int(frame["points"].max()), 1)
    rows = "".join(
        f"<tr><td>{escape_html(_label(step, r.item, lang))}</td>"
        f'<td style="width:40%"><div class="bar" style="width:{100 * r.points / top:.0f}%"></div></td>'
        f'<td class="num">{int(r.points)}</td><td class="num">{int(r.first_places)}</td>'
        f'<td class="num">{_number(r.mean_rank, 1, lang)}</td></tr>'
        for r in frame.itertuples()
    )
    head = (
        f"<th>{escape_html(i18n.t('workshop.summary.item', lang))}</th>"
        f"<th colspan=2>{escape_html(i18n.t('workshop.summary.points', lang))}</th>"
        f"<th class='num'>{escape_html(i18n.t('workshop.summary.first_places', lang))}</th>"
        f"<th class='num'>{escape_html(i18n.t('workshop.summary.mean_rank', lang))}</th>"
    )
    note = escape_html(i18n.t("workshop.summary.voters", lang, n=voters))
    return f'<table><tr>{head}</tr>{rows}</table><p class="meta">{note}</p>'


def _matrix_svg(frame: pd.DataFrame, step: dict[str, Any], lang: str) -> str:
    """A small 2×2 with each item's mean position (impact right, uncertainty up)."""
    size, pad = 400, 30
    inner = size - 2 * pad
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
        'role="img" font-family="system-ui,sans-serif" font-size="10">',
        f'<rect x="{pad}" y="{pad}" width="{inner}" height="{inner}" fill="#f6f8fb" stroke="#9aa3b2"/>',
        f'<line x1="{size / 2}" y1="{pad}" x2="{size / 2}" y2="{size - pad}" stroke="#9aa3b2" stroke-dasharray="4 3"/>',
        f'<line x1="{pad}" y1="{size / 2}" x2="{size - pad}" y2="{size / 2}" stroke="#9aa3b2" stroke-dasharray="4 3"/>',
        f'<text x="{size / 2}" y="{size - 8}" text-anchor="middle">'
        f"{escape_html(i18n.t('workshop.matrix.impact', lang))} →</text>",
        f'<text x="12" y="{size / 2}" text-anchor="middle" transform="rotate(-90 12 {size / 2})">'
        f"{escape_html(i18n.t('workshop.matrix.uncertainty', lang))} →</text>",
    ]
    quadrants = (  # (x, y, anchor, key): high impact on the right, high uncertainty at the top
        (size - pad - 4, pad + 12, "end", "critical"),
        (size - pad - 4, size - pad - 6, "end", "trends"),
        (pad + 4, pad + 12, "start", "watch"),
        (pad + 4, size - pad - 6, "start", "minor"),
    )
    for qx, qy, anchor, name in quadrants:
        label = escape_html(i18n.t(f"workshop.matrix.quadrant.{name}", lang))
        parts.append(f'<text x="{qx}" y="{qy}" text-anchor="{anchor}" fill="#8a93a3">{label}</text>')
    for r in frame.dropna(subset=["impact"]).itertuples():
        x = pad + inner * float(r.impact)
        y = pad + inner * (1 - float(r.uncertainty))
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#1f5fa8"/>')
        parts.append(
            f'<text x="{x + 7:.1f}" y="{y + 3:.1f}">{escape_html(_label(step, r.item, lang))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _matrix_html(engine: Engine, workshop: Workshop, step: dict[str, Any], lang: str) -> str:
    frame = aggregates.matrix_results(engine, workshop.id, step["id"])
    if int(frame["n"].sum()) == 0:
        return f"<p>{escape_html(i18n.t('workshop.summary.none', lang))}</p>"
    rows = "".join(
        f"<tr><td>{escape_html(_label(step, r.item, lang))}</td><td class='num'>{_number(r.impact, 2, lang)}</td>"
        f"<td class='num'>{_number(r.uncertainty, 2, lang)}</td><td class='num'>{int(r.n)}</td></tr>"
        for r in frame.itertuples()
    )
    head = (
        f"<th>{escape_html(i18n.t('workshop.summary.item', lang))}</th>"
        f"<th class='num'>{escape_html(i18n.t('workshop.matrix.impact', lang))}</th>"
        f"<th class='num'>{escape_html(i18n.t('workshop.matrix.uncertainty', lang))}</th><th class='num'>n</th>"
    )
    return _matrix_svg(frame, step, lang) + f"<table><tr>{head}</tr>{rows}</table>"


def _guess_html(engine: Engine, workshop: Workshop, step: dict[str, Any], lang: str) -> str:
    stats = aggregates.guess_summary(engine, workshop.id, step["id"])
    if not stats["n"]:
        return f"<p>{escape_html(i18n.t('workshop.summary.none', lang))}</p>"
    values = aggregates.guesses(engine, workshop.id, step["id"])
    # Whole-number guesses (inhabitants) read best without decimals; a step may set its own.
    decimals = int(step.get("decimals", 0 if bool((values % 1 == 0).all()) else 1))
    text = i18n.t(
        "workshop.summary.guess_stats",
        lang,
        n=stats["n"],
        median=_number(stats["median"], decimals, lang),
        p10=_number(stats["p10"], decimals, lang),
        p90=_number(stats["p90"], decimals, lang),
    )
    return f"<p>{escape_html(text)}</p>"


def _changed(levers: dict[str, Any]) -> dict[str, Any]:
    """Only the levers moved from the scenario builder's defaults: the rest say nothing about the room."""
    from foresight.scenario.levers import defaults

    base = defaults()
    return {k: v for k, v in levers.items() if base.get(k) != v}


def _lever_label(lever_id: str, lang: str) -> str:
    key = f"scenario.lever.{lever_id}"
    return i18n.t(key, lang) if i18n.has(key, lang) else lever_id


def _entry_html(entry: Entry, lang: str) -> str:
    author = entry.author or i18n.t("workshop.anonymous", lang)
    name = entry.payload.get("name", "")
    levers = entry.payload.get("levers", {})
    lever_text = "; ".join(
        f"{_lever_label(k, lang)}: {_number(v, 2, lang) if isinstance(v, float) else v}"
        for k, v in sorted(_changed(levers).items())
    )
    parts = ['<div class="card">']
    if name:
        parts.append(f"<h3>{escape_html(name)}</h3>")
    parts.append(f'<div class="author">{escape_html(author)}</div>')
    if lever_text:
        parts.append(f'<div class="levers">{escape_html(lever_text)}</div>')
    if entry.comment:
        parts.append(f'<p class="comment">{escape_html(entry.comment)}</p>')
    parts.append("</div>")
    return "".join(parts)


def summary_html(engine: Engine, workshop_id: int, key: str, lang: str = "fi") -> str:
    """A self-contained HTML page with the votes, guesses, the room's scenarios and comments (hidden left out)."""
    if not service.check_key(engine, workshop_id, key):
        raise service.Forbidden("wrong_key")
    lang = i18n.language(lang)
    workshop = service.get(engine, workshop_id)
    n = service.participant_count(engine, workshop_id)
    date = workshop.created.strftime("%-d.%-m.%Y")
    body = [
        f"<h1>{escape_html(workshop.title)}</h1>",
        f'<p class="meta">{escape_html(i18n.t("workshop.summary.heading", lang))} · '
        f"{escape_html(i18n.t('workshop.summary.meta', lang, municipality=workshop.municipality, date=date, n=n))}</p>",
    ]
    for step in workshop.steps:
        kind = step["kind"]
        if kind not in RESULT_KINDS:
            continue
        title = step.get("title") or i18n.t(f"workshop.step.kind.{kind}", lang)
        body.append(f"<h2>{escape_html(title)}</h2>")
        if kind == RANKING:
            body.append(_ranking_html(engine, workshop, step, lang))
        elif kind == MATRIX:
            body.append(_matrix_html(engine, workshop, step, lang))
        elif kind in (GUESS, "projection"):
            body.append(_guess_html(engine, workshop, step, lang))
        elif kind == SCENARIO:
            entries = aggregates.scenarios(engine, workshop_id, step["id"])
            body.append("".join(_entry_html(e, lang) for e in entries) or _none(lang))
        elif kind == SURVEY:
            body.append(_survey_html(engine, workshop, step, lang))
    body.append(_owndata_html(engine, workshop_id, lang))
    notes = aggregates.comments(engine, workshop_id)
    if notes:
        body.append(f"<h2>{escape_html(i18n.t('workshop.summary.comments', lang))}</h2>")
        body.append("".join(_entry_html(e, lang) for e in notes))
    today = datetime.now(UTC).strftime("%-d.%-m.%Y")
    body.append(f"<footer>{escape_html(i18n.t('workshop.summary.generated', lang, date=today))}</footer>")
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape_html(workshop.title)}</title><style>{_CSS}{SURVEY_CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>"
    )


def _none(lang: str) -> str:
    return f"<p>{escape_html(i18n.t('workshop.summary.none', lang))}</p>"


def _owndata_html(engine: Engine, workshop_id: int, lang: str) -> str:
    """The attached own-data files and their indicators, marked as not official statistics ("" if none)."""
    attached = owndata.files(engine, workshop_id)
    if not attached:
        return ""
    rows = "".join(
        f"<tr><td>{escape_html(a.filename or '–')}</td><td>{escape_html(name)}</td>"
        f"<td>{escape_html(unit)}</td></tr>"
        for a in attached
        for _, name, unit in a.indicators
    )
    head = "".join(
        f"<th>{escape_html(i18n.t(k, lang))}</th>"
        for k in ("workshop.owndata.col.file", "workshop.owndata.col.indicator", "col.unit")
    )
    return (
        f"<h2>{escape_html(i18n.t('workshop.owndata.heading', lang))}</h2>"
        f'<p class="meta">{escape_html(i18n.t("owndata.badge", lang))}</p>'
        f"<table><tr>{head}</tr>{rows}</table>"
    )


def _published(engine: Engine, step: dict[str, Any]) -> Any:
    """(survey, results) of a survey step when its results are published, else None."""
    from foresight import survey_store

    return survey_store.published_results(engine, str(step.get("survey", "")))


def _survey_html(engine: Engine, workshop: Workshop, step: dict[str, Any], lang: str) -> str:
    """A survey step: the published results as on the wall (unpublished: a note only) and the residents'
    theme places beside the room's first six-theme ranking."""
    from foresight import survey_export
    from foresight import survey_store as store

    found = _published(engine, step)
    if found is None:
        return f"<p>{escape_html(i18n.t('workshop.export.survey_unpublished', lang))}</p>"
    survey, res = found
    parts = [
        f"<p><strong>{escape_html(survey.definition.title)}</strong></p>",
        survey_export.html_section(survey, res, lang, level=3),
    ]
    room = store.theme_ranking_step(workshop.steps)
    council = store.council_ranking(engine, workshop.id, str(room["id"])) if room else []
    if council and council[0].voters and res.ranking and res.ranking[0].voters:
        parts.append(f"<h3>{escape_html(i18n.t('workshop.survey.compare', lang))}</h3>")
        parts.append(survey_export.comparison_html(list(res.ranking), council, lang))
    return "\n".join(parts)
