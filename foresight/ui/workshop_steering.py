"""Steering a running workshop (pages/workshop.py): the current step with live counts and its buttons, and
steps added on the fly for the room's own data or a residents' survey."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import streamlit as st

from foresight.i18n import t, tn
from foresight.owndata import store as own_store
from foresight.ui import owndata_cache, workshop_access, workshop_results, workshop_text
from foresight.workshop import aggregates, export, plan, service
from foresight.workshop import owndata as ws_owndata
from foresight.workshop.models import Workshop, answer_kind
from foresight.workshop.security import escape_markdown

ss = st.session_state


@st.fragment(run_every=2)
def live(eng: Any, wid: int, lang: str) -> None:
    """The join code, participants and the step's answers in one row; counts refresh every 2 s, and a change
    made elsewhere (the presentation view) reruns the whole panel."""
    now = service.get(eng, wid)
    if ss.setdefault("workshop_panel_seen", now.signature) != now.signature:
        ss["workshop_panel_seen"] = now.signature
        st.rerun()
    counts = service.answer_counts(eng, wid)
    step = now.step or {}
    cols = st.columns(3)
    cols[0].metric(t("workshop.code", lang), now.join_code)
    cols[1].metric(t("workshop.panel.participants", lang), service.participant_count(eng, wid))
    if answer_kind(str(step.get("kind"))) is not None:  # "0 answers" where nobody is asked is noise
        cols[2].metric(t("workshop.panel.answers", lang), counts.get(str(step.get("id")), 0))


def _act(action: Callable[[], Any], lang: str) -> None:
    """A steering button's store action, then the panel again."""
    workshop_access.call(action, lang)
    st.rerun()


def steering(eng: Any, ws: Workshop, key: str, lang: str) -> None:
    """The current step and its buttons first (previous/next, reveal, voting, names: what the facilitator uses
    live, on the first screen of a 1280×720 laptop), then the join code with live counts; jump; a preview."""
    wid = ws.id
    ss["workshop_panel_seen"] = ws.signature
    step = ws.step
    total = len(ws.steps)
    st.subheader(
        t("workshop.step", lang, n=ws.current_step + 1, total=total)
        + " · "
        + workshop_text.step_title(step or {"kind": "results"}, lang)
    )

    # Buttons as wide as their words in one wrapping row: five equal columns cut "Näytä osallistujien nimet"
    # to "Näytä osalli…" at 1280 px. Reveal and voting only where the step takes answers.
    votes = step is not None and answer_kind(str(step.get("kind"))) is not None
    nav = st.container(horizontal=True, key="kl_panel_nav")
    if nav.button(
        t("workshop.step.previous_step", lang),
        key="workshop_prev",
        icon=":material/arrow_back:",
        disabled=ws.current_step == 0,
    ):
        _act(lambda: service.move_step(eng, wid, key, -1), lang)
    if nav.button(
        t("workshop.step.next_step", lang),
        key="workshop_next",
        icon=":material/arrow_forward:",
        disabled=ws.current_step >= total - 1,
        type="primary",
    ):
        _act(lambda: service.move_step(eng, wid, key, 1), lang)
    step_id: str | None = None if step is None else str(step["id"])  # for callbacks: closures lose narrowing
    if votes and step_id is not None:
        reveal_id: str = step_id
        shown = reveal_id in ws.revealed
        if nav.button(
            t("workshop.reveal.hide" if shown else "workshop.reveal", lang),
            key="workshop_reveal",
            icon=":material/visibility_off:" if shown else ":material/visibility:",
        ):
            _act(lambda: service.reveal(eng, wid, key, reveal_id, not shown), lang)
        if nav.button(
            t("workshop.voting.close" if ws.voting_open else "workshop.voting.open", lang),
            key="workshop_voting",
            icon=":material/how_to_vote:",
        ):
            _act(lambda: service.set_voting(eng, wid, key, not ws.voting_open), lang)
    if nav.button(
        t("workshop.names.hide" if ws.show_names else "workshop.names.show", lang),
        key="workshop_names",
        icon=":material/badge:",
    ):
        _act(lambda: service.set_show_names(eng, wid, key, not ws.show_names), lang)

    if votes and step is not None:
        status = [t("workshop.voting.is_open" if ws.voting_open else "workshop.error.voting_closed", lang)]
        status.append(
            t("workshop.revealed" if step["id"] in ws.revealed else "workshop.reveal.waiting", lang)
        )
        st.caption(" · ".join(status))
    else:
        st.caption(t("workshop.panel.no_voting", lang))
    live(eng, wid, lang)

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
            data = workshop_access.call(lambda: aggregates.results(eng, wid, preview_id, key=key), lang)
            if data is not None:
                workshop_results.results(eng, ws, step, lang, big=False, data=data)


def owndata(eng: Any, ws: Workshop, key: str, lang: str) -> None:
    """Attached files (show an indicator on the wall, detach) and this session's files waiting to be attached."""
    wid = ws.id
    attached = ws_owndata.files(eng, wid)
    waiting = ws_owndata.waiting(ss.get(owndata_cache.STORE) or {}, attached)
    # Rarely used during a session: folded below the steering, open when there is a file to attach or show.
    with st.expander(
        t("workshop.owndata.heading", lang), icon=":material/upload_file:", expanded=bool(attached or waiting)
    ):
        _owndata(eng, ws, key, lang, attached, waiting)


def _owndata(
    eng: Any, ws: Workshop, key: str, lang: str, attached: list[ws_owndata.Attached], waiting: dict[str, str]
) -> None:
    wid = ws.id
    st.caption(t("workshop.owndata.intro", lang))
    for att in attached:
        with st.container(border=True):
            file_col, remove_col = st.columns([5, 1])
            file_col.markdown(
                f"**{escape_markdown(att.filename or '–')}** · "
                + tn("workshop.owndata.observations", att.rows, lang)
                + ", "
                + tn("workshop.owndata.indicators", len(att.indicators), lang)
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
    """A residents' survey on the wall, by its public code (the wall shows only published results); folded
    below the steering, open after a survey was added unpublished."""
    unpublished = ss.pop("workshop_survey_unpublished", False)
    with st.expander(t("workshop.survey.heading", lang), icon=":material/ballot:", expanded=unpublished):
        st.caption(t("workshop.survey.intro", lang))
        with st.container():  # shown once: the form below keeps its place when it goes
            if unpublished:
                st.warning(t("workshop.survey.unpublished", lang), icon=":material/visibility_off:")
        with st.form("workshop_survey_form"):
            survey_code = st.text_input(
                t("workshop.survey.code", lang), max_chars=20, key="workshop_survey_code"
            )
            add_survey = st.form_submit_button(t("workshop.survey.add", lang), icon=":material/slideshow:")
    with st.container():  # an unknown code's message is shown once: the exports below keep their place
        if add_survey:
            _add_survey(eng, ws, key, survey_code, lang)


def _add_survey(eng: Any, ws: Workshop, key: str, survey_code: str, lang: str) -> None:
    """The survey under the typed code as the step after the current one, or why not."""
    from foresight import survey_store

    found = survey_store.find(eng, survey_code)
    if found is None:
        st.error(t("workshop.survey.unknown", lang), icon=":material/error:")
        return
    steps, at = plan.with_survey_step(ws.steps, ws.current_step, found.code)
    if workshop_access.call(partial(service.set_steps, eng, ws.id, key, steps), lang) is not None:
        workshop_access.call(partial(service.go_to_step, eng, ws.id, key, at), lang)
    ss["workshop_survey_unpublished"] = not found.published
    st.rerun()
