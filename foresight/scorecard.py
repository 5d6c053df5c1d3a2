"""A municipality's strategy as data: goals, their indicators, baselines, 2030 targets and the 2029 milestone,
with each indicator's status (on track / at risk / off track / no new data) and its reason.

The target path is the straight line from the baseline (year, value) to the 2030 target; the milestone is
its value at the end of the council term (2029) unless the user sets one. Status compares the trend
projection for 2029 (mean and 80 % band) with the milestone; a goal's status is its weakest indicator's.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math
import re
import unicodedata
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

import pandas as pd

from foresight.build.catalogue import HEADLINE_MIN_COVERAGE
from foresight.columns import MEAN, THEMES, YEAR
from foresight.i18n import t, tn

TARGET_YEAR: Final = 2030
MILESTONE_YEAR: Final = 2029  # the end of the council term 2025–2029
FORMAT: Final = "kuntaluotain-scorecard/1"
MAX_GOALS: Final = 12
MAX_ITEMS: Final = 5
MAX_TEXT: Final = 300
MAX_TITLE: Final = 120
MAX_FILE_BYTES: Final = 200_000
MAX_LINK_CHARS: Final = 1800  # a longer link breaks in e-mail and chat: save or download instead
MAX_DATA_AGE: Final = 3  # data older than this many years before today count as "no new data"
SCALE_FACTOR: Final = 50  # a target 50× (or 1/50) its baseline is a unit slip (thousands, a share for %)
OWN_PREFIX: Final = "own:"

ON_TRACK, AT_RISK, OFF_TRACK, NO_NEW_DATA = "on_track", "at_risk", "off_track", "no_new_data"
STATUSES: Final = (ON_TRACK, AT_RISK, OFF_TRACK, NO_NEW_DATA)
SEVERITY: Final = {ON_TRACK: 0, AT_RISK: 1, OFF_TRACK: 2}  # no_new_data is reported apart, never ranked
SYMBOLS: Final = {ON_TRACK: "✔", AT_RISK: "▲", OFF_TRACK: "✖", NO_NEW_DATA: "?"}
COLOURS: Final = {ON_TRACK: "#1b7f3b", AT_RISK: "#8a5a00", OFF_TRACK: "#b3261e", NO_NEW_DATA: "#52606d"}

# Suggested indicators per theme: indicators with a clear direction where the theme has one, and data for
# most municipalities. Sustainability has only the low-income rate with a direction and data for most: the
# greenhouse-gas series covers 13 of 308 municipalities (North Karelia's), so population density (2025, all
# municipalities, no better direction: its status is about holding the level) stands beside it.
SUGGESTIONS: Final[dict[str, tuple[str, ...]]] = {
    "vitality": ("employment_rate", "share_tertiary_education", "job_self_sufficiency"),
    "population": ("net_migration_per_1000", "population_change_pct"),
    "wellbeing": ("median_income_eur", "diak_total"),
    "finances": ("annual_margin_eur", "loan_stock_eur"),
    "participation": ("turnout_municipal_election", "candidates_per_1000"),
    "sustainability": ("low_income_rate", "population_density"),
}
# A suggestion (or a stand-in from the theme) needs values for this share of the municipalities in its latest
# year, the rule a headline indicator meets in the build: a 13-municipality series would be an empty row for
# the other 295.
MIN_COVERAGE: Final = HEADLINE_MIN_COVERAGE


class ScorecardError(ValueError):
    """Input refused; .key is the UI text key (scorecard.error.*), .params its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(f"{key} {params}" if params else key)
        self.key = key
        self.params = params

    def text(self, lang: str) -> str:
        """The message in the user's language (numbers in its format)."""
        return t(self.key, lang, **{k: _show(v, lang) for k, v in self.params.items()})


def _show(value: object, lang: str) -> object:
    """A float as the language writes it, without trailing zeros ('-4,48', '70')."""
    if not isinstance(value, float):
        return value
    from foresight.format import number

    text = number(value, 2, lang)
    return text.rstrip("0").rstrip(",.") if ("," in text or "." in text) else text


