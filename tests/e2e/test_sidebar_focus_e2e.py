"""A folded sidebar takes no keyboard or screen-reader focus (WCAG 2.1 2.4.3 focus order, 2.4.1, 1.3.2).

On a phone (390 × 844) Streamlit folds the sidebar off screen, but before the fix its page links still were the
Tab stops right after the skip link: a keyboard user went through about fourteen invisible links before the
page's own controls, and a screen reader's swipe read them. The folded sidebar is now inert (assets/names.js);
opened with its » button, its links are reachable again. A desktop's open sidebar is unchanged.
"""

from __future__ import annotations

from typing import Any

import pytest

from foresight.i18n import t
from tests.e2e.axe import BLOCKING, run_axe, summary
from tests.e2e.conftest import shot, wait_ready

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}

# Where the focused element is: its tag, its text or name, and whether it is inside the sidebar or the main area.
WHERE = """() => {
  const a = document.activeElement;
  return {tag: a.tagName, test: a.getAttribute('data-testid') || '',
          name: (a.getAttribute('aria-label') || a.innerText || '').trim().slice(0, 60),
          sidebar: !!a.closest('[data-testid=stSidebar]'), main: !!a.closest('[data-testid=stMain]')};
}"""


def tab_stops(pg: Any, n: int) -> list[dict[str, Any]]:
    """The first n Tab stops from the top of the page."""
    pg.locator("body").focus()
    pg.evaluate("() => document.activeElement && document.activeElement.blur()")
    stops = []
    for _ in range(n):
        pg.keyboard.press("Tab")
        stops.append(pg.evaluate(WHERE))
    return stops


def blocking(pg: Any) -> list[dict[str, Any]]:
    return [v for v in run_axe(pg) if v["impact"] in BLOCKING]


def sidebar_links_in_accessibility_tree(pg: Any) -> int:
    """How many of the sidebar's page links ("Trendit 2030") a screen reader can reach: Chromium's own
    accessibility tree over its DevTools protocol (Playwright's aria snapshot does not leave inert parts out)."""
    cdp = pg.context.new_cdp_session(pg)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    cdp.detach()
    return sum(
        1
        for n in nodes
        if not n.get("ignored")
        and n.get("role", {}).get("value") == "link"
        and n.get("name", {}).get("value") == t("nav.trends", "fi")
    )


@pytest.mark.parametrize("path", ["trends", ""], ids=["trends", "glance"])
def test_folded_sidebar_on_a_phone_takes_no_focus_until_opened(server: str, browser, path: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.goto(f"{server}/{path}?municipality=297&lang=fi")
    wait_ready(pg)
    sidebar = pg.get_by_test_id("stSidebar")
    assert sidebar.get_attribute("data-collapsed") == "true"  # Streamlit folds it on a phone
    stops = tab_stops(pg, 6)
    assert stops[0]["test"] == "stSkipToContent", stops
    assert not [s for s in stops if s["sidebar"]], stops  # no hidden page link in the way
    assert [s for s in stops[1:] if s["main"]], stops  # the page's own controls come first
    # nor does a screen reader find them (the folded sidebar is out of the accessibility tree)
    assert sidebar_links_in_accessibility_tree(pg) == 0
    assert not (found := blocking(pg)), summary(found)
    shot(pg, f"sidebar_folded_{path or 'glance'}_390")

    # Opened with its button (by keyboard: Enter on the focused button), its links are reachable again.
    opener = pg.get_by_test_id("stExpandSidebarButton")
    opener.focus()
    pg.keyboard.press("Enter")
    pg.wait_for_function(
        "() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'false'"
    )
    pg.wait_for_timeout(500)  # the slide-in
    assert sidebar.get_attribute("inert") is None
    # The focus has followed into the opened sidebar (before, it stayed where the » button was, and Tab went
    # through the whole page hidden behind the sidebar first): Tab goes on to its pickers (language,
    # municipality, peer group) and then its page links, all inside it.
    assert pg.evaluate(WHERE)["sidebar"], pg.evaluate(WHERE)
    reached = []
    for _ in range(12):
        pg.keyboard.press("Tab")
        now = pg.evaluate(WHERE)
        reached.append(now)
        if now["sidebar"] and now["test"] == "stPageLink-NavLink":
            break
    assert all(stop["sidebar"] for stop in reached), reached
    assert reached[-1]["test"] == "stPageLink-NavLink", reached
    assert [stop["name"] for stop in reached].index("Kunta") < len(reached) - 1, reached
    assert sidebar_links_in_accessibility_tree(pg) == 1
    assert not (found := blocking(pg)), summary(found)
    shot(pg, f"sidebar_opened_{path or 'glance'}_390")

    # Folded again with its own button: out of reach again, and the focus is not lost to the page's top.
    sidebar.get_by_test_id("stSidebarCollapseButton").locator("button").click()
    pg.wait_for_function(
        "() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'true'"
    )
    pg.wait_for_timeout(500)
    assert not [s for s in tab_stops(pg, 6) if s["sidebar"]]
    context.close()


def test_folding_the_sidebar_with_the_focus_in_it_hands_the_focus_to_its_opener(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.goto(f"{server}/trends?municipality=297&lang=fi")
    wait_ready(pg)
    pg.get_by_test_id("stExpandSidebarButton").click()
    pg.wait_for_function(
        "() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'false'"
    )
    pg.wait_for_timeout(500)
    closer = pg.get_by_test_id("stSidebar").get_by_test_id("stSidebarCollapseButton").locator("button")
    closer.focus()
    pg.keyboard.press("Enter")
    pg.wait_for_function(
        "() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'true'"
    )
    pg.wait_for_timeout(300)
    assert pg.evaluate(WHERE)["test"] == "stExpandSidebarButton"
    context.close()


def test_open_sidebar_on_a_desktop_is_unchanged(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/trends?municipality=297&lang=fi")
    wait_ready(page)
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.get_attribute("data-collapsed") == "false"
    assert sidebar.get_attribute("inert") is None
    stops = tab_stops(page, 3)
    assert stops[0]["test"] == "stSkipToContent", stops
    # The open sidebar is the next Tab stop: its first control, the language (the pickers come before the
    # page menu since the municipality box was moved above it; tests/e2e/test_sidebar_order_e2e.py).
    assert stops[1]["sidebar"] and stops[1]["tag"] == "INPUT", stops
