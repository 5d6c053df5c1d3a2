"""The trends page's widgets: the link read once, the trend with its method and the official projection,
the projection among peers, the 2030 target check and the downloads."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from foresight import charts_projection as charts
from foresight import datasets, freshness
from foresight import format as fmt
from foresight.columns import MEAN, YEAR
from foresight.i18n import t
from foresight.peers import PeerGroup
from foresight.projection import AUTO, sentence, track
from foresight.projection import targets as tg
from foresight.projection import view as pv
from foresight.projection.batch import WINDOW
from foresight.ui import downloads, state, theme, widgets
from foresight.ui.projection_cache import TARGET_YEAR

CHART = {"displaylogo": False}


@dataclass(frozen=True)
class Context:
    """One run's choices and the view built for them, with the indicator's catalogue facts at hand."""

    lang: str
    code: str
    indicator: str
    ind: pd.Series  # the indicator's catalogue row
    method: str
    until: int
    view: Any  # projection.view.ProjectionView
    result: Any  # projection.batch.IndicatorProjection
    group: PeerGroup
    names: pd.Series  # municipality names in the language, by code
    target: float | None
    history: pd.Series  # observed values by year
    last_year: int  # of the observations (the catalogue's last year when there are none)

    @property
    def decimals(self) -> int:
        return int(self.ind["decimals"])

    @property
    def unit_id(self) -> str:
        return str(self.ind["unit"])

    @property
    def unit(self) -> str:
        """The unit's label for axes and the target's input ('' for plain numbers)."""
        return datasets.unit_label(self.unit_id, self.lang)

    @property
    def ind_name(self) -> str:
        return str(self.ind[f"name_{self.lang}"])

    def show(self, value: float | None) -> str:
        return widgets.value_text(self.ind, value, self.lang)


# ---------------------------------------------------------------- the link


def read_link(
    results: dict[str, Any],
    ids: list[str],
    methods: list[str],
    horizons: list[str],
    cat: pd.DataFrame,
    lang: str,
    notices: Any,
) -> None:
    """Put the link's indicator, method, horizon and targets in the session; say what was not taken."""
    ss = st.session_state
    messages = []
    for param, key, allowed, default, message in (
        ("trend_indicator", "trend_indicator", ids, "population", "msg.unknown_indicator"),
        ("trend_method", "trend_method", methods, AUTO, "projection.page.unknown_method"),
        ("trend_until", "trend_until", horizons, horizons[0], "projection.page.unknown_horizon"),
    ):
        picked, rejected = state.page_param(param, allowed, default)
        ss[key] = picked
        raw = str(st.query_params.get(param, ""))
        if rejected and param == "trend_indicator" and raw in cat.index:  # known, but it cannot be trended
            row = cat.loc[raw]
            single = int(row["first_year"]) == int(row["last_year"])
            key_text = "projection.page.single_year" if single else "projection.page.too_few_years"
            messages.append(t(key_text, lang, name=row[f"name_{lang}"], year=int(row["last_year"])))
        elif rejected:
            messages.append(t(message, lang))
    linked, dropped = tg.from_query({k: str(v) for k, v in st.query_params.items()}, ids)
    kept, outside = tg.in_bounds(linked, {ind: results[ind].bounds for ind in linked})
    dropped = (*dropped, *outside)
    ss["trend_targets"] = kept
    if dropped:
        messages.append(t("projection.page.bad_targets", lang, parts=", ".join(dropped[:5])))
    for text in messages:
        notices.warning(text, icon=":material/warning:")


def not_trendable_caption(cat: pd.DataFrame, ids: list[str], lang: str) -> None:
    """Say which indicators are not offered, and why, rather than leaving them out silently."""
    missing = freshness.not_trendable(cat.reset_index(drop=True), ids)
    if missing.empty:
        return
    untrended = ", ".join(
        f"{cat.loc[i, f'name_{lang}']} ({y})"
        for i, y in zip(missing["id"], missing["last_year"], strict=True)
    )
    # Folded: the list can run to twenty names and would push the chart below the fold on a projector.
    with st.expander(t("projection.page.not_trendable_label", lang, n=len(missing))):
        st.caption(t("projection.page.not_trendable", lang, names=untrended))


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
    """The latest value, the trend with its 80 % band, and the official projection when there is one."""
    lang, until = ctx.lang, ctx.until
    official = pv.official_at(ctx.view.official, until)
    cols = st.columns(3 if official is not None else 2)
    cols[0].metric(
        t("projection.page.metric_last", lang, year=ctx.last_year), ctx.show(float(ctx.history.iloc[-1]))
    )
    band = pv.span(float(end["lower_80"]), float(end["upper_80"]), ctx.decimals, ctx.unit_id, lang)
    cols[1].metric(
        t("projection.page.metric_trend", lang, year=until),
        ctx.show(float(end[MEAN])),
        t("projection.page.metric_band_delta", lang, band=band),
        delta_color="off",
        delta_arrow="off",
    )
    if official is not None:
        cols[2].metric(
            t("projection.page.metric_official", lang, year=until),
            ctx.show(float(official["official"])),
            t("projection.page.metric_official_edition", lang, edition=official["edition"]),
            delta_color="off",
            delta_arrow="off",
        )