@dataclass(frozen=True)
class Problem:
    """Something dropped or refused while reading a file or link: a text key with parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        """The problem in the user's language (a refusal's reason in words, with its figures)."""
        return t(self.key, lang, **self.shown_params(lang))

    def shown_params(self, lang: str) -> dict[str, Any]:
        """The parameters for the text, with a refusal's reason (itself a text key) put into words."""
        params = {k: v for k, v in self.params.items() if k != "why_params"}
        if "why" in params:
            reason = ScorecardError(str(params["why"]), **self.params.get("why_params", {}))
            params["why"] = reason.text(lang)
        return params


@dataclass(frozen=True)
class Item:
    """One indicator of a goal: baseline (year, value), the 2030 target and an optional own milestone."""

    indicator: str
    baseline_year: int
    baseline_value: float
    target: float
    milestone: float | None = None


@dataclass(frozen=True)
class Goal:
    """A goal: a stable id (for the change history), the text as the user wrote it, 1–5 indicators."""

    id: str
    text: str
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Scorecard:
    """A municipality's strategy scorecard."""

    municipality: str
    title: str = ""
    goals: tuple[Goal, ...] = ()
    share: bool = False  # whether the network's seminar view may show its targets


@dataclass(frozen=True)
class Meta:
    """What the scorecard needs to know of an indicator."""

    unit: str
    polarity: int
    decimals: int = 1


# ---------------------------------------------------------------- paths, checks and status


def path_value(item: Item, year: int, target_year: int = TARGET_YEAR) -> float:
    """The straight target path from the baseline to the target, at a year."""
    span = target_year - item.baseline_year
    if span <= 0:
        return item.target
    return item.baseline_value + (item.target - item.baseline_value) * (year - item.baseline_year) / span


def milestone(item: Item, year: int = MILESTONE_YEAR) -> float:
    """The council-term milestone: the user's own, else the target path's value in 2029."""
    return item.milestone if item.milestone is not None else path_value(item, year)


def direction(item: Item, polarity: int) -> int:
    """+1 the target asks for a rise, −1 a fall, 0 holding the level (the polarity's way if it has one)."""
    gap = item.target - item.baseline_value
    if gap > 0:
        return 1
    if gap < 0:
        return -1
    return int(polarity)


def check_item(item: Item, meta: Meta) -> None:
    """Refuse a target of the wrong sign, direction or scale, with a message saying which (ScorecardError)."""
    values = (item.baseline_value, item.target, *(() if item.milestone is None else (item.milestone,)))
    if not all(math.isfinite(v) for v in values):
        raise ScorecardError("scorecard.error.not_a_number")
    if not 1900 <= item.baseline_year < TARGET_YEAR:
        raise ScorecardError(
            "scorecard.error.baseline_year", year=item.baseline_year, target_year=TARGET_YEAR
        )
    for value in values[1:]:
        if item.baseline_value >= 0 and value < 0 and meta.unit in NON_NEGATIVE_UNITS:
            raise ScorecardError("scorecard.error.negative", value=value)
        if meta.unit == "percent" and item.baseline_value <= 100 and value > 100:
            raise ScorecardError("scorecard.error.over_100", value=value)
        if meta.unit == "percent" and item.baseline_value >= 2 and 0 < value < 1:
            raise ScorecardError("scorecard.error.share_not_percent", value=value)
        if item.baseline_value > 0 and value > 0:
            ratio = value / item.baseline_value
            if ratio > SCALE_FACTOR or ratio < 1 / SCALE_FACTOR:
                raise ScorecardError("scorecard.error.scale", value=value, baseline=item.baseline_value)
    if meta.polarity != 0 and direction(item, 0) == -meta.polarity:
        raise ScorecardError(
            "scorecard.error.against_polarity", value=item.target, baseline=item.baseline_value
        )
    if item.milestone is not None and meta.polarity != 0:
        # A milestone beyond the target, or behind the baseline, in the indicator's good direction.
        low, high = sorted((item.baseline_value, item.target))
        if not low <= item.milestone <= high:
            raise ScorecardError("scorecard.error.milestone_outside", value=item.milestone)


