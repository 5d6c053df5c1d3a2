"""Own scenarios: their store in the session and the panel that saves, renames, deletes, downloads and
uploads them."""

from __future__ import annotations

import streamlit as st

from foresight import scenario as sc
from foresight.i18n import t
from foresight.scenario import display
from foresight.ui import uploader
from foresight.ui.scenario_levers import Context, load

OWN = "own"  # own scenarios live in ss["scenario_own"]: {id: Scenario}, ids "own1", "own2", …


def own_scenarios() -> dict[str, sc.Scenario]:
    ss = st.session_state
    ss.setdefault("scenario_own", {})
    ss.setdefault("scenario_next", 1)
    return ss["scenario_own"]  # type: ignore[no-any-return]


def add_own(scenario: sc.Scenario) -> str:
    """Store an own scenario; returns its id."""
    ss = st.session_state
    new_id = f"{OWN}{ss['scenario_next']}"
    ss["scenario_next"] += 1
    own_scenarios()[new_id] = scenario
    return new_id


def _save_as_new(current: sc.Scenario, current_name: str, lang: str) -> None:
    ss = st.session_state
    title = str(ss.get("scenario_new_name", "")).strip() or current_name
    note = str(ss.get("scenario_new_description", "")).strip()
    own = own_scenarios()
    new_id = add_own(current.as_own(title, note))
    load(new_id, own[new_id])
    ss["scenario_new_name"] = ""
    ss["scenario_new_description"] = ""
    ss["scenario_flash"] = t("scenario.saved", lang, name=own[new_id].name)


def _rename(option: str) -> None:
    ss = st.session_state
    title = str(ss.get(f"scenario_rename_{option}", "")).strip()
    note = str(ss.get(f"scenario_redescribe_{option}", "")).strip()
    own = own_scenarios()
    if option in own:
        own[option] = sc.Scenario(name=title or own[option].name, description=note, levers=own[option].levers)


def _delete(option: str, lang: str) -> None:
    removed = own_scenarios().pop(option, None)
    load("baseline", sc.PRESETS["baseline"])
    if removed is not None:
        st.session_state["scenario_flash"] = t("scenario.deleted", lang, name=removed.name)


def _upload(ctx: Context) -> None:
    """A scenario file: stored as an own scenario and picked, or its errors said with nothing lost."""
    ss = st.session_state
    upload_key = f"scenario_upload_{ss.get('scenario_upload_n', 0)}"
    uploaded = uploader.file_uploader(
        t("scenario.upload", ctx.lang),
        key=upload_key,
        types=["json"],
        limit_bytes=sc.scenario.MAX_JSON_BYTES,
        lang=ctx.lang,
        help=t("scenario.upload.help", ctx.lang),
    )
    if uploaded is None:
        return
    parsed, messages = sc.from_json(uploaded.getvalue(), ctx.base_year)
    if parsed is None:
        for message in messages:
            st.error(sc.render(message, ctx.lang), icon=":material/error:")
        st.caption(t("scenario.upload.nothing_lost", ctx.lang))
        return
    own = own_scenarios()
    new_id = add_own(parsed.as_own(sc.display_name(parsed, ctx.lang), display.description(parsed, ctx.lang)))
    load(new_id, own[new_id])
    notes = " ".join(sc.render(m, ctx.lang) for m in messages)
    ss["scenario_flash"] = t("scenario.uploaded", ctx.lang, name=own[new_id].name) + (
        f" {notes}" if notes else ""
    )
    ss["scenario_upload_n"] = ss.get("scenario_upload_n", 0) + 1
    st.rerun()


def _edit_own(pick: str, lang: str) -> None:
    """Rename, describe or delete the own scenario on screen."""
    ss, own = st.session_state, own_scenarios()
    with st.expander(t("scenario.edit_own", lang, name=own[pick].name)):
        ss[f"scenario_rename_{pick}"] = ss.get(f"scenario_rename_{pick}", own[pick].name)
        ss[f"scenario_redescribe_{pick}"] = ss.get(f"scenario_redescribe_{pick}", own[pick].description)
        st.text_input(
            t("scenario.name", lang),
            key=f"scenario_rename_{pick}",
            max_chars=sc.scenario.MAX_NAME,
            on_change=_rename,
            args=(pick,),
        )
        st.text_area(
            t("scenario.description", lang),
            key=f"scenario_redescribe_{pick}",
            max_chars=sc.scenario.MAX_DESCRIPTION,
            on_change=_rename,
            args=(pick,),
            height=68,
        )
        st.button(
            t("scenario.delete", lang, name=own[pick].name),
            key="scenario_delete",
            on_click=_delete,
            args=(pick, lang),
            icon=":material/delete:",
        )


def manage(ctx: Context, current: sc.Scenario, current_name: str, pick: str) -> None:
    """Save, rename, delete, download and upload scenarios."""
    lang = ctx.lang
    st.header(t("scenario.manage", lang))
    cols = st.columns([3, 2])
    with cols[0]:
        st.text_input(
            t("scenario.new_name", lang),
            key="scenario_new_name",
            max_chars=sc.scenario.MAX_NAME,
            placeholder=current_name,
        )
        st.text_area(
            t("scenario.new_description", lang),
            key="scenario_new_description",
            max_chars=sc.scenario.MAX_DESCRIPTION,
            height=68,
        )
        st.button(
            t("scenario.save_new", lang),
            key="scenario_save",
            on_click=_save_as_new,
            args=(current, current_name, lang),
            type="primary",
            icon=":material/bookmark_add:",
        )
    with cols[1]:
        st.download_button(
            t("scenario.download_json", lang),
            data=current.to_json().encode("utf-8"),
            file_name=f"skenaario_{display.stem(current_name)}.json",
            mime="application/json",
            key="scenario_json",
            on_click="ignore",
            icon=":material/download:",
        )
        st.caption(t("scenario.share", lang))
        _upload(ctx)
    own = own_scenarios()
    with st.container():  # only with own scenarios: the fold below keeps its place and stays open
        if pick in own:
            _edit_own(pick, lang)
        if own:
            st.caption(
                t("scenario.own_list", lang, n=len(own), names=", ".join(s.name for s in own.values()))
            )
