"""Accessibility statement (Act 306/2019): conformance, what has been done, known limitations, feedback, checks."""

import streamlit as st

from foresight import a11y
from foresight.i18n import t
from foresight.ui import state
from foresight.workshop.security import escape_markdown

lang = state.lang()
params = {"axe": a11y.AXE_VERSION, "date": a11y.check_date(lang)}

st.title(t("a11y.statement.heading", lang))
st.markdown(t("a11y.statement.intro", lang))
for part in ("status", "done", "limits", "feedback", "checked"):
    st.header(t(f"a11y.statement.{part}_heading", lang), anchor=False)
    text = t(f"a11y.statement.{part}", lang, **params) if part in ("status", "checked") else None
    st.markdown(text or t(f"a11y.statement.{part}", lang))
    if part == "feedback":
        contact = a11y.feedback_contact()
        if contact:
            st.markdown(t("a11y.statement.contact", lang, contact=escape_markdown(contact)))
        else:  # the law asks for a contact: say plainly that the organisation running the app must give one
            st.warning(t("a11y.statement.contact_missing", lang, variable=a11y.A11Y_CONTACT_ENV))
        st.markdown(t("a11y.statement.supervision", lang))
