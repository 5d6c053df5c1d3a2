"""Workshop, facilitator: create or reopen a workshop, show the join code and QR, steer the steps, moderate, export.

The sections are drawn by foresight.ui.workshop_setup, workshop_steering and workshop_submissions;
this page decides who holds the seat.
"""

import streamlit as st

from foresight.i18n import t
from foresight.ui import seat as seat_cookie
from foresight.ui import state, workshop_access, workshop_setup, workshop_steering, workshop_submissions
from foresight.ui import workshop_cache as cache
from foresight.workshop import service

lang, code = state.lang(), state.municipality()
eng = cache.engine()
ss = st.session_state

st.title(t("workshop.title", lang))
fac = ss.get("workshop_fac")
if fac is not None and not service.check_key(eng, fac["id"], fac["key"]):
    ss.pop("workshop_fac", None)  # the store was reset or changed under us: start again
    fac = None
if fac is None and not ss.get("workshop_left"):
    fac = workshop_access.facilitator_from_cookie(eng)  # a reload: this browser kept the facilitator's seat

with st.container():  # written once; its own container keeps the page below in place (see app.py's notices)
    if ss.pop("workshop_forget", False):
        seat_cookie.forget_facilitator()
if fac is None:
    st.caption(t("workshop.intro", lang))
    new_tab, open_tab = st.tabs([t("workshop.create.heading", lang), t("workshop.reopen.heading", lang)])
    with new_tab:
        workshop_setup.create_form(eng, code, lang)
    with open_tab:
        workshop_setup.reopen_form(eng, lang)
    st.stop()

# ---------------------------------------------------------------- the control panel
ws = service.get(eng, int(fac["id"]))
key = str(fac["key"])
workshop_setup.header(ws, key, lang)
# What the facilitator uses live first (on a 1280×720 laptop's first screen): the step and its buttons, the
# join code and counts; then the new key's notice, the QR code and links; rarely used settings fold below.
# Each section that grows or shrinks as the room works (the step's buttons, the new key until saved, the room's
# answers) has a container of its own, so the folds below keep their place and stay open when it changes.
with st.container():
    workshop_steering.steering(eng, ws, key, lang)
with st.container():
    workshop_setup.new_key(lang)
st.divider()
with st.container():
    workshop_setup.join_block(eng, ws, key, lang)
with st.container():
    workshop_submissions.moderation(eng, ws, key, lang)
workshop_steering.owndata(eng, ws, key, lang)  # own data for the room, folded
workshop_steering.survey(eng, ws, key, lang)  # a residents' survey on the wall, folded
workshop_submissions.downloads(eng, ws, key, lang)
