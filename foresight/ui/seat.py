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
