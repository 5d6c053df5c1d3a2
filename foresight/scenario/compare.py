"""Compare up to four scenarios with the baseline: key outcomes, lines over time, pyramids and peer standing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from foresight.columns import MUNICIPALITY, VALUE, YEAR
from foresight.scenario.levers import Message
from foresight.scenario.model import Baseline, Levers, Result, project
from foresight.scenario.outputs import MEASURE, key_outcomes, pyramid
from foresight.scenario.scenario import Scenario

MAX_SCENARIOS = 4
BASELINE_NAME = "baseline"
SCENARIO = "scenario"
BASELINE = "baseline"
DIFFERENCE = "difference"
DIFFERENCE_PCT = "difference_pct"
RANK = "rank"
N_PEERS = "n"
SUBJECT = "subject"
PUBLISHED = "published"


def run(
    baseline: Baseline, scenarios: Sequence[Scenario], codes: Sequence[str]
) -> tuple[dict[str, Result], list[Message]]:
    """The baseline and up to four scenarios projected for the given municipalities, keyed by scenario name.

    The baseline is under "baseline"; extra scenarios beyond four are left out with a message, and a repeated
    name gets a numeric suffix so no result is lost.
    """
    messages: list[Message] = []
    if len(scenarios) > MAX_SCENARIOS:
        messages.append(Message("scenario.message.too_many", {"max": MAX_SCENARIOS}))
    results = {BASELINE_NAME: project(baseline, None, codes)}
    for scenario in scenarios[:MAX_SCENARIOS]:
        name = scenario.name
        n = 2
        while name in results:
            name, n = f"{scenario.name} ({n})", n + 1
        result = project(baseline, Levers.of(scenario.levers), codes)
        results[name] = result
        if result.notes:
            messages.append(Message("scenario.message.held_at_zero_in", {"scenario": name}))
    return results, messages


def _employment(scenarios: Mapping[str, Scenario] | None, name: str) -> tuple[float, int]:
    """The employment lever and start year of one named scenario (neutral for the baseline)."""
    if not scenarios or name not in scenarios:
        return 0.0, 2026
    levers = scenarios[name].levers
    return float(levers.get("employment_rate_change", 0.0)), int(levers.get("start_year", 2026))


def outcome_table(
    results: Mapping[str, Result],
    code: str,
    rates: Mapping[str, float] | pd.Series | None = None,
    scenarios: Mapping[str, Scenario] | None = None,
    years: Sequence[int] = (2030, 2040),
) -> pd.DataFrame:
    """Key outcomes: scenario, measure, year, value, baseline, difference, difference_pct (vs the baseline)."""
    parts = []
    for name, result in results.items():
        change, start = _employment(scenarios, name)
        frame = key_outcomes(result, rates, change, start, years)
        frame = frame[frame[MUNICIPALITY] == code].drop(columns=MUNICIPALITY)
        frame.insert(0, SCENARIO, name)
        parts.append(frame)
    table = pd.concat(parts, ignore_index=True)
    base = table[table[SCENARIO] == BASELINE_NAME].set_index([MEASURE, YEAR])[VALUE]
    table[BASELINE] = base.reindex(pd.MultiIndex.from_frame(table[[MEASURE, YEAR]])).to_numpy()
    table[DIFFERENCE] = table[VALUE] - table[BASELINE]
    with np.errstate(divide="ignore", invalid="ignore"):
        table[DIFFERENCE_PCT] = np.where(
            table[BASELINE] != 0, 100.0 * table[DIFFERENCE] / table[BASELINE], np.nan
        )
    return table[[SCENARIO, MEASURE, YEAR, VALUE, BASELINE, DIFFERENCE, DIFFERENCE_PCT]]


def time_series(
    results: Mapping[str, Result],
    code: str,
    rates: Mapping[str, float] | pd.Series | None = None,
    scenarios: Mapping[str, Scenario] | None = None,
) -> pd.DataFrame:
    """Every measure for every year: scenario, measure, year, value, published (one line per scenario and measure).

    published marks years whose baseline is a published projection figure (all years of the 2019 edition;
    2024, 2035 and 2040 of the 2024 edition, whose other years are interpolated).
    """
    parts = []
    for name, result in results.items():
        change, start = _employment(scenarios, name)
        frame = key_outcomes(result, rates, change, start, years=None)
        frame = frame[frame[MUNICIPALITY] == code].drop(columns=MUNICIPALITY)
        frame.insert(0, SCENARIO, name)
        frame[PUBLISHED] = frame[YEAR].isin(result.official_years)
        parts.append(frame)
    return pd.concat(parts, ignore_index=True)[[SCENARIO, MEASURE, YEAR, VALUE, PUBLISHED]]


def pyramids(results: Mapping[str, Result], code: str, year: int, band: int = 5) -> pd.DataFrame:
    """Age structures to overlay: scenario, age_group, age_start, value, share."""
    parts = []
    for name, result in results.items():
        frame = pyramid(result, code, year, band)
        frame.insert(0, SCENARIO, name)
        parts.append(frame)
    return pd.concat(parts, ignore_index=True)


def peer_position(
    baseline: Baseline,
    scenario: Scenario,
    code: str,
    peers: Sequence[str],
    year: int = 2030,
) -> pd.DataFrame:
    """Where the scenario puts the municipality among its peers (peers under the baseline) in one year.

    Rows: the subject under the scenario, the subject under the baseline, and each peer under the baseline;
    columns: municipality, scenario, value (population), rank (1 = largest among the subject and peers),
    n (number ranked), subject (bool). Unknown peer codes are skipped.
    """
    known = set(baseline.codes.tolist())
    others = [p for p in dict.fromkeys(peers) if p in known and p != code]
    col = int(np.flatnonzero(baseline.years == year)[0])
    peer_values = baseline.subset(others).population[:, col].sum(axis=1) if others else np.zeros(0)
    subject_base = float(baseline.subset([code]).population[0, col].sum())
    subject_scen = float(project(baseline, Levers.of(scenario.levers), [code]).population[0, col].sum())
    n = len(others) + 1

    def rank(value: float) -> int:
        return int((peer_values > value).sum()) + 1

    rows = [
        {
            MUNICIPALITY: code,
            SCENARIO: scenario.name,
            VALUE: subject_scen,
            RANK: rank(subject_scen),
            N_PEERS: n,
            SUBJECT: True,
        },
        {
            MUNICIPALITY: code,
            SCENARIO: BASELINE_NAME,
            VALUE: subject_base,
            RANK: rank(subject_base),
            N_PEERS: n,
            SUBJECT: True,
        },
    ]
    order = np.argsort(-peer_values, kind="stable")
    for i in order:
        value = float(peer_values[i])
        rows.append(
            {
                MUNICIPALITY: others[i],
                SCENARIO: BASELINE_NAME,
                VALUE: value,
                RANK: int((peer_values > value).sum()) + 1 + int(subject_scen > value),
                N_PEERS: n,
                SUBJECT: False,
            }
        )
    return pd.DataFrame(rows, columns=[MUNICIPALITY, SCENARIO, VALUE, RANK, N_PEERS, SUBJECT])


def export_tables(
    results: Mapping[str, Result],
    code: str,
    rates: Mapping[str, float] | pd.Series | None = None,
    scenarios: Mapping[str, Scenario] | None = None,
) -> dict[str, pd.DataFrame]:
    """Frames for a CSV/Excel download (foresight.exports.to_excel): outcomes, lines, pyramids, flows, levers."""
    from foresight.scenario.levers import LEVERS
    from foresight.scenario.outputs import components

    levers = pd.DataFrame(
        [
            {SCENARIO: name, **{lv.id: scenario.levers.get(lv.id, lv.default) for lv in LEVERS}}
            for name, scenario in (scenarios or {}).items()
        ]
    )
    flows = []
    for name, result in results.items():
        frame = components(result, code).drop(columns=MUNICIPALITY)
        frame.insert(0, SCENARIO, name)
        flows.append(frame)
    years = [y for y in (2030, 2040) if all(y in r.years for r in results.values())]
    outcomes = outcome_table(results, code, rates, scenarios, years=years)
    # whether the baseline's figure for the year is Statistics Finland's or the model's (2024 edition's 2030)
    published = set().union(*(r.official_years for r in results.values()))
    outcomes[PUBLISHED] = outcomes[YEAR].isin(published)
    return {
        "outcomes": outcomes,
        "time_series": time_series(results, code, rates, scenarios),
        "pyramids": pd.concat(
            [pyramids(results, code, y, band=5).assign(**{YEAR: y}) for y in years], ignore_index=True
        ),
        "components": pd.concat(flows, ignore_index=True),
        "levers": levers,
    }


def answer(series: pd.DataFrame, scenario: str, year: int = 2030, end: int = 2040) -> dict[str, float] | None:
    """The scenario's answer in numbers: its total in `year` and the difference from the baseline (the
    official projection), and children aged 0–6 in the first year and in `end`, and their change, %.

    `series` is `time_series` output with the scenario and "baseline" in it; None when a year is missing.
    """

    def value(name: str, measure: str, when: int) -> float | None:
        hit = series[(series[SCENARIO] == name) & (series[MEASURE] == measure) & (series[YEAR] == when)]
        return float(hit[VALUE].iloc[0]) if len(hit) else None

    first = int(series[YEAR].min())
    total, base = value(scenario, "total", year), value("baseline", "total", year)
    kids_now, kids_end = value(scenario, "0_6", first), value(scenario, "0_6", end)
    if None in (total, base, kids_now, kids_end) or not kids_now:
        return None
    return {
        "year": year,
        "total": total,  # type: ignore[dict-item]
        "difference": total - base,  # type: ignore[operator]
        "start": first,
        "end": end,
        "children_start": kids_now,  # type: ignore[dict-item]
        "children_end": kids_end,  # type: ignore[dict-item]
        "children_change_pct": (kids_end / kids_now - 1) * 100,  # type: ignore[operator]
    }
