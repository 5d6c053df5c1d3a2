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
from foresight.ui import drawing_size, theme, widgets
from foresight.ui import workshop_cache as cache
from foresight.ui.workshop_guesses import (
    WALL_CHARTS_KEY,
    WALL_HIGH_KEY,
    WALL_LOW_KEY,
    guesses,
    projected_value,
)
from foresight.ui.workshop_text import (
    GUESS_KINDS,
    item_labels,
    lever_text,
    scenario_title,
    step_title,
    value_text,
)
from foresight.workshop import aggregates, voting
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
    note = t("workshop.summary.voters", lang, n=voters) + " · " + t("workshop.ranking.method", lang)
    if big:  # the count above the chart, which then takes the height the screen has left (pages/present.py)
        st.caption(note)
        theme.step_chart(
            fig, step["id"], lang, container=st.container(key=f"{WALL_LOW_KEY}_{step['id']}"), config=CONFIG
        )
    else:
        theme.step_chart(fig, step["id"], lang, config=CONFIG)
        st.caption(note)


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
    charts_key = f"{WALL_CHARTS_KEY}_{step['id']}" if big else f"kl_matrix_chart_{step['id']}"
    # Names are placed in the drawing as the browser measured it (a 1920×1080 wall, or a laptop opening the
    # join link, has room for more names than the 1280×720 wall's or the 390 px phone's model); until it has,
    # in the model's.
    sent = drawing_size.measure(charts_key, f"kl_drawing_{step['id']}")
    space = charts_workshop.measured_space(
        sent, charts_workshop.WALL_SPACE if big else charts_workshop.PHONE_SPACE
    )
    numbers = charts_workshop.matrix_numbers(frame, labels, big, space)  # {} unless the names would clash
    fig = charts_workshop.matrix_scatter(
        frame,
        points,
        labels,
        lang,
        (t("workshop.matrix.impact", lang) + " →", t("workshop.matrix.uncertainty", lang) + " →"),
        quadrants,
        height=360 if big else 380,  # the wall: header and chart within 720 px of a projector
        big=big,
        numbers=numbers,
        space=space,
    )

    def named(item: str) -> str:
        name = escape_markdown(labels.get(item, item))
        return f"{numbers[item]} {name}" if item in numbers else name

    if not big:
        theme.step_chart(fig, step["id"], lang, container=st.container(key=charts_key), config=CONFIG)
        if numbers:  # the chart shows numbers: their names, in order
            st.caption(t("workshop.matrix.numbered", lang))
            ordered = sorted(numbers, key=numbers.__getitem__)
            st.markdown("\n".join(f"{numbers[i]}. {escape_markdown(labels.get(i, i))}" for i in ordered))
    else:
        # On the wall the items are also listed per box as large text: several items at one point can only
        # be told apart in words, and the back of the room reads a list sooner than a scatter.
        # the chart two thirds of the width: its names are a 26 px line each and need the room
        left, right = st.columns([2, 1], vertical_alignment="center")
        # as tall as the screen has room for (pages/present.py): 330 px at 1280×720, about 580 at 1920×1080
        where = left.container(key=charts_key)
        theme.step_chart(fig, step["id"], lang, container=where, config=CONFIG)
        shown = frame.dropna(subset=["impact", "uncertainty"])
        lists = voting.by_quadrant(
            [
                (str(i), float(x), float(y))
                for i, x, y in zip(shown["item"], shown["impact"], shown["uncertainty"], strict=True)
            ]
        )
        with right.container(key="kl_matrix_lists"):
            # the count beside the chart, not under it: at 1280×720 the line under the chart is off the screen
            st.caption(t("workshop.summary.voters", lang, n=int(frame["n"].max())))
            if numbers:
                st.caption(t("workshop.matrix.numbered", lang))
            for quadrant, items in lists.items():
                if items:
                    names = ", ".join(named(i) for i in items)
                    st.markdown(f"**{escape_markdown(quadrants[quadrant])}:** {names}")
        return
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


