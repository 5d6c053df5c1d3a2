"""Peer groups on literal fixtures (test data, not statistics)."""

import pandas as pd
import pytest

from foresight import peers as P
from foresight.columns import URBAN_RURAL


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


# ---- distances, weights and limits worked by hand
# log_population of A..E is 9, 9.1, 11, 12, 8: mean 9.82, population sd sqrt(10.648 / 5) = 1.459315,
# so the standardised gap between A and B is 0.1 / 1.459315 = 0.068525.
GAP_AB = 0.1 / (10.648 / 5) ** 0.5


def test_distance_uses_the_square_root_of_the_weight():
    out = P.similar("A", feats(), REGIONS, weights(log_population=4.0), k=1)
    assert out.loc["B", "distance"] == pytest.approx(2 * GAP_AB, rel=1e-6)  # sqrt(4) × gap
    assert out.loc["B", "log_population"] == pytest.approx(GAP_AB, rel=1e-6)  # the gap itself is unweighted


def test_a_different_region_adds_exactly_the_region_weight_to_the_squared_distance():
    out = P.similar("A", feats(), REGIONS, weights(log_population=1.0, region=2.0), k=4)
    assert out.loc["B", "distance"] == pytest.approx((GAP_AB**2 + 2.0) ** 0.5, rel=1e-6)  # B: region 2
    gap_ac = 2.0 / (10.648 / 5) ** 0.5
    assert out.loc["C", "distance"] == pytest.approx(gap_ac, rel=1e-6)  # C: same region, nothing added


def test_a_missing_feature_is_filled_with_the_median_of_the_others():
    f = feats()
    f.loc["B", "log_population"] = float("nan")
    # filled with the median of 9, 11, 12, 8 = 10: values 9, 10, 11, 12, 8 have mean 10 and sd sqrt(2)
    out = P.similar("A", f, REGIONS, weights(log_population=1.0), k=4)
    assert out.loc["B", "distance"] == pytest.approx(1 / 2**0.5, rel=1e-6)
    assert out.loc["C", "distance"] == pytest.approx(2 / 2**0.5, rel=1e-6)


def test_k_is_at_most_the_others():
    assert len(P.similar("A", feats(), REGIONS, weights(log_population=1.0), k=99)) == 4
    assert len(P.similar("A", feats(), REGIONS, weights(log_population=1.0), k=0)) == 1


@pytest.mark.parametrize(
    ("raw", "value", "notes"),
    [
        (5.0, 5.0, ()),  # the maximum itself is allowed
        (5.01, 5.0, ("peers.note_weight_clamped",)),
        (0.0, 0.0, ()),
        (-0.01, 0.0, ("peers.note_weight_clamped",)),
        ("2.5", 2.5, ()),
        (None, 1.0, ("peers.note_weight_invalid",)),
        (float("inf"), 1.0, ("peers.note_weight_invalid",)),
    ],
)
def test_clean_weights_on_both_sides_of_the_limits(raw, value, notes):
    cleaned, got = P.clean_weights({"log_population": raw})
    assert cleaned["log_population"] == value and got == notes
    assert cleaned["region"] == 0.0 and cleaned["share_65_plus"] == 1.0  # the rest are the defaults


def test_region_alone_is_not_enough_weight():
    cleaned, notes = P.clean_weights({name: 0.0 for name in P.FEATURES} | {"region": 3.0})
    assert cleaned == P.DEFAULT_WEIGHTS and notes == ("peers.note_weights_zero",)
    cleaned, notes = P.clean_weights({name: 0.0 for name in P.FEATURES} | {"employment_rate": 0.5})
    assert cleaned["employment_rate"] == 0.5 and cleaned["log_population"] == 0.0 and notes == ()


