"""The participant page's sections (pages/join.py): the seat kept across reloads, the join form, following
the facilitator, the answer forms and the comment box.

Built for a phone: one column, taps rather than drag-and-drop, every form submit carrying its own idempotency
key so a double tap or a retried request is stored once.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

import streamlit as st

from foresight.i18n import t
from foresight.ui import ranking, workshop_access, workshop_results, workshop_text
from foresight.ui import seat as seat_cookie
from foresight.ui import workshop_cache as cache
from foresight.workshop import aggregates, guess, qr, security, service, voting
from foresight.workshop.models import COMMENT, GUESS, MATRIX, RANKING, SCENARIO, Workshop
from foresight.workshop.security import LIMITS, escape_markdown

# Each poll is a fragment rerun that costs the server about 0.1 s of CPU (measured: an idle phone at a 2 s
# poll uses ~6 % of a core); phones only need to follow the facilitator, so they poll less often than the wall.
PHONE_POLL_S = 4

ss = st.session_state


def idem(form: str) -> str:
    """The idempotency key of a form's next submit: kept until the store has accepted it."""
    return ss.setdefault(f"join_idem_{form}", uuid.uuid4().hex)


def sent(form: str) -> None:
    ss.pop(f"join_idem_{form}", None)


def send(eng: Any, form: str, step_id: str, kind: str, payload: dict, lang: str) -> None:  # type: ignore[type-arg]
    """Store one answer and say so where the form is (no page rerun: see answer()); a refusal is shown."""
    seat = ss["join_seat"]
    result = workshop_access.call(
        lambda: service.submit(eng, seat["token"], step_id, kind, payload, idem(form)), lang
    )
    if result is not None:
        sent(form)
        st.success(t("workshop.vote.saved", lang), icon=":material/check_circle:")


def seat_and_workshop(eng: Any, raw_code: str | None, lang: str) -> tuple[dict[str, Any] | None, Any]:
    """This session's seat and its workshop: from the session, else from this phone's cookie; (None, None)
    when there is none or the store no longer knows it (then said, and the cookie dropped)."""
    ws = None
    seat = ss.get("join_seat")
    if seat is not None and raw_code and security.normalise_code(str(raw_code)) != seat["code"]:
        seat = None  # a link to another workshop: join that one
    if seat is None and raw_code:
        kept = seat_cookie.read(str(raw_code))  # this phone sat here before it reloaded the page
        if kept is not None:
            try:
                _, ws = service.whoami(eng, kept)
                if ws.join_code == security.normalise_code(str(raw_code)):
                    name = service.display_name(eng, kept)
                    seat = {"token": kept, "code": ws.join_code, "name": name, "id": ws.id}
                    ss["join_seat"] = seat
                    ss["join_checked"] = kept  # just checked: the page run below only reads the workshop
            except service.WorkshopError:
                seat_cookie.forget(str(raw_code))  # the store no longer knows it: join again
    if seat is not None:
        try:
            # The token is checked once per session; later runs only read the workshop (one query, not three:
            # fifty phones rerun together when the facilitator moves on).
            checked = ss.get("join_checked") == seat["token"] and seat.get("id") is not None
            known = service.get(eng, int(seat["id"])) if checked else None
            if known is None or known.join_code != seat["code"]:  # first run, or the store was replaced
                _, ws = service.whoami(eng, seat["token"])
                seat["id"] = ws.id
                ss["join_checked"] = seat["token"]
            else:
                ws = known
        except service.WorkshopError as err:
            st.warning(workshop_text.error_text(err, lang), icon=":material/warning:")
            seat_cookie.forget(seat["code"])
            ss.pop("join_seat", None)
            seat = None
    return seat, ws if seat is not None else None


