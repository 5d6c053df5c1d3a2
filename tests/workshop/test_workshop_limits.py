"""The workshop service on both sides of every limit, the idempotency race made deterministic, and the
room's statistics worked out by hand (test data: invented answers)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from foresight.workshop import aggregates, db, service
from foresight.workshop.models import participants, submissions

from .conftest import STEPS


@pytest.fixture
def room(engine):
    created = service.create_workshop(engine, "Rajat", "091", "", STEPS)
    seats = [service.join(engine, created.join_code, name) for name in ("Anna", "Bo")]
    return engine, created, seats


def stored(engine, participant_id: int) -> list[tuple[int, str, str]]:
    with db.read(engine) as conn:
        rows = conn.execute(
            select(submissions.c.id, submissions.c.idem_key, submissions.c.comment)
            .where(submissions.c.participant_id == participant_id)
            .order_by(submissions.c.id)
        ).all()
    return [tuple(r) for r in rows]


# ---------------------------------------------------------------- idempotency


def test_a_retry_after_voting_closed_still_gets_the_stored_answer(room):
    """The early return for a known key comes before every check: a lost answer's retry is not refused."""
    engine, created, (a, _b) = room
    first = service.submit(engine, a.token, "own", "comment", {"comment": "ennen"}, "late-retry")
    service.set_voting(engine, created.workshop.id, created.facilitator_key, False)
    again = service.submit(engine, a.token, "own", "comment", {"comment": "ennen"}, "late-retry")
    assert (again.submission_id, again.duplicate) == (first.submission_id, True)
    with pytest.raises(service.Closed, match="voting_closed"):
        service.submit(engine, a.token, "own", "comment", {"comment": "uusi"}, "new-key")


def test_a_guess_retried_after_the_reveal_gets_the_stored_answer(room):
    engine, created, (a, _b) = room
    first = service.submit(engine, a.token, "pop2030", "guess", {"value": 600_000}, "g1")
    service.reveal(engine, created.workshop.id, created.facilitator_key, "pop2030")
    again = service.submit(engine, a.token, "pop2030", "guess", {"value": 600_000}, "g1")
    assert (again.submission_id, again.duplicate) == (first.submission_id, True)
    with pytest.raises(service.Closed, match="already_revealed"):
        service.submit(engine, a.token, "pop2030", "guess", {"value": 1}, "g2")


def test_twin_committed_between_the_check_and_the_insert(room, monkeypatch):
    """The race, made deterministic: a twin request with the same key is stored after this request has
    looked for it and before it inserts. The insert must step aside and report the twin's row."""
    engine, _created, (a, _b) = room
    real = service._insert_once
    twin_ids: list[int] = []

    def twin_first(conn, values):
        twin = values | {"comment": "twin", "created": datetime.now(UTC)}
        twin_ids.append(
            conn.execute(submissions.insert().values(**twin).returning(submissions.c.id)).scalar_one()
        )
        return real(conn, values)

    monkeypatch.setattr(service, "_insert_once", twin_first)
    result = service.submit(engine, a.token, "own", "comment", {"comment": "me"}, "race-1")
    assert (result.submission_id, result.duplicate) == (twin_ids[0], True)
    assert stored(engine, a.participant_id) == [(twin_ids[0], "race-1", "twin")]


