"""Everything the projection page draws for one municipality and indicator, gathered in one call, and the
words and tables it shows them in."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from foresight import format as fmt
from foresight.columns import INDICATOR, MEAN, MUNICIPALITY, VALUE, YEAR
from foresight.i18n import t
from foresight.projection import backtest, official, peers, targets
from foresight.projection.backtest import ERROR_PERCENT, ERROR_POINTS
from foresight.projection.batch import OK, PERCENT_UNITS, WITH_OFFICIAL, IndicatorProjection
from foresight.projection.methods import AUTO, MIN_POINTS, NAIVE


@dataclass
class ProjectionView:
    """History, projection, its description and notes, official projection, peers and target for one chart."""

    code: str
    indicator: str
    history: pd.DataFrame  # year, value
    forecast: pd.DataFrame  # year, mean, lower_80, upper_80, lower_95, upper_95, method (empty: no line)
    description: dict[str, object]  # backtest.describe(): method, error, error_kind, error_horizon, ...
    notes: list[tuple[str, dict[str, object]]] = field(default_factory=list)  # (text key, params)
    official: pd.DataFrame = field(default_factory=pd.DataFrame)  # edition, year, official
    official_comparison: pd.DataFrame = field(default_factory=pd.DataFrame)  # see official.compare
    official_note: dict[str, object] | None = None  # see official.note
    peer_values: pd.DataFrame = field(
        default_factory=pd.DataFrame
    )  # index municipality; see peers.peer_values
    rank_distribution: pd.DataFrame = field(default_factory=pd.DataFrame)  # rank, probability
    rank_summary: dict[str, float] = field(default_factory=dict)
    unprojected_peers: tuple[str, ...] = ()  # members without a projection (projection.peers.not_projected)
    target: dict[str, object] | None = None  # see targets.target_assessment


def build(
    result: IndicatorProjection,
    obs: pd.DataFrame,
    code: str,
    members: Sequence[str] = (),
    method: str = AUTO,
    until: int = 2030,
    polarity: int = 0,
    official_totals: pd.DataFrame | None = None,
    target: float | None = None,
    target_year: int | None = None,
) -> ProjectionView:
    """Gather the chart's data; `result` is project_snapshot(2040)[indicator] (one cached run serves 2030–2040).

    target_year (default `until`) is the year a target is assessed for; the forecast reaches `until`.
    """
    part = obs[(obs[MUNICIPALITY] == code) & (obs[INDICATOR] == result.indicator)]
    history = part[[YEAR, VALUE]].sort_values(YEAR, ignore_index=True)
    known = code in set(result.codes)
    offered = method == AUTO or method in result.arrays  # "with_official" exists for population only
    desc: dict[str, object] = backtest.describe(result, code, method) if known else {"status": "no_data"}
    if known and not offered:
        desc["status"] = "method_unavailable"
    forecast = result.forecasts(method, [code]) if known and offered else pd.DataFrame()
    if not forecast.empty:
        forecast = forecast[forecast[YEAR] <= until].drop(columns=[MUNICIPALITY]).reset_index(drop=True)
    view = ProjectionView(code, result.indicator, history, forecast, desc)
    if forecast.empty:
        key = "projection.note.method_unavailable" if desc.get("status") == "method_unavailable" else None
        if key:
            view.notes.append((key, {"method": method}))
        else:
            # Count the years the fit may use (the window before the indicator's last year), not all history.
            n = int(result.columns["n_points"][result.row(code)]) if known else len(history)
            view.notes.append(("projection.note.too_little_history", {"n": n, "min": MIN_POINTS}))
    else:
        last = int(history[YEAR].max())
        view.notes.append(("projection.note.data_ends", {"last_year": last, "n": until - last}))
        if result.unit in PERCENT_UNITS and np.isfinite(result.bounds[1]):
            view.notes.append(("projection.note.clipped", {}))
        ratio = result.relative_mase()
        if result.ranking and result.ranking[0] == NAIVE:
            view.notes.append(("projection.note.naive_best", {}))
        elif ratio is not None and ratio >= 1:
            view.notes.append(("projection.note.weak_indicator", {"ratio": round(ratio, 2)}))
        elif (check := result.worst_recent_check()) is not None:
            # Better than the latest value over all the origins, but not at one of the newest checks.
            years: dict[str, object] = {"origin": check.origin, "target": check.target}
            view.notes.append(("projection.note.recent_check_failed", years))
    if official_totals is not None and result.indicator == "population":
        view.official = official.for_municipality(official_totals, code)
        if not forecast.empty:
            view.official_comparison = official.compare(forecast, view.official)
            view.official_note = official.note(view.official_comparison, until)
    if members and desc.get("status") == OK and until in set(result.years):
        values = peers.peer_values(result, code, members, until, method)
        view.peer_values = values
        view.unprojected_peers = tuple(c for c in members if c not in values.index)
        if code in values.index and len(values) > 1:
            view.rank_distribution = peers.rank_distribution(values, code, polarity)
            view.rank_summary = peers.rank_summary(view.rank_distribution)
    if target is not None and not history.empty:
        wide = targets.peer_histories(obs, result.indicator, list(members))
        view.target = targets.target_assessment(
            history.set_index(YEAR)[VALUE].rename(code),
            float(target),
            wide,
            polarity,
            forecast if not forecast.empty else None,
            target_year if target_year is not None else until,
            targets.uses_relative_change(result.unit),
        )
    return view


# ---------------------------------------------------------------- the view in words
# `decimals` and `unit` are the indicator's (catalogue decimals and unit id).


def value_text(value: float | None, decimals: int, unit: str, lang: str) -> str:
    """'126 555 as.': a value with the indicator's decimals and unit."""
    return fmt.with_unit(value, decimals, unit, lang)


