"""Situation report: one click downloads a self-contained HTML report (and a PDF where Chromium exists),
with a "what residents said" section when the municipality has a residents' survey with published results."""

import streamlit as st

from foresight import report
from foresight.i18n import t
from foresight.ui import loaders, state, survey_views, widgets
from foresight.ui.sidebar import peer_group

lang, code = state.lang(), state.municipality()
reg = loaders.register()
group = peer_group(code, state.peer_spec())

st.title(t("report.heading", lang))
st.markdown(t("report.intro", lang))
widgets.peer_notes(group, lang)

residents = survey_views.report_section(code, lang)
left, right = st.columns(2)
left.download_button(
    t("report.download_html", lang),
    data=lambda: report.with_residents(loaders.report_html(code, group, lang), residents).encode("utf-8"),
    file_name=report.file_name(code, lang, "html"),
    mime="text/html",
    key="report_html",
    on_click="ignore",
    type="primary",
    icon=":material/download:",
)
if loaders.pdf_available():
    right.download_button(
        t("report.download_pdf", lang),
        data=lambda: loaders.report_pdf(code, group, lang, residents),
        file_name=report.file_name(code, lang, "pdf"),
        mime="application/pdf",
        key="report_pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
    )
else:
    right.info(t("report.pdf_unavailable", lang), icon=":material/info:")

with st.expander(t("report.preview", lang), expanded=True):
    # alt is the frame's title, its accessible name (Streamlit's default is "st.iframe")
    st.iframe(
        report.with_residents(loaders.report_html(code, group, lang), residents),
        height=900,
        alt=f"{t('report.heading', lang)}: {t('report.preview', lang)}",
    )
