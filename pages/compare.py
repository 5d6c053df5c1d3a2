"""Compare one indicator: time series against the peer band, ranking among peers, map and table."""

import datetime

import pandas as pd
import streamlit as st

from foresight import charts, datasets, defaults, situation
from foresight import format as fmt
from foresight.columns import MUNICIPALITY, YEAR
from foresight.i18n import t
from foresight.ui import downloads, loaders, state, theme, widgets
from foresight.ui.sidebar import peer_group
from foresight.ui.state import bound

lang, code = state.lang(), state.municipality()
snap = loaders.snapshot()
reg = loaders.register()
cat = loaders.catalogue()
group = peer_group(code, state.peer_spec())
names = reg[f"name_{lang}"]

st.title(t("compare.heading", lang))
ids = list(cat.sort_values(["theme", "order"])["id"])
chosen, rejected = state.page_param("indicator", ids, "")
if "compare_indicator" not in st.session_state or rejected:
    # A link without an indicator opens on one that is current and covers this municipality.
    st.session_state["compare_indicator"] = chosen or defaults.default_indicator(
        snap.observations, snap.indicators, code, datetime.date.today().year
    )
with st.container():  # goes once another indicator is chosen: the page below keeps its place
    if rejected:
        st.warning(t("msg.unknown_indicator", lang), icon=":material/warning:")
indicator = bound(
    st.selectbox,
    t("compare.indicator", lang),
    "compare_indicator",
    options=ids,
    format_func=lambda i: (
        t("theme." + str(cat.loc[i, "theme"]), lang) + " · " + str(cat.loc[i, f"name_{lang}"])
    ),
)
state.set_param("indicator", indicator)
ind = cat.loc[indicator]
frame = loaders.indicator_frame(indicator)
unit = datasets.unit_label(str(ind["unit"]), lang)
st.caption(f"{ind[f'definition_{lang}']} {widgets.source_line(ind, lang)}")
if widgets.caveat(ind, lang):
    st.caption(f":material/warning: {widgets.caveat(ind, lang)}")
widgets.peer_notes(group, lang)

own = situation.series(frame, code, indicator)
if own.empty:
    widgets.no_data(ind, code, lang)
members = list(group.members)

# 1. Time series against the peer band.
st.header(t("compare.band_title", lang))
with_data = set(frame[MUNICIPALITY])
peer_options = [c for c in members if c in with_data]
picked = bound(
    st.multiselect,
    t("compare.highlight", lang),
    "compare_peers",
    [],
    options=peer_options,
    format_func=lambda c: names.get(c, c),
    max_selections=5,
    placeholder=t("widget.choose", lang),
    select_all=False,
)
picked = [c for c in picked if c in peer_options]
figure, band_empty = loaders.band_figure(indicator, code, group.members, picked, lang)
if band_empty and members:
    st.info(t("compare.no_peer_data", lang), icon=":material/info:")
if not own.empty or not band_empty:
    theme.chart_with_alt(figure, lang=lang, config={"displaylogo": False})

# 2. Ranking and map for one year.
years = sorted(frame[YEAR].unique().tolist())
if years:
    default_year = int(own.index.max()) if not own.empty else int(years[-1])
    if st.session_state.get("compare_year") not in years or st.session_state.get("_compare_for") != indicator:
        st.session_state["compare_year"] = default_year
        st.session_state["_compare_for"] = indicator
    year = (
        bound(st.select_slider, t("compare.year", lang), "compare_year", options=years)
        if len(years) > 1
        else years[0]
    )
    polarity = int(ind["polarity"])
    left, right = st.columns([2, 3])
    with left:
        st.header(t("compare.ranking_title", lang, year=year))
        order = {1: "up", -1: "down", 0: "neutral"}[polarity]
        st.caption(t(f"compare.ranking_order_{order}", lang))
        ranked = situation.ranking(frame, indicator, polarity, [code, *members], int(year))
        ranked["name"] = ranked[MUNICIPALITY].map(names)
        if len(ranked) >= 2:
            theme.chart_with_alt(
                charts.ranking_bar(ranked, code, lang, unit), lang=lang, config={"displaylogo": False}
            )
        else:
            st.info(t("peers.note_too_few", lang), icon=":material/info:")
    with right:
        st.header(t("compare.map_title", lang, year=year))
        zoom = bound(st.toggle, t("compare.map_zoom", lang), "compare_zoom", False)
        theme.chart_with_alt(
            loaders.map_figure(indicator, int(year), code, tuple(members), lang, bool(zoom)),
            lang=lang,
            description=t("a11y.map_alt", lang, indicator=ind[f"name_{lang}"], year=year),
            table=pd.DataFrame(),  # the values are in the table below
            config=theme.MAP_CHART_CONFIG,
        )
        st.caption(t("compare.map_legend", lang, name=names[code]))

    # 3. The values as a table, with downloads.
    st.header(t("compare.table_title", lang))
    # Headers that say what and when ("Väkiluku 2025 (as.)"); the CSV is this table, the Excel adds the series.
    table = datasets.ranking_table(ranked, names, ind, int(year), lang)
    st.dataframe(
        fmt.styled(table, {str(table.columns[-1]): int(ind["decimals"])}, lang),
        hide_index=True,
        width="stretch",
    )
    downloads.buttons(
        lambda: {
            f"{t('compare.table_title', lang)} {fmt.period(int(year), str(ind.get('latest_period', '') or ''))}": table,
            indicator: datasets.observations_table(
                snap.observations, snap.indicators, snap.municipalities, lang, [indicator], [code, *members]
            ),
        },
        lambda: datasets.credits(snap.indicators[snap.indicators["id"] == indicator], lang),
        f"kuntaluotain_{indicator}_{code}",
        lang,
        key="dl_compare",
    )
