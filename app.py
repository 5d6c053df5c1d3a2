"""Kuntaluotain: the router. Page set-up, navigation, the shared sidebar; pages draw the rest."""

from pathlib import Path

import streamlit as st

from foresight.i18n import language, t
from foresight.snapshot import BUILD_COMMAND, SnapshotError
from foresight.ui import loaders, sidebar, state, theme

# (section, page file, title key, icon, url path); the first page is the default.
PAGES = [
    ("nav.section_analysis", "pages/glance.py", "nav.glance", ":material/home:", "glance"),
    ("nav.section_analysis", "pages/situation.py", "nav.situation", ":material/dashboard:", "situation"),
    ("nav.section_analysis", "pages/compare.py", "nav.compare", ":material/query_stats:", "compare"),
    ("nav.section_analysis", "pages/report.py", "nav.report", ":material/description:", "report"),
    ("nav.section_future", "pages/trends.py", "nav.trends", ":material/trending_up:", "trends"),
    ("nav.section_future", "pages/scenarios.py", "nav.scenarios", ":material/timeline:", "scenarios"),
    ("nav.section_future", "pages/scorecard.py", "nav.scorecard", ":material/flag:", "scorecard"),
    ("nav.section_data", "pages/sources.py", "nav.sources", ":material/menu_book:", "sources"),
    ("nav.section_data", "pages/owndata.py", "nav.owndata", ":material/upload_file:", "owndata"),
    ("nav.section_workshop", "pages/workshop.py", "nav.workshop", ":material/groups:", "workshop"),
    ("nav.section_workshop", "pages/join.py", "nav.join", ":material/login:", "join"),
    ("nav.section_workshop", "pages/present.py", "nav.present", ":material/slideshow:", "present"),
    ("nav.section_workshop", "pages/seminar.py", "nav.seminar", ":material/grid_view:", "seminar"),
    ("nav.section_workshop", "pages/survey.py", "nav.survey", ":material/ballot:", "survey"),
    ("nav.section_workshop", "pages/answer.py", "nav.answer", ":material/how_to_vote:", "answer"),
    (
        "nav.section_about",
        "pages/accessibility.py",
        "nav.accessibility",
        ":material/accessibility:",
        "accessibility",
    ),
]

# A projector link (?projector=1) opens with the sidebar folded away, for a meeting-room screen.
st.set_page_config(
    page_title="Kuntaluotain",
    # A local file, served by the app itself: a material-icon favicon would make every browser (residents
    # answering a survey included) fetch it from Google's font servers.
    page_icon=str(Path(__file__).parent / "foresight" / "ui" / "assets" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="collapsed" if st.query_params.get("projector") == "1" else "auto",
)

try:
    loaders.snapshot()
    state.init()
except SnapshotError as exc:
    lang = language(st.query_params.get("lang"))
    st.title(t("app.title", lang))
    st.error(t("msg.snapshot_missing", lang, error=str(exc), command=BUILD_COMMAND))
    st.stop()

lang = state.lang()
theme.apply(lang, state.projector())
sections: dict[str, list[st.Page]] = {}
for i, (section, path, title, icon, url) in enumerate(PAGES):
    sections.setdefault(t(section, lang), []).append(
        st.Page(path, title=t(title, lang), icon=icon, url_path=url, default=i == 0)
    )
# Streamlit's own sectioned menu is not valid list markup (axe-core: list, listitem): hide it, draw our own.
page = st.navigation([p for pages in sections.values() for p in pages], position="hidden")
ROOM_PAGES = (
    "join",
    "present",
    "answer",
)  # the workshop room's phones and wall: no municipality or peer pickers
PHONE_PAGES = ("join", "answer")  # opened from a QR code on a phone: the language is chosen on the page too
# The pickers first, then the page menu: the municipality is the choice made most, and below the sixteen page
# links it was off a laptop's first screen and far down an opened sidebar on a phone.
if page.url_path in ROOM_PAGES:
    lang = sidebar.render_room(on_page=page.url_path in PHONE_PAGES)
    theme.page_menu(list(sections.items()), lang)
else:
    lang = sidebar.render()[0]
    theme.page_menu(list(sections.items()), lang)
    sidebar.render_settings(lang)
# Notices about the link are shown once. In a container of their own, so that when they go the page below
# keeps its place: the browser matches parts by place and would draw a moved page afresh (see pages/scorecard.py).
with st.container():
    for key, params in state.pop_notices():
        st.warning(t(key, lang, **params), icon=":material/warning:")
with st.sidebar:
    st.caption(t("app.data_note", lang))
page.run()
