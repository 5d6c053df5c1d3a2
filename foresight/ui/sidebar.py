"""The shared sidebar: municipality, language and peer group, kept in session state and the URL."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from foresight import format as fmt
from foresight import peers
from foresight.columns import LANGUAGES
from foresight.i18n import LANGUAGE_NAMES, t
from foresight.ui import loaders, sliders, state
from foresight.ui.state import bound


@st.cache_data(show_spinner=False)
def _labels(lang: str) -> dict[str, str]:
    """Option labels 'Helsinki – Helsingfors', sorted by the name in the chosen language."""
    reg = loaders.register()
    first = "name_sv" if lang == "sv" else "name_fi"
    second = "name_fi" if lang == "sv" else "name_sv"
    labels = {}
    for code, row in reg.sort_values(first, key=lambda s: s.str.lower()).iterrows():
        a, b = row[first], row[second]
        labels[str(code)] = a if a == b else f"{a} – {b}"
    return labels


def municipality_picker(lang: str) -> None:
    """A type-to-search select box of the 308 municipalities."""
    labels = _labels(lang)
    bound(
        st.selectbox,
        t("sidebar.municipality", lang),
        "municipality",
        options=list(labels),
        format_func=labels.__getitem__,
        help=t("sidebar.municipality_help", lang),
    )


def language_picker() -> None:
    """fi / sv / en."""
    bound(
        st.radio,
        t("sidebar.language", state.lang()),
        "lang",
        options=list(LANGUAGES),
        format_func=LANGUAGE_NAMES.__getitem__,
        horizontal=True,
    )


def _season_labels(lang: str) -> tuple[dict[str, str], str]:
    """Short option labels ("USO4 · 2017–2018 · 29 kuntaa", narrow enough for the sidebar at 1280 px) and
    a help text that says which member lists are complete."""
    groups = loaders.snapshot().network_groups
    out, items = {}, []
    for gid, part in groups.groupby("group_id", sort=True):
        status = t("peers.season_complete" if bool(part["complete"].all()) else "peers.season_partial", lang)
        period = fmt.year_range(str(part["period"].iloc[0]))
        out[str(gid)] = t("peers.season_label", lang, season=gid, period=period, n=len(part))
        items.append(t("peers.season_help_item", lang, season=gid, status=status))
    return out, t("peers.season_help", lang, items="; ".join(items))


def peer_picker(lang: str) -> peers.PeerSpec:
    """Peer-group controls; returns the spec they describe."""
    ss = st.session_state
    st.subheader(t("peers.heading", lang))
    bound(
        st.selectbox,
        t("peers.kind", lang),
        "peer_kind",
        options=list(peers.KINDS),
        format_func=lambda k: t(f"peers.kind.{k}", lang),
    )
    kind = ss["peer_kind"]
    if kind == "network":
        seasons, season_help = _season_labels(lang)
        if ss.get("peer_season") not in seasons:
            ss["peer_season"] = peers.default_season(loaders.snapshot().network_groups)
        bound(
            st.selectbox,
            t("peers.season", lang),
            "peer_season",
            options=list(seasons),
            format_func=seasons.__getitem__,
            help=season_help,
        )
    elif kind == "similar":
        bound(st.slider, t("peers.k", lang), "peer_k", min_value=1, max_value=peers.MAX_K)
        with st.expander(t("peers.weights", lang)):
            st.caption(t("peers.weights_help", lang))
            for name in peers.DEFAULT_WEIGHTS:
                sliders.number_slider(
                    t(f"feature.{name}", lang),
                    state.WEIGHT_KEY + name,
                    peers.DEFAULT_WEIGHTS[name],
                    low=0.0,
                    high=peers.MAX_WEIGHT,
                    step=0.5,
                    lang=lang,
                )
            st.button(t("peers.reset_weights", lang), on_click=_reset_weights, key="peer_reset")
    elif kind == "custom":
        labels = _labels(lang)
        bound(
            st.multiselect,
            t("peers.custom", lang),
            "peer_custom",
            options=list(labels),
            format_func=labels.__getitem__,
            max_selections=peers.MAX_CUSTOM,
            placeholder=t("widget.choose", lang),
            select_all=False,
        )
        bound(st.text_input, t("peers.group_name", lang), "peer_name", max_chars=peers.MAX_NAME)
    return state.peer_spec()


def follow_default_peers(code: str) -> None:
    """When the municipality changes and the user kept its default peer group, open the new one's default."""
    ss = st.session_state
    ss.pop(FOLLOWED, None)  # said once, on the run that changed the group
    previous = ss.get("_peers_default_for")
    ss["_peers_default_for"] = code
    if previous is None or previous == code:
        return
    groups = loaders.snapshot().network_groups
    old = peers.default_spec(previous, groups)
    if peers.spec_key(state.peer_spec()) == peers.spec_key(old):
        new = peers.default_spec(code, groups)
        state.set_peer_spec(new)
        # The group changing under the user's hand is said on the page (widgets.peer_notes), not left silent.
        if (new.kind, new.season) != (old.kind, old.season):
            ss[FOLLOWED] = (code, new.kind, new.season)


