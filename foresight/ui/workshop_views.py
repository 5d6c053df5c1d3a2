"""Drawing a workshop step and its results, shared by the presentation, participant and facilitator pages.

Everything a participant typed is escaped before it reaches st.markdown (security.escape_markdown).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from foresight import charts_workshop, datasets, freshness
from foresight import format as fmt
from foresight.columns import INTERVAL_COLUMNS, MEAN, MUNICIPALITY, THEMES, YEAR
from foresight.i18n import has, t
from foresight.ui import loaders, theme, widgets
from foresight.ui import workshop_cache as cache
from foresight.workshop import guess as guess_tools
from foresight.workshop import service
from foresight.workshop.models import GUESS, MATRIX, OWNDATA, RANKING, SCENARIO, SURVEY, Entry, Workshop
from foresight.workshop.security import escape_markdown

CONFIG = {"displaylogo": False, "displayModeBar": False}
GUESS_KINDS = (GUESS, "projection")


def error_text(err: service.WorkshopError, lang: str) -> str:
    """A refusal in the user's language."""
    return t(err.key, lang, **err.params) if has(err.key, lang) else t("workshop.error.generic", lang)


def kind_label(kind: str, lang: str) -> str:
    return t(f"workshop.step.kind.{kind}", lang)


def step_title(step: Mapping[str, Any], lang: str) -> str:
    """The facilitator's title, else the indicator's name for indicator steps, else the kind's name."""
    if step.get("title"):
        return str(step["title"])
    indicator = step.get("indicator")
    cat = loaders.catalogue()
    if indicator in cat.index and step["kind"] in ("indicator", "projection", GUESS):
        return f"{kind_label(step['kind'], lang)}: {cat.loc[indicator, f'name_{lang}']}"
    return kind_label(step["kind"], lang)


def item_labels(step: Mapping[str, Any], lang: str) -> dict[str, str]:
    """Display names of a ranking's or 2×2's items: themes, indicators, or the stored labels."""
    cat = loaders.catalogue()
    stored = step.get("labels") or {}
    out = {}
    for item in step.get("items") or THEMES:
        if has(f"workshop.theme.{item}", lang):
            out[item] = t(f"workshop.theme.{item}", lang)
        elif item in cat.index:
            out[item] = str(cat.loc[item, f"name_{lang}"])
        else:
            out[item] = str(stored.get(item, item))
    return out


def unit_of(indicator: str, lang: str) -> str:
    cat = loaders.catalogue()
    return datasets.unit_label(str(cat.loc[indicator, "unit"]), lang) if indicator in cat.index else ""


def decimals_of(indicator: str) -> int:
    """The indicator's decimals (1 when unknown)."""
    cat = loaders.catalogue()
    return int(cat.loc[indicator, "decimals"]) if indicator in cat.index else 1


def projected_value(step: Mapping[str, Any], code: str) -> dict[str, Any]:
    """The value a guess is revealed against: the trend projection if there is one, else the latest observation.

    Keys: value, year, kind ("projection" / "observed" / "none"), interval (80 %) or None, forecast, method.
    """
    indicator, year = str(step.get("indicator", "population")), int(step.get("year", 2030))
    if indicator in loaders.catalogue().index:
        proj = cache.projection_for(indicator, code, year)
        if proj is not None:
            row = proj["row"]
            return {
                "value": float(row[MEAN]),
                "year": year,
                "kind": "projection",
                "interval": (float(row[INTERVAL_COLUMNS[0]]), float(row[INTERVAL_COLUMNS[1]])),
                "forecast": proj["forecast"],
                "method": proj["method"],
            }
        hist = cache.history(indicator, code)
        if not hist.empty:
            return {
                "value": float(hist.iloc[-1]),
                "year": int(hist.index.max()),
                "kind": "observed",
                "interval": None,
                "forecast": None,
                "method": "",
            }
    return {"value": None, "year": year, "kind": "none", "interval": None, "forecast": None, "method": ""}


def reference_for(step: Mapping[str, Any], code: str) -> Any:
    """The newest official projection (foresight.reference.Reference) for a population step, else None."""
    if str(step.get("indicator", "")) != "population":
        return None
    return cache.reference_2030(code, int(step.get("year", 2030)))