# Units that are never below zero (per 1,000 is not among them: net migration per 1,000 is often negative).
NON_NEGATIVE_UNITS: Final = ("percent", "persons", "count", "index", "t_co2e_per_inhabitant")


def status(
    history: pd.Series,
    item: Item,
    polarity: int,
    forecast: pd.DataFrame | None,
    milestone_year: int = MILESTONE_YEAR,
    reference_year: int | None = None,
) -> dict[str, Any]:
    """An indicator's status against its milestone, with the reason (a text key and its numbers).

    history: observed values indexed by year; forecast: the trend projection (year, mean, lower_80,
    upper_80, lower_95, upper_95) or None. Rules, for a target that asks for a rise (mirrored for a fall):
    - no_new_data: no data at all, or nothing observed after the baseline year while the latest data are
      more than MAX_DATA_AGE years older than the reference year (this year): a trend would rest on data
      the publisher no longer updates, so no status is claimed;
    - observed in the milestone year already: on_track if it reached the milestone, else off_track;
    - on_track: the 2029 trend (mean) reaches the milestone;
    - at_risk: the mean falls short but the 80 % band reaches the milestone;
    - off_track: the whole 80 % band of the 2029 trend lies below the milestone;
    - without a trend (too little history): the latest value against the path, at_risk when behind it;
      no_new_data when nothing is newer than the baseline.
    Holding a level without a direction (polarity 0, target = baseline): on_track while the milestone lies
    inside the 80 % band, at_risk inside the 95 % band, off_track outside both.
    """
    history = history.dropna().sort_index()
    reference_year = reference_year or dt.date.today().year
    goal = milestone(item, milestone_year)
    way = direction(item, polarity)
    out: dict[str, Any] = {"milestone": goal, "direction": way, "milestone_year": milestone_year}
    if history.empty:
        return out | {"status": NO_NEW_DATA, "reason": "scorecard.reason.no_data", "latest_year": None}
    latest_year, latest_value = int(history.index.max()), float(history.iloc[-1])
    if latest_year <= item.baseline_year and latest_year < reference_year - MAX_DATA_AGE:
        return out | {
            "status": NO_NEW_DATA,
            "reason": "scorecard.reason.no_new_data",
            "latest_year": latest_year,
        }
    out |= {"latest_year": latest_year, "latest_value": latest_value}
    if milestone_year in history.index:
        seen = float(history.loc[milestone_year])
        reached = _reached(seen, goal, way)
        return out | {
            "status": ON_TRACK if reached else OFF_TRACK,
            "reason": "scorecard.reason.observed_reached" if reached else "scorecard.reason.observed_missed",
            "value": seen,
        }
    row = None
    if forecast is not None and not forecast.empty:
        hit = forecast[forecast[YEAR] == milestone_year]
        row = hit.iloc[0] if not hit.empty else None
    if row is None:
        if (
            latest_year <= item.baseline_year
        ):  # no trend and nothing newer than the baseline: nothing to judge
            return out | {"status": NO_NEW_DATA, "reason": "scorecard.reason.only_baseline"}
        on_path = path_value(item, latest_year)
        ahead = _reached(latest_value, on_path, way)
        return out | {
            "status": ON_TRACK if ahead else AT_RISK,
            "reason": "scorecard.reason.no_trend_ahead" if ahead else "scorecard.reason.no_trend_behind",
            "path_value": on_path,
        }
    trend = {k: float(row[k]) for k in (MEAN, "lower_80", "upper_80", "lower_95", "upper_95")}
    out["trend"] = trend
    if way == 0:
        if trend["lower_80"] <= goal <= trend["upper_80"]:
            return out | {"status": ON_TRACK, "reason": "scorecard.reason.level_in_80"}
        if trend["lower_95"] <= goal <= trend["upper_95"]:
            return out | {"status": AT_RISK, "reason": "scorecard.reason.level_in_95"}
        return out | {"status": OFF_TRACK, "reason": "scorecard.reason.level_outside"}
    near = "upper_80" if way > 0 else "lower_80"  # the band's edge nearer the milestone
    if _reached(trend[MEAN], goal, way):
        return out | {"status": ON_TRACK, "reason": f"scorecard.reason.mean_reaches_{_word(way)}"}
    if _reached(trend[near], goal, way):
        return out | {"status": AT_RISK, "reason": f"scorecard.reason.band_reaches_{_word(way)}"}
    return out | {"status": OFF_TRACK, "reason": f"scorecard.reason.band_short_{_word(way)}"}


