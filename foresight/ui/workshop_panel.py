"""The facilitator page's sections (pages/workshop.py): create or reopen a workshop, the seat and join code,
steering the steps, own data and a survey for the room, moderation and export."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import streamlit as st

from foresight import peers
from foresight.i18n import t
from foresight.owndata import store as own_store
from foresight.ui import (
    loaders,
    owndata_cache,
    state,
    widgets,
    workshop_access,
    workshop_results,
    workshop_text,
)
from foresight.ui import seat as seat_cookie
from foresight.workshop import export, plan, qr, security, service
from foresight.workshop import owndata as ws_owndata
from foresight.workshop.models import ADDED_KINDS, STEP_KINDS, Workshop
from foresight.workshop.security import LIMITS, escape_markdown

ss = st.session_state
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def take_seat(ws: Workshop, key: str) -> None:
    """This session steers the workshop."""
    ss["workshop_fac"] = {"id": ws.id, "code": ws.join_code, "key": key}
    ss["workshop_remember"] = True  # the cookie is written on the next render: a rerun drops this one's
    ss.pop("workshop_left", None)


def create_form(eng: Any, code: str, lang: str) -> None:
    """The new workshop's title, municipality, peers, steps, indicators and scenarios; creating takes the seat."""
    from foresight import scenario

    reg, cat = loaders.register(), loaders.catalogue()
    with st.form("workshop_create"):
        title = st.text_input(
            t("workshop.create.title", lang),
            value=t("workshop.create.default_title", lang, name=widgets.name(code, lang)),
            max_chars=LIMITS["title"],
            key="workshop_title",
        )
        codes = list(reg.sort_values(f"name_{lang}").index)
        municipality = st.selectbox(
            t("workshop.create.municipality", lang),
            codes,
            index=codes.index(code),
            format_func=lambda c: widgets.name(c, lang),
            key="workshop_municipality",
        )
        peer_text = st.text_input(
            t("workshop.create.peers", lang),
            value=plan.peer_text(peers.to_query(state.peer_spec())),
            max_chars=LIMITS["peer_spec"],
            help=t("workshop.create.peers_help", lang),
            key="workshop_peers",
        )
        kinds = st.multiselect(
            t("workshop.create.steps", lang),
            [k for k in STEP_KINDS if k not in ADDED_KINDS],
            default=list(plan.DEFAULT_KINDS),
            format_func=lambda k: workshop_text.kind_label(k, lang),
            help=t("workshop.create.steps_help", lang),
            key="workshop_kinds",
            placeholder=t("widget.choose", lang),
        )
        ids = list(cat.sort_values(["theme", "order"]).index) if "order" in cat else list(cat.index)
        indicators = st.multiselect(
            t("workshop.create.indicators", lang),
            ids,
            default=list(plan.DEFAULT_INDICATORS),
            max_selections=6,
            format_func=lambda i: (
                f"{t('theme.' + str(cat.loc[i, 'theme']), lang)} · {cat.loc[i, f'name_{lang}']}"
            ),
            help=t("workshop.create.indicators_help", lang),
            key="workshop_indicators",
            placeholder=t("widget.choose", lang),
        )
        rank_what = st.radio(
            t("workshop.create.rank", lang),
            ["themes", "indicators"],
            format_func=lambda k: t(f"workshop.create.rank.{k}", lang),
            horizontal=True,
            key="workshop_rank",
        )
        presets = st.multiselect(
            t("workshop.create.presets", lang),
            [p for p in scenario.PRESET_IDS if p != "baseline"],
            default=[p for p in scenario.PRESET_IDS if p != "baseline"],
            format_func=lambda p: t(f"scenario.preset.{p}.name", lang),
            key="workshop_presets",
            placeholder=t("widget.choose", lang),
        )
        if st.form_submit_button(t("workshop.create.submit", lang), type="primary"):
            steps = plan.build_steps(
                kinds,
                indicators or plan.DEFAULT_INDICATORS,
                rank_indicators=rank_what == "indicators",
                presets=presets,
                labels={i: str(cat.loc[i, f"name_{lang}"]) for i in indicators},
            )
            if not steps:
                st.error(t("workshop.error.no_steps", lang), icon=":material/error:")
            else:
                created = workshop_access.call(
                    lambda: service.create_workshop(eng, title, municipality, peer_text, steps), lang
                )
                if created is not None:
                    take_seat(created.workshop, created.facilitator_key)
                    ss["workshop_new_key"] = created.facilitator_key
                    st.rerun()


