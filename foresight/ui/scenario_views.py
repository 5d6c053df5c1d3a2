"""The scenario page's state and widgets: own scenarios in the session, lever sliders, the outcomes of the
scenario on screen, the economy sketch and the save/upload panel. The comparison is in scenario_compare."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from foresight import charts_scenario as charts
from foresight import format as fmt
from foresight import scenario as sc
from foresight import situation
from foresight.i18n import t
from foresight.projection import official
from foresight.scenario import display
from foresight.scenario.display import CURRENT
from foresight.ui import downloads, loaders, projection_cache, theme
from foresight.ui import scenario_cache as cache
from foresight.ui.state import bound

OWN = "own"  # own scenarios live in ss["scenario_own"]: {id: Scenario}, ids "own1", "own2", …
CHART = {"displaylogo": False}


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


# ---------------------------------------------------------------- own scenarios in the session


def own_scenarios() -> dict[str, sc.Scenario]:
    ss = st.session_state
    ss.setdefault("scenario_own", {})
    ss.setdefault("scenario_next", 1)
    return ss["scenario_own"]  # type: ignore[no-any-return]


def lever_key(lever_id: str) -> str:
    return f"scenario_lever_{lever_id}"


def add_own(scenario: sc.Scenario) -> str:
    """Store an own scenario; returns its id."""
    ss = st.session_state
    new_id = f"{OWN}{ss['scenario_next']}"
    ss["scenario_next"] += 1
    own_scenarios()[new_id] = scenario
    return new_id


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


def observed_population(code: str) -> pd.Series:
    """The municipality's population since 2000, for the line charts."""
    history = situation.series(loaders.indicator_frame("population"), code, "population")
    return history[history.index >= 2000]


def pyramid(edition: str, code: str, specs: Any, year: int, names: Any, lang: str) -> None:
    """The population pyramid of the scenarios in `year`, under its heading."""
    st.markdown(f"**{t('scenario.pyramid.title', lang, year=year)}**")
    theme.chart_with_alt(
        charts.pyramid(
            cache.pyramids(edition, code, specs, year),
            names,
            lang,
            x_title=t("scenario.unit.persons", lang),
            y_title=t("scenario.axis.age", lang),
        ),
        lang=lang,
        config=CHART,
    )


def source_note(ctx: Context) -> None:
    st.caption(
        t(
            "scenario.source",
            ctx.lang,
            edition=t(f"scenario.edition.{ctx.edition}", ctx.lang),
            rate_year=ctx.rate_year or "–",
        )
    )


def method(ctx: Context) -> None:
    with st.expander(t("scenario.method.title", ctx.lang)):
        st.markdown(t("scenario.method.summary", ctx.lang))
        if ctx.edition == "2024":
            st.markdown(t("scenario.method.edition_2024", ctx.lang))
        st.markdown(t("scenario.method.mortality", ctx.lang))
        st.markdown(t("scenario.method.movers", ctx.lang))
        st.markdown(t("scenario.method.no_sex", ctx.lang))
        st.markdown(t("scenario.method.uncertainty", ctx.lang))


# ---------------------------------------------------------------- build: the scenario and its levers


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
    """A lever's slider with its plain-language explanation underneath; its range fits the municipality."""
    key = lever_key(lever.id)
    shown = sc.slider(lever.id, population, ctx.base_year, st.session_state.get(key))
    st.session_state[key] = shown.value
    picked = bound(
        st.slider,
        t(lever.label_key, ctx.lang),
        key,
        shown.default,
        min_value=shown.low,
        max_value=shown.high,
        step=shown.step,
        format=shown.format,
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
            t(
                "scenario.young.assumed",
                lang,
                name=ctx.name,
                direction=t("scenario.young.gains" if assumed >= 0 else "scenario.young.loses", lang),
                persons=fmt.number(abs(assumed), 0, lang),
                total=fmt.number(assumed + values["young_adult_migration"], 0, lang, sign=True),
            )
        )
        values["net_migration_persons"] = slider(by_id["net_migration_persons"], ctx, population)
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
        other = any(
            st.session_state.get(lever_key(k), 0) for k in ("net_migration_rate", "net_migration_change")
        )
        with st.expander(t("scenario.more_migration", lang), expanded=bool(other)):
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


# ---------------------------------------------------------------- build: the outcomes on screen


