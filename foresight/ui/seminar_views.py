"""Cached pieces of the seminar view: the group's members, the quartile matrix and its figure, the 2030 picture."""

from __future__ import annotations

import datetime
from typing import Any

import pandas as pd
import streamlit as st

from foresight import peers, seminar
from foresight.columns import INDICATOR, MUNICIPALITY, VALUE
from foresight.format import with_unit
from foresight.i18n import t
from foresight.snapshot import snapshot_dir
from foresight.ui import loaders, projection_cache

# Presentation mode: no sidebar or header, large type (the wall is read from the back of the room), and the
# header's room given to the matrix.
WALL_CSS = (
    "<style>[data-testid=stSidebar],[data-testid=stSidebarCollapsedControl],header{display:none}"
    "[data-testid=stMain] p,[data-testid=stMain] li,[data-testid=stMain] label{font-size:1.35rem}"
    "[data-testid=stMain] h1{font-size:2.5rem}[data-testid=stMainBlockContainer]{padding-top:1.5rem}</style>"
)


def members(code: str, group: peers.PeerGroup) -> tuple[str, ...]:
    """Everyone in the group: a network season's whole member list, otherwise the peers and the municipality."""
    if group.spec.kind == "network":
        groups = loaders.snapshot().network_groups
        season = groups.loc[groups["group_id"] == group.spec.season, MUNICIPALITY]
        return tuple(sorted(set(season)))
    return tuple(sorted({code, *group.members}))


@st.cache_data(show_spinner=False, max_entries=64)
def _matrix(folder: str, codes: tuple[str, ...], themes: tuple[str, ...]) -> pd.DataFrame:
    cat = loaders.catalogue()
    ids = cat.loc[cat["headline"], "id"]
    frames = {str(i): loaders.indicator_frame(str(i)) for i in ids}
    return seminar.matrix(frames, cat.reset_index(drop=True), codes, themes)


def matrix(codes: tuple[str, ...], themes: tuple[str, ...]) -> pd.DataFrame:
    """Members × headline indicators of the themes, with year, value and quartile class (cached)."""
    return _matrix(str(snapshot_dir()), tuple(codes), tuple(themes))


def names(lang: str) -> dict[str, str]:
    reg = loaders.register()
    return {str(c): str(n) for c, n in reg[f"name_{lang}"].items()}


def value_texts(table: pd.DataFrame, lang: str) -> dict[tuple[str, str], str]:
    cat = loaders.catalogue()
    dec = cat["decimals"].astype(int).to_dict()
    unit = cat["unit"].astype(str).to_dict()
    return {
        (m, i): with_unit(None if pd.isna(v) else float(v), dec[i], unit[i], lang)
        for m, i, v in zip(table[MUNICIPALITY], table[INDICATOR], table[VALUE], strict=True)
    }


@st.cache_data(show_spinner=False, max_entries=64)
def _figure(
    folder: str, codes: tuple[str, ...], themes: tuple[str, ...], sort_by: str, lang: str, big: bool
) -> Any:
    from foresight import charts_scorecard

    table = matrix(codes, themes)
    table = table[~table[INDICATOR].isin(seminar.without_values(table))]  # said under the chart instead
    nm = names(lang)
    order = seminar.row_order(table, nm, sort_by or None)
    cat = loaders.catalogue()
    years = table.dropna(subset=["year"]).groupby(INDICATOR)["year"].first()
    this_year = datetime.date.today().year
    ind_names = {
        str(i): seminar.row_label(
            str(cat.loc[i, f"name_{lang}"]),
            int(years[i]) if i in years.index else None,
            this_year,
            lang,
            seminar.indicator_period(cat, str(i)),
        )
        for i in dict.fromkeys(table[INDICATOR])
    }
    words = {c: t(f"seminar.class.{c}", lang) for c in seminar.CLASSES}
    return charts_scorecard.seminar_matrix(
        table,
        order,
        nm,
        ind_names,
        value_texts(table, lang),
        words,
        t("seminar.year_word", lang),
        lang,
        font_size=17 if big else 13,
        # The narrowest main column it is shown in: 1280 px with the sidebar (790 px), the wall without it.
        width=1120 if big else 790,
    )


def figure(codes: tuple[str, ...], themes: tuple[str, ...], sort_by: str, lang: str, big: bool) -> Any:
    """The matrix figure (cached per group, themes, sort, language and presentation mode)."""
    return _figure(str(snapshot_dir()), tuple(codes), tuple(themes), sort_by, lang, big)


def table(codes: tuple[str, ...], themes: tuple[str, ...], sort_by: str, lang: str) -> pd.DataFrame:
    """The matrix as a readable table: member, indicator, value, year and class in words with its symbol."""
    data = matrix(codes, themes)
    nm = names(lang)
    order = {c: i for i, c in enumerate(seminar.row_order(data, nm, sort_by or None))}
    cat = loaders.catalogue()
    texts = value_texts(data, lang)
    out = pd.DataFrame(
        {
            t("seminar.col_member", lang): data[MUNICIPALITY].map(nm),
            t("seminar.col_indicator", lang): data[INDICATOR].map(lambda i: str(cat.loc[i, f"name_{lang}"])),
            t("seminar.col_value", lang): [
                texts[(m, i)] for m, i in zip(data[MUNICIPALITY], data[INDICATOR], strict=True)
            ],
            t("seminar.col_year", lang): data["year"].astype("Int64"),
            t("seminar.col_class", lang): data["class"].map(lambda c: seminar.class_label(c, lang)),
        }
    )
    return out.assign(_o=data[MUNICIPALITY].map(order)).sort_values("_o", kind="stable").drop(columns="_o")


def projected(indicator: str, codes: tuple[str, ...]) -> tuple[pd.DataFrame, float | None]:
    """Each member's projected 2030 value with its bands and the group median."""
    result = projection_cache.results().get(indicator)
    if result is None:
        return pd.DataFrame(), None
    known = [c for c in codes if c in set(result.codes)]
    return seminar.projected(result.forecasts(codes=known), known, 2030)


def shared_targets(indicator: str, codes: tuple[str, ...]) -> dict[str, float]:
    """Members' saved scorecard targets for the indicator (only scorecards whose owners chose to share)."""
    from foresight import scorecard_store
    from foresight.ui import workshop_cache

    try:
        return scorecard_store.shared_targets(workshop_cache.engine(), indicator, codes)
    except Exception:  # the store unreachable must not take the seminar view down
        return {}
