"""Streamlit's and Plotly's own accessible names in the page's language.

Streamlit and Plotly write the names of their own controls in English, with no locale setting: every help
icon is "Help for <label>", element toolbars say "Fullscreen", heading anchors "Link to heading", a selectbox's
button "Open", the number inputs "Decrement"/"Increment", the sidebar "Sidebar"/"Collapse sidebar", the chart
mode bar "Download plot as a PNG" (also its visible tooltip, from data-title), the skip link (the first Tab
stop) "Skip to main content", the hint under a text field being typed in ("Press Enter to apply"), an open
list's "No results" and its announcements to a screen reader ("308 options available."), the dialogs of a link
to a missing page ("Page not found") and of a lost connection ("Connection error"), and a material icon in a
text is read as "warning icon" before the text that says the same. A Finnish page read aloud in English words
is not understandable to its audience (WCAG 2.1 3.1.2 asks parts in another language to be marked; better to
have none).

One script (assets/names.js), installed on every page by theme.apply, renames them: each English name listed
here, exactly or as a prefix before a label, becomes the page's text (locales/<lang>/names.json), and icons
beside a text are hidden from screen readers. The same script gives a table that scrolls sideways a Tab stop
and a name (WCAG 2.1.1). A MutationObserver renames again whenever Streamlit redraws, the same pattern as the
file uploader's names (uploader.py, assets/uploader.js). A name not listed here stays as Streamlit wrote it:
an upgrade that changes a name degrades to English, never breaks the page.
tests/e2e/test_names_e2e.py checks served pages in Finnish and Swedish.
"""

from __future__ import annotations

import json
from pathlib import Path

from foresight import format as fmt
from foresight.i18n import t

SCRIPT = (Path(__file__).resolve().parent / "assets" / "names.js").read_text(encoding="utf-8")

# Whole names (aria-label, title, Plotly's data-title, placeholder) as Streamlit 1.5x and Plotly write them.
EXACT: dict[str, str] = {
    "Fullscreen": "name.fullscreen",
    "Close fullscreen": "name.close_fullscreen",
    "Exit fullscreen": "name.close_fullscreen",
    "Link to heading": "name.heading_link",
    "Open": "name.open",
    "Close": "name.close",
    "Sidebar": "name.sidebar",
    "Collapse sidebar": "name.collapse_sidebar",
    "Expand sidebar": "name.expand_sidebar",
    "Decrement": "name.decrement",
    "Increment": "name.increment",
    "Clear all": "name.clear_all",
    "Clear value": "name.clear_value",
    "Selected values": "name.selected",
    "Show password": "name.show_password",
    "Hide password": "name.hide_password",
    "Choose date": "name.choose_date",
    "Previous month": "name.previous_month",
    "Next month": "name.next_month",
    "Download as CSV": "name.download_csv",
    "Search": "name.search",
    "Show/hide columns": "name.columns",
    "Copy to clipboard": "name.copy",
    "Copied": "name.copied",  # the same button for two seconds after a copy
    "Running...": "name.running",
    "Stop": "name.stop",
    "Stop script": "name.stop",
    "Main menu": "name.main_menu",
    "Scroll tabs left": "name.scroll_left",
    "Scroll tabs right": "name.scroll_right",
    "Choose an option": "widget.choose",  # the placeholder of an empty selectbox or multiselect
    "No results": "name.no_results",  # an open list's only text when nothing matches what was typed
    "Skip to main content": "name.skip_to_main",  # the skip link, the first Tab stop (its visible text)
    # The hint under a text field being typed in (visible text; ⌘ on a Mac)
    "Press Enter to apply": "name.enter_apply",
    "Press Enter to submit form": "name.enter_submit",
    "Press Ctrl+Enter to apply": "name.ctrl_enter_apply",
    "Press Ctrl+Enter to submit form": "name.ctrl_enter_submit",
    "Press \u2318+Enter to apply": "name.cmd_enter_apply",
    "Press \u2318+Enter to submit form": "name.cmd_enter_submit",
    # st.dataframe: a column's menu (its type, as a tip), number formats, statistics (and their histogram's
    # tips), and the search bar
    "Dataframe column menu": "name.column_menu",
    "Copy column name": "name.copy_column",
    "Sort ascending": "name.sort_up",
    "Sort descending": "name.sort_down",
    "Statistics": "name.statistics",
    "Format": "name.format",
    "Autosize": "name.autosize",
    "Pin column": "name.pin",
    "Unpin column": "name.unpin",
    "Hide column": "name.hide_column",
    "text": "name.text_column",
    "number": "name.number_column",
    "Automatic": "name.format_auto",
    "Localized": "name.format_local",
    "Plain": "name.format_plain",
    "Compact": "name.format_compact",
    "Dollar": "name.format_dollar",
    "Euro": "name.format_euro",
    "Yen": "name.format_yen",
    "Percent": "name.format_percent",
    "Scientific": "name.format_scientific",
    "Accounting": "name.format_accounting",
    "Duration": "name.format_duration",
    "Values": "name.stat_values",
    "Empty": "name.stat_empty",
    "Distinct": "name.stat_distinct",
    "Average": "name.stat_average",
    "Standard deviation": "name.stat_sd",
    "Minimum": "name.stat_min",
    "25th percentile": "name.stat_q25",
    "Median": "name.stat_median",
    "75th percentile": "name.stat_q75",
    "Maximum": "name.stat_max",
    "Sum": "name.stat_sum",
    "Range": "name.stat_range",  # the tip of a bar of a number column's histogram (a Vega tooltip)
    "Count": "name.stat_count",
    "Minimum length": "name.stat_min_length",
    "Maximum length": "name.stat_max_length",
    "Average length": "name.stat_avg_length",
    "Type to search": "name.type_to_search",
    "Previous Result": "name.previous_result",
    "Next Result": "name.next_result",
    "Close Search": "name.close_search",
    "over 1000": "name.over_1000",
    # Plotly's mode bar
    "Download plot as a PNG": "name.download_png",
    "Download plot": "name.download_png",
    "Zoom": "name.zoom",
    "Pan": "name.pan",
    "Zoom in": "name.zoom_in",
    "Zoom out": "name.zoom_out",
    "Autoscale": "name.autoscale",
    "Reset axes": "name.reset_axes",
    "Reset": "name.reset_view",
}
# Names made of an English prefix and the element's own label ("Help for Kunta" → "Ohje: Kunta").
PREFIXED: dict[str, str] = {
    "Help for ": "name.help",
    "Fullscreen: ": "name.fullscreen_of",
    "Remove ": "name.remove",
    "day, ": "name.day",
    "month, ": "name.month",
    "year, ": "name.year",
    "Top values frequency chart: ": "name.top_values",  # a data table's column statistics, a text column
}
LABEL = "{label}"  # where a prefixed name's label goes in the page's text


