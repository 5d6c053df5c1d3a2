"""Tables of the workshop store (SQLAlchemy Core) and the plain records the service returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# What a participant can send.
RANKING: Final = "ranking"
MATRIX: Final = "matrix"
GUESS: Final = "guess"
SCENARIO: Final = "scenario"
COMMENT: Final = "comment"
OWNDATA: Final = "owndata"  # a step showing an attached own-data indicator (foresight.workshop.owndata)
SURVEY: Final = "survey"  # a step showing a residents' survey's published results (foresight.survey_store)
SUBMISSION_KINDS: Final = (RANKING, MATRIX, GUESS, SCENARIO, COMMENT)

# What a facilitator can prepare, and which submissions each kind of step takes (comments: every step).
STEP_KINDS: Final = (
    "overview",
    "indicator",
    "projection",
    "comparison",
    RANKING,
    MATRIX,
    GUESS,
    SCENARIO,
    "results",
    OWNDATA,  # added from the control panel, from an attached file
    SURVEY,  # added from the control panel, by the survey's public code
)
# Kinds added from the control panel (they need a file or a code), not offered when a workshop is created.
ADDED_KINDS: Final = (OWNDATA, SURVEY)
ACCEPTS: Final[dict[str, tuple[str, ...]]] = {
    RANKING: (RANKING,),
    MATRIX: (MATRIX,),
    GUESS: (GUESS,),
    "projection": (GUESS,),  # predict, then reveal
    SCENARIO: (SCENARIO,),
}


def answer_kind(kind: str) -> str | None:
    """What a participant sends at a step of this kind (a projection step takes a guess), or None."""
    takes = ACCEPTS.get(kind)
    return takes[0] if takes else None


workshops = Table(
    "workshops",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", String(200), nullable=False),
    Column("municipality", String(10), nullable=False, default=""),
    Column("peer_spec", Text, nullable=False, default=""),
    Column("steps", JSON, nullable=False),
    Column("current_step", Integer, nullable=False, default=0),
    Column("revealed", JSON, nullable=False),  # list of step ids
    Column("voting_open", Boolean, nullable=False, default=True),
    Column("show_names", Boolean, nullable=False, default=False),
    Column("join_code", String(16), nullable=False, unique=True),
    Column("facilitator_key_hash", String(200), nullable=False),
    Column("state_version", Integer, nullable=False, default=0),  # bumped by every facilitator change
    Column("created", DateTime(timezone=True), nullable=False),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("display_name", String(80), nullable=True),
    Column("token_hash", String(200), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Index("ix_participants_workshop", "workshop_id"),
)

submissions = Table(
    "submissions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("step_id", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("comment", Text, nullable=False, default=""),
    Column("idem_key", String(64), nullable=False),
    Column("hidden", Boolean, nullable=False, default=False),  # moderation by the facilitator
    Column("withdrawn", Boolean, nullable=False, default=False),  # taken back by its author
    Column("created", DateTime(timezone=True), nullable=False),
    # A retried request carries the same key: the second insert is a no-op, never a duplicate.
    UniqueConstraint("participant_id", "idem_key", name="uq_submissions_participant_idem"),
    Index("ix_submissions_workshop_step", "workshop_id", "step_id"),
)


# Added by migration 2: own data (foresight.owndata documents) a facilitator attaches to a workshop, so every
# screen in the room and a facilitator reopening later see the same local figures.
owndata_files = Table(
    "workshop_owndata",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("filename", String(200), nullable=False),
    Column("document", Text, nullable=False),  # OwnData.to_json(), checked again whenever it is read
    Column("digest", String(64), nullable=False),  # SHA-256 of the document: attaching twice is a no-op
    Column("created", DateTime(timezone=True), nullable=False),
    UniqueConstraint("workshop_id", "digest", name="uq_workshop_owndata_digest"),
)

# Added by migration 3: the facilitator's way back in without the long key. A short reopen code (stored hashed,
# valid for a day) and the count of failed reopen attempts (rate limiting); a reopen by the short code seats
# the browser with a key of its own (facilitator_seats), so the first key and every other seat keep working.
reopen_codes = Table(
    "workshop_reopen",
    metadata,
    Column("workshop_id", Integer, ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    Column("code_hash", String(200), nullable=True),
    Column("code_expires", DateTime(timezone=True), nullable=True),
    Column("failures", Integer, nullable=False, default=0),
    Column("window_start", DateTime(timezone=True), nullable=True),
)

facilitator_seats = Table(
    "facilitator_seats",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("key_hash", String(200), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Index("ix_facilitator_seats_workshop", "workshop_id"),
)

# What migration 1 created: the migration names them, so a table added later is never created by it.
V1_TABLES: Final = (workshops, participants, submissions)


@dataclass(frozen=True)
class Workshop:
    """A workshop as everyone in the room may see it (no key, no hashes)."""

    id: int
    title: str
    municipality: str
    peer_spec: str
    steps: tuple[dict[str, Any], ...]
    current_step: int
    revealed: frozenset[str]
    voting_open: bool
    show_names: bool
    join_code: str
    created: datetime

    @property
    def step(self) -> dict[str, Any] | None:
        """The current step, or None when no steps are prepared."""
        return self.steps[self.current_step] if 0 <= self.current_step < len(self.steps) else None

    def find_step(self, step_id: str) -> dict[str, Any] | None:
        """The step with this id, or None."""
        return next((s for s in self.steps if s["id"] == step_id), None)

    @property
    def signature(self) -> tuple[int, tuple[str, ...], bool, bool]:
        """What a screen following the facilitator compares to know it must redraw: step, reveals, voting,
        names. Not the answer count: a rerun per vote in the room would close a dropdown a phone has open."""
        return (self.current_step, tuple(sorted(self.revealed)), self.voting_open, self.show_names)


@dataclass(frozen=True)
class Created:
    """What creating a workshop hands the facilitator once: the key is never shown again."""

    workshop: Workshop
    join_code: str
    facilitator_key: str


@dataclass(frozen=True)
class Joined:
    """A participant's seat: keep the token in the browser session; it proves who submits."""

    workshop_id: int
    participant_id: int
    token: str
    display_name: str | None


@dataclass(frozen=True)
class Submitted:
    """The stored submission's id; duplicate=True when this was a retry of an earlier request."""

    submission_id: int
    duplicate: bool


@dataclass(frozen=True)
class Entry:
    """A scenario or comment as shown to the room (name only when the facilitator shows names)."""

    submission_id: int
    step_id: str
    kind: str
    author: str | None
    payload: dict[str, Any] = field(default_factory=dict)
    comment: str = ""
    hidden: bool = False
    created: datetime | None = None


@dataclass(frozen=True)
class Attached:
    """An own-data file attached to a workshop: its indicators as (id, name, unit) for the screens."""

    id: int
    filename: str
    indicators: tuple[tuple[str, str, str], ...]
    rows: int
    digest: str
    created: datetime
