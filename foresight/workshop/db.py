"""The workshop database: an engine from a URL (SQLite file by default, PostgreSQL by URL) and its migrations."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

ENV_URL: Final = "KUNTALUOTAIN_DB_URL"
REPO_ROOT: Final = Path(__file__).resolve().parents[2]
# A git-ignored data folder beside the code: no set-up for a single-server workshop.
DEFAULT_PATH: Final = REPO_ROOT / "var" / "workshop.sqlite"
BUSY_TIMEOUT_MS: Final = 30_000
# Any constant works: it only has to be the same in every process that migrates this database.
_PG_MIGRATION_LOCK: Final = 7_245_001


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else $KUNTALUOTAIN_DB_URL, else the default SQLite file."""
    chosen = url or os.environ.get(ENV_URL, "").strip()
    return chosen or f"sqlite:///{DEFAULT_PATH}"


def make_engine(url: str | None = None, *, migrate_now: bool = True, **kwargs: Any) -> Engine:
    """An engine for the workshop store, its schema created or migrated (unless migrate_now=False)."""
    parsed = make_url(database_url(url))
    if parsed.drivername in ("postgresql", "postgres"):
        # A plain postgresql:// URL would pick psycopg2, which is not installed; psycopg 3 is.
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(parsed.render_as_string(hide_password=False), parsed.database, **kwargs)
    else:
        # pre_ping: a database restart mid-workshop costs one reconnect, not an error page.
        options: dict[str, Any] = {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 15}
        options.update(kwargs)
        engine = create_engine(parsed, **options)
    if migrate_now:
        migrate(engine)
    return engine


def _sqlite_engine(url: str, database: str | None, **kwargs: Any) -> Engine:
    """SQLite with WAL (readers never wait for the writer), a busy timeout and BEGIN IMMEDIATE for writes."""
    options: dict[str, Any] = {
        "connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    }
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        options.update(pool_size=5, max_overflow=15)
    else:
        from sqlalchemy.pool import StaticPool

        options["poolclass"] = StaticPool  # one shared in-memory database, not one per connection
    options.update(kwargs)
    engine = create_engine(url, **options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (pysqlite's own handling defers it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable across app crashes in WAL mode
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A deferred transaction that reads and then writes fails at once (SQLITE_BUSY) if another writer
        # committed in between; IMMEDIATE takes the write lock first and waits its turn under busy_timeout.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


# SQLite admits one writer at a time and makes the others poll with growing sleeps; queueing this process's
# writers on a lock first hands the write lock on at once and keeps the slowest submission short.
_sqlite_writers: dict[str, threading.Lock] = {}
_sqlite_writers_lock = threading.Lock()


def _writer_lock(engine: Engine) -> threading.Lock | None:
    if engine.dialect.name != "sqlite":
        return None
    name = str(engine.url.database)
    with _sqlite_writers_lock:
        return _sqlite_writers.setdefault(name, threading.Lock())


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed on success, rolled back on any error."""
    lock = _writer_lock(engine)
    with lock if lock is not None else nullcontext(), engine.connect() as conn:
        conn = conn.execution_options(write=True)
        with conn.begin():
            yield conn


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """One read transaction (a consistent snapshot of the store)."""
    with engine.connect() as conn, conn.begin():
        yield conn


def _v1(conn: Connection) -> None:
    """Workshops, participants and submissions."""
    from foresight.workshop.models import V1_TABLES, metadata

    metadata.create_all(conn, tables=list(V1_TABLES))


def _v2(conn: Connection) -> None:
    """Own data attached to a workshop (table workshop_owndata)."""
    from foresight.workshop.models import owndata_files

    owndata_files.create(conn)


def _v3(conn: Connection) -> None:
    """Strategy scorecards and their versions (tables scorecards, scorecard_versions; self-contained)."""
    from foresight.scorecard_store import create_tables

    create_tables(conn)


def _v4(conn: Connection) -> None:
    """Short reopen codes with failed-attempt counts, and extra facilitator seats (issue 18)."""
    from foresight.workshop.models import facilitator_seats, reopen_codes

    # checkfirst: self-contained, so renumbering this step when branches merge cannot create a table twice
    reopen_codes.create(conn, checkfirst=True)
    facilitator_seats.create(conn, checkfirst=True)


def _v5(conn: Connection) -> None:
    """Residents' surveys, their answers and rate-limit records (tables surveys, survey_answers, survey_hits)."""
    from foresight.survey_store import create_tables

    create_tables(conn)


# Ordered and append-only: a released migration is never edited; a change is a new entry. Each
# number is applied once, whether it is newer than the rest or not.
MIGRATIONS: Final[tuple[tuple[int, Callable[[Connection], None]], ...]] = (
    (1, _v1),
    (2, _v2),
    (3, _v3),
    (4, _v4),
    (5, _v5),
)


def schema_version(engine: Engine) -> int:
    """The schema version the database is at (0 for an empty database)."""
    with read(engine) as conn:
        if not engine.dialect.has_table(conn, "schema_version"):
            return 0
        return int(conn.execute(text("SELECT max(version) FROM schema_version")).scalar() or 0)


def migrate(
    engine: Engine, migrations: tuple[tuple[int, Callable[[Connection], None]], ...] | None = None
) -> list[int]:
    """Apply the migrations this database lacks (by number, gaps allowed), in order, in one transaction;
    return those applied. migrations defaults to MIGRATIONS (a test may pass its own list)."""
    with write(engine) as conn:
        if engine.dialect.name == "postgresql":
            # Two app processes starting together must not both create the tables.
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        conn.execute(text("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)"))
        done = {int(v) for v in conn.execute(text("SELECT version FROM schema_version")).scalars()}
        applied = []
        for version, step in sorted(migrations if migrations is not None else MIGRATIONS):
            if version not in done:
                step(conn)
                conn.execute(text("INSERT INTO schema_version (version) VALUES (:v)"), {"v": version})
                applied.append(version)
        return applied


def describe(engine: Engine) -> str:
    """The engine's URL without a password, for logs and the README."""
    return engine.url.render_as_string(hide_password=True)
