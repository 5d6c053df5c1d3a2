"""The tap-to-order ranking control, shared by the workshop's phones (pages/join.py) and the residents'
survey (pages/answer.py): tap the items in order of importance; the buttons come in an order shuffled per
person (foresight.workshop.voting), nothing is chosen until tapped, and the last item follows by itself."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from foresight.i18n import t
from foresight.workshop import voting
from foresight.workshop.security import escape_markdown


def _tap(order_key: str, item: str, items: list[str]) -> None:
    st.session_state[order_key] = voting.tap(st.session_state.get(order_key, []), item, items)


def tap_order(
    labels: Mapping[str, str], *, key: str, seed: str, step: str, lang: str, caption: str | None = None
) -> tuple[list[str], Any]:
    """Draw the control; return the order so far (in st.session_state[f"{key}_order"]) and a free column
    beside the "start again" button, for the caller's send button.

    key: the widget keys' prefix; seed and step: the shuffle (the person's token and the question's id).
    """
    items = list(labels)
    order_key = f"{key}_order"
    order = [i for i in st.session_state.get(order_key, []) if i in labels]
    st.caption(caption or t("workshop.vote.ranking.tap", lang, n=len(items)))
    # The same number of slots on every run, filled or left empty: the send button below keeps its place
    # in the page, so a run whose stale elements are not cleared (a rerun racing a fragment's poll) cannot
    # leave a second send button or a chosen item's button behind.
    chosen_slot, next_slot = st.empty(), st.empty()
    tap_slots = [st.empty() for _ in items]
    if order:
        chosen_slot.markdown(
            "\n".join(f"{n}. **{escape_markdown(labels[i])}**" for n, i in enumerate(order, start=1))
        )
    left = [i for i in voting.start_order(seed, step, items) if i not in order]
    if left:
        next_slot.caption(t("workshop.vote.ranking.next", lang, n=len(order) + 1))
    for slot, item in zip(tap_slots, left, strict=False):
        # a callback: the tap is in the order before the page (or fragment) draws again
        slot.button(
            labels[item],
            key=f"{key}_tap_{item}",
            width="stretch",
            on_click=_tap,
            args=(order_key, item, items),
        )
    cols = st.columns(2)
    cols[0].button(
        t("workshop.vote.ranking.reset", lang),
        key=f"{key}_reset",
        icon=":material/restart_alt:",
        width="stretch",
        disabled=not order,
        on_click=st.session_state.__setitem__,
        args=(order_key, []),
    )
    return order, cols[1]