@pytest.mark.postgres
def test_two_requests_interleaved_by_a_barrier_on_postgresql(pg_database, monkeypatch):
    """Two real requests with the same key: both look for an earlier one (none yet), then both insert.
    PostgreSQL lets both transactions run; the unique index makes the second wait and do nothing."""
    engine = db.make_engine(pg_database)
    created = service.create_workshop(engine, "Kilpa", steps=STEPS)
    seat = service.join(engine, created.join_code)
    real = service._insert_once
    barrier = threading.Barrier(2, timeout=20)

    def after_both_looked(conn, values):
        barrier.wait()  # neither inserts before both have seen no earlier row
        return real(conn, values)

    monkeypatch.setattr(service, "_insert_once", after_both_looked)
    answers: list[service.Submitted] = []
    errors: list[BaseException] = []

    def request() -> None:
        try:
            answers.append(service.submit(engine, seat.token, "own", "comment", {"comment": "x"}, "same-key"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=request) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    assert len({r.submission_id for r in answers}) == 1
    assert sorted(r.duplicate for r in answers) == [False, True]
    assert len(stored(engine, seat.participant_id)) == 1
    engine.dispose()


def test_two_requests_at_once_on_each_database_store_one_row(room):
    """Started together by a barrier (on SQLite the second waits for the write lock and finds the first)."""
    engine, _created, (a, _b) = room
    barrier = threading.Barrier(2, timeout=20)
    answers: list[service.Submitted] = []

    def request() -> None:
        barrier.wait()
        answers.append(service.submit(engine, a.token, "own", "comment", {"comment": "y"}, "together"))

    threads = [threading.Thread(target=request) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len({r.submission_id for r in answers}) == 1 and sorted(r.duplicate for r in answers) == [
        False,
        True,
    ]
    assert len(stored(engine, a.participant_id)) == 1


def test_the_same_key_from_another_participant_is_their_own(room):
    engine, _created, (a, b) = room
    one = service.submit(engine, a.token, "own", "comment", {"comment": "a"}, "k")
    two = service.submit(engine, b.token, "own", "comment", {"comment": "b"}, "k")
    assert one.submission_id != two.submission_id and not one.duplicate and not two.duplicate


@pytest.mark.parametrize(("key", "ok"), [("a" * 64, True), ("a" * 65, False), ("", False), ("x y", False)])
def test_idempotency_key_shape(room, key, ok):
    engine, _created, (a, _b) = room
    if ok:
        assert not service.submit(engine, a.token, "own", "comment", {"comment": "k"}, key).duplicate
    else:
        with pytest.raises(service.Invalid, match="bad_idem_key"):
            service.submit(engine, a.token, "own", "comment", {"comment": "k"}, key)


@pytest.mark.parametrize("token", ["", "abc", "1.", ".secret", "x.secret", "999999.secret"])
def test_bad_tokens_are_refused(room, token):
    engine, _created, _seats = room
    with pytest.raises(service.Forbidden, match="bad_token"):
        service.submit(engine, token, "own", "comment", {"comment": "k"}, "k1")


def test_a_wrong_secret_for_a_real_seat_is_refused(room):
    engine, _created, (a, _b) = room
    with pytest.raises(service.Forbidden):
        service.submit(engine, f"{a.participant_id}.wrong", "own", "comment", {"comment": "k"}, "k1")


# ---------------------------------------------------------------- limits


def test_the_500th_participant_is_admitted_and_the_501st_refused(engine):
    created = service.create_workshop(engine, "Täynnä")
    wid = created.workshop.id
    now = datetime.now(UTC)
    with db.write(engine) as conn:
        conn.execute(
            participants.insert(),
            [
                {"workshop_id": wid, "display_name": None, "token_hash": "x", "created": now}
                for _ in range(499)
            ],
        )
    assert service.join(engine, created.join_code).workshop_id == wid  # the 500th
    assert service.participant_count(engine, wid) == service.MAX_PARTICIPANTS == 500
    with pytest.raises(service.Closed, match="full"):
        service.join(engine, created.join_code)


@pytest.mark.parametrize("point", [[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.5], [0.5, 0.0]])
def test_matrix_edges_are_inside(room, point):
    engine, created, (a, _b) = room
    service.submit(engine, a.token, "grid", "matrix", {"placements": {"vitality": point}}, "m")
    assert aggregates.matrix_points(engine, created.workshop.id, "grid").iloc[0].tolist() == [
        "vitality",
        *point,
    ]


@pytest.mark.parametrize(
    "point", [[1.000001, 0.5], [0.5, 1.000001], [-0.000001, 0.5], [0.5, -0.000001], [0.5], [0.5, 0.5, 0.5]]
)
def test_matrix_outside_the_square_is_refused(room, point):
    engine, _created, (a, _b) = room
    with pytest.raises(service.Invalid, match="bad_matrix"):
        service.submit(engine, a.token, "grid", "matrix", {"placements": {"vitality": point}}, "m")


def test_an_empty_matrix_answer_is_refused(room):
    engine, _created, (a, _b) = room
    # issue 18: an empty 2×2 is the untouched form, refused with "you have not answered yet"
    with pytest.raises(service.Invalid, match="untouched"):
        service.submit(engine, a.token, "grid", "matrix", {"placements": {}}, "m")


def test_step_limits_on_both_sides():
    overview = [{"id": f"s{i}", "kind": "overview"} for i in range(50)]
    assert len(service.validate_steps(overview)) == service.MAX_STEPS == 50
    with pytest.raises(service.Invalid, match="too_many"):
        service.validate_steps([*overview, {"id": "s50", "kind": "overview"}])
    two = service.validate_steps([{"id": "r", "kind": "ranking", "items": ["a", "b"]}])
    assert two[0]["items"] == ["a", "b"] and two[0]["title"] == ""
    twenty = [f"i{i}" for i in range(20)]
    assert service.validate_steps([{"id": "r", "kind": "matrix", "items": twenty}])[0]["items"] == twenty
    for items in (["a"], [*twenty, "i20"], ["a", "a"]):
        with pytest.raises(service.Invalid, match="bad_step"):
            service.validate_steps([{"id": "r", "kind": "ranking", "items": items}])


@pytest.mark.parametrize(
    "steps",
    [
        [{"id": "a", "kind": "overview"}, {"id": "a", "kind": "overview"}],  # the same id twice
        [{"id": "", "kind": "overview"}],
        [{"id": "a", "kind": "bogus"}],
        [{"id": "a", "kind": "owndata", "indicator": "population"}],  # not an own indicator
        [{"id": "a", "kind": "overview", "extra": float("nan")}],  # not JSON
    ],
)
def test_bad_steps_are_refused(steps):
    with pytest.raises(service.Invalid, match="bad_step"):
        service.validate_steps(steps)


def test_own_data_step_and_default_items():
    out = service.validate_steps(
        [{"id": "o", "kind": "owndata", "indicator": "own:kavijat"}, {"id": "r", "kind": "ranking"}]
    )
    assert out[0]["indicator"] == "own:kavijat" and out[1]["items"] == list(service.THEMES)


def test_steering_is_clamped_to_the_prepared_steps(room):
    engine, created, _seats = room
    wid, key = created.workshop.id, created.facilitator_key
    last = len(STEPS) - 1
    assert service.move_step(engine, wid, key, -1).current_step == 0
    assert service.go_to_step(engine, wid, key, 99).current_step == last
    assert service.move_step(engine, wid, key, 1).current_step == last
    assert service.move_step(engine, wid, key, -1).current_step == last - 1
    assert service.go_to_step(engine, wid, key, -5).current_step == 0
    service.go_to_step(engine, wid, key, last)
    shorter = service.set_steps(engine, wid, key, STEPS[:2])
    assert shorter.current_step == 1 and len(shorter.steps) == 2


def test_reveal_and_hide_again(room):
    engine, created, _seats = room
    wid, key = created.workshop.id, created.facilitator_key
    assert service.reveal(engine, wid, key, "rank").revealed == frozenset({"rank"})
    assert service.reveal(engine, wid, key, "grid").revealed == frozenset({"rank", "grid"})
    assert service.reveal(engine, wid, key, "rank", revealed=False).revealed == frozenset({"grid"})
    with pytest.raises(service.Invalid, match="unknown_step"):
        service.reveal(engine, wid, key, "nope")


def test_version_counts_every_change(room):
    engine, created, (a, _b) = room
    wid = created.workshop.id
    start = service.version(engine, wid)
    assert start == 0 + 0 + 2  # state version 0, no submissions, two participants
    service.submit(engine, a.token, "own", "comment", {"comment": "x"}, "v1")
    assert service.version(engine, wid) == start + 1
    service.set_show_names(engine, wid, created.facilitator_key, True)
    assert service.version(engine, wid) == start + 2
    with pytest.raises(service.NotFound):
        service.version(engine, 9999)


# ---------------------------------------------------------------- statistics by hand


def test_guess_statistics_by_hand(room):
    """Guesses 100, 200, 300, 400, 1000 (linear interpolation between order statistics):
    p10 at position 0.4 → 140, median 300, p90 at position 3.6 → 400 + 0.6 × 600 = 760, mean 400."""
    engine, created, _seats = room
    wid = created.workshop.id
    for i, value in enumerate((300, 1000, 100, 400, 200)):
        seat = service.join(engine, created.join_code)
        service.submit(engine, seat.token, "pop2030", "guess", {"value": value}, f"g{i}")
    assert aggregates.guess_summary(engine, wid, "pop2030") == {
        "n": 5,
        "mean": 400.0,
        "median": 300.0,
        "p10": pytest.approx(140.0),
        "p90": pytest.approx(760.0),
        "min": 100.0,
        "max": 1000.0,
    }
    assert aggregates.guesses(engine, wid, "pop2030").tolist() == [300, 1000, 100, 400, 200]


def test_guess_statistics_of_nobody(room):
    engine, created, _seats = room
    assert aggregates.guess_summary(engine, created.workshop.id, "pop2030") == dict.fromkeys(
        ("n", "mean", "median", "p10", "p90", "min", "max")
    ) | {"n": 0}


def test_a_changed_guess_replaces_the_first(room):
    engine, created, (a, b) = room
    service.submit(engine, a.token, "pop2030", "guess", {"value": 1}, "first")
    service.submit(engine, a.token, "pop2030", "guess", {"value": 5}, "second")
    service.submit(engine, b.token, "pop2030", "guess", {"value": 3}, "b")
    assert aggregates.guesses(engine, created.workshop.id, "pop2030").tolist() == [5.0, 3.0]


def test_matrix_spread_by_hand(room):
    """vitality placed at impact 0.2 and 0.6: mean 0.4, sample sd sqrt(((0.2)² + (0.2)²) / 1) = 0.282843."""
    engine, created, (a, b) = room
    service.submit(engine, a.token, "grid", "matrix", {"placements": {"vitality": [0.2, 1.0]}}, "m1")
    service.submit(engine, b.token, "grid", "matrix", {"placements": {"vitality": [0.6, 0.0]}}, "m2")
    grid = aggregates.matrix_results(engine, created.workshop.id, "grid").set_index("item")
    assert grid.loc["vitality", "impact"] == pytest.approx(0.4)
    assert grid.loc["vitality", "impact_sd"] == pytest.approx(0.282843, rel=1e-5)
    assert grid.loc["vitality", "uncertainty_sd"] == pytest.approx(0.707107, rel=1e-5)
    assert grid.loc["vitality", "n"] == 2 and grid.loc["finances", "n"] == 0
    assert list(grid.index) == ["vitality", "finances", "wellbeing"]


def test_borda_with_ties_broken_by_first_places_then_name(room):
    engine, created, (a, b) = room
    themes = list(created.workshop.find_step("rank")["items"])
    service.submit(engine, a.token, "rank", "ranking", {"order": themes}, "r1")
    service.submit(engine, b.token, "rank", "ranking", {"order": [themes[1], themes[0], *themes[2:]]}, "r2")
    out = aggregates.ranking_results(engine, created.workshop.id, "rank")
    # both first two get 5 + 4 = 9 points and one first place each: alphabetical order decides
    assert out["item"].tolist()[:2] == sorted(themes[:2])
    assert out["points"].tolist() == [9, 9, 6, 4, 2, 0]
    assert out["mean_rank"].tolist()[:2] == [1.5, 1.5] and set(out["voters"]) == {2}


def test_withdrawn_and_hidden_answers_do_not_count(room):
    engine, created, (a, b) = room
    wid = created.workshop.id
    mine = service.submit(engine, a.token, "own", "comment", {"comment": "pois"}, "w1")
    theirs = service.submit(engine, b.token, "own", "comment", {"comment": "piiloon"}, "h1")
    service.withdraw(engine, a.token, mine.submission_id)
    service.hide(engine, wid, created.facilitator_key, theirs.submission_id)
    assert service.answer_counts(engine, wid) == {}
    assert aggregates.comments(engine, wid) == []
    assert [e.comment for e in aggregates.comments(engine, wid, include_hidden=True)] == ["piiloon"]
    with pytest.raises(service.Forbidden):
        service.withdraw(engine, b.token, mine.submission_id)
    with pytest.raises(service.NotFound):
        service.hide(engine, wid, created.facilitator_key, 9999)


def test_refusals_name_their_field_and_limit(room):
    engine, _created, (a, _b) = room
    with pytest.raises(service.Invalid) as err:
        service.submit(
            engine, a.token, "own", "scenario", {"levers": {f"l{i}": i for i in range(600)}}, "big"
        )
    assert err.value.reason == "too_long" and err.value.params == {"field": "levers_json", "limit": 4000}
    with pytest.raises(service.Invalid) as err:
        service.submit(engine, a.token, "own", "comment", {"comment": " "}, "empty")
    assert err.value.reason == "empty" and err.value.params == {"field": "comment"}
    with pytest.raises(service.Invalid) as err:
        items = [f"{j:02d}" + "x" * 68 for j in range(20)]  # 20 items of 70 characters: ~1 600 per step
        service.validate_steps([{"id": f"s{i}", "kind": "ranking", "items": items} for i in range(15)])
    assert err.value.reason == "too_long" and err.value.params["field"] == "steps_json"


def test_a_scenario_without_levers_is_the_baseline(room):
    engine, created, (a, _b) = room
    service.submit(engine, a.token, "own", "scenario", {"name": "Perus"}, "s0")
    [entry] = aggregates.scenarios(engine, created.workshop.id)
    assert entry.payload == {"name": "Perus", "levers": {}} and entry.hidden is False
    with pytest.raises(service.Invalid, match="bad_scenario"):
        service.submit(engine, a.token, "own", "scenario", {"levers": [1, 2]}, "s1")


def test_hidden_entries_say_so_for_the_moderator(room):
    engine, created, (a, _b) = room
    sub = service.submit(engine, a.token, "own", "comment", {"comment": "piiloon"}, "h")
    service.hide(engine, created.workshop.id, created.facilitator_key, sub.submission_id)
    [entry] = aggregates.comments(engine, created.workshop.id, include_hidden=True)
    assert entry.hidden is True and entry.submission_id == sub.submission_id
    service.hide(engine, created.workshop.id, created.facilitator_key, sub.submission_id, hidden=False)
    assert [e.hidden for e in aggregates.comments(engine, created.workshop.id)] == [False]


def test_default_steps():
    steps = service.default_steps()
    assert [(s["id"], s["kind"]) for s in steps] == [
        ("overview", "overview"),
        ("priorities", "ranking"),
        ("matrix", "matrix"),
        ("scenarios", "scenario"),
        ("results", "results"),
    ]
    assert steps[1]["items"] == steps[2]["items"] == list(service.THEMES)


def test_one_line_fields_lose_their_line_breaks_comments_keep_them(room):
    engine, created, (a, _b) = room
    seat = service.join(engine, created.join_code, "An\nna")
    assert service.display_name(engine, seat.token) == "An na"
    made = service.create_workshop(engine, "Otsikko\nkahdella", "091", "uso4\nkausi")
    assert made.workshop.title == "Otsikko kahdella" and made.workshop.municipality == "091"
    assert made.workshop.peer_spec == "uso4\nkausi"  # the peer spec may span lines
    service.submit(engine, a.token, "own", "comment", {"comment": "rivi 1\nrivi 2"}, "c")
    assert aggregates.comments(engine, created.workshop.id)[0].comment == "rivi 1\nrivi 2"


def test_participants_of_another_workshop_do_not_fill_this_one(engine):
    other = service.create_workshop(engine, "Toinen")
    service.join(engine, other.join_code)
    created = service.create_workshop(engine, "Täynnä")
    now = datetime.now(UTC)
    with db.write(engine) as conn:
        conn.execute(
            participants.insert(),
            [
                {"workshop_id": created.workshop.id, "display_name": None, "token_hash": "x", "created": now}
                for _ in range(499)
            ],
        )
    assert service.join(engine, created.join_code).workshop_id == created.workshop.id


def test_own_submissions_show_what_was_withdrawn(room):
    engine, created, (a, _b) = room
    wid = created.workshop.id
    first = service.submit(engine, a.token, "own", "comment", {"comment": "yksi"}, "o1")
    service.submit(engine, a.token, "own", "comment", {"comment": "kaksi"}, "o2")
    before = service.version(engine, wid)
    service.withdraw(engine, a.token, first.submission_id)
    assert service.version(engine, wid) == before + 1
    own = service.own_submissions(engine, a.token)
    assert own["comment"].tolist() == ["yksi", "kaksi"] and own["withdrawn"].tolist() == [True, False]
    assert list(own.columns) == ["id", "step_id", "kind", "payload", "comment", "withdrawn", "created"]


def test_whoami_gives_the_seat_and_its_workshop(room):
    engine, created, (a, _b) = room
    pid, workshop = service.whoami(engine, a.token)
    assert pid == a.participant_id and workshop.id == created.workshop.id and workshop.title == "Rajat"


def test_ranking_of_an_unknown_step_lists_the_themes_with_integer_points(room):
    engine, created, _seats = room
    out = aggregates.ranking_results(engine, created.workshop.id, "nope")
    assert sorted(out["item"]) == sorted(service.THEMES) and out["points"].dtype.kind == "i"
    assert out["points"].tolist() == [0] * 6 and out["first_places"].dtype.kind == "i"


# ---------------------------------------------------------------- found by mutation testing (seed 20 sample)


def test_a_submission_kind_without_a_checker_is_refused():
    with pytest.raises(service.Invalid) as err:
        service._payload("bogus", {}, {})
    assert err.value.reason == "bad_kind"


def test_the_room_sees_its_join_code_and_the_default_titles(room):
    engine, created, _seats = room
    assert service.get(engine, created.workshop.id).join_code == created.join_code
    assert all(step["title"] == "" for step in service.default_steps())


def test_ranking_of_a_step_with_its_own_items(engine):
    steps = [{"id": "r", "kind": "ranking", "items": ["b", "a"]}]
    created = service.create_workshop(engine, "Omat", steps=steps)
    seat = service.join(engine, created.join_code)
    service.submit(engine, seat.token, "r", "ranking", {"order": ["a", "b"]}, "k")
    out = aggregates.ranking_results(engine, created.workshop.id, "r")
    assert out["item"].tolist() == ["a", "b"] and out["points"].tolist() == [1, 0]


def test_results_for_participants_per_step_kind(engine):
    steps = [
        {"id": "p1", "kind": "projection", "indicator": "population", "year": 2030},
        {"id": "p2", "kind": "projection", "indicator": "population", "year": 2035},
        {"id": "sc", "kind": "scenario"},
    ]
    created = service.create_workshop(engine, "Tulokset", steps=steps)
    wid, key = created.workshop.id, created.facilitator_key
    seat = service.join(engine, created.join_code)
    service.submit(engine, seat.token, "p1", "guess", {"value": 10}, "g1")
    service.submit(engine, seat.token, "p2", "guess", {"value": 20}, "g2")
    service.submit(engine, seat.token, "sc", "scenario", {"name": "Oma", "levers": {}}, "s1")
    for step in ("p1", "sc"):
        service.reveal(engine, wid, key, step)
    first = aggregates.results(engine, wid, "p1", token=seat.token)
    assert first["values"].tolist() == [10.0] and first["summary"]["n"] == 1
    [entry] = aggregates.results(engine, wid, "sc", token=seat.token)
    assert entry.payload["name"] == "Oma"
    with pytest.raises(service.Closed) as closed:
        aggregates.results(engine, wid, "p2", token=seat.token)
    assert closed.value.reason == "not_revealed"
    stranger = service.join(engine, service.create_workshop(engine, "Muu").join_code)
    with pytest.raises(service.Forbidden) as err:
        aggregates.results(engine, wid, "p1", token=stranger.token)
    assert err.value.reason == "bad_token"


def test_step_refusals_carry_their_reason_and_parameters(room):
    engine, created, _seats = room
    with pytest.raises(service.Invalid) as err:
        service.reveal(engine, created.workshop.id, created.facilitator_key, "nope")
    assert err.value.reason == "unknown_step" and err.value.params == {"step": "nope"}
    with pytest.raises(service.Invalid) as err:
        service.validate_steps([{"id": f"s{i}", "kind": "overview"} for i in range(51)])
    assert err.value.params == {"field": "steps", "limit": 50}
    with pytest.raises(service.Invalid) as err:
        service.validate_steps([{"id": "a", "kind": "overview", "extra": float("nan")}])
    assert err.value.reason == "bad_step" and err.value.params == {"step": ""}
