"""Guesses as people type them on a phone, and how a room's guesses are drawn against the answer.

parse_number reads what a Finnish, Swedish or English phone keyboard produces ("125 000", "125000", "125,5",
"−3,2"); far_off asks "did you mean 125 000?" when a guess is far off the scale of the latest value;
axis_range keeps one typo from stretching the wall's histogram; within_band counts the room's hits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

FAR_FACTOR: Final = 10.0  # a guess below 1/10 or above 10× the latest value is questioned
AXIS_QUANTILES: Final = (0.05, 0.95)
AXIS_FACTOR: Final = 3.0  # once revealed, a guess beyond 3× (or below 1/3) of the answer is off the histogram
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED_DOTS = re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}$")  # 1.250.000: dots as thousands separators


def parse_number(text: object) -> float | None:
    """A typed number, or None: spaces and apostrophes as thousands separators, comma or dot as decimal mark."""
    if text is None:
        return None
    raw = _SPACES.sub("", str(text)).replace("\u2212", "-").replace("\u2013", "-")
    if not raw:
        return None
    if _GROUPED_DOTS.match(raw):
        raw = raw.replace(".", "")
    if raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    elif raw.count(",") >= 1 and raw.count(".") == 1 and raw.index(",") < raw.index("."):
        raw = raw.replace(",", "")  # 125,000.5 (English grouping)
    if not _NUMBER.match(raw):
        return None
    value = float(raw)
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class FarOff:
    """A guess far off the scale: the factor it is off by and a suggestion (or None when none fits)."""

    value: float
    latest: float
    suggestion: float | None


def far_off(value: float, latest: float | None, factor: float = FAR_FACTOR) -> FarOff | None:
    """FarOff when value is below latest/factor or above latest×factor (positive scales only); else None.

    The suggestion is the value times a power of 1000 (or divided by one) that lands within the scale:
    "125" for a population of 126 000 suggests 125 000.
    """
    if latest is None or not math.isfinite(latest) or latest <= 0 or not math.isfinite(value):
        return None
    if latest / factor <= value <= latest * factor:
        return None
    suggestion = None
    for power in (1, 2, -1, -2):
        candidate = value * 1000.0**power
        if candidate != 0 and latest / factor <= candidate <= latest * factor:
            suggestion = candidate
            break
    return FarOff(value, latest, suggestion)


@dataclass(frozen=True)
class Axis:
    """The x range of a guess histogram and how many guesses fall outside it."""

    low: float
    high: float
    below: int
    above: int

    @property
    def outside(self) -> int:
        return self.below + self.above


def axis_range(
    values: Sequence[float], answer: float | None = None, band: tuple[float, float] | None = None
) -> Axis | None:
    """Range covering the middle 90 % of the guesses (5th–95th percentile), the answer and its band, padded by 5 %.

    Once the answer is known (positive scales), guesses beyond AXIS_FACTOR× of it (or below 1/AXIS_FACTOR) are
    left off first: with two guesses, 125 000 and a typo 1 250 000, neither a percentile nor the median can tell
    which is the typo, but the answer can. Before the reveal, with fewer than 5 guesses a single far-off typo
    would still set a percentile, so the median's scale is used: guesses beyond 10× (or below 1/10) of it are
    left off the axis.
    """
    finite = sorted(float(v) for v in values if v is not None and math.isfinite(float(v)))
    if not finite and answer is None:
        return None
    anchored = finite
    if answer is not None and math.isfinite(answer) and answer > 0:
        anchored = [v for v in finite if far_off(v, answer, AXIS_FACTOR) is None]
    if anchored:
        if len(anchored) >= 5:
            low, high = _quantile(anchored, AXIS_QUANTILES[0]), _quantile(anchored, AXIS_QUANTILES[1])
        else:
            median = _quantile(anchored, 0.5)
            kept = [v for v in anchored if far_off(v, median) is None] if median > 0 else anchored
            low, high = min(kept), max(kept)
    else:
        low = high = float(answer)  # type: ignore[arg-type]
    if answer is not None:
        low, high = min(low, answer), max(high, answer)
    if band is not None:
        low, high = min(low, *band), max(high, *band)
    pad = (high - low) * 0.05 or max(abs(high) * 0.02, 1.0)
    low, high = low - pad, high + pad
    below = sum(1 for v in finite if v < low)
    above = sum(1 for v in finite if v > high)
    return Axis(low, high, below, above)


def _quantile(ordered: Sequence[float], q: float) -> float:
    """Linear-interpolation quantile of sorted values (numpy's default method)."""
    pos = (len(ordered) - 1) * q
    lower = math.floor(pos)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (pos - lower)


def within_band(values: Sequence[float], band: tuple[float, float] | None) -> int:
    """How many guesses lie within the band (ends included)."""
    if band is None:
        return 0
    low, high = min(band), max(band)
    return sum(1 for v in values if v is not None and low <= float(v) <= high)


def relative_error(guess: float, answer: float) -> float | None:
    """(guess − answer) / answer, or None for an answer of zero."""
    return None if answer == 0 else (guess - answer) / answer
