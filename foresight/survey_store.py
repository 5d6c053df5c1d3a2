"""Residents' surveys in the workshop database: created with a public code and an owner key (stored only
hashed), answered once per browser token (a later answer replaces the earlier until closing), rate-limited
per address by a salted hash (the raw address is never stored), deleted whole by the owner.

The tables have their own MetaData and are created by migration 5 in foresight/workshop/db.py.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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
    Text,
    UniqueConstraint,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from foresight import survey as sv
from foresight.columns import THEMES
from foresight.workshop import security
from foresight.workshop.db import read, write
from foresight.workshop.models import RANKING

metadata = MetaData()
RATE_LIMIT: Final = 20  # submissions per address per survey within RATE_WINDOW
RATE_WINDOW: Final = timedelta(hours=1)
PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
_CODE_TRIES: Final = 20

surveys = Table(
    "surveys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("owner_key_hash", String(200), nullable=False),
    Column("salt", String(64), nullable=False),  # for respondent-token and address hashes
    Column("municipality", String(10), nullable=False),
    Column("lang", String(2), nullable=False),
    Column("doc", JSON, nullable=False),
    Column("opens", DateTime(timezone=True), nullable=False),
    Column("closes", DateTime(timezone=True), nullable=False),
    Column("retain_until", DateTime(timezone=True), nullable=False),
    Column("published", Boolean, nullable=False, default=False),
    Column("created", DateTime(timezone=True), nullable=False),
)

survey_answers = Table(
    "survey_answers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("survey_id", Integer, ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False),
    Column("respondent", String(64), nullable=False),  # HMAC of the browser token with the survey's salt
    Column("answer", JSON, nullable=False),
    Column("open_text", Text, nullable=False, default=""),
    Column("open_status", String(10), nullable=False, default=PENDING),
    Column("updated", DateTime(timezone=True), nullable=False),
    UniqueConstraint("survey_id", "respondent", name="uq_survey_respondent"),
)

survey_hits = Table(
    "survey_hits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("survey_id", Integer, ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("address", String(64), nullable=False),  # HMAC of the address with the survey's salt
    Column("at", DateTime(timezone=True), nullable=False),
)


def create_tables(conn: Connection) -> None:
    """The migration step: create the survey tables (skipped when they exist)."""
    metadata.create_all(conn, checkfirst=True)


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes (stored in UTC), PostgreSQL aware ones.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _mac(salt: str, value: str) -> str:
    return hmac.new(bytes.fromhex(salt), value.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Survey:
    id: int
    code: str
    municipality: str
    lang: str
    definition: sv.Definition
    opens: datetime
    closes: datetime
    retain_until: datetime
    published: bool

    def state(self, now: datetime | None = None) -> str:
        """'upcoming', 'open' or 'closed' at now (UTC)."""
        now = now or _now()
        if now < self.opens:
            return "upcoming"
        return "open" if now < self.closes else "closed"


def _survey(row: Any) -> Survey:
    return Survey(
        row.id,
        row.code,
        row.municipality,
        row.lang,
        sv.Definition.from_doc(row.doc),
        _aware(row.opens),
        _aware(row.closes),
        _aware(row.retain_until),
        bool(row.published),
    )


def create(
    engine: Engine,
    definition: sv.Definition,
    *,
    municipality: str,
    lang: str,
    opens: datetime,
    closes: datetime,
    retain_until: datetime,
) -> tuple[Survey, str]:
    """A new survey and its owner key (shown once; only its hash is stored)."""
    if opens.tzinfo is None or closes.tzinfo is None or retain_until.tzinfo is None:
        raise sv.SurveyError("survey.error.dates")
    if not opens < closes <= retain_until:
        raise sv.SurveyError("survey.error.dates")
    key = security.new_secret()
    for _ in range(_CODE_TRIES):
        code = security.new_join_code()
        try:
            with write(engine) as conn:
                conn.execute(
                    surveys.insert().values(
                        code=code,
                        owner_key_hash=security.hash_key(key),
                        salt=secrets.token_hex(16),
                        municipality=municipality[:10],
                        lang=lang[:2],
                        doc=definition.to_doc(),
                        opens=opens,
                        closes=closes,
                        retain_until=retain_until,
                        published=False,
                        created=_now(),
                    )
                )
        except IntegrityError:
            continue
        return get(engine, code), key
    raise RuntimeError("no free survey code")  # pragma: no cover - 8.9e8 codes


def find(engine: Engine, code: str) -> Survey | None:
    """The survey with this public code, or None."""
    with read(engine) as conn:
        row = conn.execute(select(surveys).where(surveys.c.code == security.normalise_code(code))).first()
    return _survey(row) if row else None


def typed_code(text: str) -> str:
    """A code as a resident types it from print (any case, spaces or dashes) in canonical form; SurveyError
    "survey.error.code_format" when it cannot be one (six characters of the code alphabet)."""
    code = security.normalise_code(text)
    if len(code) != security.CODE_LENGTH or not set(code) <= set(security.CODE_ALPHABET):
        raise sv.SurveyError("survey.error.code_format", length=security.CODE_LENGTH)
    return code


def open_typed(engine: Engine, text: str) -> Survey:
    """The survey a resident's typed code names; SurveyError for a malformed or unknown code."""
    code = typed_code(text)
    found = find(engine, code)
    if found is None:
        raise sv.SurveyError("survey.error.unknown_code", code=code)
    return found


