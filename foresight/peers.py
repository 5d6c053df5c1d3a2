"""Peer groups: network seasons, structurally similar municipalities (weighted k-NN), official groups, custom."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from foresight.columns import INDICATOR, MUNICIPALITY, URBAN_RURAL, VALUE, YEAR

KINDS = ("network", "similar", "region", "subregion", "urban_rural", "size_class", "country", "custom")
MIN_PEERS_FOR_RANK = 3
DEFAULT_K = 7
MAX_K = 30

# Structural features for similarity: id → how it is computed (see `features`).
FEATURES = (
    "log_population",
    "population_change",
    "share_65_plus",
    "share_under_15",
    "urban_rural",
    "employment_rate",
    "share_tertiary_education",
    "job_self_sufficiency",
)
DEFAULT_WEIGHTS: dict[str, float] = {name: 1.0 for name in FEATURES} | {"region": 0.0}
MAX_WEIGHT = 5.0
CHANGE_YEARS = 10  # population change is measured over the last ten years of data


@dataclass(frozen=True)
class PeerSpec:
    """A peer group as data: its kind and, where needed, a season, k, weights or a list of codes."""

    kind: str = "similar"
    season: str = ""
    k: int = DEFAULT_K
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    codes: tuple[str, ...] = ()
    name: str = ""  # a facilitator's own name for a custom group (plain text, shown escaped)


@dataclass(frozen=True)
class PeerGroup:
    """The resolved group: member codes (without the municipality itself) and notes for the user (keys)."""

    spec: PeerSpec
    members: tuple[str, ...]
    notes: tuple[str, ...] = ()
    explanation: pd.DataFrame | None = None
    dropped: tuple[str, ...] = ()  # codes from a link that are not municipalities of the 2026 division


def _latest_common(obs: pd.DataFrame, indicator: str) -> pd.Series:
    """The indicator per municipality in the latest year that covers the most municipalities."""
    part = obs[obs[INDICATOR] == indicator]
    counts = part.groupby(YEAR)[MUNICIPALITY].nunique()
    year = counts[counts == counts.max()].index.max()
    return part[part[YEAR] == year].set_index(MUNICIPALITY)[VALUE]


def features(municipalities: pd.DataFrame, obs: pd.DataFrame) -> pd.DataFrame:
    """Raw structural features per municipality (index = code), from the latest well-covered year."""
    pop = obs[obs[INDICATOR] == "population"]
    last = int(pop[YEAR].max())
    wide = pop[pop[YEAR].isin([last - CHANGE_YEARS, last])].pivot(
        index=MUNICIPALITY, columns=YEAR, values=VALUE
    )
    out = pd.DataFrame(index=municipalities["code"].rename(MUNICIPALITY))
    out["log_population"] = np.log(wide[last])
    # Annualised % change over ten years, so municipalities of every size compare.
    out["population_change"] = ((wide[last] / wide[last - CHANGE_YEARS]) ** (1 / CHANGE_YEARS) - 1) * 100
    for name in (
        "share_65_plus",
        "share_under_15",
        "employment_rate",
        "share_tertiary_education",
        "job_self_sufficiency",
    ):
        out[name] = _latest_common(obs, name)
    urban_rural = municipalities.set_index("code")["urban_rural"].map(
        {g: i for i, g in enumerate(URBAN_RURAL)}
    )
    out["urban_rural"] = urban_rural
    return out[list(FEATURES)]


def clean_weights(weights: dict[str, float]) -> tuple[dict[str, float], tuple[str, ...]]:
    """Clamp weights to [0, MAX_WEIGHT]; all-zero or unusable weights fall back to the defaults."""
    notes: list[str] = []
    cleaned: dict[str, float] = {}
    for name, default in DEFAULT_WEIGHTS.items():
        raw = weights.get(name, default)
        try:
            value = float(raw)
        except (TypeError, ValueError):
            value, notes = default, [*notes, "peers.note_weight_invalid"]
        if not np.isfinite(value):
            value, notes = default, [*notes, "peers.note_weight_invalid"]
        if value < 0 or value > MAX_WEIGHT:
            value, notes = min(max(value, 0.0), MAX_WEIGHT), [*notes, "peers.note_weight_clamped"]
        cleaned[name] = value
    if not any(cleaned[name] > 0 for name in FEATURES):
        return dict(DEFAULT_WEIGHTS), (*dict.fromkeys(notes), "peers.note_weights_zero")
    return cleaned, tuple(dict.fromkeys(notes))


def standardise(values: np.ndarray) -> np.ndarray:
    """Columns centred on their mean and divided by their standard deviation (ddof 0); a constant column is
    only centred. What scikit-learn's StandardScaler does (tests/test_peers.py checks it against the scaler),
    without its import (1.5–2.5 s on a page's first load)."""
    mean = values.mean(axis=0)
    std = values.std(axis=0)
    return (values - mean) / np.where(std > 0, std, 1.0)


def similar(
    target: str,
    feats: pd.DataFrame,
    regions: pd.Series,
    weights: dict[str, float],
    k: int = DEFAULT_K,
) -> pd.DataFrame:
    """The k nearest municipalities to `target` on standardised, weighted features.

    Returns one row per peer, nearest first: distance, and per feature the standardised gap (smaller = closer).
    Region, when weighted, adds its weight to the squared distance of every municipality in another region.
    """
    filled = feats.fillna(feats.median())  # a missing feature should not exclude a municipality from search
    scaled = pd.DataFrame(standardise(filled.to_numpy(dtype=float)), index=feats.index, columns=feats.columns)
    w = np.array([weights.get(name, 0.0) for name in FEATURES])
    matrix = scaled.to_numpy() * np.sqrt(w)
    if weights.get("region", 0.0) > 0:
        # One-hot regions scaled so that a different region adds exactly the region weight.
        onehot = pd.get_dummies(regions.reindex(feats.index)).to_numpy(dtype=float)
        matrix = np.hstack([matrix, onehot * np.sqrt(weights["region"] / 2)])
    k = max(1, min(int(k), len(feats) - 1))
    row = feats.index.get_loc(target)
    # Euclidean distance to every municipality (308 rows: a direct computation beats a search index, and
    # keeps scikit-learn's ~1.5 s import off the pages), nearest first; ties keep the register's order.
    distances = np.sqrt(((matrix - matrix[row]) ** 2).sum(axis=1))
    order = np.argsort(distances, kind="stable")
    order = order[order != row][:k]
    codes, dist = feats.index[order], distances[order]
    gaps = (scaled.loc[codes] - scaled.loc[target]).abs()
    out = gaps.assign(distance=dist)
    out.index.name = MUNICIPALITY
    return out


def all_neighbours(feats: pd.DataFrame, weights: dict[str, float], k: int = DEFAULT_K) -> np.ndarray:
    """Peer indices for every municipality at once (used by the benchmark and batch views).

    The same standardised, weighted distance as `similar`; at 308 × 308 a full distance matrix in numpy is
    cheaper than a search index.
    """
    scaled = standardise(feats.fillna(feats.median()).to_numpy(dtype=float))
    matrix = scaled * np.sqrt(np.array([weights.get(name, 0.0) for name in FEATURES]))
    squared = (matrix**2).sum(axis=1)
    distances = squared[:, None] + squared[None, :] - 2 * matrix @ matrix.T
    np.fill_diagonal(distances, np.inf)  # a municipality is not its own peer
    nearest = np.argpartition(distances, k, axis=1)[:, :k]
    order = np.take_along_axis(distances, nearest, axis=1).argsort(axis=1, kind="stable")
    return np.take_along_axis(nearest, order, axis=1)


def closest_features(gaps: pd.Series, n: int = 3) -> list[str]:
    """The features on which a peer is closest to the municipality (why it is similar)."""
    return gaps[list(FEATURES)].sort_values(kind="stable").index[:n].tolist()


def official(target: str, municipalities: pd.DataFrame, kind: str) -> tuple[str, ...]:
    """Members of an official grouping shared with the target (same region, sub-region, …) or the whole country."""
    reg = municipalities.set_index("code")
    if kind == "country":
        members = reg.index
    else:
        column = {"region": "region_code", "subregion": "subregion_code"}.get(kind, kind)
        members = reg.index[reg[column] == reg.loc[target, column]]
    return tuple(c for c in members if c != target)


# The kinds offered in words wherever a group is picked in one tap (situation page, workshop form).
QUICK_KINDS = ("network", "similar", "region", "size_class", "country")


def default_season(groups: pd.DataFrame) -> str:
    """The latest season with a complete member list (USO4), else the latest season."""
    complete = groups.loc[groups["complete"].astype(bool), "group_id"]
    return str(max(complete) if len(complete) else max(groups["group_id"]))


def default_spec(code: str, groups: pd.DataFrame) -> PeerSpec:
    """The peer group a municipality opens with: its own USO network (the complete season if it was a member
    then, else the latest season it belonged to); a municipality outside the network gets its structurally
    similar municipalities, so a small municipality is not compared with cities by default."""
    seasons = groups.loc[groups[MUNICIPALITY] == code, "group_id"]
    if seasons.empty:
        return PeerSpec(kind="similar")
    preferred = default_season(groups)
    season = preferred if preferred in set(seasons) else str(sorted(seasons)[-1])
    return PeerSpec(kind="network", season=season)


def network(target: str, groups: pd.DataFrame, season: str) -> tuple[str, ...]:
    """Members of a USO season (the municipality itself left out)."""
    members = groups.loc[groups["group_id"] == season, MUNICIPALITY]
    return tuple(sorted(c for c in members if c != target))


def resolve(
    target: str,
    spec: PeerSpec,
    municipalities: pd.DataFrame,
    groups: pd.DataFrame,
    feats: pd.DataFrame | None = None,
) -> PeerGroup:
    """Turn a spec into member codes, with notes (i18n keys) for anything dropped or adjusted."""
    notes: list[str] = []
    known = set(municipalities["code"])
    explanation = None
    dropped: tuple[str, ...] = ()
    if spec.kind == "network":
        seasons = set(groups["group_id"])
        season = spec.season if spec.season in seasons else default_season(groups)
        if spec.season and spec.season not in seasons:
            notes.append("peers.note_unknown_season")
        members = network(target, groups, season)
        if not bool(groups.loc[groups["group_id"] == season, "complete"].all()):
            notes.append("peers.note_partial_season")
        spec = PeerSpec(kind="network", season=season)
    elif spec.kind == "similar":
        weights, weight_notes = clean_weights(spec.weights)
        notes.extend(weight_notes)
        k = min(max(int(spec.k), 1), MAX_K)
        if k != spec.k:
            notes.append("peers.note_k_clamped")
        if feats is None:
            raise ValueError("similar peers need the structural features (peers.features)")
        regions = municipalities.set_index("code")["region_code"]
        explanation = similar(target, feats, regions, weights, k)
        members = tuple(explanation.index)
        spec = PeerSpec(kind="similar", k=k, weights=weights)
    elif spec.kind == "custom":
        dropped = tuple(c for c in spec.codes if c not in known)
        if dropped:
            notes.append("peers.note_unknown_codes")
        members = tuple(dict.fromkeys(c for c in spec.codes if c in known and c != target))
        spec = PeerSpec(
            kind="custom", codes=tuple(dict.fromkeys(c for c in spec.codes if c in known)), name=spec.name
        )
    elif spec.kind in KINDS:
        members = official(target, municipalities, spec.kind)
    else:
        fallback = resolve(target, PeerSpec(), municipalities, groups, feats)
        return PeerGroup(
            fallback.spec,
            fallback.members,
            ("peers.note_unknown_kind", *fallback.notes),
            fallback.explanation,
        )
    if len(members) < MIN_PEERS_FOR_RANK:
        notes.append("peers.note_too_few")
    return PeerGroup(spec, members, tuple(notes), explanation, dropped)


MAX_NAME = 60
MAX_CUSTOM = 60


def spec_key(spec: PeerSpec) -> tuple[Any, ...]:
    """A hashable key of everything that decides a spec's members (for caches)."""
    return (spec.kind, spec.season, spec.k, tuple(sorted(spec.weights.items())), spec.codes, spec.name)


def to_query(spec: PeerSpec) -> dict[str, str]:
    """The spec as URL query parameters (only what differs from the defaults)."""
    out = {"peers": spec.kind}
    if spec.kind == "network":
        out["season"] = spec.season
    elif spec.kind == "similar":
        if spec.k != DEFAULT_K:
            out["k"] = str(spec.k)
        changed = {n: w for n, w in spec.weights.items() if DEFAULT_WEIGHTS.get(n) != w}
        if changed:
            out["w"] = ",".join(f"{n}:{w:g}" for n, w in changed.items())
    elif spec.kind == "custom":
        out["custom"] = ",".join(spec.codes)
        if spec.name:
            out["group_name"] = spec.name
    return out


def from_query(params: dict[str, str]) -> tuple[PeerSpec, tuple[str, ...]]:
    """Read a spec from URL parameters; anything malformed falls back with a note (i18n key)."""
    notes: list[str] = []
    kind = params.get("peers", "similar")
    if kind not in KINDS:
        return PeerSpec(), ("peers.note_unknown_kind",)
    if kind == "network":
        return PeerSpec(kind=kind, season=params.get("season", "")[:20]), ()
    if kind == "similar":
        k = DEFAULT_K
        if "k" in params:
            try:
                k = int(params["k"])
            except ValueError:
                notes.append("peers.note_k_clamped")
        weights = dict(DEFAULT_WEIGHTS)
        for item in params.get("w", "").split(","):
            name, _, value = item.partition(":")
            if not item:
                continue
            if name not in DEFAULT_WEIGHTS:
                notes.append("peers.note_weight_invalid")
                continue
            try:
                weights[name] = float(value)
            except ValueError:
                notes.append("peers.note_weight_invalid")
        return PeerSpec(kind=kind, k=k, weights=weights), tuple(dict.fromkeys(notes))
    if kind == "custom":
        codes = tuple(c.strip() for c in params.get("custom", "").split(",") if c.strip())
        if len(codes) > MAX_CUSTOM:
            codes, notes = codes[:MAX_CUSTOM], ["peers.note_too_many"]
        name = " ".join(params.get("group_name", "").split())[:MAX_NAME]
        return PeerSpec(kind=kind, codes=codes, name=name), tuple(notes)
    return PeerSpec(kind=kind), ()
