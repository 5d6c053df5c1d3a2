"""Population scenarios: presets and own scenarios with live levers, outcomes, economy sketch and comparison."""

from __future__ import annotations

import streamlit as st

from foresight import scenario as sc
from foresight.i18n import t
from foresight.scenario import display
from foresight.scenario.display import CURRENT
from foresight.ui import loaders, scenario_compare, scenario_levers, scenario_outcomes, scenario_own, state
from foresight.ui import scenario_cache as cache
from foresight.ui.scenario_levers import load
from foresight.ui.sidebar import peer_group
from foresight.ui.state import bound

lang, code = state.lang(), state.municipality()
group = peer_group(code, state.peer_spec())
names = loaders.register()[f"name_{lang}"]
name = str(names.get(code, code))
ss = st.session_state

STORYLINES = [p for p in sc.PRESET_IDS if p != "baseline"]
VIEWS = ("build", "compare")
own = scenario_own.own_scenarios()


def scenario_of(option: str) -> sc.Scenario:
    return sc.PRESETS[option] if option in sc.PRESETS else own[option]


# --- The link: read once per session, written back on every run -------------------------------------------------
edition_raw = st.query_params.get("sc_ed")
view_raw = st.query_params.get("sc_v")
first_visit = not ss.get("_scenario_link_read")
link_messages: list[str] = []
if first_visit:
    ss["_scenario_link_read"] = True
    if edition_raw is not None:
        if edition_raw in sc.EDITIONS:
            ss["scenario_edition"] = edition_raw
        else:
            link_messages.append(t("scenario.message.unknown_edition", lang, value=str(edition_raw)[:40]))
    if view_raw is not None:
        if view_raw in VIEWS:
            ss["scenario_view"] = view_raw
        else:
            link_messages.append(t("scenario.message.unknown_view", lang))

st.title(t("scenario.heading", lang, name=name))
st.caption(t("scenario.intro", lang))
notices = st.container()  # everything the link said, together under the title
for text in link_messages:
    notices.warning(text, icon=":material/warning:")

top = st.columns([3, 2])
with top[1]:
    edition = bound(
        st.radio,
        t("scenario.edition", lang),
        "scenario_edition",
        "2024",
        options=list(sc.EDITIONS),
        format_func=lambda e: t(f"scenario.edition.short.{e}", lang),
        horizontal=True,
        help=t("scenario.edition.help", lang),
    )
base = cache.baseline(edition)
base_year = base.base_year
if code not in set(base.codes.tolist()):
    st.info(t("scenario.message.no_projection", lang, name=name), icon=":material/info:")
    st.stop()

if first_visit:
    linked, messages = sc.from_link(dict(st.query_params), base_year)
    with notices:
        scenario_levers.say(messages, lang)
    if linked is not None:
        if linked.preset and linked.levers == sc.validate(sc.PRESETS[linked.preset].levers, base_year)[0]:
            load(linked.preset, sc.PRESETS[linked.preset])
        else:
            saved = linked.as_own(display.linked_title(linked, lang), display.description(linked, lang))
            load(scenario_own.add_own(saved), linked)

flash = ss.pop("scenario_flash", None)
with st.container():  # shown once; its own container keeps the page below in place when it goes
    if flash:
        st.success(flash, icon=":material/check_circle:")

with top[0]:
    view = bound(
        st.radio,
        t("scenario.view", lang),
        "scenario_view",
        "build",
        options=list(VIEWS),
        format_func=lambda v: t(f"scenario.view.{v}", lang),
        horizontal=True,
    )

rates, rate_year = cache.employment_rates()
ctx = scenario_levers.Context(lang, code, name, edition, base_year, rate_year, code in rates.index)
population_now = float(base.subset([code]).population[0, 0].sum())

# --- Build: pick a scenario and move its levers ----------------------------------------------------------------
options = [*sc.PRESET_IDS, *own]
if ss.get("scenario_pick") not in options:
    ss["scenario_pick"] = "baseline"
pick: str = ss["scenario_pick"]
if ss.get("scenario_loaded") != pick:
    load(pick, scenario_of(pick))
template = scenario_of(pick)