def heading(text: str, key: str, look: str, big: bool) -> None:
    """A heading under the step's title: on the wall an h2 under its h1, elsewhere an h3 (under the phone's
    "results" h2, the control panel's step h3), so no level is skipped for a screen reader. On the wall it is
    drawn at the size the wall was fitted with (pages/present.py): look "question" as an h3 was, "note" as an
    h4 was. text: markdown, already escaped."""
    if not big:
        st.markdown(f"### {text}")
        return
    with st.container(key=f"kl_{look}_{key}"):
        st.markdown(f"## {text}")


def scenarios(
    entries: list[Entry], code: str, lang: str, big: bool = False, step_id: str = "scenario"
) -> None:
    """The room's scenarios together: their 2030 populations beside the official projection, then the cards."""
    if not entries:
        st.info(t("workshop.summary.none", lang), icon=":material/info:")
        return
    ref = cache.reference_2030(code)
    shown = entries[-12:]
    values = [cache.scenario_value(code, dict(e.payload.get("levers") or {})) for e in shown]
    if ref is not None and any(v is not None for v in values):
        heading(
            t("workshop.scenario.chart_title", lang, name=widgets.name(code, lang), year=ref.year),
            f"chart_{step_id}",
            "note",
            big,
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
        # on the wall every scenario's dot on the first screen, the cards (and their comments) below it
        where = st.container(key=f"{WALL_HIGH_KEY}_{step_id}") if big else None
        theme.chart_with_alt(
            fig, lang=lang, description=description, table=pd.DataFrame(), container=where, config=CONFIG
        )
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
    """A step's aggregate; data is what aggregates.results returned (the caller checked the right to see it)."""
    kind, step_id = step["kind"], step["id"]
    if kind == RANKING:
        ranking(data, step, lang, big)
    elif kind == MATRIX:
        matrix(data, aggregates.matrix_points(eng, ws.id, step_id), step, lang, big)
    elif kind in GUESS_KINDS:
        guesses(data, step, ws.municipality, lang, big, revealed=step_id in ws.revealed)
    elif kind == SCENARIO:
        scenarios(data, ws.municipality or "091", lang, big, step_id)


def room_data(eng: Any, ws: Workshop, step: Mapping[str, Any]) -> Any:
    """The aggregate the wall shows for a revealed step (anonymous unless names are shown)."""
    kind, step_id = step["kind"], step["id"]
    if kind == RANKING:
        return aggregates.ranking_results(eng, ws.id, step_id)
    if kind == MATRIX:
        return aggregates.matrix_results(eng, ws.id, step_id)
    if kind in GUESS_KINDS:
        return {
            "summary": aggregates.guess_summary(eng, ws.id, step_id),
            "values": aggregates.guesses(eng, ws.id, step_id),
        }
    if kind == SCENARIO:
        return aggregates.scenarios(eng, ws.id, step_id)
    return None


def _summary_lines(eng: Any, ws: Workshop, step: Mapping[str, Any], lang: str) -> list[str]:
    """A revealed step's result in a few lines of (escaped) markdown: the top three, the 2×2's boxes, the
    room's median guess against the projection, the range of the room's scenarios."""
    kind, data = step["kind"], room_data(eng, ws, step)
    code = ws.municipality or "091"
    if kind == RANKING:
        if not len(data) or int(data["voters"].iloc[0]) == 0:
            return [t("workshop.summary.none", lang)]
        labels = item_labels(step, lang)
        top = [f"{n}. {escape_markdown(labels.get(i, i))}" for n, i in enumerate(data["item"][:3], start=1)]
        return ["\n".join(top), t("workshop.summary.voters", lang, n=int(data["voters"].iloc[0]))]
    if kind == MATRIX:
        shown = data.dropna(subset=["impact", "uncertainty"])
        if not len(shown):
            return [t("workshop.summary.none", lang)]
        labels = item_labels(step, lang)
        boxes = voting.by_quadrant(
            [
                (str(i), float(x), float(y))
                for i, x, y in zip(shown["item"], shown["impact"], shown["uncertainty"], strict=True)
            ]
        )
        lines = [
            f"**{t(f'workshop.matrix.quadrant.{q}', lang)}:** "
            + ", ".join(escape_markdown(labels.get(i, i)) for i in items)
            for q, items in boxes.items()
            if items
            and q in ("critical", "trends")  # the boxes that call for action; the wall step has all four
        ]
        return [*lines, t("workshop.summary.voters", lang, n=int(data["n"].max()))]
    if kind in GUESS_KINDS:
        stats = data["summary"]
        if not stats["n"]:
            return [t("workshop.summary.none", lang)]
        ind_id = str(step.get("indicator", ""))
        target = projected_value(step, code)
        lines = []
        if target["kind"] == "projection":
            low, high = (value_text(ind_id, v, lang) for v in target["interval"])
            value = value_text(ind_id, target["value"], lang)
            lines.append(
                t("workshop.reveal.projection", lang, year=target["year"], value=value, low=low, high=high)
            )
        elif target["kind"] == "observed":
            value = value_text(ind_id, target["value"], lang)
            lines.append(t("workshop.reveal.observed", lang, year=target["year"], value=value))
        median = t("workshop.summary.guess_median", lang, median=value_text(ind_id, stats["median"], lang))
        return [*lines, t("workshop.summary.guess_count", lang, n=stats["n"]) + " · " + median]
    if kind == SCENARIO:
        ref = cache.reference_2030(code)
        values = [cache.scenario_value(code, dict(e.payload.get("levers") or {})) for e in data]
        found = [v for v in values if v is not None]
        if not found or ref is None:
            return [t("workshop.summary.none", lang)]
        span = fmt.number(min(found), 0, lang) + " – " + fmt.number(max(found), 0, lang)
        title = t("workshop.scenario.chart_title", lang, name=widgets.name(code, lang), year=ref.year)
        reference = t("workshop.scenario.reference", lang, edition=ref.edition)
        return [
            f"{title}: **{span}**",
            f"{reference}: {fmt.number(ref.value, 0, lang)} · "
            + t("workshop.summary.voters", lang, n=len(data)),
        ]
    return []


def wall_summary(eng: Any, ws: Workshop, lang: str) -> None:
    """The session's revealed results on one wall screen, a card each, before the charts that follow."""
    steps = [
        s
        for s in ws.steps
        if s["id"] in ws.revealed and s["kind"] in (RANKING, MATRIX, *GUESS_KINDS, SCENARIO)
    ]
    if not steps:
        return
    columns = st.columns(min(3, len(steps)))
    for n, step in enumerate(steps):
        with columns[n % len(columns)].container(border=True, key=f"kl_summary_{step['id']}"):
            heading(step_title(step, lang), f"card_{step['id']}", "note", True)
            for line in _summary_lines(eng, ws, step, lang):
                st.markdown(line)


def results_step(eng: Any, ws: Workshop, lang: str, big: bool) -> None:
    """The 'results' step: every revealed vote of the session, one after another (on the wall after a card
    per step that fits the first screen)."""
    if big:
        wall_summary(eng, ws, lang)
    shown = 0
    for step in ws.steps:
        if step["id"] not in ws.revealed or step["kind"] not in (RANKING, MATRIX, *GUESS_KINDS, SCENARIO):
            continue
        st.subheader(step_title(step, lang))
        results(eng, ws, step, lang, big=big, data=room_data(eng, ws, step))
        shown += 1
    if not shown:
        st.info(t("workshop.results.none", lang), icon=":material/info:")
    notes = aggregates.comments(eng, ws.id)  # hidden ones left out by the store
    if notes:
        st.subheader(t("workshop.summary.comments", lang))
        comment_list(notes, lang, limit=12)