def _chart(ctx: Context) -> list[str]:
    """The trend chart; returns the official editions drawn on it."""
    lang, view, last_year, until = ctx.lang, ctx.view, ctx.last_year, ctx.until
    labels = {k: t(f"projection.legend.{k}", lang) for k in ("history", "trend", "band_80", "band_95")}
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
    """How the trend and the official projection from 2018 have fared since (population only)."""
    record = track.summary(track.snapshot_record(), ctx.code, ctx.group.members, ctx.method)
    if record is None:
        return
    title, body, how = pv.track_texts(record, ctx.lang)
    st.markdown("**" + title + "**")
    st.markdown(body)
    st.caption(how)


def trend(ctx: Context) -> None:
    """The trend to the horizon: figures, chart, method and its tested error, notes, official projection."""
    lang, view, indicator, until = ctx.lang, ctx.view, ctx.indicator, ctx.until
    forecast = view.forecast
    st.subheader(t("projection.page.chart_title", lang, indicator=ctx.ind_name, year=until))
    if forecast.empty:
        _no_chart(ctx)
        return
    end = forecast[forecast[YEAR] == until].iloc[0]
    _metrics(ctx, end)
    st.markdown(pv.headline(end, until, ctx.decimals, ctx.unit_id, lang))
    editions = _chart(ctx)
    desc = view.description
    st.markdown(
        t(
            "projection.page.method_line",
            lang,
            method=t(f"projection.method.{desc['method']}", lang),
            help=t(f"projection.method_help.{desc['method']}", lang),
        )
        + " "
        + t(f"projection.chosen.{desc['chosen_by']}", lang)
        + " "
        + sentence(desc, lang, ctx.decimals, ctx.unit_id)
    )
    for key, params in view.notes:
        st.caption(pv.note_text(key, params, lang))
    st.caption(t("projection.note.bands", lang) + " " + t("projection.note.trend_not_forecast", lang))
    if view.official_note is not None:
        st.info(
            pv.official_note_text(view.official_note, ctx.decimals, ctx.unit_id, lang),
            icon=":material/compare_arrows:",
        )
    elif indicator == "population":
        st.caption(t("projection.official.none", lang, year=until))
    if indicator == "population":
        _track_record(ctx)
    sources = [
        widgets.source_line(ctx.ind, lang, ctx.last_year),
        t("projection.page.trend_source", lang, year=ctx.last_year),
    ]
    if editions:
        sources.append(t("projection.page.official_source", lang))
    st.caption(" ".join(sources))
    with st.expander(t("projection.page.method_more", lang)):
        for name_id in ctx.result.methods:
            st.markdown(
                f"**{t(f'projection.method.{name_id}', lang)}** – {t(f'projection.method_help.{name_id}', lang)}"
            )


# ---------------------------------------------------------------- among peers


def peers(ctx: Context) -> None:
    """The projection of every peer with its bands, and the municipality's likely rank among them."""
    lang, view, until = ctx.lang, ctx.view, ctx.until
    polarity = int(ctx.ind["polarity"])
    st.subheader(t("projection.peers.title", lang, year=until))
    widgets.peer_notes(ctx.group, lang)
    values = view.peer_values
    if view.forecast.empty:
        st.info(t("projection.peers.no_self", lang), icon=":material/info:")
        return
    if values.empty or len(values) < 2:
        st.info(t("projection.peers.none", lang), icon=":material/info:")
        return
    left, right = st.columns([3, 2])
    with left:
        st.caption(t("projection.peers.values_title", lang, year=until))
        theme.chart_with_alt(
            charts.peer_ranking(
                values,
                ctx.names.to_dict(),
                ctx.code,
                lang,
                polarity,
                ctx.decimals,
                f"{ctx.ind_name} ({ctx.unit})" if ctx.unit else ctx.ind_name,
                {k: t(f"projection.legend.{k}", lang) for k in ("band_80", "band_95")},
            ),
            lang=lang,
            config=CHART,
            key="trend_peers",
        )
    with right:
        summary = view.rank_summary
        st.caption(t("projection.peers.rank_title", lang, year=until))
        order = "best" if polarity != 0 else "largest"
        theme.chart_with_alt(
            charts.rank_bars(
                view.rank_distribution,
                lang,
                t(f"projection.peers.rank_axis_{order}", lang),
                t("projection.peers.probability_axis", lang),
                int(summary["most_likely"]),
            ),
            lang=lang,
            config=CHART,
            key="trend_ranks",
        )
        st.markdown(pv.rank_text(summary, until, lang))
        st.caption(
            t(f"projection.peers.rank_order_{order}", lang)
            + " "
            + t("projection.peers.rank_method", lang, draws=fmt.number(4000, 0, lang))
        )
    if view.unprojected_peers:
        listed = ", ".join(str(ctx.names.get(c, c)) for c in view.unprojected_peers)
        key = (
            "projection.peers.not_projected"
            if ctx.method == AUTO
            else "projection.peers.not_projected_method"
        )
        st.caption(t(key, lang, names=listed))
    st.caption(
        widgets.source_line(ctx.ind, lang, int(ctx.result.last_year))
        + " "
        + t("projection.page.trend_source", lang, year=int(ctx.result.last_year))
    )


