"""Situation analysis in Chromium: overview, switch peer group, open the map, download the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import shot, wait_ready

pytestmark = pytest.mark.e2e


def test_overview_peer_switch_map_and_report(server: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/situation?municipality=297&lang=fi&peers=network&season=USO4")
    page.wait_for_function("() => document.querySelectorAll('table.situation').length === 6", timeout=60_000)
    wait_ready(page)
    assert page.locator("h1").first.inner_text() == "Kuopio: tilannekuva"
    assert "/29" in page.locator("table.situation").first.inner_text()
    # The peers' range strips survive st.html's sanitiser and are drawn (an image that failed has no width).
    strips = page.locator("table.situation td.peers img")
    assert strips.count() >= 6
    assert page.evaluate(
        "() => [...document.querySelectorAll('table.situation td.peers img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    shot(page, "situation_kuopio_uso4")

    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("combobox").nth(1).click()  # municipality, then peer kind
    page.keyboard.type("Rakenteeltaan")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('peers=similar')")
    # 7 peers + Kuopio: wait for the redrawn tables (the URL changes before the page has finished).
    page.wait_for_function(
        "() => document.querySelector('table.situation')?.innerText.includes('/8')", timeout=60_000
    )
    wait_ready(page)
    page.get_by_text("Miksi nämä kunnat?").click()
    wait_ready(page)
    shot(page, "situation_kuopio_similar")

    page.get_by_test_id("stSidebar").get_by_role("link", name="Vertaa indikaattoria").click()
    page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Vertaa indikaattoria'")
    wait_ready(page)
    assert "peers=similar" in page.url
    page.locator(".js-plotly-plot").nth(2).wait_for(timeout=60_000)  # band, ranking and the map
    assert page.locator(".js-plotly-plot").count() == 3
    page.locator(".js-plotly-plot").nth(2).scroll_into_view_if_needed()
    shot(page, "compare_map_similar")

    page.get_by_test_id("stSidebar").get_by_role("link", name="Tilannekuvaraportti").click()
    page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Tilannekuvaraportti'")
    wait_ready(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_text("Lataa raportti (HTML)").click()
    path = tmp_path / "report.html"
    info.value.save_as(path)
    html = path.read_text(encoding="utf-8")
    assert "Tilannekuva: Kuopio" in html and "CC BY 4.0" in html
    shot(page, "report_page")


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (390, 844)])
def test_sievi_fits_a_projector_and_a_phone(server: str, browser, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    """A small non-member opens against similar municipalities; nothing pans sideways on a phone, and on a
    1280×720 projector in presentation mode the verdict column is on screen."""
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 600)
    page = context.new_page()
    projector = "&projector=1" if width > 600 else ""
    page.goto(f"{server}/situation?municipality=746&lang=fi{projector}")
    page.wait_for_function("() => document.querySelectorAll('table.situation').length === 6", timeout=60_000)
    wait_ready(page)
    assert "rakenteeltaan samankaltaisimmat kunnat" in page.locator("[data-testid=stMain]").inner_text()
    main_width = page.evaluate("document.querySelector('[data-testid=stMain]').scrollWidth")
    assert main_width <= width
    table = page.locator("table.situation").first
    badge = table.locator(".badge").first
    box = badge.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width  # the verdict is not cut off
    page.evaluate("document.querySelector('[data-testid=stMain]').scrollTop = 900")
    page.wait_for_timeout(500)
    shot(page, f"situation_sievi_{width}x{height}")
    context.close()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_verdict_is_on_screen_at_1280_with_the_sidebar_open(server: str, browser, lang: str) -> None:  # type: ignore[no-untyped-def]
    """On a 1280 px laptop with the menu open, every row's position badge lies inside its table's visible
    box (the table may scroll sideways, but not to show what the row means)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{server}/situation?municipality=297&lang={lang}")
    page.wait_for_function("() => document.querySelectorAll('table.situation').length === 6", timeout=60_000)
    wait_ready(page)
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('.table-wrap')].flatMap(wrap => {
            const right = wrap.getBoundingClientRect().right;
            return [...wrap.querySelectorAll('.badge')]
                .filter(b => b.getBoundingClientRect().right > right + 0.5).map(b => b.innerText);
        })"""
    )
    assert hidden == []
    shot(page, f"situation_kuopio_1280_{lang}")
    context.close()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("code", ["297", "091"])
def test_every_theme_table_fits_1280_without_scrolling_sideways(
    server: str, browser, lang: str, code: str
) -> None:  # type: ignore[no-untyped-def]
    """A projector audience does not scroll a table sideways: at 1280 px with the menu open every theme
    table, peers' median and range included, fits its box (scrollWidth ≤ clientWidth)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"{server}/situation?municipality={code}&lang={lang}")
    page.wait_for_function("() => document.querySelectorAll('table.situation').length === 6", timeout=60_000)
    wait_ready(page)
    sizes = page.evaluate(
        "() => [...document.querySelectorAll('.table-wrap')].map(w => [w.scrollWidth, w.clientWidth])"
    )
    assert len(sizes) == 6 and all(client > 600 for _, client in sizes), sizes
    assert [s for s in sizes if s[0] > s[1]] == [], sizes
    last = page.evaluate(
        """() => [...document.querySelectorAll('.table-wrap')].every(w => {
            const right = w.getBoundingClientRect().right;
            return [...w.querySelectorAll('th:last-child, td.peers')].every(c => c.getBoundingClientRect().right <= right + 0.5);
        })"""
    )
    assert last  # the peers' column is on screen
    page.locator(".table-wrap").nth(2).scroll_into_view_if_needed()
    shot(page, f"situation_tables_fit_1280_{code}_{lang}")
    context.close()


def test_a_small_municipality_is_told_about_small_numbers_in_its_language(server: str, page) -> None:  # type: ignore[no-untyped-def]
    from tests.e2e.axe import BLOCKING, run_axe, summary

    # Kökar, 211 residents: the note above the tables on the situation page and in the scenario page's
    # caution, worked out for Kökar (5 / 211 → 23,7 ‰ and 2,4 %), and both pages stay axe-clean.
    page.goto(f"{server}/situation?municipality=318&lang=sv")
    page.wait_for_function("() => document.querySelectorAll('table.situation').length === 6", timeout=60_000)
    wait_ready(page)
    note = page.get_by_text(
        "Kökar har 211 invånare, så 5 personer är redan 23,7 ‰ eller 2,4 % av befolkningen."
    )
    assert note.is_visible()
    blocking = [v for v in run_axe(page) if v["impact"] in BLOCKING]
    assert not blocking, summary(blocking)
    shot(page, "situation_kokar_small_numbers_sv")

    page.goto(f"{server}/scenarios?municipality=318&lang=fi")
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=60_000)
    wait_ready(page)
    assert page.get_by_text(
        "kunnassa Kökar on 211 asukasta, joten 5 henkeä on jo 23,7 ‰ tai 2,4 %"
    ).is_visible()
    combined = page.get_by_text("Muuttovivut lasketaan yhteen, eikä mikään niistä korvaa toista")
    assert combined.is_visible()
    blocking = [v for v in run_axe(page) if v["impact"] in BLOCKING]
    assert not blocking, summary(blocking)
    combined.scroll_into_view_if_needed()
    shot(page, "scenarios_kokar_levers_fi")