def _reached(value: float, goal: float, way: int) -> bool:
    return value >= goal if way >= 0 else value <= goal


def _word(way: int) -> str:
    return "up" if way > 0 else "down"


def goal_status(statuses: Sequence[str]) -> dict[str, Any]:
    """A goal's status: its weakest indicator with new data decides; the counts of every status are kept."""
    counts = {s: sum(1 for x in statuses if x == s) for s in STATUSES}
    ranked = [s for s in statuses if s in SEVERITY]
    worst = max(ranked, key=SEVERITY.__getitem__) if ranked else NO_NEW_DATA
    return {"status": worst, "counts": counts, "n": len(statuses)}


def reason_text(result: Mapping[str, Any], decimals: int, unit: str, lang: str) -> str:
    """The status's reason in words, with the numbers in the language's format."""
    from foresight.format import with_unit

    result = {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in result.items()}
    found = result.get("trend")
    trend: dict[str, float] = found if isinstance(found, dict) else {}
    latest_year = result.get("latest_year")
    text = t(str(result["reason"]), lang)
    figures: dict[str, float | None] = {
        "milestone": result.get("milestone"),
        "mean": trend.get(MEAN),
        "lower": trend.get("lower_80"),
        "upper": trend.get("upper_80"),
        "latest": result.get("latest_value"),
        "path": result.get("path_value"),
        "value": result.get("value"),
    }
    places = {k: max(int(decimals), 0) for k in figures}
    for a, b in COMPARED:  # two figures the sentence compares must not read alike when they differ
        if "{" + a + "}" in text and "{" + b + "}" in text:
            needed = distinct_places(figures[a], figures[b], places[a])
            places[a], places[b] = max(places[a], needed), max(places[b], needed)
    params: dict[str, object] = {k: with_unit(v, places[k], unit, lang) for k, v in figures.items()}
    params["milestone_year"] = result.get("milestone_year", MILESTONE_YEAR)
    params["latest_year"] = "–" if latest_year is None else int(latest_year)
    return text.format(**{k: v for k, v in params.items() if "{" + k + "}" in text})


# Pairs of figures a reason compares (the trend or a value against the milestone, the latest against the path).
COMPARED: Final = (
    ("mean", "milestone"),
    ("lower", "milestone"),
    ("upper", "milestone"),
    ("value", "milestone"),
    ("latest", "path"),
)
MAX_EXTRA_PLACES: Final = 3


def distinct_places(a: float | None, b: float | None, decimals: int) -> int:
    """The fewest decimals (from `decimals`, at most MAX_EXTRA_PLACES more) at which two different figures
    read differently (38.56 and 38.6: 2, as both read 38.6 at 1); `decimals` when they are equal or missing."""
    if a is None or b is None or a == b:
        return decimals
    places = max(int(decimals), 0)
    while places < decimals + MAX_EXTRA_PLACES and f"{a:.{places}f}" == f"{b:.{places}f}":
        places += 1
    return places


def goal_text(summary: Mapping[str, Any], lang: str) -> str:
    """'Weakest indicator decides: 1 off track, 2 on track' (every count named, nothing averaged)."""
    counts = summary["counts"]
    parts = [
        f"{counts[s]} {t(f'scorecard.status.{s}', lang).lower()}" for s in STATUSES if counts.get(s, 0) > 0
    ]
    return t("scorecard.goal_rule", lang, counts=", ".join(parts))


