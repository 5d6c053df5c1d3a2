"""The room's results on the wall, in the facilitator's preview and on the phones: rankings, the 2×2, guesses,
scenarios against the official projection, comments.

Everything a participant typed is escaped before it reaches st.markdown (security.escape_markdown).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from foresight import charts_workshop
from foresight import format as fmt
from foresight.i18n import t
from foresight.ui import theme, widgets
from foresight.ui import workshop_cache as cache
from foresight.ui.workshop_guesses import WALL_CHARTS_KEY, guesses
from foresight.ui.workshop_text import GUESS_KINDS, item_labels, lever_text, scenario_title, step_title
from foresight.workshop import service, voting
from foresight.workshop.models import MATRIX, RANKING, SCENARIO, Entry, Workshop
from foresight.workshop.security import escape_markdown

CONFIG = theme.WORKSHOP_CHART_CONFIG


def ranking(frame: pd.DataFrame, step: Mapping[str, Any], lang: str, big: bool) -> None:
    voters = int(frame["voters"].iloc[0]) if len(frame) else 0
    if voters == 0:
        st.info(t("workshop.summary.none", lang), icon=":material/info:")
        return
    fig = charts_workshop.borda_bar(
        frame,
        item_labels(step, lang),
        lang,
        t("workshop.summary.points", lang),
        height=500 if big else 340,
        big=big,
    )
    # on the wall as tall as the screen has room for (pages/present.py), so the last item is not below the fold
    where = st.container(key=f"{WALL_CHARTS_KEY}_{step['id']}") if big else None
    theme.step_chart(fig, step["id"], lang, container=where, config=CONFIG)
    st.caption(t("workshop.summary.voters", lang, n=voters) + " · " + t("workshop.ranking.method", lang))


def matrix(
    frame: pd.DataFrame, points: pd.DataFrame | None, step: Mapping[str, Any], lang: str, big: bool
) -> None:
    if int(frame["n"].sum()) == 0:
        st.info(t("workshop.summary.none", lang), icon=":material/info:")
        return
    quadrants = {
        q: t(f"workshop.matrix.quadrant.{q}", lang) for q in ("critical", "trends", "watch", "minor")
    }
    labels = item_labels(step, lang)
    fig = charts_workshop.matrix_scatter(
        frame,
        points,
        labels,
        lang,
        (t("workshop.matrix.impact", lang) + " →", t("workshop.matrix.uncertainty", lang) + " →"),
        quadrants,
        height=360 if big else 380,  # the wall: header and chart within 720 px of a projector
        big=big,
    )
    if not big:
        theme.step_chart(fig, step["id"], lang, config=CONFIG)
    else:
        # On the wall the items are also listed per box as large text: several items at one point can only
        # be told apart in words, and the back of the room reads a list sooner than a scatter.
        left, right = st.columns([3, 2], vertical_alignment="center")
        theme.step_chart(fig, step["id"], lang, container=left, config=CONFIG)
        shown = frame.dropna(subset=["impact", "uncertainty"])
        lists = voting.by_quadrant(
            [
                (str(i), float(x), float(y))
                for i, x, y in zip(shown["item"], shown["impact"], shown["uncertainty"], strict=True)
            ]
        )
        with right.container(key="kl_matrix_lists"):
            for quadrant, items in lists.items():
                if items:
                    names = ", ".join(escape_markdown(labels.get(i, i)) for i in items)
                    st.markdown(f"**{escape_markdown(quadrants[quadrant])}:** {names}")
    st.caption(t("workshop.summary.voters", lang, n=int(frame["n"].max())))


def scenario_preview(code: str, levers: Mapping[str, Any], lang: str) -> None:
    """'Kuopio 2030: 127 400 (−5 500 from the official projection)', live as the levers move."""
    value = cache.scenario_value(code, dict(levers))
    ref = cache.reference_2030(code)
    if value is None or ref is None:
        st.caption(t("workshop.comparison.none", lang))
        return
    diff = value - ref.value
    st.metric(
        t("workshop.scenario.preview", lang, name=widgets.name(code, lang), year=ref.year),
        fmt.number(value, 0, lang),
        delta=t("workshop.scenario.preview_delta", lang, diff=fmt.number(diff, 0, lang, sign=True)),
        delta_color="off",
        delta_arrow="off",  # neither good nor bad; and a "−" (U+2212) would get an upward arrow
    )
    st.caption(t("workshop.scenario.preview_note", lang, reference=fmt.number(ref.value, 0, lang)))


def entry(item: Entry, lang: str, *, with_levers: bool = True, value: str = "") -> None:
    """One scenario or comment card; all of it participant text, so all of it escaped."""
    with st.container(border=True):
        author = item.author or t("workshop.anonymous", lang)
        if with_levers and "levers" in item.payload:
            title = escape_markdown(scenario_title(item.payload, lang))
            st.markdown(f"**{title}**" + (f" · **{value}**" if value else ""))
            st.caption(
                escape_markdown(lever_text(item.payload["levers"], lang)) + " · " + escape_markdown(author)
            )
        else:
            st.caption(escape_markdown(author))
        if item.comment:
            st.markdown(escape_markdown(item.comment))


def scenarios(entries: list[Entry], code: str, lang: str, big: bool = False) -> None:
    """The room's scenarios together: their 2030 populations beside the official projection, then the cards."""
    if not entries:
        st.info(t("workshop.summary.none", lang), icon=":material/info:")
        return
    ref = cache.reference_2030(code)
    shown = entries[-12:]
    values = [cache.scenario_value(code, dict(e.payload.get("levers") or {})) for e in shown]
    if ref is not None and any(v is not None for v in values):
        st.markdown(
            "#### " + t("workshop.scenario.chart_title", lang, name=widgets.name(code, lang), year=ref.year)
        )
        pairs = [
            (scenario_title(e.payload, lang), v) for e, v in zip(shown, values, strict=True) if v is not None
        ]
        fig = charts_workshop.scenario_bars(
            [n for n, _ in pairs],
            [v for _, v in pairs],
            lang,
            reference=ref.value,
            reference_label=t("workshop.scenario.reference", lang, edition=ref.edition),
            actual=ref.actual,
            actual_label=t("workshop.scenario.actual", lang, year=ref.actual_year or ""),
            height=max(300, 110 + 56 * len(shown)) if big else max(240, 90 + 40 * len(shown)),
            big=big,
        )
        # the text alternative says what the dots say: each scenario's figure, then the reference
        description = (
            "; ".join(f"{n}: {fmt.number(v, 0, lang)}" for n, v in pairs)
            + ". "
            + t("workshop.scenario.reference", lang, edition=ref.edition)
            + f": {fmt.number(ref.value, 0, lang)}."
        )
        theme.chart_with_alt(fig, lang=lang, description=description, table=pd.DataFrame(), config=CONFIG)
    columns = st.columns(3 if big else 1)
    for i, (item, value) in enumerate(zip(shown, values, strict=True)):
        text = ""
        if value is not None and ref is not None:
            text = t(
                "workshop.scenario.card_value",
                lang,
                year=ref.year,
                value=fmt.number(value, 0, lang),
                diff=fmt.number(value - ref.value, 0, lang, sign=True),
            )
        with columns[i % len(columns)]:
            entry(item, lang, value=text)


