"""Strategy scorecard: goals with indicators, baselines, 2030 targets and the 2029 milestone; status with its
reason, charts, the change history, saving with a code and owner key, files, link and council report."""

import streamlit as st

from foresight import scorecard as sc
from foresight.i18n import t
from foresight.ui import scorecard_editor, scorecard_saving, scorecard_status, state, widgets
from foresight.ui import scorecard_views as views

lang, code = state.lang(), state.municipality()
metas = views.metas()
views.from_link_once(metas)
names = views.names(lang)
card = views.current(code)
info = views.saved(code)

st.title(t("scorecard.heading", lang, name=widgets.name(code, lang)))
st.markdown(t("scorecard.intro", lang, year=sc.MILESTONE_YEAR, target_year=sc.TARGET_YEAR))
# One container for what comes and goes above the tabs, so the tab set keeps its place in the page: when a
# message shown once went away, the browser got the tabs at a new place and drew them afresh, all charts too,
# which on a slow line showed the page empty for a moment.
with st.container():
    views.show_messages(lang)
    if info:
        st.caption(t("scorecard.saved_as", lang, code=info["code"], version=info["version"]))

# A keyed tab set keeps the open tab across reruns (typing a target must not jump back to the overview).
tab_overview, tab_edit, tab_history, tab_save = st.tabs(
    [t(f"scorecard.tab.{k}", lang) for k in ("overview", "edit", "history", "save")], key=f"sc_tabs_{lang}"
)

with tab_edit:
    st.text_input(
        t("scorecard.title_label", lang),
        value=card.title,
        key=f"sc_title_{lang}",
        max_chars=sc.MAX_TITLE,
        on_change=views.on_title,
        args=(code,),
        placeholder=t("scorecard.heading", lang, name=widgets.name(code, lang)),
    )
    with st.expander(t("scorecard.suggest_heading", lang), expanded=not card.goals):
        st.caption(t("scorecard.suggest_help", lang))
        st.multiselect(
            t("scorecard.suggest_themes", lang),
            options=list(sc.SUGGESTIONS),
            format_func=lambda th: t(f"theme.{th}", lang),
            key=f"sc_themes_{lang}",
            placeholder=t("widget.choose", lang),
            select_all=False,
        )
        st.button(
            t("scorecard.suggest_button", lang),
            on_click=views.add_suggestions,
            args=(code, lang),
            key="sc_suggest",
            type="primary",
        )
    for goal in card.goals:
        scorecard_editor.goal_editor(code, goal, metas, names, lang)
    st.button(t("scorecard.add_goal", lang), on_click=views.add_goal, args=(code,), key="sc_add_goal")

evaluated = views.evaluate(card)

with tab_overview:
    if not card.goals:
        st.info(t("scorecard.empty", lang))
    else:
        scorecard_status.overview(card, evaluated, metas, names, lang)
        scorecard_status.indicator_chart(card, evaluated, metas, names, lang)

with tab_history:
    scorecard_saving.history(code, info, names, lang)

with tab_save:
    scorecard_saving.saving(code, card, info, lang)
    scorecard_saving.files(code, card, evaluated, metas, names, info, lang)

st.caption(t("scorecard.data_note", lang))