def evaluate(
    card: Scorecard,
    histories: Mapping[str, pd.Series],
    forecasts: Mapping[str, pd.DataFrame | None],
    metas: Mapping[str, Meta],
) -> pd.DataFrame:
    """One row per goal × indicator: goal, indicator, baseline, target, milestone, status and its details."""
    rows = []
    for g, goal in enumerate(card.goals):
        for item in goal.items:
            meta = metas[item.indicator]
            empty = pd.Series(dtype="float64")
            res = status(
                histories.get(item.indicator, empty), item, meta.polarity, forecasts.get(item.indicator)
            )
            rows.append({"goal": g, "goal_id": goal.id, "indicator": item.indicator, "item": item, **res})
    columns = ["goal", "goal_id", "indicator", "item", "status", "reason", "milestone"]
    return pd.DataFrame(rows) if rows else pd.DataFrame(columns=columns)


# ---------------------------------------------------------------- drafting


def new_goal_id(card: Scorecard) -> str:
    """A goal id not used in this scorecard (g1, g2, …)."""
    used = {g.id for g in card.goals}
    n = len(card.goals) + 1
    while f"g{n}" in used:
        n += 1
    return f"g{n}"


def suggested_item(
    indicator: str, latest: tuple[int, float] | None, trend_2030: float | None, polarity: int
) -> Item | None:
    """A draft item: baseline = the latest observed value, target = the trend's 2030 value when it moves the
    right way, else holding the level (the user edits it). None without any data."""
    if latest is None:
        return None
    year, value = latest
    target = value
    if trend_2030 is not None and math.isfinite(trend_2030):
        moves = trend_2030 - value
        if polarity == 0 or moves * polarity > 0:
            target = float(trend_2030)
    return Item(indicator, int(year), float(value), float(target))


def is_old(year: int, current_year: int) -> bool:
    """Data from this year are too old to show a trend to the end of the council term (MAX_DATA_AGE)."""
    return current_year - int(year) > MAX_DATA_AGE


def well_covered(indicators: Iterable[str], coverage: Mapping[str, float] | None) -> list[str]:
    """The indicators with values for at least MIN_COVERAGE of the municipalities in their latest year
    (`coverage`: the share per indicator, coverage.latest_year_share); one not in it, or no coverage at
    all, is kept."""
    return [i for i in indicators if coverage is None or coverage.get(i, 1.0) >= MIN_COVERAGE]


def pick_suggestions(
    theme: str,
    latest: Mapping[str, tuple[int, float] | None],
    trend_2030: Mapping[str, float | None],
    current_year: int,
    alternates: Sequence[str] = (),
    coverage: Mapping[str, float] | None = None,
) -> list[str]:
    """The indicators to suggest for a theme: as many as SUGGESTIONS lists, recent data first.

    First the theme's suggestions whose latest data are recent (not older than MAX_DATA_AGE) and have a
    trend; then the theme's other indicators (`alternates`, in their order) that are recent with a trend;
    only then the suggestions with old data (a status would say "no new data"), which the page labels old.
    Indicators below the coverage rule (well_covered) are never suggested, even where this municipality
    has their data."""
    wanted = len(SUGGESTIONS.get(theme, ()))

    def fresh(ind: str) -> bool:
        found = latest.get(ind)
        return found is not None and not is_old(found[0], current_year) and trend_2030.get(ind) is not None

    suggested = well_covered(SUGGESTIONS.get(theme, ()), coverage)
    alternates = well_covered(alternates, coverage)
    order = [i for i in suggested if fresh(i)]
    order += [i for i in alternates if i not in suggested and fresh(i)]
    order += [i for i in suggested if i not in order and latest.get(i) is not None]
    return order[:wanted]


def old_items(card: Scorecard, current_year: int, goal_ids: Iterable[str] | None = None) -> list[Item]:
    """The items whose baseline (their latest data) is too old for a status: labelled old when suggested."""
    ids = None if goal_ids is None else set(goal_ids)
    return [
        i
        for g in card.goals
        if ids is None or g.id in ids
        for i in g.items
        if is_old(i.baseline_year, current_year)
    ]


