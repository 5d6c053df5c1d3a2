"""The served app in headless Chromium: open a link, switch municipality and language, change page."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import shot, wait_ready

pytestmark = pytest.mark.e2e


def test_switch_municipality_language_and_page(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?municipality=091&lang=fi")
    wait_ready(page)
    assert page.locator("h1").first.inner_text() == "Helsinki lyhyesti"
    assert "CC BY 4.0" in page.content()
    shot(page, "glance_helsinki_fi")

    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("combobox").first.click()
    page.keyboard.type("Kuopio")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Kuopio lyhyesti'")
    assert "municipality=297" in page.url

    sidebar.get_by_text("Svenska").click()
    page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Kuopio i korthet'")
    assert "lang=sv" in page.url
    wait_ready(page)
    shot(page, "glance_kuopio_sv")

    page.get_by_test_id("stSidebar").get_by_role("link", name="Data och källor").click()
    page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Data och källor'")
    assert "municipality=297" in page.url and "lang=sv" in page.url
    wait_ready(page)
    shot(page, "sources_sv")


def test_bad_link_shows_message_and_default_view(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?municipality=%3Cscript%3E&lang=en")
    wait_ready(page)
    assert page.locator("h1").first.inner_text() == "Helsinki at a glance"
    assert "No municipality" in page.get_by_test_id("stAlert").first.inner_text()
    shot(page, "bad_link_en")