def comment_list(entries: list[Entry], lang: str, limit: int = 8) -> None:
    for item in entries[-limit:]:
        entry(item, lang, with_levers=False)


def results(
    eng: Any, ws: Workshop, step: Mapping[str, Any], lang: str, *, big: bool, data: Any = None
) -> None:
    """A step's aggregate; data is what service.results returned (the caller checked the right to see it)."""
    kind, step_id = step["kind"], step["id"]
    if kind == RANKING:
        ranking(data, step, lang, big)
    elif kind == MATRIX:
        matrix(data, service.matrix_points(eng, ws.id, step_id), step, lang, big)
    elif kind in GUESS_KINDS:
        guesses(data, step, ws.municipality, lang, big, revealed=step_id in ws.revealed)
    elif kind == SCENARIO:
        scenarios(data, ws.municipality or "091", lang, big)


def room_data(eng: Any, ws: Workshop, step: Mapping[str, Any]) -> Any:
    """The aggregate the wall shows for a revealed step (anonymous unless names are shown)."""
    kind, step_id = step["kind"], step["id"]
    if kind == RANKING:
        return service.ranking_results(eng, ws.id, step_id)
    if kind == MATRIX:
        return service.matrix_results(eng, ws.id, step_id)
    if kind in GUESS_KINDS:
        return {
            "summary": service.guess_summary(eng, ws.id, step_id),
            "values": service.guesses(eng, ws.id, step_id),
        }
    if kind == SCENARIO:
        return service.scenarios(eng, ws.id, step_id)
    return None


def results_step(eng: Any, ws: Workshop, lang: str, big: bool) -> None:
    """The 'results' step: every revealed vote of the session, one after another."""
    shown = 0
    for step in ws.steps:
        if step["id"] not in ws.revealed or step["kind"] not in (RANKING, MATRIX, *GUESS_KINDS, SCENARIO):
            continue
        st.subheader(step_title(step, lang))
        results(eng, ws, step, lang, big=big, data=room_data(eng, ws, step))
        shown += 1
    if not shown:
        st.info(t("workshop.results.none", lang), icon=":material/info:")
    notes = service.comments(eng, ws.id)  # hidden ones left out by the store
    if notes:
        st.subheader(t("workshop.summary.comments", lang))
        comment_list(notes, lang, limit=12)
