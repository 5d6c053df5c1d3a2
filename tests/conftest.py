"""Fixtures shared by the browser tests of tests/e2e and tests/proxy: one Chromium for the whole session
(Playwright's sync API runs one instance per thread, so the two folders must share it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from foresight.report import CHROMIUM, CHROMIUM_FLAGS

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run bash scripts/browser.sh (scripts/test.sh does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS))
        yield chromium
        chromium.close()