def reference_point(step: Mapping[str, Any], code: str, lang: str) -> tuple[int, float, str] | None:
    """(year, value, label) of the official projection for the chart, for population steps."""
    ref = reference_for(step, code)
    if ref is None:
        return None
    return ref.year, ref.value, t("workshop.chart.reference", lang, edition=ref.edition)


def value_text(indicator: str, value: float | None, lang: str) -> str:
    cat = loaders.catalogue()
    if indicator in cat.index:
        return widgets.value_text(cat.loc[indicator], value, lang)
    return fmt.number(value, 1, lang)


def _source(indicator: str, lang: str) -> None:
    cat = loaders.catalogue()
    if indicator in cat.index:
        st.caption(widgets.source_line(cat.loc[indicator], lang))


# ---------------------------------------------------------------- the step itself (what the wall shows)


def overview(code: str, lang: str, big: bool) -> None:
    """The municipality's headline figures, one per theme."""
    cat = loaders.catalogue()
    st.header(t("workshop.overview.heading", lang, name=widgets.name(code, lang)))
    cards = [c for c in cache.key_figures(code) if "value" in c]
    # Per theme the freshest headline figure (the first in the catalogue's order among equally fresh ones),
    # so "now" on the wall is as recent as the data allow.
    freshest: dict[str, dict[str, object]] = {}
    for card in cards:
        theme = str(card["theme"])
        if theme not in freshest or int(card["year"]) > int(freshest[theme]["year"]):  # type: ignore[call-overload]
            freshest[theme] = card
    shown = [freshest[th] for th in THEMES if th in freshest]
    this_year = datetime.date.today().year
    columns = st.columns(3 if big else 2)
    for i, card in enumerate(shown):
        ind = cat.loc[str(card["indicator"])]
        year = int(card["year"])  # type: ignore[call-overload]
        with columns[i % len(columns)].container(border=True):
            st.metric(
                # The year in the label's size beside the figure, not only in the small print.
                f"{t('theme.' + str(card['theme']), lang)} · {widgets.indicator_name(ind, lang)} · "
                f"{widgets.data_period(ind, year)}",
                widgets.value_text(ind, float(card["value"]), lang),  # type: ignore[arg-type]
            )
            old = freshness.years_old(year, this_year)
            if old is not None:
                st.markdown(f"**:material/history: {t('glance.old', lang, year=year, age=old)}**")
            st.caption(widgets.source_line(ind, lang, year))


def indicator(step: Mapping[str, Any], code: str, lang: str, big: bool) -> None:
    """One indicator's history with its latest value and source."""
    ind_id = str(step.get("indicator", ""))
    hist = cache.history(ind_id, code) if ind_id in loaders.catalogue().index else pd.Series(dtype=float)
    if hist.empty:
        st.info(t("workshop.indicator.no_data", lang), icon=":material/info:")
        return
    st.markdown(
        t(
            "workshop.indicator.latest",
            lang,
            value=value_text(ind_id, float(hist.iloc[-1]), lang),
            year=int(hist.index.max()),
        )
    )
    fig = charts_workshop.projection_chart(
        hist, None, widgets.name(code, lang), lang, unit_of(ind_id, lang), height=440 if big else 300, big=big
    )
    theme.chart_with_alt(fig, lang=lang, config=CONFIG)
    _source(ind_id, lang)


def own_indicator(ws: Workshop, step: Mapping[str, Any], lang: str, big: bool) -> None:
    """An attached own-data indicator: the municipality against the others in the file, labelled own data."""
    from foresight import charts_owndata, situation
    from foresight.owndata import store as own_store

    collection = cache.attached_owndata(ws.id)
    ind_id = str(step.get("indicator", ""))
    if ind_id not in set(collection.indicators["id"]):
        st.info(t("workshop.owndata.gone", lang), icon=":material/info:")
        return
    ind = collection.indicator(ind_id)
    frame = collection.frame(ind_id)
    code = ws.municipality
    own_label = t("owndata.source_label", lang)
    title, unit = str(ind["name"]), str(ind["unit"] or "")
    st.badge(t("owndata.badge", lang), icon=":material/upload_file:", color="orange")
    others = sorted(set(frame[MUNICIPALITY]) - {code})
    own = situation.series(frame, code, ind_id)
    band = situation.peer_band(frame, ind_id, others)
    if own.empty:
        st.info(
            t("owndata.no_data_for", lang, name=widgets.name(code, lang), indicator=escape_markdown(title)),
            icon=":material/info:",
        )
    if not own.empty or not band.empty:
        labels = {k: t(f"compare.band.{k}", lang) for k in ("range", "iqr", "median")}
        fig = charts_owndata.band(own, band, widgets.name(code, lang), lang, labels, own_label, title, unit)
        fig.update_layout(height=460 if big else 320)
        theme.chart_with_alt(fig, lang=lang, config=CONFIG)
    year = int(own.index.max()) if not own.empty else int(frame[YEAR].max())
    ranked = situation.ranking(frame, ind_id, 0, [code, *others], year)
    if 2 <= len(ranked) <= 40:
        ranked["name"] = [widgets.name(c, lang) for c in ranked[MUNICIPALITY]]
        theme.chart_with_alt(
            charts_owndata.ranking(ranked, code, lang, unit, own_label, f"{title} {year}"),
            lang=lang,
            config=CONFIG,
        )
    st.caption(
        t(
            "owndata.source_line",
            lang,
            source=escape_markdown(own_store.source_text(str(ind["filename"]), lang)),
            years=fmt.year_span(int(ind["first_year"]), int(ind["last_year"])),
            n=int(ind["n_municipalities"]),
        )
    )