@pytest.mark.parametrize(
    ("k", "kept", "clamped"), [(1, 1, False), (0, 1, True), (30, 30, False), (31, 30, True)]
)
def test_resolve_k_limits(k, kept, clamped):
    big = pd.DataFrame(
        [[float(i), 0.0, 20.0, 15.0, 1, 70.0, 30.0, 100.0] for i in range(40)],
        index=[f"{i:03d}" for i in range(40)],
        columns=list(P.FEATURES),
    )
    register = pd.DataFrame({"code": big.index, "region_code": ["1"] * 40})
    group = P.resolve("000", P.PeerSpec(kind="similar", k=k), register, GROUPS, big)
    assert group.spec.k == kept and len(group.members) == kept
    assert ("peers.note_k_clamped" in group.notes) == clamped
    assert group.members[0] == "001"  # nearest in size


def test_resolve_similar_needs_features():
    with pytest.raises(ValueError):
        P.resolve("A", P.PeerSpec(kind="similar"), REGISTER, GROUPS)


def test_three_members_are_enough_two_are_too_few():
    three = P.resolve("A", P.PeerSpec(kind="custom", codes=("B", "C", "D")), REGISTER, GROUPS)
    two = P.resolve("A", P.PeerSpec(kind="custom", codes=("B", "C")), REGISTER, GROUPS)
    assert three.notes == () and two.notes == ("peers.note_too_few",)


def test_unknown_kind_falls_back_to_similar_with_a_note():
    group = P.resolve("A", P.PeerSpec(kind="bogus"), REGISTER, GROUPS, feats())
    assert group.spec.kind == "similar" and group.notes[0] == "peers.note_unknown_kind"
    assert len(group.members) == 4 and group.explanation is not None


def test_custom_group_keeps_its_name_and_order_without_duplicates():
    group = P.resolve(
        "A", P.PeerSpec(kind="custom", codes=("D", "B", "D", "A"), name="Oma"), REGISTER, GROUPS
    )
    assert group.members == ("D", "B") and group.spec.codes == ("D", "B", "A") and group.spec.name == "Oma"


def test_network_members_are_sorted_and_leave_out_the_municipality():
    assert P.network("B", GROUPS, "S1") == ("A", "C")
    assert P.default_season(GROUPS.assign(complete=False)) == "S2"  # no complete season: the latest


def test_closest_features_are_the_smallest_gaps_in_feature_order():
    gaps = pd.Series({name: 1.0 for name in P.FEATURES} | {"share_65_plus": 0.5, "distance": 0.0})
    assert P.closest_features(gaps, n=2) == ["share_65_plus", "log_population"]


def test_to_query_only_what_differs():
    assert P.to_query(P.PeerSpec()) == {"peers": "similar"}
    spec = P.PeerSpec(kind="similar", k=3, weights=P.DEFAULT_WEIGHTS | {"region": 2.5})
    assert P.to_query(spec) == {"peers": "similar", "k": "3", "w": "region:2.5"}
    assert P.to_query(P.PeerSpec(kind="custom", codes=("091", "049"))) == {
        "peers": "custom",
        "custom": "091,049",
    }
    assert P.to_query(P.PeerSpec(kind="region")) == {"peers": "region"}


def test_from_query_limits_on_both_sides():
    spec, notes = P.from_query({"peers": "custom", "custom": ",".join(["091"] * 60), "group_name": "x" * 60})
    assert len(spec.codes) == 60 and len(spec.name) == 60 and notes == ()
    spec, notes = P.from_query({"peers": "custom", "custom": " 091 , ,049", "group_name": "  Oma   ryhmä "})
    assert spec.codes == ("091", "049") and spec.name == "Oma ryhmä"
    spec, notes = P.from_query({"peers": "network", "season": "S" * 30})
    assert spec.season == "S" * 20 and notes == ()
    spec, notes = P.from_query({"peers": "similar", "k": "12", "w": ""})
    assert spec.k == 12 and spec.weights == P.DEFAULT_WEIGHTS and notes == ()
    assert P.from_query({}) == (P.PeerSpec(), ())
    assert P.from_query({"peers": "region"}) == (P.PeerSpec(kind="region"), ())


def test_spec_key_differs_when_members_would():
    assert P.spec_key(P.PeerSpec(k=3)) != P.spec_key(P.PeerSpec(k=4))
    assert P.spec_key(P.PeerSpec()) == P.spec_key(P.PeerSpec())


