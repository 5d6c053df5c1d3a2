"""The at-a-glance page's pieces: the first screen's headline figures and the themes as collapsible sections
of key-figure cards, laid out for a phone (one column, short history lines) and for a meeting-room screen
(three cards a row)."""

from __future__ import annotations

from html import escape

import pandas as pd
import streamlit as st

from foresight import freshness, glance, svg
from foresight.columns import THEMES
from foresight.i18n import t, tn
from foresight.ui import state, widgets

# The headline figures: two tiles a row on a phone, three from 34rem (a tablet, 1280 px). The theme cards sit
# in a grid of one column on a phone (390 px), two on a small tablet and three from 40rem (1280 px with the
# menu open, or in presentation mode without it); a fourth would leave a card too narrow for a long Finnish or
# Swedish name ("Arbetsplatssjälvförsörjning") or a value with its unit. Both count the room their own box
# has (container queries), not the window's, so the open sidebar is taken into account. A grid keeps the cards
# in reading order, row by row, for the keyboard and a screen reader (st.columns went column by column).
CSS = """<style id="kl-glance">
[data-testid="stElementContainer"]:has(#kl-glance){display:none}
.kl-headline{container-type:inline-size}
.kl-headline h2,h2.kl-themes-h{font-size:1rem;font-weight:600;margin:0 0 .4rem;padding:0;letter-spacing:.01em}
.kl-themes-intro{font-size:.875rem;color:#4a5361;margin:0}
.kl-headline dl{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.5rem;margin:0;padding:0}
@container (min-width:34rem){.kl-headline dl{grid-template-columns:repeat(3,minmax(0,1fr))}}
.kl-tile{border:1px solid rgba(49,51,63,.2);border-radius:.5rem;padding:.45rem .65rem .5rem;min-width:0}
.kl-tile dt{font-size:.85rem;line-height:1.25;font-weight:400;overflow-wrap:break-word;hyphens:auto;-webkit-hyphens:auto}
.kl-tile dd{margin:0}
.kl-tile .kl-value{font-size:1.45rem;line-height:1.3;font-weight:600}
.kl-tile .kl-unit{font-size:1rem;font-weight:500}
.kl-tile .kl-when,.kl-tile .kl-old{font-size:.85rem;line-height:1.3;color:#4a5361}
.kl-tile sup{font-size:.7rem;margin-left:.1rem}
.kl-sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);
white-space:nowrap;border:0}
.kl-sources-h{font-size:.8rem;font-weight:600;color:#4a5361;margin:.5rem 0 0}
.kl-sources{font-size:.8rem;line-height:1.35;color:#4a5361;margin:0;padding-left:1.2rem}
.kl-sources li{margin:0}
[class*="st-key-glance_theme_"] summary:focus-visible{outline-offset:-3px!important}
[class*="st-key-glance_theme_"] [data-testid="stExpanderDetails"]{container-type:inline-size;padding-left:.75rem;
padding-right:.75rem}
[class*="st-key-glance_cards_"]{display:grid!important;grid-template-columns:minmax(0,1fr);gap:1rem;align-items:stretch!important}
@container (min-width:30rem){[class*="st-key-glance_cards_"]{grid-template-columns:repeat(2,minmax(0,1fr))}}
@container (min-width:40rem){[class*="st-key-glance_cards_"]{grid-template-columns:repeat(3,minmax(0,1fr))}}
[class*="st-key-glance_cards_"]>div{width:auto!important;min-width:0;height:auto!important}
[class*="st-key-glance_card_"]{gap:.45rem;height:100%!important}
[class*="st-key-glance_card_"] [data-testid="stImage"] img{height:2.75rem;width:100%}
@media (max-width:640px){[class*="st-key-glance_card_"]{padding:.75rem!important}
[class*="st-key-glance_theme_"] [data-testid="stExpanderDetails"]{padding-left:.6rem;padding-right:.6rem}
[class*="st-key-glance_card_"] [data-testid="stCaptionContainer"] p{font-size:.85rem;line-height:1.45}
[class*="st-key-glance_card_"] [data-testid="stImage"] img{height:2.25rem}
[class*="st-key-glance_card_"] [data-testid="stMetricValue"] *{font-size:min(1.9rem,12.5cqi)}}
</style>"""