def join_form(eng: Any, raw_code: str | None, lang: str) -> None:
    """The code (filled in from the QR link) and an optional name; joining keeps the seat in this browser."""
    st.title(t("workshop.join.heading", lang))
    found = None
    if raw_code:
        found = workshop_access.call(lambda: service.find(eng, str(raw_code)[:20]), lang)
    with st.form("join_form"):
        if found is not None:
            st.markdown(f"**{escape_markdown(found.title)}**")
        code = st.text_input(
            t("workshop.join.code", lang),
            value=found.join_code if found is not None else "",
            max_chars=20,
            key="join_code",
        )
        name = st.text_input(
            t("workshop.join.name", lang),
            max_chars=LIMITS["display_name"],
            help=t("workshop.join.name.help", lang),
            key="join_name",
        )
        if st.form_submit_button(t("workshop.join.submit", lang), type="primary", width="stretch"):
            joined = workshop_access.call(lambda: service.join(eng, code, name), lang)
            if joined is not None:
                ws = service.get(eng, joined.workshop_id)
                ss["join_seat"] = {"token": joined.token, "code": ws.join_code, "name": joined.display_name}
                ss["join_remember"] = True  # written on the next render: a rerun drops this one's elements
                st.query_params[qr.JOIN_PARAM] = ws.join_code
                st.rerun()
    st.caption(t("workshop.join.name.help", lang))


@st.fragment(run_every=PHONE_POLL_S)
def follow(eng: Any, wid: int) -> None:
    """Follow the facilitator: a new step, a reveal or closed voting reloads the page within PHONE_POLL_S."""
    if ss.pop("join_fresh", False):
        return  # drawn inside a page run that has just read the workshop (join_seen is set from it)
    now = service.get(eng, wid)
    if ss.get("join_seen") != now.signature:
        ss["join_seen"] = now.signature
        st.rerun()


@st.fragment(run_every=PHONE_POLL_S)
def live_results(eng: Any, ws: Workshop, step: dict[str, Any], token: str, lang: str) -> None:
    """The room's results redraw in place as votes come in; the answer form below is left alone."""
    data = workshop_access.call(lambda: aggregates.results(eng, ws.id, step["id"], token=token), lang)
    if data is not None:
        workshop_results.results(eng, ws, step, lang, big=False, data=data)


def ranking_form(eng: Any, step: dict[str, Any], lang: str) -> None:
    """Tap the items in order of importance; the buttons come in an order shuffled for this phone."""
    step_id = step["id"]
    order, free = ranking.tap_order(
        workshop_text.item_labels(step, lang),
        key=f"join_rank_{step_id}",
        seed=ss["join_seat"]["token"],
        step=step_id,
        lang=lang,
    )
    feedback = st.empty()  # always drawn, so a message from an earlier send cannot linger (see tap_order)
    if free.button(
        t("workshop.vote.submit", lang), key=f"join_rank_{step_id}_send", type="primary", width="stretch"
    ):
        # the store refuses an empty or partial order too; its message says what is missing
        with feedback.container():
            send(eng, f"rank_{step_id}", step_id, RANKING, {"order": order}, lang)


def matrix_form(eng: Any, step: dict[str, Any], lang: str) -> None:
    """Tap a quadrant for every item; nothing is chosen until tapped."""
    step_id = step["id"]
    labels = workshop_text.item_labels(step, lang)
    names = {q: t(f"workshop.matrix.choice.{q}", lang) for q in voting.QUADRANTS}
    with st.form(f"join_matrix_{step_id}"):
        st.caption(t("workshop.vote.matrix.tap", lang))
        chosen: dict[str, str | None] = {}
        for item, label in labels.items():
            chosen[item] = st.pills(
                label,
                list(voting.QUADRANTS),
                format_func=names.__getitem__,
                selection_mode="single",
                default=None,
                key=f"join_mx_{step_id}_{item}",
            )
        if st.form_submit_button(t("workshop.vote.submit", lang), type="primary", width="stretch"):
            placed = voting.placements(chosen)
            missing = len(labels) - len(placed)
            if placed and missing:
                st.error(t("workshop.vote.matrix.missing", lang, n=missing), icon=":material/error:")
            else:
                send(eng, f"matrix_{step_id}", step_id, MATRIX, {"placements": placed}, lang)


