"""A participant's seat kept in a browser cookie, so a phone that reloads the page (or drops off the Wi-Fi
and comes back) keeps its seat instead of joining as a new person.

The token is the participant's own proof of identity. A cookie stays on this one browser and is not part of
the link, so sharing the page's address never hands someone else the seat. The cookie is written by a few
lines of JavaScript in the page (Streamlit reads cookies but cannot set them); only tokens of the exact
shape the store issues are ever written or read back.
"""

from __future__ import annotations

import re
from typing import Final

import streamlit as st

from foresight.workshop import security

PREFIX: Final = "kl_seat_"
MAX_AGE_S: Final = 24 * 3600  # a workshop day; the next day's session starts with a fresh seat
_TOKEN: Final = re.compile(r"^[0-9]{1,12}\.[A-Za-z0-9_-]{20,100}$")


def cookie_name(code: str) -> str:
    """One cookie per workshop: a phone can sit in two workshops without the seats clashing."""
    return PREFIX + security.normalise_code(code)


def valid_token(token: object) -> bool:
    """Whether a value has the shape of a participant token (and so is safe to put in a script)."""
    return isinstance(token, str) and bool(_TOKEN.match(token))


def _code_ok(code: str) -> bool:
    return bool(code) and all(c in security.CODE_ALPHABET for c in code)


def read(code: str) -> str | None:
    """The token this browser keeps for the workshop with this code, if it has a well-formed one."""
    code = security.normalise_code(code)
    if not _code_ok(code):
        return None
    try:
        token = st.context.cookies.get(cookie_name(code))
    except Exception:  # no browser behind the session (bare script): no cookies
        return None
    return token if valid_token(token) else None


def _script(code: str, value: str, max_age: int) -> str:
    # Lax: the cookie comes along when the QR link opens the app from another site (the camera app).
    return (
        "<script>document.cookie="
        f"'{cookie_name(code)}={value}; path=/; max-age={max_age}; SameSite=Lax';</script>"
    )


def remember(code: str, token: str) -> None:
    """Keep the seat in this browser (written by the page's script on its next render)."""
    code = security.normalise_code(code)
    if _code_ok(code) and valid_token(token):
        st.html(_script(code, token, MAX_AGE_S), unsafe_allow_javascript=True)


def forget(code: str) -> None:
    """Drop a seat the store no longer knows (the workshop was removed or the store reset)."""
    code = security.normalise_code(code)
    if _code_ok(code):
        st.html(_script(code, "", 0), unsafe_allow_javascript=True)


# ---------------------------------------------------------------- the facilitator's seat
# One cookie, "CODE.KEY": the workshop this browser steers and the key (or seat key) that proves it. Like the
# phones' seats it never goes into a link, so a copied wall address stays view only. The browser is the
# facilitator's own laptop; a reload or a second tab (the wall) finds the seat again.
FACILITATOR: Final = "kl_facilitator"
_KEY: Final = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


def read_facilitator() -> tuple[str, str] | None:
    """(join code, key) this browser keeps as the facilitator's seat, if it has a well-formed one."""
    try:
        value = st.context.cookies.get(FACILITATOR)
    except Exception:  # no browser behind the session (bare script): no cookies
        return None
    code, _, key = str(value or "").partition(".")
    if not _code_ok(code) or not _KEY.match(key):
        return None
    return code, key


def remember_facilitator(code: str, key: str) -> None:
    """Keep the facilitator's seat in this browser for a workshop day (written by the page's script)."""
    code = security.normalise_code(code)
    if _code_ok(code) and _KEY.match(key or ""):
        st.html(
            "<script>document.cookie="
            f"'{FACILITATOR}={code}.{key}; path=/; max-age={MAX_AGE_S}; SameSite=Strict';</script>",
            unsafe_allow_javascript=True,
        )


def forget_facilitator() -> None:
    """Leave the facilitator's seat (the Leave button)."""
    st.html(
        f"<script>document.cookie='{FACILITATOR}=; path=/; max-age=0; SameSite=Strict';</script>",
        unsafe_allow_javascript=True,
    )