FOLLOWED = "_peers_followed"


def followed_note(code: str, lang: str) -> str | None:
    """The sentence saying that changing the municipality changed its default peer group, on that run only."""
    found = st.session_state.get(FOLLOWED)
    if not found or found[0] != code:
        return None
    _, kind, season = found
    name = loaders.register().loc[code, f"name_{lang}"]
    if kind == "network":
        return t("peers.note_followed_network", lang, name=name, season=season)
    return t("peers.note_followed", lang, name=name, group=t(f"peers.kind.{kind}", lang))


def peer_switch(lang: str) -> None:
    """The peer group's kind on the page itself (the sidebar is behind a » on a phone): the common choices."""
    ss = st.session_state
    widget_key = f"{state.WIDGET}peer_kind_page_{lang}"
    current = ss.get("peer_kind")
    ss[widget_key] = current if current in QUICK_KINDS else None  # a rarer kind: none of these is lit

    def chosen() -> None:
        if ss.get(widget_key) is not None:  # tapping the lit one again keeps the group
            ss["peer_kind"] = ss[widget_key]

    st.segmented_control(
        t("peers.kind", lang),
        options=list(QUICK_KINDS),
        format_func=lambda k: t(f"peers.kind.{k}", lang),
        key=widget_key,
        on_change=chosen,
    )


QUICK_KINDS = peers.QUICK_KINDS


def _reset_weights() -> None:
    for name, weight in peers.DEFAULT_WEIGHTS.items():
        st.session_state[state.WEIGHT_KEY + name] = weight


@st.cache_data(show_spinner=False, max_entries=512)
def _resolve(code: str, key: tuple[Any, ...]) -> peers.PeerGroup:
    kind, season, k, weights, codes, name = key
    spec = peers.PeerSpec(kind=kind, season=season, k=k, weights=dict(weights), codes=codes, name=name)
    snap = loaders.snapshot()
    feats = loaders.features() if kind == "similar" else None
    return peers.resolve(code, spec, snap.municipalities, snap.network_groups, feats)


def peer_group(code: str, spec: peers.PeerSpec) -> peers.PeerGroup:
    """The resolved peer group for the municipality (cached per spec)."""
    return _resolve(code, peers.spec_key(spec))


def render() -> tuple[str, str, peers.PeerGroup]:
    """Draw the shared sidebar's pickers (language, municipality, peer group), which come before the page menu:
    the municipality is the choice made most, and below sixteen page links it was off the first screen.
    Returns (language, municipality code, peer group) and keeps the URL in step."""
    with st.sidebar:
        language_picker()
        lang = state.lang()
        municipality_picker(lang)
        follow_default_peers(state.municipality())
        spec = peer_picker(lang)
        code = state.municipality()
        group = peer_group(code, spec)
        st.caption(t("peers.members", lang, n=len(group.members)))
    state.sync_url(group.spec)
    return lang, code, group


def render_settings(lang: str) -> None:
    """Below the page menu: projector mode (kept in the URL by render's sync_url) and where the link is."""
    with st.sidebar:
        bound(
            st.toggle,
            t("sidebar.projector", lang),
            "projector",
            False,
            help=t("sidebar.projector_help", lang),
        )
        st.caption(t("sidebar.share", lang))


