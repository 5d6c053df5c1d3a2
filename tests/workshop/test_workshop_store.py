"""The workshop store on SQLite and PostgreSQL: create, join, submit, aggregate, permissions, limits."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import select

from foresight.workshop import aggregates, db, security, service
from foresight.workshop.models import submissions, workshops

from .conftest import STEPS


@pytest.fixture
def room(engine):
    """A workshop with the test steps and three participants (test data)."""
    created = service.create_workshop(engine, "Kuntastrategia 2030", "091", "uso4", STEPS)
    seats = [service.join(engine, created.join_code, name) for name in ("Anna", "Bo", None)]
    return engine, created, seats


def test_create_join_submit_aggregate(room):
    engine, created, (a, b, c) = room
    wid = created.workshop.id
    items = list(STEPS[1].get("items") or ())  # ranking step without items: the six themes
    themes = list(created.workshop.find_step("rank")["items"])
    assert items == [] and themes == [
        "vitality",
        "population",
        "wellbeing",
        "finances",
        "participation",
        "sustainability",
    ]

    service.submit(engine, a.token, "rank", "ranking", {"order": themes}, "a1")
    service.submit(engine, b.token, "rank", "ranking", {"order": themes[::-1]}, "b1")
    # c first ranks wellbeing first, then changes their mind: only the latest counts.
    service.submit(
        engine, c.token, "rank", "ranking", {"order": ["wellbeing", *themes[:2], *themes[3:]]}, "c1"
    )
    service.submit(
        engine,
        c.token,
        "rank",
        "ranking",
        {"order": ["vitality", "wellbeing", *themes[1:2], *themes[3:]]},
        "c2",
    )
    ranking = aggregates.ranking_results(engine, wid, "rank").set_index("item")
    # Borda with n=6: first 5 points ... last 0. a: vit5 pop4 wel3 fin2 par1 sus0; b reversed; c: vit5 wel4 pop3 fin2 par1 sus0.
    assert ranking.loc["vitality", "points"] == 5 + 0 + 5
    assert ranking.loc["wellbeing", "points"] == 3 + 2 + 4
    assert ranking.loc["sustainability", "points"] == 0 + 5 + 0
    assert ranking.loc["vitality", "first_places"] == 2
    assert ranking.loc["vitality", "mean_rank"] == pytest.approx((1 + 6 + 1) / 3)
    assert set(ranking["voters"]) == {3}
    assert aggregates.ranking_results(engine, wid, "rank")["item"].iloc[0] == "vitality"

    service.submit(
        engine,
        a.token,
        "grid",
        "matrix",
        {"placements": {"vitality": [0.2, 0.8], "finances": [0.9, 0.1]}},
        "a2",
    )
    service.submit(engine, b.token, "grid", "matrix", {"placements": {"vitality": [0.4, 0.6]}}, "b2")
    grid = aggregates.matrix_results(engine, wid, "grid").set_index("item")
    assert grid.loc["vitality", "impact"] == pytest.approx(0.3)
    assert grid.loc["vitality", "uncertainty"] == pytest.approx(0.7)
    assert grid.loc["finances", "n"] == 1 and grid.loc["wellbeing", "n"] == 0
    assert pd.isna(grid.loc["wellbeing", "impact"])

    for seat, value, key in ((a, 650_000, "a3"), (b, 700_000, "b3"), (c, 680_000, "c3")):
        service.submit(engine, seat.token, "pop2030", "guess", {"value": value}, key)
    stats = aggregates.guess_summary(engine, wid, "pop2030")
    assert stats["n"] == 3 and stats["median"] == 680_000 and stats["min"] == 650_000
    assert stats["mean"] == pytest.approx(676_666.6667)

    service.submit(
        engine,
        a.token,
        "own",
        "scenario",
        {"name": "Kasvu", "levers": {"migration": 1.2}, "comment": "Muutto"},
        "a4",
    )
    entries = aggregates.scenarios(engine, wid)
    assert [(e.payload["name"], e.payload["levers"], e.comment, e.author) for e in entries] == [
        ("Kasvu", {"migration": 1.2}, "Muutto", None)
    ]
    key = created.facilitator_key
    service.set_show_names(engine, wid, key, True)
    assert aggregates.scenarios(engine, wid)[0].author == "Anna"


def test_participant_results_only_after_reveal(room):
    engine, created, (a, _b, _c) = room
    wid, key = created.workshop.id, created.facilitator_key
    service.submit(engine, a.token, "pop2030", "guess", {"value": 1}, "g1")
    with pytest.raises(service.Closed) as err:
        aggregates.results(engine, wid, "pop2030", token=a.token)
    assert err.value.key == "workshop.error.not_revealed"
    assert aggregates.results(engine, wid, "pop2030", key=key)["summary"]["n"] == 1
    service.reveal(engine, wid, key, "pop2030")
    assert aggregates.results(engine, wid, "pop2030", token=a.token)["summary"]["n"] == 1
    # Once the answer is on the wall, late guesses are refused.
    with pytest.raises(service.Closed, match="already_revealed"):
        service.submit(engine, a.token, "pop2030", "guess", {"value": 2}, "g2")


def test_wrong_facilitator_key_refused(room):
    engine, created, _ = room
    wid = created.workshop.id
    with pytest.raises(service.Forbidden) as err:
        service.reopen(engine, created.join_code, "not-the-key")
    assert err.value.key == "workshop.error.wrong_key"
    for action in (
        lambda k: service.move_step(engine, wid, k, 1),
        lambda k: service.set_voting(engine, wid, k, False),
        lambda k: service.reveal(engine, wid, k, "rank"),
        lambda k: aggregates.results(engine, wid, "rank", key=k),
    ):
        with pytest.raises(service.Forbidden):
            action("wrong" + created.facilitator_key)
        with pytest.raises(service.Forbidden):
            action("")
    state = service.get(engine, wid)
    assert state.current_step == 0 and state.voting_open and not state.revealed
    assert service.reopen(engine, created.join_code.lower(), created.facilitator_key).id == wid
    # Only a salted slow hash is stored.
    with db.read(engine) as conn:
        stored = conn.execute(select(workshops.c.facilitator_key_hash).where(workshops.c.id == wid)).scalar()
    assert stored.startswith("scrypt$") and created.facilitator_key not in stored


def test_key_is_checked_in_a_fresh_process_cache(room, monkeypatch):
    engine, created, _ = room
    monkeypatch.setattr(service, "_verified", {})  # as after a server restart: no remembered keys
    assert service.check_key(engine, created.workshop.id, created.facilitator_key)
    assert not service.check_key(engine, created.workshop.id, created.facilitator_key + "x")


def test_facilitator_steering(room):
    engine, created, (a, _b, _c) = room
    wid, key = created.workshop.id, created.facilitator_key
    v0 = service.version(engine, wid)
    assert service.move_step(engine, wid, key, 1).current_step == 1
    assert service.move_step(engine, wid, key, 10).current_step == len(STEPS) - 1
    assert service.move_step(engine, wid, key, -99).current_step == 0
    assert service.go_to_step(engine, wid, key, 3).step["id"] == "pop2030"
    assert service.version(engine, wid) > v0
    service.set_voting(engine, wid, key, False)
    with pytest.raises(service.Closed) as err:
        service.submit(engine, a.token, "own", "comment", {"comment": "myöhässä"}, "late")
    assert err.value.key == "workshop.error.voting_closed"
    service.set_voting(engine, wid, key, True)
    assert service.set_steps(engine, wid, key, STEPS[:2]).current_step == 1


def test_moderation_hides_comment_and_bumps_version(room):
    engine, created, (a, b, _c) = room
    wid, key = created.workshop.id, created.facilitator_key
    bad = service.submit(engine, a.token, "own", "comment", {"comment": "asiaton"}, "x1").submission_id
    service.submit(engine, b.token, "own", "comment", {"comment": "asiallinen"}, "x2")
    before = service.version(engine, wid)
    service.hide(engine, wid, key, bad)
    assert service.version(engine, wid) == before + 1
    assert [e.comment for e in aggregates.comments(engine, wid)] == ["asiallinen"]
    assert [e.hidden for e in aggregates.comments(engine, wid, include_hidden=True)] == [True, False]
    with pytest.raises(service.Forbidden):
        service.hide(engine, wid, "wrong", bad, hidden=False)
    # when each was sent, in UTC on both databases (SQLite hands back a time without its zone): the
    # moderation list and the exports write it with its offset
    sent = [e.created for e in aggregates.comments(engine, wid, include_hidden=True)]
    now = datetime.now(UTC)
    assert all(c.utcoffset() == timedelta(0) and abs(now - c) < timedelta(minutes=5) for c in sent), sent


def test_a_hidden_scenario_leaves_the_wall_and_stays_for_moderation(room):
    """The wall and its exports list the room's scenarios without the hidden ones unless asked for them (the
    facilitator's moderation list): hiding is the default's business, not every caller's."""
    engine, created, (a, b, _c) = room
    wid, key = created.workshop.id, created.facilitator_key
    levers = {"net_migration_rate": 2.0, "fertility_change": 0.0, "life_expectancy_change": 0.0}
    bad = service.submit(engine, a.token, "own", "scenario", {"name": "asiaton", "levers": levers}, "s1")
    service.submit(engine, b.token, "own", "scenario", {"name": "Kasvu", "levers": levers}, "s2")
    service.hide(engine, wid, key, bad.submission_id)
    assert [e.payload["name"] for e in aggregates.scenarios(engine, wid)] == ["Kasvu"]
    listed = aggregates.scenarios(engine, wid, include_hidden=True)
    assert [(e.payload["name"], e.hidden) for e in listed] == [("asiaton", True), ("Kasvu", False)]


