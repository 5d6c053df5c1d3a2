"""Fixtures for the workshop store: a fresh SQLite file always, a fresh PostgreSQL database when one is given."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

from foresight.workshop import db

PG_ENV = "KUNTALUOTAIN_PG_URL"
PG_SKIP = f'{PG_ENV} not set: start a server with eval "$(scripts/postgres.sh start)"'

# Test data, made up for the tests: six theme ids are the real ones, every answer is invented.
STEPS = [
    {"id": "intro", "kind": "overview", "title": "Tilannekuva"},
    {"id": "rank", "kind": "ranking", "title": "Priorisointi"},
    {"id": "grid", "kind": "matrix", "title": "Nelikenttä", "items": ["vitality", "finances", "wellbeing"]},
    {"id": "pop2030", "kind": "projection", "title": "Väestö 2030", "indicator": "population", "year": 2030},
    {"id": "own", "kind": "scenario", "title": "Oma skenaario"},
]


def pg_url() -> str | None:
    """The PostgreSQL server URL from the environment, if any."""
    return os.environ.get(PG_ENV, "").strip() or None


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'workshop.sqlite'}"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh, empty database on the test server for this session (dropped afterwards)."""
    url = pg_url()
    if url is None:
        pytest.skip(PG_SKIP)
    name = f"kt_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    fresh = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        yield fresh
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """The URL of an empty-or-migrated store on each database (PostgreSQL skipped without a server)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'workshop.sqlite'}"
    return str(request.getfixturevalue("pg_database"))


@pytest.fixture
def engine(db_url) -> Iterator[Engine]:
    eng = db.make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request, tmp_path) -> Iterator[str]:
    """The URL of a database with nothing in it (a new PostgreSQL database per test)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    url = pg_url()
    if url is None:
        pytest.skip(PG_SKIP)
    name = f"kt_empty_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