def get(engine: Engine, code: str) -> Survey:
    found = find(engine, code)
    if found is None:
        raise sv.SurveyError("survey.error.unknown")
    return found


def published(engine: Engine, municipality: str) -> list[Survey]:
    """The municipality's surveys whose results the owner has published, newest (latest closing) first."""
    with read(engine) as conn:
        rows = conn.execute(
            select(surveys)
            .where(surveys.c.municipality == municipality[:10], surveys.c.published.is_(True))
            .order_by(surveys.c.closes.desc(), surveys.c.id.desc())
        ).all()
    return [_survey(r) for r in rows]


def published_results(engine: Engine, code: str) -> tuple[Survey, Results] | None:
    """A survey and its results if the survey exists and its results are published, else None."""
    survey = find(engine, code) if code else None
    if survey is None or not survey.published:
        return None
    return survey, results(engine, survey)


def check_owner(engine: Engine, code: str, key: str) -> Survey:
    """The survey if key is its owner key, else SurveyError('survey.error.owner')."""
    with read(engine) as conn:
        row = conn.execute(select(surveys).where(surveys.c.code == security.normalise_code(code))).first()
    if row is None or not security.verify(key or "", row.owner_key_hash):
        raise sv.SurveyError("survey.error.owner")
    return _survey(row)


def submit(
    engine: Engine,
    code: str,
    token: str,
    raw: dict[str, Any],
    *,
    address: str = "",
    now: datetime | None = None,
) -> sv.Answer:
    """Validate and store one respondent's answer (replacing their earlier one): refused with a message key
    when the survey is unknown, not open, the token is malformed, the address over its rate limit or the
    answer invalid."""
    now = now or _now()
    with read(engine) as conn:
        row = conn.execute(select(surveys).where(surveys.c.code == security.normalise_code(code))).first()
    if row is None:
        raise sv.SurveyError("survey.error.unknown")
    survey = _survey(row)
    state = survey.state(now)
    if state != "open":
        raise sv.SurveyError(f"survey.error.{state}")
    if not security.valid_idem_key(token) or len(token) < 16:
        raise sv.SurveyError("survey.error.token")
    answer = sv.validate(survey.definition, raw)
    respondent = _mac(row.salt, token)
    values = {
        "survey_id": survey.id,
        "respondent": respondent,
        "answer": answer.to_doc(),
        "open_text": answer.open_text,
        "open_status": PENDING,
        "updated": now,
    }
    with write(engine) as conn:
        if address:
            addr = _mac(row.salt, address)
            recent = conn.execute(
                select(func.count())
                .select_from(survey_hits)
                .where(
                    survey_hits.c.survey_id == survey.id,
                    survey_hits.c.address == addr,
                    survey_hits.c.at > now - RATE_WINDOW,
                )
            ).scalar_one()
            if recent >= RATE_LIMIT:
                raise sv.SurveyError("survey.error.rate")
            conn.execute(survey_hits.insert().values(survey_id=survey.id, address=addr, at=now))
        insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
        stmt = insert(survey_answers).values(**values)
        changed = {k: stmt.excluded[k] for k in ("answer", "open_text", "open_status", "updated")}
        conn.execute(stmt.on_conflict_do_update(index_elements=["survey_id", "respondent"], set_=changed))
    return answer


def my_answer(engine: Engine, code: str, token: str) -> sv.Answer | None:
    """The answer this browser token gave earlier, if any (to let the respondent change it)."""
    with read(engine) as conn:
        row = conn.execute(select(surveys).where(surveys.c.code == security.normalise_code(code))).first()
        if row is None or not token:
            return None
        found = conn.execute(
            select(survey_answers.c.answer).where(
                survey_answers.c.survey_id == row.id, survey_answers.c.respondent == _mac(row.salt, token)
            )
        ).first()
    return sv.Answer.from_doc(found.answer) if found else None


def answers(engine: Engine, survey: Survey) -> list[sv.Answer]:
    with read(engine) as conn:
        rows = conn.execute(
            select(survey_answers.c.answer)
            .where(survey_answers.c.survey_id == survey.id)
            .order_by(survey_answers.c.id)
        ).all()
    return [sv.Answer.from_doc(r.answer) for r in rows]