def guess_form(eng: Any, ws: Workshop, step: dict[str, Any], lang: str) -> None:
    """A typed number ("125 000", "125,5"); one far off the scale is questioned before it is sent."""
    step_id = step["id"]
    indicator = str(step.get("indicator", ""))
    hist = cache.history(indicator, ws.municipality) if indicator else None
    latest = float(hist.iloc[-1]) if hist is not None and not hist.empty else None
    if hist is not None and latest is not None:
        st.caption(
            t(
                "workshop.indicator.latest",
                lang,
                value=workshop_text.value_text(indicator, latest, lang),
                year=int(hist.index.max()),
            )
        )
    pending_key = f"join_guess_{step_id}_pending"
    form = f"guess_{step_id}"
    with st.form(f"join_guess_{step_id}"):
        unit = workshop_text.unit_of(indicator, lang) if indicator else ""
        typed = st.text_input(
            t("workshop.vote.guess.label", lang) + (f" ({unit})" if unit else ""),
            placeholder=t("workshop.vote.guess.placeholder", lang),
            max_chars=40,
            key=f"join_guess_{step_id}_value",
        )
        if st.form_submit_button(t("workshop.vote.submit", lang), type="primary", width="stretch"):
            value = guess.parse_number(typed)
            off = None if value is None else guess.far_off(value, latest)
            if value is None:
                st.error(t("workshop.error.not_a_number", lang), icon=":material/error:")
            elif off is not None:
                ss[pending_key] = {"value": value, "suggestion": off.suggestion}
            else:
                ss.pop(pending_key, None)
                send(eng, form, step_id, GUESS, {"value": value}, lang)
    pending = ss.get(pending_key)
    if pending:
        value, suggestion = float(pending["value"]), pending["suggestion"]
        as_typed = workshop_text.value_text(indicator, value, lang)
        if suggestion is not None:
            st.warning(
                t(
                    "workshop.vote.guess.did_you_mean",
                    lang,
                    value=workshop_text.value_text(indicator, suggestion, lang),
                ),
                icon=":material/help:",
            )
        else:
            st.warning(t("workshop.vote.guess.far_off", lang, value=as_typed), icon=":material/help:")
        cols = st.columns(2 if suggestion is not None else 1)
        if suggestion is not None and cols[0].button(
            t("workshop.vote.guess.use", lang, value=workshop_text.value_text(indicator, suggestion, lang)),
            key=f"join_guess_{step_id}_use",
            type="primary",
            width="stretch",
        ):
            ss.pop(pending_key, None)
            send(eng, form, step_id, GUESS, {"value": float(suggestion)}, lang)
        if cols[-1].button(
            t("workshop.vote.guess.keep", lang, value=as_typed),
            key=f"join_guess_{step_id}_keep",
            width="stretch",
        ):
            ss.pop(pending_key, None)
            send(eng, form, step_id, GUESS, {"value": value}, lang)


