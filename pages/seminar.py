"""The network's seminar view: every member × the headline indicators coloured by the member's quarter in the
group (with symbols and values), the network's 2030 picture, presentation mode and a one-file handout."""

import streamlit as st

from foresight import seminar
from foresight.columns import THEMES
from foresight.datasets import credits, unit_label
from foresight.format import with_unit
from foresight.i18n import t
from foresight.report import group_label, seminar_group_line
from foresight.ui import loaders, projection_cache, state, widgets
from foresight.ui import seminar_views as views
from foresight.ui.sidebar import peer_group

lang, code = state.lang(), state.municipality()
group = peer_group(code, state.peer_spec())
codes = views.members(code, group)
cat = loaders.catalogue()
big, _ = state.page_param("mode", ["wall", "desk"], "desk")

# The first screen (a projector's 1280 × 720) shows the matrix: the title and the group, then the choices in
# one row (themes and order folded away; presentation mode beside them), the symbols' key and the matrix.
st.title(t("seminar.heading", lang))
st.markdown(seminar_group_line(group, codes, loaders.register(), code, lang))
widgets.peer_notes(group, lang)
if len(codes) < 4:
    st.warning(t("seminar.too_few", lang))
options, mode = st.columns(2, vertical_alignment="center")
wall = mode.toggle(t("seminar.present_toggle", lang), value=big == "wall", key="sem_wall")
if wall != (big == "wall"):
    state.set_param("mode", "wall" if wall else "desk")
if wall:
    # Presentation mode: no sidebar, large type (the wall is read from the back of the room).
    st.html(views.WALL_CSS)
with options.expander(t("seminar.options", lang), icon=":material/tune:"):
    themes = st.multiselect(
        t("seminar.themes", lang),
        options=list(THEMES),
        default=list(THEMES),
        format_func=lambda th: t(f"theme.{th}", lang),
        key=f"sem_themes_{lang}",
        select_all=False,
    )
    chosen = tuple(th for th in THEMES if th in themes)
    inds = list(dict.fromkeys(views.matrix(codes, chosen)["indicator"])) if chosen else []
    sort_by = st.selectbox(
        t("seminar.sort", lang),
        options=["", *inds],
        format_func=lambda i: t("seminar.sort_name", lang) if not i else str(cat.loc[i, f"name_{lang}"]),
        key=f"sem_sort_{lang}",
    )
if not chosen:
    st.info(t("seminar.no_theme", lang))
    st.stop()
table = views.matrix(codes, chosen)

empty = seminar.without_values(table)  # no row for these in the matrix; said under it

st.header(t("seminar.matrix_heading", lang))
st.caption(seminar.legend_line(lang, set(table.loc[~table["indicator"].isin(empty), "class"])))
st.plotly_chart(
    views.figure(codes, chosen, sort_by, lang, wall),
    width="stretch",
    key="sem_matrix",
    config={"displayModeBar": False},
)
st.caption(t("seminar.matrix_help", lang))
if empty:
    st.caption(t("seminar.no_values", lang, names="; ".join(str(cat.loc[i, f"name_{lang}"]) for i in empty)))
with st.expander(t("seminar.table_heading", lang), expanded=False):
    st.dataframe(views.table(codes, chosen, sort_by, lang), hide_index=True, width="stretch")

names = views.names(lang)
sources = credits(cat.loc[inds], lang)


def handout() -> bytes:
    order = seminar.row_order(table, names, sort_by or None)
    title = t("seminar.handout_title", lang, group=group_label(group, loaders.register(), code, lang))
    return seminar.handout(table, order, cat, names, lang, title, with_unit, sources).encode("utf-8")


st.download_button(
    t("seminar.download_handout", lang),
    data=handout,
    file_name=f"seminaari_{group.spec.kind}_{lang}.html",
    mime="text/html",
    key="sem_handout",
    on_click="ignore",
    icon=":material/download:",
)

st.header(t("seminar.future_heading", lang))
projectable = [i for i in projection_cache.indicators() if i in set(cat.index)]
default = inds[0] if inds and inds[0] in projectable else projectable[0]
pick = st.selectbox(
    t("seminar.future_indicator", lang),
    options=projectable,
    index=projectable.index(default),
    format_func=lambda i: str(cat.loc[i, f"name_{lang}"]),
    key=f"sem_future_{lang}",
)
with_targets = st.checkbox(t("seminar.show_targets", lang), key="sem_targets")
frame, median = views.projected(pick, codes)
ind = cat.loc[pick]
if frame.empty:
    st.info(t("seminar.no_projection", lang))
else:
    from foresight import charts_scorecard

    targets = views.shared_targets(pick, codes) if with_targets else None
    labels = {k: t(f"seminar.legend.{k}", lang) for k in ("projected", "band_80", "median", "target")}
    fig = charts_scorecard.network_2030(
        frame,
        median,
        names,
        code,
        lang,
        labels,
        targets,
        int(ind["decimals"]),
        unit_label(str(ind["unit"]), lang),
        height=None,
    )
    st.plotly_chart(fig, width="stretch", key="sem_future", config={"displayModeBar": False})
    st.markdown(
        t(
            "seminar.future_summary",
            lang,
            median=with_unit(median, int(ind["decimals"]), str(ind["unit"]), lang),
            n=len(frame),
            total=len(codes),
        )
    )
    if with_targets and not targets:
        st.caption(t("seminar.no_targets", lang))
    st.caption(t("projection.note.trend_not_forecast", lang))
st.caption(widgets.source_line(ind, lang))
