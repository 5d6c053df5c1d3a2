"""What the room sent in (pages/workshop.py): moderating comments and scenarios, and exporting everything."""

from __future__ import annotations

from functools import partial
from typing import Any

import streamlit as st

from foresight.i18n import t
from foresight.ui import workshop_access
from foresight.ui.downloads import XLSX
from foresight.workshop import export, service
from foresight.workshop.models import Workshop
from foresight.workshop.security import escape_markdown


def moderation(eng: Any, ws: Workshop, key: str, lang: str) -> None:
    """The latest 30 comments and scenarios, hidden ones too, each with hide/unhide."""
    st.subheader(t("workshop.moderation.heading", lang))
    entries = sorted(
        service.comments(eng, ws.id, include_hidden=True)
        + service.scenarios(eng, ws.id, include_hidden=True),
        key=lambda e: e.submission_id,
    )
    if not entries:
        st.caption(t("workshop.moderation.none", lang))
    for item in entries[-30:]:
        text_col, button_col = st.columns([5, 1])
        with text_col:
            label = escape_markdown(item.payload.get("name") or "")
            author = escape_markdown(item.author or t("workshop.anonymous", lang))
            hidden = f" · *{t('workshop.moderation.hidden', lang)}*" if item.hidden else ""
            st.markdown(f"**{label}** {author}{hidden}" if label else f"{author}{hidden}")
            st.markdown(escape_markdown(item.comment) if item.comment else "–")
        with button_col:
            if st.button(
                t("workshop.moderation.unhide" if item.hidden else "workshop.moderation.hide", lang),
                key=f"workshop_hide_{item.submission_id}",
            ):
                workshop_access.call(
                    partial(service.hide, eng, ws.id, key, item.submission_id, not item.hidden), lang
                )
                st.rerun()


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
