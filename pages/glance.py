"""Municipality at a glance: the headline figures first, then each theme's key figures with year, change,
history and source in a collapsible section."""

import datetime

import streamlit as st

from foresight import glance, report, small_numbers
from foresight.i18n import t
from foresight.ui import glance_view, loaders, state

lang, code = state.lang(), state.municipality()
snap = loaders.snapshot()
reg = loaders.register().loc[code]
cat = loaders.catalogue()
year = datetime.date.today().year

st.title(t("glance.heading", lang, name=reg[f"name_{lang}"]))
size = t(f"size_class.{reg['size_class']}", lang)
st.markdown(f"{report.facts_line(reg, lang)} · {t('glance.size', lang, size=size[:1].lower() + size[1:])}")

cards = glance.key_figures(snap.observations, snap.indicators, code)
glance_view.headline(cards, cat, snap.provenance, lang, year)
small = small_numbers.note(reg["population"], str(reg[f"name_{lang}"]), lang)
if small is not None:  # the cards show the population's change in per cent, which a few persons move a lot
    st.info(small, icon=":material/info:")
glance_view.themes(cards, cat, code, lang, year)
