"""The scenario page's shared context and its build panel: the levers' session keys, picking a scenario onto
the sliders, the picked scenario's card and the lever sliders."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from foresight import charts_scenario as charts
from foresight import scenario as sc
from foresight.i18n import t
from foresight.scenario import display
from foresight.ui import scenario_cache as cache
from foresight.ui import sliders, theme
from foresight.ui.state import bound

CHART = {"displaylogo": False}
MORE_OPEN = "scenario_more_migration_open"  # the folded migration section's open state
MORE_SETTING = "_scenario_more_migration_setting"  # its levers' values when it was last opened for them


@dataclass(frozen=True)
class Context:
    """What every part of the page shows for: language, municipality, edition and the data years."""

    lang: str
    code: str
    name: str  # the municipality's name in the language
    edition: str
    base_year: int
    rate_year: int | None
    has_rate: bool


def lever_key(lever_id: str) -> str:
    return f"scenario_lever_{lever_id}"


def load(option: str, scenario: sc.Scenario) -> None:
    """Pick a scenario and put its levers on the sliders."""
    ss = st.session_state
    ss["scenario_pick"] = option
    ss["scenario_loaded"] = option
    for lever_id, value in scenario.levers.items():
        ss[lever_key(lever_id)] = value


def say(messages: list[sc.Message], lang: str) -> None:
    for message in messages:
        st.warning(sc.render(message, lang), icon=":material/warning:")


def template_card(template: sc.Scenario, lang: str) -> None:
    """The picked scenario's name, description and assumptions in a box."""
    with st.container(border=True):
        heading = sc.display_name(template, lang)
        if template.interpretation:
            heading += f" :orange-badge[{t('scenario.interpretation', lang)}]"
        st.markdown(f"**{heading}**")
        description = display.description(template, lang)
        if description:
            st.markdown(description)
        if template.interpretation:
            st.caption(t("scenario.interpretation.help", lang))
        if template.assumption_keys:
            st.markdown(
                f"*{t('scenario.assumptions', lang)}*\n"
                + "\n".join(f"- {t(key, lang)}" for key in template.assumption_keys)
            )
        else:
            st.caption(f"{t('scenario.assumptions', lang)}: {display.summary(template, lang)}")


def slider(lever: sc.Lever, ctx: Context, population: float) -> float:
    """A lever's slider with its plain-language explanation underneath; its range fits the municipality.

    A lever shows its number as the language writes it (1,5 and −2 000 in fi and sv); the start year keeps
    st.slider's plain "2026", as a year is written.
    """
    key = lever_key(lever.id)
    shown = sc.slider(lever.id, population, ctx.base_year, st.session_state.get(key))
    st.session_state[key] = shown.value
    label = t(lever.label_key, ctx.lang)
    if lever.id == "start_year":
        picked = bound(
            st.slider,
            label,
            key,
            shown.default,
            min_value=shown.low,
            max_value=shown.high,
            step=shown.step,
            format=shown.format,
        )
    else:
        picked = sliders.number_slider(
            label,
            key,
            shown.default,
            low=shown.low,
            high=shown.high,
            step=shown.step,
            lang=ctx.lang,
            whole=lever.integer,  # persons a year stay ints, as the link and the session hold them
        )
    st.caption(t(lever.help_key, ctx.lang))
    return float(picked)


def lever_panel(ctx: Context, pick: str, template: sc.Scenario, population: float) -> dict[str, float]:
    """Every lever's slider in two columns (migration left, the rest right); returns the values set."""
    lang = ctx.lang
    by_id = {lever.id: lever for lever in sc.LEVERS}
    values: dict[str, float] = {}
    left, right = st.columns(2, gap="large")
    with left:
        values["young_adult_migration"] = slider(by_id["young_adult_migration"], ctx, population)
        assumed = cache.assumed_young_migration(ctx.edition, ctx.code)
        st.caption(
            display.young_assumed_text(assumed, values["young_adult_migration"], ctx.name, ctx.edition, lang)
        )
        values["net_migration_persons"] = slider(by_id["net_migration_persons"], ctx, population)
        ss = st.session_state
        folded = {k: float(ss.get(lever_key(k), 0) or 0) for k in display.MORE_MIGRATION}
        in_use = display.more_migration_in_use(folded, lang)
        with st.container():  # with some storylines only: the folds below keep their place and stay open
            if in_use:  # a storyline's per-mille lever moves migration while this slider shows 0: say so here
                st.info(in_use, icon=":material/arrow_downward:")
        # How the migration levers combine (foresight.scenario.model.project adds them; none overrides another).
        st.caption(t("scenario.migration.combined", lang))
        st.markdown(f"**{t('scenario.movers.title', lang)}**")
        theme.chart_with_alt(
            charts.movers(
                cache.mover_profile(ctx.edition),
                lang,
                persons=values["net_migration_persons"],
                x_title=t("scenario.axis.age", lang),
            ),
            lang=lang,
            config=CHART,
        )
        st.caption(t("scenario.movers.caption", lang))
        # The section opens whenever its levers change to something other than zero (a storyline is picked, a
        # link is opened). A plain expander's `expanded` only counts when it is first drawn, so one opened the
        # page on the baseline stayed folded over a storyline's −3 ‰; a keyed, stateful one can be opened.
        setting = tuple(folded.values())
        if any(setting) and ss.get(MORE_SETTING) != setting:
            ss[MORE_OPEN] = True
        ss[MORE_SETTING] = setting
        with st.expander(t("scenario.more_migration", lang), key=MORE_OPEN, on_change="rerun"):
            values["net_migration_rate"] = slider(by_id["net_migration_rate"], ctx, population)
            values["net_migration_change"] = slider(by_id["net_migration_change"], ctx, population)
    with right:
        for lever_id in (
            "fertility_change",
            "life_expectancy_change",
            "employment_rate_change",
            "start_year",
        ):
            values[lever_id] = slider(by_id[lever_id], ctx, population)
        if not ctx.has_rate:
            st.info(t("scenario.message.no_employment_rate", lang), icon=":material/info:")
        edited_preset = pick in sc.PRESETS and values != {
            k: float(v) for k, v in sc.validate(template.levers, ctx.base_year)[0].items()
        }
        if edited_preset and st.button(
            t("scenario.reset", lang), key="scenario_reset", icon=":material/restart_alt:"
        ):
            load(pick, template)
            st.rerun()
    return values
