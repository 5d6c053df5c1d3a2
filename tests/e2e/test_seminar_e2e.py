"""The seminar wall's first screen at 1280 × 720 (a projector's common size): the matrix itself, not only the
headings and controls, is in view before any scrolling, on the desk view and in presentation mode."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.axe import BLOCKING, run_axe, summary
from tests.e2e.conftest import SHOTS, wait_ready

pytestmark = pytest.mark.e2e
SCREEN = {"width": 1280, "height": 720}
# The matrix's cells (the heatmap's plot area, under the members' names); Plotly draws it as one rectangle.
CELLS = ".js-plotly-plot .draglayer .nsewdrag"
ROWS_IN_VIEW = 2  # at least this many indicator rows (all 29 members each) fully on the first screen

FIRST_SCREEN = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const cells = plot.querySelector('.draglayer .nsewdrag').getBoundingClientRect();
  const rows = plot.querySelectorAll('.annotation').length;  // one title per indicator row
  return {plotTop: plot.getBoundingClientRect().top, cellsTop: cells.top, rowPx: cells.height / rows,
          scrollY: window.scrollY};
}"""


def first_screen(browser: Any, address: str, name: str) -> dict[str, float]:
    context = browser.new_context(viewport=SCREEN)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.goto(address)
    pg.wait_for_selector(CELLS, timeout=120_000)
    wait_ready(pg, 120_000)
    pg.evaluate("() => window.scrollTo(0, 0)")
    pg.wait_for_timeout(300)
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"))  # the first screen only, as the room sees it
    box = pg.evaluate(FIRST_SCREEN)
    blocking = [v for v in run_axe(pg) if v["impact"] in BLOCKING]
    legend = pg.get_by_test_id("stMain").get_by_text("▲▲", exact=False).first.bounding_box()
    context.close()
    assert not blocking, summary(blocking)
    assert box["scrollY"] == 0
    assert legend is not None and legend["y"] + legend["height"] <= SCREEN["height"]  # the key to the symbols
    return box


@pytest.mark.parametrize(("mode", "lang"), [("desk", "fi"), ("wall", "fi"), ("wall", "sv")])
def test_first_screen_shows_the_matrix(server: str, browser, mode: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    address = f"{server}/seminar?municipality=297&lang={lang}&peers=network&season=USO4&mode={mode}"
    box = first_screen(browser, address, f"seminar_{mode}_{lang}_1280x720")
    assert box["plotTop"] < SCREEN["height"]
    bottom = box["cellsTop"] + ROWS_IN_VIEW * box["rowPx"]
    assert bottom <= SCREEN["height"], (
        f"only {max(0.0, (SCREEN['height'] - box['cellsTop']) / box['rowPx']):.1f} rows in view: {box}"
    )
