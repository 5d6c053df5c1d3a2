"""Voting controls without a default answer: a per-participant shuffled start for tap-to-order ranking,
and the 2×2 as four quadrants to tap.

A ranking is built by tapping the items in order of importance; the buttons are offered in an order shuffled
for each participant (deterministic from their token, so a reload shows the same order), so no item gains from
being listed first. Nothing is chosen until the participant taps, so an untouched form has nothing to send.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from typing import Final

# Quadrant → its centre on the store's 0–1 scale [impact, uncertainty]; names as in the 2×2 chart.
QUADRANTS: Final[Mapping[str, tuple[float, float]]] = {
    "critical": (0.75, 0.75),  # high impact, high uncertainty
    "trends": (0.75, 0.25),  # high impact, low uncertainty
    "watch": (0.25, 0.75),  # low impact, high uncertainty
    "minor": (0.25, 0.25),  # low impact, low uncertainty
}
UNTOUCHED_POINT: Final = (0.5, 0.5)  # where the old sliders left every item: the crossing
QUADRANT_ORDER: Final = ("critical", "trends", "watch", "minor")  # as the wall lists them


def untouched_scenario(
    levers: Mapping[str, object], preset: object = None, name: str = "", comment: str = ""
) -> bool:
    """Whether a scenario is the form as it opened: no storyline picked (or the baseline), every lever at the
    baseline's value (one not sent counts as the baseline's), no name, no comment. Sent like that it may be a
    tap on Send by mistake, so the phone asks first ("Et muuttanut mitään – lähetetäänkö oletukset?")."""
    from foresight import scenario

    if preset not in (None, "", "baseline") or str(name).strip() or str(comment).strip():
        return False
    base = scenario.defaults()
    for lever_id, value in levers.items():
        if lever_id in base:
            try:
                if float(value) != float(base[lever_id]):  # type: ignore[arg-type]
                    return False
            except (TypeError, ValueError):
                return False
    return True


def mean_quadrant(impact: float, uncertainty: float) -> str:
    """The quadrant a mean position falls in; a mean exactly on a middle line counts as the high side."""
    high_impact, high_uncertainty = impact >= 0.5, uncertainty >= 0.5
    if high_impact:
        return "critical" if high_uncertainty else "trends"
    return "watch" if high_uncertainty else "minor"


def by_quadrant(means: Sequence[tuple[str, float, float]]) -> dict[str, list[str]]:
    """Items (item, impact, uncertainty) listed per quadrant, each list by impact then uncertainty, highest
    first; every quadrant present (possibly empty), in QUADRANT_ORDER."""
    out: dict[str, list[str]] = {q: [] for q in QUADRANT_ORDER}
    ranked = sorted(means, key=lambda m: (-m[1], -m[2]))  # stable: ties keep the given order
    for item, impact, uncertainty in ranked:
        out[mean_quadrant(impact, uncertainty)].append(item)
    return out


def start_order(token: str, step_id: str, items: Sequence[str]) -> list[str]:
    """The items in an order shuffled for this participant and step, the same on every reload."""
    seed = int.from_bytes(hashlib.sha256(f"{token}\x00{step_id}".encode()).digest()[:8], "big")
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    return shuffled


def tap(order: Sequence[str], item: str, items: Sequence[str]) -> list[str]:
    """The order after tapping an item: appended if new; when one item is left it follows by itself."""
    out = [i for i in order if i in items]
    if item in items and item not in out:
        out.append(item)
    left = [i for i in items if i not in out]
    if len(left) == 1:
        out.append(left[0])
    return out


def placement(quadrant: str) -> list[float]:
    """The stored [impact, uncertainty] of a tapped quadrant (KeyError for an unknown one)."""
    x, y = QUADRANTS[quadrant]
    return [x, y]


def placements(chosen: Mapping[str, str | None]) -> dict[str, list[float]]:
    """The stored points of the items a quadrant was tapped for (untapped items left out)."""
    return {item: placement(quadrant) for item, quadrant in chosen.items() if quadrant}


def quadrant_of(point: Sequence[float]) -> str | None:
    """The quadrant a stored point lies in (None on a dividing line)."""
    x, y = float(point[0]), float(point[1])
    if x == 0.5 or y == 0.5:
        return None
    if x > 0.5:
        return "critical" if y > 0.5 else "trends"
    return "watch" if y > 0.5 else "minor"
