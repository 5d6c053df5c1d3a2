"""Accessibility in the app's chrome: contrast-safe colours, visible focus, <html lang>, the page menu, charts
with text alternatives.

Streamlit's caption grey is 3.88:1 on white and its sectioned navigation renders <li> outside a list (both
fail WCAG 2.1 AA under axe-core), so the app hides that navigation and draws its own menu of page links.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from foresight import a11y
from foresight.i18n import t
from foresight.ui import names

CAPTION_COLOUR = "#4a5361"  # 7.6:1 on white, 6.8:1 on the sidebar's grey (tests/test_a11y.py)
FOCUS_COLOUR = "#0b4f9c"  # the primary blue: 8:1 on white
SIDEBAR_BACKGROUND = "#f0f2f6"  # Streamlit's light secondary background (set in .streamlit/config.toml)
# Charts read, not played with: a finger swiping over a chart on a phone scrolls the page instead of zooming
# it, and no English "Double-click to zoom back out" tip appears. The mode bar keeps what a reader uses
# (the chart as a PNG image, and Streamlit's fullscreen) and drops the tools for zooming and panning the axes:
# the charts are drawn with dragging turned off (chart_with_alt) and no double-click to reset, so a zoom
# started from the mode bar could only be undone from it; the exact values are in the table below each chart;
# and each tool is one more icon on the keyboard's path. The map keeps them (MAP_CHART_CONFIG): its small
# municipalities need zooming and panning.
CHART_MODEBAR_REMOVED = [
    "zoom2d",
    "pan2d",
    "select2d",
    "lasso2d",
    "zoomIn2d",
    "zoomOut2d",
    "autoScale2d",
    "resetScale2d",
]
CHART_CONFIG = {
    "displaylogo": False,
    "scrollZoom": False,
    "doubleClick": False,
    "showTips": False,
    "modeBarButtonsToRemove": CHART_MODEBAR_REMOVED,
}
MAP_CHART_CONFIG = {"displaylogo": False, "scrollZoom": False, "modeBarButtonsToRemove": []}
# The workshop's charts (wall, phones, the facilitator's preview) hide the mode bar as well.
WORKSHOP_CHART_CONFIG = {"displaylogo": False, "displayModeBar": False}

# A page's sections are h2 (st.header) and their parts h3, so heading levels go down one at a time (axe
# heading-order); h2 is drawn at the size Streamlit gives h3, and on a phone never larger than the title.
# Streamlit's Plotly theme draws tick labels and axis titles in #808495 (3.8:1 on white): darkened below.
# A table that scrolls (names.js marks it) draws its focus inside itself: its fold would clip one outside.
CSS = f"""<style id="kl-a11y">
[data-testid="stElementContainer"]:has(#kl-a11y){{display:none}}
[data-testid="stCaptionContainer"],[data-testid="stMarkdownContainer"] blockquote{{opacity:1!important}}
[data-testid="stCaptionContainer"],[data-testid="stCaptionContainer"] p,[data-testid="stWidgetLabel"] small,
[data-testid="stMarkdownContainer"] blockquote{{color:{CAPTION_COLOUR}}}
a:focus-visible,button:focus-visible,[role="button"]:focus-visible,[role="tab"]:focus-visible,
[role="radio"]:focus-visible,[role="checkbox"]:focus-visible,[role="slider"]:focus-visible,
summary:focus-visible,input:focus-visible,textarea:focus-visible,select:focus-visible,
[tabindex]:focus-visible{{outline:3px solid {FOCUS_COLOUR}!important;outline-offset:2px}}
[data-kl-scroll]:focus-visible{{outline-offset:-3px!important}}
[data-testid="stMetric"] *{{white-space:normal!important;overflow:visible!important;text-overflow:clip!important}}
[data-testid="stMetricLabel"] *{{hyphens:auto;-webkit-hyphens:auto;overflow-wrap:break-word}}
[data-testid="stMetric"]{{container-type:inline-size}}
[data-testid="stMetricValue"],[data-testid="stMetricValue"] *{{overflow-wrap:normal!important;word-break:normal!important}}
[data-testid="stMetricValue"] *{{font-size:min(2.25rem,12.5cqi)}}
.js-plotly-plot text[style*="rgb(128, 132, 149)"]{{fill:{CAPTION_COLOUR}!important}}
[data-testid="stButtonGroup"] > div{{flex-wrap:wrap;row-gap:0.3rem}}
[class*="st-key-kl_choices"] [data-testid="stColumn"]{{min-width:14rem}}
[data-testid="stButtonGroup"] button[aria-checked="true"]::before{{content:"✓\\00a0" / "";font-weight:700}}
[data-testid="stSlider"] div:has(> div > input[type="range"]:focus-visible){{outline:3px solid {FOCUS_COLOUR};
outline-offset:3px;border-radius:50%}}
.kl-nav-heading{{font-size:0.85rem;font-weight:600;letter-spacing:.02em;margin:0.6rem 0 0;color:{CAPTION_COLOUR}}}
[data-testid="stSidebar"] [data-testid="stPageLink"] a{{padding-top:0.1rem;padding-bottom:0.1rem}}
[data-testid="stSidebar"] hr{{margin:0.5rem 0}}
[data-testid="stMainBlockContainer"]{{padding-top:3rem}}
[data-testid="stHeadingWithActionElements"] h2{{font-size:1.75rem}}
[data-testid="stHeadingWithActionElements"] h3{{font-size:1.5rem}}
@media (max-width:640px){{[data-testid="stMain"] h1{{font-size:min(2.75rem,8vw);hyphens:auto;-webkit-hyphens:auto}}
[data-testid="stHeadingWithActionElements"] h2{{font-size:min(1.75rem,6.4vw)}}
[data-testid="stHeadingWithActionElements"] h3{{font-size:min(1.5rem,5.6vw)}}}}
</style>"""

# Projector mode (a meeting-room screen at 1280×720): no header bar, little top space, larger text.
PROJECTOR_CSS = """<style id="kl-projector">
[data-testid="stElementContainer"]:has(#kl-projector){display:none}
[data-testid="stHeader"]{background:transparent}
[data-testid="stMainBlockContainer"]{padding-top:2.2rem;padding-bottom:1rem}
[data-testid="stMain"] h1{font-size:2.1rem;padding-top:0.2rem}
[data-testid="stMain"] p,[data-testid="stMain"] li,[data-testid="stMain"] td{font-size:1.15rem}
[data-testid="stMain"] [data-testid="stMetricValue"] *{font-size:min(2.4rem,12.5cqi)}
[data-testid="stMain"] [data-testid="stButtonGroup"] button{padding-left:.5rem;padding-right:.5rem;min-width:0}
</style>"""


def apply(lang: str, projector: bool = False) -> None:
    """Colours and focus styles for every page, <html lang> set to the page's language, and Streamlit's and
    Plotly's own control names in that language (names.py).

    Streamlit has no API for the document language; a one-line script in st.html sets it on each run.
    """
    css = CSS + (PROJECTOR_CSS if projector else "")
    st.html(
        css + f"<script>document.documentElement.lang={lang!r};</script>" + names.script(lang),
        unsafe_allow_javascript=True,
    )


def page_menu(sections: Sequence[tuple[str, Sequence[Any]]], lang: str) -> None:
    """The sidebar's page menu: a heading per section and a link per page (valid markup, keyboard reachable).
    It follows the sidebar's pickers (app.py), set off from them and from what follows by a line."""
    with st.sidebar:
        st.divider()
        for title, pages in sections:
            st.html(f'<h2 class="kl-nav-heading">{title}</h2>')
            for page in pages:
                st.page_link(page, width="stretch")
        st.divider()


def step_chart(fig: Any, step_id: str, lang: str, **kwargs: Any) -> Any:
    """chart_with_alt for one workshop step's chart: the step's id rides in the figure's meta, because two
    steps whose charts come out identical (the same guesses on two guess steps) would otherwise share
    Streamlit's auto-generated element id on the results page, which refuses the second one."""
    fig.update_layout(meta={"workshop_step": step_id})
    return chart_with_alt(fig, lang, **kwargs)


def chart_with_alt(
    fig: Any,
    lang: str,
    description: str | None = None,
    table: pd.DataFrame | None = None,
    *,
    container: Any = None,
    **kwargs: Any,
) -> Any:
    """A Plotly chart with a text alternative: a short description (given, or built from the figure) as the
    chart's accessible name and above its data, shown as a table in a closed expander below the chart.

    table None takes the figure's own points; an empty table shows the description alone (a map, whose
    values are in the page's own table). Other keyword arguments go to st.plotly_chart.
    """
    where = container if container is not None else st
    text = description or a11y.figure_summary(fig, lang)
    kwargs.setdefault("width", "stretch")
    kwargs["config"] = {**CHART_CONFIG, **kwargs.get("config", {})}
    fig.update_layout(dragmode=False)
    if st.session_state.get("projector"):  # a meeting-room screen: chart text at least 18 px
        fig.update_layout(font=dict(size=max(18, fig.layout.font.size or 0)))
    shown = where.plotly_chart(fig, alt=text, **kwargs)
    with where.expander(t("a11y.chart_data", lang), icon=":material/table:"):
        st.caption(text)
        data = a11y.figure_table(fig, lang) if table is None else table
        if not data.empty:
            st.table(data, hide_index=True)
    return shown
