"""The facilitator's seat (pages/workshop.py): create or reopen a workshop, its title and new key, the join
code with its QR and a short reopen code, and leaving."""

from __future__ import annotations

from functools import partial
from typing import Any

import streamlit as st

from foresight.i18n import t
from foresight.ui import loaders, state, widgets, workshop_access, workshop_text
from foresight.ui import seat as seat_cookie
from foresight.workshop import plan, qr, security, service
from foresight.workshop.models import ADDED_KINDS, STEP_KINDS, Workshop
from foresight.workshop.security import LIMITS, escape_markdown

ss = st.session_state


def take_seat(ws: Workshop, key: str) -> None:
    """This session steers the workshop."""
    ss["workshop_fac"] = {"id": ws.id, "code": ws.join_code, "key": key}
    ss["workshop_remember"] = True  # the cookie is written on the next render: a rerun drops this one's
    ss.pop("workshop_left", None)


def create_form(eng: Any, code: str, lang: str) -> None:
    """The new workshop's title, municipality, peers, steps, indicators and scenarios; creating takes the seat."""
    from foresight import scenario

    reg, cat = loaders.register(), loaders.catalogue()
    with st.form("workshop_create"):
        title = st.text_input(
            t("workshop.create.title", lang),
            value=t("workshop.create.default_title", lang, name=widgets.name(code, lang)),
            max_chars=LIMITS["title"],
            key="workshop_title",
        )
        codes = list(reg.sort_values(f"name_{lang}").index)
        municipality = st.selectbox(
            t("workshop.create.municipality", lang),
            codes,
            index=codes.index(code),
            format_func=lambda c: widgets.name(c, lang),
            key="workshop_municipality",
        )
        current, groups = state.peer_spec(), loaders.snapshot().network_groups
        choices = plan.peer_choices(current, groups)
        peer_text = st.selectbox(
            t("workshop.create.peers", lang),
            choices,
            index=plan.peer_index(current, groups),
            format_func=lambda text: workshop_text.peer_choice_label(text, code, lang),
            help=t("workshop.create.peers_help", lang),
            key="workshop_peers",
        )
        kinds = st.multiselect(
            t("workshop.create.steps", lang),
            [k for k in STEP_KINDS if k not in ADDED_KINDS],
            default=list(plan.DEFAULT_KINDS),
            format_func=lambda k: workshop_text.kind_label(k, lang),
            help=t("workshop.create.steps_help", lang),
            key="workshop_kinds",
            placeholder=t("widget.choose", lang),
            select_all=False,
        )
        ids = list(cat.sort_values(["theme", "order"]).index) if "order" in cat else list(cat.index)
        indicators = st.multiselect(
            t("workshop.create.indicators", lang),
            ids,
            default=list(plan.DEFAULT_INDICATORS),
            max_selections=6,
            format_func=lambda i: (
                f"{t('theme.' + str(cat.loc[i, 'theme']), lang)} · {cat.loc[i, f'name_{lang}']}"
            ),
            help=t("workshop.create.indicators_help", lang),
            key="workshop_indicators",
            placeholder=t("widget.choose", lang),
            select_all=False,
        )
        rank_what = st.radio(
            t("workshop.create.rank", lang),
            ["themes", "indicators"],
            format_func=lambda k: t(f"workshop.create.rank.{k}", lang),
            horizontal=True,
            key="workshop_rank",
        )
        presets = st.multiselect(
            t("workshop.create.presets", lang),
            [p for p in scenario.PRESET_IDS if p != "baseline"],
            default=[p for p in scenario.PRESET_IDS if p != "baseline"],
            format_func=lambda p: t(f"scenario.preset.{p}.name", lang),
            key="workshop_presets",
            placeholder=t("widget.choose", lang),
            select_all=False,
        )
        if st.form_submit_button(t("workshop.create.submit", lang), type="primary"):
            steps = plan.build_steps(
                kinds,
                indicators or plan.DEFAULT_INDICATORS,
                rank_indicators=rank_what == "indicators",
                presets=presets,
                labels={i: str(cat.loc[i, f"name_{lang}"]) for i in indicators},
            )
            if not steps:
                st.error(t("workshop.error.no_steps", lang), icon=":material/error:")
            else:
                created = workshop_access.call(
                    lambda: service.create_workshop(eng, title, municipality, peer_text, steps), lang
                )
                if created is not None:
                    take_seat(created.workshop, created.facilitator_key)
                    ss["workshop_new_key"] = created.facilitator_key
                    st.rerun()


