"""A workshop's words: step titles, item and lever labels, values in the indicator's unit, what the room is asked.

Plain strings, nothing drawn; a caller that puts participant text into st.markdown escapes it
(security.escape_markdown).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from foresight import datasets
from foresight import format as fmt
from foresight.columns import THEMES
from foresight.i18n import has, t, tn
from foresight.ui import loaders, widgets
from foresight.workshop import plan, service, voting
from foresight.workshop.models import GUESS, MATRIX, RANKING, SCENARIO

GUESS_KINDS = (GUESS, "projection")
# The room's levers: rates that read the same in every municipality and that move the population figure.
ROOM_LEVERS = ("net_migration_rate", "fertility_change", "life_expectancy_change")


def error_text(err: service.WorkshopError, lang: str) -> str:
    """A refusal in the user's language."""
    return t(err.key, lang, **err.params) if has(err.key, lang) else t("workshop.error.generic", lang)


def kind_label(kind: str, lang: str) -> str:
    return t(f"workshop.step.kind.{kind}", lang)


def step_title(step: Mapping[str, Any], lang: str) -> str:
    """The facilitator's title, else the indicator's name for indicator steps, else the kind's name."""
    if step.get("title"):
        return str(step["title"])
    indicator = step.get("indicator")
    cat = loaders.catalogue()
    if indicator in cat.index and step["kind"] in ("indicator", "projection", GUESS):
        return f"{kind_label(step['kind'], lang)}: {cat.loc[indicator, f'name_{lang}']}"
    return kind_label(step["kind"], lang)


def item_labels(step: Mapping[str, Any], lang: str) -> dict[str, str]:
    """Display names of a ranking's or 2×2's items: themes, indicators, or the stored labels."""
    cat = loaders.catalogue()
    themes = plan.theme_items(step)
    out = {}
    for item in step.get("items") or THEMES:
        if not themes and item in cat.index:  # an indicator: its name in the reader's language
            out[item] = str(cat.loc[item, f"name_{lang}"])
        else:
            out[item] = plan.item_label(step, item, lang)
    return out


def unit_of(indicator: str, lang: str) -> str:
    cat = loaders.catalogue()
    return datasets.unit_label(str(cat.loc[indicator, "unit"]), lang) if indicator in cat.index else ""


def value_text(indicator: str, value: float | None, lang: str) -> str:
    cat = loaders.catalogue()
    if indicator in cat.index:
        return widgets.value_text(cat.loc[indicator], value, lang)
    return fmt.number(value, 1, lang)


def method_name(method: str, lang: str) -> str:
    """A projection method's name in words ('drift' → 'keskimääräinen vuosimuutos')."""
    key = f"projection.method.{method}"
    return t(key, lang) if method and has(key, lang) else t("workshop.reveal.method_unknown", lang)


def mid_sentence(name: str) -> str:
    """A name placed mid-sentence: 'Väkiluku' → 'väkiluku', but 'HUS-alue' and 'EU' stay as they are."""
    return name[:1].lower() + name[1:] if len(name) > 1 and name[1:2].islower() else name


def prompt(step: Mapping[str, Any], lang: str, code: str = "") -> str:
    """What the room is asked at this step (guesses name the municipality)."""
    kind = step["kind"]
    if kind == RANKING:
        return t("workshop.vote.ranking.prompt", lang)
    if kind == MATRIX:
        return t("workshop.vote.matrix.prompt", lang)
    if kind in GUESS_KINDS:
        ind_id = str(step.get("indicator", ""))
        cat = loaders.catalogue()
        name = str(cat.loc[ind_id, f"name_{lang}"]) if ind_id in cat.index else ind_id
        return t(
            "workshop.vote.guess.prompt",
            lang,
            indicator=mid_sentence(name),
            year=int(step.get("year", 2030)),
            name=widgets.name(code, lang) if code else "",
        ).lstrip(": ")
    if kind == SCENARIO:
        return t("workshop.vote.scenario.prompt", lang)
    return ""


def answer_text(
    kind: str, payload: Mapping[str, Any], comment: str, step: Mapping[str, Any] | None, lang: str
) -> str:
    """What a participant sent, in words, for the facilitator deciding what to hide: a guess as the indicator
    writes its value, a ranking as its order of names, a 2×2 as each item's box, a scenario by its name and
    levers, a comment as typed. Plain text: the caller escapes it."""
    step = step or {}
    if kind == GUESS:
        return value_text(str(step.get("indicator", "")), float(payload.get("value", 0.0)), lang)
    if kind == RANKING:
        labels = item_labels({**step, "items": step.get("items") or payload.get("order")}, lang)
        return " · ".join(f"{n}. {labels.get(i, i)}" for n, i in enumerate(payload.get("order", ()), start=1))
    if kind == MATRIX:
        labels = item_labels(
            {**step, "items": step.get("items") or list(payload.get("placements", {}))}, lang
        )
        return "; ".join(
            f"{labels.get(i, i)}: {t(f'workshop.matrix.choice.{voting.mean_quadrant(*xy)}', lang)}"
            for i, xy in dict(payload.get("placements", {})).items()
        )
    if kind == SCENARIO:
        title, levers = scenario_title(payload, lang), lever_text(payload.get("levers") or {}, lang)
        text = title if levers == title else f"{title} ({levers})"  # an unnamed one is named by its levers
        return f"{text}: {comment}" if comment else text
    return comment


