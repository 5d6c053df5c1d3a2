"""Population scenarios: presets and own scenarios with live levers, outcomes, economy sketch and comparison."""

from __future__ import annotations

import html
import re
from typing import Any

import pandas as pd
import streamlit as st

from foresight import charts_scenario as charts
from foresight import format as fmt
from foresight import scenario as sc
from foresight import situation
from foresight.i18n import t
from foresight.projection import official
from foresight.ui import downloads, loaders, projection_cache, state, theme
from foresight.ui import scenario_cache as cache
from foresight.ui.sidebar import peer_group
from foresight.ui.state import bound

lang, code = state.lang(), state.municipality()
group = peer_group(code, state.peer_spec())
reg = loaders.register()
names = reg[f"name_{lang}"]
name = str(names.get(code, code))
ss = st.session_state

OWN = "own"  # own scenarios live in ss["scenario_own"]: {id: Scenario}, ids "own1", "own2", …
CURRENT = "current"  # the lever set on screen when it is an edited preset not yet saved
STORYLINES = [p for p in sc.PRESET_IDS if p != "baseline"]
VIEWS = ("build", "compare")
DECIMALS = {"dependency_ratio": 1}
ss.setdefault("scenario_own", {})
ss.setdefault("scenario_next", 1)
own: dict[str, sc.Scenario] = ss["scenario_own"]


def lever_key(lever_id: str) -> str:
    return f"scenario_lever_{lever_id}"


def label_of(option: str) -> str:
    """A picker label: a preset's name (storylines marked as interpretations) or the user's own name."""
    if option in sc.PRESETS:
        text = sc.display_name(sc.PRESETS[option], lang)
        return f"{text} · {t('scenario.interpretation', lang)}" if sc.PRESETS[option].interpretation else text
    if option in own:
        return f"{sc.display_name(own[option], lang)} · {t('scenario.own', lang)}"
    return t("scenario.current", lang)


def add_own(scenario: sc.Scenario) -> str:
    """Store an own scenario; returns its id."""
    new_id = f"{OWN}{ss['scenario_next']}"
    ss["scenario_next"] += 1
    own[new_id] = scenario
    return new_id


def load(option: str, scenario: sc.Scenario) -> None:
    """Pick a scenario and put its levers on the sliders."""
    ss["scenario_pick"] = option
    ss["scenario_loaded"] = option
    for lever_id, value in scenario.levers.items():
        ss[lever_key(lever_id)] = value


def say(messages: list[sc.Message]) -> None:
    for message in messages:
        st.warning(sc.render(message, lang), icon=":material/warning:")


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
        say(messages)
    if linked is not None:
        if linked.preset and linked.levers == sc.validate(sc.PRESETS[linked.preset].levers, base_year)[0]:
            load(linked.preset, sc.PRESETS[linked.preset])
        else:
            title = sc.display_name(linked, lang)
            if linked.name == "?":
                title = t("scenario.from_link", lang)
            elif linked.preset:
                title = f"{title} ({t('scenario.modified', lang)})"
            description = t(linked.description, lang) if linked.preset else linked.description
            load(add_own(linked.as_own(title, description)), linked)

flash = ss.pop("scenario_flash", None)
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
has_rate = code in rates.index
population_now = float(base.subset([code]).population[0, 0].sum())


def slider(lever: sc.Lever) -> float:
    """A lever's slider with its plain-language explanation underneath; its range fits the municipality."""
    low, high, step = sc.slider_range(lever.id, population_now)
    if lever.id == "start_year":
        low, high = sc.bounds("start_year", base_year)
    key = lever_key(lever.id)
    default = lever.default
    if lever.id == "start_year":
        default = max(lever.default, base_year + 1)
    value = ss.get(key, default)
    if lever.id == "start_year":
        value = min(max(value, low), high)  # the other edition starts later: move the start year with it
    else:
        low, high = min(low, value), max(high, value)  # a linked or uploaded value beyond the usual span
    if lever.integer:
        low, high, step, value, default = int(low), int(high), int(step), int(value), int(default)
        number_format = "%d"
    else:
        low, high, step, value, default = float(low), float(high), float(step), float(value), float(default)
        number_format = "%.1f" if step < 1 else "%.0f"
    ss[key] = value
    picked = bound(
        st.slider,
        t(lever.label_key, lang),
        key,
        default,
        min_value=low,
        max_value=high,
        step=step,
        format=number_format,
    )
    st.caption(t(lever.help_key, lang))
    return float(picked)