def draft(
    card: Scorecard,
    themes: Iterable[str],
    latest: Mapping[str, tuple[int, float] | None],
    trend_2030: Mapping[str, float | None],
    polarities: Mapping[str, int],
    lang: str,
    current_year: int | None = None,
    alternates: Mapping[str, Sequence[str]] | None = None,
    coverage: Mapping[str, float] | None = None,
) -> Scorecard:
    """The scorecard with one suggested goal per chosen theme (its suggested indicators with data).

    With `current_year`, indicators with recent data are preferred (pick_suggestions), drawing on the
    theme's `alternates` where a suggestion's data are old. With `coverage`, indicators below the coverage
    rule are left out (well_covered)."""
    goals = list(card.goals)
    for theme in themes:
        if theme not in SUGGESTIONS or len(goals) >= MAX_GOALS:
            continue
        chosen = (
            well_covered(SUGGESTIONS[theme], coverage)
            if current_year is None
            else pick_suggestions(
                theme, latest, trend_2030, current_year, (alternates or {}).get(theme, ()), coverage
            )
        )
        items = [
            item
            for ind in chosen
            if (item := suggested_item(ind, latest.get(ind), trend_2030.get(ind), polarities.get(ind, 0)))
        ]
        if items:
            current = replace(card, goals=tuple(goals))
            goals.append(Goal(new_goal_id(current), t(f"scorecard.suggest.{theme}", lang), tuple(items)))
    return replace(card, goals=tuple(goals))


def set_item(card: Scorecard, goal_id: str, item: Item) -> Scorecard:
    """The scorecard with an item put into a goal (replacing one for the same indicator)."""
    goals = []
    for goal in card.goals:
        if goal.id == goal_id:
            items = [i for i in goal.items if i.indicator != item.indicator]
            existing = [i.indicator for i in goal.items]
            if item.indicator in existing:
                items.insert(existing.index(item.indicator), item)
            elif len(items) >= MAX_ITEMS:
                raise ScorecardError("scorecard.error.too_many_items", n=MAX_ITEMS)
            else:
                items.append(item)
            goal = replace(goal, items=tuple(items))
        goals.append(goal)
    return replace(card, goals=tuple(goals))


# ---------------------------------------------------------------- JSON, link and change history


def to_dict(card: Scorecard) -> dict[str, Any]:
    """The scorecard as plain JSON-able data."""
    return {
        "format": FORMAT,
        "municipality": card.municipality,
        "title": card.title,
        "share": card.share,
        "goals": [
            {
                "id": g.id,
                "text": g.text,
                "items": [
                    {
                        "indicator": i.indicator,
                        "baseline_year": i.baseline_year,
                        "baseline_value": i.baseline_value,
                        "target": i.target,
                        **({} if i.milestone is None else {"milestone": i.milestone}),
                    }
                    for i in g.items
                ],
            }
            for g in card.goals
        ],
    }


def to_json(card: Scorecard) -> str:
    """The scorecard as a JSON file's text."""
    return json.dumps(to_dict(card), ensure_ascii=False, indent=1)


