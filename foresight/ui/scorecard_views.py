"""The scorecard page's state and widgets: the working scorecard per municipality in the session, its data
(official or own), cached statuses and figures, and the editing callbacks that check every target."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pandas as pd
import streamlit as st

from foresight import scorecard as sc
from foresight.columns import MUNICIPALITY, YEAR
from foresight.i18n import t
from foresight.owndata.store import unit_id
from foresight.ui import loaders, owndata_cache, projection_cache, state

CARDS = "sc_cards"  # municipality → the working scorecard as a dict (to_dict)
SAVED = "sc_saved"  # municipality → {"code", "key", "version"} of the stored scorecard it came from
MESSAGES = "sc_messages"  # [(level, key, params)] shown once on the next run
LINK_PARAM = "sc"


# ---------------------------------------------------------------- indicators


def metas() -> dict[str, sc.Meta]:
    """Every indicator a scorecard can hold: the official catalogue and this session's own data."""
    cat = loaders.catalogue()
    out = {
        str(i): sc.Meta(str(u), int(p), int(d))
        for i, u, p, d in zip(cat["id"], cat["unit"], cat["polarity"], cat["decimals"], strict=True)
    }
    own = owndata_cache.collection()
    for _, row in own.indicators.iterrows():
        # An own unit is free text: '%' counts as per cent (checks and labels), anything else as no unit.
        out[str(row["id"])] = sc.Meta(unit_id(str(row["unit"])), 0, int(row["decimals"]))
    return out


def names(lang: str) -> dict[str, str]:
    """Indicator names in the language; own data marked as such."""
    cat = loaders.catalogue()
    out = {str(i): str(n) for i, n in zip(cat["id"], cat[f"name_{lang}"], strict=True)}
    own = owndata_cache.collection()
    label = t("owndata.source_label", lang)
    for _, row in own.indicators.iterrows():
        out[str(row["id"])] = f"{row['name']} ({label})"
    return out


def history(indicator: str, code: str) -> pd.Series:
    """Observed values of one municipality, indexed by year (official or own data)."""
    if indicator.startswith(sc.OWN_PREFIX):
        frame = owndata_cache.collection().frame(indicator)
    else:
        frame = loaders.indicator_frame(indicator)
    part = frame[frame[MUNICIPALITY] == code]
    return pd.Series(
        part["value"].to_numpy(dtype=float), index=part[YEAR].astype(int).to_numpy()
    ).sort_index()


def forecast(indicator: str, code: str) -> pd.DataFrame | None:
    """The trend projection to 2030 (the trends page's batch run), None when it cannot be projected."""
    if indicator.startswith(sc.OWN_PREFIX):
        hist = history(indicator, code)
        if len(hist) < 3:
            return None
        unit = str(owndata_cache.collection().indicator(indicator)["unit"])
        try:
            return owndata_cache.projection(hist, unit, sc.TARGET_YEAR)[1]
        except Exception:  # too little or unprojectable own history: the status says "no trend"
            return None
    result = projection_cache.results().get(indicator)
    if result is None or code not in set(result.codes):
        return None
    frame = result.forecasts(codes=[code])
    frame = frame[frame[YEAR] <= sc.TARGET_YEAR]
    return frame if len(frame) else None


@st.cache_data(show_spinner=False, max_entries=128)
def _evaluate(doc_json: str, own_key: str) -> pd.DataFrame:
    card = card_from_doc(json.loads(doc_json))
    inds = {i.indicator for g in card.goals for i in g.items}
    hist = {i: history(i, card.municipality) for i in inds}
    fc = {i: forecast(i, card.municipality) for i in inds}
    return sc.evaluate(card, hist, fc, metas())


def evaluate(card: sc.Scorecard) -> pd.DataFrame:
    """Statuses of every goal × indicator (cached per scorecard content and own data)."""
    # Keyed by the own data's content, not its store keys: every session numbers its files from file001.
    own_key = hashlib.sha256(json.dumps(sorted(owndata_cache.store().items())).encode()).hexdigest()
    return _evaluate(json.dumps(sc.to_dict(card), sort_keys=True), own_key)


def latest_and_trend(indicator: str, code: str) -> tuple[tuple[int, float] | None, float | None]:
    """The latest observed (year, value) and the trend's 2030 value, for drafting."""
    hist = history(indicator, code).dropna()
    latest = (int(hist.index[-1]), float(hist.iloc[-1])) if len(hist) else None
    fc = forecast(indicator, code)
    trend = None
    if fc is not None:
        hit = fc[fc[YEAR] == sc.TARGET_YEAR]
        trend = float(hit["mean"].iloc[0]) if len(hit) else None
    return latest, trend


