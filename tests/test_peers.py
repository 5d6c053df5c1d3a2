"""Peer groups on literal fixtures (test data, not statistics)."""

import pandas as pd
import pytest

from foresight import peers as P


def feats() -> pd.DataFrame:
    # Five made-up municipalities; A is the target. B is close in size, C close in age structure.
    rows = {
        "A": [9.0, 0.0, 20.0, 15.0, 1, 70.0, 30.0, 100.0],
        "B": [9.1, 0.0, 30.0, 10.0, 1, 70.0, 30.0, 100.0],
        "C": [11.0, 0.0, 20.0, 15.0, 1, 70.0, 30.0, 100.0],
        "D": [12.0, 2.0, 35.0, 8.0, 2, 60.0, 10.0, 60.0],
        "E": [8.0, -2.0, 10.0, 20.0, 0, 80.0, 50.0, 140.0],
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(P.FEATURES))


REGIONS = pd.Series({"A": "1", "B": "2", "C": "1", "D": "1", "E": "2"})


def weights(**changes: float) -> dict[str, float]:
    return {name: 0.0 for name in P.DEFAULT_WEIGHTS} | changes


def test_nearest_by_size_alone():
    out = P.similar("A", feats(), REGIONS, weights(log_population=1.0), k=2)
    assert list(out.index) == ["B", "E"]  # |9.1-9| < |8-9| < |11-9|


def test_weights_change_the_order():
    by_age = P.similar("A", feats(), REGIONS, weights(share_65_plus=1.0, share_under_15=1.0), k=1)
    by_size = P.similar("A", feats(), REGIONS, weights(log_population=1.0), k=1)
    assert list(by_age.index) == ["C"] and list(by_size.index) == ["B"]


def test_region_weight_prefers_the_same_region():
    without = P.similar("A", feats(), REGIONS, weights(log_population=1.0), k=1)
    with_region = P.similar("A", feats(), REGIONS, weights(log_population=1.0, region=5.0), k=1)
    assert list(without.index) == ["B"] and list(with_region.index) == ["C"]


def test_explanation_names_the_closest_features():
    out = P.similar("A", feats(), REGIONS, P.DEFAULT_WEIGHTS, k=4)
    assert out["distance"].is_monotonic_increasing
    closest_c = P.closest_features(out.loc["C"], n=2)
    assert "log_population" not in closest_c  # C differs from A only in size
    assert P.closest_features(out.loc["B"], n=1) != ["log_population"] or out.loc["B", "log_population"] == 0


def test_clean_weights():
    cleaned, notes = P.clean_weights({name: 0.0 for name in P.DEFAULT_WEIGHTS})
    assert cleaned == P.DEFAULT_WEIGHTS and "peers.note_weights_zero" in notes
    cleaned, notes = P.clean_weights(
        {"log_population": 99, "share_65_plus": "abc", "employment_rate": float("nan")}
    )
    assert cleaned["log_population"] == P.MAX_WEIGHT
    assert cleaned["share_65_plus"] == 1.0 and cleaned["employment_rate"] == 1.0
    assert set(notes) == {"peers.note_weight_clamped", "peers.note_weight_invalid"}


REGISTER = pd.DataFrame(
    {
        "code": ["A", "B", "C", "D", "E"],
        "region_code": ["1", "2", "1", "1", "2"],
        "subregion_code": ["11", "21", "11", "12", "21"],
        "urban_rural": ["rural", "rural", "urban", "rural", "semi_urban"],
        "size_class": ["small", "small", "large", "medium", "small"],
    }
)
GROUPS = pd.DataFrame(
    {
        "group_id": ["S1", "S1", "S1", "S2"],
        "municipality": ["A", "B", "C", "D"],
        "complete": [True] * 3 + [False],
    }
)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("region", ("C", "D")),
        ("subregion", ("C",)),
        ("urban_rural", ("B", "D")),
        ("size_class", ("B", "E")),
        ("country", ("B", "C", "D", "E")),
    ],
)
def test_official_groups(kind, expected):
    assert P.official("A", REGISTER, kind) == expected