def count(engine: Engine, survey: Survey) -> int:
    with read(engine) as conn:
        return int(
            conn.execute(
                select(func.count())
                .select_from(survey_answers)
                .where(survey_answers.c.survey_id == survey.id)
            ).scalar_one()
        )


def open_answers(engine: Engine, survey: Survey, status: str | None = APPROVED) -> list[tuple[int, str, str]]:
    """Open answers (id, text, status), only those with status (None: all non-empty)."""
    query = select(survey_answers.c.id, survey_answers.c.open_text, survey_answers.c.open_status).where(
        survey_answers.c.survey_id == survey.id, survey_answers.c.open_text != ""
    )
    if status is not None:
        query = query.where(survey_answers.c.open_status == status)
    with read(engine) as conn:
        return [(r.id, r.open_text, r.open_status) for r in conn.execute(query.order_by(survey_answers.c.id))]


def moderate(engine: Engine, code: str, key: str, answer_id: int, status: str) -> None:
    """Approve or reject one open answer (owner only)."""
    if status not in (PENDING, APPROVED, REJECTED):
        raise sv.SurveyError("survey.error.tampered")
    survey = check_owner(engine, code, key)
    with write(engine) as conn:
        conn.execute(
            update(survey_answers)
            .where(survey_answers.c.id == answer_id, survey_answers.c.survey_id == survey.id)
            .values(open_status=status)
        )


def publish(engine: Engine, code: str, key: str, published: bool = True) -> None:
    survey = check_owner(engine, code, key)
    with write(engine) as conn:
        conn.execute(update(surveys).where(surveys.c.id == survey.id).values(published=published))


def delete_survey(engine: Engine, code: str, key: str) -> None:
    """Remove the survey, every answer and every rate-limit record (owner only)."""
    survey = check_owner(engine, code, key)
    with write(engine) as conn:
        for table in (survey_hits, survey_answers):
            conn.execute(delete(table).where(table.c.survey_id == survey.id))
        conn.execute(delete(surveys).where(surveys.c.id == survey.id))


@dataclass(frozen=True)
class Results:
    respondents: int
    ranking: list[sv.BordaRow]
    choices: list[tuple[str, int]]
    statements: dict[str, dict[int, int]]
    open_answers: list[str]


def results(engine: Engine, survey: Survey, *, answers_: list[sv.Answer] | None = None) -> Results:
    """The survey's results; open answers only those approved by moderation."""
    got = answers(engine, survey) if answers_ is None else answers_
    return Results(
        respondents=len(got),
        ranking=sv.borda(a.rank for a in got),
        choices=sv.choices(got, survey.definition.picks),
        statements=sv.distributions(got, survey.definition),
        open_answers=[text for _, text, _ in open_answers(engine, survey, APPROVED)],
    )


def theme_ranking_step(steps: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """A workshop's first ranking step of the six themes: the room's side of residents vs council (a ranking
    of other items cannot be compared with the residents' theme ranking)."""
    return next(
        (s for s in steps if s.get("kind") == RANKING and set(s.get("items") or THEMES) == set(THEMES)),
        None,
    )


UNKNOWN, NO_STEP, NO_VOTES, OK = "unknown", "no_step", "no_votes", "ok"


def council_by_code(engine: Engine, workshop_code: str) -> tuple[str, list[sv.BordaRow]]:
    """The council side of residents vs council for a workshop typed by its join code: (OK, Borda rows) of
    its first six-theme ranking step, or (UNKNOWN | NO_STEP | NO_VOTES, []) saying why there is none."""
    from foresight.workshop import service

    try:
        ws = service.find(engine, workshop_code)
    except service.WorkshopError:
        return UNKNOWN, []
    step = theme_ranking_step(ws.steps)
    if step is None:
        return NO_STEP, []
    rows = council_ranking(engine, ws.id, str(step["id"]))
    if not rows or not rows[0].voters:
        return NO_VOTES, []
    return OK, rows


def council_ranking(engine: Engine, workshop_id: int, step_id: str) -> list[sv.BordaRow]:
    """A workshop ranking step's Borda result as rows to compare with the residents' (residents vs council)."""
    from foresight.workshop import aggregates

    frame = aggregates.ranking_results(engine, workshop_id, step_id)
    return [
        sv.BordaRow(str(r.item), int(r.points), int(r.first_places), int(r.voters))
        for r in frame.itertuples()
    ]


def purge_expired(engine: Engine, now: datetime | None = None) -> int:
    """Delete every survey whose retention date has passed, with all its answers; return how many."""
    now = now or _now()
    with write(engine) as conn:
        ids = [r.id for r in conn.execute(select(surveys.c.id).where(surveys.c.retain_until <= now))]
        for table in (survey_hits, survey_answers):
            conn.execute(delete(table).where(table.c.survey_id.in_(ids)))
        conn.execute(delete(surveys).where(surveys.c.id.in_(ids)))
    return len(ids)
