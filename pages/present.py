"""Workshop presentation view: the current step fills the wall, large fonts, no app chrome, live results.

Opened from the control panel (the session holds the facilitator key: one click moves between steps) or
by anyone with ?ws=CODE (view only: it follows the facilitator's steps and shows only revealed results).
"""

import streamlit as st

from foresight.i18n import t
from foresight.ui import state, workshop_access, workshop_steps, workshop_text
from foresight.ui import workshop_cache as cache
from foresight.ui.workshop_guesses import WALL_CHARTS_KEY, WALL_HIGH_KEY, WALL_LOW_KEY
from foresight.workshop import qr, service
from foresight.workshop.security import escape_markdown

lang = state.lang()
eng = cache.engine()
ss = st.session_state

# A step's charts take the height the screen has left, so the room sees them whole without scrolling: above
# them are the QR code (a sixth of the width, so its height grows with the screen's width) and about 190 px of
# its code, the padding and the answer line or question; never less than a readable 300 px. At 1280×720 that is
# 330 px, at 1920×1080 about 580 px. A step with more above or below its chart (a question, a waiting count and
# a source line) reserves more (WALL_LOW_KEY), one with only a short title less (WALL_HIGH_KEY).
WALL_RESERVES = {WALL_CHARTS_KEY: 190, WALL_LOW_KEY: 260, WALL_HIGH_KEY: 130}


def wall_height(reserve: int) -> str:
    """The CSS height of a wall chart that leaves `reserve` px besides the QR code's column."""
    return f"max(300px, calc(100vh - (100vw - 80px) / 6 - {reserve}px))"


def wall_chart_css(key: str, reserve: int) -> str:
    """Size Streamlit's frames around a chart in the container `key` (and the drawing) to wall_height."""
    sel = f'[class*="st-key-{key}"]'
    return (
        f'{sel} [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]),'
        f'{sel} [data-testid="stFullScreenFrame"]:has([data-testid="stPlotlyChart"]),'
        f'{sel} [data-testid="stPlotlyChart"]{{height:{wall_height(reserve)}!important;flex:0 0 auto!important;'
        "max-height:none!important;min-height:0!important}"
        f"{sel} .js-plotly-plot,{sel} .plot-container{{height:100%!important}}"
    )


# No sidebar, header or toolbar; high contrast and type sized for the back of the room: the key figures are
# the largest text, an old-data note beside one is secondary (grey text with its icon, 9:1 on white).
st.html(
    """<style>
[data-testid="stSidebar"],[data-testid="stSidebarCollapsedControl"],[data-testid="stHeader"],
[data-testid="stToolbar"],[data-testid="stDecoration"],[data-testid="stStatusWidget"]{display:none!important}
[data-testid="stMainBlockContainer"]{padding:1.2rem 2.5rem 1rem;max-width:100%}
.stApp{background:#ffffff;color:#0b1220}
[data-testid="stMarkdownContainer"] p,[data-testid="stMarkdownContainer"] li{font-size:1.7rem;line-height:1.35}
[data-testid="stMarkdownContainer"] h1{font-size:3.2rem}
[data-testid="stMarkdownContainer"] h2{font-size:2.5rem}
[data-testid="stMarkdownContainer"] h3{font-size:2.1rem}
[data-testid="stMarkdownContainer"] h4{font-size:1.7rem;padding:.2rem 0 .4rem}
[data-testid="stCaptionContainer"]{font-size:1.15rem;color:#3b4556}
[data-testid="stMetricValue"],[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p{
font-size:3.6rem;font-weight:700;line-height:1.1}
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p{font-size:1.3rem}
[class*="st-key-kl_drawing"]{display:none}
.st-key-kl_join{gap:0}
.st-key-kl_join [data-testid="stMarkdownContainer"] p{font-size:2.4rem;line-height:1.2;margin:0;text-align:center;
letter-spacing:.08em}
[class*="st-key-kl_stale"] [data-testid="stCaptionContainer"],
[class*="st-key-kl_stale"] [data-testid="stCaptionContainer"] p{font-size:1.3rem;font-weight:400;color:#3b4556}
.st-key-kl_present_nav{gap:.5rem}
.st-key-kl_present_nav [data-testid="stMarkdownContainer"] p{font-size:1.2rem;line-height:1.2}
.st-key-kl_present_nav button,.st-key-kl_present_nav a{min-height:2.5rem;padding:.2rem .8rem}
.st-key-kl_overview_heading h2{padding:0 0 .2rem;font-size:2.2rem}
.st-key-kl_matrix_lists [data-testid="stMarkdownContainer"] p{font-size:1.5rem;line-height:1.3}
[class*="st-key-kl_card"],[class*="st-key-kl_summary"]{gap:.25rem;padding:.7rem 1rem}
[class*="st-key-kl_summary"] [data-testid="stMarkdownContainer"] p,
[class*="st-key-kl_summary"] [data-testid="stMarkdownContainer"] li{font-size:1.4rem;line-height:1.3}
[class*="st-key-kl_question_"] h2{font-size:2.1rem;padding:.75rem 0 1rem}
[class*="st-key-kl_note_"] h2{font-size:1.7rem;padding:.2rem 0 .4rem}
[class*="st-key-kl_summary"] h2{padding:0 0 .5rem}
[class*="st-key-kl_card"] [data-testid="stMetricValue"],
[class*="st-key-kl_card"] [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p{font-size:3.2rem}
[class*="st-key-kl_reveal"]{gap:.3rem}
[class*="st-key-kl_reveal"] h3{font-size:1.9rem;padding:0 0 .3rem;margin:0}
[class*="st-key-kl_reveal"] [data-testid="stMarkdownContainer"] p{font-size:1.4rem;line-height:1.3}
</style>"""
    + "<style>"
    + "".join(wall_chart_css(key, reserve) for key, reserve in WALL_RESERVES.items())
    + "</style>"
)

