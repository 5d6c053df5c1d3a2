"""The trends page in Chromium: open it, change the horizon, set a 2030 target, open a shared link; screenshots."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.e2e.conftest import shot, tall, wait_ready

pytestmark = pytest.mark.e2e


def ready(page) -> None:  # type: ignore[no-untyped-def]
    """Wait for the run to finish and the trend chart to be drawn (the first visit projects everything)."""
    page.wait_for_selector("h1", timeout=120_000)
    page.wait_for_selector(".js-plotly-plot", timeout=120_000)
    wait_ready(page)


def subheader(page) -> str:  # type: ignore[no-untyped-def]
    return str(page.get_by_test_id("stMain").locator("h2").first.inner_text())


def test_horizon_target_and_link(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/trends?municipality=297&lang=fi")
    ready(page)
    assert page.locator("h1").first.inner_text() == "Kuopio: mihin nykyinen suunta vie?"
    assert subheader(page) == "Väkiluku: toteutunut ja trendi vuoteen 2030"
    content = page.content()
    assert "Menneillä vuosilla testattuna" in content and "CC BY 4.0" in content
    assert (
        "Tilastokeskuksen väestöennusteesta (2024) johdettu luku vuodelle 2030" in content
    )  # the one 2030 reference
    assert page.locator(".js-plotly-plot").count() == 3
    tall(page, 3800)
    shot(page, "trends_2030_fi")
    page.set_viewport_size({"width": 1440, "height": 960})

    # Horizon 2040: the heading, the peers' year and the link follow.
    started = time.monotonic()
    page.get_by_test_id("stButtonGroup").get_by_role("radio", name="2040", exact=True).click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stMain] h2')?.innerText.includes('2040')", timeout=30_000
    )
    wait_ready(page)
    print(f"horizon change rerun: {time.monotonic() - started:.2f} s (includes 400 ms settle)")
    assert "trend_until=2040" in page.url
    assert "Vertailukuntien ennusteet vuodelle 2040" in page.content()

    # A 2030 target: the verdict in words, the numbers behind it, the link carries it.
    box = page.get_by_label("Tavoitearvo vuonna 2030")
    box.fill("138000")  # above the 95 % band for 2030 (≈ 126 300–137 800), below the fastest peer
    box.press("Enter")
    page.wait_for_function(
        "() => document.body.innerText.includes('näin nopeaa muutosta on nähty vertailukunnissa')",
        timeout=30_000,
    )
    wait_ready(page)
    assert "targets=population:138000" in unquote(page.url)
    assert "Tarvitaan vuodessa" in page.content()
    tall(page, 3800)
    shot(page, "trends_2040_target_fi")
    page.set_viewport_size({"width": 1440, "height": 960})

    # The shared link reopens the same view in a fresh session.
    link = page.url
    other = page.context.new_page()
    other.goto(link)
    ready(other)
    assert subheader(other) == "Väkiluku: toteutunut ja trendi vuoteen 2040"
    assert "näin nopeaa muutosta on nähty vertailukunnissa" in other.content()
    other.close()


def test_rate_indicator_in_english_with_method_and_target(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(
        f"{server}/trends?municipality=091&lang=en&trend_indicator=unemployment_rate"
        "&trend_method=linear&targets=unemployment_rate:4"
    )
    ready(page)
    assert subheader(page) == "Unemployment rate: observed and trend to 2030"
    content = page.content()
    assert "Method chosen by you." in content
    assert "The data end in 2018, so this projects 12 years ahead." in content
    assert "percentage points" in content
    assert "The target needs faster change than any peer has achieved" in content
    tall(page, 3800)
    shot(page, "trends_unemployment_091_en")

    # The download holds the observed years and the trend with its bands, methods in words.
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="CSV", exact=True).first.click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("year,value,kind") and "lower_95" in header and "method" in header
    assert ",observed," in text and "linear trend" in text and "2030," in text


def test_bad_link_and_too_little_history(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(
        f"{server}/trends?municipality=018&lang=fi&trend_indicator=mental_health_care_minors_per_1000"
        "&trend_method=magic&targets=mental_health_care_minors_per_1000:lots"
    )
    page.wait_for_selector("h1", timeout=120_000)
    page.wait_for_function(
        "() => document.body.innerText.includes('Liian vähän historiaa ennusteeseen')", timeout=120_000
    )
    wait_ready(page)
    content = page.content()
    assert "Linkin menetelmää ei tunnistettu" in content
    assert "mental_health_care_minors_per_1000:lots" in content
    assert page.locator(".js-plotly-plot").count() == 0  # no empty chart
    shot(page, "trends_too_little_history_fi")


def test_chart_labels_stay_inside_the_chart_on_a_phone(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{server}/trends?municipality=297&lang=fi")
    ready(page)
    chart = page.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    label = chart.locator(".annotation", has_text="Viimeisin tieto")
    assert label.count() == 1
    box, frame = label.bounding_box(), chart.bounding_box()
    assert box is not None and frame is not None
    # The "latest data" label must be readable whole, not cut at the chart's (and screen's) right edge.
    assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
    shot(page, "trends_chart_390_fi")


def test_a_finnish_target_typed_with_a_decimal_comma(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    """ "7,5" is seven and a half in Finnish: a browser's number field made it 75, ten times off, without a word."""
    context = browser.new_context(viewport={"width": 1440, "height": 960}, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server}/trends?municipality=091&lang=fi&trend_indicator=unemployment_rate")
    ready(page)
    box = page.get_by_label("Tavoitearvo vuonna 2030")
    # A phone shows its number pad with the decimal mark (a rate cannot be negative, so no minus is needed).
    assert box.get_attribute("inputmode") == "decimal"
    box.fill("")
    box.press_sequentially("7,5")  # typed key by key, as a person does
    box.press("Enter")
    page.wait_for_function("() => decodeURIComponent(location.href).includes('targets=unemployment_rate:')")
    wait_ready(page)
    assert "targets=unemployment_rate:7.5" in unquote(page.url)
    assert page.get_by_label("Tavoitearvo vuonna 2030").input_value() == "7,5"
    # Text that is no number is refused in words, and the target in use stays.
    box = page.get_by_label("Tavoitearvo vuonna 2030")
    box.fill("")
    box.press_sequentially("7,5 %")
    box.press("Enter")
    alert = page.get_by_test_id("stAlertContentError")
    alert.wait_for(timeout=30_000)
    wait_ready(page)
    said = "”7,5 %” ei ole luku. Kirjoita luku, esimerkiksi 2,5. Käytössä on edelleen 7,5."
    assert alert.inner_text().endswith(said)  # after the icon's name
    assert "targets=unemployment_rate:7.5" in unquote(page.url)
    assert page.get_by_label("Tavoitearvo vuonna 2030").input_value() == "7,5"
    tall(page, 3800)
    shot(page, "trends_target_decimal_comma_fi")
    context.close()


