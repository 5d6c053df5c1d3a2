"""Getting into a workshop and acting in it: the join link, the facilitator's seat kept in a cookie, and store
actions whose refusals become messages in the user's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from foresight.ui.workshop_text import error_text
from foresight.workshop import service


def page_url(path: str, lang: str = "fi") -> str:
    """This server's (or $KUNTALUOTAIN_PUBLIC_URL's) address of a page, with the language unless Finnish."""
    import os

    base = os.environ.get("KUNTALUOTAIN_PUBLIC_URL", "").strip()
    if not base:
        url = str(st.context.url or "http://localhost:8501/")
        base = url.split("?")[0].rsplit("/", 1)[0] if url.count("/") > 2 else url
    return base.rstrip("/") + "/" + path + ("" if lang == "fi" else f"?lang={lang}")


def join_url(code: str, lang: str = "fi") -> str:
    """The link the QR code encodes: this server's join page with the code (and the language unless Finnish)."""
    from foresight.workshop import qr

    return qr.join_url(page_url("join", lang), code)


def facilitator_from_cookie(eng: Any, code: str | None = None) -> dict[str, Any] | None:
    """The facilitator's seat this browser kept (a cookie), checked against the store, put in the session.

    With a code, only a seat in that workshop counts (the wall of another workshop stays view only).
    """
    from foresight.ui import seat

    kept = seat.read_facilitator()
    if kept is None or (code is not None and kept[0] != code):
        return None
    try:
        ws = service.find(eng, kept[0])
    except service.WorkshopError:
        return None
    if not service.check_key(eng, ws.id, kept[1]):
        return None
    fac = {"id": ws.id, "code": ws.join_code, "key": kept[1]}
    st.session_state["workshop_fac"] = fac
    return fac


def call(action: Callable[[], Any], lang: str) -> Any:
    """Run a store action; a refusal becomes a message in the user's language and None."""
    try:
        return action()
    except service.WorkshopError as err:
        st.error(error_text(err, lang), icon=":material/error:")
        return None
