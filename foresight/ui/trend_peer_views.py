"""The trends page's projection among peers and the 2030 target check."""

from __future__ import annotations

import math
from typing import Any

import streamlit as st

from foresight import charts_projection as charts
from foresight import format as fmt
from foresight.columns import MEAN
from foresight.i18n import t
from foresight.projection import AUTO, WITH_OFFICIAL
from foresight.projection import targets as tg
from foresight.projection import view as pv
from foresight.ui import theme, widgets
from foresight.ui.number_field import number_field
from foresight.ui.projection_cache import TARGET_YEAR
from foresight.ui.trend_chart_views import CHART
from foresight.ui.trend_choices import Context

# ---------------------------------------------------------------- among peers


def peers(ctx: Context) -> None:
    """The projection of every peer with its bands, and the municipality's likely rank among them."""
    lang, view, until = ctx.lang, ctx.view, ctx.until
    polarity = int(ctx.ind["polarity"])
    st.header(t("projection.peers.title", lang, year=until))
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
    said = t(f"projection.target.{verdict}", lang)
    position, trend_at = assessment.get("band_position"), assessment["trend"]
    if position is not None and isinstance(trend_at, dict):  # outside a band: that first, then the peers
        level = "95" if position in (tg.ABOVE_95, tg.BELOW_95) else "80"
        band = t(
            f"projection.target.band.{position}",
            lang,
            value=ctx.show(float(assessment["target"])),
            low=fmt.number(trend_at[f"lower_{level}"], ctx.decimals, lang),
            high=ctx.show(trend_at[f"upper_{level}"]),
        )
        said = f"{band} {said}"
    box(said, icon=":material/flag:")
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
            n=assessment["years"],
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
                "projection.target.average_value"  # the line is not a trend alone: say so
                if ctx.view.description.get("method") == WITH_OFFICIAL
                else "projection.target.trend_value",
                lang,
                year=TARGET_YEAR,
                value=ctx.show(trend_at[MEAN]),
                low=fmt.number(trend_at["lower_80"], ctx.decimals, lang),
                high=ctx.show(trend_at["upper_80"]),
            )
        )
    if int(assessment["span_years"]) < int(assessment["years"]):
        st.caption(t("projection.target.shorter_span", lang, n=assessment["span_years"]))
    if assessment["against_polarity"]:
        st.warning(t("projection.target.against_polarity", lang), icon=":material/warning:")


def target(ctx: Context) -> None:
    """A 2030 strategy target for the indicator, kept in the link, and how demanding it is."""
    lang, indicator, target = ctx.lang, ctx.indicator, ctx.target
    st.header(t("projection.target.title", lang, year=TARGET_YEAR))
    lo, hi = ctx.result.bounds
    input_key = f"trend_target_{indicator}"  # the value; the field's widget key adds w_ and the language
    left, right = st.columns([1, 2])
    with left:
        st.caption(t("projection.target.intro", lang, year=TARGET_YEAR, unit=ctx.unit or ctx.ind_name))
        st.session_state[input_key] = target  # the link's and the session's target is what the field shows
        number_field(
            t("projection.target.input", lang, year=TARGET_YEAR),
            input_key,
            lang=lang,
            decimals=ctx.decimals,
            min_value=float(lo) if math.isfinite(lo) else None,
            max_value=float(hi) if math.isfinite(hi) else None,
            allow_empty=True,
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