def comparison(step: Mapping[str, Any], code: str, lang: str, big: bool) -> None:
    """Total population under the baseline and the chosen preset scenarios."""
    from foresight import scenario

    presets = tuple(p for p in step.get("scenarios") or scenario.PRESET_IDS if p in scenario.PRESETS)
    lines = cache.scenario_totals(code, presets)
    if lines.empty:
        st.info(t("workshop.comparison.none", lang), icon=":material/info:")
        return
    names = {"baseline": t("workshop.comparison.baseline", lang)}
    names.update({f"scenario.preset.{p}.name": t(f"scenario.preset.{p}.name", lang) for p in presets})
    st.markdown(t("workshop.comparison.prompt", lang, name=widgets.name(code, lang)))
    actual = cache.history("population", code)
    fig = charts_workshop.scenario_lines(
        lines,
        names,
        lang,
        t("workshop.comparison.y", lang),
        height=500 if big else 320,
        big=big,
        actual=actual[actual.index >= 2010] if not actual.empty else None,
        actual_label=t("workshop.comparison.actual", lang),
    )
    theme.chart_with_alt(fig, lang=lang, config=CONFIG)
    st.caption(t("workshop.comparison.note", lang, edition=cache.newest_edition()))


def mid_sentence(name: str) -> str:
    """A name placed mid-sentence: 'Väkiluku' → 'väkiluku', but 'HUS-alue' and 'EU' stay as they are."""
    return name[:1].lower() + name[1:] if len(name) > 1 and name[1:2].islower() else name


def prompt(step: Mapping[str, Any], lang: str, code: str = "") -> str:
    """What the room is asked at this step (guesses name the municipality)."""
    kind = step["kind"]
    if kind == RANKING:
        return t("workshop.vote.ranking.prompt", lang)
    if kind == MATRIX:
        return t("workshop.vote.matrix.prompt", lang)
    if kind in GUESS_KINDS:
        ind_id = str(step.get("indicator", ""))
        cat = loaders.catalogue()
        name = str(cat.loc[ind_id, f"name_{lang}"]) if ind_id in cat.index else ind_id
        return t(
            "workshop.vote.guess.prompt",
            lang,
            indicator=mid_sentence(name),
            year=int(step.get("year", 2030)),
            name=widgets.name(code, lang) if code else "",
        ).lstrip(": ")
    if kind == SCENARIO:
        return t("workshop.vote.scenario.prompt", lang)
    return ""


# ---------------------------------------------------------------- results


def ranking(frame: pd.DataFrame, step: Mapping[str, Any], lang: str, big: bool) -> None:
    voters = int(frame["voters"].iloc[0]) if len(frame) else 0
    if voters == 0:
        st.info(t("workshop.summary.none", lang), icon=":material/info:")
        return
    fig = charts_workshop.borda_bar(
        frame,
        item_labels(step, lang),
        lang,
        t("workshop.summary.points", lang),
        height=500 if big else 340,
        big=big,
    )
    theme.chart_with_alt(fig, lang=lang, config=CONFIG)
    st.caption(t("workshop.summary.voters", lang, n=voters) + " · " + t("workshop.ranking.method", lang))