def summary(scenario: sc.Scenario) -> str:
    """The levers a scenario moves, in words: 'Births, change % −5,0; …; Start year 2026'."""
    changed = scenario.changed()
    parts = [
        f"{t(f'scenario.lever.{k}', lang)} {fmt.number(v, 1, lang, sign=True)}"
        for k, v in changed.items()
        if k != "start_year"
    ]
    if parts or "start_year" in changed:
        parts.append(f"{t('scenario.lever.start_year', lang)} {int(scenario.levers['start_year'])}")
    return "; ".join(parts) if parts else t("scenario.compare.neutral", lang)


def cell(value: float, difference: float | None, decimals: int) -> str:
    """'12 345 (−1 234)': a value and its difference from the baseline."""
    text = fmt.number(value, decimals, lang)
    if difference is None:
        return text
    return f"{text} ({fmt.number(difference, decimals, lang, sign=True)})"


def measure_label(measure: str) -> str:
    return t(f"scenario.measure.{measure}", lang)


def source_note() -> None:
    st.caption(
        t(
            "scenario.source",
            lang,
            edition=t(f"scenario.edition.{edition}", lang),
            rate_year=rate_year or "–",
        )
    )


def unique(label: str, taken: set[str]) -> str:
    out, n = label, 2
    while out in taken:
        out, n = f"{label} ({n})", n + 1
    taken.add(out)
    return out


def stem(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40] or "skenaario"


# --- Build: pick a scenario and move its levers ----------------------------------------------------------------
options = [*sc.PRESET_IDS, *own]
if ss.get("scenario_pick") not in options:
    ss["scenario_pick"] = "baseline"
pick: str = ss["scenario_pick"]
if ss.get("scenario_loaded") != pick:
    load(pick, sc.PRESETS[pick] if pick in sc.PRESETS else own[pick])
template = sc.PRESETS[pick] if pick in sc.PRESETS else own[pick]

if view == "build":
    pick = bound(
        st.selectbox,
        t("scenario.pick", lang),
        "scenario_pick",
        options=options,
        format_func=label_of,
        help=t("scenario.pick.help", lang),
    )
    if ss.get("scenario_loaded") != pick:
        load(pick, sc.PRESETS[pick] if pick in sc.PRESETS else own[pick])
    template = sc.PRESETS[pick] if pick in sc.PRESETS else own[pick]
    with st.container(border=True):
        heading = sc.display_name(template, lang)
        if template.interpretation:
            heading += f" :orange-badge[{t('scenario.interpretation', lang)}]"
        st.markdown(f"**{heading}**")
        description = t(template.description, lang) if template.preset else template.description
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
            st.caption(f"{t('scenario.assumptions', lang)}: {summary(template)}")

    st.subheader(t("scenario.levers", lang))
    st.caption(t("scenario.levers.intro", lang, year=base_year))
    if pick in sc.PRESETS and template.changed():
        # A storyline's levers said in words, so none of them hides in a folded section.
        st.info(
            t(
                "scenario.storyline_sets",
                lang,
                name=sc.display_name(template, lang),
                levers=summary(template),
            ),
            icon=":material/auto_stories:",
        )
    by_id = {lever.id: lever for lever in sc.LEVERS}
    values: dict[str, float] = {}
    left, right = st.columns(2, gap="large")
    with left:
        values["young_adult_migration"] = slider(by_id["young_adult_migration"])
        assumed = cache.assumed_young_migration(edition, code)
        st.caption(
            t(
                "scenario.young.assumed",
                lang,
                name=reg.loc[code, f"name_{lang}"],
                direction=t("scenario.young.gains" if assumed >= 0 else "scenario.young.loses", lang),
                persons=fmt.number(abs(assumed), 0, lang),
                total=fmt.number(assumed + values["young_adult_migration"], 0, lang, sign=True),
            )
        )
        values["net_migration_persons"] = slider(by_id["net_migration_persons"])
        profile = cache.mover_profile(edition)
        st.markdown(f"**{t('scenario.movers.title', lang)}**")
        theme.chart_with_alt(
            charts.movers(
                profile,
                lang,
                persons=values["net_migration_persons"],
                x_title=t("scenario.axis.age", lang),
            ),
            lang=lang,
            config={"displaylogo": False},
        )
        st.caption(t("scenario.movers.caption", lang))
        other = any(ss.get(lever_key(k), 0) for k in ("net_migration_rate", "net_migration_change"))
        with st.expander(t("scenario.more_migration", lang), expanded=bool(other)):
            values["net_migration_rate"] = slider(by_id["net_migration_rate"])
            values["net_migration_change"] = slider(by_id["net_migration_change"])
    with right:
        for lever_id in (
            "fertility_change",
            "life_expectancy_change",
            "employment_rate_change",
            "start_year",
        ):
            values[lever_id] = slider(by_id[lever_id])
        if not has_rate:
            st.info(t("scenario.message.no_employment_rate", lang), icon=":material/info:")
        edited_preset = pick in sc.PRESETS and values != {
            k: float(v) for k, v in sc.validate(template.levers, base_year)[0].items()
        }
        if edited_preset and st.button(
            t("scenario.reset", lang), key="scenario_reset", icon=":material/restart_alt:"
        ):
            load(pick, template)
            st.rerun()

    current, lever_messages = template.with_levers(values, base_year)
    say(lever_messages)
    modified = pick in sc.PRESETS and current.levers != sc.validate(template.levers, base_year)[0]
    if pick in own and current.levers != own[pick].levers:
        own[pick] = current  # own scenarios are saved as they are edited
    if modified:
        current = current.as_own(f"{sc.display_name(template, lang)} ({t('scenario.modified', lang)})")
        st.info(t("scenario.modified.note", lang), icon=":material/edit:")
