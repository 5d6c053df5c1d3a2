"""The scorecard page's sections: goal editor, status overview, indicator chart, history, save/open, files."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

import pandas as pd
import streamlit as st

from foresight import scorecard as sc
from foresight import scorecard_export as export
from foresight.datasets import credits, unit_label
from foresight.format import number, with_unit
from foresight.i18n import t
from foresight.ui import loaders, widgets, workshop_cache
from foresight.ui import scorecard_views as views

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def goal_editor(
    code: str, goal: sc.Goal, metas: Mapping[str, sc.Meta], names: Mapping[str, str], lang: str
) -> None:
    """One goal: its text, each indicator's baseline, target and milestone, add and remove."""
    with st.container(border=True):
        st.text_input(
            t("scorecard.goal_label", lang),
            value=goal.text,
            key=f"sc_text_{goal.id}_{lang}",
            max_chars=sc.MAX_TEXT,
            on_change=views.on_goal_text,
            args=(code, goal.id),
        )
        for item in goal.items:
            meta = metas[item.indicator]
            unit = f" ({unit_label(meta.unit, lang)})" if meta.unit and unit_label(meta.unit, lang) else ""
            cols = st.columns([3, 2, 2, 2, 1], vertical_alignment="bottom")
            cols[0].markdown(
                f"**{escape(names[item.indicator])}**  \n"
                + t(
                    "scorecard.baseline_line",
                    lang,
                    value=with_unit(item.baseline_value, meta.decimals, meta.unit, lang),
                    year=item.baseline_year,
                )
            )
            step = 10.0 ** -max(meta.decimals, 0)
            target_key = views.target_key(goal.id, item.indicator, "target")
            if target_key not in st.session_state:
                st.session_state[target_key] = float(item.target)
            cols[1].number_input(
                t("scorecard.target_label", lang, year=sc.TARGET_YEAR) + unit,
                key=target_key,
                step=step,
                format=f"%.{max(meta.decimals, 0)}f",
                on_change=views.on_number,
                args=(code, goal.id, item.indicator, "target"),
            )
            ms_key = views.target_key(goal.id, item.indicator, "milestone")
            if ms_key not in st.session_state:
                st.session_state[ms_key] = item.milestone
            cols[2].number_input(
                t("scorecard.milestone_label", lang, year=sc.MILESTONE_YEAR) + unit,
                key=ms_key,
                step=step,
                format=f"%.{max(meta.decimals, 0)}f",
                placeholder=t(
                    "scorecard.milestone_placeholder",
                    lang,
                    value=number(sc.milestone(item), meta.decimals, lang),
                ),
                on_change=views.on_number,
                args=(code, goal.id, item.indicator, "milestone"),
            )
            direction = sc.direction(item, meta.polarity)
            cols[3].caption(t(f"scorecard.direction.{direction}", lang))
            cols[4].button(
                t("scorecard.remove", lang),
                key=f"sc_rm_{goal.id}_{item.indicator}",
                on_click=views.remove_item,
                args=(code, goal.id, item.indicator),
                help=t("scorecard.remove_item_help", lang, indicator=names[item.indicator]),
            )
        if len(goal.items) < sc.MAX_ITEMS:
            options = [i for i in names if i not in {x.indicator for x in goal.items}]
            pick, add = st.columns([4, 1], vertical_alignment="bottom")
            pick.selectbox(
                t("scorecard.add_indicator", lang),
                options=options,
                index=None,
                format_func=names.__getitem__,
                key=f"sc_pick_{goal.id}_{lang}",
                placeholder=t("widget.choose", lang),
            )
            add.button(
                t("scorecard.add", lang),
                key=f"sc_add_{goal.id}",
                on_click=views.add_item,
                args=(code, goal.id),
            )
        st.button(
            t("scorecard.remove_goal", lang),
            key=f"sc_rmg_{goal.id}",
            on_click=views.remove_goal,
            args=(code, goal.id),
        )


BADGES = {sc.ON_TRACK: "green", sc.AT_RISK: "orange", sc.OFF_TRACK: "red", sc.NO_NEW_DATA: "gray"}


def _badge(status: str, lang: str) -> str:
    """The status as a coloured badge that also says it in words and with a symbol."""
    return f":{BADGES[status]}-badge[{sc.SYMBOLS[status]} {t('scorecard.status.' + status, lang)}]"


def overview(
    card: sc.Scorecard,
    evaluated: pd.DataFrame,
    metas: Mapping[str, sc.Meta],
    names: Mapping[str, str],
    lang: str,
) -> None:
    """Every goal with its status and each indicator's status and reason: the council's one-page view."""
    st.caption(t("scorecard.rules", lang))
    rows = export.overview(card, evaluated, metas, names, lang)
    labels = export.column_labels(lang)
    for summary in export.goal_summaries(card, evaluated):
        goal: sc.Goal = summary["goal"]
        st.subheader(goal.text or t("scorecard.untitled_goal", lang))
        st.markdown(f"{_badge(summary['status'], lang)} {sc.goal_text(summary, lang)}")
        part = rows[rows["goal_id"] == goal.id] if len(rows) else rows
        if part.empty:
            st.caption(t("scorecard.goal_no_items", lang))
            continue
        st.dataframe(
            part[list(export.COLUMNS)].rename(columns=labels),
            hide_index=True,
            width="stretch",
            key=f"sc_table_{goal.id}_{lang}",
        )


