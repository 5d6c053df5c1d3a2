"""Workshop, participant: join with the code (or the QR link ?join=CODE), answer the current step, see revealed results.

Built for a phone: one column, sliders rather than drag-and-drop, every form submit carrying its own
idempotency key so a double tap or a retried request is stored once.
"""

import uuid
from typing import Any

import streamlit as st

from foresight.i18n import t
from foresight.ui import seat as seat_cookie
from foresight.ui import state
from foresight.ui import workshop_cache as cache
from foresight.ui import workshop_views as views
from foresight.workshop import qr, security, service
from foresight.workshop.models import COMMENT, GUESS, MATRIX, RANKING, SCENARIO
from foresight.workshop.security import LIMITS, escape_markdown

# Each poll is a fragment rerun that costs the server about 0.1 s of CPU (measured: an idle phone at a 2 s
# poll uses ~6 % of a core); phones only need to follow the facilitator, so they poll less often than the wall.
PHONE_POLL_S = 4

lang = state.lang()
eng = cache.engine()
ss = st.session_state

# Narrow screens: less padding, full-width buttons.
st.html(
    "<style>@media (max-width: 640px){[data-testid='stMainBlockContainer']{padding:3.5rem 0.8rem 3rem}"
    "h1{font-size:2.1rem!important}}"
    ".stButton button,.stFormSubmitButton button{min-height:2.8rem}</style>"
)


def idem(form: str) -> str:
    """The idempotency key of a form's next submit: kept until the store has accepted it."""
    return ss.setdefault(f"join_idem_{form}", uuid.uuid4().hex)


def sent(form: str) -> None:
    ss.pop(f"join_idem_{form}", None)


def send(form: str, step_id: str, kind: str, payload: dict) -> None:  # type: ignore[type-arg]
    """Store one answer and say so where the form is (no page rerun: see answer()); a refusal is shown."""
    seat = ss["join_seat"]
    result = views.call(lambda: service.submit(eng, seat["token"], step_id, kind, payload, idem(form)), lang)
    if result is not None:
        sent(form)
        st.success(t("workshop.vote.saved", lang), icon=":material/check_circle:")


seat = ss.get("join_seat")
raw_code = st.query_params.get(qr.JOIN_PARAM)
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
        st.warning(views.error_text(err, lang), icon=":material/warning:")
        seat_cookie.forget(seat["code"])
        ss.pop("join_seat", None)
        seat = None

if seat is None:
    st.title(t("workshop.join.heading", lang))
    found = None
    if raw_code:
        found = views.call(lambda: service.find(eng, str(raw_code)[:20]), lang)
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
            joined = views.call(lambda: service.join(eng, code, name), lang)
            if joined is not None:
                ws = service.get(eng, joined.workshop_id)
                ss["join_seat"] = {"token": joined.token, "code": ws.join_code, "name": joined.display_name}
                ss["join_remember"] = True  # written on the next render: a rerun drops this one's elements
                st.query_params[qr.JOIN_PARAM] = ws.join_code
                st.rerun()
    st.caption(t("workshop.join.name.help", lang))
    st.stop()

seat = ss["join_seat"]
if ss.pop("join_remember", False):
    seat_cookie.remember(seat["code"], seat["token"])
step = ws.step
revealed = step is not None and step["id"] in ws.revealed


@st.fragment(run_every=PHONE_POLL_S)
def follow() -> None:
    """Follow the facilitator: a new step, a reveal or closed voting reloads the page within PHONE_POLL_S."""
    if ss.pop("join_fresh", False):
        return  # drawn inside a page run that has just read the workshop (join_seen is set from it)
    now = service.get(eng, ws.id)
    if ss.get("join_seen") != signature_of(now):
        ss["join_seen"] = signature_of(now)
        st.rerun()


def signature_of(workshop: service.Workshop) -> list[object]:
    # Not the submission count: a rerun per vote in the room would close a dropdown the user is in.
    return [workshop.current_step, sorted(workshop.revealed), workshop.voting_open, workshop.show_names]


ss["join_seen"] = signature_of(ws)
ss["join_fresh"] = True
follow()

st.markdown(f"#### {escape_markdown(ws.title)}")
st.caption(
    t("workshop.code", lang)
    + f": {ws.join_code}"
    + (" · " + escape_markdown(seat["name"]) if seat.get("name") else "")
)
if step is None:
    st.info(t("workshop.wait", lang), icon=":material/hourglass:")
    st.stop()

st.title(escape_markdown(views.step_title(step, lang)))
st.caption(t("workshop.step", lang, n=ws.current_step + 1, total=len(ws.steps)))
kind = step["kind"]
step_id = step["id"]
accepts = {RANKING: RANKING, MATRIX: MATRIX, GUESS: GUESS, "projection": GUESS, SCENARIO: SCENARIO}.get(kind)

if revealed and accepts is not None:
    st.subheader(t("workshop.join.results", lang))

    shown_step: dict[str, Any] = step  # plain locals for the fragment (closures lose narrowing)
    token: str = seat["token"]

    @st.fragment(run_every=PHONE_POLL_S)
    def live_results() -> None:
        """The room's results redraw in place as votes come in; the answer form below is left alone."""
        data = views.call(lambda: service.results(eng, ws.id, step_id, token=token), lang)
        if data is not None:
            views.results(eng, ws, shown_step, lang, big=False, data=data)

    live_results()
    if kind in (GUESS, "projection"):
        accepts = None  # the answer is out: no more guesses
elif accepts is not None:
    st.markdown(views.prompt(step, lang))

answer_kind: str | None = accepts  # plain locals for the fragment (closures lose narrowing)
step_now: dict[str, Any] = step


