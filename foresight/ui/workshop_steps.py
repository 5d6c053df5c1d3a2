"""What a workshop step shows on the wall: the municipality's headline figures, an indicator's history, an
attached own-data indicator, the scenario comparison, a residents' survey, or a voting step's prompt and results.

Everything a participant or a survey's owner typed is escaped before it reaches st.markdown
(security.escape_markdown).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from foresight import charts_workshop, freshness
from foresight import format as fmt
from foresight.columns import MUNICIPALITY, THEMES, YEAR
from foresight.i18n import t
from foresight.ui import loaders, theme, widgets
from foresight.ui import workshop_cache as cache
from foresight.ui.workshop_guesses import WALL_CHARTS_KEY, WALL_LOW_KEY
from foresight.ui.workshop_results import heading, results, results_step, room_data
from foresight.ui.workshop_text import GUESS_KINDS, prompt, unit_of, value_text
from foresight.workshop import service
from foresight.workshop.models import OWNDATA, SCENARIO, SURVEY, Workshop
from foresight.workshop.security import escape_markdown

CONFIG = theme.WORKSHOP_CHART_CONFIG


def _source(indicator: str, lang: str) -> None:
    cat = loaders.catalogue()
    if indicator in cat.index:
        st.caption(widgets.source_line(cat.loc[indicator], lang))


def overview(code: str, lang: str, big: bool) -> None:
    """The municipality's headline figures, one per theme."""
    cat = loaders.catalogue()
    with st.container(key="kl_overview_heading"):
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
    sources: list[str] = []
    for i, card in enumerate(shown):
        ind = cat.loc[str(card["indicator"])]
        year = int(card["year"])  # type: ignore[call-overload]
        with columns[i % len(columns)].container(border=True, key=f"kl_card_{i}"):
            st.metric(
                # The year in the label's size beside the figure, not only in the small print.
                f"{t('theme.' + str(card['theme']), lang)} · {widgets.indicator_name(ind, lang)} · "
                f"{widgets.data_period(ind, year)}",
                widgets.value_text(ind, float(card["value"]), lang),  # type: ignore[arg-type]
            )
            old = freshness.years_old(year, this_year)
            if old is not None:
                # Secondary to the figure it qualifies (the wall sizes it below the value), said in words
                # with an icon, never by colour alone.
                with st.container(key=f"kl_stale_{i}"):
                    st.caption(f":material/history: {t('glance.old', lang, year=year, n=old)}")
            line = widgets.source_line(ind, lang, year)
            if not big:
                st.caption(line)
            elif line not in sources:
                sources.append(line)
    if sources:
        # On the wall the six figures share one 1280×720 screen: their sources follow the cards, each said once.
        st.caption(" · ".join(sources))


def indicator(step: Mapping[str, Any], code: str, lang: str, big: bool, *, chart: Any = None) -> None:
    """One indicator's history with its latest value and source; `chart` is where the chart goes (beside the
    text on the wall's guess step), else below it."""
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
    if (
        big
    ):  # on the wall the source goes with the number it qualifies, so the chart has the rest of the screen
        _source(ind_id, lang)
    fig = charts_workshop.projection_chart(
        hist, None, widgets.name(code, lang), lang, unit_of(ind_id, lang), height=440 if big else 300, big=big
    )
    where = chart if chart is not None else st.container()
    if big:
        # beside the text (the wall's indicator and guess steps) the chart has the QR code's reserve; under it, more
        fit = WALL_CHARTS_KEY if chart is not None else WALL_LOW_KEY
        where = where.container(key=f"{fit}_indicator_{step.get('id', '')}")
    theme.chart_with_alt(fig, lang=lang, container=where, config=CONFIG)
    if not big:
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
    where = st.container(key=f"{WALL_CHARTS_KEY}_{step.get('id', 'comparison')}") if big else None
    theme.chart_with_alt(fig, lang=lang, container=where, config=CONFIG)
    st.caption(t("workshop.comparison.note", lang, edition=cache.newest_edition()))


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
                    closes=survey_views.day(survey.closes, lang),
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
        text, chart = st.columns([2, 3]) if big else (st.container(), None)  # on the wall: as at a guess step
        with text:
            indicator(step, code, lang, big, chart=chart)
    elif kind == "comparison":
        comparison(step, code, lang, big)
    elif kind == OWNDATA:
        own_indicator(ws, step, lang, big)
    elif kind == "results":
        results_step(eng, ws, lang, big)
    elif kind == SURVEY:
        survey_step(eng, ws, step, lang, big)
    else:
        if step["id"] not in ws.revealed:
            heading(prompt(step, lang, code), step["id"], "question", big)
        elif kind not in (*GUESS_KINDS, SCENARIO):  # revealed: the results speak, the question is a reminder
            heading(prompt(step, lang, code), f"prompt_{step['id']}", "note", big)
        if step["id"] in ws.revealed:
            results(eng, ws, step, lang, big=big, data=room_data(eng, ws, step))
            return
        # The count first: on the wall it must stay in view above any chart.
        count = service.answer_counts(eng, ws.id).get(step["id"], 0)
        # On the wall a guess step's count and latest value stand beside the history, which then fits the screen.
        text, chart = st.columns([2, 3]) if big and kind in GUESS_KINDS else (st.container(), None)
        text.markdown(f"## {t('workshop.present.waiting', lang, n=count)}")
        if kind in GUESS_KINDS:
            with text:
                indicator(step, code, lang, big, chart=chart)
