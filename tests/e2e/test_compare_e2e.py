"""The compare page in Chromium: axis numbers as the language writes them, the map's legend clear of its tools."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import shot, wait_ready

pytestmark = pytest.mark.e2e

TICKS = """i => [...document.querySelectorAll('.js-plotly-plot')[i].querySelectorAll('.xtick text, .ytick text')]
    .map(e => e.textContent)"""


def test_population_ticks_use_finnish_thousands(server: str, page) -> None:  # type: ignore[no-untyped-def]
    # The review: "250k / 200k / 100k" on the history and the ranking, where tables write "126 572".
    page.goto(f"{server}/compare?municipality=297&lang=fi&indicator=population")
    page.locator(".js-plotly-plot").nth(2).wait_for(timeout=60_000)  # band, ranking and the map
    wait_ready(page)
    band, ranking = page.evaluate(TICKS, 0), page.evaluate(TICKS, 1)
    shot(page, "compare_population_ticks_fi")
    for ticks in (band, ranking):
        numbers = [t for t in ticks if re.fullmatch(r"[\d\u00a0\u202f ]+", t)]
        assert numbers, ticks
        assert not [t for t in ticks if t.endswith(("k", "M"))], ticks
        # Values of 100 000 and more are grouped by a (no-break) space: "100 000", never "100000" or "100,000".
        big = [t for t in numbers if len(re.sub(r"\D", "", t)) >= 6]
        assert big and all(re.fullmatch(r"\d{3}[\u00a0\u202f ]000", t) for t in big), ticks
    assert {"2000", "2020"} & set(band)  # years stay unseparated


def test_map_legend_is_clear_of_the_tools_on_a_phone(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    # The review at 390×844: the class legend lay under the zoom/pan/camera bar and over northern Lapland.
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server}/compare?municipality=297&lang=fi&indicator=population")
    plot = page.locator(".js-plotly-plot").nth(2)
    plot.wait_for(timeout=60_000)
    wait_ready(page)
    plot.scroll_into_view_if_needed()
    plot.hover()  # the mode bar shows on hover
    page.wait_for_timeout(300)
    modebar = plot.locator(".modebar").bounding_box()
    legend = plot.locator("g.legend rect.bg").bounding_box()
    map_area = plot.locator(".nsewdrag").first.bounding_box()
    shot(page, "compare_map_390")
    assert modebar and legend and map_area
    apart = (
        legend["x"] >= modebar["x"] + modebar["width"]
        or legend["x"] + legend["width"] <= modebar["x"]
        or legend["y"] >= modebar["y"] + modebar["height"]
        or legend["y"] + legend["height"] <= modebar["y"]
    )
    assert apart, (legend, modebar)
    assert legend["y"] >= map_area["y"] + map_area["height"] - 1  # below the map, not over Lapland
    # The ranking's longer Finnish ticks ("150 000") still fit side by side on the phone.
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')[1].querySelectorAll('.xtick text')]
            .map(e => e.getBoundingClientRect()).map(r => [r.left, r.right])"""
    )
    assert len(boxes) >= 3 and all(a[1] <= b[0] for a, b in zip(boxes, boxes[1:], strict=False)), boxes
    texts = plot.locator("g.legend text.legendtext").evaluate_all("es => es.map(e => e.textContent)")
    assert len(texts) >= 5 and all(t.endswith("as.") for t in texts[:5]), texts
    context.close()