@st.fragment
def answer() -> None:
    """The answer forms. A Send reruns only this fragment: a whole page run costs the server about four
    times the CPU, and fifty phones pressing Send together queue behind each other on one process."""
    accepts, step = answer_kind, step_now
    if accepts is not None and not ws.voting_open:
        st.warning(t("workshop.error.voting_closed", lang), icon=":material/lock:")
    elif accepts == RANKING:
        labels = views.item_labels(step, lang)
        with st.form(f"join_rank_{step_id}"):
            order = st.multiselect(
                t("workshop.vote.ranking.pick", lang, n=len(labels)),
                list(labels),
                format_func=labels.__getitem__,
                key=f"join_rank_{step_id}_order",
                placeholder=t("widget.choose", lang),
            )
            st.caption(
                " · ".join(f"{i + 1}. {labels[item]}" for i, item in enumerate(order))
                or t("workshop.vote.ranking.hint", lang)
            )
            if st.form_submit_button(t("workshop.vote.submit", lang), type="primary", width="stretch"):
                if len(order) != len(labels):
                    st.error(t("workshop.error.bad_ranking", lang), icon=":material/error:")
                else:
                    send(f"rank_{step_id}", step_id, RANKING, {"order": order})
    elif accepts == MATRIX:
        labels = views.item_labels(step, lang)
        with st.form(f"join_matrix_{step_id}"):
            st.caption(t("workshop.vote.matrix.scale", lang))
            placements = {}
            for item, label in labels.items():
                st.markdown(f"**{label}**")
                # Whole steps 0–10 are easier to set with a thumb; the store keeps the 0–1 scale.
                impact = st.slider(
                    t("workshop.matrix.impact", lang), 0, 10, 5, 1, key=f"join_mx_{step_id}_{item}_i"
                )
                uncertainty = st.slider(
                    t("workshop.matrix.uncertainty", lang), 0, 10, 5, 1, key=f"join_mx_{step_id}_{item}_u"
                )
                placements[item] = [impact / 10, uncertainty / 10]
            submitted = st.form_submit_button(
                t("workshop.vote.submit", lang), type="primary", width="stretch"
            )
            if submitted:
                send(f"matrix_{step_id}", step_id, MATRIX, {"placements": placements})
    elif accepts == GUESS:
        indicator = str(step.get("indicator", ""))
        hist = cache.history(indicator, ws.municipality) if indicator else None
        if hist is not None and not hist.empty:
            st.caption(
                t(
                    "workshop.indicator.latest",
                    lang,
                    value=views.value_text(indicator, float(hist.iloc[-1]), lang),
                    year=int(hist.index.max()),
                )
            )
        with st.form(f"join_guess_{step_id}"):
            decimals = views.decimals_of(indicator)
            guess = st.number_input(
                t("workshop.vote.guess.label", lang)
                + (f" ({views.unit_of(indicator, lang)})" if indicator else ""),
                value=None,
                step=10.0**-decimals,
                format=f"%.{decimals}f",
                key=f"join_guess_{step_id}_value",
            )
            if st.form_submit_button(t("workshop.vote.submit", lang), type="primary", width="stretch"):
                if guess is None:
                    st.error(t("workshop.error.not_a_number", lang), icon=":material/error:")
                else:
                    send(f"guess_{step_id}", step_id, GUESS, {"value": guess})
    elif accepts == SCENARIO:
        from foresight import scenario

        preset_ids = list(scenario.PRESET_IDS)
        pick = st.selectbox(
            t("workshop.scenario.preset", lang),
            preset_ids,
            format_func=lambda p: t(f"scenario.preset.{p}.name", lang),
            key=f"join_sc_{step_id}_preset",
        )
        base = scenario.preset(pick)
        with st.form(f"join_scenario_{step_id}"):
            name = st.text_input(
                t("workshop.vote.scenario.name", lang),
                value=t(f"scenario.preset.{pick}.name", lang),
                max_chars=LIMITS["scenario_name"],
                key=f"join_sc_{step_id}_name_{pick}",
            )
            levers = {}
            for lever in scenario.LEVERS:
                if lever.id in ("net_migration_persons", "net_migration_change", "start_year"):
                    continue  # the room's levers: rates and changes that read the same in every municipality
                low, high, stride = scenario.slider_range(lever.id)
                levers[lever.id] = st.slider(
                    f"{t(lever.label_key, lang)} ({t(lever.unit, lang)})",
                    float(low),
                    float(high),
                    float(base.levers.get(lever.id, lever.default)),
                    float(stride),
                    key=f"join_sc_{step_id}_{lever.id}_{pick}",
                )
            comment = st.text_area(
                t("workshop.vote.comment", lang),
                max_chars=LIMITS["comment"],
                help=t("workshop.vote.comment.help", lang, limit=LIMITS["comment"]),
                key=f"join_sc_{step_id}_comment",
            )
            if st.form_submit_button(t("workshop.vote.submit", lang), type="primary", width="stretch"):
                merged = {**base.levers, **levers}
                send(
                    f"scenario_{step_id}",
                    step_id,
                    SCENARIO,
                    {"name": name, "levers": merged, "comment": comment},
                )
    elif not revealed:
        st.info(t("workshop.vote.none", lang), icon=":material/visibility:")
    if accepts is not None and not revealed and ws.voting_open:
        st.caption(t("workshop.vote.change", lang))
    if revealed is False and accepts is not None:
        st.caption(t("workshop.reveal.waiting", lang))


answer()


@st.fragment
def comment_box() -> None:
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
                send(f"comment_{step_id}", step_id, COMMENT, {"comment": text})


comment_box()

if revealed:
    notes = service.comments(eng, ws.id, step_id)
    if notes:
        st.subheader(t("workshop.summary.comments", lang))
        views.comment_list(notes, lang)