def test_participant_cannot_touch_others(room):
    engine, created, (a, b, _c) = room
    wid = created.workshop.id
    theirs = service.submit(engine, b.token, "own", "comment", {"comment": "Bon"}, "b-1").submission_id
    mine = service.submit(engine, a.token, "own", "comment", {"comment": "Annan"}, "a-1").submission_id
    with pytest.raises(service.Forbidden) as err:
        service.withdraw(engine, a.token, theirs)
    assert err.value.key == "workshop.error.not_owner"
    service.withdraw(engine, a.token, mine)
    assert [e.comment for e in aggregates.comments(engine, wid)] == ["Bon"]
    # A token whose secret is wrong, or one made up for someone else's seat, is refused.
    forged = f"{b.participant_id}.{a.token.split('.', 1)[1]}"
    for token in (forged, "", "abc", f"{b.participant_id}.", "999999.x"):
        with pytest.raises(service.Forbidden):
            service.submit(engine, token, "own", "comment", {"comment": "minä olen Bo"}, "f-1")
    # The same idempotency key from another participant is their own, separate submission.
    assert service.submit(engine, a.token, "own", "comment", {"comment": "oma"}, "b-1").duplicate is False
    assert len(service.own_submissions(engine, b.token)) == 1


def test_other_workshop_token_cannot_read_results(room):
    engine, created, _ = room
    other = service.create_workshop(engine, "Toinen")
    stranger = service.join(engine, other.join_code)
    service.reveal(engine, created.workshop.id, created.facilitator_key, "rank")
    with pytest.raises(service.Forbidden):
        aggregates.results(engine, created.workshop.id, "rank", token=stranger.token)