fac = ss.get("workshop_fac")
raw = st.query_params.get("ws")
ws = None
if raw:
    ws = workshop_access.call(lambda: service.find(eng, str(raw)[:20]), lang)
elif fac is not None:
    ws = service.get(eng, int(fac["id"]))
if ws is None:
    st.title(t("workshop.present.open", lang))
    if not raw:
        st.info(t("workshop.present.no_code", lang), icon=":material/info:")
    st.page_link("pages/workshop.py", label=t("workshop.present.back", lang), icon=":material/arrow_back:")
    st.stop()

wid: int = ws.id  # a plain int for the callbacks below (narrowing does not reach into closures)
if (fac is None or int(fac["id"]) != wid) and not ss.get("workshop_left"):
    fac = workshop_access.facilitator_from_cookie(eng, ws.join_code) or fac  # a reload (F5) keeps the control
key = str(fac["key"]) if fac is not None and int(fac["id"]) == wid else None
if st.query_params.get("ws") != ws.join_code:
    st.query_params["ws"] = ws.join_code  # the address bar can be copied to a second screen (view only)
shown_step = ws.step  # a plain local for the poll below
ss["present_seen"] = (service.version(eng, ws.id), workshop_steps.live_signature(eng, shown_step))


ARROW_KEYS = """<style>[data-testid="stElementContainer"]:has(#kl-keys){display:none}</style><span id="kl-keys"></span>
<script>
if (!window.klArrowKeys) {
  window.klArrowKeys = true;
  document.addEventListener("keydown", (event) => {
    const typing = event.target && ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName);
    const next = event.key === "ArrowRight" || event.key === "PageDown";
    const previous = event.key === "ArrowLeft" || event.key === "PageUp";
    if (typing || !(next || previous)) return;
    const button = document.querySelector(`.st-key-present_${next ? "next" : "prev"} button`);
    if (button && !button.disabled) { button.click(); event.preventDefault(); }
  });
}
</script>"""


@st.fragment(run_every=2)
def poll() -> None:
    """Every 2 s ask the store's version (about a millisecond), and at a survey step the survey's state;
    redraw the page only when one moved."""
    if (service.version(eng, wid), workshop_steps.live_signature(eng, shown_step)) != ss.get("present_seen"):
        st.rerun()


poll()
step = ws.step
total = len(ws.steps)
url = workshop_access.join_url(ws.join_code, lang)

# The QR code gets a sixth of the width (about 290 px on a 1920 px wall, twice the old size), beside the
# title and the controls.
head, join = st.columns([5, 1], vertical_alignment="top")
with join, st.container(key="kl_join"):
    st.image(qr.svg(url, scale=10), width="stretch", alt=t("a11y.qr_alt", lang, url=url))
    st.markdown(f"**{ws.join_code}**")
with head:
    st.markdown(f"# {workshop_text.step_title(step, lang) if step else escape_markdown(ws.title)}")
    st.caption(
        " · ".join(
            [
                escape_markdown(ws.title),
                t("workshop.step", lang, n=ws.current_step + 1, total=total),
                t("workshop.participants", lang, n=service.participant_count(eng, ws.id)),
                t("workshop.present.join_line", lang, url=url.split("?")[0], code=ws.join_code),
            ]
        )
    )

with head:
    if key is not None:
        # The controls above the step, so they are on a 1280×720 screen; ← → (and a presenter's remote, which
        # sends PageUp/PageDown) press them.
        st.html(ARROW_KEYS, unsafe_allow_javascript=True)
        fkey: str = key
        # One row of buttons as wide as their words (a column would cut "Piilota tulokset" at 1280 px), wrapping
        # if the row is full; the arrows carry their names in words too, so a screen reader says "Seuraava vaihe".
        nav = st.container(horizontal=True, vertical_alignment="center", key="kl_present_nav")
        if nav.button(
            t("workshop.step.previous_step", lang),
            key="present_prev",
            icon=":material/arrow_back:",
            disabled=ws.current_step == 0,
        ):
            workshop_access.call(lambda: service.move_step(eng, wid, fkey, -1), lang)
            st.rerun()
        if nav.button(
            t("workshop.step.next_step", lang),
            key="present_next",
            icon=":material/arrow_forward:",
            disabled=ws.current_step >= total - 1,
            type="primary",
        ):
            workshop_access.call(lambda: service.move_step(eng, wid, fkey, 1), lang)
            st.rerun()
        if step is not None and step["kind"] not in (
            "overview",
            "indicator",
            "comparison",
            "results",
            "survey",
        ):
            step_id: str = step["id"]
            shown = step_id in ws.revealed
            if nav.button(
                t("workshop.reveal.hide" if shown else "workshop.reveal", lang),
                key="present_reveal",
                icon=":material/visibility_off:" if shown else ":material/visibility:",
            ):
                workshop_access.call(lambda: service.reveal(eng, wid, fkey, step_id, not shown), lang)
                st.rerun()
        with nav:
            st.page_link("pages/workshop.py", label=t("workshop.present.back", lang), icon=":material/tune:")
    else:
        st.caption(t("workshop.present.view_only", lang) + " · " + t("workshop.live", lang))

if step is not None:
    workshop_steps.step_body(eng, ws, step, lang, big=True)
