"""Residents' survey, respondent: opened from the public link ?s=CODE on a phone; one answer per browser,
changeable until the survey closes; published results shown."""

import secrets
import uuid

import streamlit as st

from foresight import survey as sv
from foresight import survey_store as store
from foresight.columns import THEMES
from foresight.i18n import t
from foresight.ui import ranking, state
from foresight.ui import survey_views as views
from foresight.ui import workshop_cache as cache
from foresight.workshop import security, voting

lang = state.lang()
eng = cache.engine()
ss = st.session_state
# The honeypot: hidden from people (and screen readers), filled in by simple bots. A scale point's words are
# its caption, which Streamlit draws beside its label, not in it: the label's tap area is stretched over them,
# so that a finger on the words chooses the point, as on the number.
st.html(
    "<style>.st-key-answer_hp{display:none}"
    "[class*='st-key-answer_st_'] div:has(>[data-testid='stRadioOption']){position:relative}"
    "[class*='st-key-answer_st_'] [data-testid='stRadioOption']{position:static}"
    "[class*='st-key-answer_st_'] [data-testid='stRadioOption']::after{content:'';position:absolute;inset:0}"
    "</style>"
)

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
# Texts the facilitator wrote only in the survey's own language are marked as such on a page in another,
# so that a screen reader reads them with the right voice.
foreign = survey.definition.untranslated(lang) if lang != survey.lang else frozenset()
if d.title in foreign:
    st.markdown(views.in_language(d.title, survey.lang, "# {}"), unsafe_allow_html=True)
else:
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


PICKS_KEY = "answer_picks"
own_picks = list(survey.definition.picks)
ss.setdefault(PICKS_KEY, [p for p in mine.picks if p in label])
ss.setdefault(f"{PICKS_KEY}_kept", list(ss[PICKS_KEY]))


def _cap_picks() -> None:
    """A fourth pick is refused on the spot (the three stay, a message says why): the cap is said, not silent."""
    now = list(ss.get(PICKS_KEY) or [])
    over = len(now) > sv.MAX_PICKS
    if over:
        ss[PICKS_KEY] = ss[f"{PICKS_KEY}_kept"]
    else:
        ss[f"{PICKS_KEY}_kept"] = now
    ss[f"{PICKS_KEY}_over"] = over


@st.fragment
def pick_options() -> None:
    """Pick up to three as toggle buttons (no "select all", which picked the first three listed), in an order
    shuffled per respondent (the same on every reload) so that no option gains from being listed first."""
    st.pills(
        t("survey.q.picks", lang),
        voting.start_order(token, f"{code}-picks", own_picks),
        selection_mode="multi",
        default=None,  # the earlier answer's picks wait in the session under the key
        format_func=label.__getitem__,
        key=PICKS_KEY,
        on_change=_cap_picks,
    )
    if ss.get(f"{PICKS_KEY}_over"):
        st.warning(t("survey.picks.limit", lang), icon=":material/block:")
    st.caption(t("survey.picks.count", lang, n=len(ss.get(PICKS_KEY) or [])))


rank_themes()
if d.picks:
    pick_options()
# An unsent choice in the form lives in the browser as its shown words (Streamlit 1.67), so the words of every
# choice are the same in each language: a change of language then leaves it chosen, and Send takes what the
# browser shows, also after a reconnect to another app process. The scale's numbers carry its words as
# captions (names.js joins them to the radio's accessible name: "4 jokseenkin samaa mieltä"), the age groups
# are numbers, the areas are named in every language written (Definition.area_names), and "prefer not to say"
# is the lists' empty state (placeholder), not a choice.
scale_words = [t(f"survey.scale.words.{k}", lang) for k in sv.SCALE]
skip = t("survey.q.skip", lang)
area_names = survey.definition.area_names()
with st.form("answer_form", enter_to_submit=False):
    statements = {}
    if d.statements:
        st.markdown(f"**{t('survey.q.statements', lang)}**")
        for sid, text in d.statements:
            prior = mine.statements.get(sid)
            if text in foreign:
                st.markdown(views.in_language(text, survey.lang), unsafe_allow_html=True)
            statements[sid] = st.radio(
                text,
                list(sv.SCALE),
                label_visibility="collapsed" if text in foreign else "visible",
                index=sv.SCALE.index(prior) if prior in sv.SCALE else None,
                format_func=str,  # the same "4" in every language; the words are its caption
                captions=scale_words,
                key=f"answer_st_{sid}",
            )
    if d.open_question in foreign:
        st.markdown(views.in_language(d.open_question, survey.lang), unsafe_allow_html=True)
    open_text = (
        st.text_area(
            d.open_question,
            value=mine.open_text,
            max_chars=sv.MAX_OPEN,
            key="answer_open",
            label_visibility="collapsed" if d.open_question in foreign else "visible",
        )
        if d.open_question
        else ""
    )
    age = (
        st.selectbox(
            t("survey.q.age", lang),
            list(sv.AGE_GROUPS),
            index=None,
            placeholder=skip,
            format_func=lambda a: t(f"survey.age.{a}", lang),
            key="answer_age",
        )
        if d.ask_age
        else None
    )
    area = (
        st.selectbox(
            t("survey.q.area", lang),
            list(survey.definition.areas),
            index=None,
            placeholder=skip,
            format_func=area_names.__getitem__,
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
        "picks": list(ss.get(PICKS_KEY) or []) if d.picks else [],
        "statements": statements,
        "open": open_text,
        "age": age,
        "area": area,
    }
    if honeypot:
        raw["honeypot"] = honeypot
    address = str(st.context.ip_address or "")
    # Each send's message in a box of its own, so that hiding one never hides the next; the random part keeps
    # it apart after a reconnect to another app process, where the count starts again in the same browser page.
    ss["answer_sends"] = ss.get("answer_sends", 0) + 1
    said = f"{ss['answer_sends']}_{secrets.token_hex(4)}"
    with st.container(key=f"answer_said_{said}"):
        if views.call(lambda: store.submit(eng, code, token, raw, address=address), lang) is not None:
            st.success(
                t("survey.saved", lang, closes=views.day(survey.closes, lang)), icon=":material/check_circle:"
            )
    # The form's choices do not reach the server until Send, so the browser hides the message ("your answer
    # is empty", "saved") once the answer changes: a stale refusal beside a changed answer misleads.
    st.html(views.hide_on_change(f"answer_said_{said}"), unsafe_allow_javascript=True)
