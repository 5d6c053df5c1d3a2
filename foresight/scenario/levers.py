"""Scenario levers: ranges, defaults, units and text keys, and validation that clamps instead of failing."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from foresight import format as fmt

DEFAULT_START_YEAR = 2026  # the current year: a scenario cannot change the past
LAST_YEAR = 2040


@dataclass(frozen=True)
class Message:
    """A text key for the user (foresight.i18n.t(key, lang, **params)) and its parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Lever:
    """One lever: id, range, default, step and unit; texts under scenario.lever.<id>[.help]."""

    id: str
    minimum: float
    maximum: float
    default: float
    step: float
    unit: str  # text key of the unit
    integer: bool = False
    short: str = ""  # one-letter code in the shareable link

    @property
    def label_key(self) -> str:
        """Text key of the lever's name."""
        return f"scenario.lever.{self.id}"

    @property
    def help_key(self) -> str:
        """Text key of the plain-language explanation."""
        return f"scenario.lever.{self.id}.help"


LEVERS: tuple[Lever, ...] = (
    Lever("net_migration_persons", -5000, 5000, 0, 10, "scenario.unit.persons_per_year", True, "m"),
    # Young adults (18–29) moving in (+) or out (−) beyond what the official projection already assumes.
    Lever("young_adult_migration", -2000, 2000, 0, 1, "scenario.unit.persons_per_year", True, "y"),
    Lever("net_migration_rate", -20, 20, 0, 0.5, "scenario.unit.per_1000_per_year", short="r"),
    Lever("net_migration_change", -100, 200, 0, 5, "scenario.unit.percent", short="c"),
    Lever("fertility_change", -50, 50, 0, 1, "scenario.unit.percent", short="f"),
    Lever("life_expectancy_change", -3, 3, 0, 0.1, "scenario.unit.years", short="e"),
    Lever("employment_rate_change", -15, 15, 0, 0.5, "scenario.unit.percentage_points", short="w"),
    Lever("start_year", 2020, LAST_YEAR, DEFAULT_START_YEAR, 1, "scenario.unit.year", True, "s"),
)
BY_ID: dict[str, Lever] = {lever.id: lever for lever in LEVERS}
BY_SHORT: dict[str, Lever] = {lever.short: lever for lever in LEVERS}
POPULATION_LEVERS = tuple(lv.id for lv in LEVERS if lv.id != "employment_rate_change")


def defaults() -> dict[str, float]:
    """Every lever at its default (the neutral scenario)."""
    return {lever.id: int(lever.default) if lever.integer else float(lever.default) for lever in LEVERS}


def bounds(lever_id: str, base_year: int | None = None) -> tuple[float, float]:
    """A lever's allowed range; the start year cannot precede the edition's first projected year."""
    lever = BY_ID[lever_id]
    if lever_id == "start_year" and base_year is not None:
        return max(lever.minimum, base_year + 1), lever.maximum
    return lever.minimum, lever.maximum


# Persons-per-year levers and the share of the population their slider spans a year (±).
PERSONS_LEVERS = {"net_migration_persons": 0.05, "young_adult_migration": 0.02}


def slider_range(lever_id: str, population: float | None = None) -> tuple[float, float, float]:
    """A slider's (min, max, step) for one municipality: persons per year scaled to its size, others as defined.

    The full range stays valid (links and files are validated against it); the slider only narrows the persons
    lever to ±5 % of the population a year (at least ±50), rounded to the step, so small municipalities get
    a usable slider.
    """
    lever = BY_ID[lever_id]
    if lever_id not in PERSONS_LEVERS or not population or population <= 0:
        return lever.minimum, lever.maximum, lever.step
    share = PERSONS_LEVERS[lever_id]
    span = max(20.0 if share < 0.05 else 50.0, round(share * population / lever.step) * lever.step)
    span = min(span, lever.maximum)
    step = lever.step if span >= 200 else 1.0
    return -span, span, step


@dataclass(frozen=True)
class Slider:
    """What a lever's slider shows: its range, step, value, default and printf format."""

    low: float
    high: float
    step: float
    value: float
    default: float
    format: str


def slider(lever_id: str, population: float | None, base_year: int, value: float | None) -> Slider:
    """A lever's slider for one municipality and edition, around the value it holds (None: the default).

    The start year stays within the edition's years (the other edition starts later); another lever's range
    widens to a linked or uploaded value beyond the usual span.
    """
    lever = BY_ID[lever_id]
    low, high, step = slider_range(lever_id, population)
    default = lever.default
    if lever_id == "start_year":
        low, high = bounds("start_year", base_year)
        default = max(lever.default, base_year + 1)
    shown = default if value is None else value
    if lever_id == "start_year":
        shown = min(max(shown, low), high)
    else:
        low, high = min(low, shown), max(high, shown)
    if lever.integer:
        return Slider(int(low), int(high), int(step), int(shown), int(default), "%d")
    return Slider(
        float(low), float(high), float(step), float(shown), float(default), "%.1f" if step < 1 else "%.0f"
    )


def _number(value: object) -> float | None:
    """A finite number from a slider, JSON or link value, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ".").replace("\u2212", "-"))
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def validate(
    values: Mapping[str, object] | None, base_year: int | None = None
) -> tuple[dict[str, float], list[Message]]:
    """Complete, clean lever values and messages: unknown levers dropped, bad numbers → default, others clamped."""
    clean = defaults()
    messages: list[Message] = []
    for key, raw in (values or {}).items():
        lever = BY_ID.get(str(key))
        if lever is None:
            messages.append(Message("scenario.message.unknown_lever", {"lever": str(key)[:40]}))
            continue
        number = _number(raw)
        if number is None:
            messages.append(Message("scenario.message.not_a_number", {"lever": lever.label_key}))
            continue
        low, high = bounds(lever.id, base_year)
        clamped = min(max(number, low), high)
        if lever.integer:
            clamped = float(round(clamped))
        if clamped != number:
            messages.append(
                Message(
                    "scenario.message.clamped",
                    {"lever": lever.label_key, "value": number, "clamped": clamped},
                )
            )
        clean[lever.id] = int(clamped) if lever.integer else float(clamped)
    if base_year is not None and "start_year" not in (values or {}):
        clean["start_year"] = max(clean["start_year"], base_year + 1)
    return clean, messages


def render(message: Message, lang: str = "fi") -> str:
    """A message as text in lang; lever ids in its parameters become lever names."""
    from foresight.i18n import t

    params = dict(message.params)
    for key in ("lever", "scenario"):
        value = params.get(key)
        if isinstance(value, str) and value.startswith(("scenario.lever.", "scenario.preset.")):
            params[key] = t(value, lang)
    year = message.params.get("lever") == "scenario.lever.start_year"  # 2021, never "2 021"
    for key in ("value", "clamped"):
        value = params.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            number = float(value)
            params[key] = (
                str(int(number)) if year and number.is_integer() else fmt.number_exact(number, 0, lang)
            )
    return t(message.key, lang, **params)
