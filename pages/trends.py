"""Trends to 2030: any indicator projected with honest bands, the method's backtested error, the official
population projection beside it, the projection among peers, and a 2030 strategy target checked."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from foresight import charts_projection as charts
from foresight import datasets, freshness
from foresight import format as fmt
from foresight.columns import MEAN, MUNICIPALITY, VALUE, YEAR
from foresight.i18n import t
from foresight.projection import AUTO, METHODS, WITH_OFFICIAL, sentence, track
from foresight.projection import targets as tg
from foresight.projection.batch import WINDOW
from foresight.ui import downloads, loaders, state, theme, widgets
from foresight.ui import projection_cache as cache
from foresight.ui.sidebar import peer_group
from foresight.ui.state import bound

lang, code = state.lang(), state.municipality()
group = peer_group(code, state.peer_spec())
reg = loaders.register()
cat = loaders.catalogue()
names = reg[f"name_{lang}"]
name = str(names.get(code, code))
ss = st.session_state
TARGET_YEAR = cache.TARGET_YEAR
MAX_TARGET = 1e12  # larger numbers in a link are tampering, not a strategy

st.title(t("projection.page.heading", lang, name=name))
st.caption(t("projection.page.intro", lang))
notices = st.container()  # everything the link said, together under the title

with st.spinner(t("projection.page.loading", lang)):
    results = cache.results()
ids = cache.indicators()
horizons = [str(h) for h in cache.HORIZONS]
methods = [AUTO, *METHODS, WITH_OFFICIAL]

# --- The link: read once per session, written back on every run -------------------------------------------------
if not ss.get("_trend_link_read"):
    ss["_trend_link_read"] = True
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
    kept = {}
    for ind_id, number in linked.items():
        lo, hi = results[ind_id].bounds
        if abs(number) <= MAX_TARGET and lo <= number <= hi:
            kept[ind_id] = number
        else:
            dropped = (*dropped, f"{ind_id}:{number:g}"[:60])
    ss["trend_targets"] = kept
    if dropped:
        messages.append(t("projection.page.bad_targets", lang, parts=", ".join(dropped[:5])))
    for text in messages:
        notices.warning(text, icon=":material/warning:")
ss.setdefault("trend_targets", {})
chosen_targets: dict[str, float] = ss["trend_targets"]

# --- Choices ------------------------------------------------------------------------------------------------------
top = st.columns([9, 7, 6])
with top[0]:
    indicator = bound(
        st.selectbox,
        t("projection.page.indicator", lang),
        "trend_indicator",
        "population",
        options=ids,
        format_func=lambda i: (
            t("theme." + str(cat.loc[i, "theme"]), lang) + " · " + str(cat.loc[i, f"name_{lang}"])
        ),
    )
    missing = freshness.not_trendable(cat.reset_index(drop=True), ids)
    if (
        not missing.empty
    ):  # say which indicators are not offered, and why, rather than leaving them out silently
        untrended = ", ".join(
            f"{cat.loc[i, f'name_{lang}']} ({y})"
            for i, y in zip(missing["id"], missing["last_year"], strict=True)
        )
        st.caption(t("projection.page.not_trendable", lang, names=untrended))
result = results[indicator]
auto_method = result.columns["method"][result.row(code)] if code in set(result.codes) else None
with top[1]:
    method = bound(
        st.selectbox,
        t("projection.method.label", lang),
        "trend_method",
        AUTO,
        options=methods,
        format_func=lambda m: (
            t("projection.method.auto_chosen", lang, method=t(f"projection.method.{auto_method}", lang))
            if m == AUTO and auto_method
            else t(f"projection.method.{m}", lang)
        ),
    )
with top[2]:
    until_text = bound(
        st.segmented_control,
        t("projection.horizon.label", lang),
        "trend_until",
        horizons[0],
        options=horizons,
        selection_mode="single",
    )
if until_text not in horizons:  # clicking the chosen year again clears a segmented control
    until_text = ss["trend_until"] = horizons[0]
until = int(until_text)
state.set_param("trend_indicator", indicator)
state.set_param("trend_method", method)
state.set_param("trend_until", until_text)
if chosen_targets:
    state.set_param(tg.QUERY_KEY, tg.to_query(chosen_targets)[tg.QUERY_KEY])
elif tg.QUERY_KEY in st.query_params:
    del st.query_params[tg.QUERY_KEY]

ind = cat.loc[indicator]
decimals, polarity = int(ind["decimals"]), int(ind["polarity"])
unit = datasets.unit_label(str(ind["unit"]), lang)
ind_name = str(ind[f"name_{lang}"])
target = chosen_targets.get(indicator)
view = cache.view(indicator, code, tuple(group.members), method, until, target)
history = view.history.set_index(YEAR)[VALUE]
last_year = int(history.index.max()) if not history.empty else int(ind["last_year"])


def show(v: float | None) -> str:
    return widgets.value_text(ind, v, lang)


def note_text(key: str, params: dict[str, object]) -> str:
    """A projection note, with a method id in the params said in words."""
    if "method" in params:
        params = {**params, "method": t(f"projection.method.{params['method']}", lang)}
    params = {k: fmt.number(v, 2, lang) if isinstance(v, float) else v for k, v in params.items()}
    return t(key, lang, **params)


def span(low: float, high: float) -> str:
    """'126 555–131 634 as.': the unit once, after the range."""
    return f"{fmt.number(low, decimals, lang)}–{show(high)}"


def change(v: float | None, kind: str) -> str:
    """A change a year: '+0,7 %' for sizes, '+0,4 %-yks.' / '+120 €/as.' for rates."""
    if v is None or not math.isfinite(v):
        return "–"
    if kind == "relative":
        return t("projection.change.relative", lang, value=fmt.number(v, 1, lang, sign=True))
    return widgets.value_text(ind, v, lang, sign=True)


st.caption(f"{ind[f'definition_{lang}']} {widgets.source_line(ind, lang, last_year)}")
if widgets.caveat(ind, lang):
    st.caption(f":material/warning: {widgets.caveat(ind, lang)}")

# --- The trend ----------------------------------------------------------------------------------------------------
if history.empty:
    widgets.no_data(ind, code, lang)
    st.stop()
forecast = view.forecast
st.subheader(t("projection.page.chart_title", lang, indicator=ind_name, year=until))
if forecast.empty:
    for key, params in view.notes:
        st.info(note_text(key, params), icon=":material/info:")
    st.info(t("projection.page.no_chart", lang), icon=":material/info:")
    if any(key == "projection.note.too_little_history" for key, _ in view.notes):
        window = t(
            "projection.page.window",
            lang,
            window=WINDOW,
            start=result.last_year - WINDOW + 1,
            end=result.last_year,
        )
        listed = ", ".join(f"{int(y)}: {show(v)}" for y, v in history.items())
        st.caption(window + " " + t("projection.page.history_values", lang, values=listed))
else:
    end = forecast[forecast[YEAR] == until].iloc[0]
    official_end = (
        view.official[(view.official[YEAR] == until)].sort_values("edition", ascending=False)
        if not view.official.empty
        else None
    )
    has_official = official_end is not None and not official_end.empty
    cols = st.columns(3 if has_official else 2)
    cols[0].metric(t("projection.page.metric_last", lang, year=last_year), show(float(history.iloc[-1])))
    cols[1].metric(
        t("projection.page.metric_trend", lang, year=until),
        show(float(end[MEAN])),
        t(
            "projection.page.metric_band_delta",
            lang,
            band=span(float(end["lower_80"]), float(end["upper_80"])),
        ),
        delta_color="off",
        delta_arrow="off",
    )
    if has_official:
        row = official_end.iloc[0]  # type: ignore[union-attr]
        cols[2].metric(
            t("projection.page.metric_official", lang, year=until),
            show(float(row["official"])),
            t("projection.page.metric_official_edition", lang, edition=row["edition"]),
            delta_color="off",
            delta_arrow="off",
        )
    st.markdown(
        t(
            "projection.page.headline",
            lang,
            year=until,
            value=show(float(end[MEAN])),
            band80=span(float(end["lower_80"]), float(end["upper_80"])),
            band95=span(float(end["lower_95"]), float(end["upper_95"])),
        ).replace("..", ".")  # a unit abbreviation ("as.") already ends the sentence
    )
    labels = {k: t(f"projection.legend.{k}", lang) for k in ("history", "trend", "band_80", "band_95")}
    labels["data_end"] = t("projection.legend.data_end", lang, year=last_year)
    labels["target"] = t("projection.legend.target", lang, year=TARGET_YEAR)
    labels["target_path"] = t("projection.legend.target_path", lang)
    editions = sorted(view.official["edition"].unique()) if not view.official.empty else []
    figure = charts.trend(
        charts.shown_history(history, last_year, max(until - last_year, 15)),
        forecast,
        lang,
        labels,
        unit,
        decimals,
        view.official if editions else None,
        {e: t("projection.legend.official", lang, edition=e) for e in editions},
        (TARGET_YEAR, target) if target is not None else None,
    )
    theme.chart_with_alt(figure, lang=lang, config={"displaylogo": False}, key="trend_chart")
    desc = view.description
    chosen_by = t(f"projection.chosen.{desc['chosen_by']}", lang)
    st.markdown(
        t(
            "projection.page.method_line",
            lang,
            method=t(f"projection.method.{desc['method']}", lang),
            help=t(f"projection.method_help.{desc['method']}", lang),
        )
        + " "
        + chosen_by
        + " "
        + sentence(desc, lang, decimals, str(ind["unit"]))
    )
    for key, params in view.notes:
        st.caption(note_text(key, params))
    st.caption(t("projection.note.bands", lang) + " " + t("projection.note.trend_not_forecast", lang))
    if view.official_note is not None:
        note = view.official_note
        st.info(
            t(
                str(note["key"]),
                lang,
                edition=note["edition"],
                year=note["year"],
                official=show(float(note["official"])),  # type: ignore[arg-type]
                difference=fmt.number(float(note["difference_pct"]), 1, lang, sign=True),  # type: ignore[arg-type]
            )
            + " "
            + t("projection.official.explain", lang)
            + (
                " " + t("projection.official.derived", lang, year=note["year"])
                if str(note["edition"]) == "2024" and int(note["year"]) not in (2024, 2035, 2040)  # type: ignore[call-overload]
                else ""
            ),
            icon=":material/compare_arrows:",
        )
    elif indicator == "population":
        st.caption(t("projection.official.none", lang, year=until))
    if indicator == "population":
        record = track.summary(track.snapshot_record(), code, group.members, method)
        if record is not None:
            pct = {k: fmt.number(float(v), 1, lang) for k, v in record.items() if isinstance(v, float)}
            st.markdown("**" + t("projection.track.title", lang, origin=record["origin"]) + "**")
            own = "municipality" if record["official"] is not None else "municipality_trend_only"
            lines = [t(f"projection.track.{own}", lang, **{**record, **pct})]
            if record["group_official"] is not None and int(record["n"]) > 1:  # type: ignore[call-overload]
                lines.append(t("projection.track.group", lang, **{**record, **pct}))
            st.markdown(" ".join(lines))
            st.caption(t("projection.track.how", lang, origin=record["origin"]))
    sources = [
        widgets.source_line(ind, lang, last_year),
        t("projection.page.trend_source", lang, year=last_year),
    ]
    if editions:
        sources.append(t("projection.page.official_source", lang))
    st.caption(" ".join(sources))
    with st.expander(t("projection.page.method_more", lang)):
        for name_id in result.methods:
            st.markdown(
                f"**{t(f'projection.method.{name_id}', lang)}** – {t(f'projection.method_help.{name_id}', lang)}"
            )

# --- Among peers --------------------------------------------------------------------------------------------------
st.subheader(t("projection.peers.title", lang, year=until))
widgets.peer_notes(group, lang)
values = view.peer_values
if forecast.empty:
    st.info(t("projection.peers.no_self", lang), icon=":material/info:")
elif values.empty or len(values) < 2:
    st.info(t("projection.peers.none", lang), icon=":material/info:")
else:
    left, right = st.columns([3, 2])
    with left:
        st.caption(t("projection.peers.values_title", lang, year=until))
        theme.chart_with_alt(
            charts.peer_ranking(
                values,
                names.to_dict(),
                code,
                lang,
                polarity,
                decimals,
                f"{ind_name} ({unit})" if unit else ind_name,
                {k: t(f"projection.legend.{k}", lang) for k in ("band_80", "band_95")},
            ),
            lang=lang,
            config={"displaylogo": False},
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
            config={"displaylogo": False},
            key="trend_ranks",
        )
        fixed = int(summary["rank_low"]) == int(summary["rank_high"])
        st.markdown(
            t(
                "projection.peers.rank_fixed" if fixed else "projection.peers.rank",
                lang,
                year=until,
                rank=int(summary["most_likely"]),
                n=int(summary["peers"]),
                probability=fmt.number(float(summary["probability"]) * 100, 0, lang),
                low=int(summary["rank_low"]),
                high=int(summary["rank_high"]),
            )
        )
        st.caption(
            t(f"projection.peers.rank_order_{order}", lang)
            + " "
            + t("projection.peers.rank_method", lang, draws=fmt.number(4000, 0, lang))
        )
    if view.unprojected_peers:
        listed = ", ".join(str(names.get(c, c)) for c in view.unprojected_peers)
        key = "projection.peers.not_projected" if method == AUTO else "projection.peers.not_projected_method"
        st.caption(t(key, lang, names=listed))
    st.caption(
        widgets.source_line(ind, lang, int(result.last_year))
        + " "
        + t("projection.page.trend_source", lang, year=int(result.last_year))
    )

# --- Target for the 2030 strategy ---------------------------------------------------------------------------------
st.subheader(t("projection.target.title", lang, year=TARGET_YEAR))
lo, hi = result.bounds
input_key = f"trend_target_{indicator}_{lang}"


def _store_target() -> None:
    entered = ss.get(input_key)
    targets_now = dict(ss.get("trend_targets", {}))
    if entered is None or not math.isfinite(float(entered)):
        targets_now.pop(indicator, None)
    else:
        targets_now[indicator] = float(entered)
    ss["trend_targets"] = targets_now


def _clear_target() -> None:
    targets_now = dict(ss.get("trend_targets", {}))
    targets_now.pop(indicator, None)
    ss["trend_targets"] = targets_now
    ss.pop(input_key, None)


# Steps of about a thousandth of the latest value (100 persons for a city), never finer than the decimals.
latest = abs(float(history.iloc[-1])) if not history.empty else 0.0
step = max(10.0**-decimals, 10.0 ** (math.floor(math.log10(latest)) - 3) if latest > 0 else 0.0)
left, right = st.columns([1, 2])
with left:
    st.caption(t("projection.target.intro", lang, year=TARGET_YEAR, unit=unit or ind_name))
    st.number_input(
        t("projection.target.input", lang, year=TARGET_YEAR),
        value=target,
        min_value=float(lo) if math.isfinite(lo) else None,
        max_value=float(hi) if math.isfinite(hi) else None,
        step=step,
        format=f"%.{decimals}f",
        key=input_key,
        on_change=_store_target,
    )
    if target is not None:
        st.button(t("projection.target.clear", lang), key="trend_target_clear", on_click=_clear_target)
with right:
    assessment = view.target
    if target is None or assessment is None:
        st.info(t("projection.target.empty", lang), icon=":material/flag:")
    elif assessment["verdict"] == tg.NO_HISTORY:
        st.info(t("projection.target.too_little_history", lang), icon=":material/info:")
    else:
        verdict = str(assessment["verdict"])
        kind = str(assessment["change_kind"])
        box = {tg.WITHIN_BAND: st.success, tg.AMBITIOUS_SEEN: st.info}.get(verdict, st.warning)
        box(t(f"projection.target.{verdict}", lang), icon=":material/flag:")
        m = st.columns(3)
        m[0].metric(
            t("projection.target.metric_needed", lang),
            change(assessment["needed_change"], kind),  # type: ignore[arg-type]
            t("projection.target.period", lang, start=last_year, end=TARGET_YEAR),
            delta_color="off",
            delta_arrow="off",
            help=t(
                "projection.target.needed",
                lang,
                change=change(assessment["needed_change"], kind),  # type: ignore[arg-type]
                years=assessment["years"],
            ),
        )
        own_span = int(assessment["own_span"])  # type: ignore[call-overload]
        m[1].metric(
            t("projection.target.metric_own", lang),
            change(assessment["own_change"], kind),  # type: ignore[arg-type]
            t("projection.target.period", lang, start=last_year - own_span, end=last_year),
            delta_color="off",
            delta_arrow="off",
        )
        if assessment["best_peer"] is not None:
            start, stop = assessment["best_peer_period"]  # type: ignore[misc]
            peer = str(assessment["best_peer"])
            m[2].metric(
                t("projection.target.metric_best", lang),
                change(assessment["best_peer_change"], kind),  # type: ignore[arg-type]
                t("projection.target.period_of", lang, name=names.get(peer, peer), start=start, end=stop),
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
                    value=show(trend_at[MEAN]),
                    low=fmt.number(trend_at["lower_80"], decimals, lang),
                    high=show(trend_at["upper_80"]),
                )
            )
        if int(assessment["span_years"]) < int(assessment["years"]):  # type: ignore[call-overload]
            st.caption(t("projection.target.shorter_span", lang, span=assessment["span_years"]))
        if assessment["against_polarity"]:
            st.warning(t("projection.target.against_polarity", lang), icon=":material/warning:")

# --- Downloads ----------------------------------------------------------------------------------------------------
if not forecast.empty:
    st.caption(t("projection.page.download", lang))

    def tables() -> dict[str, pd.DataFrame]:
        observed = view.history.assign(kind=t("projection.col.observed", lang))
        trend = forecast.assign(kind=t("projection.col.trend", lang))
        trend["method"] = trend["method"].map(lambda m: t(f"projection.method.{m}", lang))
        own = pd.concat([observed, trend], ignore_index=True).rename(
            columns={
                YEAR: t("col.year", lang),
                VALUE: t("col.value", lang),
                "kind": t("projection.col.kind", lang),
                "method": t("projection.col.method", lang),
            }
        )
        out = {indicator[:31]: own}
        if not values.empty:
            peers = values.drop(columns=["is_self"]).reset_index()
            peers.insert(1, "name", peers[MUNICIPALITY].map(names))
            peers = peers.rename(
                columns={MUNICIPALITY: t("col.municipality_code", lang), "name": t("col.municipality", lang)}
            )
            peers["method"] = peers["method"].map(lambda m: t(f"projection.method.{m}", lang))
            out[f"peers_{until}"] = peers.rename(columns={"method": t("projection.col.method", lang)})
        return out

    downloads.buttons(
        tables,
        lambda: datasets.credits(cat[cat["id"] == indicator], lang),
        f"kuntaluotain_trend_{indicator}_{code}_{until}",
        lang,
        key="dl_trend",
    )
