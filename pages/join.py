"""Workshop, participant: join with the code (or the QR link ?join=CODE), answer the current step, see revealed results.

Built for a phone: the sections (seat, join form, answer forms) are drawn by foresight.ui.workshop_phone.
"""

import streamlit as st

from foresight.i18n import t
from foresight.ui import seat as seat_cookie
from foresight.ui import state, workshop_guesses, workshop_results, workshop_text
from foresight.ui import workshop_cache as cache
from foresight.ui import workshop_phone as phone
from foresight.workshop import aggregates, qr
from foresight.workshop.models import GUESS, answer_kind
from foresight.workshop.security import escape_markdown

lang = state.lang()
eng = cache.engine()
ss = st.session_state

# Narrow screens: less padding, full-width buttons.
st.html(
    "<style>@media (max-width: 640px){[data-testid='stMainBlockContainer']{padding:3.5rem 0.8rem 3rem}"
    "h1{font-size:2.1rem!important}}"
    ".stButton button,.stFormSubmitButton button{min-height:2.8rem}</style>"
)

raw_code = st.query_params.get(qr.JOIN_PARAM)
seat, ws = phone.seat_and_workshop(eng, raw_code, lang)
if seat is None:
    phone.join_form(eng, raw_code, lang)
    st.stop()

seat = ss["join_seat"]
with st.container():  # written once; its own container keeps the page below in place (see app.py's notices)
    if ss.pop("join_remember", False):
        seat_cookie.remember(seat["code"], seat["token"])
step = ws.step
revealed = step is not None and step["id"] in ws.revealed

ss["join_seen"] = ws.signature
ss["join_fresh"] = True
phone.follow(eng, ws.id)

st.markdown(f"#### {escape_markdown(ws.title)}")
st.caption(
    t("workshop.code", lang)
    + f": {ws.join_code}"
    + (" · " + escape_markdown(seat["name"]) if seat.get("name") else "")
)
if step is None:
    st.info(t("workshop.wait", lang), icon=":material/hourglass:")
    st.stop()

st.title(escape_markdown(workshop_text.step_title(step, lang)))
st.caption(t("workshop.step", lang, n=ws.current_step + 1, total=len(ws.steps)))
kind = step["kind"]
accepts = answer_kind(kind)

# The step's part changes when the results are shown; in a container of its own, the comment fold below keeps
# its place and stays open for someone writing in it.
with st.container():
    if revealed and accepts is not None:
        st.header(t("workshop.join.results", lang))
        if kind in (GUESS, "projection"):
            workshop_guesses.own_guess(
                eng, ws, step, seat["token"], lang
            )  # first: what a person looks for on a phone
        phone.live_results(eng, ws, step, seat["token"], lang)
        if kind in (GUESS, "projection"):
            accepts = None  # the answer is out: no more guesses
    elif accepts is not None:
        st.markdown(workshop_text.prompt(step, lang, ws.municipality))
    phone.answer(eng, ws, step, accepts, revealed, lang)
phone.comment_box(eng, ws, step["id"], lang)

if revealed:
    notes = aggregates.comments(eng, ws.id, step["id"])
    if notes:
        st.header(t("workshop.summary.comments", lang))
        workshop_results.comment_list(notes, lang)