def test_idempotent_retries_never_duplicate(room):
    engine, created, (a, _b, _c) = room
    first = service.submit(engine, a.token, "own", "comment", {"comment": "kerran"}, "retry-1")
    again = [
        service.submit(engine, a.token, "own", "comment", {"comment": "kerran"}, "retry-1") for _ in range(4)
    ]
    assert not first.duplicate and all(r.duplicate and r.submission_id == first.submission_id for r in again)

    # Twins in flight at once (a double tap): one row, both told the same id.
    answers: list[int] = []
    barrier = threading.Barrier(8)

    def twin() -> None:
        barrier.wait()
        answers.append(
            service.submit(engine, a.token, "own", "comment", {"comment": "tupla"}, "twin").submission_id
        )

    threads = [threading.Thread(target=twin) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(answers)) == 1 and len(answers) == 8
    with db.read(engine) as conn:
        rows = conn.execute(
            select(submissions.c.id).where(submissions.c.participant_id == a.participant_id)
        ).all()
    assert len(rows) == 2


def test_length_limits_and_validation(room):
    engine, created, (a, _b, _c) = room
    with pytest.raises(service.Invalid) as err:
        service.create_workshop(engine, "x" * 121)
    assert err.value.key == "workshop.error.too_long" and err.value.params["limit"] == 120
    assert service.create_workshop(engine, "x" * 120).workshop.title == "x" * 120
    with pytest.raises(service.Invalid, match="too_long"):
        service.join(engine, created.join_code, "n" * 41)
    with pytest.raises(service.Invalid, match="too_long"):
        service.submit(engine, a.token, "own", "comment", {"comment": "k" * 501}, "long")
    assert (
        service.submit(engine, a.token, "own", "comment", {"comment": "k" * 500}, "ok500").duplicate is False
    )
    with pytest.raises(service.Invalid, match="too_long"):
        service.submit(
            engine, a.token, "own", "scenario", {"levers": {f"l{i}": i for i in range(600)}}, "big"
        )
    bad = [
        ("rank", "ranking", {"order": ["vitality"]}),  # not every item
        ("grid", "matrix", {"placements": {"vitality": [1.5, 0.5]}}),  # outside the square
        ("grid", "matrix", {"placements": {"unknown": [0.5, 0.5]}}),
        ("pop2030", "guess", {"value": float("nan")}),
        ("pop2030", "guess", {"value": "lots"}),
        ("rank", "guess", {"value": 1}),  # wrong step for the kind
        ("nope", "comment", {"comment": "x"}),
        ("own", "comment", {"comment": "   "}),
    ]
    for step_id, kind, payload in bad:
        with pytest.raises(service.Invalid):
            service.submit(engine, a.token, step_id, kind, payload, "bad")
    with pytest.raises(service.Invalid, match="bad_idem_key"):
        service.submit(engine, a.token, "own", "comment", {"comment": "x"}, "no spaces allowed")
    with pytest.raises(service.NotFound) as err2:
        service.join(engine, "ZZZZZZ")
    assert err2.value.key == "workshop.error.bad_code"


