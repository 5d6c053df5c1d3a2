"""A link one part too deep (/trends/x) opens its page (/trends) instead of a blank page.

Streamlit's index.html loads its code by relative paths (./static/…). Under /trends/x the browser asks for
/trends/x/static/…, gets index.html back instead of the code, and the page stays white with no word
(streamlit#8013, open). A browser asking for such a page is sent to the path's first part, with its query
string: a page the app has opens, and an unknown one opens the front page with Streamlit's "Page not found"
dialog, in the page's language (names.js). Files and Streamlit's own routes are served as before.
scripts/serve.py installs it before the server starts.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote


def shallower(path: str, accept: str) -> str | None:
    """The first part of a path two or more parts deep, when a browser asks for it as a page; else None."""
    parts = [part for part in path.replace("\\", "/").split("/") if part]
    if len(parts) < 2 or "text/html" not in accept:
        return None
    return parts[0]


def redirect_url(root: str, page: str, query: bytes) -> str:
    """Where to send the browser: the page under the server's root path, the query string kept."""
    url = f"{root.rstrip('/')}/{quote(page)}"
    return f"{url}?{query.decode('latin-1')}" if query else url


def _accept(headers: Iterable[tuple[bytes, bytes]]) -> str:
    return next((value.decode("latin-1") for name, value in headers if name.lower() == b"accept"), "")


def install() -> bool:
    """Wrap the static files of Streamlit's server (Starlette). False, and nothing changed, on a Streamlit
    that has no such handler: deep links then stay blank as before, nothing else breaks."""
    try:
        from starlette.responses import RedirectResponse
        from streamlit.web.server.starlette import starlette_static_routes as routes
    except ImportError:
        return False
    original: Callable[..., Any] | None = getattr(routes, "create_streamlit_static_handler", None)
    if original is None or getattr(original, "kl_deep_links", False):
        return original is not None

    def handler(directory: str, base_url: str | None) -> Any:
        files = original(directory=directory, base_url=base_url)
        serve = files.get_response

        async def get_response(path: str, scope: Any) -> Any:
            page = None
            if scope.get("method") in ("GET", "HEAD") and not os.path.isfile(os.path.join(directory, path)):
                page = shallower(path, _accept(scope.get("headers", [])))
            if page is None:
                return await serve(path, scope)
            url = redirect_url(scope.get("root_path", ""), page, scope.get("query_string", b""))
            return RedirectResponse(url, status_code=302, headers={"Cache-Control": "no-cache"})

        files.get_response = get_response
        return files

    handler.kl_deep_links = True  # type: ignore[attr-defined]
    routes.create_streamlit_static_handler = handler
    return True