def stored(doc: Mapping[str, Any]) -> Scorecard:
    """A document this app wrote (session or database) back as a Scorecard; it was checked when it came in."""
    goals = tuple(
        Goal(
            str(g["id"]),
            str(g["text"]),
            tuple(
                Item(
                    str(i["indicator"]),
                    int(i["baseline_year"]),
                    float(i["baseline_value"]),
                    float(i["target"]),
                    None if i.get("milestone") is None else float(i["milestone"]),
                )
                for i in g["items"]
            ),
        )
        for g in doc["goals"]
    )
    return Scorecard(str(doc["municipality"]), str(doc.get("title", "")), goals, bool(doc.get("share")))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: object, limit: int = MAX_TEXT) -> str:
    """Text as stored: NFC, no control characters or line breaks, trimmed, cut to the limit."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    return " ".join(_CONTROL.sub("", text).split())[:limit]


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(value)
    result = float(str(value).replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    if not math.isfinite(result):
        raise ValueError(value)
    return result


def from_dict(
    data: object, metas: Mapping[str, Meta], municipalities: Iterable[str]
) -> tuple[Scorecard, list[Problem]]:
    """A scorecard from untrusted data (a file or link): what cannot be used is dropped and listed.

    Raises ScorecardError when nothing usable is there (not a scorecard, unknown municipality)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ScorecardError("scorecard.error.not_a_scorecard")
    code = str(data.get("municipality", ""))[:10]
    if code not in set(municipalities):
        raise ScorecardError("scorecard.error.unknown_municipality", code=code)
    problems: list[Problem] = []
    goals: list[Goal] = []
    found = data.get("goals")
    raw_goals: list[Any] = found if isinstance(found, list) else []
    if len(raw_goals) > MAX_GOALS:
        problems.append(Problem("scorecard.problem.too_many_goals", {"n": MAX_GOALS}))
    for g_index, raw in enumerate(raw_goals[:MAX_GOALS], start=1):
        if not isinstance(raw, dict):
            problems.append(Problem("scorecard.problem.bad_goal", {"goal": g_index}))
            continue
        items: list[Item] = []
        listed = raw.get("items")
        raw_items: list[Any] = listed if isinstance(listed, list) else []
        for raw_item in raw_items[:MAX_ITEMS]:
            item, problem = _read_item(raw_item, metas, g_index)
            if problem is not None:
                problems.append(problem)
            elif item is not None and item.indicator not in {i.indicator for i in items}:
                items.append(item)
        if len(raw_items) > MAX_ITEMS:
            problems.append(Problem("scorecard.problem.too_many_items", {"goal": g_index, "n": MAX_ITEMS}))
        gid = clean_text(raw.get("id"), 12) or f"g{g_index}"
        if gid in {g.id for g in goals}:
            gid = f"g{g_index}x"
        goals.append(Goal(gid, clean_text(raw.get("text")), tuple(items)))
    card = Scorecard(code, clean_text(data.get("title"), MAX_TITLE), tuple(goals), bool(data.get("share")))
    return card, problems


def _read_item(raw: object, metas: Mapping[str, Meta], goal: int) -> tuple[Item | None, Problem | None]:
    if not isinstance(raw, dict):
        return None, Problem("scorecard.problem.bad_item", {"goal": goal, "indicator": "?"})
    ind = clean_text(raw.get("indicator"), 80)
    if ind not in metas:
        return None, Problem("scorecard.problem.unknown_indicator", {"goal": goal, "indicator": ind or "?"})
    try:
        raw_milestone = raw.get("milestone")
        item = Item(
            ind,
            int(_number(raw.get("baseline_year"))),
            _number(raw.get("baseline_value")),
            _number(raw.get("target")),
            None if raw_milestone is None else _number(raw_milestone),
        )
    except (ValueError, TypeError, OverflowError):
        return None, Problem("scorecard.problem.bad_item", {"goal": goal, "indicator": ind})
    try:
        check_item(item, metas[ind])
    except ScorecardError as exc:
        why = {"why": exc.key, "why_params": dict(exc.params)}  # the reason's own figures, for its text
        return None, Problem("scorecard.problem.refused", {"goal": goal, "indicator": ind, **why})
    return item, None


def from_json(
    text: str | bytes, metas: Mapping[str, Meta], municipalities: Iterable[str]
) -> tuple[Scorecard, list[Problem]]:
    """A scorecard from a JSON file's content (ScorecardError when it is not one)."""
    if len(text) > MAX_FILE_BYTES:
        raise ScorecardError("scorecard.error.too_big", limit=MAX_FILE_BYTES // 1000)
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        raise ScorecardError("scorecard.error.not_json") from None
    return from_dict(data, metas, municipalities)


def to_link(card: Scorecard) -> str | None:
    """The scorecard packed for a URL parameter (deflated JSON, base64url); None when too long for a link."""
    raw = json.dumps(to_dict(card), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    packed = base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")
    return packed if len(packed) <= MAX_LINK_CHARS else None


def from_link(
    text: str, metas: Mapping[str, Meta], municipalities: Iterable[str]
) -> tuple[Scorecard, list[Problem]]:
    """A scorecard from a link parameter (ScorecardError when the link is damaged)."""
    if len(text) > MAX_LINK_CHARS * 2:
        raise ScorecardError("scorecard.error.bad_link")
    try:
        raw = zlib.decompressobj().decompress(
            base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), 100_000
        )
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, binascii.Error, zlib.error, UnicodeDecodeError):
        raise ScorecardError("scorecard.error.bad_link") from None
    return from_dict(data, metas, municipalities)