else:
    levers = {lever.id: ss.get(lever_key(lever.id), lever.default) for lever in sc.LEVERS}
    current, _ = template.with_levers(levers, base_year)
    modified = pick in sc.PRESETS and current.levers != sc.validate(template.levers, base_year)[0]
    if modified:
        current = current.as_own(f"{sc.display_name(template, lang)} ({t('scenario.modified', lang)})")

current_name = sc.display_name(current, lang)

# The link carries the scenario on screen, the edition and the view.
wanted = {**sc.to_link(current), "sc_ed": edition, "sc_v": view}
for key in [k for k in st.query_params if k.startswith(sc.LINK_PREFIX) and k not in wanted]:
    del st.query_params[key]
for key, value in wanted.items():
    state.set_param(key, value)


def save_as_new() -> None:
    title = str(ss.get("scenario_new_name", "")).strip() or current_name
    note = str(ss.get("scenario_new_description", "")).strip()
    new_id = add_own(current.as_own(title, note))
    load(new_id, own[new_id])
    ss["scenario_new_name"] = ""
    ss["scenario_new_description"] = ""
    ss["scenario_flash"] = t("scenario.saved", lang, name=own[new_id].name)


def rename(option: str) -> None:
    title = str(ss.get(f"scenario_rename_{option}", "")).strip()
    note = str(ss.get(f"scenario_redescribe_{option}", "")).strip()
    if option in own:
        own[option] = sc.Scenario(name=title or own[option].name, description=note, levers=own[option].levers)


def delete(option: str) -> None:
    removed = own.pop(option, None)
    load("baseline", sc.PRESETS["baseline"])
    if removed is not None:
        ss["scenario_flash"] = t("scenario.deleted", lang, name=removed.name)


