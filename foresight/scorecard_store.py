"""Saved scorecards in the app's database (the workshop store's engine): opened with a code and an owner key
(stored only hashed), every change kept as a numbered version with who, when and what changed.

The tables have their own MetaData and are created by one self-contained migration step in
foresight/workshop/db.py (`create_tables`), so other features' migrations never touch them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from foresight import scorecard as sc
from foresight.workshop import security
from foresight.workshop.db import read, write

metadata = MetaData()
MAX_AUTHOR: Final = 80
_CODE_TRIES: Final = 20

scorecards = Table(
    "scorecards",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("owner_key_hash", String(200), nullable=False),
    Column("municipality", String(10), nullable=False, index=True),
    Column("share", Boolean, nullable=False, default=False),
    Column("doc", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False),
)

scorecard_versions = Table(
    "scorecard_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scorecard_id", Integer, ForeignKey("scorecards.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("author", String(MAX_AUTHOR), nullable=False),
    Column("changed", DateTime(timezone=True), nullable=False),
    Column("doc", JSON, nullable=False),
    Column("changes", JSON, nullable=False),
    UniqueConstraint("scorecard_id", "version", name="uq_scorecard_version"),
)


def create_tables(conn: Connection) -> None:
    """The migration step: create the scorecard tables (skipped when they exist, so a renumbering is safe)."""
    metadata.create_all(conn, checkfirst=True)


@dataclass(frozen=True)
class Saved:
    """A saved scorecard: its code, current version and content."""

    code: str
    version: int
    card: sc.Scorecard
    updated: datetime


@dataclass(frozen=True)
class Version:
    """One entry of the change history."""

    version: int
    author: str
    changed: datetime
    changes: list[dict[str, Any]]
    card: sc.Scorecard


def _now() -> datetime:
    return datetime.now(UTC)


def _author(author: str) -> str:
    name = sc.clean_text(author, MAX_AUTHOR)
    if not name:
        raise sc.ScorecardError("scorecard.error.no_author")
    return name


def _card(doc: dict[str, Any]) -> sc.Scorecard:
    return sc.stored(doc)


def create(engine: Engine, card: sc.Scorecard, author: str) -> tuple[str, str]:
    """Save a new scorecard as version 1; returns (code, owner key). The key is shown once, stored hashed."""
    name = _author(author)
    key = security.new_secret()
    now = _now()
    doc = sc.to_dict(card)
    values = {
        "owner_key_hash": security.hash_key(key),
        "municipality": card.municipality,
        "share": card.share,
        "doc": doc,
        "version": 1,
        "created": now,
        "updated": now,
    }
    for _ in range(_CODE_TRIES):
        code = security.new_join_code()
        try:
            with write(engine) as conn:
                new_id = conn.execute(
                    scorecards.insert().values(code=code, **values).returning(scorecards.c.id)
                ).scalar_one()
                conn.execute(
                    scorecard_versions.insert().values(
                        scorecard_id=new_id,
                        version=1,
                        author=name,
                        changed=now,
                        doc=doc,
                        changes=sc.changes(None, card),
                    )
                )
        except IntegrityError:
            continue  # the code is taken: draw another
        return code, key
    raise RuntimeError("no free scorecard code after repeated tries")


def _row(conn: Connection, code: str, key: str) -> Any:
    row = conn.execute(select(scorecards).where(scorecards.c.code == security.normalise_code(code))).first()
    if row is None:
        raise sc.ScorecardError("scorecard.error.bad_code")
    if not security.verify(key.strip() if key else "", row.owner_key_hash):
        raise sc.ScorecardError("scorecard.error.wrong_key")
    return row


def open_card(engine: Engine, code: str, key: str) -> Saved:
    """The scorecard for a code if the owner key is right (ScorecardError bad_code / wrong_key otherwise)."""
    with read(engine) as conn:
        row = _row(conn, code, key)
    return Saved(row.code, int(row.version), _card(row.doc), row.updated)


def save(engine: Engine, code: str, key: str, card: sc.Scorecard, author: str) -> Saved:
    """Store a new version when anything changed (who, when and what); the same Saved when nothing did."""
    name = _author(author)
    with write(engine) as conn:
        row = _row(conn, code, key)
        if card.municipality != row.municipality:
            raise sc.ScorecardError("scorecard.error.other_municipality")
        old = _card(row.doc)
        diff = sc.changes(old, card)
        if not diff:
            return Saved(row.code, int(row.version), old, row.updated)
        now, version, doc = _now(), int(row.version) + 1, sc.to_dict(card)
        conn.execute(
            update(scorecards)
            .where(scorecards.c.id == row.id)
            .values(doc=doc, version=version, updated=now, share=card.share)
        )
        conn.execute(
            scorecard_versions.insert().values(
                scorecard_id=row.id, version=version, author=name, changed=now, doc=doc, changes=diff
            )
        )
    return Saved(row.code, version, card, now)


def history(engine: Engine, code: str, key: str) -> list[Version]:
    """Every version, newest first (owner key needed: the history shows the whole strategy)."""
    with read(engine) as conn:
        row = _row(conn, code, key)
        rows = conn.execute(
            select(scorecard_versions)
            .where(scorecard_versions.c.scorecard_id == row.id)
            .order_by(scorecard_versions.c.version.desc())
        ).all()
    return [Version(int(r.version), r.author, r.changed, list(r.changes), _card(r.doc)) for r in rows]


def shared_targets(engine: Engine, indicator: str, municipalities: Sequence[str]) -> dict[str, float]:
    """The 2030 target for an indicator in each municipality's latest shared scorecard (share ticked)."""
    with read(engine) as conn:
        rows = conn.execute(
            select(scorecards.c.municipality, scorecards.c.doc, scorecards.c.updated)
            .where(scorecards.c.share.is_(True), scorecards.c.municipality.in_(list(municipalities)))
            .order_by(scorecards.c.updated)
        ).all()
    out: dict[str, float] = {}
    for row in rows:  # oldest first: a newer scorecard of the same municipality wins
        for goal in row.doc.get("goals", []):
            for item in goal.get("items", []):
                if item.get("indicator") == indicator:
                    out[str(row.municipality)] = float(item["target"])
    return out