if view == "build":
    pick = bound(
        st.selectbox,
        t("scenario.pick", lang),
        "scenario_pick",
        options=options,
        format_func=lambda o: display.label(o, own, lang),
        help=t("scenario.pick.help", lang),
    )
    if ss.get("scenario_loaded") != pick:
        load(pick, scenario_of(pick))
    template = scenario_of(pick)
    scenario_levers.template_card(template, lang)

    st.header(t("scenario.levers", lang))
    st.caption(t("scenario.levers.intro", lang, year=base_year))
    # With a storyline only: in a container of its own, the levers and results below keep their place (and folds
    # stay open).
    with st.container():
        if pick in sc.PRESETS and template.changed():
            # A storyline's levers said in words, so none of them hides in a folded section.
            st.info(
                t(
                    "scenario.storyline_sets",
                    lang,
                    name=sc.display_name(template, lang),
                    levers=display.summary(template, lang),
                ),
                icon=":material/auto_stories:",
            )
    values = scenario_levers.lever_panel(ctx, pick, template, population_now)
    current, lever_messages = template.with_levers(values, base_year)
    scenario_levers.say(lever_messages, lang)
    modified = pick in sc.PRESETS and current.levers != sc.validate(template.levers, base_year)[0]
    if pick in own and current.levers != own[pick].levers:
        own[pick] = current  # own scenarios are saved as they are edited
    if modified:
        current = current.as_own(display.modified_name(template, lang))
    with st.container():  # comes with the first edit and goes on reset: the results below keep their place
        if modified:
            st.info(t("scenario.modified.note", lang), icon=":material/edit:")
else:
    levers = {lever.id: ss.get(scenario_levers.lever_key(lever.id), lever.default) for lever in sc.LEVERS}
    current, _ = template.with_levers(levers, base_year)
    modified = pick in sc.PRESETS and current.levers != sc.validate(template.levers, base_year)[0]
    if modified:
        current = current.as_own(display.modified_name(template, lang))

current_name = sc.display_name(current, lang)

# The link carries the scenario on screen, the edition and the view.
wanted = {**sc.to_link(current), "sc_ed": edition, "sc_v": view}
for key in [k for k in st.query_params if k.startswith(sc.LINK_PREFIX) and k not in wanted]:
    del st.query_params[key]
for key, value in wanted.items():
    state.set_param(key, value)

# --- Build: the outcomes of the scenario on screen -------------------------------------------------------------
if view == "build":
    item = cache.spec(CURRENT, current)
    scenario_outcomes.outcomes(ctx, item, current_name)
    scenario_outcomes.economy(ctx, item)
    scenario_outcomes.download(
        ctx,
        (item,),
        {"baseline": t("scenario.compare.baseline", lang), CURRENT: current_name},
        f"kuntaluotain_skenaario_{code}_{display.stem(current_name)}",
        "dl_scenario",
    )
    scenario_own.manage(ctx, current, current_name, pick)
    scenario_outcomes.method(ctx)

# --- Compare: up to four scenarios against the baseline -------------------------------------------------------
if view == "compare":
    compare_options = [*STORYLINES, *own]
    if modified:
        compare_options.append(CURRENT)
    preselected = [*STORYLINES, *([pick] if pick in own else [])][: sc.compare.MAX_SCENARIOS]
    ss["scenario_compare"] = [o for o in ss.get("scenario_compare", preselected) if o in compare_options]
    chosen: list[str] = bound(
        st.multiselect,
        t("scenario.compare.pick", lang, max=sc.compare.MAX_SCENARIOS),
        "scenario_compare",
        preselected,
        options=compare_options,
        format_func=lambda o: current_name if o == CURRENT else display.label(o, own, lang),
        max_selections=sc.compare.MAX_SCENARIOS,
        help=t("scenario.compare.pick.help", lang),
        placeholder=t("widget.choose", lang),
        select_all=False,
    )
    st.caption(t("scenario.compare.intro", lang))
    chosen = [o for o in chosen if o in compare_options][: sc.compare.MAX_SCENARIOS]
    scenarios, labels = display.compare_labels(chosen, current, current_name, own, lang)
    scenario_compare.compare(ctx, scenarios, labels, group)