def matrix(
    frame: pd.DataFrame, points: pd.DataFrame | None, step: Mapping[str, Any], lang: str, big: bool
) -> None:
    if int(frame["n"].sum()) == 0:
        st.info(t("workshop.summary.none", lang), icon=":material/info:")
        return
    quadrants = {
        q: t(f"workshop.matrix.quadrant.{q}", lang) for q in ("critical", "trends", "watch", "minor")
    }
    fig = charts_workshop.matrix_scatter(
        frame,
        points,
        item_labels(step, lang),
        lang,
        (t("workshop.matrix.impact", lang) + " →", t("workshop.matrix.uncertainty", lang) + " →"),
        quadrants,
        height=540 if big else 380,
        big=big,
    )
    theme.chart_with_alt(fig, lang=lang, config=CONFIG)
    st.caption(t("workshop.summary.voters", lang, n=int(frame["n"].max())))


def guesses(
    data: Mapping[str, Any], step: Mapping[str, Any], code: str, lang: str, big: bool, revealed: bool
) -> None:
    """The guesses' distribution, with the projected value once revealed (predict, then reveal).

    On the wall the projection and the guesses stand side by side, so both fit one screen.
    """
    ind_id = str(step.get("indicator", ""))
    stats, values = data["summary"], data["values"]
    target = projected_value(step, code) if revealed else None
    # Compact on purpose: at 1280×720 the answer, the official figure, the room's hits and both charts must
    # share one screen. One heading, one line of facts, one caption of explanations.
    facts: list[str] = []
    notes: list[str] = []
    if target is not None and target["kind"] == "projection":
        low, high = target["interval"]
        st.markdown(
            "### "
            + t(
                "workshop.reveal.projection",
                lang,
                year=target["year"],
                value=value_text(ind_id, target["value"], lang),
                low=value_text(ind_id, low, lang),
                high=value_text(ind_id, high, lang),
            )
        )
        notes.append(t("workshop.reveal.projection_note", lang, method=method_name(target["method"], lang)))
        ref = reference_for(step, code)
        if ref is not None:
            facts.append(
                t(
                    "workshop.reveal.reference",
                    lang,
                    edition=ref.edition,
                    year=ref.year,
                    value=fmt.number(ref.value, 0, lang),
                )
            )
            diff = fmt.number(abs(float(target["value"]) - ref.value), 0, lang)
            notes.append(t("workshop.reveal.reference_why", lang, diff=diff))
    elif target is not None and target["kind"] == "observed":
        st.markdown(
            "### "
            + t(
                "workshop.reveal.observed",
                lang,
                year=target["year"],
                value=value_text(ind_id, target["value"], lang),
            )
        )
        notes.append(t("workshop.reveal.observed_note", lang))
    summary: list[str] = []
    if stats["n"]:
        summary = [t("workshop.summary.guess_count", lang, n=stats["n"])]
        summary.append(
            t("workshop.summary.guess_median", lang, median=value_text(ind_id, stats["median"], lang))
        )
        if stats["n"] >= 5:  # a middle 80 % of three guesses says nothing
            summary.append(
                t(
                    "workshop.summary.guess_range",
                    lang,
                    p10=value_text(ind_id, stats["p10"], lang),
                    p90=value_text(ind_id, stats["p90"], lang),
                )
            )
        if target is not None and target.get("interval") is not None:
            hits = guess_tools.within_band(values.tolist(), target["interval"])
            facts.append("**" + t("workshop.reveal.within_band", lang, k=hits, n=stats["n"]) + "**")
    if facts:
        st.markdown(" · ".join(facts))
    if notes:
        st.caption(" ".join(notes))
    if summary and target is None:
        st.caption(" · ".join(summary))
    hist = cache.history(ind_id, code) if target is not None and target["kind"] == "projection" else None
    show_line = hist is not None and not hist.empty and step["kind"] == "projection"
    left, right = st.columns(2) if big and show_line else (st.container(), st.container())
    height = 360 if big else 280
    if show_line and hist is not None and target is not None:
        fig = charts_workshop.projection_chart(
            hist,
            target["forecast"],
            widgets.name(code, lang),
            lang,
            unit_of(ind_id, lang),
            guesses_median=stats["median"],
            guess_year=int(step.get("year", 2030)),
            guess_label=t("workshop.chart.median", lang),
            reference=reference_point(step, code, lang),
            height=height,
            big=big,
        )
        theme.chart_with_alt(fig, lang=lang, container=left, config=CONFIG)
    if not stats["n"]:
        right.info(t("workshop.summary.none", lang), icon=":material/info:")
        return
    titles = {
        "x": unit_of(ind_id, lang) or t("workshop.vote.guess.label", lang),
        "y": t("workshop.chart.participants", lang),
        "median": t("workshop.chart.median", lang),
        "revealed": t(
            "workshop.chart.projected"
            if target and target["kind"] == "projection"
            else "workshop.chart.observed",
            lang,
        ),
    }
    answer = None if target is None else target["value"]
    axis = guess_tools.axis_range(values.tolist(), answer)
    fig = charts_workshop.guess_histogram(
        values,
        lang,
        titles,
        revealed=answer,
        interval=None if target is None else target["interval"],
        height=height,
        big=big,
        x_range=None if axis is None else (axis.low, axis.high),
    )
    theme.chart_with_alt(fig, lang=lang, container=right, config=CONFIG)
    below = list(summary) if target is not None else []
    if axis is not None and axis.outside:
        below.append(t("workshop.chart.off_axis", lang, n=axis.outside))
    if below:
        right.caption(" · ".join(below))


