"""Predict, then reveal: the room's guesses against the trend projection (or the latest observation), the
newest official projection beside it, and a participant's own guess on the phone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from foresight import charts_workshop
from foresight import format as fmt
from foresight.columns import INTERVAL_COLUMNS, MEAN
from foresight.i18n import t, tn
from foresight.projection.view import is_derived
from foresight.ui import loaders, theme, widgets
from foresight.ui import workshop_cache as cache
from foresight.ui.workshop_text import method_name, unit_of, value_text
from foresight.workshop import guess as guess_tools
from foresight.workshop import service
from foresight.workshop.models import GUESS, Workshop

CONFIG = theme.WORKSHOP_CHART_CONFIG
# Keys (a step's id follows) of the wall's revealed answer and of its charts, which pages/present.py sizes.
REVEAL_KEY = "kl_reveal"
WALL_CHARTS_KEY = "kl_wall_charts"
WALL_LOW_KEY = "kl_wall_low"  # a chart with a question and a count above it, or a source line below
WALL_HIGH_KEY = "kl_wall_high"  # a chart with only a short title above it


def projected_value(step: Mapping[str, Any], code: str) -> dict[str, Any]:
    """The value a guess is revealed against: the trend projection if there is one, else the latest observation.

    Keys: value, year, kind ("projection" / "observed" / "none"), interval (80 %) or None, forecast, method.
    """
    indicator, year = str(step.get("indicator", "population")), int(step.get("year", 2030))
    if indicator in loaders.catalogue().index:
        proj = cache.projection_for(indicator, code, year)
        if proj is not None:
            row = proj["row"]
            return {
                "value": float(row[MEAN]),
                "year": year,
                "kind": "projection",
                "interval": (float(row[INTERVAL_COLUMNS[0]]), float(row[INTERVAL_COLUMNS[1]])),
                "forecast": proj["forecast"],
                "method": proj["method"],
            }
        hist = cache.history(indicator, code)
        if not hist.empty:
            return {
                "value": float(hist.iloc[-1]),
                "year": int(hist.index.max()),
                "kind": "observed",
                "interval": None,
                "forecast": None,
                "method": "",
            }
    return {"value": None, "year": year, "kind": "none", "interval": None, "forecast": None, "method": ""}


def reference_for(step: Mapping[str, Any], code: str) -> Any:
    """The newest official projection (foresight.reference.Reference) for a population step, else None."""
    if str(step.get("indicator", "")) != "population":
        return None
    return cache.reference_2030(code, int(step.get("year", 2030)))


def reference_point(step: Mapping[str, Any], code: str, lang: str) -> tuple[int, float, str] | None:
    """(year, value, label) of the official projection for the chart, for population steps."""
    ref = reference_for(step, code)
    if ref is None:
        return None
    # A year the edition did not publish is the model's figure between published years: said so on the chart.
    key = "workshop.chart.reference" if ref.published else "workshop.chart.reference_derived"
    return ref.year, ref.value, t(key, lang, edition=ref.edition)


def guesses(
    data: Mapping[str, Any], step: Mapping[str, Any], code: str, lang: str, big: bool, revealed: bool
) -> None:
    """The guesses' distribution, with the projected value once revealed (predict, then reveal).

    On the wall the projection and the guesses stand side by side, so both fit one screen.
    """
    ind_id = str(step.get("indicator", ""))
    stats, values = data["summary"], data["values"]
    target = projected_value(step, code) if revealed else None
    # Compact on purpose: at 1280×720 the answer, the official figure, the room's hits and both charts must
    # share one screen. One heading, one line of facts; on the wall the caption of explanations comes after the
    # charts (the room looks at the charts first) and the charts take the height the screen has left
    # (WALL_CHARTS in pages/present.py sizes them from the viewport).
    with st.container(key=f"{REVEAL_KEY}_{step['id']}") if big else st.container():
        facts, notes = _reveal_heading(step, code, target, lang)
        if stats["n"] and target is not None and target.get("interval") is not None:
            hits = guess_tools.within_band(values.tolist(), target["interval"])
            facts.append("**" + t("workshop.reveal.within_band", lang, k=hits, n=stats["n"]) + "**")
        if facts:
            st.markdown(" · ".join(facts))
    summary = _guess_summary(stats, ind_id, lang)
    if notes and not big:
        st.caption(" ".join(notes))
    if summary and target is None:
        st.caption(" · ".join(summary))
    hist = _revealed_history(step, code, target)
    charts = st.container(key=f"{WALL_CHARTS_KEY}_{step['id']}") if big else st.container()
    left, right = charts.columns(2) if big and hist is not None else (charts.container(), charts.container())
    height = 360 if big else 280
    if hist is not None and target is not None:
        _projection_with_median(left, hist, step, code, target, stats["median"], lang, height, big)
    if not stats["n"]:
        right.info(t("workshop.summary.none", lang), icon=":material/info:")
    else:
        _guess_histogram(right, values, step, target, summary, lang, height, big)
    if notes and big:
        st.caption(" ".join(notes))


def _reveal_heading(
    step: Mapping[str, Any], code: str, target: dict[str, Any] | None, lang: str
) -> tuple[list[str], list[str]]:
    """The revealed answer as a heading; returns the parts of the facts line and of the notes caption."""
    ind_id = str(step.get("indicator", ""))
    facts: list[str] = []
    notes: list[str] = []
    if target is None or target["kind"] not in ("projection", "observed"):
        return facts, notes
    value = value_text(ind_id, target["value"], lang)
    if target["kind"] == "projection":
        low, high = target["interval"]
        low_text, high_text = value_text(ind_id, low, lang), value_text(ind_id, high, lang)
        heading = t(
            "workshop.reveal.projection", lang, year=target["year"], value=value, low=low_text, high=high_text
        )
        notes.append(t("workshop.reveal.projection_note", lang, method=method_name(target["method"], lang)))
        ref = reference_for(step, code)
        if ref is not None:
            reference = fmt.number(ref.value, 0, lang)
            # A year the 2024 edition did not publish is said to be derived (as on the trends page).
            derived = is_derived(str(ref.edition), int(ref.year))
            key = "workshop.reveal.reference_derived" if derived else "workshop.reveal.reference"
            facts.append(t(key, lang, edition=ref.edition, year=ref.year, value=reference))
            # Whole residents, so the word agrees with the number shown ("1 resident" / "3 residents").
            diff = round(abs(float(target["value"]) - ref.value))
            notes.append(tn("workshop.reveal.reference_why", diff, lang, n=fmt.number(diff, 0, lang)))
    else:
        heading = t("workshop.reveal.observed", lang, year=target["year"], value=value)
        notes.append(t("workshop.reveal.observed_note", lang))
    st.markdown("### " + heading)
    return facts, notes


def _guess_summary(stats: Mapping[str, Any], ind_id: str, lang: str) -> list[str]:
    """'12 guesses · median … · middle 80 % …', empty when nobody guessed."""
    if not stats["n"]:
        return []
    summary = [t("workshop.summary.guess_count", lang, n=stats["n"])]
    summary.append(t("workshop.summary.guess_median", lang, median=value_text(ind_id, stats["median"], lang)))
    if stats["n"] >= 5:  # a middle 80 % of three guesses says nothing
        summary.append(
            t(
                "workshop.summary.guess_range",
                lang,
                p10=value_text(ind_id, stats["p10"], lang),
                p90=value_text(ind_id, stats["p90"], lang),
            )
        )
    return summary


def _revealed_history(step: Mapping[str, Any], code: str, target: dict[str, Any] | None) -> pd.Series | None:
    """The history to draw the projection line from: only at a revealed projection step that has one."""
    if target is None or target["kind"] != "projection":
        return None
    hist = cache.history(str(step.get("indicator", "")), code)
    return hist if not hist.empty and step["kind"] == "projection" else None


def _projection_with_median(
    where: Any,
    hist: pd.Series,
    step: Mapping[str, Any],
    code: str,
    target: dict[str, Any],
    median: float | None,
    lang: str,
    height: int,
    big: bool,
) -> None:
    """The history and the projection, with the room's median guess and the official figure."""
    fig = charts_workshop.projection_chart(
        hist,
        target["forecast"],
        widgets.name(code, lang),
        lang,
        unit_of(str(step.get("indicator", "")), lang),
        guesses_median=median,
        guess_year=int(step.get("year", 2030)),
        guess_label=t("workshop.chart.median", lang),
        reference=reference_point(step, code, lang),
        height=height,
        big=big,
    )
    theme.step_chart(fig, step["id"], lang, container=where, config=CONFIG)


