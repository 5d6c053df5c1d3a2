"""Data and sources: every indicator with its definition, years, source and licence; downloads."""

import datetime

import streamlit as st

from foresight import coverage, datasets, datastatus, freshness
from foresight.columns import THEMES
from foresight.i18n import t
from foresight.ui import downloads, loaders, state, widgets
from foresight.ui.state import bound

lang = state.lang()
snap = loaders.snapshot()
cat = snap.indicators

st.title(t("sources.heading", lang))
st.markdown(t("sources.intro", lang))


def freshness_section() -> None:
    """Per theme the newest year, with a plain note where it is old (a static table: six rows)."""
    st.header(t("freshness.heading", lang))
    fresh = freshness.theme_freshness(cat, datetime.date.today().year)
    months = cat[cat["latest_period"] != ""] if "latest_period" in cat.columns else cat.iloc[:0]
    st.table(
        {
            t("freshness.theme", lang): [t(f"theme.{th}", lang) for th in fresh["theme"]],
            t("freshness.indicators", lang): fresh["indicators"].tolist(),
            t("freshness.newest", lang): [str(y) for y in fresh["newest_year"]],
            t("freshness.median", lang): [str(y) for y in fresh["median_latest_year"]],
            t("freshness.note", lang): [
                t("freshness.old", lang)
                if r.old
                else t("freshness.median_old", lang, year=r.median_latest_year)
                if r.median_old
                else ""
                for r in fresh.itertuples()
            ],
        }
    )
    for _, row in months.iterrows():
        st.caption(
            f"{row[f'name_{lang}']}: "
            + t("freshness.month", lang, period=widgets.data_period(row, int(row["last_year"])))
        )


freshness_section()

left, right = st.columns([1, 2])
with left:
    theme = bound(
        st.selectbox,
        t("sources.filter_theme", lang),
        "sources_theme",
        "all",
        options=["all", *THEMES],
        format_func=lambda th: t(f"theme.{th}", lang),
    )
with right:
    query = bound(st.text_input, t("sources.search", lang), "sources_query", "", max_chars=60)
table = datasets.sources_table(cat, lang, theme, query, loaders.year_spans())
st.caption(t("sources.n_indicators", lang, n=len(table)))
st.dataframe(table, hide_index=True, width="stretch", height=min(38 * len(table) + 40, 600))

credit_list = datasets.credits(cat, lang)
st.caption(t("sources.licence_note", lang))
st.caption("\n".join(f"- {line}" for line in datasets.credit_lines(cat, lang)))
with st.expander(t("sources.diak_heading", lang)):
    st.markdown(t("sources.diak_note", lang))

st.header(t("sources.download_heading", lang))
names = cat.set_index("id")[f"name_{lang}"]
ids = list(cat[cat["theme"] == theme]["id"]) if theme != "all" else list(cat["id"])
if ids:
    if st.session_state.get("sources_pick") not in ids:
        st.session_state["sources_pick"] = ids[0]
    chosen = bound(
        st.selectbox,
        t("sources.pick_indicator", lang),
        "sources_pick",
        options=ids,
        format_func=names.__getitem__,
    )
    downloads.buttons(
        lambda: {
            chosen: datasets.observations_table(snap.observations, cat, snap.municipalities, lang, [chosen])
        },
        lambda: datasets.credits(cat[cat["id"] == chosen], lang),
        f"kuntaluotain_{chosen}",
        lang,
        key="dl_indicator",
    )

st.markdown(f"**{t('sources.whole', lang)}**")
downloads.buttons(
    lambda: datasets.snapshot_tables(snap.observations, cat, snap.municipalities, lang),
    lambda: credit_list,
    "kuntaluotain_snapshot",
    lang,
    key="dl_whole",
)


def coverage_section() -> None:
    """Per-year coverage of one indicator: how many of all municipalities have a value, and the gap years."""
    st.header(t("coverage.heading", lang))
    st.markdown(t("coverage.intro", lang))
    if st.session_state.get("sources_coverage") not in names.index:
        st.session_state["sources_coverage"] = names.index[0]
    pick = bound(
        st.selectbox,
        t("coverage.pick", lang),
        "sources_coverage",
        options=list(names.index),
        format_func=names.__getitem__,
    )
    per_year = coverage.per_year(loaders.indicator_frame(pick), pick, len(snap.municipalities))
    st.markdown("\n".join(f"- {line}" for line in coverage.summary(per_year, lang)))
    note = widgets.caveat(cat.set_index("id").loc[pick], lang)
    if note:
        st.caption(f"{t('sources.caveat', lang)}: {note}")
    share = t("coverage.col_share", lang)
    st.dataframe(
        coverage.table(per_year, lang),
        hide_index=True,
        height=min(35 * len(per_year) + 40, 360),
        column_config={
            share: st.column_config.ProgressColumn(share, min_value=0, max_value=100, format="%.0f")
        },
    )


def status_section() -> None:
    """Per source file: its last refresh (or shipped with the app), newest year and last refresh outcome."""
    st.header(t("status.heading", lang))
    st.markdown(t("status.intro", lang))
    refresh_status = datastatus.read_status()
    st.caption(datastatus.last_run_note(refresh_status, lang))
    if snap.provenance is not None:
        st.dataframe(
            datastatus.status_table(snap.provenance, refresh_status, lang), hide_index=True, width="stretch"
        )


status_section()
coverage_section()
