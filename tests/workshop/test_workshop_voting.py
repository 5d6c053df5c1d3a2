"""Voting helpers worked by hand: shuffled starts, tap-to-order, quadrants, typed numbers, far-off guesses, axes."""

from __future__ import annotations

import pytest

from foresight.workshop import guess, voting

ITEMS = ["population", "vitality", "wellbeing", "finances", "participation", "sustainability"]


def test_start_order_is_a_per_participant_shuffle_stable_on_reload():
    a = voting.start_order("1.secretA", "rank", ITEMS)
    assert sorted(a) == sorted(ITEMS)
    assert voting.start_order("1.secretA", "rank", ITEMS) == a  # the same after a reload
    starts = {tuple(voting.start_order(f"{i}.s{i}", "rank", ITEMS)) for i in range(40)}
    assert len(starts) > 30  # participants see different orders
    firsts = [voting.start_order(f"{i}.s{i}", "rank", ITEMS)[0] for i in range(600)]
    # no item is first for everyone: each is first for about 1/6 of 600 = 100
    assert all(60 < firsts.count(item) < 140 for item in ITEMS)


def test_tap_appends_and_fills_the_last_item():
    order: list[str] = []
    for item in ("finances", "vitality", "finances", "wellbeing", "population"):
        order = voting.tap(order, item, ITEMS)
    assert order == ["finances", "vitality", "wellbeing", "population"]  # a second tap changes nothing
    order = voting.tap(order, "sustainability", ITEMS)
    assert order == ["finances", "vitality", "wellbeing", "population", "sustainability", "participation"]


def test_quadrants():
    assert voting.placement("critical") == [0.75, 0.75]
    assert voting.quadrant_of([0.9, 0.1]) == "trends" and voting.quadrant_of([0.1, 0.9]) == "watch"
    assert voting.quadrant_of([0.5, 0.5]) is None


def test_placements_keep_only_tapped_items():
    # "minor" is low impact, low uncertainty: the quarter point; an untapped item (None) is not sent.
    chosen = {"vitality": "minor", "finances": None, "wellbeing": "watch"}
    assert voting.placements(chosen) == {"vitality": [0.25, 0.25], "wellbeing": [0.25, 0.75]}
    assert voting.placements({"vitality": None}) == {}


def test_what_each_step_kind_takes():
    from foresight.workshop.models import answer_kind

    assert answer_kind("projection") == "guess"  # predict, then reveal
    assert [answer_kind(k) for k in ("ranking", "matrix", "guess", "scenario")] == [
        "ranking",
        "matrix",
        "guess",
        "scenario",
    ]
    assert answer_kind("overview") is None and answer_kind("results") is None and answer_kind("x") is None


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("125 000", 125000.0),
        ("125000", 125000.0),
        ("125\u00a0000", 125000.0),
        ("125,5", 125.5),
        ("125.5", 125.5),
        ("\u22123,2", -3.2),
        ("1.250.000", 1250000.0),
        ("125,000.5", 125000.5),
        (" 7 ", 7.0),
    ],
)
def test_parse_number_reads_phone_keyboards(typed, value):
    assert guess.parse_number(typed) == value


@pytest.mark.parametrize("typed", ["", "abc", "12a", "1,2,3", "nan", "inf", None])
def test_parse_number_refuses_text(typed):
    assert guess.parse_number(typed) is None


def test_far_off_suggests_thousands():
    # Kuopio's population 2025: 126 572; "125" meant thousands
    off = guess.far_off(125, 126_572)
    assert off is not None and off.suggestion == 125_000
    assert guess.far_off(125_000, 126_572) is None
    assert guess.far_off(12_658, 126_572) is None  # exactly 1/10 is still on the scale
    assert guess.far_off(12_000, 126_572).suggestion is None  # type: ignore[union-attr]
    assert guess.far_off(125_000_000, 126_572).suggestion == 125_000  # type: ignore[union-attr]
    assert guess.far_off(-5, 7.9) is not None and guess.far_off(5, None) is None


def test_axis_keeps_a_typo_off_the_scale():
    # the review's three guesses: 125 (typo), 127 000, 130 000; the answer 129 095
    axis = guess.axis_range([125, 127_000, 130_000], answer=129_095)
    assert axis is not None and axis.below == 1 and axis.above == 0
    assert 126_000 < axis.low < 127_000 and 130_000 < axis.high < 131_000
    # 20 guesses 100..119 and one 5 000 000: the 5th–95th percentile (by hand: 100.95 and 119.05 over
    # 100,...,119,5e6 sorted → positions 1.0 and 19.0 → 101 and 119), padded by 5 % of 18 = 0.9
    many = [*range(100, 120), 5_000_000]
    axis = guess.axis_range(many)
    assert axis is not None
    assert axis.low == pytest.approx(101 - 0.9) and axis.high == pytest.approx(119 + 0.9)
    assert (axis.below, axis.above) == (1, 1)  # 100 below, 5 000 000 above


def test_within_band_counts_hits():
    assert guess.within_band([1, 2, 3, 4, 5], (2, 4)) == 3
    assert guess.within_band([1, 2], None) == 0
    assert guess.relative_error(110, 100) == pytest.approx(0.1)
