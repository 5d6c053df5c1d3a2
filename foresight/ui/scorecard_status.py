"""The scorecard's overview tab: each goal's status with its indicators' table, and one indicator's chart."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from foresight import scorecard as sc
from foresight import scorecard_export as export
from foresight.datasets import unit_label
from foresight.i18n import t
from foresight.ui import loaders, widgets
from foresight.ui import scorecard_views as views

BADGES = {sc.ON_TRACK: "green", sc.AT_RISK: "orange", sc.OFF_TRACK: "red", sc.NO_NEW_DATA: "gray"}


def _badge(status: str, lang: str) -> str:
    """The status as a coloured badge that also says it in words and with a symbol."""
    return f":{BADGES[status]}-badge[{sc.SYMBOLS[status]} {t('scorecard.status.' + status, lang)}]"


def overview(
    card: sc.Scorecard,
    evaluated: pd.DataFrame,
    metas: Mapping[str, sc.Meta],
    names: Mapping[str, str],
    lang: str,
) -> None:
    """Every goal with its status and each indicator's status and reason: the council's one-page view."""
    st.caption(t("scorecard.rules", lang))
    rows = export.overview(card, evaluated, metas, names, lang)
    labels = export.column_labels(lang)
    for summary in export.goal_summaries(card, evaluated):
        goal: sc.Goal = summary["goal"]
        st.subheader(goal.text or t("scorecard.untitled_goal", lang))
        st.markdown(f"{_badge(summary['status'], lang)} {sc.goal_text(summary, lang)}")
        part = rows[rows["goal_id"] == goal.id] if len(rows) else rows
        if part.empty:
            st.caption(t("scorecard.goal_no_items", lang))
            continue
        # A static table: the reason wraps instead of being cut, at 1280 and 390 px alike, and is read aloud
        # and printed as shown.
        st.table(part[list(export.COLUMNS)].rename(columns=labels), hide_index=True)


def indicator_chart(
    card: sc.Scorecard,
    evaluated: pd.DataFrame,
    metas: Mapping[str, sc.Meta],
    names: Mapping[str, str],
    lang: str,
) -> None:
    """History and trend of one chosen indicator with its target path and milestone (one chart per rerun)."""
    from foresight import charts_scorecard

    pairs = [(g.id, i.indicator) for g in card.goals for i in g.items]
    if not pairs:
        return
    goal_text = {g.id: g.text for g in card.goals}
    choice = st.selectbox(
        t("scorecard.chart_pick", lang),
        options=pairs,
        format_func=lambda p: f"{names[p[1]]} – {goal_text[p[0]]}",
        key=f"sc_chart_{lang}",
    )
    if choice is None:
        return
    gid, ind = choice
    item = next(i for g in card.goals if g.id == gid for i in g.items if i.indicator == ind)
    meta = metas[ind]
    hist = views.history(ind, card.municipality)
    fc = views.forecast(ind, card.municipality)
    labels = {k: t(f"scorecard.legend.{k}", lang) for k in charts_scorecard.LABEL_KEYS}
    fig = charts_scorecard.scorecard_indicator(
        hist[hist.index >= min(item.baseline_year, int(hist.index.max()) if len(hist) else 0) - 10],
        fc,
        (item.baseline_year, item.baseline_value),
        (sc.TARGET_YEAR, item.target),
        (sc.MILESTONE_YEAR, sc.milestone(item)),
        lang,
        labels,
        y_title=unit_label(meta.unit, lang) if meta.unit else "",
        decimals=meta.decimals,
    )
    st.plotly_chart(fig, width="stretch", key=f"sc_fig_{lang}", config={"displayModeBar": False})
    row = evaluated[(evaluated["goal_id"] == gid) & (evaluated["indicator"] == ind)]
    if len(row):
        st.markdown(
            f"**{t('scorecard.status.' + str(row['status'].iloc[0]), lang)}:** "
            + sc.reason_text(row.iloc[0].to_dict(), meta.decimals, meta.unit, lang)
        )
    if not ind.startswith(sc.OWN_PREFIX):
        st.caption(widgets.source_line(loaders.catalogue().loc[ind], lang))
    else:
        st.caption(t("owndata.source_label", lang))
