"""The real app server and Debian's Chromium driven by Playwright; screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from foresight.report import CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
LOGS = ROOT / "artifacts" / "server-logs"
FLAGS = list(CHROMIUM_FLAGS)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """streamlit run app.py on a port; returns once the health check answers.

    The server's output goes to artifacts/server-logs/<port>.log, so a failing browser test can show the
    app's own errors (see pytest_runtest_makereport)."""
    LOGS.mkdir(parents=True, exist_ok=True)
    with open(LOGS / f"{port}.log", "wb") as log:  # the server keeps its own handle
        proc = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "scripts" / "serve.py"),
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
            ],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("the app server did not start within 60 s")


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    port = free_port()
    proc = start_server(port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1440, "height": 960}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def shot(pg, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Save a screenshot of the current view under artifacts/screenshots/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path


def tall(pg, height: int) -> None:  # type: ignore[no-untyped-def]
    """Make the window `height` px tall for a whole-page screenshot: Streamlit scrolls inside its own box, so a
    full-page shot shows only what fits the window. Parts that come into view are drawn lazily (grey skeletons);
    on a slow machine the picture is taken anyway after 30 s, since the asserts are elsewhere."""
    pg.set_viewport_size({"width": pg.viewport_size["width"], "height": height})
    pg.wait_for_timeout(1500)
    with contextlib.suppress(Exception):
        pg.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=30_000)
    pg.wait_for_timeout(500)


def wait_ready(pg, timeout: float = 60_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until Streamlit's script run has finished and the page has a title.

    Streamlit marks its root with data-test-script-state; a short pause first lets a rerun that a click
    has just asked for start, so we do not see the previous run's "notRunning". A finished run is not yet a
    drawn page: in a fresh browser each kind of widget's code loads on first use, and until it has, the widget
    is a grey skeleton (stSkeleton) that takes no focus. The sidebar's pickers and page links were still
    skeletons a second after the run in 2 of 15 fresh loads of the trends page, so Tab went past them.
    """
    pg.wait_for_selector("h1", timeout=timeout)
    pg.wait_for_timeout(500)
    pg.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    pg.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    pg.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout)
    pg.wait_for_timeout(300)


PAGE_STATE_JS = """() => {
  const seen = (el) => !!el.offsetParent;
  const texts = (sel) => [...document.querySelectorAll(sel)].filter(seen)
    .map((e) => (e.innerText.trim() || e.getAttribute('aria-label') || '').slice(0, 300)).filter(Boolean);
  const app = document.querySelector('[data-testid="stApp"]');
  return {
    script: app ? app.getAttribute('data-test-script-state') : null,
    status: texts('[data-testid="stStatusWidget"]'),
    selectedTabs: [...document.querySelectorAll('[role="tab"][aria-selected="true"]')].map((e) => e.innerText.trim()),
    alerts: texts('[data-testid="stAlert"], [data-testid="stException"], [data-testid="stToast"]'),
    buttons: texts('[data-testid="stMain"] button').slice(0, 40),
    skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
  };
}"""


def describe_page(pg, name: str) -> str:  # type: ignore[no-untyped-def]
    """What the browser showed when a test failed: a screenshot, the run state, tabs, messages, buttons and
    the end of the app server's log. A CI run keeps only the log, so this is what a rare failure leaves."""
    lines = [f"url: {pg.url}"]
    try:
        lines.append(f"screenshot: {shot(pg, f'FAILED-{name}')}")
        for key, value in pg.evaluate(PAGE_STATE_JS).items():
            lines.append(f"{key}: {value}")
    except Exception as exc:  # the page may be gone; say so and still show the server's log
        lines.append(f"page not readable: {exc!r}"[:300])
    log = LOGS / f"{urlsplit(pg.url).port}.log"
    if log.exists():
        tail = log.read_text(errors="replace").splitlines()[-40:]
        lines += [f"--- end of {log.name} ---", *tail]
    return "\n".join(lines)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    pg = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and pg is not None:
        report.sections.append(("page at failure", describe_page(pg, item.name)))
