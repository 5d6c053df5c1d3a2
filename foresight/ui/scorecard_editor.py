"""The scorecard's edit tab: one goal's text and indicators, each with its baseline, 2030 target and milestone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from html import escape

import streamlit as st

from foresight import scorecard as sc
from foresight.datasets import unit_label
from foresight.format import number, with_unit
from foresight.i18n import t
from foresight.ui import scorecard_views as views
from foresight.ui.number_field import number_field


def goal_editor(
    code: str, goal: sc.Goal, metas: Mapping[str, sc.Meta], names: Mapping[str, str], lang: str
) -> None:
    """One goal: its text, each indicator's baseline, target and milestone, add and remove."""
    with st.container(border=True):
        st.text_input(
            t("scorecard.goal_label", lang),
            value=goal.text,
            key=f"sc_text_{goal.id}_{lang}",
            max_chars=sc.MAX_TEXT,
            on_change=views.on_goal_text,
            args=(code, goal.id),
        )
        for item in goal.items:
            meta = metas[item.indicator]
            unit = f" ({unit_label(meta.unit, lang)})" if meta.unit and unit_label(meta.unit, lang) else ""
            # The aim and the remove button share a column wide enough for "Ta bort" / "Remove" uncut.
            cols = st.columns([3, 2, 2, 2], vertical_alignment="bottom")
            cols[0].markdown(
                f"**{escape(names[item.indicator])}**  \n"
                + t(
                    "scorecard.baseline_line",
                    lang,
                    value=with_unit(item.baseline_value, meta.decimals, meta.unit, lang),
                    year=item.baseline_year,
                )
                + (
                    "  \n" + t("scorecard.old_baseline", lang)
                    if sc.is_old(item.baseline_year, dt.date.today().year)
                    else ""
                )
            )
            places = max(meta.decimals, 0)
            with cols[1]:
                number_field(
                    t("scorecard.target_label", lang, year=sc.TARGET_YEAR) + unit,
                    views.target_key(goal.id, item.indicator, "target"),
                    float(item.target),
                    lang=lang,
                    decimals=places,
                    on_change=views.on_number,
                    args=(code, goal.id, item.indicator, "target"),
                )
            with cols[2]:
                number_field(
                    t("scorecard.milestone_label", lang, year=sc.MILESTONE_YEAR) + unit,
                    views.target_key(goal.id, item.indicator, "milestone"),
                    item.milestone,
                    lang=lang,
                    decimals=places,
                    allow_empty=True,
                    placeholder=t(
                        "scorecard.milestone_placeholder",
                        lang,
                        value=number(sc.milestone(item), meta.decimals, lang),
                    ),
                    on_change=views.on_number,
                    args=(code, goal.id, item.indicator, "milestone"),
                )
            direction = sc.direction(item, meta.polarity)
            cols[3].caption(t(f"scorecard.direction.{direction}", lang))
            cols[3].button(
                t("scorecard.remove", lang),
                key=f"sc_rm_{goal.id}_{item.indicator}",
                on_click=views.remove_item,
                args=(code, goal.id, item.indicator),
                help=t("scorecard.remove_item_help", lang, indicator=names[item.indicator]),
            )
        if len(goal.items) < sc.MAX_ITEMS:
            options = [i for i in names if i not in {x.indicator for x in goal.items}]
            pick, add = st.columns([4, 1], vertical_alignment="bottom")
            pick.selectbox(
                t("scorecard.add_indicator", lang),
                options=options,
                index=None,
                format_func=names.__getitem__,
                key=f"sc_pick_{goal.id}_{lang}",
                placeholder=t("widget.choose", lang),
            )
            add.button(
                t("scorecard.add", lang),
                key=f"sc_add_{goal.id}",
                on_click=views.add_item,
                args=(code, goal.id),
            )
        st.button(
            t("scorecard.remove_goal", lang),
            key=f"sc_rmg_{goal.id}",
            on_click=views.remove_goal,
            args=(code, goal.id),
        )