# The room's levers: rates that read the same in every municipality and that move the population figure.
ROOM_LEVERS = ("net_migration_rate", "fertility_change", "life_expectancy_change")


def method_name(method: str, lang: str) -> str:
    """A projection method's name in words ('drift' → 'keskimääräinen vuosimuutos')."""
    key = f"projection.method.{method}"
    return t(key, lang) if method and has(key, lang) else t("workshop.reveal.method_unknown", lang)


def lever_options(lever_id: str) -> list[float]:
    """The values a room lever can take, from its minimum to its maximum in its steps."""
    from foresight import scenario

    low, high, stride = scenario.slider_range(lever_id)
    count = int(round((high - low) / stride))
    return [round(low + i * stride, 6) for i in range(count + 1)]


def lever_value_text(lever_id: str, value: float, lang: str) -> str:
    """A room lever's value in words: '+2,0 ‰ of residents a year', '−5 %', '+0,5 years'."""
    from foresight import scenario

    lever = scenario.levers.BY_ID[lever_id]
    decimals = 0 if float(value).is_integer() and lever.step >= 1 else 1
    number = fmt.number(float(value), decimals, lang, sign=float(value) != 0)
    return t(f"workshop.lever.{lever_id}.value", lang, value=number)


def own_guess(eng: Any, ws: Workshop, step: Mapping[str, Any], token: str, lang: str) -> None:
    """On a phone after the reveal: the person's own guess against the answer and its 80 % band."""
    mine = service.own_submissions(eng, token)
    mine = mine[(mine["step_id"] == step["id"]) & (mine["kind"] == GUESS) & (~mine["withdrawn"].astype(bool))]
    target = projected_value(step, ws.municipality)
    if mine.empty or target["value"] is None:
        return
    ind_id = str(step.get("indicator", ""))
    value = float(mine.iloc[-1]["payload"]["value"])
    error = guess_tools.relative_error(value, float(target["value"]))
    text = t(
        "workshop.reveal.yours",
        lang,
        value=value_text(ind_id, value, lang),
        answer=value_text(ind_id, float(target["value"]), lang),
        diff="–" if error is None else fmt.number(error * 100, 0, lang, sign=True) + " %",
    )
    band = target.get("interval")
    if band is not None:
        inside = guess_tools.within_band([value], band) == 1
        text += " " + t("workshop.reveal.yours_in" if inside else "workshop.reveal.yours_out", lang)
    st.info(text, icon=":material/person:")


def lever_text(levers: Mapping[str, Any], lang: str) -> str:
    """The levers a scenario moved from the defaults, in words ('Syntyvyys +5 %; …')."""
    from foresight import scenario

    base = scenario.defaults()
    parts = []
    for lever in scenario.LEVERS:
        value = levers.get(lever.id)
        if value is None or base.get(lever.id) == value or lever.id == "start_year":
            continue
        if has(f"workshop.lever.{lever.id}.value", lang):
            parts.append(f"{t(f'workshop.lever.{lever.id}', lang)} {lever_value_text(lever.id, value, lang)}")
            continue
        number = fmt.number(float(value), 0 if lever.integer else 1, lang, sign=True)
        parts.append(f"{t(lever.label_key, lang)} {number} {t(lever.unit, lang)}")
    return "; ".join(parts) or t("workshop.scenario.no_change", lang)