def test_text_stored_raw_control_characters_dropped(room):
    engine, created, (a, _b, _c) = room
    raw = "<b>Tärkeä</b> & 'kallis'\x00\x07\nrivi 2"
    service.submit(engine, a.token, "own", "comment", {"comment": raw}, "raw")
    assert aggregates.comments(engine, created.workshop.id)[0].comment == "<b>Tärkeä</b> & 'kallis'\nrivi 2"


def test_join_code_collision_draws_again(engine, monkeypatch):
    first = service.create_workshop(engine, "Ensimmäinen")
    codes = iter([first.join_code, first.join_code, "BCD234"])
    monkeypatch.setattr(security, "new_join_code", lambda: next(codes))
    assert service.create_workshop(engine, "Toinen").join_code == "BCD234"


def test_restart_loses_nothing(db_url):
    engine = db.make_engine(db_url)
    created = service.create_workshop(engine, "Katko", steps=STEPS)
    seat = service.join(engine, created.join_code, "Anna")
    ids = [
        service.submit(engine, seat.token, "own", "comment", {"comment": f"c{i}"}, f"k{i}").submission_id
        for i in range(25)
    ]
    engine.dispose()  # the server goes down mid-workshop
    engine = db.make_engine(db_url)
    assert db.migrate(engine) == []
    assert [e.submission_id for e in aggregates.comments(engine, created.workshop.id)] == ids
    # The participant's token and the facilitator key still work after the restart.
    assert service.submit(engine, seat.token, "own", "comment", {"comment": "c0"}, "k0").duplicate
    assert service.reopen(engine, created.join_code, created.facilitator_key).title == "Katko"
    engine.dispose()


