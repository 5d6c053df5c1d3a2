"""A workshop's prepared steps from a facilitator's few choices (kinds in order, indicators, scenarios)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode

import pandas as pd

from foresight import i18n, peers
from foresight.columns import THEMES
from foresight.workshop.models import (
    ADDED_KINDS,
    GUESS,
    MATRIX,
    OWNDATA,
    RANKING,
    SCENARIO,
    STEP_KINDS,
    SURVEY,
)

GUESS_YEAR: Final = 2030
DEFAULT_KINDS: Final = ("overview", "projection", RANKING, MATRIX, SCENARIO, "comparison", "results")
DEFAULT_INDICATORS: Final = ("population",)
# Kinds that show (or ask about) one indicator: they take the first chosen indicator.
INDICATOR_KINDS: Final = ("indicator", "projection", GUESS)


def build_steps(
    kinds: Sequence[str],
    indicators: Sequence[str] = DEFAULT_INDICATORS,
    *,
    rank_indicators: bool = False,
    presets: Sequence[str] = (),
    labels: Mapping[str, str] | None = None,
    year: int = GUESS_YEAR,
) -> list[dict[str, Any]]:
    """Steps in the chosen order: indicator kinds use the first indicator, rankings and 2×2s the themes or
    (rank_indicators) the chosen indicators, the comparison the chosen scenario presets.

    labels: display names of indicator items in the facilitator's language (kept for the exported summary).
    A kind chosen twice gets a numbered id, so ids stay unique. Unknown kinds are left out.
    """
    indicator = indicators[0] if indicators else DEFAULT_INDICATORS[0]
    items = list(indicators) if rank_indicators and len(indicators) >= 2 else list(THEMES)
    steps: list[dict[str, Any]] = []
    used: dict[str, int] = {}
    for kind in kinds:
        if kind not in STEP_KINDS or kind in ADDED_KINDS:  # these come from the control panel, later
            continue
        used[kind] = used.get(kind, 0) + 1
        step: dict[str, Any] = {
            "id": kind if used[kind] == 1 else f"{kind}_{used[kind]}",
            "kind": kind,
            "title": "",
        }
        if kind in INDICATOR_KINDS:
            step.update(indicator=indicator, year=int(year))
        elif kind in (RANKING, MATRIX):
            step["items"] = items
            if labels and items != list(THEMES):
                step["labels"] = {i: str(labels[i]) for i in items if i in labels}
        elif kind == "comparison":
            step["scenarios"] = list(presets)
        steps.append(step)
    return steps


def theme_items(step: Mapping[str, Any]) -> bool:
    """Whether a ranking's or 2×2's items are themes (named by the app's theme.* names), not indicators: an
    indicator ranking may hold an indicator whose id is also a theme's ("population")."""
    return set(step.get("items") or THEMES) <= set(THEMES)


def item_label(step: Mapping[str, Any], item: str, lang: str) -> str:
    """A theme's official name in the language (the same words as the rest of the app and the survey), else the
    label stored with the step (an indicator's name in the facilitator's language), else the id."""
    if theme_items(step) and i18n.has(f"theme.{item}", lang):
        return i18n.t(f"theme.{item}", lang)
    return str((step.get("labels") or {}).get(item, item))


def _with_step(
    steps: Sequence[Mapping[str, Any]], after: int, kind: str, field: str, value: str, title: str
) -> tuple[list[dict[str, Any]], int]:
    """Steps with a `kind` step whose `field` is `value` right after step `after` (or the existing one), and
    its index. Putting it next means the facilitator's "next" brings it up; a second click finds the same step.
    """
    out = [dict(s) for s in steps]
    for i, step in enumerate(out):
        if step["kind"] == kind and step.get(field) == value:
            return out, i
    ids = {s["id"] for s in out}
    n = 1
    while f"{kind}_{n}" in ids:
        n += 1
    at = max(0, min(after + 1, len(out)))
    out.insert(at, {"id": f"{kind}_{n}", "kind": kind, "title": title[:200], field: value})
    return out, at


def with_owndata_step(
    steps: Sequence[Mapping[str, Any]], after: int, indicator: str, title: str
) -> tuple[list[dict[str, Any]], int]:
    """Steps with an own-data indicator step right after step `after` (or the existing one), and its index."""
    return _with_step(steps, after, OWNDATA, "indicator", indicator, title)


def with_survey_step(
    steps: Sequence[Mapping[str, Any]], after: int, code: str
) -> tuple[list[dict[str, Any]], int]:
    """Steps with a residents' survey step (the survey's public code) right after step `after` (or the
    existing one for that survey), and its index. No title: the wall names the kind and shows the survey's
    own title escaped, as text a resident's survey brings in."""
    return _with_step(steps, after, SURVEY, "survey", code, "")


def peer_text(query: Mapping[str, str]) -> str:
    """A peer spec's URL parameters (foresight.peers.to_query) as one storable text."""
    return urlencode(dict(query))


def peer_choices(current: peers.PeerSpec, groups: pd.DataFrame) -> list[str]:
    """The comparison groups a facilitator picks from, as the stored texts (peer_text): the situation page's
    kinds with every USO season, the current group kept as it is (its k, weights, codes), a rarer one first."""
    seasons = sorted(set(groups["group_id"].astype(str)))
    specs = []
    for kind in peers.QUICK_KINDS:
        if kind == "network":
            specs += [peers.PeerSpec(kind="network", season=s) for s in seasons]
        else:
            specs.append(current if current.kind == kind else peers.PeerSpec(kind=kind))
    texts = [peer_text(peers.to_query(spec)) for spec in specs]
    own = peer_text(peers.to_query(current))
    return list(dict.fromkeys(texts if own in texts else [own, *texts]))


def peer_index(current: peers.PeerSpec, groups: pd.DataFrame) -> int:
    """Where the current group stands among peer_choices (it is always there)."""
    return peer_choices(current, groups).index(peer_text(peers.to_query(current)))


def peer_query(text: str) -> dict[str, str]:
    """The URL parameters back from peer_text (peers.from_query reads them); malformed parts dropped."""
    return {k: v for k, v in parse_qsl(text or "", keep_blank_values=False)}