def test_resolve_network_and_partial_season():
    full = P.resolve("A", P.PeerSpec(kind="network", season="S1"), REGISTER, GROUPS)
    assert full.members == ("B", "C") and "peers.note_too_few" in full.notes
    partial = P.resolve("A", P.PeerSpec(kind="network", season="S2"), REGISTER, GROUPS)
    assert "peers.note_partial_season" in partial.notes


def test_resolve_custom_drops_unknown_codes():
    group = P.resolve("A", P.PeerSpec(kind="custom", codes=("B", "ZZZ", "A", "C", "D")), REGISTER, GROUPS)
    assert group.members == ("B", "C", "D") and group.dropped == ("ZZZ",)
    assert "peers.note_unknown_codes" in group.notes and "peers.note_too_few" not in group.notes


def test_resolve_similar_with_k_clamped():
    group = P.resolve("A", P.PeerSpec(kind="similar", k=99), REGISTER, GROUPS, feats())
    assert len(group.members) == 4 and "peers.note_k_clamped" in group.notes


def test_default_season_is_the_complete_list():
    assert P.default_season(GROUPS) == "S1"
    group = P.resolve("D", P.PeerSpec(kind="network", season="NOPE"), REGISTER, GROUPS)
    assert group.spec.season == "S1" and "peers.note_unknown_season" in group.notes


@pytest.mark.parametrize(
    "spec",
    [
        P.PeerSpec(kind="network", season="USO4"),
        P.PeerSpec(kind="similar", k=10, weights=P.DEFAULT_WEIGHTS | {"region": 2.0, "log_population": 0.5}),
        P.PeerSpec(kind="custom", codes=("091", "049"), name="Meidän verkosto"),
        P.PeerSpec(kind="region"),
    ],
)
def test_query_round_trip(spec):
    back, notes = P.from_query(P.to_query(spec))
    assert back == spec and notes == ()


def test_tampered_query_falls_back_with_notes():
    assert P.from_query({"peers": "<script>"}) == (P.PeerSpec(), ("peers.note_unknown_kind",))
    spec, notes = P.from_query({"peers": "similar", "k": "seven", "w": "log_population:x,bogus:3,region:2"})
    assert spec.k == P.DEFAULT_K and spec.weights["region"] == 2.0 and spec.weights["log_population"] == 1.0
    assert set(notes) == {"peers.note_k_clamped", "peers.note_weight_invalid"}
    spec, notes = P.from_query(
        {"peers": "custom", "custom": ",".join(["091"] * 100), "group_name": "x" * 500}
    )
    assert (
        len(spec.codes) == P.MAX_CUSTOM and len(spec.name) == P.MAX_NAME and notes == ("peers.note_too_many",)
    )


def test_all_neighbours_agrees_with_the_single_search():
    f = feats()
    w = weights(log_population=1.0, share_65_plus=1.0)
    every = P.all_neighbours(f, w, k=2)
    for row, code in enumerate(f.index):
        single = P.similar(code, f, REGIONS, w, k=2)
        assert list(f.index[every[row]]) == list(single.index)


def test_default_spec_network_members_and_others() -> None:
    from foresight.peers import PeerSpec, default_spec

    # Test data: USO4 is the complete season; A was a member then, B only in USO3, C never.
    groups = pd.DataFrame(
        {
            "group_id": ["USO4", "USO4", "USO3", "USO3", "USO5"],
            "municipality": ["A", "X", "B", "A", "B"],
            "complete": [True, True, False, False, False],
        }
    )
    assert default_spec("A", groups) == PeerSpec(kind="network", season="USO4")
    assert default_spec("B", groups) == PeerSpec(kind="network", season="USO5")  # its latest season
    assert default_spec("C", groups) == PeerSpec(kind="similar")