def reopen_form(eng: Any, lang: str) -> None:
    """Back in with the join code and the key (or the short reopen code)."""
    with st.form("workshop_reopen"):
        reopen_code = st.text_input(t("workshop.join.code", lang), max_chars=20, key="workshop_reopen_code")
        reopen_key = st.text_input(
            t("workshop.reopen.secret", lang),
            type="password",
            max_chars=100,
            help=t("workshop.reopen.secret_help", lang),
            key="workshop_reopen_key",
        )
        if st.form_submit_button(t("workshop.reopen.submit", lang)):
            reopened = workshop_access.call(partial(service.reopen_seat, eng, reopen_code, reopen_key), lang)
            if reopened is not None:
                take_seat(*reopened)
                st.rerun()


def header(ws: Workshop, key: str, lang: str) -> None:
    """Title and municipality, in two short lines: the steering follows them on the first screen."""
    reg = loaders.register()
    st.header(escape_markdown(ws.title))
    st.caption(
        t(
            "workshop.panel.meta",
            lang,
            name=widgets.name(ws.municipality, lang) if ws.municipality in reg.index else ws.municipality,
            peers=workshop_text.peer_label(ws.peer_spec, ws.municipality, lang),
        )
    )
    with st.container():  # written once; its own container keeps the panel below in place when it goes
        if ss.pop("workshop_remember", False):
            seat_cookie.remember_facilitator(ws.join_code, key)


def new_key(lang: str) -> None:
    """The new key once, behind a toggle (this screen may be mirrored on the wall), until 'I have saved it'."""
    new_key = ss.get("workshop_new_key")
    if new_key:
        st.warning(t("workshop.create.done", lang), icon=":material/key:")
        if st.toggle(t("workshop.key.show", lang), key="workshop_key_show"):
            st.code(new_key, language=None)
        st.caption(t("workshop.key.help", lang))
        if st.button(t("workshop.key.saved", lang), key="workshop_key_saved"):
            ss.pop("workshop_new_key", None)
            st.rerun()


def local_link_notice(url: str, lang: str) -> None:
    """When the join link points at this computer itself, say so in plain words (phones cannot open it; the IT
    support can give the app a public address); the host and the setting's name only in a folded box for the
    administrator."""
    host = qr.local_host(url)
    if host is None:
        return
    st.warning(t("workshop.qr.local", lang), icon=":material/wifi_off:")
    with st.expander(t("workshop.qr.local.admin", lang), icon=":material/settings:"):
        st.caption(t("workshop.qr.localhost", lang, host=host))


def join_block(eng: Any, ws: Workshop, key: str, lang: str) -> None:
    """The QR code with the join link, the presentation link, a short reopen code and the Leave button (the join
    code itself is in the steering's live row)."""
    url = workshop_access.join_url(ws.join_code, lang)
    left, right = st.columns([3, 2])
    with right:
        st.image(
            qr.svg(url, scale=8),
            caption=t("workshop.qr.caption", lang),
            width=260,
            alt=t("a11y.qr_alt", lang, url=url),
        )
    with left:
        st.markdown(t("workshop.code.help", lang, url=url, code=ws.join_code))
        local_link_notice(url, lang)
        st.page_link(
            "pages/present.py",
            label=t("workshop.present.open", lang),
            icon=":material/slideshow:",
            query_params={"ws": ws.join_code},
        )
        with st.expander(t("workshop.reopen.code.heading", lang), icon=":material/password:"):
            st.caption(t("workshop.reopen.code.help", lang))
            if st.button(t("workshop.reopen.code.make", lang), key="workshop_reopen_make"):
                ss["workshop_short_code"] = workshop_access.call(
                    partial(service.new_reopen_code, eng, ws.id, key), lang
                )
            short_code = ss.get("workshop_short_code")
            if short_code:
                st.warning(t("workshop.reopen.code.warning", lang), icon=":material/warning:")
                if st.toggle(t("workshop.reopen.code.show", lang), key="workshop_short_show"):
                    st.code(security.spaced(short_code), language=None)
        if st.button(t("workshop.leave", lang), key="workshop_leave", icon=":material/logout:"):
            ss.pop("workshop_fac", None)
            ss.pop("workshop_new_key", None)
            ss.pop("workshop_short_code", None)
            ss["workshop_forget"] = ss["workshop_left"] = (
                True  # this session's cookies stay as they were read
            )
            st.rerun()
