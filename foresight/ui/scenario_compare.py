"""The scenario page's comparison: up to four scenarios against the baseline in a table, lines, pyramids and
the municipality's standing among its peers."""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from foresight import charts_scenario as charts
from foresight import scenario as sc
from foresight import small_numbers
from foresight.i18n import t
from foresight.peers import PeerGroup
from foresight.scenario import display
from foresight.ui import loaders, theme
from foresight.ui import scenario_cache as cache
from foresight.ui.scenario_levers import CHART, Context
from foresight.ui.scenario_outcomes import (
    download,
    method,
    observed_population,
    pyramid,
    source_note,
    with_between,
)
from foresight.ui.state import bound

YEARS = (2030, 2040)  # the table's years
PEER_YEAR = 2030
NARROW = 640  # px: Streamlit stacks its columns below this width, and the comparison turns into cards
TABLES = ("scenario_compare", "scenario_peers")  # keys of the tables shown in two layouts (see two_ways)
_NARROW = ",".join(f".st-key-{key}_narrow" for key in TABLES)
_WIDE = ",".join(f".st-key-{key}_wide" for key in TABLES)
NARROW_CSS = (
    f"@media (min-width:{NARROW + 1}px){{{_NARROW}{{display:none!important}}}}"
    f"@media (max-width:{NARROW}px){{{_WIDE}{{display:none!important}}}}"
)


def two_ways(key: str, frame: pd.DataFrame, narrow_html: str, *, static: bool = False) -> None:
    """A table as the wide grid (or, `static`, a table whose cells wrap) and as static HTML for a phone; CSS
    shows one by the screen's width, and display:none keeps the other from screen readers too (Streamlit
    cannot know the width on the server)."""
    with st.container(key=f"{key}_wide"):
        if static:
            st.table(frame, hide_index=True)
        else:
            st.dataframe(frame, hide_index=True, width="stretch")
    with st.container(key=f"{key}_narrow"):
        st.html(narrow_html)


def legend(
    scenarios: Mapping[str, sc.Scenario], labels: Mapping[str, str], palette: Mapping[str, str], lang: str
) -> None:
    """Each scenario's colour, name and levers in words, in a box."""
    with st.container(border=True):
        for option, scenario in scenarios.items():
            mark = f" :orange-badge[{t('scenario.interpretation', lang)}]" if scenario.interpretation else ""
            st.markdown(
                f"<span style='color:{palette[option]}'>■</span> **{html.escape(labels[option])}**{mark}: "
                f"{display.summary(scenario, lang)}",
                unsafe_allow_html=True,
            )


def peers(
    ctx: Context,
    specs: tuple[cache.Spec, ...],
    labels: dict[str, str],
    palette: dict[str, str],
    group: PeerGroup,
) -> None:
    """The municipality's population and rank among its peers under each scenario, and the ranking's bars."""
    lang = ctx.lang
    st.markdown(f"**{t('scenario.compare.peers', lang, year=PEER_YEAR)}**")
    members = tuple(group.members)
    if not members:
        st.info(t("scenario.compare.no_peers", lang), icon=":material/info:")
        return
    positions = cache.peer_positions(ctx.edition, ctx.code, members, specs, PEER_YEAR)
    standing = display.peer_standing(positions, labels, PEER_YEAR, lang)
    two_ways("scenario_peers", standing, display.frame_table(standing, lang))
    names = loaders.register()[f"name_{lang}"]
    # The bars say "Kuopio · Perusura": the full name beside the municipality's was cut at the chart's edge.
    short = {**labels, "baseline": t("scenario.preset.baseline.short", lang)}
    ranked = display.peer_bars(positions, short, palette, charts.PEER_COLOUR, names.to_dict(), ctx.name)
    theme.chart_with_alt(
        charts.peer_ranking(ranked, lang, x_title=t("scenario.unit.persons", lang)), lang=lang, config=CHART
    )
    caption = t("scenario.compare.peers_caption", lang, n=len(members))
    st.caption(with_between(caption, ctx.edition, (PEER_YEAR,), lang))


def compare(
    ctx: Context, scenarios: dict[str, sc.Scenario], labels: dict[str, str], group: PeerGroup
) -> None:
    """The chosen scenarios against the baseline: table, lines, pyramids, peers and downloads."""
    lang, code, edition = ctx.lang, ctx.code, ctx.edition
    specs = tuple(cache.spec(option, scenario) for option, scenario in scenarios.items())
    if not specs:
        st.info(t("scenario.compare.none", lang), icon=":material/info:")
        return
    _, notes = cache.results(edition, code, specs)
    for note in notes:
        if note.key == "scenario.message.held_at_zero_in":
            label = labels.get(str(note.params.get("scenario")), "")
            st.warning(t(note.key, lang, scenario=label), icon=":material/warning:")
    palette = charts.colours(list(labels))
    legend(scenarios, labels, palette, lang)

    st.header(t("scenario.compare.table", lang))
    table = cache.outcomes(edition, code, specs, YEARS)
    frame = display.compare_frame(table, labels, YEARS, lang)
    # A static table whose cells wrap, or on a phone a short table per scenario, stacked. The scrolling grid
    # cut the third scenario's column ("Loitton…") at 1280 px and scrolled inside itself.
    st.html(f"<style>{display.COMPARE_CARD_CSS}{NARROW_CSS}</style>")
    marks = {labels[option]: colour for option, colour in palette.items() if option in labels}
    two_ways("scenario_compare", frame, display.compare_cards(frame, lang, marks), static=True)
    st.caption(with_between(t("scenario.compare.table_caption", lang), edition, YEARS, lang))
    small = small_numbers.note(loaders.register()["population"].get(code), ctx.name, lang)
    if small is not None:  # the per cent differences above move a lot with a few persons
        st.warning(small, icon=":material/warning:")

    st.header(t("scenario.compare.lines", lang))
    measure = bound(
        st.selectbox,
        t("scenario.compare.measure", lang),
        "scenario_measure",
        "total",
        options=[m for m in sc.MEASURES if m in set(table["measure"])],
        format_func=lambda m: display.measure_label(m, lang),
    )
    frame = cache.series(edition, code, specs)
    theme.chart_with_alt(
        charts.lines(
            frame[frame["measure"] == measure],
            labels,
            lang,
            history=observed_population(code) if measure == "total" else None,
            history_label=t("scenario.observed", lang),
            published_label=t("scenario.published", lang),
            y_title=display.measure_label(measure, lang),
            decimals=display.decimals(measure),
        ),
        lang=lang,
        config=CHART,
    )
    source_note(ctx)

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
        pyramid(edition, code, specs, int(year), labels, lang)
    with right:
        peers(ctx, specs, labels, palette, group)

    download(ctx, specs, labels, f"kuntaluotain_skenaariovertailu_{code}", "dl_scenario_compare")
    method(ctx)
