"""Data and sources: every indicator with its definition, years, source and licence; downloads."""

import streamlit as st

from foresight import datasets, datastatus
from foresight.columns import THEMES
from foresight.i18n import t
from foresight.ui import downloads, loaders, state
from foresight.ui.state import bound

lang = state.lang()
snap = loaders.snapshot()
cat = snap.indicators

st.title(t("sources.heading", lang))
st.markdown(t("sources.intro", lang))

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
table = datasets.sources_table(cat, lang, theme, query)
st.caption(t("sources.n_indicators", lang, n=len(table)))
st.dataframe(table, hide_index=True, width="stretch", height=min(38 * len(table) + 40, 600))

credit_list = datasets.credits(cat, lang)
st.caption(t("sources.licence_note", lang, sources="; ".join(sorted(set(cat[f"source_{lang}"])))[:2000]))

st.subheader(t("sources.download_heading", lang))
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

st.subheader(t("status.heading", lang))
st.markdown(t("status.intro", lang))
refresh_status = datastatus.read_status()
st.caption(datastatus.last_run_note(refresh_status, lang))
if snap.provenance is not None:
    st.dataframe(
        datastatus.status_table(snap.provenance, refresh_status, lang), hide_index=True, width="stretch"
    )
