"""Session state initialised in one place, read from and written back to the URL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from foresight import peers
from foresight.columns import DEFAULT_LANGUAGE, LANGUAGES
from foresight.ui import loaders

DEFAULT_MUNICIPALITY = "091"  # Helsinki: the largest municipality, data for every indicator
MAX_PARAM = 40  # longer query values are tampering; we never echo more than this
PEER_PARAMS = ("peers", "season", "k", "w", "custom", "group_name")
WEIGHT_KEY = "peer_w_"


def _param(name: str) -> str | None:
    value = st.query_params.get(name)
    return None if value is None else str(value)


def init() -> None:
    """Fill session state from the URL on a session's first run; bad values fall back with a notice."""
    ss = st.session_state
    if ss.get("_ready"):
        return
    notices: list[tuple[str, dict[str, Any]]] = []
    raw_lang = _param("lang")
    lang = raw_lang if raw_lang in LANGUAGES else DEFAULT_LANGUAGE
    if raw_lang is not None and raw_lang not in LANGUAGES:
        notices.append(("msg.unknown_language", {"value": raw_lang[:MAX_PARAM]}))
    raw_code = _param("municipality")
    register = loaders.register()
    code = raw_code if raw_code in register.index else DEFAULT_MUNICIPALITY
    if raw_code is not None and raw_code not in register.index:
        default = register.loc[DEFAULT_MUNICIPALITY, f"name_{lang}"]
        notices.append(("msg.unknown_municipality", {"value": raw_code[:MAX_PARAM], "default": default}))
    params = {name: str(st.query_params[name]) for name in PEER_PARAMS if name in st.query_params}
    if params:
        spec, notes = peers.from_query(params)
    else:
        spec, notes = peers.default_spec(str(code), loaders.snapshot().network_groups), ()
    notices.extend((note, {}) for note in notes)
    dropped = [c for c in spec.codes if c not in register.index]
    if dropped:  # the widgets only hold known codes, so say here which ones the link lost
        notices.append(("peers.note_unknown_codes", {}))
        codes = ", ".join(c[:MAX_PARAM] for c in dropped[:10])
        notices.append(("peers.note_unknown_codes_list", {"codes": codes}))
    ss["lang"] = lang
    ss["municipality"] = code
    ss["projector"] = _param("projector") == "1"
    set_peer_spec(spec)
    ss["_notices"] = notices
    ss["_ready"] = True


def set_peer_spec(spec: peers.PeerSpec) -> None:
    """Put a peer spec into the widgets' state keys."""
    ss = st.session_state
    ss["peer_kind"] = spec.kind
    ss["peer_season"] = spec.season
    ss["peer_k"] = min(max(int(spec.k), 1), peers.MAX_K)
    for name in peers.DEFAULT_WEIGHTS:
        weight = spec.weights.get(name, peers.DEFAULT_WEIGHTS[name])
        ss[WEIGHT_KEY + name] = float(min(max(weight, 0.0), peers.MAX_WEIGHT))
    register = loaders.register()
    ss["peer_custom"] = [c for c in spec.codes if c in register.index]
    ss["peer_name"] = spec.name


def peer_spec() -> peers.PeerSpec:
    """The peer spec the widgets currently describe."""
    ss = st.session_state
    weights = {name: float(ss.get(WEIGHT_KEY + name, w)) for name, w in peers.DEFAULT_WEIGHTS.items()}
    return peers.PeerSpec(
        kind=ss.get("peer_kind", "network"),
        season=ss.get("peer_season", ""),
        k=int(ss.get("peer_k", peers.DEFAULT_K)),
        weights=weights,
        codes=tuple(ss.get("peer_custom", ())),
        name=ss.get("peer_name", ""),
    )


def pop_notices() -> list[tuple[str, dict[str, Any]]]:
    """Notices from reading the link, shown once."""
    return st.session_state.pop("_notices", [])


def lang() -> str:
    """The chosen language."""
    return str(st.session_state.get("lang", DEFAULT_LANGUAGE))


def projector() -> bool:
    """Projector mode: compact header, larger text (kept in the URL as projector=1)."""
    return bool(st.session_state.get("projector", False))


def municipality() -> str:
    """The chosen municipality code."""
    return str(st.session_state.get("municipality", DEFAULT_MUNICIPALITY))


def sync_url(spec: peers.PeerSpec) -> None:
    """Write the shared view to the URL so that the link reopens it."""
    wanted = {"municipality": municipality(), "lang": lang(), **peers.to_query(spec)}
    if projector():
        wanted["projector"] = "1"
    elif "projector" in st.query_params:
        del st.query_params["projector"]
    for name in PEER_PARAMS:
        if name not in wanted and name in st.query_params:
            del st.query_params[name]
    for name, value in wanted.items():
        set_param(name, value)


def set_param(name: str, value: str) -> None:
    """Put a value in the URL, only when it differs (each write is a message to the browser)."""
    if st.query_params.get(name) != value:
        st.query_params[name] = value


def page_param(name: str, allowed: list[str] | tuple[str, ...], default: str) -> tuple[str, bool]:
    """A page's own URL value, checked against the allowed ones: (value, was_rejected)."""
    raw = _param(name)
    if raw is None:
        return default, False
    return (raw, False) if raw in allowed else (default, True)


WIDGET = "w_"  # widget keys; the values live under the plain key


def _copy(key: str, widget_key: str) -> None:
    st.session_state[key] = st.session_state[widget_key]


def bound(widget: Callable[..., Any], label: str, key: str, default: Any = None, **kwargs: Any) -> Any:
    """A widget whose value is kept under `key` in session state, across page switches and languages.

    Streamlit forgets a widget's own state on page switches, and keeps showing old option labels when only
    the language changes; so the widget key carries the language and the value lives under a plain key.
    """
    ss = st.session_state
    if key not in ss:
        ss[key] = default
    widget_key = f"{WIDGET}{key}_{lang()}"
    ss[widget_key] = ss[key]
    return widget(label, key=widget_key, on_change=_copy, args=(key, widget_key), **kwargs)
