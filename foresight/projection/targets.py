"""Targets for 2030: the annual change a target needs, against own past change and the best seen among peers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from foresight.columns import INDICATOR, MEAN, MUNICIPALITY, VALUE, YEAR

WITHIN_BAND = "within_band"
AMBITIOUS_SEEN = "ambitious_seen_among_peers"
BEYOND_SEEN = "beyond_anything_seen"
NO_HISTORY = "too_little_history"
VERDICTS = (WITHIN_BAND, AMBITIOUS_SEEN, BEYOND_SEEN)
# Where a target lies against the trend's bands in the target year; said before the verdict, so that
# "change this fast has been seen among peers" never hides that the trend itself will not get there.
ABOVE_95, BELOW_95, ABOVE_80, BELOW_80 = "above_95", "below_95", "above_80", "below_80"
BAND_POSITIONS = (ABOVE_95, BELOW_95, ABOVE_80, BELOW_80)
RELATIVE_UNITS = ("persons", "count", "kt_co2e")  # sizes: compare growth in % a year, not in units
# Peers' periods are looked for within this many years before the latest data: how fast a town grew in the
# 1970s says little about what a target for 2030 asks of it today.
LOOKBACK_YEARS = 25


def uses_relative_change(unit: str) -> bool:
    """Whether changes of this unit compare as % a year (sizes) rather than units a year (rates)."""
    return unit in RELATIVE_UNITS


def peer_histories(obs: pd.DataFrame, indicator: str, codes: Sequence[str]) -> pd.DataFrame:
    """Wide history of an indicator: index year, one column per municipality."""
    part = obs[(obs[INDICATOR] == indicator) & obs[MUNICIPALITY].isin(list(codes))]
    return part.pivot(index=YEAR, columns=MUNICIPALITY, values=VALUE).sort_index()


def _rate(start: np.ndarray, end: np.ndarray, years: int, relative: bool) -> np.ndarray:
    """Change per year: units a year, or compound % a year for positive sizes."""
    with np.errstate(all="ignore"):
        if relative:
            return np.where((start > 0) & (end > 0), ((end / start) ** (1 / years) - 1) * 100, np.nan)
        return (end - start) / years


def band_position(target: float, trend: Mapping[str, float] | None) -> str | None:
    """Where a target lies against the trend's bands: above_95/below_95 (outside the 95 % band),
    above_80/below_80 (outside the 80 % band, inside the 95 %), or None (inside the 80 % band, or no trend).
    `trend` has lower_80, upper_80, lower_95, upper_95 (as target_assessment's "trend")."""
    if trend is None:
        return None
    if target > trend["upper_95"]:
        return ABOVE_95
    if target < trend["lower_95"]:
        return BELOW_95
    if target > trend["upper_80"]:
        return ABOVE_80
    if target < trend["lower_80"]:
        return BELOW_80
    return None


def changes_over(wide: pd.DataFrame, years: int, relative: bool = False) -> pd.DataFrame:
    """Every change per year over `years`-year periods in a wide history: municipality, start, end, change."""
    full = wide.reindex(range(int(wide.index.min()), int(wide.index.max()) + 1))
    values = full.to_numpy(dtype=float)
    if years < 1 or values.shape[0] <= years:
        return pd.DataFrame(columns=[MUNICIPALITY, "start", "end", "change"])
    rate = _rate(values[:-years], values[years:], years, relative)
    starts = full.index.to_numpy()[:-years]
    frame = pd.DataFrame(rate, index=starts, columns=full.columns).stack().rename("change").reset_index()
    frame.columns = ["start", MUNICIPALITY, "change"]
    frame["end"] = frame["start"] + years
    return frame[[MUNICIPALITY, "start", "end", "change"]].dropna(ignore_index=True)


def target_assessment(
    history: pd.Series,
    target: float,
    peers: pd.DataFrame,
    polarity: int = 0,
    forecast: pd.DataFrame | None = None,
    target_year: int = 2030,
    relative: bool = False,
    lookback: int | None = LOOKBACK_YEARS,
) -> dict[str, object]:
    """How demanding a target is: needed change a year vs own past and the best peer, and a verdict.

    history: the municipality's values indexed by year; peers: wide peer histories (`peer_histories`,
    the municipality itself may be a column: its own best period counts as "seen"); forecast: its
    projection (year, mean, lower_80, upper_80, lower_95, upper_95) or None.
    Verdict: within_band (inside the 80 % band of the trend in the target year), ambitious_seen_among_peers
    (outside it, but some peer changed at least this fast over a period of the same length) or
    beyond_anything_seen. Periods are as long as the years left to the target, or the longest the data
    allow ("span_years"), and start no earlier than `lookback` years before the latest data (None: any).
    against_polarity flags a target in the indicator's worse direction.
    """
    history = history.dropna().sort_index()
    if history.empty:
        return {"verdict": NO_HISTORY}
    last_year, last_value = int(history.index[-1]), float(history.iloc[-1])
    years = target_year - last_year
    if years < 1:
        raise ValueError(f"the data already reach {last_year}; a target for {target_year} is in the past")
    needed = float(_rate(np.array(last_value), np.array(float(target)), years, relative))
    span = min(years, int(history.index[-1] - history.index[0]))
    own = None
    if span >= 1 and last_year - span in history.index:
        own = float(_rate(np.array(history.loc[last_year - span]), np.array(last_value), span, relative))
    pool = peers.copy()
    if history.name not in pool.columns:
        pool[history.name if history.name is not None else "self"] = history
    if lookback is not None:
        pool = pool[pool.index >= last_year - lookback]
    peer_span = min(years, int(pool.index.max() - pool.index.min())) if len(pool.index) else 0
    moves = changes_over(pool, peer_span, relative) if peer_span >= 1 else pd.DataFrame()
    best: dict[str, object] = {"best_peer": None, "best_peer_change": None, "best_peer_period": None}
    if not moves.empty and needed != 0:
        pick = moves.loc[moves["change"].idxmax() if needed > 0 else moves["change"].idxmin()]
        best = {
            "best_peer": pick[MUNICIPALITY],
            "best_peer_change": float(pick["change"]),
            "best_peer_period": (int(pick["start"]), int(pick["end"])),
        }
    inside_80 = inside_95 = None
    trend = None
    if forecast is not None and not forecast.empty and target_year in set(forecast[YEAR]):
        row = forecast[forecast[YEAR] == target_year].iloc[0]
        trend = {k: float(row[k]) for k in (MEAN, "lower_80", "upper_80", "lower_95", "upper_95")}
        inside_80 = bool(trend["lower_80"] <= target <= trend["upper_80"])
        inside_95 = bool(trend["lower_95"] <= target <= trend["upper_95"])
    seen = best["best_peer_change"] is not None and abs(float(best["best_peer_change"])) >= abs(needed)  # type: ignore[arg-type]
    if inside_80:
        verdict = WITHIN_BAND
    elif needed == 0 or seen:
        verdict = AMBITIOUS_SEEN
    else:
        verdict = BEYOND_SEEN
    return {
        "verdict": verdict,
        "target": float(target),
        "target_year": target_year,
        "last_year": last_year,
        "last_value": last_value,
        "years": years,
        "change_kind": "relative" if relative else "absolute",
        "needed_change": needed,
        "own_change": own,
        "own_span": span,
        "span_years": peer_span,
        **best,
        "trend": trend,
        "inside_80": inside_80,
        "inside_95": inside_95,
        "band_position": band_position(float(target), trend),
        "against_polarity": bool(polarity != 0 and np.sign(target - last_value) == -np.sign(polarity)),
    }


QUERY_KEY = "targets"
MAX_TARGETS = 60
MAX_VALUE = 1e12  # larger numbers in a link are tampering, not a strategy


def to_query(chosen: dict[str, float]) -> dict[str, str]:
    """Targets as a URL query parameter: targets=population:700000,unemployment_rate:5.5 (empty: none)."""
    if not chosen:
        return {}
    return {QUERY_KEY: ",".join(f"{ind}:{value:g}" for ind, value in sorted(chosen.items()))}


def from_query(params: dict[str, str], known: Sequence[str]) -> tuple[dict[str, float], tuple[str, ...]]:
    """Targets from a link, and the parts that were dropped (unknown indicator, not a finite number)."""
    text = params.get(QUERY_KEY, "")
    allowed = set(known)
    out: dict[str, float] = {}
    dropped: list[str] = []
    for part in [p for p in text.split(",") if p][:MAX_TARGETS]:
        ind, _, raw = part.partition(":")
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if ind in allowed and np.isfinite(value):
            out[ind] = value
        else:
            dropped.append(part[:60])
    return out, tuple(dropped)


def in_bounds(
    linked: Mapping[str, float], bounds: Mapping[str, tuple[float, float]]
) -> tuple[dict[str, float], tuple[str, ...]]:
    """Linked targets within their indicator's possible values, and the others as 'id:value' for a notice."""
    kept: dict[str, float] = {}
    dropped: list[str] = []
    for ind, value in linked.items():
        low, high = bounds[ind]
        if abs(value) <= MAX_VALUE and low <= value <= high:
            kept[ind] = value
        else:
            dropped.append(f"{ind}:{value:g}"[:60])
    return kept, tuple(dropped)