# ---------------------------------------------------------------- the 2030 target


def _store_target(input_key: str, indicator: str) -> None:
    ss = st.session_state
    entered = ss.get(input_key)
    targets_now = dict(ss.get("trend_targets", {}))
    if entered is None or not math.isfinite(float(entered)):
        targets_now.pop(indicator, None)
    else:
        targets_now[indicator] = float(entered)
    ss["trend_targets"] = targets_now


def _clear_target(input_key: str, indicator: str) -> None:
    ss = st.session_state
    targets_now = dict(ss.get("trend_targets", {}))
    targets_now.pop(indicator, None)
    ss["trend_targets"] = targets_now
    ss.pop(input_key, None)


def _assessment(ctx: Context, assessment: dict[str, Any]) -> None:
    """The verdict and the three changes a year behind it: needed, own past, best seen among peers."""
    lang, last_year = ctx.lang, ctx.last_year
    verdict = str(assessment["verdict"])
    kind = str(assessment["change_kind"])

    def change(value: float | None) -> str:
        return pv.change_text(value, kind, ctx.decimals, ctx.unit_id, lang)

    box = {tg.WITHIN_BAND: st.success, tg.AMBITIOUS_SEEN: st.info}.get(verdict, st.warning)
    box(t(f"projection.target.{verdict}", lang), icon=":material/flag:")
    m = st.columns(3)
    m[0].metric(
        t("projection.target.metric_needed", lang),
        change(assessment["needed_change"]),
        t("projection.target.period", lang, start=last_year, end=TARGET_YEAR),
        delta_color="off",
        delta_arrow="off",
        help=t(
            "projection.target.needed",
            lang,
            change=change(assessment["needed_change"]),
            years=assessment["years"],
        ),
    )
    own_span = int(assessment["own_span"])
    m[1].metric(
        t("projection.target.metric_own", lang),
        change(assessment["own_change"]),
        t("projection.target.period", lang, start=last_year - own_span, end=last_year),
        delta_color="off",
        delta_arrow="off",
    )
    if assessment["best_peer"] is not None:
        start, stop = assessment["best_peer_period"]
        peer = str(assessment["best_peer"])
        m[2].metric(
            t("projection.target.metric_best", lang),
            change(assessment["best_peer_change"]),
            t("projection.target.period_of", lang, name=ctx.names.get(peer, peer), start=start, end=stop),
            delta_color="off",
            delta_arrow="off",
            help=t(
                "projection.target.best_help",
                lang,
                n=tg.LOOKBACK_YEARS,
                since=last_year - tg.LOOKBACK_YEARS,
            ),
        )
    else:
        m[2].caption(t("projection.target.no_peer", lang))
    trend_at = assessment["trend"]
    if isinstance(trend_at, dict):
        st.caption(
            t(
                "projection.target.trend_value",
                lang,
                year=TARGET_YEAR,
                value=ctx.show(trend_at[MEAN]),
                low=fmt.number(trend_at["lower_80"], ctx.decimals, lang),
                high=ctx.show(trend_at["upper_80"]),
            )
        )
    if int(assessment["span_years"]) < int(assessment["years"]):
        st.caption(t("projection.target.shorter_span", lang, span=assessment["span_years"]))
    if assessment["against_polarity"]:
        st.warning(t("projection.target.against_polarity", lang), icon=":material/warning:")


def target(ctx: Context) -> None:
    """A 2030 strategy target for the indicator, kept in the link, and how demanding it is."""
    lang, indicator, history, target = ctx.lang, ctx.indicator, ctx.history, ctx.target
    st.subheader(t("projection.target.title", lang, year=TARGET_YEAR))
    lo, hi = ctx.result.bounds
    input_key = f"trend_target_{indicator}_{lang}"
    latest = float(history.iloc[-1]) if not history.empty else 0.0
    left, right = st.columns([1, 2])
    with left:
        st.caption(t("projection.target.intro", lang, year=TARGET_YEAR, unit=ctx.unit or ctx.ind_name))
        st.number_input(
            t("projection.target.input", lang, year=TARGET_YEAR),
            value=target,
            min_value=float(lo) if math.isfinite(lo) else None,
            max_value=float(hi) if math.isfinite(hi) else None,
            step=pv.target_step(latest, ctx.decimals),
            format=f"%.{ctx.decimals}f",
            key=input_key,
            on_change=_store_target,
            args=(input_key, indicator),
        )
        if target is not None:
            st.button(
                t("projection.target.clear", lang),
                key="trend_target_clear",
                on_click=_clear_target,
                args=(input_key, indicator),
            )
    with right:
        assessment = ctx.view.target
        if target is None or assessment is None:
            st.info(t("projection.target.empty", lang), icon=":material/flag:")
        elif assessment["verdict"] == tg.NO_HISTORY:
            st.info(t("projection.target.too_little_history", lang), icon=":material/info:")
        else:
            _assessment(ctx, assessment)


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