def reopen_form(eng: Any, lang: str) -> None:
    """Back in with the join code and the key (or the short reopen code)."""
    with st.form("workshop_reopen"):
        reopen_code = st.text_input(t("workshop.join.code", lang), max_chars=20, key="workshop_reopen_code")
        reopen_key = st.text_input(
            t("workshop.reopen.secret", lang),
            type="password",
            max_chars=100,
            help=t("workshop.reopen.secret_help", lang),
            key="workshop_reopen_key",
        )
        if st.form_submit_button(t("workshop.reopen.submit", lang)):
            reopened = workshop_access.call(partial(service.reopen_seat, eng, reopen_code, reopen_key), lang)
            if reopened is not None:
                take_seat(*reopened)
                st.rerun()


def header(ws: Workshop, key: str, lang: str) -> None:
    """Title and municipality; the new key once, behind a toggle (this screen may be mirrored on the wall)."""
    reg = loaders.register()
    st.header(escape_markdown(ws.title))
    st.caption(
        t(
            "workshop.panel.meta",
            lang,
            name=widgets.name(ws.municipality, lang) if ws.municipality in reg.index else ws.municipality,
            peers=ws.peer_spec or "–",
        )
    )
    if ss.pop("workshop_remember", False):
        seat_cookie.remember_facilitator(ws.join_code, key)
    new_key = ss.get("workshop_new_key")
    if new_key:
        st.warning(t("workshop.create.done", lang), icon=":material/key:")
        if st.toggle(t("workshop.key.show", lang), key="workshop_key_show"):
            st.code(new_key, language=None)
        st.caption(t("workshop.key.help", lang))
        if st.button(t("workshop.key.saved", lang), key="workshop_key_saved"):
            ss.pop("workshop_new_key", None)
            st.rerun()


def join_block(eng: Any, ws: Workshop, key: str, lang: str) -> None:
    """The QR code and join code, the presentation link, a short reopen code and the Leave button."""
    url = workshop_access.join_url(ws.join_code, lang)
    left, right = st.columns([3, 2])
    with right:
        st.image(
            qr.svg(url, scale=8),
            caption=t("workshop.qr.caption", lang),
            width=260,
            alt=t("a11y.qr_alt", lang, url=url),
        )
    with left:
        st.metric(t("workshop.code", lang), ws.join_code)
        host = qr.local_host(url)
        if host is not None:
            st.warning(t("workshop.qr.localhost", lang, host=host), icon=":material/wifi_off:")
        st.markdown(t("workshop.code.help", lang, url=url, code=ws.join_code))
        st.page_link(
            "pages/present.py",
            label=t("workshop.present.open", lang),
            icon=":material/slideshow:",
            query_params={"ws": ws.join_code},
        )
        with st.expander(t("workshop.reopen.code.heading", lang), icon=":material/password:"):
            st.caption(t("workshop.reopen.code.help", lang))
            if st.button(t("workshop.reopen.code.make", lang), key="workshop_reopen_make"):
                ss["workshop_short_code"] = workshop_access.call(
                    partial(service.new_reopen_code, eng, ws.id, key), lang
                )
            short_code = ss.get("workshop_short_code")
            if short_code:
                st.warning(t("workshop.reopen.code.warning", lang), icon=":material/warning:")
                if st.toggle(t("workshop.reopen.code.show", lang), key="workshop_short_show"):
                    st.code(security.spaced(short_code), language=None)
        if st.button(t("workshop.leave", lang), key="workshop_leave", icon=":material/logout:"):
            ss.pop("workshop_fac", None)
            ss.pop("workshop_new_key", None)
            ss.pop("workshop_short_code", None)
            ss["workshop_forget"] = ss["workshop_left"] = (
                True  # this session's cookies stay as they were read
            )
            st.rerun()