def span(low: float, high: float, decimals: int, unit: str, lang: str) -> str:
    """'126 555–131 634 as.': the unit once, after the range."""
    return f"{fmt.number(low, decimals, lang)}–{value_text(high, decimals, unit, lang)}"


def change_text(value: float | None, kind: str, decimals: int, unit: str, lang: str) -> str:
    """A change a year: '+0,7 %' for sizes ("relative"), '+0,4 %-yks.' / '+120 €/as.' for rates."""
    if value is None or not math.isfinite(value):
        return "–"
    if kind == "relative":
        return t("projection.change.relative", lang, value=fmt.number(value, 1, lang, sign=True))
    return fmt.with_unit(value, decimals, fmt.change_unit(unit), lang, sign=True)


def note_text(key: str, params: Mapping[str, object], lang: str) -> str:
    """A projection note, with a method id in the params said in words and decimals with two places."""
    if "method" in params:
        params = {**params, "method": t(f"projection.method.{params['method']}", lang)}
    shown = {k: fmt.number(v, 2, lang) if isinstance(v, float) else v for k, v in params.items()}
    return t(key, lang, **shown)


def history_values(history: pd.Series, decimals: int, unit: str, lang: str) -> str:
    """'1996: 4,4, 1997: 5,1': every observed value, for a series too short to chart."""
    return ", ".join(f"{int(y)}: {value_text(v, decimals, unit, lang)}" for y, v in history.items())


def shown_decimals(end: Mapping[str, float], decimals: int) -> int:
    """Decimals to show an estimate for a future year with: a tenth of its 80 % band's width rounded down to a
    power of ten, never finer than the indicator's own decimals (negative: tens, hundreds, …).

    Kuopio's population in 2030 lies between about 128 300 and 135 700 with 80 % probability: "132 011" claims
    a precision no one has, "132 000" does not (exact figures stay in the chart's table and the download).
    """
    width = float(end["upper_80"]) - float(end["lower_80"])
    if not math.isfinite(width) or width <= 0:
        return decimals
    return min(decimals, -math.floor(math.log10(width / 10)))


def rounded_text(value: float, shown: int, unit: str, lang: str) -> str:
    """A value rounded to `shown` decimals (negative: to tens, hundreds, …), with its unit."""
    return value_text(round(value, shown), max(shown, 0), unit, lang)