def test_answer_counts_per_step(room):
    engine, created, (a, b, _c) = room
    wid = created.workshop.id
    assert service.answer_counts(engine, wid) == {}
    service.submit(engine, a.token, "pop2030", "guess", {"value": 1}, "1")
    service.submit(engine, a.token, "pop2030", "guess", {"value": 2}, "2")
    service.submit(engine, b.token, "pop2030", "guess", {"value": 3}, "3")
    service.submit(engine, b.token, "own", "comment", {"comment": "hei"}, "4")
    assert service.answer_counts(engine, wid) == {"pop2030": 2, "own": 1}
    assert service.participant_count(engine, wid) == 3


def test_key_of_same_numbered_workshop_elsewhere_refused(tmp_path):
    one = db.make_engine(f"sqlite:///{tmp_path / 'one.sqlite'}")
    two = db.make_engine(f"sqlite:///{tmp_path / 'two.sqlite'}")
    first, second = service.create_workshop(one, "Yksi"), service.create_workshop(two, "Kaksi")
    assert first.workshop.id == second.workshop.id == 1
    assert service.check_key(one, 1, first.facilitator_key)
    assert not service.check_key(one, 1, second.facilitator_key)
    assert not service.check_key(two, 1, first.facilitator_key)
    one.dispose()
    two.dispose()


def test_signature_follows_step_reveals_voting_and_names_only():
    from foresight.workshop.models import Workshop

    ws = Workshop(
        id=1,
        title="Testi",
        municipality="091",
        peer_spec="",
        steps=tuple(STEPS),
        current_step=3,
        revealed=frozenset({"rank", "grid"}),
        voting_open=False,
        show_names=True,
        join_code="ABC234",
        created=datetime(2026, 12, 1, tzinfo=UTC),
    )
    assert ws.signature == (3, ("grid", "rank"), False, True)  # reveals sorted: a set has no order
    renamed = Workshop(**{**ws.__dict__, "title": "Muu"})
    assert renamed.signature == ws.signature  # the title is not something a phone follows


def _room(engine):  # type: ignore[no-untyped-def]
    created = service.create_workshop(engine, "Huone", "091", steps=STEPS)
    return created, service.join(engine, created.join_code, "Anna")


def test_each_refusal_names_its_own_message(engine):
    """Every refusal carries the key of the text the user sees (workshop.error.<reason>), not just a type."""
    created, seat = _room(engine)
    wid, key = created.workshop.id, created.facilitator_key
    cases = [
        (lambda: service.create_workshop(engine, "  "), "empty", {"field": "title"}),
        (lambda: service.hide(engine, wid, key, 99_999), "no_submission", {}),
        (lambda: aggregates.results(engine, wid, "nope", key=key), "unknown_step", {"step": "nope"}),
        (
            lambda: service.submit(engine, "not-a-seat", "rank", "ranking", {"order": []}, "k0"),
            "bad_token",
            {},
        ),
        (
            lambda: service.submit(
                engine, seat.token, "grid", "matrix", {"placements": {"vitality": [2, 0]}}, "m"
            ),
            "bad_matrix",
            {},
        ),
        (
            lambda: service.validate_steps([{"id": "s", "kind": "survey", "survey": "bad!"}]),
            "bad_step",
            {"step": "s"},
        ),
    ]
    for action, reason, params in cases:
        with pytest.raises(service.WorkshopError) as err:
            action()
        assert err.value.reason == reason, reason
        assert err.value.key == f"workshop.error.{reason}"
        for name, value in params.items():
            assert err.value.params.get(name) == value, (reason, name)


def test_a_steps_comments_and_entries_keep_their_step(engine):
    created, seat = _room(engine)
    wid = created.workshop.id
    service.submit(engine, seat.token, "own", "comment", {"comment": "skenaariosta"}, "c1")
    service.submit(engine, seat.token, "rank", "comment", {"comment": "priorisoinnista"}, "c2")
    mine = aggregates.comments(engine, wid, "own")
    assert [(e.step_id, e.comment) for e in mine] == [("own", "skenaariosta")]
    assert {e.step_id for e in aggregates.comments(engine, wid)} == {"own", "rank"}