@st.fragment(run_every=2)
def live(eng: Any, wid: int, lang: str) -> None:
    """Counts refresh every 2 s; a change made elsewhere (the presentation view) reruns the whole panel."""
    now = service.get(eng, wid)
    if ss.setdefault("workshop_panel_seen", now.signature) != now.signature:
        ss["workshop_panel_seen"] = now.signature
        st.rerun()
    counts = service.answer_counts(eng, wid)
    step = now.step or {}
    cols = st.columns(2)
    cols[0].metric(t("workshop.panel.participants", lang), service.participant_count(eng, wid))
    cols[1].metric(t("workshop.panel.answers", lang), counts.get(str(step.get("id")), 0))


def _act(action: Callable[[], Any], lang: str) -> None:
    """A steering button's store action, then the panel again."""
    workshop_access.call(action, lang)
    st.rerun()


def steering(eng: Any, ws: Workshop, key: str, lang: str) -> None:
    """The current step with live counts; previous/next, reveal, voting, names; jump; a preview of results."""
    wid = ws.id
    ss["workshop_panel_seen"] = ws.signature
    step = ws.step
    total = len(ws.steps)
    st.subheader(
        t("workshop.step", lang, n=ws.current_step + 1, total=total)
        + " · "
        + workshop_text.step_title(step or {"kind": "results"}, lang)
    )
    live(eng, wid, lang)

    nav = st.columns(5)
    if nav[0].button(
        t("workshop.step.previous", lang),
        key="workshop_prev",
        icon=":material/arrow_back:",
        disabled=ws.current_step == 0,
        width="stretch",
    ):
        _act(lambda: service.move_step(eng, wid, key, -1), lang)
    if nav[1].button(
        t("workshop.step.next", lang),
        key="workshop_next",
        icon=":material/arrow_forward:",
        disabled=ws.current_step >= total - 1,
        type="primary",
        width="stretch",
    ):
        _act(lambda: service.move_step(eng, wid, key, 1), lang)
    step_id: str | None = None if step is None else str(step["id"])  # for callbacks: closures lose narrowing
    if step is not None and step_id is not None:
        reveal_id: str = step_id
        shown = reveal_id in ws.revealed
        if nav[2].button(
            t("workshop.reveal.hide" if shown else "workshop.reveal", lang),
            key="workshop_reveal",
            icon=":material/visibility:",
            width="stretch",
        ):
            _act(lambda: service.reveal(eng, wid, key, reveal_id, not shown), lang)
    if nav[3].button(
        t("workshop.voting.close" if ws.voting_open else "workshop.voting.open", lang),
        key="workshop_voting",
        icon=":material/how_to_vote:",
        width="stretch",
    ):
        _act(lambda: service.set_voting(eng, wid, key, not ws.voting_open), lang)
    if nav[4].button(
        t("workshop.names.hide" if ws.show_names else "workshop.names.show", lang),
        key="workshop_names",
        icon=":material/badge:",
        width="stretch",
    ):
        _act(lambda: service.set_show_names(eng, wid, key, not ws.show_names), lang)

    status = [t("workshop.voting.is_open" if ws.voting_open else "workshop.error.voting_closed", lang)]
    if step is not None:
        status.append(
            t("workshop.revealed" if step["id"] in ws.revealed else "workshop.reveal.waiting", lang)
        )
    st.caption(" · ".join(status))

    jump = st.selectbox(
        t("workshop.panel.jump", lang),
        list(range(total)),
        index=ws.current_step,
        format_func=lambda i: f"{i + 1}. {workshop_text.step_title(ws.steps[i], lang)}",
        key=f"workshop_jump_{ws.current_step}",
    )
    if jump != ws.current_step:
        _act(lambda: service.go_to_step(eng, wid, key, int(jump)), lang)

    if step is not None and step_id is not None and step["kind"] in export.RESULT_KINDS:
        preview_id: str = step_id
        with st.expander(t("workshop.panel.preview", lang), icon=":material/preview:"):
            data = workshop_access.call(lambda: service.results(eng, wid, preview_id, key=key), lang)
            if data is not None:
                workshop_results.results(eng, ws, step, lang, big=False, data=data)


