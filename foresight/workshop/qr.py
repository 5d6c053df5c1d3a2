"""QR codes for joining a workshop from a phone (segno: pure Python, no image library needed)."""

from __future__ import annotations

import io
from urllib.parse import urlencode, urlsplit, urlunsplit

JOIN_PARAM = "join"


def join_url(base_url: str, code: str, param: str = JOIN_PARAM) -> str:
    """The app's URL with the join code as a query parameter (existing parameters kept)."""
    parts = urlsplit(base_url)
    query = "&".join(p for p in (parts.query, urlencode({param: code})) if p)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def local_host(url: str) -> str | None:
    """The host when a link points at this machine itself (a phone scanning it cannot reach it), else None."""
    host = urlsplit(url).hostname or ""
    return host if host in LOCAL_HOSTS else None


def _code(url: str):  # type: ignore[no-untyped-def]
    import segno

    # Level M survives a smudged projector image; the URL is short, so the symbol stays small.
    return segno.make(url, error="m", micro=False)


def svg(
    url: str, *, scale: int = 10, dark: str = "#000000", light: str = "#ffffff", responsive: bool = False
) -> str:
    """The QR code as an inline SVG element; responsive=True drops width/height so CSS can size it."""
    return str(_code(url).svg_inline(scale=scale, dark=dark, light=light, border=4, omitsize=responsive))


def png(url: str, *, scale: int = 10) -> bytes:
    """The QR code as PNG bytes (for st.image or a download)."""
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