def test_two_answers_of_one_participant_to_two_steps_are_both_kept(engine):
    """The retry check matches the request's own key: a second answer with another key is a new answer."""
    created, seat = _room(engine)
    wid = created.workshop.id
    service.submit(engine, seat.token, "own", "comment", {"comment": "eka"}, "k1")
    service.submit(engine, seat.token, "own", "comment", {"comment": "toka"}, "k2")
    assert [e.comment for e in aggregates.comments(engine, wid, "own")] == ["eka", "toka"]


def test_a_tie_on_points_goes_to_the_item_with_more_first_places(engine):
    """Two voters: A B C and C B A give A and C 2 points each (first places 1 and 1) and B 2 points with no
    first place, so B comes last of the three; a third voter B A C breaks nothing on points for A (A 3, B 4,
    C 2): worked by hand, B first (4), A second (3), C third (2)."""
    created = service.create_workshop(
        engine, "T", steps=[{"id": "r", "kind": "ranking", "title": "R", "items": ["A", "B", "C"]}]
    )
    for i, order in enumerate((["A", "B", "C"], ["C", "B", "A"])):
        seat = service.join(engine, created.join_code, f"v{i}")
        service.submit(engine, seat.token, "r", "ranking", {"order": order}, f"k{i}")
    first = aggregates.ranking_results(engine, created.workshop.id, "r")
    assert first["item"].tolist()[-1] == "B"  # 2 points like the others, but no first place
    assert first["points"].tolist() == [2, 2, 2]


def test_two_ranking_steps_are_counted_apart(engine):
    """One voter ranks A B C in the first step and C B A in the second (test data): each step's result is its
    own (Borda with three items: 2, 1, 0 points), for the facilitator's view of a step too."""
    steps = [{"id": f"r{i}", "kind": "ranking", "title": f"R{i}", "items": ["A", "B", "C"]} for i in (1, 2)]
    created = service.create_workshop(engine, "T", steps=steps)
    wid = created.workshop.id
    seat = service.join(engine, created.join_code, "v")
    service.submit(engine, seat.token, "r1", "ranking", {"order": ["A", "B", "C"]}, "k1")
    service.submit(engine, seat.token, "r2", "ranking", {"order": ["C", "B", "A"]}, "k2")
    for step, order in (("r1", ["A", "B", "C"]), ("r2", ["C", "B", "A"])):
        shown = aggregates.results(engine, wid, step, key=created.facilitator_key)
        assert shown["item"].tolist() == order and shown["points"].tolist() == [2, 1, 0]
        assert shown["voters"].tolist() == [1, 1, 1]


def test_a_matrix_step_without_placements_still_has_its_columns(engine):
    created, _ = _room(engine)
    points = aggregates.matrix_points(engine, created.workshop.id, "grid")
    assert points.empty and list(points.columns) == ["item", "impact", "uncertainty"]


def test_more_refusals_name_their_message(engine):
    _, seat = _room(engine)
    wrong = seat.token[:-1] + ("a" if seat.token[-1] != "a" else "b")  # well-formed, not a seat's
    with pytest.raises(service.Forbidden) as err:
        service.submit(engine, wrong, "rank", "comment", {"comment": "x"}, "k9")
    assert err.value.reason == "bad_token"
    with pytest.raises(service.Invalid) as bad:
        service.validate_steps([{"id": "r1", "kind": "ranking", "title": "R", "items": ["Vain yksi"]}])
    assert (bad.value.reason, bad.value.params) == ("bad_step", {"step": "r1"})


def test_results_of_a_plain_step_are_its_own_comments(engine):
    created, seat = _room(engine)
    wid, key = created.workshop.id, created.facilitator_key
    service.submit(engine, seat.token, "intro", "comment", {"comment": "tilannekuvasta"}, "c1")
    service.submit(engine, seat.token, "rank", "comment", {"comment": "muualta"}, "c2")
    got = aggregates.results(engine, wid, "intro", key=key)
    assert [e.comment for e in got] == ["tilannekuvasta"]


def test_a_repeated_step_id_and_an_unknown_kind_name_the_step():
    with pytest.raises(service.Invalid) as twice:
        service.validate_steps([{"id": "a", "kind": "overview"}, {"id": "a", "kind": "overview"}])
    assert (twice.value.reason, twice.value.params) == ("bad_step", {"step": "a"})
    with pytest.raises(service.Invalid) as odd:
        service.validate_steps([{"id": "b", "kind": "séance"}])
    assert (odd.value.reason, odd.value.params) == ("bad_step", {"step": "b"})