def lever_options(lever_id: str) -> list[float]:
    """The values a room lever can take, from its minimum to its maximum in its steps."""
    from foresight import scenario

    low, high, stride = scenario.slider_range(lever_id)
    count = int(round((high - low) / stride))
    return [round(low + i * stride, 6) for i in range(count + 1)]


def lever_value_text(lever_id: str, value: float, lang: str) -> str:
    """A room lever's value in words: '+2,0 ‰ of residents a year', '−5 %', '+0,5 years'."""
    from foresight import scenario

    lever = scenario.levers.BY_ID[lever_id]
    decimals = 0 if float(value).is_integer() and lever.step >= 1 else 1
    number = fmt.number(float(value), decimals, lang, sign=float(value) != 0)
    return t(f"workshop.lever.{lever_id}.value", lang, value=number)


def lever_text(levers: Mapping[str, Any], lang: str) -> str:
    """The levers a scenario moved from the defaults, in words ('Syntyvyys +5 %; …')."""
    from foresight import scenario

    base = scenario.defaults()
    parts = []
    for lever in scenario.LEVERS:
        value = levers.get(lever.id)
        if value is None or base.get(lever.id) == value or lever.id == "start_year":
            continue
        if has(f"workshop.lever.{lever.id}.value", lang):
            parts.append(f"{t(f'workshop.lever.{lever.id}', lang)} {lever_value_text(lever.id, value, lang)}")
            continue
        number = fmt.number(float(value), 0 if lever.integer else 1, lang, sign=True)
        parts.append(f"{t(lever.label_key, lang)} {number} {t(lever.unit, lang)}")
    return "; ".join(parts) or t("workshop.scenario.no_change", lang)


def scenario_title(payload: Mapping[str, Any], lang: str) -> str:
    """A scenario's name: the one typed, else the preset's if its levers are untouched, else its levers."""
    from foresight import scenario

    name = str(payload.get("name") or "").strip()
    if name:
        return name
    levers = dict(payload.get("levers") or {})
    preset = payload.get("preset")
    if preset in scenario.PRESETS and preset != "baseline":
        own = scenario.preset(str(preset)).levers
        if all(float(levers.get(k, v)) == float(v) for k, v in own.items()):
            return t(f"scenario.preset.{preset}.name", lang)
    return lever_name(levers, lang)


def lever_name(levers: Mapping[str, Any], lang: str) -> str:
    """A short name from the room's levers that moved: 'Muuttoliike +2,0 ‰/v; Syntyvyys +10 %'."""
    from foresight import scenario

    base = scenario.defaults()
    parts = []
    for lever_id in ROOM_LEVERS:
        value = levers.get(lever_id)
        if value is None or float(value) == float(base[lever_id]):
            continue
        parts.append(f"{t(f'workshop.lever.{lever_id}', lang)} {lever_value_text(lever_id, value, lang)}")
    return "; ".join(parts) or t("workshop.scenario.no_change", lang)


def peer_choice_label(peer_text: str, code: str, lang: str) -> str:
    """peer_label for the creation form, a USO season with its years and size ('…, kausi USO3 (2015–2016,
    4 kuntaa)'), as seasons differ much in size and a municipality may not belong to one."""
    from foresight.workshop import plan

    label = peer_label(peer_text, code, lang)
    label = label[:1].upper() + label[1:]  # a list choice starts with a capital; mid-sentence it does not
    query = plan.peer_query(peer_text)
    groups = loaders.snapshot().network_groups
    part = (
        groups[groups["group_id"] == query.get("season")] if query.get("peers") == "network" else groups[:0]
    )
    if part.empty:
        return label
    return tn(
        "workshop.create.peers_season",
        len(part),
        lang,
        group=label,
        period=fmt.year_range(str(part["period"].iloc[0])),
    )


def peer_label(peer_text: str, code: str, lang: str) -> str:
    """The workshop's stored peer group (URL parameters as text, plan.peer_text) in words, as the situation
    and seminar pages name it ('USO-verkosto, kausi USO4'); '–' when none was stored, and a plain
    'unknown group' for a text no peer kind reads (an old free-text field, a tampered value)."""
    from foresight import peers, report
    from foresight.workshop import plan

    reg = loaders.register()
    if not peer_text.strip() or code not in reg.index:
        return "–"
    query = plan.peer_query(peer_text)
    if query.get("peers") not in peers.KINDS:
        return t("workshop.peers.unknown", lang)
    spec, _ = peers.from_query(query)
    return report.group_label(peers.PeerGroup(spec, ()), reg, code, lang)