def test_features_by_hand():
    register = pd.DataFrame({"code": ["A", "B"], "urban_rural": [URBAN_RURAL[0], URBAN_RURAL[2]]})
    rows = [("A", "population", 2010, 1000.0), ("A", "population", 2020, 2000.0)]
    rows += [("B", "population", 2010, 500.0), ("B", "population", 2020, 500.0)]
    for name in ("share_65_plus", "share_under_15", "employment_rate", "share_tertiary_education"):
        rows += [("A", name, 2019, 1.0), ("B", name, 2019, 2.0), ("A", name, 2020, 3.0)]
    rows += [("A", "job_self_sufficiency", 2020, 90.0), ("B", "job_self_sufficiency", 2020, 80.0)]
    rows += [("A", "job_self_sufficiency", 2019, 70.0), ("B", "job_self_sufficiency", 2019, 60.0)]
    obs = pd.DataFrame(rows, columns=["municipality", "indicator", "year", "value"])
    out = P.features(register, obs)
    assert list(out.columns) == list(P.FEATURES)
    assert out.loc["A", "log_population"] == pytest.approx(7.6009024595)  # ln 2000
    # doubling in ten years: 2^(1/10) - 1 = 7.177 % a year
    assert out.loc["A", "population_change"] == pytest.approx(7.17734625)
    assert out.loc["B", "population_change"] == 0.0
    # 2019 covers both municipalities, 2020 only one: the well-covered year wins
    assert out.loc["A", "share_65_plus"] == 1.0 and out.loc["B", "share_65_plus"] == 2.0
    assert out.loc["B", "job_self_sufficiency"] == 80.0  # a tie in coverage: the later year
    assert (out.loc["A", "urban_rural"], out.loc["B", "urban_rural"]) == (
        0,
        2,
    )  # position in the classification


def test_missing_weights_count_as_zero_and_regions_are_matched_by_code():
    partial = P.similar("A", feats(), REGIONS, {"log_population": 1.0}, k=4)
    full = P.similar("A", feats(), REGIONS, weights(log_population=1.0), k=4)
    assert partial["distance"].tolist() == pytest.approx(full["distance"].tolist())
    shuffled = REGIONS.iloc[::-1]  # the same regions listed in another order
    out = P.similar("A", feats(), shuffled, weights(log_population=1.0, region=2.0), k=4)
    assert out.loc["C", "distance"] == pytest.approx(2.0 / (10.648 / 5) ** 0.5, rel=1e-6)
    assert out.index.name == "municipality"


def test_custom_group_without_a_name():
    assert P.from_query({"peers": "custom", "custom": "091"}) == (
        P.PeerSpec(kind="custom", codes=("091",)),
        (),
    )


def test_resolved_specs_say_what_was_used():
    custom = P.resolve("A", P.PeerSpec(kind="custom", codes=("B", "C", "D")), REGISTER, GROUPS)
    assert custom.spec.kind == "custom"
    full = P.resolve("A", P.PeerSpec(kind="network", season="S1"), REGISTER, GROUPS)
    assert full.notes == ("peers.note_too_few",)  # S1 is complete: no partial-season note
    spec = P.PeerSpec(kind="similar", k=3, weights=weights(log_population=2.0, region=9.0))
    similar = P.resolve("A", spec, REGISTER, GROUPS, feats())
    assert similar.spec.weights == weights(log_population=2.0, region=5.0)  # clamped, and kept
    assert similar.notes == ("peers.note_weight_clamped",) and similar.spec.k == 3


# ---- found by mutation testing

SMALL_REGISTER = pd.DataFrame({"code": ["A", "B", "C"], "region_code": ["1", "1", "2"]})
ONE_SEASON = pd.DataFrame({"group_id": ["S1"] * 3, "municipality": ["A", "B", "C"], "complete": [True] * 3})


def test_a_custom_link_without_codes_is_an_empty_group():
    assert P.from_query({"peers": "custom"}) == (P.PeerSpec(kind="custom"), ())


