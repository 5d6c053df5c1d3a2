"""Streamlit's and Plotly's own control names in the page's language (foresight/ui/names.py), on served pages
in Chromium: no accessible name, title or placeholder is one of the English names they write themselves.

The English names below were read from served pages of Streamlit 1.5x and Plotly before the fix (aria-label,
title, Plotly's data-title, placeholder); they are listed here on their own, not taken from names.py.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import shot, wait_ready

pytestmark = pytest.mark.e2e

ENGLISH = {
    "Fullscreen",
    "Link to heading",
    "Open",
    "Sidebar",
    "Collapse sidebar",
    "Expand sidebar",
    "Decrement",
    "Increment",
    "Clear all",
    "Selected values",
    "Show password",
    "Choose date",
    "Download as CSV",
    "Search",
    "Show/hide columns",
    "Copy to clipboard",
    "Copied",
    "Choose an option",
    "history icon",
    "warning icon",
    "Download plot as a PNG",
    "Zoom",
    "Pan",
    "Zoom in",
    "Zoom out",
    "Autoscale",
    "Reset axes",
    "st.iframe",
}
ENGLISH_PREFIXES = ("Help for ", "Fullscreen: ", "Remove ", "day, ", "month, ", "year, ")
FI_PAGES = [
    "",
    "situation",
    "compare",
    "trends",
    "scenarios",
    "scorecard",
    "workshop",
    "survey",
    "sources",
    "report",
]

# Every name a screen reader may hear from an element: attribute, value, the element's data-testid or tag.
NAMES_JS = """() => {
  const attrs = ['aria-label', 'title', 'data-title', 'placeholder'];
  const out = [];
  for (const e of document.querySelectorAll(attrs.map((a) => `[${a}]`).join(','))) {
    if (e.closest('[aria-hidden="true"]')) continue;
    for (const a of attrs) {
      const v = e.getAttribute(a);
      if (v) out.push([a, v, e.getAttribute('data-testid') || e.tagName]);
    }
  }
  return out;
}"""


def names(pg: Any) -> list[list[str]]:
    pg.wait_for_timeout(500)  # Plotly draws its mode bar after Streamlit's run has ended
    return list(pg.evaluate(NAMES_JS))


def english(found: list[list[str]]) -> list[list[str]]:
    return [n for n in found if n[1] in ENGLISH or n[1].startswith(ENGLISH_PREFIXES)]


@pytest.mark.parametrize("path", FI_PAGES, ids=[p or "glance" for p in FI_PAGES])
def test_finnish_pages_have_no_english_control_names(server: str, page, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/{path}?municipality=297&lang=fi")
    wait_ready(page)
    # the sidebar's municipality picker's help icon (a heavy page may still be redrawing the sidebar)
    page.locator('[data-testid="stSidebar"] [aria-label="Ohje: Kunta"]').wait_for(state="attached")
    found = names(page)
    assert not english(found), english(found)
    labels = {value for attr, value, _ in found if attr == "aria-label"}
    assert "Sivupalkki" in labels
    if path in ("", "situation", "compare", "sources"):
        assert "Linkki tähän otsikkoon" in labels
    if path == "":
        shot(page, "names_glance_fi")


def test_chart_mode_bar_keeps_the_image_download_in_finnish_and_no_axis_tools(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/compare?municipality=297&lang=fi")
    wait_ready(page)
    chart = page.get_by_test_id("stPlotlyChart").first
    chart.hover()
    bar = chart.locator(".modebar").first
    bar.wait_for(state="attached")
    titles = bar.locator("[data-title]").evaluate_all("els => els.map((e) => e.getAttribute('data-title'))")
    assert "Lataa kuvaaja PNG-kuvana" in titles
    assert "Koko näyttö" in titles
    assert not {"Suurenna alue", "Siirrä", "Lähennä", "Loitonna", "Palauta akselit"} & set(titles), titles
    # the map keeps its zoom and pan tools, named in Finnish
    country = page.locator('[data-testid="stPlotlyChart"][aria-label^="Suomen kartta"]')
    country.hover()
    tools = country.locator(".modebar [data-title]").evaluate_all(
        "els => els.map((e) => [e.getAttribute('data-title'), e.getAttribute('aria-label')])"
    )
    assert {"Lähennä", "Loitonna", "Siirrä"} <= {title for title, _ in tools}, tools
    assert all(label is None or label == title for title, label in tools), tools
    # a table's toolbar: the visible tip of a button is in Finnish too
    page.get_by_test_id("stDataFrame").first.hover()
    page.get_by_test_id("stElementToolbar").first.locator("button").first.hover()
    tip = page.get_by_test_id("stTooltipContent").first
    tip.wait_for()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stTooltipContent]').innerText.trim() === 'Näytä tai piilota sarakkeita'"
    )
    shot(page, "names_compare_fi")


def test_material_icons_in_a_text_are_hidden_from_screen_readers(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?municipality=297&lang=fi")
    wait_ready(page)
    icons = page.locator('[data-testid="stMain"] p span[role="img"][translate="no"]')
    assert icons.count() > 0
    hidden = icons.evaluate_all("els => els.map((e) => e.getAttribute('aria-hidden'))")
    assert set(hidden) == {"true"}, hidden
    # the text itself is still there for everyone
    assert icons.first.locator("xpath=..").inner_text().strip()


def test_swedish_page_and_a_change_of_language(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?municipality=297&lang=sv")
    wait_ready(page)
    found = names(page)
    assert not english(found), english(found)
    labels = {value for attr, value, _ in found if attr == "aria-label"}
    assert {"Hjälp: Kommun", "Sidofält", "Länk till rubriken", "Öppna listan"} <= labels
    # Switching to Finnish renames the controls Streamlit does not redraw as well.
    page.get_by_test_id("stSidebar").get_by_text("Suomi").click()
    page.wait_for_function("() => document.documentElement.lang === 'fi'")
    wait_ready(page)
    found = names(page)
    labels = {value for attr, value, _ in found if attr == "aria-label"}
    assert {"Ohje: Kunta", "Sivupalkki", "Linkki tähän otsikkoon", "Avaa luettelo"} <= labels
    assert not {"Hjälp: Kommun", "Sidofält", "Länk till rubriken", "Öppna listan"} & labels
    assert not english(found), english(found)


def test_script_renames_known_names_leaves_others_and_follows_redraws(browser) -> None:  # type: ignore[no-untyped-def]
    """The naming script alone on a static page: no server, the same script theme.apply installs."""
    from foresight.ui import names as names_module

    def install(pg: Any, lang: str) -> None:
        pg.add_script_tag(
            content=names_module.script(lang).removeprefix("<script>").removesuffix("</script>")
        )

    pg = browser.new_page()
    pg.set_content(
        """<main>
        <button id="help" aria-label="Help for Kunta"></button>
        <a id="anchor" aria-label="Link to heading" href="#x"></a>
        <button id="other" aria-label="Something Streamlit adds later"></button>
        <button id="own" aria-label="Kunta"></button>
        <button id="copied" aria-label="Copied" title="Copied"></button>
        <a id="plotly" data-title="Download plot as a PNG"></a>
        <input id="pick" placeholder="Choose an option">
        <p id="caption"><span id="icon" role="img" aria-label="warning icon" translate="no">warning</span> Vuosi
        2019 puuttuu.</p>
        <button id="alone"><span id="only" role="img" aria-label="menu icon" translate="no">menu</span></button>
        <div data-testid="InputInstructions"><span id="hint">Press Enter to submit form</span><span id="count">2/16</span>
        </div>
        <div role="listbox" id="empty"><div role="option"><span>No results</span></div></div>
        <div role="listbox" id="options"><div role="option"><span>Open</span></div></div>
        </main>"""
    )
    install(pg, "fi")

    def attr(sel: str, name: str = "aria-label") -> str | None:
        return pg.get_attribute(sel, name)

    assert attr("#help") == "Ohje: Kunta"
    assert attr("#anchor") == "Linkki tähän otsikkoon"
    assert attr("#other") == "Something Streamlit adds later"  # unknown: left as it is
    assert attr("#own") == "Kunta"
    # a code block's copy button, for two seconds after a copy
    assert attr("#copied") == "Kopioitu" and attr("#copied", "title") == "Kopioitu"
    assert attr("#plotly", "data-title") == "Lataa kuvaaja PNG-kuvana"
    assert attr("#pick", "placeholder") == "Valitse"
    assert attr("#icon", "aria-hidden") == "true"
    assert attr("#only", "aria-hidden") is None  # an icon alone keeps its name
    assert pg.inner_text("#hint") == "Lähetä painamalla Enter" and pg.inner_text("#count") == "2/16"
    assert pg.inner_text("#empty") == "Ei osumia"
    assert pg.inner_text("#options") == "Open"  # an option is its own text, even one that reads like a name
    # Streamlit redraws a help icon for another label: renamed again.
    pg.evaluate("document.querySelector('#help').setAttribute('aria-label', 'Help for Vertailuryhmä')")
    pg.wait_for_function(
        "document.querySelector('#help').getAttribute('aria-label') === 'Ohje: Vertailuryhmä'"
    )
    # A change of language renames from the English original, even where nothing was redrawn.
    install(pg, "sv")
    assert attr("#help") == "Hjälp: Vertailuryhmä"
    assert attr("#anchor") == "Länk till rubriken"
    # A label that holds markup-like text stays text.
    pg.evaluate("document.querySelector('#help').setAttribute('aria-label', 'Help for <b>&amp;')")
    pg.wait_for_function("document.querySelector('#help').getAttribute('aria-label') === 'Hjälp: <b>&amp;'")
    pg.close()


def test_script_renames_list_announcements_and_the_missing_page_and_makes_wide_tables_reachable(
    browser,
) -> None:  # type: ignore[no-untyped-def]
    """The rules that are not one name, on a static page: react-aria's live announcements of an open list
    ("308 options available.", "Kuopio, selected"), Streamlit's dialog for a link to a page that does not exist,
    and a table wider than its box (a Tab stop and a name while it scrolls, none when it fits)."""
    from foresight.ui import names as names_module

    def install(pg: Any, lang: str) -> None:
        pg.add_script_tag(
            content=names_module.script(lang).removeprefix("<script>").removesuffix("</script>")
        )

    pg = browser.new_page()
    pg.set_content(
        """<main>
        <div data-live-announcer="true"><div id="log" role="log" aria-live="assertive"></div></div>
        <section role="dialog" id="missing"><button aria-label="Close"></button><h2 id="title">Page not found</h2>
        <div><div id="text">The page that you have requested does not seem to exist. Running the app's main
        page.</div></div></section>
        <section role="dialog" id="own"><h2>Oma ikkuna</h2><div id="own-text">Running the app's main page.</div>
        </section>
        <section role="dialog"><h2 id="lost">Connection error</h2><div id="lost-text">Streamlit server is not
        responding. Are you connected to the internet?</div></section>
        <section role="dialog"><h2>Connection error</h2><div id="here-text">Is Streamlit still running? If you
        accidentally stopped Streamlit, just restart it in your terminal:</div><pre><code id="command">streamlit run
        yourscript.py</code></pre></section>
        <details open data-testid="stExpander"><summary><span role="img" translate="no">table</span>
        <div data-testid="stMarkdownContainer"><p>Kuvaajan tiedot taulukkona</p></div></summary>
        <div data-testid="stTable"><div id="wide" style="overflow:auto;width:200px"><table><tr>
        <td style="white-space:nowrap">Vaaka-akseli · 95 %:n vyöhyke – alaraja · 95 %:n vyöhyke – yläraja</td>
        </tr></table></div></div></details>
        <div data-testid="stTable"><div id="narrow" style="overflow:auto;width:600px"><table><tr>
        <td style="white-space:nowrap">Teema · Uusin vuosi</td></tr></table></div></div>
        </main>"""
    )
    install(pg, "fi")
    said = "() => [...document.querySelectorAll('#log div')].map((e) => e.textContent)"
    for english in (
        "308 options available.",
        "1 option available.",
        "1,234 options available.",
        "Kuopio, selected",
    ):
        pg.evaluate(
            "t => document.getElementById('log').appendChild(Object.assign(document.createElement('div'), {textContent: t}))",
            english,
        )
    pg.wait_for_function(f"() => ({said})().every((t) => !/available|selected/.test(t))")
    assert pg.evaluate(said) == [
        "308 vaihtoehtoa saatavilla.",
        "1 vaihtoehto saatavilla.",
        "1234 vaihtoehtoa saatavilla.",
        "Kuopio, valittu",
    ]
    assert pg.inner_text("#title") == "Sivua ei löytynyt"
    assert pg.inner_text("#text") == "Linkin sivua ei ole. Näytetään sen sijaan etusivu."
    assert pg.inner_text("#own-text") == "Running the app's main page."  # only Streamlit's own dialog
    assert pg.inner_text("#lost") == "Yhteys katkesi"
    assert pg.inner_text("#lost-text").startswith("Palvelin ei vastaa. Tarkista verkkoyhteys")
    assert pg.inner_text("#here-text").startswith("Palvelin ei vastaa. Jos sovellus on pysähtynyt")
    assert pg.inner_text("#command") == "bash scripts/run.sh"  # how this app starts (README)
    # the wide table: a Tab stop named by its fold; the table that fits: nothing added
    pg.wait_for_function("() => document.getElementById('wide').getAttribute('tabindex') === '0'")
    assert pg.get_attribute("#wide", "role") == "region"
    assert pg.get_attribute("#wide", "aria-label") == "Kuvaajan tiedot taulukkona, vieritettävä taulukko"
    assert pg.get_attribute("#narrow", "tabindex") is None and pg.get_attribute("#narrow", "role") is None
    pg.focus("summary")
    pg.keyboard.press("Tab")  # from the fold's own button to its table
    assert pg.evaluate("document.activeElement.id") == "wide"
    pg.keyboard.press("ArrowRight")
    pg.wait_for_function("() => document.getElementById('wide').scrollLeft > 0")
    # sizes change with no new element (a window turned): the marks follow
    pg.evaluate("document.getElementById('wide').style.width = '2000px'")
    pg.evaluate("document.getElementById('narrow').style.width = '40px'")
    pg.wait_for_function("() => !document.getElementById('wide').hasAttribute('tabindex')")
    pg.wait_for_function("() => document.getElementById('narrow').getAttribute('tabindex') === '0'")
    assert pg.get_attribute("#wide", "role") is None and pg.get_attribute("#wide", "aria-label") is None
    assert pg.get_attribute("#narrow", "aria-label") == "Vieritettävä taulukko"  # in no fold
    install(pg, "sv")  # a change of language renames the table too
    assert pg.get_attribute("#narrow", "aria-label") == "Rullbar tabell"
    pg.close()


@pytest.mark.parametrize(
    ("lang", "expected"), [("fi", "Siirry pääsisältöön"), ("sv", "Hoppa till huvudinnehållet")]
)
def test_the_skip_link_is_in_the_pages_language(server: str, page, lang: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    """Streamlit's skip link, the first Tab stop, says "Skip to main content": renamed, in its visible
    text and so in its accessible name, and it still takes the keyboard to the main content."""
    page.goto(f"{server}/trends?municipality=297&lang={lang}")
    wait_ready(page)
    link = page.get_by_test_id("stSkipToContent")
    page.wait_for_function(
        f"() => document.querySelector('[data-testid=stSkipToContent]')?.textContent === {expected!r}"
    )
    assert page.get_by_role("link", name=expected, exact=True).count() == 1
    assert page.get_by_role("link", name="Skip to main content").count() == 0
    page.locator("body").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-testid')") == "stSkipToContent"
    assert link.inner_text().strip() == expected  # what a sighted keyboard user sees when it appears
    shot(page, f"names_skip_link_{lang}")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "stMain"


HINTS = "() => [...document.querySelectorAll('[data-testid=InputInstructions]')].map((e) => e.innerText)"


@pytest.mark.parametrize(
    ("lang", "typed_hint", "form_hint"),
    [
        ("fi", "Ota käyttöön painamalla Enter", "Lähetä painamalla Enter"),
        ("sv", "Tryck på Enter för att tillämpa", "Tryck på Enter för att skicka"),
    ],
)
def test_the_hint_under_a_field_being_typed_in_is_in_the_pages_language(  # type: ignore[no-untyped-def]
    server: str, page, lang: str, typed_hint: str, form_hint: str
) -> None:
    """Streamlit writes "Press Enter to apply" (in a form "Press Enter to submit form") under a text field while
    it is typed in: English text on a Finnish or Swedish page (WCAG 2.1 3.1.2). Renamed; the character count
    beside it stays."""
    from foresight.i18n import t

    page.goto(f"{server}/scorecard?municipality=297&lang={lang}")
    wait_ready(page)
    page.get_by_role("tab", name=t("scorecard.tab.save", lang)).click()
    page.get_by_label(t("scorecard.author_label", lang)).fill("An")  # outside a form
    page.wait_for_function(f"() => ({HINTS})().some((t) => t.includes({typed_hint!r}))")
    assert any("2/" in text for text in page.evaluate(HINTS)), page.evaluate(HINTS)  # the count stays
    code = page.get_by_label(t("scorecard.code_label", lang), exact=True)
    code.fill("AB")  # the code of a saved scorecard, in the form for opening one
    page.wait_for_function(f"() => ({HINTS})().some((t) => t.includes({form_hint!r}))")
    assert not [text for text in page.evaluate(HINTS) if "Press" in text], page.evaluate(HINTS)
    code.scroll_into_view_if_needed()
    shot(page, f"names_input_hint_{lang}")


@pytest.mark.parametrize(("lang", "expected"), [("fi", "Ei osumia"), ("sv", "Inga träffar")])
def test_a_list_with_nothing_matching_says_so_in_the_pages_language(  # type: ignore[no-untyped-def]
    server: str, page, lang: str, expected: str
) -> None:
    """Typing a name that matches no municipality into the picker: Streamlit's list says "No results"."""
    page.goto(f"{server}/?municipality=297&lang={lang}")
    wait_ready(page)
    page.get_by_test_id("stSidebar").get_by_role("combobox").first.click()
    page.keyboard.type("zzzz")
    listbox = page.get_by_role("listbox")
    listbox.wait_for()
    page.wait_for_function(
        f"() => document.querySelector('[role=listbox]')?.innerText.trim() === {expected!r}", timeout=10_000
    )
    assert "No results" not in listbox.inner_text()
    shot(page, f"names_no_results_{lang}")
    page.keyboard.press("Escape")


