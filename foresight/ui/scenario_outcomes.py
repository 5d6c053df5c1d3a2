"""The scenario page's outcomes: the scenario against the official projection (totals, lines, pyramid, groups,
table), the economy sketch, the downloads, the source and the method. The comparison reuses the shared parts."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from foresight import charts_scenario as charts
from foresight import format as fmt
from foresight import scenario as sc
from foresight import situation, small_numbers
from foresight.i18n import t
from foresight.projection import official
from foresight.scenario import display
from foresight.scenario.display import CURRENT
from foresight.ui import downloads, loaders, projection_cache, theme
from foresight.ui import number_field as number_fields
from foresight.ui import scenario_cache as cache
from foresight.ui.number_field import number_field
from foresight.ui.scenario_levers import CHART, Context
from foresight.ui.state import bound

ECONOMY_PER_ROW = 3  # economy-sketch fields in a row


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
    text = t(
        "scenario.source",
        ctx.lang,
        edition=t(f"scenario.edition.{ctx.edition}", ctx.lang),
        rate_year=ctx.rate_year or "–",
    )
    if ctx.edition == "2024":  # which of the baseline's years are Statistics Finland's and which the model's
        text += " " + t("scenario.source.2024", ctx.lang)
    st.caption(text)


def with_between(text: str, edition: str, years: Any, lang: str) -> str:
    """A caption followed by the note on the baseline years that are the model's (display.between_note)."""
    note = display.between_note(edition, tuple(years), lang)
    return text if note is None else f"{text} {note}"


def method(ctx: Context) -> None:
    with st.expander(t("scenario.method.title", ctx.lang)):
        st.markdown(t("scenario.method.summary", ctx.lang))
        if ctx.edition == "2024":
            st.markdown(t("scenario.method.edition_2024", ctx.lang))
        st.markdown(t("scenario.method.mortality", ctx.lang))
        st.markdown(t("scenario.method.movers", ctx.lang))
        st.markdown(t("scenario.method.no_sex", ctx.lang))
        st.markdown(t("scenario.method.uncertainty", ctx.lang))


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
    names = display.line_names(edition, current_name, lang)

    st.header(t("scenario.results", lang, scenario=current_name))
    st.caption(with_between(t("scenario.results.intro", lang), edition, years, lang))
    for col, year in zip(st.columns(len(years)), years, strict=True):
        row = mine.loc[("total", year)]
        col.metric(
            t("scenario.metric.total", lang, year=year),
            fmt.number(row["value"], 0, lang),
            help=display.metric_help(year, edition, lang),
            **display.metric_delta(float(row["difference"]), lang),  # type: ignore[arg-type]
        )

    history = observed_population(code)
    # The 2019 edition to 2030 beside the actual populations since: its error so far is the measured
    # uncertainty of an official projection here, said by the key figures and again under the chart.
    earlier = official.for_municipality(projection_cache.official_totals(), code)
    earlier = earlier[(earlier["edition"] == official.EDITION_ANNUAL) & (earlier["year"] <= 2030)]
    errors = official.error_so_far(earlier, history)
    uncertainty = display.uncertainty_text(errors, lang)
    if uncertainty is not None:
        st.caption(uncertainty)
    population = loaders.register()["population"].get(code)
    # Under 2 000 residents the differences in per cent below move a lot with a few persons; under 1 000 the
    # one-year age groups are a few persons too: both said in one box.
    small = [
        text
        for text in (
            display.small_caution(population, edition, lang),
            small_numbers.note(population, ctx.name, lang),
        )
        if text is not None
    ]
    if small:
        st.warning("\n\n".join(small), icon=":material/warning:")

    lines_frame = cache.series(edition, code, specs)
    found = sc.answer(lines_frame, CURRENT)
    if found is not None:  # the question answered in one sentence: total, against the projection, children
        st.markdown("### " + display.answer_text(found, ctx.name, lang, edition))
    fig = charts.lines(
        lines_frame[lines_frame["measure"] == "total"],
        names,
        lang,
        history=history,
        history_label=t("scenario.observed", lang),
        # with the 2019 edition as the baseline, the same projection would be drawn and named twice
        earlier=None if edition == official.EDITION_ANNUAL else earlier.set_index("year")["official"],
        earlier_label=t("scenario.earlier_projection", lang),
        published_label=t("scenario.published", lang),
        y_title=t("scenario.unit.persons", lang),
    )
    theme.chart_with_alt(fig, lang=lang, config=CHART)
    error = display.earlier_error_text(errors, lang, edition)
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
    # A static table wraps its cells, so all years fit a phone; a scrolling grid hid the last year there.
    st.table(display.outcome_frame(mine, years, lang), hide_index=True)
    st.caption(
        with_between(t("scenario.table.caption", lang), edition, years, lang)
        + " "
        + t("scenario.measure.dependency_ratio.help", lang)
        + (" " + t("scenario.measure.employed.help", lang, year=ctx.rate_year) if ctx.has_rate else "")
    )