ROOM_LANGUAGE_KEY = "room_lang"
ROOM_DRAWN_KEY = "room_lang_drawn"  # this session has drawn the switch
# Each language's name is marked as written in that language, so that a screen reader says "Svenska" with a
# Swedish voice on a Finnish page (WCAG 2.1 3.1.2); an observer marks the buttons again whenever Streamlit
# redraws them.
# The bar and its 5px focus ring clear Streamlit's fixed 3.75rem header (the page's top padding is less: it hid the
# buttons' top edge and focus ring); this element's own slot takes no room.
_MARK_NAMES = (
    "<style id='kl-room-lang'>[data-testid=stElementContainer]:has(#kl-room-lang){display:none}"
    ".st-key-room_lang_bar{margin-top:1.1rem}</style>"
    "<script>(()=>{if(window.klRoomLang)return;window.klRoomLang=1;const names=%s;"
    "const mark=()=>document.querySelectorAll('.st-key-%s button').forEach(b=>{"
    "const l=names[b.innerText.trim()];if(l&&b.getAttribute('lang')!==l)b.setAttribute('lang',l)});"
    "mark();new MutationObserver(mark).observe(document.body,{childList:true,subtree:true})})();</script>"
)


def language_switch() -> None:
    """Suomi / Svenska / English at the top of a participant's page (join, answer), not only in the sidebar:
    on a phone the sidebar is folded behind a », and a Swedish speaker opening the QR link sees Finnish.

    A radio group of the three names, each in its own language: one Tab stop, arrows move within, Space or
    Enter takes one. A choice reruns the page in the same session and writes lang to the URL, so the join
    code, the seat, the ranking, the picks and typed text stay. An unsent choice in a form stays when its shown
    words are the same in every language (Streamlit 1.67 holds it in the browser as those words; the survey's
    scale, age groups and areas are, pages/answer.py). The label names the choice in all three languages
    (read by screen readers; the names say it to the eye).
    """
    ss = st.session_state
    # Streamlit calls on_change only for a widget this session has drawn: after a reconnect to a new app
    # process (a restart, a failover) the page's first tap on the switch reaches a session that has not, and
    # the tap was lost (the URL's language written over it). So this session's first draw takes the browser's
    # choice itself; a freshly opened page sends none and gets the URL's.
    first = ROOM_DRAWN_KEY not in ss
    if not first:
        ss[ROOM_LANGUAGE_KEY] = state.lang()  # follows the sidebar's radio too

    def chosen() -> None:
        if ss.get(ROOM_LANGUAGE_KEY) in LANGUAGES:  # tapping the lit one again keeps the language
            ss["lang"] = ss[ROOM_LANGUAGE_KEY]

    with st.container(horizontal=True, horizontal_alignment="right", key="room_lang_bar"):
        picked = st.segmented_control(
            " · ".join(t("sidebar.language", other) for other in LANGUAGES),
            options=list(LANGUAGES),
            format_func=LANGUAGE_NAMES.__getitem__,
            default=state.lang() if first else None,
            key=ROOM_LANGUAGE_KEY,
            on_change=chosen,
            label_visibility="collapsed",
            width="content",
        )
    if first:
        ss[ROOM_DRAWN_KEY] = True
        if picked in LANGUAGES and picked != state.lang():
            ss["lang"] = picked
            st.rerun()  # the whole page (and the sidebar drawn above) in the tapped language
    names = {name: code for code, name in LANGUAGE_NAMES.items()}
    st.html(_MARK_NAMES % (json.dumps(names), ROOM_LANGUAGE_KEY), unsafe_allow_javascript=True)


def render_room(on_page: bool = False) -> str:
    """The sidebar of the workshop room's pages (phones, the wall): the language only, kept in the URL.

    A participant has no municipality or peer group to choose, and leaving them out makes each of the
    room's page runs about a third cheaper for the server (fifty phones rerun together on a step change).
    With `on_page` the language is also chosen at the top of the page itself (a participant's phone).
    """
    with st.sidebar:
        language_picker()
    if on_page:
        language_switch()
    lang = state.lang()
    state.set_param("lang", lang)
    return lang