def scenario_title(payload: Mapping[str, Any], lang: str) -> str:
    """A scenario's name: the one typed, else the preset's if its levers are untouched, else its levers."""
    from foresight import scenario

    name = str(payload.get("name") or "").strip()
    if name:
        return name
    levers = dict(payload.get("levers") or {})
    preset = payload.get("preset")
    if preset in scenario.PRESETS and preset != "baseline":
        own = scenario.preset(str(preset)).levers
        if all(float(levers.get(k, v)) == float(v) for k, v in own.items()):
            return t(f"scenario.preset.{preset}.name", lang)
    return lever_name(levers, lang)


def lever_name(levers: Mapping[str, Any], lang: str) -> str:
    """A short name from the room's levers that moved: 'Muuttoliike +2,0 ‰/v; Syntyvyys +10 %'."""
    from foresight import scenario

    base = scenario.defaults()
    parts = []
    for lever_id in ROOM_LEVERS:
        value = levers.get(lever_id)
        if value is None or float(value) == float(base[lever_id]):
            continue
        parts.append(f"{t(f'workshop.lever.{lever_id}', lang)} {lever_value_text(lever_id, value, lang)}")
    return "; ".join(parts) or t("workshop.scenario.no_change", lang)


def scenario_preview(code: str, levers: Mapping[str, Any], lang: str) -> None:
    """'Kuopio 2030: 127 400 (−5 500 from the official projection)', live as the levers move."""
    value = cache.scenario_value(code, dict(levers))
    ref = cache.reference_2030(code)
    if value is None or ref is None:
        st.caption(t("workshop.comparison.none", lang))
        return
    diff = value - ref.value
    st.metric(
        t("workshop.scenario.preview", lang, name=widgets.name(code, lang), year=ref.year),
        fmt.number(value, 0, lang),
        delta=t("workshop.scenario.preview_delta", lang, diff=fmt.number(diff, 0, lang, sign=True)),
        delta_color="off",
        delta_arrow="off",  # neither good nor bad; and a "−" (U+2212) would get an upward arrow
    )
    st.caption(t("workshop.scenario.preview_note", lang, reference=fmt.number(ref.value, 0, lang)))


def entry(item: Entry, lang: str, *, with_levers: bool = True, value: str = "") -> None:
    """One scenario or comment card; all of it participant text, so all of it escaped."""
    with st.container(border=True):
        author = item.author or t("workshop.anonymous", lang)
        if with_levers and "levers" in item.payload:
            title = escape_markdown(scenario_title(item.payload, lang))
            st.markdown(f"**{title}**" + (f" · **{value}**" if value else ""))
            st.caption(
                escape_markdown(lever_text(item.payload["levers"], lang)) + " · " + escape_markdown(author)
            )
        else:
            st.caption(escape_markdown(author))
        if item.comment:
            st.markdown(escape_markdown(item.comment))


def scenarios(entries: list[Entry], code: str, lang: str, big: bool = False) -> None:
    """The room's scenarios together: their 2030 populations beside the official projection, then the cards."""
    if not entries:
        st.info(t("workshop.summary.none", lang), icon=":material/info:")
        return
    ref = cache.reference_2030(code)
    shown = entries[-12:]
    values = [cache.scenario_value(code, dict(e.payload.get("levers") or {})) for e in shown]
    if ref is not None and any(v is not None for v in values):
        st.markdown(
            "#### " + t("workshop.scenario.chart_title", lang, name=widgets.name(code, lang), year=ref.year)
        )
        pairs = [
            (scenario_title(e.payload, lang), v) for e, v in zip(shown, values, strict=True) if v is not None
        ]
        fig = charts_workshop.scenario_bars(
            [n for n, _ in pairs],
            [v for _, v in pairs],
            lang,
            reference=ref.value,
            reference_label=t("workshop.scenario.reference", lang, edition=ref.edition),
            actual=ref.actual,
            actual_label=t("workshop.scenario.actual", lang, year=ref.actual_year or ""),
            height=max(300, 110 + 56 * len(shown)) if big else max(240, 90 + 40 * len(shown)),
            big=big,
        )
        # the text alternative says what the dots say: each scenario's figure, then the reference
        description = (
            "; ".join(f"{n}: {fmt.number(v, 0, lang)}" for n, v in pairs)
            + ". "
            + t("workshop.scenario.reference", lang, edition=ref.edition)
            + f": {fmt.number(ref.value, 0, lang)}."
        )
        theme.chart_with_alt(fig, lang=lang, description=description, table=pd.DataFrame(), config=CONFIG)
    columns = st.columns(3 if big else 1)
    for i, (item, value) in enumerate(zip(shown, values, strict=True)):
        text = ""
        if value is not None and ref is not None:
            text = t(
                "workshop.scenario.card_value",
                lang,
                year=ref.year,
                value=fmt.number(value, 0, lang),
                diff=fmt.number(value - ref.value, 0, lang, sign=True),
            )
        with columns[i % len(columns)]:
            entry(item, lang, value=text)


