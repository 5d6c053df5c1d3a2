"""The municipality picker comes before the page menu in the sidebar (its most used choice first).

Before, the sidebar listed sixteen page links under five headings and only then the language, municipality and
peer-group pickers: at 1280 × 720 the municipality box was below the fold (its top about 1 000 px down, the
sidebar had to be scrolled), a keyboard user tabbed through sixteen links to reach it, and on a phone the opened
sidebar showed only page links. Now the pickers come first and the menu follows them.
"""

from __future__ import annotations

from typing import Any

import pytest

from foresight.i18n import t
from tests.e2e.conftest import shot, wait_ready

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
BOX = '[data-testid=stSidebar] input[role=combobox][aria-label="{label}"]'
LINK = "[data-testid=stSidebar] [data-testid=stPageLink-NavLink]"

# Where the municipality box and the first page link are: DOM order, the box's place on the screen (within the
# window, not scrolled away in the sidebar, and the element really drawn at its centre).
PLACES = """([box, link]) => {
  const b = document.querySelector(box), l = document.querySelector(link);
  const r = b.getBoundingClientRect(), lr = l.getBoundingClientRect();
  const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {before: !!(b.compareDocumentPosition(l) & Node.DOCUMENT_POSITION_FOLLOWING),
          top: r.top, bottom: r.bottom, left: r.left, right: r.right, linkTop: lr.top,
          width: window.innerWidth, height: window.innerHeight,
          drawn: !!at && (at === b || !!at.closest('[data-testid=stSelectbox]')?.contains(b)),
          scrolled: document.querySelector('[data-testid=stSidebarContent]')?.scrollTop ?? -1};
}"""

# The focused element: the municipality box, a page link of the sidebar, or something else.
FOCUS = """([label]) => {
  const a = document.activeElement;
  if (a.matches('[data-testid=stSidebar] input[role=combobox]') && a.getAttribute('aria-label') === label)
    return 'municipality';
  if (a.matches('[data-testid=stSidebar] [data-testid=stPageLink-NavLink]')) return 'link';
  return a.getAttribute('data-testid') || a.tagName;
}"""


def tab_order(pg: Any, label: str, limit: int = 40) -> list[str]:
    """The Tab stops from the top of the page until both the municipality box and a page link were reached."""
    pg.locator("body").focus()
    pg.evaluate("() => document.activeElement && document.activeElement.blur()")
    stops: list[str] = []
    for _ in range(limit):
        pg.keyboard.press("Tab")
        stops.append(pg.evaluate(FOCUS, [label]))
        if "municipality" in stops and "link" in stops:
            break
    return stops


def open_sidebar(pg: Any) -> None:
    if pg.get_by_test_id("stSidebar").get_attribute("data-collapsed") == "true":
        pg.get_by_test_id("stExpandSidebarButton").click()
        pg.wait_for_function(
            "() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'false'"
        )
        pg.wait_for_timeout(600)  # the slide-in


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize(
    ("size", "viewport"), [("1280", LAPTOP), ("390", PHONE)], ids=["1280x720", "390x844"]
)
def test_municipality_picker_comes_before_the_page_menu(
    server: str,
    browser,  # type: ignore[no-untyped-def]
    size: str,
    viewport: dict[str, int],
    lang: str,
) -> None:
    phone = viewport is PHONE
    context = browser.new_context(
        viewport=viewport, is_mobile=phone, has_touch=phone, device_scale_factor=2 if phone else 1
    )
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.goto(f"{server}/trends?municipality=297&lang={lang}")
    wait_ready(pg)
    open_sidebar(pg)
    label = t("sidebar.municipality", lang)
    box = BOX.format(label=label)
    pg.locator(box).wait_for()
    pg.locator(LINK).first.wait_for()
    places = pg.evaluate(PLACES, [box, LINK])
    shot(pg, f"sidebar_order_{size}_{lang}")
    # In the DOM (what a screen reader reads in turn) the box comes before the first page link …
    assert places["before"], places
    # … and it is on the first screen of the opened sidebar: not scrolled to, within the window, drawn there.
    assert places["scrolled"] == 0, places
    assert places["top"] >= 0 and places["bottom"] <= places["height"], places
    assert places["left"] >= 0 and places["right"] <= places["width"], places
    assert places["drawn"], places
    # By keyboard, from the top of the page, the box is reached before any page link.
    stops = tab_order(pg, label)
    assert "municipality" in stops, stops
    assert "link" not in stops or stops.index("municipality") < stops.index("link"), stops
    # The choice still goes into the link, and a page link keeps it.
    pg.locator(box).click()
    pg.keyboard.type("Oulu")
    pg.keyboard.press("Enter")
    pg.wait_for_function("() => location.search.includes('municipality=564')")
    wait_ready(pg)
    pg.get_by_test_id("stSidebar").get_by_role("link", name=t("nav.compare", lang)).click()
    pg.wait_for_function("() => location.pathname.endsWith('/compare')")
    wait_ready(pg)
    assert "municipality=564" in pg.url and f"lang={lang}" in pg.url, pg.url
    context.close()