def manage() -> None:
    """Save, rename, delete, download and upload scenarios."""
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
            on_click=save_as_new,
            type="primary",
            icon=":material/bookmark_add:",
        )
    with cols[1]:
        st.download_button(
            t("scenario.download_json", lang),
            data=current.to_json().encode("utf-8"),
            file_name=f"skenaario_{stem(current_name)}.json",
            mime="application/json",
            key="scenario_json",
            on_click="ignore",
            icon=":material/download:",
        )
        st.caption(t("scenario.share", lang))
        upload_key = f"scenario_upload_{ss.get('scenario_upload_n', 0)}"
        uploaded = st.file_uploader(
            t("scenario.upload", lang), type=["json"], key=upload_key, help=t("scenario.upload.help", lang)
        )
        if uploaded is not None:
            parsed, messages = sc.from_json(uploaded.getvalue(), base_year)
            if parsed is None:
                for message in messages:
                    st.error(sc.render(message, lang), icon=":material/error:")
                st.caption(t("scenario.upload.nothing_lost", lang))
            else:
                title = sc.display_name(parsed, lang)
                description = t(parsed.description, lang) if parsed.preset else parsed.description
                new_id = add_own(parsed.as_own(title, description))
                load(new_id, own[new_id])
                notes = " ".join(sc.render(m, lang) for m in messages)
                ss["scenario_flash"] = t("scenario.uploaded", lang, name=own[new_id].name) + (
                    f" {notes}" if notes else ""
                )
                ss["scenario_upload_n"] = ss.get("scenario_upload_n", 0) + 1
                st.rerun()
    if pick in own:
        with st.expander(t("scenario.edit_own", lang, name=own[pick].name)):
            ss[f"scenario_rename_{pick}"] = ss.get(f"scenario_rename_{pick}", own[pick].name)
            ss[f"scenario_redescribe_{pick}"] = ss.get(f"scenario_redescribe_{pick}", own[pick].description)
            st.text_input(
                t("scenario.name", lang),
                key=f"scenario_rename_{pick}",
                max_chars=sc.scenario.MAX_NAME,
                on_change=rename,
                args=(pick,),
            )
            st.text_area(
                t("scenario.description", lang),
                key=f"scenario_redescribe_{pick}",
                max_chars=sc.scenario.MAX_DESCRIPTION,
                on_change=rename,
                args=(pick,),
                height=68,
            )
            st.button(
                t("scenario.delete", lang, name=own[pick].name),
                key="scenario_delete",
                on_click=delete,
                args=(pick,),
                icon=":material/delete:",
            )
    if own:
        st.caption(t("scenario.own_list", lang, n=len(own), names=", ".join(s.name for s in own.values())))


def method() -> None:
    with st.expander(t("scenario.method.title", lang)):
        st.markdown(t("scenario.method.summary", lang))
        if edition == "2024":
            st.markdown(t("scenario.method.edition_2024", lang))
        st.markdown(t("scenario.method.mortality", lang))
        st.markdown(t("scenario.method.movers", lang))
        st.markdown(t("scenario.method.no_sex", lang))
        st.markdown(t("scenario.method.uncertainty", lang))