ANNOUNCED = (
    "() => [...document.querySelectorAll('[data-live-announcer] [aria-live] div')].map((e) => e.textContent)"
)


@pytest.mark.parametrize(
    ("lang", "title", "count"),
    [
        ("fi", "Sivua ei löytynyt", r"^\d+ vaihtoehtoa saatavilla\.$"),
        ("sv", "Sidan hittades inte", r"^\d+ alternativ tillgängliga\.$"),
    ],
)
def test_a_missing_page_and_an_open_lists_announcement_are_in_the_pages_language(  # type: ignore[no-untyped-def]
    server: str, page, lang: str, title: str, count: str
) -> None:
    """A link to a page that does not exist (the front page has no path of its own: /glance) opens the front
    page with Streamlit's dialog "Page not found … the app's pages/ directory"; and an open list tells a screen
    reader "308 options available." (react-aria, which Streamlit sets to en-US). Both in the page's language."""
    page.goto(f"{server}/glance?municipality=297&lang={lang}")
    wait_ready(page)
    dialog = page.get_by_role("dialog", name=title)
    dialog.wait_for()
    text = dialog.inner_text()
    assert "Page not found" not in text and "Running" not in text and "pages/" not in text, text
    shot(page, f"names_missing_page_{lang}")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert "Kuopio" in page.locator("h1").first.inner_text()  # the front page, the municipality kept
    page.get_by_test_id("stSidebar").get_by_role("combobox").first.click()
    page.wait_for_function(f"() => ({ANNOUNCED})().length > 0")
    said = page.evaluate(ANNOUNCED)
    assert said and all(re.match(count, s) for s in said), said
    page.keyboard.type("jyv")  # one municipality left: the count's singular
    page.wait_for_function(f"() => ({ANNOUNCED})().some((t) => t.startsWith('1 '))")
    said = page.evaluate(ANNOUNCED)
    assert not [s for s in said if "available" in s], said
    page.keyboard.press("Escape")


