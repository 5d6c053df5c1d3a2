"""The scorecard's history and save tabs: the stored versions, saving and opening with a code and owner key,
the files (JSON, council report, Excel, PDF), the link and reading a JSON file back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from foresight import scorecard as sc
from foresight import scorecard_export as export
from foresight.datasets import credits
from foresight.i18n import t
from foresight.ui import loaders, uploader, widgets, workshop_cache
from foresight.ui import scorecard_views as views
from foresight.ui.downloads import XLSX


def history(code: str, info: dict[str, Any] | None, names: Mapping[str, str], lang: str) -> None:
    """The stored versions: who changed what and when (a council sees when a target moved)."""
    if not info:
        st.info(t("scorecard.history_unsaved", lang))
        return
    from foresight import scorecard_store as store

    try:
        versions = store.history(workshop_cache.engine(), info["code"], info["key"])
    except sc.ScorecardError as exc:
        st.error(exc.text(lang))
        return
    # A static table: read aloud by screen readers and printed as it is shown.
    st.table(history_table(versions, names, lang).set_index(t("scorecard.col.version", lang)))


def saved_history(info: dict[str, Any] | None, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """The change history of the saved scorecard as a table (empty when it is not saved)."""
    if not info:
        return pd.DataFrame()
    from foresight import scorecard_store as store

    try:
        return history_table(store.history(workshop_cache.engine(), info["code"], info["key"]), names, lang)
    except sc.ScorecardError:
        return pd.DataFrame()


def history_table(versions: list[Any], names: Mapping[str, str], lang: str) -> pd.DataFrame:
    rows = []
    for v in versions:
        for change in v.changes or [{"kind": "none"}]:
            rows.append(
                {
                    t("scorecard.col.version", lang): v.version,
                    t("scorecard.col.when", lang): sc.local_time(v.changed),
                    t("scorecard.col.who", lang): v.author,
                    t("scorecard.col.what", lang): sc.change_text(change, names, lang),
                }
            )
    return pd.DataFrame(rows)


def saving(code: str, card: sc.Scorecard, info: dict[str, Any] | None, lang: str) -> None:
    """Save (first time: a code and an owner key, shown once), save a new version, or open a saved one."""
    from foresight import scorecard_store as store

    st.subheader(t("scorecard.save_heading", lang))
    st.checkbox(
        t("scorecard.share_label", lang),
        value=card.share,
        key=f"sc_share_{lang}",
        on_change=views.on_share,
        args=(code,),
    )
    author = st.text_input(t("scorecard.author_label", lang), key="sc_author", max_chars=store.MAX_AUTHOR)
    author_error = st.empty()  # a missing name is said right under its field (WCAG 3.3.1), not at the top
    engine = workshop_cache.engine()
    if st.button(
        t("scorecard.save_new" if not info else "scorecard.save_version", lang), key="sc_save", type="primary"
    ):
        if not sc.clean_text(author, store.MAX_AUTHOR):
            author_error.error(t("scorecard.error.no_author", lang), icon=":material/error:")
        else:
            _save(code, card, info, author)
    shown = st.session_state.get("sc_new_key")
    with st.container():  # the key, until hidden: the form below keeps its place when it comes and goes
        if shown:
            st.success(t("scorecard.created", lang, code=shown[0]))
            st.code(shown[1], language=None)
            st.warning(t("scorecard.key_once", lang))
            st.button(
                t("scorecard.key_hide", lang),
                key="sc_key_hide",
                on_click=st.session_state.pop,
                args=("sc_new_key",),
            )
    st.subheader(t("scorecard.open_heading", lang))
    with st.form("sc_open_form", border=False):
        typed_code = st.text_input(t("scorecard.code_label", lang), max_chars=16)
        typed_key = st.text_input(t("scorecard.key_label", lang), type="password", max_chars=100)
        if st.form_submit_button(t("scorecard.open_button", lang)):
            try:
                opened = store.open_card(engine, typed_code, typed_key)
            except sc.ScorecardError as exc:
                st.error(exc.text(lang))
            else:
                views.reset_widgets()
                views.put(opened.card)
                views.set_saved(
                    opened.card.municipality,
                    {"code": opened.code, "key": typed_key.strip(), "version": opened.version},
                )
                st.session_state.pop("sc_new_key", None)
                views.say("success", "scorecard.opened", code=opened.code, version=opened.version)
                state_code = opened.card.municipality
                if state_code != code:
                    st.session_state["municipality"] = state_code
                st.rerun()


def _save(code: str, card: sc.Scorecard, info: dict[str, Any] | None, author: str) -> None:
    """Store the scorecard (a new one, or a new version) and rerun with the outcome."""
    from foresight import scorecard_store as store

    engine = workshop_cache.engine()
    try:
        if not info:
            new_code, key = store.create(engine, card, author)
            views.set_saved(code, {"code": new_code, "key": key, "version": 1})
            st.session_state["sc_new_key"] = (new_code, key)
        else:
            result = store.save(engine, info["code"], info["key"], card, author)
            views.set_saved(code, {**info, "version": result.version})
            views.say("success", "scorecard.saved_version", version=result.version)
    except sc.ScorecardError as exc:
        views.say("error", exc.key, **exc.params)
    st.rerun()


def files(
    code: str,
    card: sc.Scorecard,
    evaluated: pd.DataFrame,
    metas: Mapping[str, sc.Meta],
    names: Mapping[str, str],
    info: dict[str, Any] | None,
    lang: str,
) -> None:
    """Downloads (JSON, council report HTML/PDF, Excel), the link, and reading a JSON file."""
    st.subheader(t("scorecard.files_heading", lang))
    stem = f"strategia_{code}"
    inds = sorted(
        {i.indicator for g in card.goals for i in g.items if not i.indicator.startswith(sc.OWN_PREFIX)}
    )
    cat = loaders.catalogue()
    sources = credits(cat.loc[inds], lang) if inds else credits(cat.iloc[:0], lang)

    def report() -> str:
        rows = export.overview(card, evaluated, metas, names, lang)
        charts = {}
        for g in card.goals:
            for i in g.items:
                hist = views.history(i.indicator, card.municipality)
                charts[(g.id, i.indicator)] = export.mini_chart(
                    hist,
                    views.forecast(i.indicator, card.municipality),
                    metas[i.indicator].decimals,
                    lang,
                    names[i.indicator],
                )
        summaries = export.goal_summaries(card, evaluated)
        version = info["version"] if info else None
        return export.report_html(
            card, rows, summaries, widgets.name(code, lang), lang, sources, charts, version
        )

    # Two buttons a row, the reports first: short labels that say the format fit uncut at 1280 and 390 px
    # (four in a row cut "Valtuustoraportti (…" twice); the help says what each file is in full.
    buttons: list[tuple[str, str, Any, str, str]] = [
        ("scorecard.download_html", "html", lambda: report().encode("utf-8"), "text/html", "description"),
    ]
    if loaders.pdf_available():
        from foresight.report import to_pdf

        buttons.append(
            ("scorecard.download_pdf", "pdf", lambda: to_pdf(report()), "application/pdf", "picture_as_pdf")
        )
    buttons += [
        (
            "scorecard.download_excel",
            "xlsx",
            lambda: export.excel(
                export.overview(card, evaluated, metas, names, lang),
                saved_history(info, names, lang),
                sources,
                lang,
            ),
            XLSX,
            "table",
        ),
        ("scorecard.download_json", "json", sc.to_json(card).encode("utf-8"), "application/json", "download"),
    ]
    cols = [c for _ in range(0, len(buttons), 2) for c in st.columns(2)]
    for col, (label, ext, data, mime, icon) in zip(cols, buttons, strict=False):
        col.download_button(
            t(label, lang),
            data=data,
            file_name=f"{stem}.{ext}",
            mime=mime,
            key=f"sc_dl_{ext}",
            on_click="ignore",
            icon=f":material/{icon}:",
            help=t(f"{label}_help", lang),
        )
    link = sc.to_link(card)
    if link is None:
        st.caption(t("scorecard.link_too_long", lang))
    else:
        st.caption(t("scorecard.link_help", lang))
        st.code(f"/scorecard?municipality={code}&lang={lang}&{views.LINK_PARAM}={link}", language=None)
    upload = uploader.file_uploader(
        t("scorecard.upload_label", lang),
        key="sc_upload",
        types=["json"],
        limit_bytes=sc.MAX_FILE_BYTES,
        lang=lang,
    )
    if upload is not None and st.session_state.get("_sc_upload_id") != upload.file_id:
        st.session_state["_sc_upload_id"] = upload.file_id
        try:
            loaded, problems = sc.from_json(upload.getvalue(), metas, loaders.register().index)
        except sc.ScorecardError as exc:
            st.error(exc.text(lang))
            return
        views.reset_widgets()
        views.put(loaded)
        views.set_saved(loaded.municipality, None)
        views.say("success", "scorecard.loaded", n=len(loaded.goals))
        for problem in problems:
            views.say("warning", problem.key, **views.problem_params(problem))
        if loaded.municipality != code:
            st.session_state["municipality"] = loaded.municipality
        st.rerun()