def changes(old: Scorecard | None, new: Scorecard) -> list[dict[str, Any]]:
    """What changed between two versions, goal by goal and indicator by indicator (for the history)."""
    if old is None:
        return [{"kind": "created", "goals": len(new.goals)}]
    out: list[dict[str, Any]] = []
    if old.title != new.title:
        out.append({"kind": "title", "old": old.title, "new": new.title})
    if old.share != new.share:
        out.append({"kind": "share", "new": new.share})
    before = {g.id: g for g in old.goals}
    after = {g.id: g for g in new.goals}
    for gid, goal in after.items():
        if gid not in before:
            out.append({"kind": "goal_added", "goal": goal.text})
            continue
        prev = before[gid]
        if prev.text != goal.text:
            out.append({"kind": "goal_text", "old": prev.text, "new": goal.text})
        was = {i.indicator: i for i in prev.items}
        now = {i.indicator: i for i in goal.items}
        for ind, item in now.items():
            if ind not in was:
                out.append({"kind": "item_added", "goal": goal.text, "indicator": ind, "new": item.target})
                continue
            for attr, kind in (("target", "target_moved"), ("milestone", "milestone_moved")):
                a, b = getattr(was[ind], attr), getattr(item, attr)
                if a != b:
                    out.append({"kind": kind, "goal": goal.text, "indicator": ind, "old": a, "new": b})
            if (was[ind].baseline_year, was[ind].baseline_value) != (item.baseline_year, item.baseline_value):
                out.append(
                    {
                        "kind": "baseline_changed",
                        "goal": goal.text,
                        "indicator": ind,
                        "old": [was[ind].baseline_year, was[ind].baseline_value],
                        "new": [item.baseline_year, item.baseline_value],
                    }
                )
        for ind in was.keys() - now.keys():
            out.append({"kind": "item_removed", "goal": goal.text, "indicator": ind})
    for gid in before.keys() - after.keys():
        out.append({"kind": "goal_removed", "goal": before[gid].text})
    return out


def change_text(change: Mapping[str, Any], names: Mapping[str, str], lang: str) -> str:
    """One change in words ('Target of employment rate moved from 72 to 75')."""
    from foresight.format import number

    def show(value: Any) -> str:
        if value is None:
            return t("scorecard.history.on_path", lang)
        if isinstance(value, list):
            return f"{number(float(value[1]), 2, lang).rstrip('0').rstrip(',.')} ({value[0]})"
        if isinstance(value, float | int) and not isinstance(value, bool):
            return number(float(value), 2, lang).rstrip("0").rstrip(",.") or "0"
        return str(value)

    if change["kind"] == "created":  # a count ("1 goal" / "3 goals"); stored histories call it "goals"
        return tn("scorecard.change.created", int(change["goals"]), lang)
    params = {
        k: show(v) if k in ("old", "new") else v for k, v in change.items() if k not in ("kind", "indicator")
    }
    if "indicator" in change:
        params["indicator"] = names.get(str(change["indicator"]), str(change["indicator"]))
    text = t(f"scorecard.change.{change['kind']}", lang)
    return text.format(**{k: v for k, v in params.items() if "{" + k + "}" in text})


LOCAL_ZONE: Final = "Europe/Helsinki"  # the council's clock: history times are shown in Finnish time


def local_time(moment: dt.datetime) -> str:
    """A stored moment (UTC; a naive one is taken as UTC, as SQLite returns it) as Finnish local time,
    'dd.mm.yyyy hh:mm' (summer time included)."""
    from zoneinfo import ZoneInfo

    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(ZoneInfo(LOCAL_ZONE)).strftime("%d.%m.%Y %H:%M")


def themes() -> tuple[str, ...]:
    """The six themes suggestions exist for."""
    return THEMES
