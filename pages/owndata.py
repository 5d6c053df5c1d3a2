"""The municipality's own data: upload, preview, column mapping, validation, accept; then compare with peers,
project and download, always labelled as own data and kept apart from official statistics.

The steps are drawn by foresight.ui.owndata_views.
"""

import streamlit as st

from foresight.i18n import t
from foresight.owndata import store as own_store
from foresight.ui import loaders, owndata_cache, state
from foresight.ui import owndata_views as views
from foresight.ui.sidebar import peer_group
from foresight.ui.state import bound

HORIZON = 2030

lang, code = state.lang(), state.municipality()
snap = loaders.snapshot()
reg = loaders.register()
group = peer_group(code, state.peer_spec())
names = reg[f"name_{lang}"]
own_label = t("owndata.source_label", lang)
ss = st.session_state
stored = owndata_cache.store()

st.title(t("owndata.title", lang))
st.badge(t("owndata.badge", lang), icon=":material/upload_file:", color="orange")
st.caption(t("owndata.intro", lang))
with st.container():  # shown once; its own container keeps the page below in place when it goes
    for kind, text in ss.pop("owndata_flash", []):
        getattr(st, kind)(text)

# 1.–3. Upload and read the file, map its columns, check and accept.
upload, table = views.upload_file(stored, lang)
if upload is not None and table is not None:
    fid, done = views.file_preview(upload, table, lang)
    views.mapping_form(table, fid, done, snap.municipalities, lang)
    views.check_result(fid, stored, lang)

# 4. The own indicators of this session.
st.divider()
st.header(t("owndata.stored_title", lang))
collection = owndata_cache.collection()
for message in collection.messages:
    st.warning(own_store.safe_text(message, lang), icon=":material/warning:")
if collection.empty:
    st.info(t("owndata.none_stored", lang), icon=":material/info:")
    st.stop()
ids, ind_names = views.stored_list(collection, stored, lang)

# 5. One own indicator against the peers who have it.
st.divider()
if ss.get("owndata_indicator") not in ids:
    ss["owndata_indicator"] = ids[0]
chosen = str(
    bound(
        st.selectbox,
        t("owndata.pick_indicator", lang),
        "owndata_indicator",
        options=ids,
        format_func=lambda i: f"{ind_names[i]} · {own_label}",
    )
)
members = list(group.members)
own = views.comparison(collection, chosen, code, members, names, snap.municipalities, lang)

# 6. Projection to 2030, like any other series.
views.projection(own, collection.indicator(chosen), names[code], HORIZON, lang)