def note_key(assumption: sc.Assumption, region: object) -> str:
    """An assumption's source note; the tax rate's says the 2023 cut only where it was made (not in Åland)."""
    return sc.tax_note_key(region) if assumption.id == "income_tax_rate" else assumption.note_key


def economy(ctx: Context, item: cache.Spec) -> None:
    """The municipal-economy sketch: every assumption on screen and editable."""
    lang, code, ss = ctx.lang, ctx.code, st.session_state
    st.header(t("scenario.economy.title", lang))
    region = loaders.register()["region_code"].get(code)
    st.info(t(sc.caveat_key(region, code), lang), icon=":material/info:")
    tax, _ = cache.tax_rate(code)
    assumptions = sc.default_assumptions(tax)
    if ss.get("scenario_assume_for") != code:
        # the tax rate is the municipality's own: reset it when the municipality changes
        ss["scenario_assume_for"] = code
        ss["scenario_assume_income_tax_rate"] = tax if tax is not None else 0.0
    edited: dict[str, float] = {}
    # Three fields a row: five in one row broke long labels mid-word ("Varhaiskasvatuksee-n") at 1280 px, and a
    # refusal is said under its row at full width, not in a column one word wide.
    items = list(assumptions.items())
    for start in range(0, len(items), ECONOMY_PER_ROW):
        row = items[start : start + ECONOMY_PER_ROW]
        for col, (assumption_id, assumption) in zip(st.columns(ECONOMY_PER_ROW), row, strict=False):
            with col:
                default = assumption.value if assumption.value == assumption.value else 0.0  # NaN → 0
                edited[assumption_id] = float(
                    number_field(
                        f"{t(assumption.label_key, lang)} ({t(assumption.unit, lang)})",
                        f"scenario_assume_{assumption_id}",
                        float(default),
                        lang=lang,
                        decimals=fmt.places(assumption.step),
                        min_value=float(assumption.minimum),
                        max_value=float(assumption.maximum),
                        show_message=False,
                        help=t(note_key(assumption, region), lang),
                    )
                    or 0.0
                )
        with st.container():  # refusals are shown once: the parts below keep their place when they go
            for assumption_id, assumption in row:
                refused = number_fields.message(f"scenario_assume_{assumption_id}")
                if refused:
                    st.error(
                        t("widget.number.field", lang, label=t(assumption.label_key, lang), message=refused),
                        icon=":material/error:",
                    )
    if tax is None:
        st.info(t("scenario.message.no_tax_rate", lang), icon=":material/info:")
    with st.expander(t("scenario.economy.assumptions", lang)):
        for assumption in assumptions.values():
            st.markdown(f"- **{t(assumption.label_key, lang)}**: {t(note_key(assumption, region), lang)}")
    sketch = cache.sketch(ctx.edition, code, item, tuple(sorted(edited.items())))
    if ctx.has_rate:
        st.table(display.sketch_frame(sketch, lang), hide_index=True)  # wraps to a phone's width
        caption = t("scenario.economy.table_caption", lang) + " " + t("scenario.economy.tax_note", lang)
        st.caption(with_between(caption, ctx.edition, sc.KEY_YEARS, lang))
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