def _guess_histogram(
    where: Any,
    values: pd.Series,
    step: Mapping[str, Any],
    target: dict[str, Any] | None,
    summary: list[str],
    lang: str,
    height: int,
    big: bool,
) -> None:
    """The guesses as a histogram, the answer marked once revealed; guesses off the axis are counted below."""
    ind_id = str(step.get("indicator", ""))
    titles = {
        "x": unit_of(ind_id, lang) or t("workshop.vote.guess.label", lang),
        "y": t("workshop.chart.participants", lang),
        "median": t("workshop.chart.median", lang),
        "revealed": t(
            "workshop.chart.projected"
            if target and target["kind"] == "projection"
            else "workshop.chart.observed",
            lang,
        ),
    }
    answer = None if target is None else target["value"]
    axis = guess_tools.axis_range(values.tolist(), answer, None if target is None else target["interval"])
    fig = charts_workshop.guess_histogram(
        values,
        lang,
        titles,
        revealed=answer,
        interval=None if target is None else target["interval"],
        height=height,
        big=big,
        x_range=None if axis is None else (axis.low, axis.high),
    )
    theme.step_chart(fig, step["id"], lang, container=where, config=CONFIG)
    below = list(summary) if target is not None else []
    if axis is not None and axis.outside:
        below.append(t("workshop.chart.off_axis", lang, n=axis.outside))
    if below:
        where.caption(" · ".join(below))


def own_guess(eng: Any, ws: Workshop, step: Mapping[str, Any], token: str, lang: str) -> None:
    """On a phone after the reveal: the person's own guess against the answer and its 80 % band."""
    mine = service.own_submissions(eng, token)
    mine = mine[(mine["step_id"] == step["id"]) & (mine["kind"] == GUESS) & (~mine["withdrawn"].astype(bool))]
    target = projected_value(step, ws.municipality)
    if mine.empty or target["value"] is None:
        return
    ind_id = str(step.get("indicator", ""))
    value = float(mine.iloc[-1]["payload"]["value"])
    error = guess_tools.relative_error(value, float(target["value"]))
    text = t(
        "workshop.reveal.yours",
        lang,
        value=value_text(ind_id, value, lang),
        answer=value_text(ind_id, float(target["value"]), lang),
        diff="–" if error is None else fmt.number(error * 100, 0, lang, sign=True) + " %",
    )
    band = target.get("interval")
    if band is not None:
        inside = guess_tools.within_band([value], band) == 1
        text += " " + t("workshop.reveal.yours_in" if inside else "workshop.reveal.yours_out", lang)
    st.info(text, icon=":material/person:")