# ---------------------------------------------------------------- the working scorecard


def card_from_doc(doc: dict[str, Any]) -> sc.Scorecard:
    """The session's stored dict back as a Scorecard (it was checked when it entered the session)."""
    return sc.stored(doc)


def current(code: str) -> sc.Scorecard:
    """The working scorecard of the municipality (an empty one at first)."""
    cards = st.session_state.setdefault(CARDS, {})
    if code not in cards:
        cards[code] = sc.to_dict(sc.Scorecard(code))
    return card_from_doc(cards[code])


def put(card: sc.Scorecard) -> None:
    """Make a scorecard the working one of its municipality."""
    st.session_state.setdefault(CARDS, {})[card.municipality] = sc.to_dict(card)


def saved(code: str) -> dict[str, Any] | None:
    """The stored scorecard this one came from (code, key, version), if any."""
    return st.session_state.setdefault(SAVED, {}).get(code)


WIDGET_PREFIXES = ("sc_target_", "sc_milestone_", "sc_text_", "sc_title_", "sc_share_")


def reset_widgets() -> None:
    """Forget the editors' widget values, so a scorecard opened from elsewhere shows its own numbers."""
    for key in [k for k in st.session_state if str(k).startswith(WIDGET_PREFIXES)]:
        del st.session_state[key]


def set_saved(code: str, info: dict[str, Any] | None) -> None:
    st.session_state.setdefault(SAVED, {})[code] = info


def say(level: str, key: str, **params: Any) -> None:
    """A message for the next run (success, info, warning or error)."""
    st.session_state.setdefault(MESSAGES, []).append((level, key, params))


def show_messages(lang: str) -> None:
    """Draw the pending messages once."""
    for level, key, params in st.session_state.pop(MESSAGES, []):
        getattr(st, level)(t(key, lang, **params) if not key.startswith("!") else key[1:])


def from_link_once(metas_: dict[str, sc.Meta]) -> None:
    """A scorecard in the link (?sc=…) becomes the working one, once per session; problems are listed."""
    ss = st.session_state
    if ss.get("_sc_link_read"):
        return
    ss["_sc_link_read"] = True
    raw = st.query_params.get(LINK_PARAM)
    if not raw:
        return
    try:
        card, problems = sc.from_link(str(raw), metas_, loaders.register().index)
    except sc.ScorecardError as exc:
        say("error", exc.key, **exc.params)
        return
    reset_widgets()
    put(card)
    set_saved(card.municipality, None)
    for problem in problems:
        say("warning", problem.key, **problem_params(problem))
    if card.municipality != state.municipality():
        ss["municipality"] = card.municipality
        st.rerun()


def problem_params(problem: sc.Problem) -> dict[str, Any]:
    """A problem's parameters with a refusal's reason put into words, its figures included, and a known
    indicator by its name rather than its code."""
    lang = state.lang()
    params = problem.shown_params(lang)
    cat = loaders.catalogue()
    if params.get("indicator") in cat.index:
        params["indicator"] = cat.loc[params["indicator"], f"name_{lang}"]
    return params


# ---------------------------------------------------------------- editing callbacks


def target_key(goal_id: str, indicator: str, what: str) -> str:
    return f"sc_{what}_{goal_id}_{indicator}_{state.lang()}"


def on_number(code: str, goal_id: str, indicator: str, what: str) -> None:
    """A target or milestone typed: checked against the indicator; a refused value is put back."""
    card = current(code)
    goal = next(g for g in card.goals if g.id == goal_id)
    item = next(i for i in goal.items if i.indicator == indicator)
    key = target_key(goal_id, indicator, what)
    raw = st.session_state.get(key)
    if what == "target":
        changed = sc.Item(
            item.indicator, item.baseline_year, item.baseline_value, float(raw or 0.0), item.milestone
        )
        if raw is None:
            st.session_state[key] = item.target
            say("error", "scorecard.error.not_a_number")
            return
    else:
        changed = sc.Item(
            item.indicator,
            item.baseline_year,
            item.baseline_value,
            item.target,
            None if raw is None else float(raw),
        )
    try:
        sc.check_item(changed, metas()[indicator])
    except sc.ScorecardError as exc:
        st.session_state[key] = getattr(item, what)
        say(
            "error",
            "scorecard.error.refused_prefix",
            indicator=names(state.lang())[indicator],
            why=exc.text(state.lang()),
        )
        return
    put(sc.set_item(card, goal_id, changed))