DIALOGS = "() => [...document.querySelectorAll('[role=dialog]')].map((e) => e.innerText)"


def test_a_lost_connection_is_told_in_the_pages_language_and_the_page_comes_back(browser) -> None:  # type: ignore[no-untyped-def]
    """A phone's network drops in a workshop (here: the server stops): Streamlit's "Connection error … Are you
    connected to the internet?" is in Finnish; on the machine running the app (localhost) its "streamlit run
    yourscript.py" is this app's own command. When the server answers again the dialog goes by itself."""
    from tests.e2e.conftest import free_port, start_server

    port = free_port()
    proc = start_server(port)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        phone = context.new_page()
        phone.goto(f"http://127.0.0.1:{port}/join?lang=fi")
        wait_ready(phone)
        here = context.new_page()
        here.goto(f"http://localhost:{port}/join?lang=fi")
        wait_ready(here)
        proc.terminate()
        proc.wait(timeout=20)
        phone.get_by_role("dialog", name="Yhteys katkesi").wait_for(timeout=30_000)
        text = phone.get_by_role("dialog").inner_text()
        assert "Tarkista verkkoyhteys" in text and "Streamlit" not in text and "internet" not in text, text
        shot(phone, "names_connection_lost_fi")
        here.get_by_role("dialog", name="Yhteys katkesi").wait_for(timeout=30_000)
        text = here.get_by_role("dialog").inner_text()
        assert "bash scripts/run.sh" in text and "Streamlit" not in text and "yourscript" not in text, text
        proc = start_server(port)
        phone.wait_for_function(f"() => ({DIALOGS})().length === 0", timeout=60_000)
        assert phone.locator("h1").first.inner_text() == "Liity työpajaan"
    finally:
        context.close()
        proc.terminate()
        proc.wait(timeout=20)