def test_a_resolved_network_says_it_is_a_network():
    group = P.resolve("A", P.PeerSpec(kind="network", season="S1"), SMALL_REGISTER, ONE_SEASON)
    assert group.spec == P.PeerSpec(kind="network", season="S1") and group.members == ("B", "C")


def _sklearn_neighbours(f, regions, w, k):  # type: ignore[no-untyped-def]
    """The search as it was written with scikit-learn (StandardScaler + brute-force NearestNeighbors), for
    every municipality at once: per row the k peers' positions and distances, and the scaled features."""
    import numpy as np

    neighbors = pytest.importorskip("sklearn.neighbors")
    preprocessing = pytest.importorskip("sklearn.preprocessing")
    filled = f.fillna(f.median())
    scaled = pd.DataFrame(
        preprocessing.StandardScaler().fit_transform(filled), index=f.index, columns=f.columns
    )
    matrix = scaled.to_numpy() * np.sqrt(np.array([w.get(name, 0.0) for name in P.FEATURES]))
    if w.get("region", 0.0) > 0:
        onehot = pd.get_dummies(regions.reindex(f.index)).to_numpy(dtype=float)
        matrix = np.hstack([matrix, onehot * np.sqrt(w["region"] / 2)])
    distances, indices = (
        neighbors.NearestNeighbors(n_neighbors=k + 1, algorithm="brute").fit(matrix).kneighbors()
    )
    return indices, distances, scaled  # k + 1 (to see a tie at the cut); kneighbors() leaves each row out


def test_standardise_is_scikit_learns_standard_scaler():
    import numpy as np

    preprocessing = pytest.importorskip("sklearn.preprocessing")
    values = feats().to_numpy(dtype=float)
    values[:, 1] = 3.0  # a constant column is only centred
    expected = preprocessing.StandardScaler().fit_transform(values)
    assert np.allclose(P.standardise(values), expected, rtol=1e-12, atol=1e-15)
    assert np.array_equal(P.standardise(values)[:, 1], np.zeros(5))


@pytest.fixture(scope="module")
def snapshot_features() -> tuple[pd.DataFrame, pd.Series]:
    from foresight.snapshot import load_snapshot

    snap = load_snapshot()
    return P.features(snap.municipalities, snap.observations), snap.municipalities.set_index("code")[
        "region_code"
    ]


@pytest.mark.parametrize(
    "w",
    [
        P.DEFAULT_WEIGHTS,
        weights(log_population=3.0, share_65_plus=1.0, employment_rate=0.5),
        weights(log_population=1.0, urban_rural=2.0, region=2.0),
    ],
)
def test_similar_matches_scikit_learn_on_every_municipality_of_the_snapshot(w, snapshot_features):
    """The numpy search picks the same peers, in the same order, as scikit-learn's did (the reference).

    Where two candidates are exactly as far (Eckerö and Geta have the same population, so with only size,
    urban-rural class and region weighted they tie), scikit-learn's order is its own; such a pair only
    has to sit at the same distances.
    """
    import numpy as np

    f, regions = snapshot_features
    indices, distances, scaled = _sklearn_neighbours(f, regions, w, P.DEFAULT_K)
    ties = 0
    for row, code in enumerate(f.index):
        out = P.similar(code, f, regions, w, P.DEFAULT_K)
        expected = f.index[indices[row][: P.DEFAULT_K]]
        assert np.allclose(out["distance"].to_numpy(), distances[row][: P.DEFAULT_K], rtol=1e-9, atol=1e-12)
        for pos, (got, want) in enumerate(zip(out.index, expected, strict=True)):
            if got != want:
                tied = np.isclose(distances[row], distances[row][pos], rtol=1e-12, atol=0)
                assert tied.sum() > 1, (code, pos, got, want)
                ties += 1
                continue
            gap = (scaled.loc[want] - scaled.loc[code]).abs().to_numpy()
            assert np.allclose(
                out.loc[got, list(P.FEATURES)].to_numpy(dtype=float), gap, rtol=1e-12, atol=1e-15
            ), code
    # Only the last weighting has exact ties (Eckerö and Geta in the lists of Åland's municipalities).
    assert (ties > 0) == (w.get("region", 0.0) > 0)
