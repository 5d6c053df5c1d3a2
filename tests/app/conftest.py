"""AppTest helpers: run the real app.py (router + sidebar) on the embedded snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DEFAULT_PAGE = "pages/glance.py"


def _no_pages_directory(init: Any) -> Any:
    """Keep Streamlit from treating pages/ as an old-style multipage folder (see scripts/serve.py).

    AppTest resets the flag before every run; without this, any run that asks for a page executes that
    page file alone, without app.py, its sidebar or its state.
    """

    def wrapped(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    return wrapped


PagesManager.__init__ = _no_pages_directory(PagesManager.__init__)  # type: ignore[method-assign]


def run_app(page: str = DEFAULT_PAGE, timeout: float = 60, **params: str) -> AppTest:
    """Open the app with the given URL parameters on a page file, and run it."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    # Link notices are shown once, on the first run (what a browser opening the link sees).
    at.first_warnings = [str(w.value) for w in at.warning]  # type: ignore[attr-defined]
    if page != DEFAULT_PAGE and not at.error:
        at.switch_page(page)
        at.run()
    return at


def layout(at: AppTest) -> list[str]:
    """The kinds of the page's top-level parts in order. The browser matches parts by place, so a message shown
    once must not change this list when it goes: everything after it would be drawn afresh."""
    return [str(getattr(node, "type", type(node).__name__)) for node in at.main.children.values()]


def places(at: AppTest) -> dict[str, tuple[int, ...]]:
    """Where each keyed widget and each fold sits: its path of places from the page's top, through tabs, folds
    and columns. Folds go by their label ("fold:<label>", a "+" for each earlier one of the same label): a fold
    that moves is drawn afresh in the browser, and closed."""
    found: dict[str, tuple[int, ...]] = {}

    def walk(node: Any, path: tuple[int, ...]) -> None:
        key = getattr(node, "key", None)
        if isinstance(key, str) and key:
            found[key] = path
        if getattr(node, "type", None) == "expander":
            name = f"fold:{node.proto.label}"
            while name in found:
                name += "+"
            found[name] = path
        for place, child in getattr(node, "children", {}).items():
            walk(child, (*path, place))

    walk(at.main, ())
    return found


def moved(before: dict[str, tuple[int, ...]], at: AppTest) -> dict[str, tuple[tuple[int, ...], ...]]:
    """The widgets and folds on both runs that changed place since `before` (a `places` of an earlier run). The
    browser matches parts by place, so a message shown once moves what follows it, and that is drawn afresh."""
    now = places(at)
    return {key: (before[key], now[key]) for key in before.keys() & now.keys() if before[key] != now[key]}


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