def test_script_renames_a_data_tables_column_menu_statistics_and_search(browser) -> None:  # type: ignore[no-untyped-def]
    """A data table's own English (Streamlit's column menu, its statistics and their histogram's tips, Glide
    Data Grid's search), on a static page written as Streamlit 1.67 draws them: words renamed, en-US numbers in
    the page's language, the histogram hidden from screen readers; an icon's name and a value in a table cell
    are left as they are."""
    from foresight.ui import names as names_module

    pg = browser.new_page()
    pg.set_content(
        """<main>
        <div role="menu" aria-label="Dataframe column menu"><div title="number"><span data-testid="stIconMaterial"
        aria-hidden="true">tag</span></div><button aria-label="Copy column name"></button>
        <div role="menuitem" id="sort"><span data-testid="stIconMaterial" aria-hidden="true">arrow_upward</span>Sort ascending</div>
        <div role="menuitem" id="pin"><span data-testid="stIconMaterial">keep</span>Pin column</div>
        <div role="menuitem"><span id="icon" data-testid="stIconMaterial">Format</span></div></div>
        <div data-testid="stDataFrameStatisticsMenu"><div data-testid="stDataFrameStatisticsContent">
        <div id="top" data-testid="stDataFrameStatisticsChart" role="img"
        aria-label="Top values frequency chart: Väkiluku: 1 (1.1%)"><div id="bar" title="Väkiluku: 1 (1.1%)">
        <span>Väkiluku</span><span id="share">1.1%</span></div></div>
        <div id="vega" data-testid="stDataFrameStatisticsChart" role="graphics-document" aria-label="Vega
        visualization"></div>
        <dl><div><dt id="median">Median</dt><dd id="sum">26,624</dd></div><div><dt>Average</dt><dd id="mean">295.82</dd>
        </div><div><dt>Empty</dt><dd id="empty">0 (0%)</dd></div><div><dt>Sum</dt><dd id="big">1,234,567.5</dd></div>
        </dl></div></div>
        <div class="gdg-search-status"><label id="type">Type to search</label></div>
        <div data-testid="search-result-area" id="results">12 results</div>
        <button id="next" aria-label="Next Result"></button>
        <p id="cell">Median</p>
        </main>
        <div id="vg-tooltip-element" class="vg-tooltip visible"><table><tbody><tr><td class="key" id="range">Range</td>
        <td class="value" id="span">13 – 1,042.5</td></tr><tr><td class="key" id="count">Count</td>
        <td class="value">2</td></tr></tbody></table></div>"""
    )
    pg.add_script_tag(content=names_module.script("fi").removeprefix("<script>").removesuffix("</script>"))

    def text(sel: str) -> str:
        return str(pg.eval_on_selector(sel, "e => e.textContent.replace(/[ \\n]+/g, ' ').trim()"))

    assert pg.get_attribute("[role=menu]", "aria-label") == "Sarakkeen valikko"
    assert pg.get_attribute("[title]", "title") == "Lukusarake"
    assert pg.get_attribute("[role=menu] button", "aria-label") == "Kopioi sarakkeen nimi"
    assert pg.get_attribute("[role=menu] button", "role") == "menuitem"  # a menu's parts are its items
    assert pg.get_attribute("#next", "role") is None  # a button outside a menu stays a button
    assert text("#sort") == "arrow_upwardJärjestä nousevasti"  # the icon's name beside it stays
    assert text("#pin") == "keepKiinnitä sarake"
    assert text("#icon") == "Format"  # an icon's own name is not a text to rename
    assert text("#median") == "Mediaani"
    assert (text("#sum"), text("#mean"), text("#empty"), text("#big")) == (
        "26\u00a0624",
        "295,82",
        "0 (0%)",
        "1\u00a0234\u00a0567,5",
    )
    assert text("#share") == "1,1%" and pg.get_attribute("#bar", "title") == "Väkiluku: 1 (1,1%)"
    assert pg.get_attribute("#top", "aria-label") == "Yleisimmät arvot: Väkiluku: 1 (1,1%)"
    assert pg.get_attribute("#vega", "aria-hidden") == "true"
    assert text("#type") == "Kirjoita hakusana"
    assert text("#results") == "12 osumaa"
    assert pg.get_attribute("#next", "aria-label") == "Seuraava osuma"
    assert text("#cell") == "Median"  # outside the table's own parts: a text of the page, left alone
    # the tip of a histogram bar (Vega's tooltip, drawn at the end of the page)
    assert (text("#range"), text("#span"), text("#count")) == ("Väli", "13 – 1\u00a0042,5", "Lukumäärä")
    for english, expected in (
        ("1 result", "1 osuma"),
        ("3 of 12 results", "3/12 osumaa"),
        ("over 1000", "yli 1000"),
    ):
        pg.evaluate("t => { document.getElementById('results').textContent = t; }", english)
        pg.wait_for_function(f"() => document.getElementById('results').textContent === {expected!r}")
    pg.close()


