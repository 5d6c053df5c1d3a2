"""AppTest helpers: run the real app.py (router + sidebar) on the embedded snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DEFAULT_PAGE = "pages/glance.py"


class App(AppTest):
    """AppTest that keeps the navigation's default page on reruns.

    AppTest 1.67 re-requests the default page by a hash that st.navigation does not match, which drops the
    sidebar and the page (the real server does not do this); asking for no page, as a browser at '/' does,
    renders it properly.
    """

    def _run(self, widget_state: Any = None, timeout: float | None = None) -> AppTest:
        if not self._page_hash:
            self._finished_page_script_hash = ""
        return super()._run(widget_state, timeout)


def run_app(page: str = DEFAULT_PAGE, timeout: float = 60, **params: str) -> App:
    """Open the app with the given URL parameters on a page file, and run it."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.__class__ = App  # from_file builds a plain AppTest
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    # Link notices are shown once, on the first run (what a browser opening the link sees).
    at.first_warnings = [str(w.value) for w in at.warning]  # type: ignore[attr-defined]
    if page != DEFAULT_PAGE and not at.error:
        at.switch_page(page)
        at.run()
    return at  # type: ignore[return-value]


def texts(at: AppTest) -> str:
    """Every markdown, caption, title, header and message text on the page, joined for searching."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        parts.extend(str(e.value) for e in getattr(at, kind))
    parts.extend(str(m.label) + " " + str(m.value) for m in at.metric)
    return "\n".join(parts)


def widget(at: AppTest, kind: str, key: str) -> Any:
    """A state-bound widget by its plain key (its real key carries the language, see ui.state.bound)."""
    return getattr(at, kind)(key=f"w_{key}_{at.session_state['lang']}")