def script_json(value: object) -> str:
    """JSON for inside a <script>: no text can close the script element."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


COUNT = "{n}"  # where a count goes in the list's announcement
RUN_COMMAND = "bash scripts/run.sh"  # README's command that starts the app (Streamlit says "streamlit run …")


def texts(lang: str) -> dict[str, object]:
    """The names in lang: {"exact": {english: text}, "prefixed": [[english prefix, text with {label}]]}, and the
    texts of the rules that are not one name (names.js): an open list's announcements for screen readers
    (its count of options, one and many, and an option read as selected), the dialogs Streamlit opens for a
    link to a page that does not exist (title, text) and for a server out of reach (title, text, text on the
    machine running the app, and the command that starts it), the name of a table that scrolls (in a fold,
    alone), a table search's count of results (one, many, "3 of 12"), and the language's decimal mark and
    thousands separator (a column's statistics are written "26,624.5").
    """
    return {
        "exact": {english: t(key, lang) for english, key in EXACT.items()},
        "prefixed": [[prefix, t(key, lang, label=LABEL)] for prefix, key in PREFIXED.items()],
        "count": [t("name.options.one", lang, n=COUNT), t("name.options.other", lang, n=COUNT)],
        "selected": t("name.option_selected", lang, label=LABEL),
        "missing_page": [t("name.page_not_found", lang), t("name.page_not_found_text", lang)],
        "no_connection": [
            t("name.connection_lost", lang),
            t("name.connection_lost_text", lang),
            t("name.connection_lost_local", lang),
            RUN_COMMAND,
        ],
        "table": [t("name.scroll_table", lang, label=LABEL), t("name.scroll_table_plain", lang)],
        "separators": fmt.plotly_separators(lang),  # decimal mark, thousands separator
        "results": [
            t("name.results.one", lang, n=COUNT),
            t("name.results.other", lang, n=COUNT),
            t("name.result_of", lang, i="{i}", all="{all}"),
        ],
    }


def script(lang: str) -> str:
    """The <script> that renames Streamlit's and Plotly's controls in lang, now and whenever they redraw."""
    return f"<script>{SCRIPT.replace('__NAMES__', script_json(texts(lang)))}</script>"