def _sources_table(server: str, page: Any, lang: str) -> Any:
    """The sources page in lang with its indicator table (st.dataframe) in view: the table's box."""
    page.goto(f"{server}/sources?municipality=297&lang={lang}")
    wait_ready(page)
    table = page.get_by_test_id("stDataFrame").first
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box is not None
    return box


def test_a_data_tables_column_menu_is_in_the_pages_language(server: str, page) -> None:  # type: ignore[no-untyped-def]
    """The sources page's indicator table: its column menu (opened from the header) and the statistics of its
    text column, in Finnish; nothing of Streamlit's English words left in them."""
    box = _sources_table(server, page, "fi")
    menu = page.get_by_role("menu", name="Sarakkeen valikko")
    # the first column (the indicators' names): its menu button shows at the header's right end
    for dx in range(100, 520, 12):
        page.mouse.move(box["x"] + 60, box["y"] + 18)
        page.mouse.click(box["x"] + dx, box["y"] + 18)
        if menu.count():
            break
        page.keyboard.press("Escape")
    menu.wait_for()
    words = menu.inner_text()
    assert "Järjestä nousevasti" in words and "Piilota sarake" in words, words
    english = ("Sort", "Statistics", "Format", "Autosize", "Pin column", "Hide column")
    assert not [w for w in english if w in words], words
    page.get_by_role("menuitem", name="Tunnusluvut").click()
    stats = page.get_by_test_id("stDataFrameStatisticsContent")
    stats.wait_for()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stDataFrameStatisticsContent]').innerText.includes('Keskipituus')"
    )
    said = stats.inner_text()
    assert not [w for w in ("Values", "Empty", "Distinct", "length") if w in said], said
    assert "." not in said.split("Keskipituus")[1], said  # its decimal comma, as Finnish writes it
    shot(page, "names_table_statistics_fi")
    from tests.e2e.axe import BLOCKING, run_axe, summary

    blocking = [v for v in run_axe(page) if v["impact"] in BLOCKING]  # the menu and its statistics open
    assert not blocking, summary(blocking)
    page.keyboard.press("Escape")


