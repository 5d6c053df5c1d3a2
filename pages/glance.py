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
            st.metric(
                # The year beside the figure, in the label's own size, not only in the small print below.
                f"{widgets.indicator_name(ind, lang)} · {when}",
                widgets.value_text(ind, card["value"], lang),  # type: ignore[arg-type]
                delta=widgets.metric_delta(ind, change_10, 10, lang),  # type: ignore[arg-type]
                delta_color=widgets.DELTA_COLOURS[int(ind["polarity"])],  # type: ignore[arg-type]
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
            old = freshness.years_old(year, today.year)
            if old is not None:
                st.caption(f":material/history: {t('glance.old', lang, year=year, n=old)}")
            five = widgets.change_text(ind, change_5, 5, lang, year)  # type: ignore[arg-type]
            st.caption(
                " · ".join(
                    [
                        widgets.year_text(ind, year, lang),
                        five or t("glance.change_missing", lang, years=5),
                        t("glance.change_span", lang, years=10, start=year - 10, end=year)
                        if change_10 is not None
                        else t("glance.change_missing", lang, years=10),
                    ]
                )
            )
            st.caption(widgets.source_line(ind, lang, int(card["year"])))  # type: ignore[call-overload]
            note = widgets.caveat(ind, lang)
            if note:
                st.caption(f":material/warning: {note}")