def scenario_form(eng: Any, ws: Workshop, step: dict[str, Any], lang: str) -> None:
    """Levers in the room's words with a live population figure; an unnamed scenario is named by its levers."""
    from foresight import scenario

    step_id = step["id"]
    preset_ids = list(scenario.PRESET_IDS)
    pick = st.selectbox(
        t("workshop.scenario.preset", lang),
        preset_ids,
        format_func=lambda p: t(f"scenario.preset.{p}.name", lang),
        key=f"join_sc_{step_id}_preset",
    )
    base = scenario.preset(pick)
    levers: dict[str, float] = {}
    for lever in scenario.LEVERS:
        if lever.id not in workshop_text.ROOM_LEVERS:
            continue
        options = workshop_text.lever_options(lever.id)
        start = float(base.levers.get(lever.id, lever.default))
        levers[lever.id] = st.select_slider(
            t(f"workshop.lever.{lever.id}.label", lang),
            options,
            value=min(options, key=lambda v: abs(v - start)),
            format_func=partial(workshop_text.lever_value_text, lever.id, lang=lang),
            help=t(lever.help_key, lang),
            key=f"join_sc_{step_id}_{lever.id}_{pick}",
        )
    merged = {**base.levers, **levers}
    workshop_results.scenario_preview(ws.municipality, merged, lang)
    with st.form(f"join_scenario_{step_id}"):
        auto = workshop_text.scenario_title({"levers": merged, "preset": pick}, lang)
        name = st.text_input(
            t("workshop.vote.scenario.name", lang),
            placeholder=auto,
            help=t("workshop.vote.scenario.name.help", lang),
            max_chars=LIMITS["scenario_name"],
            key=f"join_sc_{step_id}_name",
        )
        comment = st.text_area(
            t("workshop.vote.comment", lang),
            max_chars=LIMITS["comment"],
            help=t("workshop.vote.comment.help", lang, limit=LIMITS["comment"]),
            key=f"join_sc_{step_id}_comment",
        )
        submitted = st.form_submit_button(t("workshop.vote.submit", lang), type="primary", width="stretch")
    payload = {"name": name, "levers": merged, "comment": comment, "preset": pick}
    pending_key = f"join_sc_{step_id}_as_is_pending"
    untouched = voting.untouched_scenario(merged, pick)  # the levers and storyline as the form opened
    if submitted:
        if voting.untouched_scenario(merged, pick, name, comment):
            ss[pending_key] = True  # maybe a tap by mistake: ask first (a polished form never guesses)
        else:
            ss.pop(pending_key, None)
            send(eng, f"scenario_{step_id}", step_id, SCENARIO, payload, lang)
    if not untouched:
        ss.pop(pending_key, None)  # a lever moved or a storyline picked since: the question is answered
    if ss.get(pending_key):
        holder = st.empty()
        with holder.container():
            st.warning(
                f"**{t('workshop.vote.scenario.as_is', lang)}** {t('workshop.vote.scenario.as_is.why', lang)}",
                icon=":material/help:",
            )
            cols = st.columns(2)
            as_is = cols[0].button(
                t("workshop.vote.scenario.as_is.send", lang),
                key=f"join_sc_{step_id}_as_is",
                type="primary",
                width="stretch",
            )
            cols[1].button(
                t("workshop.vote.scenario.as_is.edit", lang),
                key=f"join_sc_{step_id}_edit",
                width="stretch",
                on_click=ss.pop,
                args=(pending_key, None),
            )
        if as_is:
            ss.pop(pending_key, None)
            holder.empty()
            send(eng, f"scenario_{step_id}", step_id, SCENARIO, {**payload, "as_is": True}, lang)


@st.fragment
def answer(
    eng: Any, ws: Workshop, step: dict[str, Any], accepts: str | None, revealed: bool, lang: str
) -> None:
    """The answer forms. A Send reruns only this fragment: a whole page run costs the server about four
    times the CPU, and fifty phones pressing Send together queue behind each other on one process."""
    if accepts is not None and not ws.voting_open:
        st.warning(t("workshop.error.voting_closed", lang), icon=":material/lock:")
    elif accepts == RANKING:
        ranking_form(eng, step, lang)
    elif accepts == MATRIX:
        matrix_form(eng, step, lang)
    elif accepts == GUESS:
        guess_form(eng, ws, step, lang)
    elif accepts == SCENARIO:
        scenario_form(eng, ws, step, lang)
    elif not revealed:
        st.info(t("workshop.vote.none", lang), icon=":material/visibility:")
    if accepts is not None and not revealed and ws.voting_open:
        st.caption(t("workshop.vote.change", lang))
    if revealed is False and accepts is not None:
        st.caption(t("workshop.reveal.waiting", lang))


@st.fragment
def comment_box(eng: Any, ws: Workshop, step_id: str, lang: str) -> None:
    """A comment on any step, in a fragment of its own: sending one reruns only this part."""
    if ws.voting_open:
        with (
            st.expander(t("workshop.vote.comment", lang), icon=":material/chat:"),
            st.form(f"join_comment_{step_id}", clear_on_submit=True),
        ):
            text = st.text_area(
                t("workshop.vote.comment", lang),
                max_chars=LIMITS["comment"],
                help=t("workshop.vote.comment.help", lang, limit=LIMITS["comment"]),
                key=f"join_comment_{step_id}_text",
                label_visibility="collapsed",
            )
            submitted = st.form_submit_button(t("workshop.comment.submit", lang), width="stretch")
            if submitted:
                send(eng, f"comment_{step_id}", step_id, COMMENT, {"comment": text}, lang)