def owndata(eng: Any, ws: Workshop, key: str, lang: str) -> None:
    """Attached files (show an indicator on the wall, detach) and this session's files waiting to be attached."""
    wid = ws.id
    st.subheader(t("workshop.owndata.heading", lang))
    st.caption(t("workshop.owndata.intro", lang))
    attached = ws_owndata.files(eng, wid)
    for att in attached:
        with st.container(border=True):
            file_col, remove_col = st.columns([5, 1])
            file_col.markdown(
                f"**{escape_markdown(att.filename or '–')}** · "
                + t("workshop.owndata.rows", lang, n=att.rows, k=len(att.indicators))
            )
            attachment_id: int = att.id  # plain locals for the callbacks
            if remove_col.button(t("workshop.owndata.detach", lang), key=f"workshop_own_detach_{att.id}"):
                workshop_access.call(partial(ws_owndata.detach, eng, wid, key, attachment_id), lang)
                st.rerun()
            for ind_id, ind_name, unit in att.indicators:
                name_col, show_col = st.columns([5, 1])
                name_col.markdown(escape_markdown(ind_name) + (f" ({escape_markdown(unit)})" if unit else ""))
                if show_col.button(
                    t("workshop.owndata.show", lang),
                    key=f"workshop_own_show_{att.id}_{ind_id}",
                    icon=":material/slideshow:",
                ):
                    steps, at = plan.with_owndata_step(ws.steps, ws.current_step, ind_id, ind_name)
                    changed = workshop_access.call(partial(service.set_steps, eng, wid, key, steps), lang)
                    if changed is not None:
                        workshop_access.call(partial(service.go_to_step, eng, wid, key, at), lang)
                    st.rerun()
    waiting = ws_owndata.waiting(ss.get(owndata_cache.STORE) or {}, attached)
    if waiting:
        session_own = own_store.collect(waiting).indicators
        for store_key, doc in waiting.items():
            mine = session_own[session_own["key"] == store_key]
            if mine.empty:
                continue
            names_text = ", ".join(escape_markdown(str(n)) for n in mine["name"])
            file_col, attach_col = st.columns([5, 1])
            file_col.markdown(f"**{escape_markdown(str(mine['filename'].iloc[0]))}**: {names_text}")
            document: str = doc
            if attach_col.button(
                t("workshop.owndata.attach", lang), key=f"workshop_own_attach_{store_key}", type="primary"
            ):
                workshop_access.call(partial(ws_owndata.attach, eng, wid, key, document), lang)
                st.rerun()
    elif not attached:
        st.page_link(
            "pages/owndata.py", label=t("workshop.owndata.upload", lang), icon=":material/upload_file:"
        )


def survey(eng: Any, ws: Workshop, key: str, lang: str) -> None:
    """A residents' survey on the wall, by its public code (the wall shows only published results)."""
    st.subheader(t("workshop.survey.heading", lang))
    st.caption(t("workshop.survey.intro", lang))
    if ss.pop("workshop_survey_unpublished", False):
        st.warning(t("workshop.survey.unpublished", lang), icon=":material/visibility_off:")
    with st.form("workshop_survey_form"):
        survey_code = st.text_input(t("workshop.survey.code", lang), max_chars=20, key="workshop_survey_code")
        add_survey = st.form_submit_button(t("workshop.survey.add", lang), icon=":material/slideshow:")
    if add_survey:
        from foresight import survey_store

        found = survey_store.find(eng, survey_code)
        if found is None:
            st.error(t("workshop.survey.unknown", lang), icon=":material/error:")
        else:
            steps, at = plan.with_survey_step(ws.steps, ws.current_step, found.code)
            if workshop_access.call(partial(service.set_steps, eng, ws.id, key, steps), lang) is not None:
                workshop_access.call(partial(service.go_to_step, eng, ws.id, key, at), lang)
            ss["workshop_survey_unpublished"] = not found.published
            st.rerun()


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