def about_text(value: float, shown: int, unit: str, lang: str) -> str:
    """'noin 132 000 as.': an estimate, rounded as shown_decimals says and said to be approximate."""
    return t("projection.page.about", lang, value=rounded_text(value, shown, unit, lang))


def rounded_span(low: float, high: float, shown: int, unit: str, lang: str) -> str:
    """'128 300–135 700 as.': a band rounded as shown_decimals says."""
    return span(round(low, shown), round(high, shown), max(shown, 0), unit, lang)


def headline(end: Mapping[str, float], year: int, decimals: int, unit: str, lang: str) -> str:
    """The trend's value in the horizon year with its 80 % and 95 % bands, in one sentence, rounded to what
    the bands allow (shown_decimals)."""
    shown = shown_decimals(end, decimals)
    return t(
        "projection.page.headline",
        lang,
        year=year,
        value=rounded_text(float(end[MEAN]), shown, unit, lang),
        band80=rounded_span(float(end["lower_80"]), float(end["upper_80"]), shown, unit, lang),
        band95=rounded_span(float(end["lower_95"]), float(end["upper_95"]), shown, unit, lang),
    ).replace("..", ".")  # a unit abbreviation ("as.") already ends the sentence


def is_derived(edition: str, year: int) -> bool:
    """True for a year of the 2024 edition that Statistics Finland did not publish (only 2024, 2035 and 2040
    were): the app derives it between the published years."""
    return str(edition) == official.EDITION_POINTS and int(year) not in (2024, 2035, 2040)


def is_average(method: str | None) -> bool:
    """The line is the average of the trend and Statistics Finland's projection (population's default)."""
    return method == WITH_OFFICIAL


def trend_label(method: str | None, year: int, lang: str) -> str:
    """The trend card's label: 'Trendi 2030', or 'Arvio 2030 (trendin ja ennusteen keskiarvo)' when the line
    is the average of the trend and the official projection."""
    key = "projection.page.metric_average" if is_average(method) else "projection.page.metric_trend"
    return t(key, lang, year=year)


def official_label(edition: str, year: int, lang: str) -> tuple[str, str]:
    """The official card's label and small print: a published figure is Statistics Finland's, a derived one
    is said to be derived, with the edition and its published years."""
    if is_derived(edition, year):
        return (
            t("projection.page.metric_official_derived", lang, year=year),
            t("projection.page.metric_official_derived_edition", lang, edition=edition),
        )
    return (
        t("projection.page.metric_official", lang, year=year),
        t("projection.page.metric_official_edition", lang, edition=edition),
    )


def summary(desc: Mapping[str, object], lang: str, decimals: int, unit: str) -> str:
    """The line in one plain sentence: what it is, how far such lines have missed in the past (the bands show
    that uncertainty); the method's name, its tested error in detail and the notes go under "how"."""
    method = desc.get("method")
    what = t(
        "projection.summary.average"
        if method == WITH_OFFICIAL
        else "projection.summary.naive"
        if method == NAIVE
        else "projection.summary.trend",
        lang,
    )
    error, kind = desc.get("error"), desc.get("error_kind")
    if error is None:
        return t("projection.summary.untested", lang, what=what)
    value = float(error)  # type: ignore[arg-type]
    if kind == ERROR_PERCENT:
        missed = t("projection.summary.error_percent", lang, error=fmt.number(value, decimals, lang))
    elif kind == ERROR_POINTS:
        missed = t("projection.summary.error_points", lang, error=fmt.number(value, decimals, lang))
    else:
        missed = value_text(value, decimals, unit, lang)
    key = "projection.summary.past_trend_part" if desc.get("trend_method") else "projection.summary.past"
    return t(key, lang, what=what, n=desc["error_horizon"], error=missed).replace("..", ".")


def official_at(official: pd.DataFrame, year: int) -> pd.Series | None:
    """The official projection's figure for a year from the newest edition that has it; None without one."""
    if official.empty:
        return None
    rows = official[official[YEAR] == year].sort_values("edition", ascending=False)
    return None if rows.empty else rows.iloc[0]