def test_moderation_lists_every_kind_of_answer_that_counts_with_its_step(room):
    """The facilitator's list: comments, scenarios and, per participant and step, the answer that counts
    (an earlier ranking or guess replaced by a later one is not listed); a hidden guess stays listed, marked
    hidden, and leaves the results."""
    engine, created, (a, b, _c) = room
    wid, key = created.workshop.id, created.facilitator_key
    order = ["finances", "vitality", "wellbeing", "population", "participation", "sustainability"]
    service.submit(engine, a.token, "rank", "ranking", {"order": order}, "m1")
    service.submit(engine, a.token, "rank", "ranking", {"order": order[::-1]}, "m2")  # changed her mind
    service.submit(engine, a.token, "grid", "matrix", {"placements": {"finances": [0.9, 0.1]}}, "m3")
    troll = service.submit(engine, b.token, "pop2030", "guess", {"value": 9e9}, "m4").submission_id
    service.submit(engine, a.token, "pop2030", "guess", {"value": 700_000}, "m5")
    service.submit(engine, b.token, "own", "scenario", {"name": "Kasvu", "levers": {}}, "m6")
    service.submit(engine, b.token, "intro", "comment", {"comment": "Hyvä alku"}, "m7")
    service.hide(engine, wid, key, troll)

    listed = aggregates.moderation_entries(engine, wid, key)
    assert [(e.step_id, e.kind) for e in listed] == [
        ("rank", "ranking"),
        ("grid", "matrix"),
        ("pop2030", "guess"),
        ("pop2030", "guess"),
        ("own", "scenario"),
        ("intro", "comment"),
    ]
    assert listed[0].payload["order"] == order[::-1]  # the ranking that counts
    assert [e.hidden for e in listed] == [False, False, True, False, False, False]
    assert listed[2].payload["value"] == 9e9
    assert aggregates.guesses(engine, wid, "pop2030").tolist() == [700_000]  # the hidden one is out
    # numbers even before anyone has guessed (an empty list is not numbers by itself: the exports' column)
    assert aggregates.guesses(engine, wid, "no-guesses-here").dtype == float
    with pytest.raises(service.Forbidden):
        aggregates.moderation_entries(engine, wid, "wrong")


def test_an_untouched_scenario_is_stored_only_when_confirmed(room):
    """A scenario as the form opened (the baseline's levers, no storyline, no name, no comment) could be a
    tap on Send by mistake: the store takes it only with the phone's 'send the defaults' confirmation."""
    engine, created, (a, b, c) = room
    wid = created.workshop.id
    baseline = {"net_migration_rate": 0.0, "fertility_change": 0.0, "life_expectancy_change": 0.0}
    for untouched in ({"levers": baseline, "preset": "baseline"}, {"levers": {}}, {"levers": baseline}):
        with pytest.raises(service.Invalid) as err:
            service.submit(engine, a.token, "own", "scenario", untouched, "u1")
        assert err.value.key == "workshop.error.untouched"
    assert aggregates.scenarios(engine, wid) == []
    service.submit(engine, a.token, "own", "scenario", {"levers": baseline, "as_is": True}, "u2")
    # a choice of any kind is an answer: a moved lever, a storyline, a name, a comment
    service.submit(
        engine, b.token, "own", "scenario", {"levers": {**baseline, "fertility_change": 5.0}}, "u3"
    )
    service.submit(engine, c.token, "own", "scenario", {"levers": baseline, "preset": "drifting"}, "u4")
    service.submit(engine, c.token, "own", "scenario", {"levers": baseline, "name": "Ennuste pitää"}, "u5")
    service.submit(engine, c.token, "own", "scenario", {"levers": baseline, "comment": "Näin käy"}, "u6")
    stored = aggregates.scenarios(engine, wid)
    assert len(stored) == 5
    assert "as_is" not in stored[0].payload and stored[0].payload["levers"] == baseline  # stored as before
