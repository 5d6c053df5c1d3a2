"""Trends to 2030: any indicator projected with honest bands, the method's backtested error, the official
population projection beside it, the projection among peers, and a 2030 strategy target checked."""

from __future__ import annotations

import streamlit as st

from foresight.columns import VALUE, YEAR
from foresight.i18n import t
from foresight.projection import AUTO, METHODS, WITH_OFFICIAL
from foresight.projection import targets as tg
from foresight.ui import loaders, state, trend_chart_views, trend_choices, trend_peer_views, widgets
from foresight.ui import projection_cache as cache
from foresight.ui.sidebar import peer_group
from foresight.ui.state import bound

lang, code = state.lang(), state.municipality()
group = peer_group(code, state.peer_spec())
reg = loaders.register()
cat = loaders.catalogue()
names = reg[f"name_{lang}"]
name = str(names.get(code, code))
ss = st.session_state

st.title(t("projection.page.heading", lang, name=name))
st.caption(t("projection.page.intro", lang))
notices = st.container()  # everything the link said, together under the title

results = cache.results()  # each indicator is projected when first read (cached per server)
ids = cache.indicators()
horizons = [str(h) for h in cache.HORIZONS]
methods = [AUTO, *METHODS, WITH_OFFICIAL]

# --- The link: read once per session, written back on every run -------------------------------------------------
if not ss.get("_trend_link_read"):
    ss["_trend_link_read"] = True
    trend_choices.read_link(results, ids, methods, horizons, cat, lang, notices)
ss.setdefault("trend_targets", {})
chosen_targets: dict[str, float] = ss["trend_targets"]

# --- Choices ------------------------------------------------------------------------------------------------------
# A row of choices (theme.py): at 200 % zoom or beside the sidebar at 1024 px a column under 14rem wraps to
# the next line, not cut the method's name or put 2040 under 2030.
top = st.container(key="kl_choices_trends").columns([8, 7, 7])
with top[0]:
    indicator = bound(
        st.selectbox,
        t("projection.page.indicator", lang),
        "trend_indicator",
        "population",
        options=ids,
        format_func=lambda i: (
            t("theme." + str(cat.loc[i, "theme"]), lang) + " · " + str(cat.loc[i, f"name_{lang}"])
        ),
    )
    trend_choices.not_trendable_caption(cat, ids, lang)
with st.spinner(t("projection.page.loading", lang)):
    result = results[indicator]
auto_method = result.columns["method"][result.row(code)] if code in set(result.codes) else None
with top[1]:
    method = bound(
        st.selectbox,
        t("projection.method.label", lang),
        "trend_method",
        AUTO,
        options=methods,
        format_func=lambda m: (  # short enough for the box at 1280 px; the method line below says it all
            t("projection.method.auto_short", lang)
            if m == AUTO
            else t("projection.method.option.with_official", lang)
            if m == WITH_OFFICIAL
            else t(f"projection.method.{m}", lang)
        ),
        help=(
            t("projection.method.auto_help", lang, method=t(f"projection.method.{auto_method}", lang))
            if auto_method
            else None
        ),
    )
with top[2]:
    until_text = bound(
        st.segmented_control,
        t("projection.horizon.label", lang),
        "trend_until",
        horizons[0],
        options=horizons,
        selection_mode="single",
    )
if until_text not in horizons:  # clicking the chosen year again clears a segmented control
    until_text = ss["trend_until"] = horizons[0]
until = int(until_text)
state.set_param("trend_indicator", indicator)
state.set_param("trend_method", method)
state.set_param("trend_until", until_text)
if chosen_targets:
    state.set_param(tg.QUERY_KEY, tg.to_query(chosen_targets)[tg.QUERY_KEY])
elif tg.QUERY_KEY in st.query_params:
    del st.query_params[tg.QUERY_KEY]

ind = cat.loc[indicator]
target = chosen_targets.get(indicator)
view = cache.view(indicator, code, tuple(group.members), method, until, target)
history = view.history.set_index(YEAR)[VALUE]
last_year = int(history.index.max()) if not history.empty else int(ind["last_year"])
ctx = trend_choices.Context(
    lang, code, indicator, ind, method, until, view, result, group, names, target, history, last_year
)

st.caption(f"{ind[f'definition_{lang}']} {widgets.source_line(ind, lang, last_year)}")
if widgets.caveat(ind, lang):
    st.caption(f":material/warning: {widgets.caveat(ind, lang)}")

# --- The trend ----------------------------------------------------------------------------------------------------
if history.empty:
    widgets.no_data(ind, code, lang)
    st.stop()
trend_chart_views.trend(ctx)

# --- Among peers --------------------------------------------------------------------------------------------------
trend_peer_views.peers(ctx)

# --- Target for the 2030 strategy ---------------------------------------------------------------------------------
trend_peer_views.target(ctx)

# --- Downloads ----------------------------------------------------------------------------------------------------
if not view.forecast.empty:
    trend_chart_views.download(ctx, cat)
