"""Residents' survey, respondent: opened from the public link ?s=CODE on a phone; one answer per browser,
changeable until the survey closes; published results shown."""

import uuid

import streamlit as st

from foresight import survey as sv
from foresight import survey_store as store
from foresight.columns import THEMES
from foresight.i18n import t
from foresight.ui import ranking, state
from foresight.ui import survey_views as views
from foresight.ui import workshop_cache as cache
from foresight.workshop import security

lang = state.lang()
eng = cache.engine()
ss = st.session_state
# The honeypot: hidden from people (and screen readers), filled in by simple bots.
st.html("<style>.st-key-answer_hp{display:none}</style>")

code = security.normalise_code(str(st.query_params.get("s") or ""))
survey = store.find(eng, code) if code else None
if survey is None:  # no code in the link, or one of no survey: type the code (from print, say)
    st.title(t("nav.answer", lang))
    if code:
        st.error(t("survey.error.unknown", lang), icon=":material/error:")
    else:
        st.info(t("survey.answer.no_code", lang))
    views.code_form(eng, code[:20], lang)
    st.stop()
d = survey.definition.shown(lang)  # the facilitator's texts in the reader's language where written
label = survey.definition.labels(lang)  # answers keep the survey's own texts; these are shown
st.title(d.title)
status = survey.state()
if survey.published:
    views.show_results(store.results(eng, survey), survey.definition, lang)
if status != "open":
    st.info(t(f"survey.error.{status}", lang))
    st.stop()

cookie = f"kl_survey_{code}"
token = ss.get(cookie) or str(st.context.cookies.get(cookie) or "")
if not security.valid_idem_key(token) or len(token) != 32:
    token = uuid.uuid4().hex
ss[cookie] = token
st.html(
    f"<script>document.cookie='{cookie}={token}; path=/; max-age=31536000; SameSite=Lax';</script>",
    unsafe_allow_javascript=True,
)
mine = store.my_answer(eng, code, token) or sv.Answer()
st.caption(t("survey.answer.intro", lang, retain=views.day(survey.retain_until, lang)))

RANK_KEY = "answer_rank"
ss.setdefault(f"{RANK_KEY}_order", list(mine.rank))  # a changed answer starts from the earlier order


@st.fragment
def rank_themes() -> None:
    """The workshop's tap-to-order control, outside the form (a form holds no plain buttons); a tap reruns
    only this part, and the order waits in the session for Send."""
    st.markdown(f"**{t('survey.q.rank', lang)}**")
    ranking.tap_order(
        {theme: t(f"theme.{theme}", lang) for theme in THEMES}, key=RANK_KEY, seed=token, step=code, lang=lang
    )


rank_themes()
with st.form("answer_form"):
    picks = (
        st.multiselect(
            t("survey.q.picks", lang),
            list(survey.definition.picks),
            default=[p for p in mine.picks if p in label],
            format_func=label.__getitem__,
            max_selections=3,
            key="answer_picks",
            placeholder=t("widget.choose", lang),
        )
        if d.picks
        else []
    )
    statements = {}
    if d.statements:
        st.markdown(f"**{t('survey.q.statements', lang)}**")
        for sid, text in d.statements:
            prior = mine.statements.get(sid)
            statements[sid] = st.radio(
                text,
                list(sv.SCALE),
                index=sv.SCALE.index(prior) if prior in sv.SCALE else None,
                format_func=lambda k: t(f"survey.scale.{k}", lang),
                key=f"answer_st_{sid}",
            )
    open_text = (
        st.text_area(d.open_question, value=mine.open_text, max_chars=sv.MAX_OPEN, key="answer_open")
        if d.open_question
        else ""
    )
    skip = t("survey.q.skip", lang)
    age = (
        st.selectbox(
            t("survey.q.age", lang),
            [None, *sv.AGE_GROUPS],
            format_func=lambda a: skip if a is None else t(f"survey.age.{a}", lang),
            key="answer_age",
        )
        if d.ask_age
        else None
    )
    area = (
        st.selectbox(
            t("survey.q.area", lang),
            [None, *survey.definition.areas],
            format_func=lambda a: skip if a is None else label[a],
            key="answer_area",
        )
        if d.areas
        else None
    )
    honeypot = st.text_input(t("survey.q.honeypot", lang), key="answer_hp")
    sent = st.form_submit_button(t("survey.submit", lang), type="primary", use_container_width=True)

if sent:
    raw = {
        "rank": list(ss.get(f"{RANK_KEY}_order", [])),
        "picks": picks,
        "statements": statements,
        "open": open_text,
        "age": age,
        "area": area,
    }
    if honeypot:
        raw["honeypot"] = honeypot
    address = str(st.context.ip_address or "")
    if views.call(lambda: store.submit(eng, code, token, raw, address=address), lang) is not None:
        st.success(
            t("survey.saved", lang, closes=views.day(survey.closes, lang)), icon=":material/check_circle:"
        )