def on_goal_text(code: str, goal_id: str) -> None:
    card = current(code)
    text = sc.clean_text(st.session_state.get(f"sc_text_{goal_id}_{state.lang()}", ""))
    goals = tuple(sc.Goal(g.id, text, g.items) if g.id == goal_id else g for g in card.goals)
    put(sc.Scorecard(card.municipality, card.title, goals, card.share))


def remove_item(code: str, goal_id: str, indicator: str) -> None:
    card = current(code)
    goals = tuple(
        sc.Goal(g.id, g.text, tuple(i for i in g.items if i.indicator != indicator)) if g.id == goal_id else g
        for g in card.goals
    )
    put(sc.Scorecard(card.municipality, card.title, goals, card.share))


def remove_goal(code: str, goal_id: str) -> None:
    card = current(code)
    put(
        sc.Scorecard(
            card.municipality, card.title, tuple(g for g in card.goals if g.id != goal_id), card.share
        )
    )


def add_goal(code: str) -> None:
    card = current(code)
    if len(card.goals) >= sc.MAX_GOALS:
        say("error", "scorecard.error.too_many_goals", n=sc.MAX_GOALS)
        return
    goal = sc.Goal(sc.new_goal_id(card), t("scorecard.new_goal_text", state.lang()))
    put(sc.Scorecard(card.municipality, card.title, (*card.goals, goal), card.share))


def add_item(code: str, goal_id: str) -> None:
    """Add the indicator chosen for a goal: baseline = its latest value, target = holding the level."""
    indicator = st.session_state.get(f"sc_pick_{goal_id}_{state.lang()}")
    if not indicator:
        return
    latest, trend = latest_and_trend(str(indicator), code)
    item = sc.suggested_item(str(indicator), latest, trend, metas()[str(indicator)].polarity)
    if item is None:
        say("warning", "scorecard.error.no_data_for_indicator", indicator=names(state.lang())[str(indicator)])
        return
    try:
        put(sc.set_item(current(code), goal_id, item))
    except sc.ScorecardError as exc:
        say("error", exc.key, **exc.params)


def add_suggestions(code: str, lang: str) -> None:
    """One suggested goal per chosen theme: indicators with recent data first (the theme's other indicators
    with a direction stand in for a suggestion whose data are old); old ones left are named at once."""
    import datetime as dt

    chosen = st.session_state.get(f"sc_themes_{lang}") or []
    cat = loaders.catalogue().sort_values(["headline", "order"], ascending=[False, True])
    alternates = {
        th: [str(i) for i in cat.index[(cat["theme"] == th) & (cat["polarity"] != 0)]] for th in chosen
    }
    inds = {i for th in chosen for i in (*sc.SUGGESTIONS.get(th, ()), *alternates.get(th, ()))}
    latest, trend = {}, {}
    for ind in inds:
        latest[ind], trend[ind] = latest_and_trend(ind, code)
    pol = {i: m.polarity for i, m in metas().items() if i in inds}
    before = current(code)
    year = dt.date.today().year
    card = sc.draft(
        before,
        chosen,
        latest,
        trend,
        pol,
        lang,
        current_year=year,
        alternates=alternates,
        coverage=loaders.coverage_shares(),
    )
    put(card)
    say("success", "scorecard.drafted", n=len(chosen))
    new_ids = {g.id for g in card.goals} - {g.id for g in before.goals}
    old = sc.old_items(card, year, new_ids)
    if old:
        shown = names(lang)
        listed = ", ".join(f"{shown[i.indicator]} ({i.baseline_year})" for i in old)
        say("warning", "scorecard.drafted_old", items=listed)


def on_title(code: str) -> None:
    card = current(code)
    title = sc.clean_text(st.session_state.get(f"sc_title_{state.lang()}", ""), sc.MAX_TITLE)
    put(sc.Scorecard(card.municipality, title, card.goals, card.share))


def on_share(code: str) -> None:
    card = current(code)
    put(
        sc.Scorecard(
            card.municipality, card.title, card.goals, bool(st.session_state.get(f"sc_share_{state.lang()}"))
        )
    )
