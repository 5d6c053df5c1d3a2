"""Number fields that read numbers as the page's language writes them ("2,5" in Finnish and Swedish).

st.number_input has no locale: in a browser it drops a decimal comma, so "2,5" became 25, ten times off and
without a word. This field is a st.text_input that shows the value as the language writes it, reads what
people type with format.parse_number, and refuses anything else with a message under the field that says what
to write; a refused text never changes the stored value. Like ui.state.bound, the value lives under a plain
session key and the widget's text is written from it on every run (so it follows a language switch and shows
a refused text's value back). The stepper's +/− buttons are gone: a clear field matters more.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import streamlit as st

from foresight import format as fmt
from foresight.i18n import t
from foresight.owndata.text import escape_markdown
from foresight.ui.state import WIDGET

NUMBER_PAD = "kl_number_"  # container key prefix: the script gives its input inputmode="decimal"
MESSAGE = "_number_message_"  # + key: why a typed text was refused, shown once under its field


def shown(value: float | None, decimals: int, lang: str) -> str:
    """The text a field shows for a stored value ('' for none)."""
    return fmt.number_text(value, decimals, lang)


def _bound_text(value: float, decimals: int, lang: str) -> str:
    return fmt.number_exact(value, decimals, lang)


def refusal(
    reason: str,
    text: str,
    lang: str,
    *,
    decimals: int = 1,
    min_value: float | None = None,
    max_value: float | None = None,
    kept: float | None = None,
) -> str:
    """The message for a typed text that is not stored: what was wrong and what to write instead."""
    if reason == "range":
        low = None if min_value is None else _bound_text(min_value, 0, lang)
        high = None if max_value is None else _bound_text(max_value, 0, lang)
        key = (
            "range" if low is not None and high is not None else "at_least" if low is not None else "at_most"
        )
        message = t(f"widget.number.{key}", lang, low=low or "", high=high or "")
    elif reason == "empty":
        message = t("widget.number.empty", lang, example=fmt.number(2.5, 1, lang))
    else:
        example = fmt.number_text(1234.5, 1, lang) if reason == "ambiguous" else fmt.number(2.5, 1, lang)
        cut = text.strip()
        cut = cut if len(cut) <= fmt.MAX_NUMBER_TEXT else cut[: fmt.MAX_NUMBER_TEXT] + "…"
        message = t(f"widget.number.{reason}", lang, text=escape_markdown(cut), example=example)
    if kept is not None:
        message += " " + t("widget.number.kept", lang, value=_bound_text(kept, decimals, lang))
    return message


def _typed(
    key: str,
    widget_key: str,
    lang: str,
    decimals: int,
    min_value: float | None,
    max_value: float | None,
    allow_empty: bool,
    on_change: Callable[..., Any] | None,
    args: Sequence[Any],
) -> None:
    ss = st.session_state
    text = str(ss.get(widget_key) or "")
    kept = ss.get(key)
    refuse = partial(
        refusal, lang=lang, decimals=decimals, min_value=min_value, max_value=max_value, kept=kept
    )
    try:
        value = fmt.parse_number(text, lang)
    except fmt.NumberTextError as exc:
        ss[MESSAGE + key] = refuse(exc.reason, text)
        return
    if value is None and not allow_empty:
        ss[MESSAGE + key] = refuse("empty", text)
        return
    if value is not None and (
        (min_value is not None and value < min_value) or (max_value is not None and value > max_value)
    ):
        ss[MESSAGE + key] = refuse("range", text)
        return
    ss.pop(MESSAGE + key, None)
    ss[key] = value
    if on_change is not None:
        on_change(*args)


def number_field(
    label: str,
    key: str,
    default: float | None = None,
    *,
    lang: str,
    decimals: int,
    min_value: float | None = None,
    max_value: float | None = None,
    allow_empty: bool = False,
    on_change: Callable[..., Any] | None = None,
    args: Sequence[Any] = (),
    show_message: bool = True,
    **kwargs: Any,
) -> float | None:
    """A state-bound number field: the value under `key` (float, or None when empty is allowed), shown with at
    least `decimals` decimals; a typed value is stored, then on_change(*args) runs (it may put the old one back).

    The text widget's key is `w_<key>_<lang>`; other keyword arguments (help, placeholder) go to st.text_input.
    With show_message=False a refusal is kept for the caller to show with `message(key)`, e.g. under a row of
    narrow fields at full width instead of squeezed into the field's column.
    """
    ss = st.session_state
    if key not in ss:
        ss[key] = default
    widget_key = f"{WIDGET}{key}_{lang}"
    ss[widget_key] = shown(ss[key], decimals, lang)
    # A field that cannot go negative asks a phone for its number pad (assets/names.js sets inputmode on the
    # box keyed kl_number_…); one that can keeps the full keyboard, as iOS's decimal pad has no minus sign.
    pad = min_value is not None and min_value >= 0
    with st.container(key=f"{NUMBER_PAD}{key}") if pad else contextlib.nullcontext():
        st.text_input(
            label,
            key=widget_key,
            on_change=_typed,
            args=(key, widget_key, lang, decimals, min_value, max_value, allow_empty, on_change, tuple(args)),
            autocomplete="off",
            **kwargs,
        )
    if show_message:
        show(key)
    value = ss[key]
    return None if value is None else float(value)


def message(key: str) -> str | None:
    """Why the text last typed into the field under `key` was refused, once (None when it was not)."""
    return st.session_state.pop(MESSAGE + key, None)


def show(key: str) -> None:
    """The field's refusal, if any, as an error where this is called."""
    text = message(key)
    with st.container():  # shown once; its own container keeps what follows in place when it goes
        if text:
            st.error(text, icon=":material/error:")


def whole_number(label: str, text: str, lang: str, low: int, high: int) -> int | None:
    """A whole number typed in a form's text field, read as the language writes it; a refused text ("14,5",
    which a number field made 145) is said under the form with the field's label, and gives None."""
    try:
        value = fmt.parse_number(text, lang)
    except fmt.NumberTextError as exc:
        message = refusal(exc.reason, text, lang)
    else:
        if value is None or not value.is_integer():
            message = t("widget.number.whole", lang, example=fmt.number(14, 0, lang))
        elif not low <= value <= high:
            message = refusal("range", text, lang, min_value=low, max_value=high)
        else:
            return int(value)
    st.error(t("widget.number.field", lang, label=label, message=message), icon=":material/error:")
    return None