def indicator_chart(
    card: sc.Scorecard,
    evaluated: pd.DataFrame,
    metas: Mapping[str, sc.Meta],
    names: Mapping[str, str],
    lang: str,
) -> None:
    """History and trend of one chosen indicator with its target path and milestone (one chart per rerun)."""
    from foresight import charts_scorecard

    pairs = [(g.id, i.indicator) for g in card.goals for i in g.items]
    if not pairs:
        return
    goal_text = {g.id: g.text for g in card.goals}
    choice = st.selectbox(
        t("scorecard.chart_pick", lang),
        options=pairs,
        format_func=lambda p: f"{names[p[1]]} – {goal_text[p[0]]}",
        key=f"sc_chart_{lang}",
    )
    if choice is None:
        return
    gid, ind = choice
    item = next(i for g in card.goals if g.id == gid for i in g.items if i.indicator == ind)
    meta = metas[ind]
    hist = views.history(ind, card.municipality)
    fc = views.forecast(ind, card.municipality)
    labels = {k: t(f"scorecard.legend.{k}", lang) for k in charts_scorecard.LABEL_KEYS}
    fig = charts_scorecard.scorecard_indicator(
        hist[hist.index >= min(item.baseline_year, int(hist.index.max()) if len(hist) else 0) - 10],
        fc,
        (item.baseline_year, item.baseline_value),
        (sc.TARGET_YEAR, item.target),
        (sc.MILESTONE_YEAR, sc.milestone(item)),
        lang,
        labels,
        y_title=unit_label(meta.unit, lang) if meta.unit else "",
        decimals=meta.decimals,
    )
    st.plotly_chart(fig, width="stretch", key=f"sc_fig_{lang}", config={"displayModeBar": False})
    row = evaluated[(evaluated["goal_id"] == gid) & (evaluated["indicator"] == ind)]
    if len(row):
        st.markdown(
            f"**{t('scorecard.status.' + str(row['status'].iloc[0]), lang)}:** "
            + sc.reason_text(row.iloc[0].to_dict(), meta.decimals, meta.unit, lang)
        )
    if not ind.startswith(sc.OWN_PREFIX):
        st.caption(widgets.source_line(loaders.catalogue().loc[ind], lang))
    else:
        st.caption(t("owndata.source_label", lang))


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
                    t("scorecard.col.when", lang): v.changed.strftime("%d.%m.%Y %H:%M"),
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
    engine = workshop_cache.engine()
    if st.button(
        t("scorecard.save_new" if not info else "scorecard.save_version", lang), key="sc_save", type="primary"
    ):
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
    shown = st.session_state.get("sc_new_key")
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

    cols = st.columns(4)
    cols[0].download_button(
        t("scorecard.download_json", lang),
        data=sc.to_json(card).encode("utf-8"),
        file_name=f"{stem}.json",
        mime="application/json",
        key="sc_dl_json",
        on_click="ignore",
        icon=":material/download:",
    )
    cols[1].download_button(
        t("scorecard.download_html", lang),
        data=lambda: report().encode("utf-8"),
        file_name=f"{stem}.html",
        mime="text/html",
        key="sc_dl_html",
        on_click="ignore",
        icon=":material/description:",
    )
    cols[2].download_button(
        t("scorecard.download_excel", lang),
        data=lambda: export.excel(
            export.overview(card, evaluated, metas, names, lang),
            saved_history(info, names, lang),
            sources,
            lang,
        ),
        file_name=f"{stem}.xlsx",
        mime=XLSX,
        key="sc_dl_xlsx",
        on_click="ignore",
        icon=":material/table:",
    )
    if loaders.pdf_available():
        from foresight.report import to_pdf

        cols[3].download_button(
            t("scorecard.download_pdf", lang),
            data=lambda: to_pdf(report()),
            file_name=f"{stem}.pdf",
            mime="application/pdf",
            key="sc_dl_pdf",
            on_click="ignore",
            icon=":material/picture_as_pdf:",
        )
    link = sc.to_link(card)
    if link is None:
        st.caption(t("scorecard.link_too_long", lang))
    else:
        st.caption(t("scorecard.link_help", lang))
        st.code(f"/scorecard?municipality={code}&lang={lang}&{views.LINK_PARAM}={link}", language=None)
    upload = st.file_uploader(t("scorecard.upload_label", lang), type=["json"], key="sc_upload")
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