# Presentation mode (a meeting-room wall): the tiles and headings as large as the rest of the page's text.
PROJECTOR_CSS = """<style id="kl-glance-projector">
.kl-headline h2,h2.kl-themes-h{font-size:1.3rem}
.kl-tile dt,.kl-tile .kl-when,.kl-tile .kl-old,.kl-themes-intro{font-size:1.1rem}
.kl-tile .kl-value{font-size:2rem}
.kl-tile .kl-unit{font-size:1.3rem}
.kl-sources-h,[data-testid="stMain"] .kl-sources li{font-size:.95rem}
</style>"""


def headline(
    cards: list[dict[str, object]],
    catalogue: pd.DataFrame,
    provenance: pd.DataFrame | None,
    lang: str,
    year: int,
) -> None:
    """The first screen: the headline figures, each with its year and the number of its source below."""
    tiles, sources = glance.headline(cards, catalogue, provenance, lang, year)
    st.html(CSS + (PROJECTOR_CSS if state.projector() else ""))
    if tiles:
        st.html(glance.headline_html(tiles, sources, lang))


def themes(cards: list[dict[str, object]], catalogue: pd.DataFrame, code: str, lang: str, year: int) -> None:
    """Each theme as a collapsible section of cards (a <details> element: Enter or Space opens it), the first
    one open."""
    st.html(
        f'<h2 class="kl-themes-h">{escape(t("glance.themes_heading", lang))}</h2>'
        f'<p class="kl-themes-intro">{escape(t("glance.intro", lang))}</p>'
    )
    first = True
    for theme in THEMES:
        items = [c for c in cards if c["theme"] == theme]
        if not items:
            continue
        label = tn("glance.theme_label", len(items), lang, theme=t(f"theme.{theme}", lang))
        with (
            st.expander(label, expanded=first, key=f"glance_theme_{theme}"),
            st.container(key=f"glance_cards_{theme}"),
        ):
            for item in items:
                card(item, catalogue.loc[str(item["indicator"])], code, lang, year)
        first = False


def card(item: dict[str, object], ind: pd.Series, code: str, lang: str, current_year: int) -> None:
    """One key figure: value and year, 10-year change, history line, age note, 5-year change, source."""
    with st.container(border=True, key=f"glance_card_{ind.name}"):
        if "value" not in item:
            st.markdown(f"**{widgets.indicator_name(ind, lang)}**")
            widgets.no_data(ind, code, lang)
            return
        year = int(item["year"])  # type: ignore[call-overload]
        change_10 = item.get("change_10")
        change_5 = item.get("change_5")
        old = freshness.years_old(year, current_year)
        st.metric(
            # The year beside the figure, in the label's own size, not only in the small print below.
            f"{widgets.indicator_name(ind, lang)} · {widgets.data_period(ind, year)}",
            widgets.value_text(ind, item["value"], lang),  # type: ignore[arg-type]
            # The badge names the years it compares, so it is not read as the 5-year change below.
            # An old figure's change is history, not a current trend: grey, not green or red.
            **widgets.metric_delta(ind, change_10, 10, lang, year, grey=old is not None),  # type: ignore[arg-type]
            help=str(ind[f"definition_{lang}"]),
        )
        years, values = item["years"], item["values"]
        if len(values) > 1:  # type: ignore[arg-type]
            # Our own SVG, not st.metric's chart: that one has no text alternative (axe-core svg-img-alt).
            label = t(
                "a11y.sparkline",
                lang,
                name=widgets.indicator_name(ind, lang),
                first=years[0],  # type: ignore[index]
                last=years[-1],  # type: ignore[index]
                start=widgets.value_text(ind, values[0], lang),  # type: ignore[index]
                end=widgets.value_text(ind, values[-1], lang),  # type: ignore[index]
            )
            st.image(svg.sparkline(years, values, label, stretch=True), alt=label, width="stretch")  # type: ignore[arg-type]
        if old is not None:
            st.caption(f":material/history: {t('glance.old', lang, year=year, n=old)}")
        five = widgets.change_text(ind, change_5, 5, lang, year)  # type: ignore[arg-type]
        parts = [
            widgets.year_text(ind, year, lang),
            t("glance.change_over", lang, years=5, change=five)
            if five
            else t("glance.change_missing", lang, years=5),
        ]
        if change_10 is None:  # the badge above shows the 10-year change when there is one
            parts.append(t("glance.change_missing", lang, years=10))
        st.caption(" · ".join(parts))
        st.caption(widgets.source_line(ind, lang, year))
        note = widgets.caveat(ind, lang)
        if note:
            st.caption(f":material/warning: {note}")
