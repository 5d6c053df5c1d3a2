"""A link one part too deep (foresight/ui/deep_links.py): which requests are sent where, worked by hand."""

from __future__ import annotations

import pytest

from foresight.ui import deep_links

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # Chromium's for a page


@pytest.mark.parametrize(
    ("path", "accept", "expected"),
    [
        ("trends/x", BROWSER, "trends"),
        ("trends/x/y", BROWSER, "trends"),
        ("tuntematon/sivu", BROWSER, "tuntematon"),
        ("trends\\x", BROWSER, "trends"),  # StaticFiles gives the path in the OS's form
        ("trends", BROWSER, None),  # one part: a page, or Streamlit's own "page not found"
        ("", BROWSER, None),
        ("trends/x/static/js/index.js", "*/*", None),  # a script, not a page: served as before
        ("trends/x/_stcore/health", "*/*", None),
    ],
)
def test_shallower(path: str, accept: str, expected: str | None) -> None:
    assert deep_links.shallower(path, accept) == expected


def test_redirect_keeps_the_query_and_the_servers_root() -> None:
    assert (
        deep_links.redirect_url("", "trends", b"municipality=297&lang=fi")
        == "/trends?municipality=297&lang=fi"
    )
    assert deep_links.redirect_url("/kunta", "trends", b"") == "/kunta/trends"
    assert deep_links.redirect_url("/", "trends", b"") == "/trends"
    assert deep_links.redirect_url("/DEMOX/", "trends", b"") == "/DEMOX/trends"  # only slashes trimmed
    # a first part that is not a plain word stays one path part: no other host, no header break
    assert deep_links.redirect_url("", "a b\r\nX: 1", b"") == "/a%20b%0D%0AX%3A%201"


def test_install_wraps_streamlits_static_handler_once() -> None:
    from streamlit.web.server.starlette import starlette_static_routes as routes

    before = routes.create_streamlit_static_handler
    try:
        assert deep_links.install() is True
        wrapped = routes.create_streamlit_static_handler
        assert wrapped is not before and getattr(wrapped, "kl_deep_links", False)
        assert deep_links.install() is True and routes.create_streamlit_static_handler is wrapped
    finally:
        routes.create_streamlit_static_handler = before


def test_accept_header_by_name_in_any_case() -> None:
    assert deep_links._accept([(b"Host", b"x"), (b"Accept", b"text/html")]) == "text/html"
    assert deep_links._accept([]) == ""  # none sent: not a browser's page request


def test_install_changes_nothing_without_the_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Streamlit without the Starlette static handler (an older or newer one): False, nothing replaced."""
    import sys

    from streamlit.web.server.starlette import starlette_static_routes as routes

    monkeypatch.delattr(routes, "create_streamlit_static_handler")
    assert deep_links.install() is False
    assert not hasattr(routes, "create_streamlit_static_handler")
    monkeypatch.setitem(sys.modules, "streamlit.web.server.starlette", None)  # no Starlette server at all
    assert deep_links.install() is False


def _get(
    app: object, path: str, query: bytes | None, accept: str | None, **scope_parts: object
) -> tuple[int, dict[str, str], bytes]:
    """One GET through the ASGI app, as Streamlit's server would pass it: status, headers, body. None leaves
    the query string or the Accept header out; scope_parts replace other parts (method, root_path)."""
    import asyncio
    import concurrent.futures

    scope: dict[str, object] = {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": [] if accept is None else [(b"accept", accept.encode())],
        **scope_parts,
    }
    scope = {k: v for k, v in scope.items() if v is not None}  # None: a part the server does not send
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        await asyncio.Event().wait()  # the client never disconnects
        return {}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    # A loop of its own in a thread of its own: in the whole suite, Playwright's sync API keeps a loop running
    # in this thread, where asyncio.run() refuses to start another.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()  # type: ignore[operator]
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode(): v.decode() for k, v in start["headers"]}  # type: ignore[attr-defined]
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")  # type: ignore[misc]
    return int(start["status"]), headers, body  # type: ignore[call-overload]


def test_the_wrapped_handler_sends_a_deep_page_up_and_serves_everything_else_as_before(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Streamlit's own static handler on a folder made here (an index.html and one script)."""
    from streamlit.web.server.starlette import starlette_static_routes as routes

    (tmp_path / "index.html").write_text("<html>app</html>", encoding="utf-8")
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "app.js").write_text("code", encoding="utf-8")
    before = routes.create_streamlit_static_handler
    try:
        deep_links.install()
        files = routes.create_streamlit_static_handler(directory=str(tmp_path), base_url=None)
        status, headers, _ = _get(files, "/trends/x", b"municipality=297&lang=fi", BROWSER)
        assert (status, headers["location"]) == (302, "/trends?municipality=297&lang=fi")
        assert headers["cache-control"] == "no-cache"  # a redirect not kept: the page may exist later
        assert _get(files, "/trends/x", None, BROWSER)[1]["location"] == "/trends"  # no query string at all
        assert _get(files, "/trends/x", b"", BROWSER, method="HEAD")[0] == 302
        assert _get(files, "/trends/x", b"", BROWSER, root_path="/kunta")[1]["location"] == "/kunta/trends"
        assert _get(files, "/trends/x", b"", BROWSER, root_path=None)[1]["location"] == "/trends"  # optional
        # no Accept header (not a browser's page request): Streamlit's own answer
        assert _get(files, "/trends/x", b"", None)[::2] == (200, b"<html>app</html>")
        assert _get(files, "/static/app.js", b"", BROWSER)[::2] == (200, b"code")  # a file is a file
        assert _get(files, "/trends", b"", BROWSER)[::2] == (200, b"<html>app</html>")  # a page: the app
        # a script asked for under a deep path: Streamlit's own answer (the app's HTML), unchanged
        assert _get(files, "/trends/x/static/app.js", b"", "*/*")[::2] == (200, b"<html>app</html>")
    finally:
        routes.create_streamlit_static_handler = before