def official_note_text(
    note: Mapping[str, object], decimals: int, unit: str, lang: str, *, explain: bool = True
) -> str:
    """official.note in words: where the official figure lies against the trend's bands, and (unless `explain`
    is False: the page puts it under "how was this calculated?") why they differ.

    The 2024 edition was published for 2024, 2035 and 2040 only: other years are derived, and said so.
    """
    edition, year = str(note["edition"]), int(note["year"])  # type: ignore[call-overload]
    derived = is_derived(edition, year)
    # A derived year is not called Statistics Finland's figure, not even for the length of one clause.
    subject = t(
        "projection.official.subject_derived" if derived else "projection.official.subject",
        lang,
        edition=edition,
        year=year,
    )
    text = t(
        str(note["key"]),
        lang,
        subject=subject,
        official=value_text(float(note["official"]), decimals, unit, lang),  # type: ignore[arg-type]
        difference=fmt.number(float(note["difference_pct"]), 1, lang, sign=True),  # type: ignore[arg-type]
    )
    if explain:
        text += " " + t("projection.official.explain", lang)
    if derived:
        text += " " + t("projection.official.derived", lang, year=note["year"])
    return text


def track_texts(record: Mapping[str, object], lang: str) -> tuple[str, str, str]:
    """track.summary in words: a title, the municipality's (and its group's) misses, and how they were got."""
    # Misses with one decimal; the shares of municipalities inside a band in whole per cent.
    pct = {
        k: fmt.number(float(v), 0 if k.startswith("inside_") else 1, lang)
        for k, v in record.items()
        if isinstance(v, float)
    }
    params = {**record, **pct}
    own = "municipality" if record["official"] is not None else "municipality_trend_only"
    lines = [t(f"projection.track.{own}", lang, **params)]
    if record["group_official"] is not None and int(record["n"]) > 1:  # type: ignore[call-overload]
        lines.append(t("projection.track.group", lang, **params))
    if record.get("inside_80") is not None and record.get("inside_95") is not None:
        lines.append(t("projection.track.bands", lang, **params))
    return (
        t("projection.track.title", lang, origin=record["origin"]),
        " ".join(lines),
        t("projection.track.how", lang, origin=record["origin"]),
    )


def rank_text(summary: Mapping[str, float], year: int, lang: str) -> str:
    """peers.rank_summary in words: the most likely rank, its probability, and the 80 % range of ranks."""
    fixed = int(summary["rank_low"]) == int(summary["rank_high"])
    return t(
        "projection.peers.rank_fixed" if fixed else "projection.peers.rank",
        lang,
        year=year,
        rank=int(summary["most_likely"]),
        n=int(summary["peers"]),
        probability=fmt.number(float(summary["probability"]) * 100, 0, lang),
        low=int(summary["rank_low"]),
        high=int(summary["rank_high"]),
    )


def download_tables(
    view: ProjectionView, names: Mapping[str, str] | pd.Series, until: int, lang: str
) -> dict[str, pd.DataFrame]:
    """The download: observed values and the trend in one sheet, the peers' projections in another."""
    observed = view.history.assign(kind=t("projection.col.observed", lang))
    trend = view.forecast.assign(kind=t("projection.col.trend", lang))
    trend["method"] = trend["method"].map(lambda m: t(f"projection.method.{m}", lang))
    own = pd.concat([observed, trend], ignore_index=True).rename(
        columns={
            YEAR: t("col.year", lang),
            VALUE: t("col.value", lang),
            "kind": t("projection.col.kind", lang),
            "method": t("projection.col.method", lang),
        }
    )
    out = {view.indicator[:31]: own}
    if not view.peer_values.empty:
        peers_ = view.peer_values.drop(columns=["is_self"]).reset_index()
        peers_.insert(1, "name", peers_[MUNICIPALITY].map(names))
        peers_ = peers_.rename(
            columns={MUNICIPALITY: t("col.municipality_code", lang), "name": t("col.municipality", lang)}
        )
        peers_["method"] = peers_["method"].map(lambda m: t(f"projection.method.{m}", lang))
        out[f"peers_{until}"] = peers_.rename(columns={"method": t("projection.col.method", lang)})
    return out
