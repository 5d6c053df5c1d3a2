"""Accessibility statement (Act 306/2019): conformance, what has been done, known limitations, feedback, checks."""

import streamlit as st

from foresight import a11y
from foresight.i18n import t
from foresight.ui import state

lang = state.lang()
params = {"axe": a11y.AXE_VERSION, "date": a11y.check_date(lang)}

st.title(t("a11y.statement.heading", lang))
st.markdown(t("a11y.statement.intro", lang))
for part in ("status", "done", "limits", "feedback", "checked"):
    st.header(t(f"a11y.statement.{part}_heading", lang), anchor=False)
    text = t(f"a11y.statement.{part}", lang, **params) if part in ("status", "checked") else None
    st.markdown(text or t(f"a11y.statement.{part}", lang))
    if part == "feedback":
        st.markdown(t("a11y.statement.supervision", lang))
