"""st.file_uploader in the page's language.

Streamlit draws its uploader's texts in English and has no locale or parameter for them (streamlit issue
#13500): the "Upload" button, "20MB per file • CSV", "Drag and drop a file here" while a file is dragged over,
a refused file's "File must be 20.0MB or smaller.", and the accessible names "file upload", "Add files" and
"Remove <file>". Scoped CSS hides the visible texts and draws the page's own in their place (no flash of
English, nothing for React to undo). Generated content (::after) counts in the button's accessible name in
Chromium (the accname rules say so), but axe-core does not count it, and names set by aria-label cannot come
from CSS: a small script (assets/uploader.js) sets the button's, the hidden input's and the icon buttons'
aria-labels and the refusal message, again whenever Streamlit redraws them. tests/e2e/test_owndata_e2e.py
checks the names in Chromium and runs axe.

Selectors rest on Streamlit's data-testid attributes (stFileUploaderDropzone, …), not on generated class
names; the e2e test fails if a Streamlit upgrade renames them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from foresight import format as fmt
from foresight.i18n import t
from foresight.ui.names import script_json
from foresight.ui.theme import CAPTION_COLOUR

KEY = re.compile(r"[A-Za-z0-9_-]+")  # a widget key Streamlit puts as-is into the class "st-key-<key>"
DROPZONE = '[data-testid="stFileUploaderDropzone"]'
BUTTON_TEXT = f'{DROPZONE} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"]'
INSTRUCTIONS = '[data-testid="stFileUploaderDropzoneInstructions"]'
DRAG_OVERLAY = f"{DROPZONE} > div:not([data-testid]):has(> span:only-child) > span"

# Sets the names and messages CSS cannot reach (aria-labels, a refused file's message); see the file's header.
SCRIPT = (Path(__file__).resolve().parent / "assets" / "uploader.js").read_text(encoding="utf-8")
UNITS = {"B": "bytes", "KB": "kilobytes", "MB": "megabytes", "GB": "gigabytes"}  # Streamlit's size units


def css_string(text: str) -> str:
    """A CSS string literal for `content:` that no text can break out of (quotes, backslashes, </style>)."""
    out = []
    for char in text:
        if char in '"\\<>' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def types_text(types: Sequence[str]) -> str:
    """The accepted file types as Streamlit shows them: upper case, no dots ("CSV, TXT, XLSX")."""
    return ", ".join(ext.lstrip(".").upper() for ext in types)


def css(key: str, types: Sequence[str], limit_bytes: int, lang: str) -> str:
    """The uploader's texts in lang, scoped to the uploader with this widget key."""
    if not KEY.fullmatch(key):
        raise ValueError(f"uploader key {key!r} is not usable in a CSS class")
    scope = f".st-key-{key}"
    limit = t("widget.upload.limit", lang, size=fmt.file_size(limit_bytes, lang), types=types_text(types))
    return (
        f'<style id="kl-upload-{key}">'
        f'[data-testid="stElementContainer"]:has(#kl-upload-{key}){{display:none}}'
        f"{scope} {BUTTON_TEXT} p{{display:none}}"
        f"{scope} {BUTTON_TEXT}::after{{content:{css_string(t('widget.upload.button', lang))}}}"
        f"{scope} {INSTRUCTIONS}>*{{display:none}}"
        f"{scope} {INSTRUCTIONS}::after{{content:{css_string(limit)};font-size:0.875rem;"
        f"color:{CAPTION_COLOUR};white-space:normal}}"
        f"{scope} {DRAG_OVERLAY}{{font-size:0}}"
        f"{scope} {DRAG_OVERLAY}::after{{content:{css_string(t('widget.upload.drop', lang))};font-size:0.875rem}}"
        "</style>"
    )


def script(key: str, types: Sequence[str], limit_bytes: int, lang: str) -> str:
    """The script that names the uploader's input and icon buttons and says a refusal in lang."""
    texts: dict[str, object] = {name: t(f"widget.upload.{name}", lang) for name in ("button", "another")}
    texts["remove"] = t("widget.upload.remove", lang, name="{name}")
    texts["decimal"] = fmt.number(0.5, 1, lang)[1]
    texts["units"] = {shown: t(f"unit.{unit}", lang) for shown, unit in UNITS.items()}
    scope = {
        key: {
            "too_large": t("widget.upload.too_large", lang, size=fmt.file_size(limit_bytes, lang)),
            "wrong_type": t("widget.upload.wrong_type", lang, types=types_text(types)),
        }
    }
    body = SCRIPT.replace("__TEXTS__", script_json(texts)).replace("__SCOPE__", script_json(scope))
    return f"<script>{body}</script>"


def file_uploader(
    label: str, *, key: str, types: Sequence[str], limit_bytes: int, lang: str, **kwargs: Any
) -> Any:
    """st.file_uploader with its button, limit line and accessible names in lang.

    limit_bytes is the limit the app enforces for this file (shown to the reader), not Streamlit's.
    """
    st.html(
        css(key, types, limit_bytes, lang) + script(key, types, limit_bytes, lang),
        unsafe_allow_javascript=True,
    )
    return st.file_uploader(label, type=list(types), key=key, **kwargs)