def outcomes(ctx: Context, item: cache.Spec, current_name: str) -> None:
    """The scenario against the official projection: key totals, the answer, lines, pyramid, groups, table."""
    lang, code, edition = ctx.lang, ctx.code, ctx.edition
    specs = (item,)
    _, notes = cache.results(edition, code, specs)
    for note in notes:
        if note.key == "scenario.message.held_at_zero_in":
            st.warning(t("scenario.message.held_at_zero", lang), icon=":material/warning:")
    years = tuple(sc.KEY_YEARS)
    table = cache.outcomes(edition, code, specs, years)
    mine = table[table["scenario"] == CURRENT].set_index(["measure", "year"])
    names = {"baseline": t("scenario.compare.baseline", lang), CURRENT: current_name}

    st.subheader(t("scenario.results", lang, scenario=current_name))
    st.caption(t("scenario.results.intro", lang))
    for col, year in zip(st.columns(len(years)), years, strict=True):
        row = mine.loc[("total", year)]
        col.metric(
            t("scenario.metric.total", lang, year=year),
            fmt.number(row["value"], 0, lang),
            delta=t(
                "scenario.metric.delta",
                lang,
                change=fmt.number(row["difference"], 0, lang, sign=True).replace(fmt.MINUS, "-"),
            ),
            delta_color="off" if abs(row["difference"]) < 0.5 else "normal",
            help=t("scenario.metric.help", lang),
        )

    lines_frame = cache.series(edition, code, specs)
    found = sc.answer(lines_frame, CURRENT)
    if found is not None:  # the question answered in one sentence: total, against the projection, children
        st.markdown("#### " + display.answer_text(found, ctx.name, lang))
    history = observed_population(code)
    # The 2019 edition to 2030 beside the actual populations since: its error so far, said in words.
    earlier = official.for_municipality(projection_cache.official_totals(), code)
    earlier = earlier[(earlier["edition"] == official.EDITION_ANNUAL) & (earlier["year"] <= 2030)]
    fig = charts.lines(
        lines_frame[lines_frame["measure"] == "total"],
        names,
        lang,
        history=history,
        history_label=t("scenario.observed", lang),
        earlier=earlier.set_index("year")["official"],
        earlier_label=t("scenario.earlier_projection", lang),
        published_label=t("scenario.published", lang),
        y_title=t("scenario.unit.persons", lang),
    )
    theme.chart_with_alt(fig, lang=lang, config=CHART)
    error = display.earlier_error_text(official.error_so_far(earlier, history), lang)
    if error is not None:
        st.caption(error)
    source_note(ctx)

    year = bound(
        st.radio, t("scenario.year", lang), "scenario_year", 2040, options=list(years), horizontal=True
    )
    left, right = st.columns(2, gap="large")
    with left:
        pyramid(edition, code, specs, int(year), names, lang)
        st.caption(t("scenario.method.no_sex", lang))
    with right:
        st.markdown(f"**{t('scenario.groups.title', lang, year=year)}**")
        theme.chart_with_alt(
            charts.group_change(
                display.group_frame(mine, int(year), lang), lang, x_title=t("scenario.groups.axis", lang)
            ),
            lang=lang,
            config=CHART,
        )
        st.caption(t("scenario.groups.caption", lang))

    st.markdown(f"**{t('scenario.table.title', lang)}**")
    st.dataframe(display.outcome_frame(mine, years, lang), hide_index=True, width="stretch")
    st.caption(
        t("scenario.table.caption", lang)
        + " "
        + t("scenario.measure.dependency_ratio.help", lang)
        + (" " + t("scenario.measure.employed.help", lang, year=ctx.rate_year) if ctx.has_rate else "")
    )


def economy(ctx: Context, item: cache.Spec) -> None:
    """The municipal-economy sketch: every assumption on screen and editable."""
    lang, code, ss = ctx.lang, ctx.code, st.session_state
    st.subheader(t("scenario.economy.title", lang))
    st.info(t(sc.CAVEAT_KEY, lang), icon=":material/info:")
    tax, _ = cache.tax_rate(code)
    assumptions = sc.default_assumptions(tax)
    if ss.get("scenario_assume_for") != code:
        # the tax rate is the municipality's own: reset it when the municipality changes
        ss["scenario_assume_for"] = code
        ss["scenario_assume_income_tax_rate"] = tax if tax is not None else 0.0
    edited: dict[str, float] = {}
    for col, (assumption_id, assumption) in zip(
        st.columns(len(assumptions)), assumptions.items(), strict=True
    ):
        with col:
            default = assumption.value if assumption.value == assumption.value else 0.0  # NaN → 0
            edited[assumption_id] = float(
                bound(
                    st.number_input,
                    f"{t(assumption.label_key, lang)} ({t(assumption.unit, lang)})",
                    f"scenario_assume_{assumption_id}",
                    float(default),
                    min_value=float(assumption.minimum),
                    max_value=float(assumption.maximum),
                    step=float(assumption.step),
                    format=display.number_format(assumption.step),
                    help=t(assumption.note_key, lang),
                )
            )
    if tax is None:
        st.info(t("scenario.message.no_tax_rate", lang), icon=":material/info:")
    with st.expander(t("scenario.economy.assumptions", lang)):
        for assumption in assumptions.values():
            st.markdown(f"- **{t(assumption.label_key, lang)}**: {t(assumption.note_key, lang)}")
    sketch = cache.sketch(ctx.edition, code, item, tuple(sorted(edited.items())))
    if ctx.has_rate:
        st.dataframe(display.sketch_frame(sketch, lang), hide_index=True, width="stretch")
        st.caption(t("scenario.economy.table_caption", lang) + " " + t("scenario.economy.tax_note", lang))
    else:
        st.info(t("scenario.message.no_employment_rate", lang), icon=":material/info:")


def download(ctx: Context, specs: tuple[cache.Spec, ...], names: dict[str, str], stem: str, key: str) -> None:
    """CSV and Excel of the scenarios on screen, under the names they are shown with."""
    st.markdown(f"**{t('scenario.download', ctx.lang)}**")
    downloads.buttons(
        lambda: cache.downloads(ctx.edition, ctx.code, specs, names),
        lambda: cache.sources(ctx.lang, ctx.edition),
        stem,
        ctx.lang,
        key=key,
    )


# ---------------------------------------------------------------- save, rename, delete, upload


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
    uploaded = st.file_uploader(
        t("scenario.upload", ctx.lang),
        type=["json"],
        key=upload_key,
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
    st.subheader(t("scenario.manage", lang))
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
    if pick in own:
        _edit_own(pick, lang)
    if own:
        st.caption(t("scenario.own_list", lang, n=len(own), names=", ".join(s.name for s in own.values())))
