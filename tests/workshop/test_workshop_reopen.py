"""The facilitator's way back: a short reopen code (hashed, rate limited), seat keys, and votes without defaults."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, select, update

from foresight.workshop import aggregates, db, security, service, voting
from foresight.workshop.models import facilitator_seats, reopen_codes
from tests.workshop.conftest import STEPS


@pytest.fixture
def room(engine):
    created = service.create_workshop(engine, "Kuopio 2030", "297", steps=STEPS)
    return engine, created


def test_short_code_reopens_with_a_seat_key_of_its_own(room):
    engine, created = room
    wid = created.workshop.id
    short = service.new_reopen_code(engine, wid, created.facilitator_key)
    assert len(short) == 8 and set(short) <= set(security.CODE_ALPHABET)
    # typed as a person reads it off a screen: lower case, a space in the middle
    typed = f"{short[:4].lower()} {short[4:]}"
    ws, seat_key = service.reopen_seat(engine, created.join_code, typed)
    assert ws.id == wid and seat_key != short and len(seat_key) >= 40
    service.move_step(engine, wid, seat_key, 1)  # the seat steers
    service.move_step(engine, wid, created.facilitator_key, 1)  # and the first key still does
    assert service.get(engine, wid).current_step == 2
    with db.read(engine) as conn:
        # the PostgreSQL database is shared by the session's tests: this workshop's rows only
        stored = conn.execute(
            select(reopen_codes.c.code_hash).where(reopen_codes.c.workshop_id == wid)
        ).scalar_one()
        seats = (
            conn.execute(select(facilitator_seats.c.key_hash).where(facilitator_seats.c.workshop_id == wid))
            .scalars()
            .all()
        )
    assert short not in stored and stored.startswith("scrypt$")  # stored hashed only
    assert len(seats) == 1 and seat_key not in seats[0]


def test_the_long_key_still_reopens(room):
    engine, created = room
    ws, kept = service.reopen_seat(engine, created.join_code, created.facilitator_key)
    assert ws.id == created.workshop.id and kept == created.facilitator_key


def test_a_new_code_replaces_the_old_one(room):
    engine, created = room
    first = service.new_reopen_code(engine, created.workshop.id, created.facilitator_key)
    second = service.new_reopen_code(engine, created.workshop.id, created.facilitator_key)
    with pytest.raises(service.Forbidden):
        service.reopen_seat(engine, created.join_code, first)
    assert service.reopen_seat(engine, created.join_code, second)[0].id == created.workshop.id


def test_expired_code_refused(room):
    engine, created = room
    short = service.new_reopen_code(engine, created.workshop.id, created.facilitator_key)
    with db.write(engine) as conn:
        conn.execute(
            update(reopen_codes)
            .where(reopen_codes.c.workshop_id == created.workshop.id)
            .values(code_expires=datetime.now(UTC) - timedelta(minutes=1))
        )
    with pytest.raises(service.Forbidden):
        service.reopen_seat(engine, created.join_code, short)


def test_only_the_facilitator_makes_a_code(room):
    engine, created = room
    with pytest.raises(service.Forbidden):
        service.new_reopen_code(engine, created.workshop.id, "not-the-key")


def test_five_failures_lock_reopening_for_the_window(room):
    engine, created = room
    short = service.new_reopen_code(engine, created.workshop.id, created.facilitator_key)
    for _ in range(service.REOPEN_MAX_FAILURES):
        with pytest.raises(service.Forbidden):
            service.reopen_seat(engine, created.join_code, "AAAAAAAA")
    # the sixth attempt is refused even with the right code, and says how long to wait
    with pytest.raises(service.Closed) as err:
        service.reopen_seat(engine, created.join_code, short)
    assert err.value.reason == "too_many_tries" and 1 <= int(err.value.params["n"]) <= 16
    # once the window has passed, the right code works again and the count starts afresh
    with db.write(engine) as conn:
        conn.execute(
            update(reopen_codes)
            .where(reopen_codes.c.workshop_id == created.workshop.id)
            .values(window_start=datetime.now(UTC) - timedelta(minutes=16))
        )
    assert service.reopen_seat(engine, created.join_code, short)[0].id == created.workshop.id
    with db.read(engine) as conn:
        mine = select(reopen_codes.c.failures).where(reopen_codes.c.workshop_id == created.workshop.id)
        assert conn.execute(mine).scalar_one() == 0


def test_a_version_2_store_gets_the_reopen_tables(empty_url, monkeypatch):
    engine = db.make_engine(empty_url, migrate_now=False)
    monkeypatch.setattr(db, "MIGRATIONS", db.MIGRATIONS[:2])
    assert db.migrate(engine) == [1, 2]
    created = service.create_workshop(engine, "Ennen", steps=STEPS)
    monkeypatch.undo()
    assert 4 in db.migrate(engine)  # the reopen tables: migration 4, after the scorecards (3)
    assert {"workshop_reopen", "facilitator_seats"} <= set(inspect(engine).get_table_names())
    short = service.new_reopen_code(engine, created.workshop.id, created.facilitator_key)
    assert service.reopen_seat(engine, created.join_code, short)[0].title == "Ennen"
    engine.dispose()


def test_untouched_ranking_and_2x2_are_refused(room):
    engine, created = room
    seat = service.join(engine, created.join_code, "Testi")
    for step_id, kind, payload in (
        ("rank", "ranking", {"order": []}),
        ("grid", "matrix", {"placements": {}}),
        # every item on the crossing: what twelve untouched sliders at 5/5 sent
        ("grid", "matrix", {"placements": {i: [0.5, 0.5] for i in ("vitality", "finances", "wellbeing")}}),
    ):
        with pytest.raises(service.Invalid) as err:
            service.submit(engine, seat.token, step_id, kind, payload, f"k-{kind}-{len(str(payload))}")
        assert err.value.reason == "untouched"
    # a tapped quadrant is an answer
    placements = {"vitality": voting.placement("critical"), "finances": voting.placement("minor")}
    service.submit(engine, seat.token, "grid", "matrix", {"placements": placements}, "ok-1")
    means = aggregates.matrix_results(engine, created.workshop.id, "grid").set_index("item")
    assert means.loc["vitality", "impact"] == 0.75 and means.loc["vitality", "uncertainty"] == 0.75
    assert means.loc["finances", "impact"] == 0.25 and means.loc["finances", "uncertainty"] == 0.25