def test_a_number_columns_histogram_tip_is_in_the_pages_language(server: str, page) -> None:  # type: ignore[no-untyped-def]
    """The sources page's number column (how many municipalities an indicator covers): its statistics' histogram
    shows a tip over each bar (Vega's "Range" and "Count", numbers as en-US writes them). In Swedish: words
    and decimal comma as the page writes them."""
    box = _sources_table(server, page, "sv")
    menu = page.get_by_role("menu", name="Kolumnmeny")
    # along the header from the right: a column's menu button shows at its right end; the first menu that is a
    # number column's ("Talkolumn", its type as a tip) is "Kommuner (något år)"
    for x in range(int(box["width"]) - 12, 0, -12):
        page.mouse.move(box["x"] + x - 40, box["y"] + 18)
        page.mouse.click(box["x"] + x, box["y"] + 18)
        if menu.count() and menu.locator("[title=Talkolumn]").count():
            break
        if menu.count():
            page.keyboard.press("Escape")
    page.get_by_role("menuitem", name="Statistik").click()
    chart = page.locator("[data-testid=stDataFrameStatisticsContent] [role=graphics-document]").first
    chart.wait_for()
    area = chart.bounding_box()
    assert area is not None
    tip = page.locator(".vg-tooltip.visible")
    seen = []
    for fx in (0.1, 0.5, 0.9):  # the bars' bottom edge: every bar is there, however short
        page.mouse.move(area["x"] + area["width"] * fx, area["y"] + area["height"] * 0.9, steps=4)
        tip.wait_for()
        page.wait_for_function(
            "() => !/Range|Count/.test(document.querySelector('.vg-tooltip.visible').innerText)"
        )
        seen.append(tip.inner_text())
    said = " ".join(seen)
    assert "Intervall" in said and "Antal" in said, said
    assert not re.search(r"\d\.\d", said), said  # "278,5", not "278.5"
    assert re.search(r"\d,\d", said), said  # a bin's edge has a decimal (the bins are 29.5 wide)
    shot(page, "names_table_histogram_tip_sv")