def comment_list(entries: list[Entry], lang: str, limit: int = 8) -> None:
    for item in entries[-limit:]:
        entry(item, lang, with_levers=False)


def results(
    eng: Any, ws: Workshop, step: Mapping[str, Any], lang: str, *, big: bool, data: Any = None
) -> None:
    """A step's aggregate; data is what service.results returned (the caller checked the right to see it)."""
    kind, step_id = step["kind"], step["id"]
    if kind == RANKING:
        ranking(data, step, lang, big)
    elif kind == MATRIX:
        matrix(data, service.matrix_points(eng, ws.id, step_id), step, lang, big)
    elif kind in GUESS_KINDS:
        guesses(data, step, ws.municipality, lang, big, revealed=step_id in ws.revealed)
    elif kind == SCENARIO:
        scenarios(data, ws.municipality or "091", lang, big)


def room_data(eng: Any, ws: Workshop, step: Mapping[str, Any]) -> Any:
    """The aggregate the wall shows for a revealed step (anonymous unless names are shown)."""
    kind, step_id = step["kind"], step["id"]
    if kind == RANKING:
        return service.ranking_results(eng, ws.id, step_id)
    if kind == MATRIX:
        return service.matrix_results(eng, ws.id, step_id)
    if kind in GUESS_KINDS:
        return {
            "summary": service.guess_summary(eng, ws.id, step_id),
            "values": service.guesses(eng, ws.id, step_id),
        }
    if kind == SCENARIO:
        return service.scenarios(eng, ws.id, step_id)
    return None


def results_step(eng: Any, ws: Workshop, lang: str, big: bool) -> None:
    """The 'results' step: every revealed vote of the session, one after another."""
    shown = 0
    for step in ws.steps:
        if step["id"] not in ws.revealed or step["kind"] not in (RANKING, MATRIX, *GUESS_KINDS, SCENARIO):
            continue
        st.subheader(step_title(step, lang))
        results(eng, ws, step, lang, big=big, data=room_data(eng, ws, step))
        shown += 1
    if not shown:
        st.info(t("workshop.results.none", lang), icon=":material/info:")
    notes = service.comments(eng, ws.id)  # hidden ones left out by the store
    if notes:
        st.subheader(t("workshop.summary.comments", lang))
        comment_list(notes, lang, limit=12)


def live_signature(eng: Any, step: Mapping[str, Any] | None) -> Any:
    """What else can change a step on the wall besides the workshop's own version: at a survey step, the
    survey's published state and answer count (residents keep answering during the session); else None."""
    if step is None or step["kind"] != SURVEY:
        return None
    from foresight import survey_store as store

    survey = store.find(eng, str(step.get("survey", "")))
    return None if survey is None else (survey.published, store.count(eng, survey) if survey.published else 0)