# --- Build: the outcomes of the scenario on screen -------------------------------------------------------------
if view == "build":
    item = cache.spec(CURRENT, current)
    specs: tuple[cache.Spec, ...] = (item,)
    results, notes = cache.results(edition, code, specs)
    for note in notes:
        if note.key == "scenario.message.held_at_zero_in":
            st.warning(t("scenario.message.held_at_zero", lang), icon=":material/warning:")
    years = tuple(sc.KEY_YEARS)
    table = cache.outcomes(edition, code, specs, years)
    mine = table[table["scenario"] == CURRENT].set_index(["measure", "year"])

    st.subheader(t("scenario.results", lang, scenario=current_name))
    st.caption(t("scenario.results.intro", lang))
    cols = st.columns(len(years))
    for col, year in zip(cols, years, strict=True):
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
        diff = round(found["difference"])
        difference = t(
            "scenario.answer.more"
            if diff > 0
            else "scenario.answer.fewer"
            if diff < 0
            else "scenario.answer.same",
            lang,
            n=fmt.number(abs(diff), 0, lang),
        )
        st.markdown(
            "#### "
            + t(
                "scenario.answer",
                lang,
                name=reg.loc[code, f"name_{lang}"],
                year=int(found["year"]),
                total=fmt.number(found["total"], 0, lang),
                difference=difference,
                end=int(found["end"]),
                start=int(found["start"]),
                children=fmt.number(found["children_change_pct"], 0, lang, sign=True),
            )
        )
    history = situation.series(loaders.indicator_frame("population"), code, "population")
    history = history[history.index >= 2000]
    # The 2019 edition to 2030 beside the actual populations since: its error so far, said in words.
    earlier = official.for_municipality(projection_cache.official_totals(), code)
    earlier = earlier[(earlier["edition"] == official.EDITION_ANNUAL) & (earlier["year"] <= 2030)]
    fig = charts.lines(
        lines_frame[lines_frame["measure"] == "total"],
        {"baseline": t("scenario.compare.baseline", lang), CURRENT: current_name},
        lang,
        history=history,
        history_label=t("scenario.observed", lang),
        earlier=earlier.set_index("year")["official"],
        earlier_label=t("scenario.earlier_projection", lang),
        published_label=t("scenario.published", lang),
        y_title=t("scenario.unit.persons", lang),
    )
    theme.chart_with_alt(fig, lang=lang, config={"displaylogo": False})
    errors = official.error_so_far(earlier, history)
    if not errors.empty:
        last = errors.iloc[-1]
        st.caption(
            t(
                "scenario.earlier_error",
                lang,
                year=int(last["year"]),
                official=fmt.number(float(last["official"]), 0, lang),
                actual=fmt.number(float(last["actual"]), 0, lang),
                error=fmt.number(float(last["error_pct"]), 1, lang, sign=True),
            )
        )
    source_note()

    year = bound(
        st.radio,
        t("scenario.year", lang),
        "scenario_year",
        2040,
        options=list(years),
        horizontal=True,
    )
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(f"**{t('scenario.pyramid.title', lang, year=year)}**")
        theme.chart_with_alt(
            charts.pyramid(
                cache.pyramids(edition, code, specs, int(year)),
                {"baseline": t("scenario.compare.baseline", lang), CURRENT: current_name},
                lang,
                x_title=t("scenario.unit.persons", lang),
                y_title=t("scenario.axis.age", lang),
            ),
            lang=lang,
            config={"displaylogo": False},
        )
        st.caption(t("scenario.method.no_sex", lang))
    with right:
        st.markdown(f"**{t('scenario.groups.title', lang, year=year)}**")
        rows = []
        for group_id in sc.SERVICE_GROUPS:
            row = mine.loc[(group_id, int(year))]
            rows.append(
                {
                    "label": measure_label(group_id),
                    "hover": t(f"scenario.group.{group_id}", lang),
                    "detail": t(
                        "scenario.groups.bar",
                        lang,
                        value=fmt.number(row["value"], 0, lang),
                        change=fmt.number(row["difference"], 0, lang, sign=True),
                    ),
                    "difference_pct": row["difference_pct"],
                    "text": fmt.number(row["difference_pct"], 1, lang, sign=True) + " %",
                }
            )
        theme.chart_with_alt(
            charts.group_change(pd.DataFrame(rows), lang, x_title=t("scenario.groups.axis", lang)),
            lang=lang,
            config={"displaylogo": False},
        )
        st.caption(t("scenario.groups.caption", lang))

    st.markdown(f"**{t('scenario.table.title', lang)}**")
    shown = [m for m in sc.MEASURES if (m, years[0]) in mine.index]
    table_rows = []
    for measure in shown:
        decimals = DECIMALS.get(measure, 0)
        entry = {t("scenario.table.measure", lang): measure_label(measure)}
        for y in years:
            row = mine.loc[(measure, y)]
            entry[str(y)] = cell(row["value"], row["difference"], decimals)
        table_rows.append(entry)
    st.dataframe(pd.DataFrame(table_rows), hide_index=True, width="stretch")
    st.caption(
        t("scenario.table.caption", lang)
        + " "
        + t("scenario.measure.dependency_ratio.help", lang)
        + (" " + t("scenario.measure.employed.help", lang, year=rate_year) if has_rate else "")
    )

    # The municipal-economy sketch: every assumption on screen and editable.
    st.subheader(t("scenario.economy.title", lang))
    st.info(t(sc.CAVEAT_KEY, lang), icon=":material/info:")
    tax, tax_year = cache.tax_rate(code)
    assumptions = sc.default_assumptions(tax)
    if ss.get("scenario_assume_for") != code:
        # the tax rate is the municipality's own: reset it when the municipality changes
        ss["scenario_assume_for"] = code
        ss["scenario_assume_income_tax_rate"] = tax if tax is not None else 0.0
    edited: dict[str, float] = {}
    cols = st.columns(len(assumptions))
    for col, (assumption_id, assumption) in zip(cols, assumptions.items(), strict=True):
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
                    format="%.0f" if assumption.step >= 1 else "%.1f" if assumption.step >= 0.1 else "%.2f",
                    help=t(assumption.note_key, lang),
                )
            )
    if tax is None:
        st.info(t("scenario.message.no_tax_rate", lang), icon=":material/info:")
    with st.expander(t("scenario.economy.assumptions", lang)):
        for assumption in assumptions.values():
            st.markdown(f"- **{t(assumption.label_key, lang)}**: {t(assumption.note_key, lang)}")
    sketch = cache.sketch(edition, code, item, tuple(sorted(edited.items())))
    if has_rate:
        sketch_rows = []
        for sketch_item, part in sketch.groupby("item", sort=False):
            money = str(sketch_item).startswith("tax")
            # € million for towns, € thousand where a million would round everything away
            small = money and float(part["baseline"].abs().max()) < 1e7
            scale = 1e3 if small else 1e6 if money else 1.0
            unit = t(str(part["unit"].iloc[0]), lang)
            if money:
                unit = t("scenario.unit.keur_per_year" if small else "scenario.unit.meur_per_year", lang)
            entry = {
                t("scenario.table.item", lang): f"{t(f'scenario.economy.item.{sketch_item}', lang)} ({unit})"
            }
            for _, row in part.iterrows():
                decimals = 1 if money and not small else 0
                entry[str(int(row["year"]))] = (
                    f"{fmt.number(row['scenario'] / scale, decimals, lang)} "
                    f"({fmt.number(row['difference'] / scale, decimals, lang, sign=True)})"
                )
            sketch_rows.append(entry)
        st.dataframe(pd.DataFrame(sketch_rows), hide_index=True, width="stretch")
        st.caption(t("scenario.economy.table_caption", lang) + " " + t("scenario.economy.tax_note", lang))
    else:
        st.info(t("scenario.message.no_employment_rate", lang), icon=":material/info:")

    st.markdown(f"**{t('scenario.download', lang)}**")
    names_map = {"baseline": t("scenario.compare.baseline", lang), CURRENT: current_name}
    downloads.buttons(
        lambda: cache.downloads(edition, code, specs, names_map),
        lambda: cache.sources(lang, edition),
        f"kuntaluotain_skenaario_{code}_{stem(current_name)}",
        lang,
        key="dl_scenario",
    )
    manage()
    method()

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
        format_func=lambda o: current_name if o == CURRENT else label_of(o),
        max_selections=sc.compare.MAX_SCENARIOS,
        help=t("scenario.compare.pick.help", lang),
        placeholder=t("widget.choose", lang),
    )
    st.caption(t("scenario.compare.intro", lang))
    chosen = [o for o in chosen if o in compare_options][: sc.compare.MAX_SCENARIOS]
    labels: dict[str, str] = {"baseline": t("scenario.compare.baseline", lang)}
    taken = set(labels.values())
    scenarios: dict[str, sc.Scenario] = {}
    for option in chosen:
        scenario = (
            current if option == CURRENT else sc.PRESETS[option] if option in sc.PRESETS else own[option]
        )
        scenarios[option] = scenario
        labels[option] = unique(current_name if option == CURRENT else sc.display_name(scenario, lang), taken)
    specs = tuple(cache.spec(option, scenario) for option, scenario in scenarios.items())
    if not specs:
        st.info(t("scenario.compare.none", lang), icon=":material/info:")
    else:
        results, notes = cache.results(edition, code, specs)
        for note in notes:
            if note.key == "scenario.message.held_at_zero_in":
                label = labels.get(str(note.params.get("scenario")), "")
                st.warning(t(note.key, lang, scenario=label), icon=":material/warning:")
        palette = charts.colours(list(labels))
        with st.container(border=True):
            for option, scenario in scenarios.items():
                mark = (
                    f" :orange-badge[{t('scenario.interpretation', lang)}]" if scenario.interpretation else ""
                )
                st.markdown(
                    f"<span style='color:{palette[option]}'>■</span> **{html.escape(labels[option])}**{mark}: {summary(scenario)}",
                    unsafe_allow_html=True,
                )

        st.subheader(t("scenario.compare.table", lang))
        table = cache.outcomes(edition, code, specs, (2030, 2040))
        indexed = table.set_index(["scenario", "measure", "year"])
        rows = []
        for measure in [m for m in sc.MEASURES if m in set(table["measure"])]:
            decimals = DECIMALS.get(measure, 0)
            for y in (2030, 2040):
                line: dict[str, Any] = {
                    t("scenario.table.measure", lang): measure_label(measure),
                    t("scenario.table.year", lang): str(y),
                    labels["baseline"]: fmt.number(
                        indexed.loc[("baseline", measure, y), "value"], decimals, lang
                    ),
                }
                for option in scenarios:
                    row = indexed.loc[(option, measure, y)]
                    pct = row["difference_pct"]
                    text = cell(row["value"], row["difference"], decimals)
                    if pct == pct and measure != "dependency_ratio":
                        text = text[:-1] + f"; {fmt.number(pct, 1, lang, sign=True)} %)"
                    line[labels[option]] = text
                rows.append(line)
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        st.caption(t("scenario.compare.table_caption", lang))

        st.subheader(t("scenario.compare.lines", lang))
        measures = [m for m in sc.MEASURES if m in set(table["measure"])]
        measure = bound(
            st.selectbox,
            t("scenario.compare.measure", lang),
            "scenario_measure",
            "total",
            options=measures,
            format_func=measure_label,
        )
        frame = cache.series(edition, code, specs)
        history = None
        if measure == "total":
            history = situation.series(loaders.indicator_frame("population"), code, "population")
            history = history[history.index >= 2000]
        theme.chart_with_alt(
            charts.lines(
                frame[frame["measure"] == measure],
                labels,
                lang,
                history=history,
                history_label=t("scenario.observed", lang),
                published_label=t("scenario.published", lang),
                y_title=measure_label(measure),
                decimals=DECIMALS.get(measure, 0),
            ),
            lang=lang,
            config={"displaylogo": False},
        )
        source_note()

        left, right = st.columns(2, gap="large")
        with left:
            year = bound(
                st.radio,
                t("scenario.year", lang),
                "scenario_compare_year",
                2040,
                options=list(sc.KEY_YEARS),
                horizontal=True,
            )
            st.markdown(f"**{t('scenario.pyramid.title', lang, year=year)}**")
            theme.chart_with_alt(
                charts.pyramid(
                    cache.pyramids(edition, code, specs, int(year)),
                    labels,
                    lang,
                    x_title=t("scenario.unit.persons", lang),
                    y_title=t("scenario.axis.age", lang),
                ),
                lang=lang,
                config={"displaylogo": False},
            )
        with right:
            st.markdown(f"**{t('scenario.compare.peers', lang, year=2030)}**")
            members = tuple(group.members)
            if not members:
                st.info(t("scenario.compare.no_peers", lang), icon=":material/info:")
            else:
                positions = cache.peer_positions(edition, code, members, specs, 2030)
                bars = []
                first = positions[0]
                for _, row in first[~first["subject"]].iterrows():
                    bars.append(
                        {
                            "label": str(names.get(row["municipality"], row["municipality"])),
                            "value": row["value"],
                            "colour": charts.PEER_COLOUR,
                        }
                    )
                base_row = first[first["scenario"] == "baseline"].iloc[0]
                bars.append(
                    {
                        "label": f"{name} · {labels['baseline']}",
                        "value": base_row["value"],
                        "colour": palette["baseline"],
                    }
                )
                standing = [
                    {
                        t("scenario.table.scenario", lang): labels["baseline"],
                        t("scenario.compare.population", lang, year=2030): fmt.number(
                            base_row["value"], 0, lang
                        ),
                        t("scenario.compare.rank", lang): f"{int(base_row['rank'])}/{int(base_row['n'])}",
                    }
                ]
                for option, frame_ in zip(scenarios, positions, strict=True):
                    row = frame_.iloc[0]
                    bars.append(
                        {
                            "label": f"{name} · {labels[option]}",
                            "value": row["value"],
                            "colour": palette[option],
                        }
                    )
                    standing.append(
                        {
                            t("scenario.table.scenario", lang): labels[option],
                            t("scenario.compare.population", lang, year=2030): fmt.number(
                                row["value"], 0, lang
                            ),
                            t("scenario.compare.rank", lang): f"{int(row['rank'])}/{int(row['n'])}",
                        }
                    )
                st.dataframe(pd.DataFrame(standing), hide_index=True, width="stretch")
                ranked = pd.DataFrame(bars).sort_values("value", ascending=False).reset_index(drop=True)
                if len(ranked) > 40:  # a long list: the municipality's neighbourhood in the ranking
                    mine = ranked.index[ranked["label"].str.startswith(f"{name} · ")]
                    ranked = ranked.iloc[max(int(mine.min()) - 12, 0) : int(mine.max()) + 13]
                theme.chart_with_alt(
                    charts.peer_ranking(ranked, lang, x_title=t("scenario.unit.persons", lang)),
                    lang=lang,
                    config={"displaylogo": False},
                )
                st.caption(t("scenario.compare.peers_caption", lang, n=len(members)))

        st.markdown(f"**{t('scenario.download', lang)}**")
        downloads.buttons(
            lambda: cache.downloads(edition, code, specs, labels),
            lambda: cache.sources(lang, edition),
            f"kuntaluotain_skenaariovertailu_{code}",
            lang,
            key="dl_scenario_compare",
        )
        method()
