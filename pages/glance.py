"""Municipality at a glance: key figures from each theme with year, change, history and source."""

import datetime

import streamlit as st

from foresight import freshness, glance, report, svg
from foresight.columns import THEMES
from foresight.i18n import t
from foresight.ui import loaders, state, widgets

lang, code = state.lang(), state.municipality()
snap = loaders.snapshot()
reg = loaders.register().loc[code]
cat = loaders.catalogue()

st.title(t("glance.heading", lang, name=reg[f"name_{lang}"]))
st.markdown(report.facts_line(reg, lang))
st.markdown(
    t(
        "glance.population_line",
        lang,
        population=widgets.value_text(cat.loc["population"], float(reg["population"]), lang),
        year=int(reg["population_year"]),
        size=t(f"size_class.{reg['size_class']}", lang),
    )
)
st.caption(t("glance.intro", lang))

cards = glance.key_figures(snap.observations, snap.indicators, code)
today = datetime.date.today()
for theme in THEMES:
    items = [c for c in cards if c["theme"] == theme]
    if not items:
        continue
    st.subheader(t(f"theme.{theme}", lang))
    # Three cards a row at most: at 1280 px with the menu open a fourth leaves a card too narrow for
    # a long Finnish or Swedish name ("Arbetsplatssjälvförsörjning") or a value with its unit.
    columns = st.columns(min(len(items), 3))
    for i, card in enumerate(items):
        ind = cat.loc[str(card["indicator"])]
        with columns[i % len(columns)].container(border=True):
            if "value" not in card:
                st.markdown(f"**{widgets.indicator_name(ind, lang)}**")
                widgets.no_data(ind, code, lang)
                continue
            year = int(card["year"])  # type: ignore[call-overload]
            change_10 = card.get("change_10")
            change_5 = card.get("change_5")
            when = widgets.data_period(ind, year)
            old = freshness.years_old(year, today.year)
            st.metric(
                # The year beside the figure, in the label's own size, not only in the small print below.
                f"{widgets.indicator_name(ind, lang)} · {when}",
                widgets.value_text(ind, card["value"], lang),  # type: ignore[arg-type]
                # The badge names the years it compares, so it is not read as the 5-year change below.
                delta=widgets.metric_delta(ind, change_10, 10, lang, year),  # type: ignore[arg-type]
                # An old figure's change is history, not a current trend: grey, not green or red.
                delta_color="off" if old is not None else widgets.DELTA_COLOURS[int(ind["polarity"])],  # type: ignore[arg-type]
                help=str(ind[f"definition_{lang}"]),
            )
            years, values = card["years"], card["values"]
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
                st.image(svg.sparkline(years, values, label), alt=label, width="stretch")  # type: ignore[arg-type]
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
            st.caption(widgets.source_line(ind, lang, int(card["year"])))  # type: ignore[call-overload]
            note = widgets.caveat(ind, lang)
            if note:
                st.caption(f":material/warning: {note}")