def survey_step(eng: Any, ws: Workshop, step: Mapping[str, Any], lang: str, big: bool) -> None:
    """A residents' survey on the wall: only published results (theme ranking, residents vs the room's
    ranking once that is revealed, choices, statements, approved open answers), every text escaped."""
    from foresight import survey_export
    from foresight import survey_store as store
    from foresight.ui import survey_views

    found = store.published_results(eng, str(step.get("survey", "")))
    if found is None:  # unknown, deleted or not published: the same words, nothing about the survey
        st.info(t("workshop.survey.unpublished", lang), icon=":material/info:")
        return
    survey, res = found
    d = survey.definition
    st.markdown(f"## {escape_markdown(d.title)}")
    st.caption(
        " · ".join(
            [
                t("survey.results.respondents", lang, n=res.respondents),
                t(
                    "survey.state.closed" if survey.state() == "closed" else "survey.state.open",
                    lang,
                    closes=survey_views.day(survey.closes),
                ),
                t("survey.source.note", lang),
            ]
        )
    )
    left, right = st.columns(2) if big else (st.container(), st.container())
    with left:
        st.markdown(f"### {t('survey.results.ranking', lang)}")
        frame = pd.DataFrame(
            [{"item": r.item, "points": r.points, "first_places": r.first_places} for r in res.ranking]
        )
        if res.ranking and res.ranking[0].voters:
            fig = charts_workshop.borda_bar(
                frame,
                {i: t(f"theme.{i}", lang) for i in THEMES},
                lang,
                t("workshop.summary.points", lang),
                height=460 if big else 320,
                big=big,
            )
            theme.chart_with_alt(fig, lang=lang, config=CONFIG)
        else:
            st.info(t("survey.html.none", lang), icon=":material/info:")
    with right:
        st.markdown(f"### {t('workshop.survey.compare', lang)}")
        room = store.theme_ranking_step(ws.steps)
        if room is None:
            st.caption(t("workshop.survey.compare.none", lang))
        elif room["id"] not in ws.revealed:
            st.caption(t("workshop.survey.compare.waiting", lang))
        else:
            council = store.council_ranking(eng, ws.id, str(room["id"]))
            if not council or not council[0].voters:
                st.caption(t("workshop.summary.none", lang))
            else:
                st.dataframe(survey_export.comparison(res.ranking, council, lang), hide_index=True)
    tables = survey_export.results_tables(res, d, lang)
    survey_views.result_tables(tables, res, d, lang, heading="### {}", last_open=8)


def step_body(eng: Any, ws: Workshop, step: Mapping[str, Any], lang: str, *, big: bool) -> None:
    """What the wall shows for a step: content steps draw themselves, voting steps their prompt or results."""
    kind = step["kind"]
    code = ws.municipality or "091"
    if kind == "overview":
        overview(code, lang, big)
    elif kind == "indicator":
        indicator(step, code, lang, big)
    elif kind == "comparison":
        comparison(step, code, lang, big)
    elif kind == OWNDATA:
        own_indicator(ws, step, lang, big)
    elif kind == "results":
        results_step(eng, ws, lang, big)
    elif kind == SURVEY:
        survey_step(eng, ws, step, lang, big)
    else:
        if step["id"] not in ws.revealed or kind not in (*GUESS_KINDS, SCENARIO):  # revealed: results speak
            st.markdown(f"### {prompt(step, lang, code)}")
        if step["id"] in ws.revealed:
            results(eng, ws, step, lang, big=big, data=room_data(eng, ws, step))
            return
        # The count first: on the wall it must stay in view above any chart.
        count = service.answer_counts(eng, ws.id).get(step["id"], 0)
        st.markdown(f"## {t('workshop.present.waiting', lang, n=count)}")
        if kind in GUESS_KINDS:
            indicator(step, code, lang, big)


def join_url(code: str, lang: str = "fi") -> str:
    """The link the QR code encodes: this server's join page with the code (and the language unless Finnish)."""
    import os

    from foresight.workshop import qr

    base = os.environ.get("KUNTALUOTAIN_PUBLIC_URL", "").strip()
    if not base:
        url = str(st.context.url or "http://localhost:8501/")
        base = url.split("?")[0].rsplit("/", 1)[0] if url.count("/") > 2 else url
    page = base.rstrip("/") + "/join" + ("" if lang == "fi" else f"?lang={lang}")
    return qr.join_url(page, code)


def facilitator_from_cookie(eng: Any, code: str | None = None) -> dict[str, Any] | None:
    """The facilitator's seat this browser kept (a cookie), checked against the store, put in the session.

    With a code, only a seat in that workshop counts (the wall of another workshop stays view only).
    """
    from foresight.ui import seat

    kept = seat.read_facilitator()
    if kept is None or (code is not None and kept[0] != code):
        return None
    try:
        ws = service.find(eng, kept[0])
    except service.WorkshopError:
        return None
    if not service.check_key(eng, ws.id, kept[1]):
        return None
    fac = {"id": ws.id, "code": ws.join_code, "key": kept[1]}
    st.session_state["workshop_fac"] = fac
    return fac


def call(action: Callable[[], Any], lang: str) -> Any:
    """Run a store action; a refusal becomes a message in the user's language and None."""
    try:
        return action()
    except service.WorkshopError as err:
        st.error(error_text(err, lang), icon=":material/error:")
        return None
