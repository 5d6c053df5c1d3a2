"""Concurrency, migrations and several app processes on one database (SQLite file and PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import func, inspect, select

from foresight.workshop import aggregates, db, service
from foresight.workshop.models import submissions

from .conftest import STEPS

PEER = Path(__file__).with_name("peer_process.py")


def _stored(engine, workshop_id: int) -> tuple[int, int]:
    """(rows, distinct (participant, idem_key)) stored for a workshop."""
    with db.read(engine) as conn:
        rows = conn.execute(select(func.count()).where(submissions.c.workshop_id == workshop_id)).scalar()
        keys = conn.execute(
            select(func.count()).select_from(
                select(submissions.c.participant_id, submissions.c.idem_key)
                .where(submissions.c.workshop_id == workshop_id)
                .distinct()
                .subquery()
            )
        ).scalar()
    return int(rows or 0), int(keys or 0)


def test_fifty_participants_twenty_submissions_each(engine):
    created = service.create_workshop(engine, "Kuorma", steps=STEPS)
    seats = [service.join(engine, created.join_code, f"p{i}") for i in range(50)]
    items = list(created.workshop.find_step("rank")["items"])
    start = threading.Barrier(50)

    def participant(seat) -> int:
        start.wait()
        sent = 0
        for i in range(20):
            kind = ("comment", "guess", "ranking", "scenario")[i % 4]
            step, payload = {
                "comment": ("own", {"comment": f"kommentti {i}"}),
                "guess": ("pop2030", {"value": 650_000 + i}),
                "ranking": ("rank", {"order": items[i % 6 :] + items[: i % 6]}),
                "scenario": ("own", {"name": f"s{i}", "levers": {"migration": i / 10}}),
            }[kind]
            key = f"{seat.participant_id}-{i}"
            service.submit(engine, seat.token, step, kind, payload, key)
            if i % 7 == 0:  # a retry after a lost answer, same key: must not add a row
                assert service.submit(engine, seat.token, step, kind, payload, key).duplicate
            sent += 1
        return sent

    with ThreadPoolExecutor(max_workers=50) as pool:
        sent = sum(pool.map(participant, seats))
    rows, keys = _stored(engine, created.workshop.id)
    assert (sent, rows, keys) == (1000, 1000, 1000)
    assert service.version(engine, created.workshop.id) == 1000 + 50
    assert aggregates.guess_summary(engine, created.workshop.id, "pop2030")["n"] == 50
    assert aggregates.ranking_results(engine, created.workshop.id, "rank")["voters"].iloc[0] == 50


def test_migration_from_empty_and_rerun_is_noop(empty_url):
    engine = db.make_engine(empty_url, migrate_now=False)
    assert db.schema_version(engine) == 0
    every = [version for version, _ in db.MIGRATIONS]
    assert db.migrate(engine) == every
    assert db.schema_version(engine) == every[-1]
    tables = set(inspect(engine).get_table_names())
    assert {"schema_version", "workshops", "participants", "submissions", "workshop_owndata"} <= tables
    assert {"scorecards", "scorecard_versions"} <= tables
    created = service.create_workshop(engine, "Säilyy")
    assert db.migrate(engine) == []
    assert service.find(engine, created.join_code).title == "Säilyy"
    engine.dispose()


def test_app_processes_starting_together_migrate_once(empty_url):
    results: list[list[int]] = []
    barrier = threading.Barrier(4)

    def start() -> None:
        engine = db.make_engine(empty_url, migrate_now=False)
        barrier.wait()
        results.append(db.migrate(engine))
        engine.dispose()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [[], [], [], [version for version, _ in db.MIGRATIONS]]


def test_a_version_1_store_upgrades_and_keeps_its_workshops(empty_url, monkeypatch):
    """A store made before own data could be attached gets the new table and loses nothing."""
    engine = db.make_engine(empty_url, migrate_now=False)
    monkeypatch.setattr(db, "MIGRATIONS", db.MIGRATIONS[:1])
    assert db.migrate(engine) == [1]
    assert "workshop_owndata" not in inspect(engine).get_table_names()
    created = service.create_workshop(engine, "Ennen päivitystä", steps=STEPS)
    seat = service.join(engine, created.join_code, "Anna")
    service.submit(engine, seat.token, "own", "comment", {"comment": "vanha"}, "old-1")
    monkeypatch.undo()
    assert db.migrate(engine) == [version for version, _ in db.MIGRATIONS[1:]]
    assert "workshop_owndata" in inspect(engine).get_table_names()
    assert [e.comment for e in aggregates.comments(engine, created.workshop.id)] == ["vanha"]
    assert service.find(engine, created.join_code).title == "Ennen päivitystä"
    engine.dispose()


def test_two_app_processes_see_each_others_submissions(db_url):
    engine = db.make_engine(db_url)
    created = service.create_workshop(engine, "Kaksi palvelinta", steps=STEPS)
    procs = [
        subprocess.Popen(
            [sys.executable, str(PEER), db_url, created.join_code, "10", label, "20"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for label in ("A", "B")
    ]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=90)
        assert proc.returncode == 0, err
        reports.append(json.loads(out))
    for report, other in zip(reports, ("B", "A"), strict=True):
        assert len(report["seen"]) == 20
        assert {f"{other} {i}" for i in range(10)} <= set(report["seen"])
    assert len({i for r in reports for i in r["mine"]}) == 20
    engine.dispose()


def test_killed_app_process_loses_nothing_acknowledged(db_url):
    engine = db.make_engine(db_url)
    created = service.create_workshop(engine, "Kaatuminen", steps=STEPS)
    proc = subprocess.Popen(
        [sys.executable, str(PEER), db_url, created.join_code, "1000", "K", "ack"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    acked = []
    assert proc.stdout is not None
    for line in proc.stdout:
        acked.append(int(line))
        if len(acked) == 40:
            proc.kill()  # SIGKILL mid-stream: no clean shutdown, no flush
            break
    proc.wait(timeout=30)
    stored = {e.submission_id for e in aggregates.comments(engine, created.workshop.id)}
    assert len(acked) == 40 and set(acked) <= stored
    engine.dispose()


def test_urls_in_memory_and_plain_postgresql(monkeypatch):
    engine = db.make_engine("sqlite://")
    created = service.create_workshop(engine, "Muistissa")
    assert service.find(engine, created.join_code).title == "Muistissa"
    engine.dispose()
    monkeypatch.setenv(db.ENV_URL, "postgresql://someone@127.0.0.1:1/x")
    assert db.make_engine(migrate_now=False).url.drivername == "postgresql+psycopg"
    monkeypatch.delenv(db.ENV_URL)
    assert db.database_url() == f"sqlite:///{db.DEFAULT_PATH}"
    assert db.DEFAULT_PATH.parent.name == "var"