def test_a_target_that_may_be_negative_keeps_the_full_keyboard(server: str, page) -> None:  # type: ignore[no-untyped-def]
    # iOS's decimal pad has no minus sign: a net migration target may be negative, so no number pad there.
    page.goto(f"{server}/trends?municipality=297&lang=fi&trend_indicator=net_migration_per_1000")
    ready(page)
    box = page.get_by_label("Tavoitearvo vuonna 2030")
    box.wait_for()
    assert box.get_attribute("inputmode") is None


def horizon_tops(page) -> list[list[object]]:  # type: ignore[no-untyped-def]
    """The horizon choices (2030, 2035, 2040) with where each one's top is on the screen."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stButtonGroup] button')]
            .map(b => [b.innerText.trim(), Math.round(b.getBoundingClientRect().top)])"""
    )


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_projector_mode_keeps_the_horizon_years_on_one_line_at_1280(server: str, browser, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Presentation mode switched on in the open sidebar at 1280×720: its larger text must not push 2040
    onto a line of its own under 2030 and 2035, and the method box shows its whole option. Nor may the
    ordinary view (before, its narrower third column put 2040 under the other two at 1280 px)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"{server}/trends?municipality=297&lang={lang}")
    ready(page)
    ordinary = horizon_tops(page)
    assert len({top for _, top in ordinary}) == 1, ordinary
    page.get_by_test_id("stSidebar").get_by_role("switch").first.check(force=True)
    page.wait_for_selector("#kl-projector", state="attached", timeout=30_000)
    ready(page)
    tops = horizon_tops(page)
    assert [y for y, _ in tops] == ["2030", "2035", "2040"], tops
    assert len({top for _, top in tops}) == 1, tops
    method = page.evaluate(
        """() => { const box = [...document.querySelectorAll('[data-testid=stMain] [data-testid=stSelectbox]')][1];
            const input = box.querySelector('input'); return [input.value, input.scrollWidth, input.clientWidth]; }"""
    )
    assert method[1] <= method[2], method
    shot(page, f"trends_projector_1280_{lang}")
    context.close()


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_cards_summary_and_how_it_was_calculated_by_keyboard(
    server: str, browser, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    """The cards say what their figures are and are not cut; one plain sentence under the chart; the method's
    details open from "Miten tämä on laskettu?" with the keyboard; axe passes with the section open."""
    from tests.e2e.axe import BLOCKING, run_axe, summary

    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server}/trends?municipality=297&lang=fi")
    ready(page)
    main = page.get_by_test_id("stMain")
    labels = main.get_by_test_id("stMetricLabel")
    texts = [labels.nth(i).inner_text().strip() for i in range(labels.count())]
    assert texts[:3] == [
        "Viimeisin tieto (2025)",
        "Arvio 2030 (trendin ja ennusteen keskiarvo)",
        "Tilastokeskuksen ennusteesta johdettu 2030",
    ], texts
    # Whole labels, values and small print: nothing cut off with an ellipsis.
    for kind in ("stMetricLabel", "stMetricValue", "stMetricDelta"):
        cut = page.evaluate(
            """kind => [...document.querySelectorAll(`[data-testid=stMain] [data-testid=${kind}]`)]
                .flatMap(e => [e, ...e.querySelectorAll('*')])
                .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)""",
            kind,
        )
        assert cut == [], (kind, cut)
    assert main.get_by_text("noin 132 000 as.", exact=True).first.is_visible()  # rounded to the band's step
    summary_line = main.get_by_text("Viiva on viime vuosien kehityksen ja Tilastokeskuksen väestöennusteen")
    assert summary_line.is_visible()
    details = main.get_by_text("Menetelmä: trendin ja Tilastokeskuksen ennusteen keskiarvo.")
    assert not details.is_visible()  # folded away until asked for
    tall(page, 2600 if width < 600 else 1800)  # the top of the page: cards, headline, chart, sentence
    shot(page, f"trends_summary_{width}_fi")
    page.set_viewport_size({"width": width, "height": height})
    how = main.locator("summary", has_text="Miten tämä on laskettu?")
    how.scroll_into_view_if_needed()
    how.focus()  # a <summary>: reached with Tab, opened with Enter
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    details.wait_for(state="visible", timeout=10_000)
    assert main.get_by_text("Tiedot päättyvät vuoteen 2025").is_visible()
    wait_ready(page)
    violations = run_axe(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, summary(blocking)
    tall(page, 5200 if width < 600 else 3800)
    shot(page, f"trends_how_open_{width}_fi")
    context.close()
