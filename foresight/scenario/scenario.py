"""Scenarios as data: a named set of lever values that serialises to JSON and to a compact link."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from foresight.scenario.levers import BY_ID, BY_SHORT, LEVERS, Message, defaults, validate

FORMAT = "kuntaluotain.scenario"
VERSION = 1
MAX_NAME = 80
MAX_DESCRIPTION = 1000
MAX_JSON_BYTES = 100_000


@dataclass(frozen=True)
class Scenario:
    """A named lever set; presets carry text keys instead of free text and may be marked as interpretations."""

    name: str
    description: str = ""
    levers: dict[str, float] = field(default_factory=defaults)
    interpretation: bool = False
    preset: str | None = None  # preset id: name/description/assumptions come from scenario.preset.<id>.*
    assumption_keys: tuple[str, ...] = ()

    def changed(self) -> dict[str, float]:
        """Only the levers that differ from their defaults."""
        base = defaults()
        return {k: v for k, v in self.levers.items() if base.get(k) != v}

    def with_levers(
        self, values: Mapping[str, object], base_year: int | None = None
    ) -> tuple[Scenario, list[Message]]:
        """A copy with some levers changed (validated: clamped or dropped with messages)."""
        merged: dict[str, object] = {**self.levers, **values}
        clean, messages = validate(merged, base_year)
        return replace(self, levers=clean), messages

    def as_own(self, name: str, description: str | None = None) -> Scenario:
        """The user's own editable copy: a new name, no preset texts, no longer labelled an interpretation."""
        return Scenario(
            name=_text(name, MAX_NAME) or "?",
            description=_text(description, MAX_DESCRIPTION) if description is not None else "",
            levers=dict(self.levers),
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (all levers, so the file is self-explanatory)."""
        out: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "name": self.name,
            "description": self.description,
            "levers": {lever.id: self.levers.get(lever.id, lever.default) for lever in LEVERS},
            "interpretation": self.interpretation,
        }
        if self.preset:
            out["preset"] = self.preset
        return out

    def to_json(self) -> str:
        """The scenario as a JSON document (UTF-8 text, indented)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_query(self) -> dict[str, str]:
        """Compact link parameters: name as n, changed levers by one-letter code (m=100, f=-10, …)."""
        out = {"n": self.name}
        if self.preset:
            out["p"] = self.preset
        for key, value in self.changed().items():
            out[BY_ID[key].short] = f"{value:g}"
        return out


def _text(value: object, limit: int) -> str:
    """A string field, trimmed and cut to a sane length (None and non-strings → empty)."""
    return value.strip()[:limit] if isinstance(value, str) else ""


def from_dict(data: object, base_year: int | None = None) -> tuple[Scenario | None, list[Message]]:
    """A scenario from a parsed document, or None with a message when it is not a scenario."""
    if not isinstance(data, dict) or not isinstance(data.get("levers"), dict):
        return None, [Message("scenario.message.not_a_scenario")]
    if data.get("format", FORMAT) != FORMAT:
        return None, [Message("scenario.message.not_a_scenario")]
    levers, messages = validate(data["levers"], base_year)
    name = _text(data.get("name"), MAX_NAME)
    if not name:
        messages.append(Message("scenario.message.unnamed"))
        name = "?"
    preset = data.get("preset")
    preset_id = preset if isinstance(preset, str) and preset in PRESET_IDS else None
    scenario = Scenario(
        name=name,
        description=_text(data.get("description"), MAX_DESCRIPTION),
        levers=levers,
        interpretation=bool(data.get("interpretation", False)),
        preset=preset_id,
        assumption_keys=PRESETS[preset_id].assumption_keys if preset_id else (),
    )
    return scenario, messages


def from_json(text: str | bytes, base_year: int | None = None) -> tuple[Scenario | None, list[Message]]:
    """Parse an uploaded or stored scenario; never raises: bad input gives None and a message key."""
    if isinstance(text, bytes):
        if len(text) > MAX_JSON_BYTES:
            return None, [Message("scenario.message.too_large")]
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None, [Message("scenario.message.bad_json")]
    if len(text) > MAX_JSON_BYTES:
        return None, [Message("scenario.message.too_large")]
    try:
        data = json.loads(text.removeprefix("\ufeff"))  # Windows editors add a byte-order mark
    except (ValueError, RecursionError):
        return None, [Message("scenario.message.bad_json")]
    return from_dict(data, base_year)


def from_query(params: Mapping[str, Any], base_year: int | None = None) -> tuple[Scenario, list[Message]]:
    """A scenario from link parameters (tampered values are clamped or dropped, with messages)."""
    raw: dict[str, object] = {}
    messages: list[Message] = []
    for key, value in params.items():
        if isinstance(value, list):  # some routers hand repeated parameters as lists
            value = value[-1] if value else ""
        if key in ("n", "p"):
            continue
        lever = BY_SHORT.get(key)
        if lever is None:
            continue  # other pages' parameters share the link
        raw[lever.id] = value
    levers, lever_messages = validate(raw, base_year)
    messages.extend(lever_messages)
    preset = params.get("p")
    preset_id = preset if isinstance(preset, str) and preset in PRESET_IDS else None
    name = _text(params.get("n"), MAX_NAME) or "?"
    template = PRESETS.get(preset_id) if preset_id else None
    return (
        Scenario(
            name=name,
            description=template.description if template else "",
            levers=levers,
            interpretation=template.interpretation if template else False,
            preset=preset_id,
            assumption_keys=template.assumption_keys if template else (),
        ),
        messages,
    )


def _preset(preset_id: str, n_assumptions: int, interpretation: bool = True, **levers: float) -> Scenario:
    """A preset: texts under scenario.preset.<id>.name/.description/.assumption.<n>."""
    values = defaults()
    values.update(levers)
    return Scenario(
        name=f"scenario.preset.{preset_id}.name",
        description=f"scenario.preset.{preset_id}.description",
        levers=values,
        interpretation=interpretation,
        preset=preset_id,
        assumption_keys=tuple(
            f"scenario.preset.{preset_id}.assumption.{i}" for i in range(1, n_assumptions + 1)
        ),
    )


# The network's 2030 foresight storylines turned into lever sets. The numbers are our interpretation of the
# narratives (labelled as such on screen), not results of the foresight work; their reasons are the assumption texts.
PRESETS: dict[str, Scenario] = {
    "baseline": _preset("baseline", 2, interpretation=False),
    "low_carbon_wellbeing": _preset(
        "low_carbon_wellbeing",
        4,
        net_migration_rate=2.0,
        fertility_change=5.0,
        life_expectancy_change=1.0,
        employment_rate_change=3.0,
    ),
    "lonely_unsustainable": _preset(
        "lonely_unsustainable",
        4,
        net_migration_rate=-3.0,
        fertility_change=-15.0,
        life_expectancy_change=-0.5,
        employment_rate_change=-3.0,
    ),
    "drifting": _preset(
        "drifting",
        3,
        net_migration_rate=-1.5,
        fertility_change=-5.0,
        employment_rate_change=-1.0,
    ),
}
PRESET_IDS = tuple(PRESETS)


def preset(preset_id: str) -> Scenario:
    """One preset scenario (KeyError for an unknown id)."""
    return PRESETS[preset_id]


def display_name(scenario: Scenario, lang: str = "fi") -> str:
    """The scenario's name as shown: a preset's name in lang, else the user's own name."""
    if scenario.preset and scenario.name.startswith("scenario.preset."):
        from foresight.i18n import t

        return t(scenario.name, lang)
    return scenario.name


LINK_PREFIX = (
    "sc_"  # the app's link also carries municipality, lang, peers, season, k, w, …; ours never clash
)


def to_link(scenario: Scenario, prefix: str = LINK_PREFIX) -> dict[str, str]:
    """Link parameters under the prefix; an unchanged preset travels as its id alone."""
    query = scenario.to_query()
    if scenario.preset and scenario.name.startswith("scenario.preset."):
        query.pop("n", None)  # the name is a text key: the preset id says it in every language
    return {prefix + key: value for key, value in query.items()}


def from_link(
    params: Mapping[str, Any], base_year: int | None = None, prefix: str = LINK_PREFIX
) -> tuple[Scenario | None, list[Message]]:
    """The scenario in a link (None when the link has none); tampered values give messages, never errors."""
    own: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(key, str) and key.startswith(prefix):
            own[key[len(prefix) :]] = value[-1] if isinstance(value, list) and value else value
    if not any(key in own for key in ("n", "p", *BY_SHORT)):
        return None, []
    messages: list[Message] = []
    raw_preset = own.get("p")
    if raw_preset is not None and raw_preset not in PRESET_IDS:
        messages.append(Message("scenario.message.unknown_preset", {"value": str(raw_preset)[:40]}))
        own.pop("p")
    if own.get("p") and "n" not in own:
        own["n"] = PRESETS[own["p"]].name
    scenario, lever_messages = from_query(own, base_year)
    if scenario.preset and not any(key in own for key in BY_SHORT):
        # a hand-written ?sc_p=drifting means the preset as it is
        levers, _ = validate(PRESETS[scenario.preset].levers, base_year)
        scenario = replace(scenario, levers=levers)
    return scenario, messages + lever_messages
