"""The at-a-glance page on a council member's phone (390 × 844) and on a meeting-room screen (1280 × 800):
how many screens it takes, the headline figures on the first screen, the theme sections by keyboard, the
layout's columns, and axe-core with every section open."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.axe import BLOCKING, run_axe, summary
from tests.e2e.conftest import SHOTS, wait_ready

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
WALL = {"width": 1280, "height": 800}
# The page was 15.7 screens at 390 × 844 with every theme's cards one under another; with the themes folded
# (the first open) it is about 3.6. Four leaves room for a longer name or caveat, not for a theme left open.
MAX_PHONE_SCREENS = 4.0

# Streamlit scrolls its main area, not the document.
CONTENT_HEIGHT = "() => document.querySelector('[data-testid=stMain]').scrollHeight"

# Each grid's first row: how many of its items share the first one's top edge.
FIRST_ROW = """sel => { const items = [...document.querySelectorAll(sel)];
  const top = items[0].getBoundingClientRect().top;
  return items.filter(e => Math.abs(e.getBoundingClientRect().top - top) < 2).length; }"""
TILES = ".kl-headline .kl-tile"
CARDS = '.st-key-glance_cards_vitality > [data-testid="stLayoutWrapper"]'


def open_glance(browser: Any, server: str, viewport: dict[str, int], lang: str = "fi") -> Any:
    context = browser.new_context(
        viewport=viewport, is_mobile=viewport["width"] < 600, has_touch=viewport["width"] < 600
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server}/?municipality=297&lang={lang}")
    page.wait_for_selector("[data-testid=stMetricValue]", timeout=60_000)
    wait_ready(page)
    return page


def whole_page_shot(page: Any, name: str, viewport: dict[str, int]) -> None:
    """The whole page as one image: the window made as tall as the content (Streamlit's main area scrolls
    inside the window, so Playwright's full_page alone shows only the first screen)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": viewport["width"], "height": int(page.evaluate(CONTENT_HEIGHT)) + 20})
    page.wait_for_timeout(400)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size(viewport)
    page.wait_for_timeout(300)


def test_glance_fits_a_phone_in_a_few_screens(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = open_glance(browser, server, PHONE)
    page.screenshot(path=str(SHOTS / "glance_phone_first_screen.png"))
    screens = page.evaluate(CONTENT_HEIGHT) / PHONE["height"]
    print(f"\nglance at 390 × 844: {screens:.2f} screens")
    assert screens <= MAX_PHONE_SCREENS, screens
    # The first screen holds the six headline figures, two a row, each with its year.
    tiles = page.locator(TILES)
    assert tiles.count() == 6
    assert page.evaluate(FIRST_ROW, TILES) == 2
    bottom = page.evaluate(
        f"() => [...document.querySelectorAll('{TILES}')].pop().getBoundingClientRect().bottom"
    )
    assert bottom <= PHONE["height"], bottom
    first = tiles.first
    assert first.locator("dt").inner_text() == "Väkiluku"
    assert first.locator(".kl-value").inner_text() == "126\u00a0572 as."
    assert first.locator(".kl-when").text_content() == "2025 lähde 1"  # 'lähde' for a screen reader only
    # The themes: the first open, its cards one a row; the other five closed.
    assert (
        page.evaluate("() => [...document.querySelectorAll('[data-testid=stMain] details')].map(d => d.open)")
        == [True] + [False] * 5
    )
    assert page.evaluate(FIRST_ROW, CARDS) == 1
    whole_page_shot(page, "glance_phone_fi", PHONE)
    page.context.close()


def test_glance_keeps_three_cards_a_row_on_a_meeting_room_screen(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = open_glance(browser, server, WALL)
    assert page.evaluate(FIRST_ROW, TILES) == 3
    assert page.evaluate(FIRST_ROW, CARDS) == 3
    # Cards of a row are as tall as the row, so their frames line up.
    heights = page.evaluate(
        f"() => [...document.querySelectorAll('{CARDS}')].slice(0, 3).map(e => Math.round(e.firstElementChild.getBoundingClientRect().height))"
    )
    assert len(set(heights)) == 1, heights
    whole_page_shot(page, "glance_wall_fi", WALL)
    page.context.close()


# The focused element: its tag, its text (a section's label without the arrow icon's ligature name, which is
# aria-hidden) and whether it sits inside a closed section.
# Words wider than their line, and anything reaching past its tile's edge ("29,532 € per inhabitant" did).
TILE_MISFITS = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  const misfits = [];
  for (const tile of document.querySelectorAll('.kl-tile')) {
    const edge = tile.getBoundingClientRect().right;
    for (const el of tile.querySelectorAll('dt, dd, .kl-unit')) {
      const cs = getComputedStyle(el);
      ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const box = el.getBoundingClientRect();
      for (const word of el.innerText.split(/[ \\n]+/))
        if (ctx.measureText(word).width > box.width + 0.5) misfits.push(word);
      if (box.right > edge + 0.5 || el.scrollWidth > el.clientWidth + 1) misfits.push(el.innerText);
    }
  }
  return misfits;
}"""


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("viewport", [PHONE, WALL], ids=["390", "1280"])
def test_headline_tiles_keep_values_and_words_inside(
    server: str, browser, lang: str, viewport: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    page = open_glance(browser, server, viewport, lang)
    assert page.locator(TILES).count() == 6
    assert page.evaluate(TILE_MISFITS) == []
    page.screenshot(path=str(SHOTS / f"glance_first_screen_{lang}_{viewport['width']}.png"))
    page.context.close()


FOCUSED = """() => { const e = document.activeElement;
  const text = (e.querySelector('[data-testid=stMarkdownContainer]') || e).innerText || e.getAttribute('aria-label') || '';
  return [e.tagName, text.trim(), !!e.closest('details:not([open]) > :not(summary)')]; }"""


def test_theme_sections_open_and_close_by_keyboard(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = open_glance(browser, server, PHONE)
    # Tab from the top of the main area to the second theme's heading; nothing inside a closed section takes focus.
    page.locator("[data-testid=stMain] h1").first.click()
    stops = []
    for _ in range(60):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if stops[-1][0] == "SUMMARY" and stops[-1][1].startswith("Väestökehitys"):
            break
    assert stops[-1][:2] == ["SUMMARY", "Väestökehitys · 6 tunnuslukua"], stops
    assert not [s for s in stops if s[2]], stops
    second = page.locator("[data-testid=stMain] details").nth(1)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=stMain] details')[1].open")
    card = second.get_by_test_id("stMetricLabel").first
    card.wait_for(state="visible")
    assert card.inner_text().startswith("Väkiluku · 2025")
    page.screenshot(path=str(SHOTS / "glance_phone_second_theme_open.png"))
    page.keyboard.press("Space")  # and closed again
    page.wait_for_function("() => !document.querySelectorAll('[data-testid=stMain] details')[1].open")
    page.context.close()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_axe_on_the_phone_with_every_theme_open(server: str, browser, lang: str) -> None:  # type: ignore[no-untyped-def]
    page = open_glance(browser, server, PHONE, lang)
    sections = page.locator("[data-testid=stMain] details")
    for i in range(1, sections.count()):
        sections.nth(i).locator("summary").click()
    page.wait_for_timeout(500)
    assert page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stMain] details')].every(d => d.open)"
    )
    violations = run_axe(page)
    if violations:
        print(f"\naxe on glance at 390 px ({lang}):\n{summary(violations)}")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, summary(blocking)
    page.context.close()
