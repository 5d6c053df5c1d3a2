"""What the room sent in (pages/workshop.py): moderating comments and scenarios, and exporting everything."""

from __future__ import annotations

from functools import partial
from typing import Any

import streamlit as st

from foresight.i18n import t
from foresight.ui import workshop_access, workshop_text
from foresight.ui.downloads import XLSX
from foresight.workshop import aggregates, export, service
from foresight.workshop.models import Workshop
from foresight.workshop.security import escape_markdown

MODERATION_SHOWN = 30  # the newest entries listed; the step filter reaches the rest


def moderation(eng: Any, ws: Workshop, key: str, lang: str) -> None:
    """Every answer that counts and every comment, hidden ones too, newest first, each with its step, its kind
    and what was sent, and a hide/show button; a step filter when the room has sent much."""
    st.subheader(t("workshop.moderation.heading", lang))
    entries = aggregates.moderation_entries(eng, ws.id, key)
    if not entries:
        st.caption(t("workshop.moderation.none", lang))
        return
    st.caption(t("workshop.moderation.intro", lang))
    number = {s["id"]: n for n, s in enumerate(ws.steps, start=1)}
    answered = [s for s in ws.steps if any(e.step_id == s["id"] for e in entries)]
    if len(answered) > 1:
        chosen = st.selectbox(
            t("workshop.moderation.filter", lang),
            ["", *(s["id"] for s in answered)],
            format_func=lambda i: (
                t("workshop.moderation.all", lang) if not i else step_name(ws, i, number, lang)
            ),
            key="workshop_moderation_step",
        )
        entries = [e for e in entries if not chosen or e.step_id == chosen]
    shown = entries[::-1][:MODERATION_SHOWN]
    if len(entries) > len(shown):
        st.caption(t("workshop.moderation.latest", lang, shown=len(shown), total=len(entries)))
    for item in shown:
        box = st.container(border=True)  # one box per entry: its text and its button belong together
        text_col, button_col = box.columns([5, 1], vertical_alignment="center")
        with text_col:
            author = escape_markdown(item.author or t("workshop.anonymous", lang))
            hidden = f" · *{t('workshop.moderation.hidden', lang)}*" if item.hidden else ""
            kind = t(f"workshop.moderation.kind.{item.kind}", lang)
            where = escape_markdown(step_name(ws, item.step_id, number, lang))
            st.markdown(f"**{kind}** · {where} · {author}{hidden}")
            step = ws.find_step(item.step_id)
            text = workshop_text.answer_text(item.kind, item.payload, item.comment, step, lang)
            st.markdown(escape_markdown(text) if text else "–")
        with button_col:
            if st.button(
                t("workshop.moderation.unhide" if item.hidden else "workshop.moderation.hide", lang),
                key=f"workshop_hide_{item.submission_id}",
            ):
                workshop_access.call(
                    partial(service.hide, eng, ws.id, key, item.submission_id, not item.hidden), lang
                )
                st.rerun()


def step_name(ws: Workshop, step_id: str, number: dict[str, int], lang: str) -> str:
    """'Vaihe 2 · Priorisointi'; a step removed since the answer was sent says so."""
    step = ws.find_step(step_id)
    if step is None:
        return t("workshop.moderation.step_gone", lang)
    return t("workshop.moderation.step", lang, n=number[step_id], title=workshop_text.step_title(step, lang))


def downloads(eng: Any, ws: Workshop, key: str, lang: str) -> None:
    """One table as CSV, everything as Excel, the HTML summary (each built only when clicked)."""
    wid = ws.id
    st.subheader(t("workshop.export.heading", lang))
    stem = f"workshop_{ws.join_code}"
    cols = st.columns(3)
    table = cols[0].selectbox(
        t("workshop.export.table", lang),
        list(export.CSV_TABLES),
        format_func=lambda n: t(f"workshop.export.table.{n}", lang),
        key="workshop_export_table",
    )
    cols[0].download_button(
        t("workshop.export.csv", lang),
        data=lambda: export.csv(eng, wid, key, table, finnish=lang != "en"),
        file_name=f"{stem}_{table}.csv",
        mime="text/csv",
        key="workshop_dl_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    cols[1].download_button(
        t("workshop.export.excel", lang),
        data=lambda: export.excel(eng, wid, key, lang),
        file_name=f"{stem}.xlsx",
        mime=XLSX,
        key="workshop_dl_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
    cols[2].download_button(
        t("workshop.export.summary", lang),
        data=lambda: export.summary_html(eng, wid, key, lang).encode("utf-8"),
        file_name=f"{stem}.html",
        mime="text/html",
        key="workshop_dl_html",
        on_click="ignore",
        icon=":material/download:",
    )
