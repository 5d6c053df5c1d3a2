"""Accessibility in Chromium: axe-core (WCAG 2.1 A/AA) on every page and the workshop's phone and wall views,
<html lang> per language, the workshop join-and-answer flow by keyboard alone, and the pages at 200 % zoom.

Fails on any critical or serious axe violation, and on a heading that skips a level (axe's best-practice
heading-order); other moderate and minor findings are printed (pytest -s shows them).
axe-core comes from scripts/axe.sh (scripts/test.sh runs it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.axe import BLOCKING, run_axe, summary
from tests.e2e.conftest import free_port, shot, start_server, wait_ready

pytestmark = pytest.mark.e2e

# (url path, the first heading in Finnish) for every page of app.PAGES; glance is the default page ("").
PAGES = [
    ("", "Kuopio lyhyesti"),
    ("situation", "Kuopio: tilannekuva"),
    ("compare", "Vertaa indikaattoria"),
    ("report", "Tilannekuvaraportti"),
    ("trends", None),
    ("scenarios", None),
    ("sources", "Aineistot ja lähteet"),
    ("owndata", None),
    ("workshop", None),
    ("join", "Liity työpajaan"),
    ("present", "Esitysnäkymä"),
    ("survey", "Asukaskysely: mikä on tärkeää kunnassa 2030"),
    ("answer", "Vastaa kyselyyn"),
    ("accessibility", "Saavutettavuusseloste"),
    ("scorecard", None),
    ("seminar", None),
]
PHONE = {"width": 390, "height": 844}
ZOOM_200 = {"width": 720, "height": 480}  # a 1440 × 960 screen at 200 % zoom
CHART_DATA = "Kuvaajan tiedot taulukkona"


def check(pg: Any, name: str) -> list[dict[str, Any]]:
    """Run axe on the page; print everything it finds; return the critical and serious violations and any
    heading that skips a level (best practice, not a WCAG A/AA rule: a screen reader's list of headings is the
    page's outline)."""
    violations = run_axe(pg) + run_axe(pg, rules=["heading-order"])
    if violations:
        print(f"\naxe on {name}:\n{summary(violations)}")
    else:
        print(f"\naxe on {name}: no violations")
    return [v for v in violations if v["impact"] in BLOCKING or v["id"] == "heading-order"]


def open_chart_tables(pg: Any) -> None:
    """Open every chart's data expander, so axe sees the tables too."""
    for summary_el in pg.locator("summary", has_text=CHART_DATA).all():
        summary_el.click()
    pg.wait_for_timeout(300)


@pytest.mark.parametrize(("path", "heading"), PAGES, ids=[p or "glance" for p, _ in PAGES])
def test_axe_on_every_page_fi(server: str, page, path: str, heading: str | None) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/{path}?municipality=297&lang=fi")
    wait_ready(page)
    if heading:
        assert page.locator("h1").first.inner_text() == heading
    open_chart_tables(page)
    # names.js sets <html lang> after the page is drawn: wait for it (a slow machine drew it late), then check
    page.wait_for_function("() => document.documentElement.lang === 'fi'", timeout=15_000)
    blocking = check(page, path or "glance")
    assert not blocking, summary(blocking)


@pytest.mark.parametrize(("lang", "heading"), [("sv", "Kuopio i korthet"), ("en", "Kuopio at a glance")])
def test_html_lang_follows_the_language(server: str, page, lang: str, heading: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?municipality=297&lang={lang}")
    wait_ready(page)
    assert page.locator("h1").first.inner_text() == heading
    assert page.evaluate("() => document.documentElement.lang") == lang
    # Switching the language in the sidebar moves <html lang> along.
    page.get_by_test_id("stSidebar").get_by_text("Suomi").click()
    page.wait_for_function("() => document.documentElement.lang === 'fi'")


@pytest.fixture(scope="module")
def ws_server(tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A server with its own SQLite workshop store."""
    path = tmp_path_factory.mktemp("a11y_workshop") / "store.sqlite"
    port = free_port()
    proc = start_server(port, {"KUNTALUOTAIN_DB_URL": f"sqlite:///{path}"})
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


def tab_to(pg: Any, test: str, limit: int = 80, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until the focused element passes a JavaScript test (e => bool)."""
    for _ in range(limit):
        pg.keyboard.press(key)
        if pg.evaluate(f"() => {{ const e = document.activeElement; return !!e && ({test})(e); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {test}")


def focus_is_visible(pg: Any) -> bool:
    """The focused element draws an outline or a focus ring (box-shadow)."""
    return bool(
        pg.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
                return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; }"""
        )
    )


def test_workshop_by_keyboard_and_axe_on_room_views(ws_server: str, browser) -> None:  # type: ignore[no-untyped-def]
    # The facilitator (mouse is fine here) creates a workshop and opens the wall.
    fac_ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    fac = fac_ctx.new_page()
    fac.set_default_timeout(30_000)
    fac.goto(f"{ws_server}/workshop?municipality=297&lang=fi")
    wait_ready(fac)
    fac.get_by_role("button", name="Luo työpaja").click()
    fac.get_by_text("Liittymiskoodi", exact=True).wait_for()
    wait_ready(fac)
    code = fac.get_by_test_id("stMetricValue").first.inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code), code
    blocking = check(fac, "workshop control panel")
    fac.get_by_test_id("stMain").get_by_role("link", name=re.compile("Esitysnäkymä")).first.click()
    wait_ready(fac)
    blocking += check(fac, "workshop wall, overview")

    # The participant: keyboard only, from an empty join page to a stored answer.
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    phone = ctx.new_page()
    phone.set_default_timeout(30_000)
    phone.goto(f"{ws_server}/join?lang=fi")
    wait_ready(phone)
    tab_to(phone, "e => e.getAttribute('aria-label') === 'Koodi'")
    assert focus_is_visible(phone)
    phone.keyboard.type(code)
    tab_to(phone, "e => e.getAttribute('aria-label') === 'Nimesi (vapaaehtoinen)'", limit=5)
    phone.keyboard.type("Näppäimistö")
    tab_to(phone, "e => e.tagName === 'BUTTON' && e.innerText.trim() === 'Liity'", limit=5)
    assert focus_is_visible(phone)
    phone.keyboard.press("Enter")
    phone.get_by_text(re.compile(r"^Vaihe \d+/\d+$")).first.wait_for()
    wait_ready(phone)
    blocking += check(phone, "workshop phone, overview")

    # The facilitator moves to the projection step; the phone follows by itself.
    before = fac.locator("h1").first.inner_text()
    fac.get_by_role("button", name="Seuraava vaihe", exact=True).click()
    fac.wait_for_function("b => document.querySelector('h1')?.innerText !== b", arg=before)
    wait_ready(fac)
    blocking += check(fac, "workshop wall, projection step")
    phone.get_by_role("heading", name=re.compile("Ennuste")).wait_for()
    wait_ready(phone)
    # a text field that takes "125 000" as a Finnish keyboard types it
    tab_to(phone, "e => (e.getAttribute('aria-label') || '').startsWith('Arvauksesi')")
    assert focus_is_visible(phone)
    phone.keyboard.type("125 000")
    tab_to(phone, "e => e.tagName === 'BUTTON' && e.innerText.trim() === 'Lähetä'", limit=10)
    assert focus_is_visible(phone)
    phone.keyboard.press("Space")
    phone.get_by_text("Vastauksesi on tallennettu").wait_for()
    fac.get_by_text("Odotetaan vastauksia… 1 vastaus", exact=True).wait_for(timeout=15_000)
    wait_ready(phone)
    shot(phone, "a11y_phone_keyboard_sent")
    blocking += check(phone, "workshop phone, answer sent")

    # The ranking by keyboard: each theme is a button; Enter takes it as the next place.
    before = fac.locator("h1").first.inner_text()
    fac.get_by_role("button", name="Seuraava vaihe", exact=True).click()
    fac.wait_for_function("b => document.querySelector('h1')?.innerText !== b", arg=before)
    phone.get_by_role("heading", name="Priorisointi").wait_for()
    wait_ready(phone)
    blocking += check(phone, "workshop phone, ranking")
    for n, theme in enumerate(
        ["Kuntatalous", "Elinvoima", "Hyvinvointi", "Väestökehitys", "Johtaminen ja osallisuus"], start=1
    ):
        tab_to(phone, f"e => e.tagName === 'BUTTON' && e.innerText.trim() === '{theme}'")
        assert focus_is_visible(phone)
        phone.keyboard.press("Enter")
        # the chosen order is a numbered list: place n holds this theme
        phone.get_by_test_id("stMain").locator("ol > li").nth(n - 1).filter(has_text=theme).wait_for()
        wait_ready(phone)
    tab_to(phone, "e => e.tagName === 'BUTTON' && e.innerText.trim() === 'Lähetä'")
    phone.keyboard.press("Enter")
    phone.get_by_text("Vastauksesi on tallennettu").wait_for()
    shot(phone, "a11y_phone_keyboard_ranking")

    # A second screen: the wall by link only (view only).
    viewer = ctx.new_page()
    viewer.goto(f"{ws_server}/present?ws={code}&lang=fi")
    wait_ready(viewer)
    blocking += check(viewer, "workshop wall, view-only link")
    ctx.close()
    fac_ctx.close()
    assert not blocking, summary(blocking)


ZOOM_PAGES = ["", "situation", "compare", "trends", "scenarios", "sources", "join", "accessibility"]


# Elements wider than the window, text cut short with an ellipsis, and a select box's chosen option cut at its
# edge (the trends page's method, before its row of choices could wrap); content inside a box that scrolls
# sideways is reachable (data tables are exempt from reflow, WCAG 1.4.10), and a chart's inner SVG parts are
# judged by the chart itself.
CUT_OFF_JS = """() => {
    const w = document.documentElement.clientWidth, out = [];
    for (const e of document.querySelectorAll('[data-testid=stMain] *')) {
        if (e instanceof SVGElement && !(e instanceof SVGSVGElement)) continue;
        if (e.matches('input[type=range]')) continue;  // a slider's invisible input rides on its thumb
        const r = e.getBoundingClientRect(), s = getComputedStyle(e);
        if (!r.width || !r.height || s.visibility === 'hidden' || s.position === 'fixed') continue;
        let a = e.parentElement, scrolls = false;
        while (a && a.getAttribute('data-testid') !== 'stMain') {
            const o = getComputedStyle(a).overflowX;
            if (o === 'auto' || o === 'scroll') { scrolls = true; break; }
            a = a.parentElement;
        }
        if (scrolls) continue;
        const where = (e.closest('[data-testid]') || e).getAttribute('data-testid');
        if (r.right > w + 1) out.push(`${where} ${e.tagName} right=${Math.round(r.right)}: ${(e.innerText || '').slice(0, 40)}`);
        else if (s.textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1)
            out.push(`${where} ${e.tagName} truncated: ${(e.innerText || '').slice(0, 40)}`);
        else if (e.matches('input[role=combobox]') && e.scrollWidth > e.clientWidth + 1)
            out.push(`${where} ${e.tagName} choice cut: ${e.value.slice(0, 40)}`);
    }
    return out.slice(0, 8);
}"""


@pytest.mark.parametrize("path", ZOOM_PAGES, ids=[p or "glance" for p in ZOOM_PAGES])
def test_pages_at_200_percent_zoom(server: str, browser, path: str) -> None:  # type: ignore[no-untyped-def]
    """A 720 px wide window (200 % of 1440): nothing wider than the window, no text cut short; a table that
    scrolls sideways there (a chart's data, opened) takes a Tab stop and a name, so the keyboard can scroll it
    (axe: scrollable-region-focusable, which a wide window never meets); axe finds nothing serious; screenshots."""
    context = browser.new_context(viewport=ZOOM_200)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.goto(f"{server}/{path}?municipality=297&lang=fi")
    wait_ready(pg)
    problems = pg.evaluate(CUT_OFF_JS)
    open_chart_tables(pg)
    tables = pg.evaluate(SCROLLING_TABLES_JS)
    unreachable = [t for t in tables if t["tabindex"] != "0" or not t["name"]]
    blocking = check(pg, f"{path or 'glance'} at 200 %")
    # Streamlit scrolls its main block, not the document: a taller window shows more in the screenshot.
    pg.set_viewport_size({"width": ZOOM_200["width"], "height": 2400})
    wait_ready(pg)  # also until the widgets drawn on the taller window are no longer skeletons
    pg.wait_for_timeout(800)
    shot(pg, f"a11y_zoom200_{path or 'glance'}")
    context.close()
    assert not problems, f"cut off in a {ZOOM_200['width']} px window: {problems}"
    assert not unreachable, f"a table that scrolls is not a Tab stop with a name: {unreachable}"
    assert not blocking, summary(blocking)
    if path == "trends":  # the population chart's data is wider than 720 px
        assert tables, "no table scrolls on the trends page at 200 %: the check above checked nothing"


# st.table's boxes whose table is wider or taller than the box: their Tab stop and name (names.js).
SCROLLING_TABLES_JS = """() => [...document.querySelectorAll('[data-testid="stTable"] > div')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
    .map((e) => ({tabindex: e.getAttribute('tabindex'), name: e.getAttribute('aria-label'),
                  head: (e.querySelector('th') || e).innerText.slice(0, 30)}))"""


def test_a_wide_table_scrolls_by_keyboard(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    """On a phone-wide window the trends page's chart data is wider than the screen: Tab from the fold's button
    reaches the table, the arrow keys scroll it, and the focus shows."""
    context = browser.new_context(viewport=PHONE)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.goto(f"{server}/trends?municipality=297&lang=fi")
    wait_ready(pg)
    fold = pg.locator("summary", has_text=CHART_DATA).first
    fold.click()
    box = pg.get_by_role("region", name=f"{CHART_DATA}, vieritettävä taulukko").first
    box.wait_for()
    fold.focus()
    pg.keyboard.press("Tab")
    assert (
        pg.evaluate("document.activeElement.getAttribute('aria-label')")
        == f"{CHART_DATA}, vieritettävä taulukko"
    )
    pg.keyboard.press("ArrowRight")
    pg.wait_for_function("() => document.activeElement.scrollLeft > 0")
    outline = pg.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid", outline  # the focus is visible (theme.py's [tabindex]:focus-visible),
    offset = pg.evaluate("getComputedStyle(document.activeElement).outlineOffset")
    assert offset.startswith("-"), offset  # inside the box: the fold around it would clip it outside
    box.scroll_into_view_if_needed()
    shot(pg, "a11y_wide_table_phone")
    context.close()


def test_keyboard_chooses_municipality_and_opens_a_page(server: str, page) -> None:  # type: ignore[no-untyped-def]
    """From the top of the page: Tab to the municipality box, type and Enter; Tab on to a menu link and Enter."""
    page.goto(f"{server}/?municipality=091&lang=fi")
    wait_ready(page)
    tab_to(page, "e => e.getAttribute('aria-label') === 'Kunta'")
    assert focus_is_visible(page)
    page.keyboard.type("Kuopio")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Kuopio lyhyesti'")
    wait_ready(page)
    # On into the page menu below the pickers.
    tab_to(page, "e => e.tagName === 'A' && e.innerText.trim().endsWith('Vertaa indikaattoria')", 30)
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Vertaa indikaattoria'")
    assert "municipality=297" in page.url


def test_keyboard_moves_a_scenario_lever(server: str, page) -> None:  # type: ignore[no-untyped-def]
    """Tab to the net-migration lever, move it with the arrow keys; the 2030 population follows."""
    page.goto(f"{server}/scenarios?municipality=297&lang=fi")
    wait_ready(page)
    before = page.get_by_test_id("stMetricValue").first.inner_text()
    tab_to(
        page,
        "e => e.type === 'range' && e.getAttribute('aria-label') === 'Muuttoliike, henkeä vuodessa'",
        120,
    )
    # The range input itself is visually hidden; its thumb (two levels up) draws the focus ring.
    thumb = "getComputedStyle(document.activeElement.parentElement.parentElement)"
    assert page.evaluate(f"() => {thumb}.outlineStyle") == "solid"
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    # Five steps of 10 from 0; the lever is a select-slider over its values (it writes −2 000 in Finnish), so
    # the input's value is a position and the value itself is in its aria-valuetext.
    assert page.evaluate("() => document.activeElement.getAttribute('aria-valuetext')") == "50"
    page.wait_for_function(
        "b => document.querySelector('[data-testid=stMetricValue]')?.innerText !== b",
        arg=before,
        timeout=30_000,
    )
