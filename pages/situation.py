"""Situation analysis: the six themes against the chosen peers, with generated summaries."""

import streamlit as st

from foresight import report, small_numbers
from foresight.i18n import t
from foresight.ui import loaders, state, widgets
from foresight.ui.sidebar import peer_group, peer_switch
from foresight.ui.style import TABLE_CSS

lang, code = state.lang(), state.municipality()
snap = loaders.snapshot()
reg = loaders.register()
cat = loaders.catalogue()

st.title(t("situation.heading", lang, name=reg.loc[code, f"name_{lang}"]))
st.markdown(t("situation.intro", lang))
peer_switch(lang)
group = peer_group(code, state.peer_spec())
st.markdown(f"**{report.group_line(group, reg, code, lang)}**")
widgets.peer_notes(group, lang)
widgets.similar_explanation(group, code, lang)
st.caption(t("situation.caveat_colour", lang) + " " + t("situation.strip_key", lang))
small = small_numbers.note(reg.loc[code, "population"], str(reg.loc[code, f"name_{lang}"]), lang)
if small is not None:  # the tables show rates per 1 000 and changes that a few persons move a lot
    st.info(small, icon=":material/info:")

for theme, sentences, table_html in loaders.situation_sections(code, group.members, lang):
    st.header(t(f"theme.{theme}", lang), divider="blue")
    st.markdown("\n".join(f"- {sentence}" for sentence in sentences))
    st.html(TABLE_CSS + table_html)
