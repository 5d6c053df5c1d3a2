"""Kuntaluotain: the router. Page set-up, navigation, the shared sidebar; pages draw the rest."""

import streamlit as st

from foresight.i18n import language, t
from foresight.snapshot import BUILD_COMMAND, SnapshotError
from foresight.ui import loaders, sidebar, state

st.set_page_config(page_title="Kuntaluotain", page_icon=":material/explore:", layout="wide")

try:
    loaders.snapshot()
    state.init()
except SnapshotError as exc:
    lang = language(st.query_params.get("lang"))
    st.title(t("app.title", lang))
    st.error(t("msg.snapshot_missing", lang, error=str(exc), command=BUILD_COMMAND))
    st.stop()

lang = state.lang()
pages = {
    t("nav.section_analysis", lang): [
        st.Page(
            "pages/glance.py",
            title=t("nav.glance", lang),
            icon=":material/home:",
            url_path="glance",
            default=True,
        ),
    ],
    t("nav.section_data", lang): [
        st.Page(
            "pages/sources.py", title=t("nav.sources", lang), icon=":material/menu_book:", url_path="sources"
        ),
    ],
}
page = st.navigation(pages)
lang, code, group = sidebar.render()
for key, params in state.pop_notices():
    st.warning(t(key, lang, **params), icon=":material/warning:")
with st.sidebar:
    st.caption(t("app.data_note", lang))
page.run()
