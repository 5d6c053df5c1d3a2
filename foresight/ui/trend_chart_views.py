"""The trends page's trend: figures, chart, method and its tested error, the official projection, the
population track record, and the downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from foresight import charts_projection as charts
from foresight import datasets
from foresight.columns import MEAN, YEAR
from foresight.i18n import t
from foresight.projection import sentence, track
from foresight.projection import view as pv
from foresight.projection.batch import WINDOW
from foresight.ui import downloads, theme, widgets
from foresight.ui import projection_cache as cache
from foresight.ui.projection_cache import TARGET_YEAR
from foresight.ui.trend_choices import Context

CHART = {"displaylogo": False}
# Notes that explain rather than warn: they go under "how was this calculated?" with the method.
HOW_NOTES = ("projection.note.data_ends", "projection.note.clipped")


# ---------------------------------------------------------------- the trend


def _no_chart(ctx: Context) -> None:
    """No projection: the notes, and for a short series the window used and every observed value."""
    lang, result = ctx.lang, ctx.result
    for key, params in ctx.view.notes:
        st.info(pv.note_text(key, params, lang), icon=":material/info:")
    st.info(t("projection.page.no_chart", lang), icon=":material/info:")
    if any(key == "projection.note.too_little_history" for key, _ in ctx.view.notes):
        window = t(
            "projection.page.window",
            lang,
            window=WINDOW,
            start=result.last_year - WINDOW + 1,
            end=result.last_year,
        )
        listed = pv.history_values(ctx.history, ctx.decimals, ctx.unit_id, lang)
        st.caption(window + " " + t("projection.page.history_values", lang, values=listed))


def _metrics(ctx: Context, end: pd.Series) -> None:
    """The latest value, the trend (or the average with the official projection) with its 80 % band, and the
    official projection when there is one; estimates rounded to what the band allows (pv.shown_decimals)."""
    lang, until, unit = ctx.lang, ctx.until, ctx.unit_id
    official = pv.official_at(ctx.view.official, until)
    shown = pv.shown_decimals(end, ctx.decimals)
    cols = st.columns(3 if official is not None else 2)
    cols[0].metric(
        t("projection.page.metric_last", lang, year=ctx.last_year), ctx.show(float(ctx.history.iloc[-1]))
    )
    band = pv.rounded_span(float(end["lower_80"]), float(end["upper_80"]), shown, unit, lang)
    cols[1].metric(
        pv.trend_label(str(ctx.view.description.get("method")), until, lang),
        pv.about_text(float(end[MEAN]), shown, unit, lang),
        t("projection.page.metric_band_delta", lang, band=band),
        delta_color="off",
        delta_arrow="off",
    )
    if official is not None:
        label, edition = pv.official_label(str(official["edition"]), until, lang)
        cols[2].metric(
            label,
            pv.about_text(float(official["official"]), shown, unit, lang),
            edition,
            delta_color="off",
            delta_arrow="off",
        )


def _chart(ctx: Context) -> list[str]:
    """The trend chart; returns the official editions drawn on it."""
    lang, view, last_year, until = ctx.lang, ctx.view, ctx.last_year, ctx.until
    labels = {k: t(f"projection.legend.{k}", lang) for k in ("history", "trend", "band_80", "band_95")}
    if pv.is_average(str(view.description.get("method"))):  # the line the card calls an estimate, named alike
        labels["trend"] = t("projection.legend.average", lang)
    labels["data_end"] = t("projection.legend.data_end", lang, year=last_year)
    labels["target"] = t("projection.legend.target", lang, year=TARGET_YEAR)
    labels["target_path"] = t("projection.legend.target_path", lang)
    editions = sorted(view.official["edition"].unique()) if not view.official.empty else []
    figure = charts.trend(
        charts.shown_history(ctx.history, last_year, max(until - last_year, 15)),
        view.forecast,
        lang,
        labels,
        ctx.unit,
        ctx.decimals,
        view.official if editions else None,
        {e: t("projection.legend.official", lang, edition=e) for e in editions},
        (TARGET_YEAR, ctx.target) if ctx.target is not None else None,
    )
    theme.chart_with_alt(figure, lang=lang, config=CHART, key="trend_chart")
    return editions


def _track_record(ctx: Context) -> None:
    """How the trend and the official projection from 2018 have fared since, then the same from 2011 against
    the 2012 edition (population only)."""
    for records in cache.track_records():
        record = track.summary(records, ctx.code, ctx.group.members, ctx.method)
        if record is None:
            continue
        title, body, how = pv.track_texts(record, ctx.lang)
        if record["origin"] != track.TRACK_ORIGIN:  # an old edition, kept only for this: say where it is from
            how += " " + t(
                "projection.track.past_source", ctx.lang, edition=record["edition"], year=record["year"]
            )
        st.markdown("**" + title + "**")
        st.markdown(body)
        st.caption(how)


def trend(ctx: Context) -> None:
    """The trend to the horizon: figures, chart, method and its tested error, notes, official projection."""
    lang, view, indicator, until = ctx.lang, ctx.view, ctx.indicator, ctx.until
    forecast = view.forecast
    st.header(t("projection.page.chart_title", lang, indicator=ctx.ind_name, year=until))
    if forecast.empty:
        _no_chart(ctx)
        return
    end = forecast[forecast[YEAR] == until].iloc[0]
    _metrics(ctx, end)
    st.markdown(pv.headline(end, until, ctx.decimals, ctx.unit_id, lang))
    editions = _chart(ctx)
    desc = view.description
    st.markdown(pv.summary(desc, lang, ctx.decimals, ctx.unit_id))
    for key, params in view.notes:  # the warnings stay in sight; the data's end and the clipping go below
        if key not in HOW_NOTES:
            st.caption(pv.note_text(key, params, lang))
    if view.official_note is not None:
        st.info(
            pv.official_note_text(view.official_note, ctx.decimals, ctx.unit_id, lang, explain=False),
            icon=":material/compare_arrows:",
        )
    elif indicator == "population":
        st.caption(t("projection.official.none", lang, year=until))
    sources = [
        widgets.source_line(ctx.ind, lang, ctx.last_year),
        t("projection.page.trend_source", lang, year=ctx.last_year),
    ]
    if editions:
        sources.append(t("projection.page.official_source", lang))
    st.caption(" ".join(sources))
    _how(ctx)


def _how(ctx: Context) -> None:
    """The details under one collapsible heading (a <details> element: Tab and Enter open it): the method and
    why it was chosen, its tested error, the data's end, the bands, the track record and every method."""
    lang, view, desc = ctx.lang, ctx.view, ctx.view.description
    with st.expander(t("projection.page.how_title", lang)):
        st.markdown(
            t(
                "projection.page.method_line",
                lang,
                method=t(f"projection.method.{desc['method']}", lang),
                help=t(f"projection.method_help.{desc['method']}", lang),
            )
            + " "
            + t(f"projection.chosen.{desc['chosen_by']}", lang)
        )
        st.markdown(sentence(desc, lang, ctx.decimals, ctx.unit_id))  # its own paragraph: short on a phone
        for key, params in view.notes:
            if key in HOW_NOTES:
                st.caption(pv.note_text(key, params, lang))
        st.caption(t("projection.note.bands", lang) + " " + t("projection.note.trend_not_forecast", lang))
        if view.official_note is not None:
            st.caption(t("projection.official.explain", lang))
        if ctx.indicator == "population":
            _track_record(ctx)
        st.markdown("**" + t("projection.page.method_more", lang) + "**")
        for name_id in ctx.result.methods:
            st.markdown(
                f"**{t(f'projection.method.{name_id}', lang)}** – {t(f'projection.method_help.{name_id}', lang)}"
            )


# ---------------------------------------------------------------- the downloads


def download(ctx: Context, cat: pd.DataFrame) -> None:
    """CSV and Excel of the observed values, the trend and the peers' projections."""
    st.caption(t("projection.page.download", ctx.lang))
    downloads.buttons(
        lambda: pv.download_tables(ctx.view, ctx.names, ctx.until, ctx.lang),
        lambda: datasets.credits(cat[cat["id"] == ctx.indicator], ctx.lang),
        f"kuntaluotain_trend_{ctx.indicator}_{ctx.code}_{ctx.until}",
        ctx.lang,
        key="dl_trend",
    )
