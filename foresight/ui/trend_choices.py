"""The trends page's choices: the link read once, the indicators not offered, and one run's context."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from foresight import datasets, freshness
from foresight.i18n import t
from foresight.peers import PeerGroup
from foresight.projection import AUTO
from foresight.projection import targets as tg
from foresight.ui import state, widgets


@dataclass(frozen=True)
class Context:
    """One run's choices and the view built for them, with the indicator's catalogue facts at hand."""

    lang: str
    code: str
    indicator: str
    ind: pd.Series  # the indicator's catalogue row
    method: str
    until: int
    view: Any  # projection.view.ProjectionView
    result: Any  # projection.batch.IndicatorProjection
    group: PeerGroup
    names: pd.Series  # municipality names in the language, by code
    target: float | None
    history: pd.Series  # observed values by year
    last_year: int  # of the observations (the catalogue's last year when there are none)

    @property
    def decimals(self) -> int:
        return int(self.ind["decimals"])

    @property
    def unit_id(self) -> str:
        return str(self.ind["unit"])

    @property
    def unit(self) -> str:
        """The unit's label for axes and the target's input ('' for plain numbers)."""
        return datasets.unit_label(self.unit_id, self.lang)

    @property
    def ind_name(self) -> str:
        return str(self.ind[f"name_{self.lang}"])

    def show(self, value: float | None) -> str:
        return widgets.value_text(self.ind, value, self.lang)


# ---------------------------------------------------------------- the link


def read_link(
    results: Mapping[str, Any],
    ids: list[str],
    methods: list[str],
    horizons: list[str],
    cat: pd.DataFrame,
    lang: str,
    notices: Any,
) -> None:
    """Put the link's indicator, method, horizon and targets in the session; say what was not taken."""
    ss = st.session_state
    messages = []
    for param, key, allowed, default, message in (
        ("trend_indicator", "trend_indicator", ids, "population", "msg.unknown_indicator"),
        ("trend_method", "trend_method", methods, AUTO, "projection.page.unknown_method"),
        ("trend_until", "trend_until", horizons, horizons[0], "projection.page.unknown_horizon"),
    ):
        picked, rejected = state.page_param(param, allowed, default)
        ss[key] = picked
        raw = str(st.query_params.get(param, ""))
        if rejected and param == "trend_indicator" and raw in cat.index:  # known, but it cannot be trended
            row = cat.loc[raw]
            single = int(row["first_year"]) == int(row["last_year"])
            key_text = "projection.page.single_year" if single else "projection.page.too_few_years"
            messages.append(t(key_text, lang, name=row[f"name_{lang}"], year=int(row["last_year"])))
        elif rejected:
            messages.append(t(message, lang))
    linked, dropped = tg.from_query({k: str(v) for k, v in st.query_params.items()}, ids)
    kept, outside = tg.in_bounds(linked, {ind: results[ind].bounds for ind in linked})
    dropped = (*dropped, *outside)
    ss["trend_targets"] = kept
    if dropped:
        messages.append(t("projection.page.bad_targets", lang, parts=", ".join(dropped[:5])))
    for text in messages:
        notices.warning(text, icon=":material/warning:")


def not_trendable_caption(cat: pd.DataFrame, ids: list[str], lang: str) -> None:
    """Say which indicators are not offered, and why, rather than leaving them out silently."""
    missing = freshness.not_trendable(cat.reset_index(drop=True), ids)
    if missing.empty:
        return
    untrended = ", ".join(
        f"{cat.loc[i, f'name_{lang}']} ({y})"
        for i, y in zip(missing["id"], missing["last_year"], strict=True)
    )
    # Folded: the list can run to twenty names and would push the chart below the fold on a projector.
    with st.expander(t("projection.page.not_trendable_label", lang, n=len(missing))):
        st.caption(t("projection.page.not_trendable", lang, names=untrended))
