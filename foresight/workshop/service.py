"""Workshop operations: create, reopen, steer, join, submit and moderate (the room's results: aggregates.py).

Every function takes the engine first. Facilitator actions take the workshop id and the facilitator key;
participant actions take the participant token from join(). Errors are WorkshopError with a text key.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

import pandas as pd
from sqlalchemy import Connection, Engine, func, select, update
from sqlalchemy.exc import IntegrityError

from foresight.columns import THEMES
from foresight.owndata.model import OWN_PREFIX
from foresight.workshop import security, voting
from foresight.workshop.db import read, write
from foresight.workshop.models import (
    ACCEPTS,
    COMMENT,
    GUESS,
    MATRIX,
    OWNDATA,
    RANKING,
    SCENARIO,
    STEP_KINDS,
    SURVEY,
    Created,
    Joined,
    Submitted,
    Workshop,
    facilitator_seats,
    participants,
    reopen_codes,
    submissions,
    workshops,
)

MAX_STEPS: Final = 50
MAX_ITEMS: Final = 20
MAX_PARTICIPANTS: Final = 500
MATRIX_RANGE: Final = (0.0, 1.0)  # both axes; the quadrant line is the middle
_CODE_TRIES: Final = 20
REOPEN_CODE_LENGTH: Final = 8  # 31**8 ≈ 8.5e11: with REOPEN_MAX_FAILURES per window, out of reach of guessing
REOPEN_CODE_HOURS: Final = 24  # a workshop day
REOPEN_MAX_FAILURES: Final = 5  # failed reopen attempts per workshop within REOPEN_WINDOW_MIN
REOPEN_WINDOW_MIN: Final = 15


class WorkshopError(Exception):
    """A refused action; .key is the UI text key (workshop.error.<reason>), .params its parameters."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params

    @property
    def key(self) -> str:
        """The text key for this error in foresight/locales/*/workshop.json."""
        return f"workshop.error.{self.reason}"


class NotFound(WorkshopError):
    """No workshop with that code (or a stale participant token)."""


class Forbidden(WorkshopError):
    """Wrong facilitator key, bad token, or someone else's submission."""


class Closed(WorkshopError):
    """Voting is closed, or the step's answer has already been revealed."""


class Invalid(WorkshopError):
    """Malformed or too long input."""


def _now() -> datetime:
    return datetime.now(UTC)


def _clean(value: object, field: str, *, multiline: bool = False) -> str:
    try:
        return security.clean_text(value, field, multiline=multiline)
    except security.TooLong as err:
        raise Invalid("too_long", field=err.field, limit=err.limit) from None


# ---------------------------------------------------------------- steps


def default_steps() -> list[dict[str, Any]]:
    """A ready-made session: overview, theme ranking, 2×2 of the themes, a scenario round, results."""
    return [
        {"id": "overview", "kind": "overview", "title": ""},
        {"id": "priorities", "kind": RANKING, "title": "", "items": list(THEMES)},
        {"id": "matrix", "kind": MATRIX, "title": "", "items": list(THEMES)},
        {"id": "scenarios", "kind": SCENARIO, "title": ""},
        {"id": "results", "kind": "results", "title": ""},
    ]


def validate_steps(steps: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Steps as stored: unique ids, known kinds, items for rankings and 2×2s, JSON within its limit.

    A step is a dict with id, kind, title and kind-specific fields that the pages read (indicator,
    year, scenario names, items, labels...). Ranking and 2×2 steps without items get the six themes.
    """
    if len(steps) > MAX_STEPS:
        raise Invalid("too_many", field="steps", limit=MAX_STEPS)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for raw in steps:
        step = dict(raw)
        step_id = _clean(step.get("id"), "step_id")
        if not step_id or step_id in seen:
            raise Invalid("bad_step", step=step_id)
        if step.get("kind") not in STEP_KINDS:
            raise Invalid("bad_step", step=step_id)
        step["id"] = step_id
        step["title"] = _clean(step.get("title", ""), "step_title")
        if step["kind"] == OWNDATA:
            own_id = _clean(step.get("indicator"), "item")
            if not own_id.startswith(OWN_PREFIX):
                raise Invalid("bad_step", step=step_id)
            step["indicator"] = own_id
        if step["kind"] == SURVEY:
            code = security.normalise_code(str(step.get("survey") or ""))
            if len(code) != security.CODE_LENGTH or not set(code) <= set(security.CODE_ALPHABET):
                raise Invalid("bad_step", step=step_id)
            step["survey"] = code
        if step["kind"] in (RANKING, MATRIX):
            items = [_clean(i, "item") for i in step.get("items") or THEMES]
            if not 2 <= len(items) <= MAX_ITEMS or len(set(items)) != len(items):
                raise Invalid("bad_step", step=step_id)
            step["items"] = items
        seen.add(step_id)
        out.append(step)
    try:
        encoded = json.dumps(out, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        raise Invalid("bad_step", step="") from None
    if len(encoded) > security.LIMITS["steps_json"]:
        raise Invalid("too_long", field="steps_json", limit=security.LIMITS["steps_json"])
    return json.loads(encoded)  # type: ignore[no-any-return]


# ---------------------------------------------------------------- reading


def _record(row: Any) -> Workshop:
    return Workshop(
        id=row.id,
        title=row.title,
        municipality=row.municipality,
        peer_spec=row.peer_spec,
        steps=tuple(row.steps or ()),
        current_step=row.current_step,
        revealed=frozenset(row.revealed or ()),
        voting_open=bool(row.voting_open),
        show_names=bool(row.show_names),
        join_code=row.join_code,
        created=row.created,
    )


_PUBLIC = [c for c in workshops.c if c.name != "facilitator_key_hash"]


def get(engine: Engine, workshop_id: int) -> Workshop:
    """The workshop as the room sees it; NotFound if it does not exist."""
    with read(engine) as conn:
        row = conn.execute(select(*_PUBLIC).where(workshops.c.id == workshop_id)).first()
    if row is None:
        raise NotFound("bad_code")
    return _record(row)


def find(engine: Engine, code: str) -> Workshop:
    """The workshop with this join code (typed in any case, with spaces or dashes); NotFound otherwise."""
    with read(engine) as conn:
        row = conn.execute(
            select(*_PUBLIC).where(workshops.c.join_code == security.normalise_code(code))
        ).first()
    if row is None:
        raise NotFound("bad_code")
    return _record(row)


def version(engine: Engine, workshop_id: int) -> int:
    """A number that grows with every change to the workshop: poll it every 1–2 s and redraw when it moves.

    Rows are never deleted and every facilitator change bumps state_version, so the sum only grows. Counts
    rather than max(id): PostgreSQL may commit id 5 after id 6, and a max would miss it.
    """
    subs = select(func.count()).where(submissions.c.workshop_id == workshop_id).scalar_subquery()
    people = select(func.count()).where(participants.c.workshop_id == workshop_id).scalar_subquery()
    query = select(workshops.c.state_version, subs, people).where(workshops.c.id == workshop_id)
    with read(engine) as conn:
        row = conn.execute(query).first()
    if row is None:
        raise NotFound("bad_code")
    return int(row[0]) + int(row[1]) + int(row[2])


def answer_counts(engine: Engine, workshop_id: int) -> dict[str, int]:
    """How many participants have answered each step (withdrawn and hidden answers left out)."""
    query = (
        select(submissions.c.step_id, func.count(submissions.c.participant_id.distinct()))
        .where(
            submissions.c.workshop_id == workshop_id,
            submissions.c.withdrawn.is_(False),
            submissions.c.hidden.is_(False),
        )
        .group_by(submissions.c.step_id)
    )
    with read(engine) as conn:
        return {str(step): int(n) for step, n in conn.execute(query).all()}


def participant_count(engine: Engine, workshop_id: int) -> int:
    """How many have joined."""
    with read(engine) as conn:
        query = select(func.count()).where(participants.c.workshop_id == workshop_id)
        return int(conn.execute(query).scalar() or 0)


# ---------------------------------------------------------------- facilitator


def create_workshop(
    engine: Engine,
    title: str,
    municipality: str = "",
    peer_spec: str = "",
    steps: Sequence[Mapping[str, Any]] | None = None,
) -> Created:
    """A new workshop; returns its join code and the facilitator key (shown once, stored only hashed)."""
    clean_title = _clean(title, "title")
    if not clean_title:
        raise Invalid("empty", field="title")
    values = {
        "title": clean_title,
        "municipality": _clean(municipality, "municipality"),
        "peer_spec": _clean(peer_spec, "peer_spec", multiline=True),
        "steps": validate_steps(default_steps() if steps is None else steps),
        "current_step": 0,
        "revealed": [],
        "voting_open": True,
        "show_names": False,
        "state_version": 0,
        "created": _now(),
    }
    key = security.new_secret()
    key_hash = security.hash_key(key)
    values["facilitator_key_hash"] = key_hash
    for _ in range(_CODE_TRIES):
        code = security.new_join_code()
        try:
            with write(engine) as conn:
                workshop_id = conn.execute(
                    workshops.insert().values(join_code=code, **values).returning(workshops.c.id)
                ).scalar_one()
        except IntegrityError:
            continue  # the code is taken: draw another
        _remember_key(key_hash, key)
        return Created(get(engine, workshop_id), code, key)
    raise RuntimeError("no free join code after repeated tries")


# A verified key is remembered per process as a keyed digest, so a presentation view that polls does not
# pay for scrypt (tens of ms) on every call; the database still holds only the slow hash. Keyed by that
# salted hash, not the workshop id: two databases in one process can both have a workshop 1.
_verified: dict[str, bytes] = {}
_verified_lock = threading.Lock()
_PEPPER: Final = security.new_secret().encode()


def _digest(key: str) -> bytes:
    import hashlib
    import hmac

    return hmac.new(_PEPPER, key.encode("utf-8"), hashlib.sha256).digest()


def _remember_key(stored_hash: str, key: str) -> None:
    with _verified_lock:
        _verified[stored_hash] = _digest(key)


def _matches(stored: str, key: str) -> bool:
    import hmac

    remembered = _verified.get(stored)
    if remembered is not None and hmac.compare_digest(remembered, _digest(key or "")):
        return True
    if not security.verify(key or "", stored):
        return False
    _remember_key(stored, key)
    return True


def _check_key(conn: Connection, workshop_id: int, key: str) -> None:
    """The workshop's own key or a facilitator seat's key (from a reopen by short code); Forbidden otherwise."""
    stored = conn.execute(
        select(workshops.c.facilitator_key_hash).where(workshops.c.id == workshop_id)
    ).scalar()
    if stored is None:
        raise NotFound("bad_code")
    if _matches(stored, key):
        return
    seats = conn.execute(
        select(facilitator_seats.c.key_hash).where(facilitator_seats.c.workshop_id == workshop_id)
    ).scalars()
    if any(_matches(seat, key) for seat in seats):
        return
    raise Forbidden("wrong_key")


def new_reopen_code(engine: Engine, workshop_id: int, key: str) -> str:
    """A short code (8 characters) that reopens the workshop with its join code; replaces any earlier one.

    Stored only hashed and valid for REOPEN_CODE_HOURS; shown once, on the facilitator's own screen.
    """
    import secrets
    from datetime import timedelta

    code = "".join(secrets.choice(security.CODE_ALPHABET) for _ in range(REOPEN_CODE_LENGTH))
    values = {
        "code_hash": security.hash_key(code),
        "code_expires": _now() + timedelta(hours=REOPEN_CODE_HOURS),
    }
    with write(engine) as conn:
        _check_key(conn, workshop_id, key)
        done = conn.execute(
            update(reopen_codes).where(reopen_codes.c.workshop_id == workshop_id).values(**values)
        ).rowcount
        if not done:
            conn.execute(reopen_codes.insert().values(workshop_id=workshop_id, failures=0, **values))
    return code


def _aware(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes (stored in UTC), PostgreSQL aware ones.
    return value if value is None or value.tzinfo is not None else value.replace(tzinfo=UTC)


def reopen_seat(engine: Engine, code: str, secret: str) -> tuple[Workshop, str]:
    """The facilitator's way back in: the join code with the key or the short reopen code.

    Returns the workshop and the key this browser keeps: the key itself, or a new seat key when the short code
    was used. Failed attempts are counted per workshop: after REOPEN_MAX_FAILURES within REOPEN_WINDOW_MIN
    minutes every attempt is refused (Closed('too_many_tries')) until the window has passed.
    """
    from datetime import timedelta

    workshop = find(engine, code)
    typed = (secret or "").strip()
    short = security.normalise_code(typed)
    now = _now()
    window = timedelta(minutes=REOPEN_WINDOW_MIN)
    with write(engine) as conn:
        row = conn.execute(select(reopen_codes).where(reopen_codes.c.workshop_id == workshop.id)).first()
        if row is None:
            conn.execute(reopen_codes.insert().values(workshop_id=workshop.id, failures=0))
            failures, started, code_hash, expires = 0, None, None, None
        else:
            failures, started = int(row.failures), _aware(row.window_start)
            code_hash, expires = row.code_hash, _aware(row.code_expires)
        if started is None or now - started > window:
            failures, started = 0, now
        if failures >= REOPEN_MAX_FAILURES:
            wait = max(1, int((started + window - now).total_seconds() // 60) + 1)
            raise Closed("too_many_tries", n=wait)
        try:
            _check_key(conn, workshop.id, typed)
            kept = typed
        except Forbidden:
            kept = ""
        short_ok = bool(code_hash) and expires is not None and expires > now
        if (
            not kept
            and short_ok
            and len(short) == REOPEN_CODE_LENGTH
            and security.verify(short, str(code_hash))
        ):
            kept = security.new_secret()
            conn.execute(
                facilitator_seats.insert().values(
                    workshop_id=workshop.id, key_hash=security.hash_key(kept), created=now
                )
            )
        if kept:
            failures, started = 0, None
        else:
            failures += 1
        conn.execute(
            update(reopen_codes)
            .where(reopen_codes.c.workshop_id == workshop.id)
            .values(failures=failures, window_start=started)
        )
    # Outside the transaction: a refusal must not roll back the failure it counted.
    if not kept:
        raise Forbidden("wrong_key")
    return workshop, kept


def reopen(engine: Engine, code: str, key: str) -> Workshop:
    """The workshop for this join code if the key (or short reopen code) is right; Forbidden otherwise."""
    return reopen_seat(engine, code, key)[0]


def check_key(engine: Engine, workshop_id: int, key: str) -> bool:
    """Whether key is this workshop's facilitator key."""
    try:
        with read(engine) as conn:
            _check_key(conn, workshop_id, key)
    except (Forbidden, NotFound):
        return False
    return True


def _steer(engine: Engine, workshop_id: int, key: str, change: Any) -> Workshop:
    """Apply change(conn, row) -> values under the key, bump the state version, return the new state."""
    with write(engine) as conn:
        _check_key(conn, workshop_id, key)
        row = conn.execute(select(*_PUBLIC).where(workshops.c.id == workshop_id)).one()
        values = change(row)
        values["state_version"] = workshops.c.state_version + 1
        conn.execute(update(workshops).where(workshops.c.id == workshop_id).values(**values))
    return get(engine, workshop_id)


def set_steps(engine: Engine, workshop_id: int, key: str, steps: Sequence[Mapping[str, Any]]) -> Workshop:
    """Replace the prepared steps (the current position is kept within range)."""
    clean = validate_steps(steps)
    return _steer(
        engine,
        workshop_id,
        key,
        lambda row: {"steps": clean, "current_step": max(0, min(row.current_step, len(clean) - 1))},
    )


def go_to_step(engine: Engine, workshop_id: int, key: str, index: int) -> Workshop:
    """Show step number index (clamped to the prepared steps)."""
    return _steer(
        engine, workshop_id, key, lambda row: {"current_step": max(0, min(int(index), len(row.steps) - 1))}
    )


def move_step(engine: Engine, workshop_id: int, key: str, delta: int = 1) -> Workshop:
    """One click forward (delta=1) or back (delta=-1)."""
    return _steer(
        engine,
        workshop_id,
        key,
        lambda row: {"current_step": max(0, min(row.current_step + int(delta), len(row.steps) - 1))},
    )


def reveal(engine: Engine, workshop_id: int, key: str, step_id: str, revealed: bool = True) -> Workshop:
    """Show (or hide again) a step's answer and the room's results for it; guesses close when revealed."""

    def change(row: Any) -> dict[str, Any]:
        if not any(s["id"] == step_id for s in row.steps):
            raise Invalid("unknown_step", step=step_id)
        ids = set(row.revealed or ())
        ids = ids | {step_id} if revealed else ids - {step_id}
        return {"revealed": sorted(ids)}

    return _steer(engine, workshop_id, key, change)


def set_voting(engine: Engine, workshop_id: int, key: str, open_: bool) -> Workshop:
    """Open or close voting for the whole workshop."""
    return _steer(engine, workshop_id, key, lambda row: {"voting_open": bool(open_)})


def set_show_names(engine: Engine, workshop_id: int, key: str, show: bool) -> Workshop:
    """Show participants' display names with their scenarios and comments (off by default)."""
    return _steer(engine, workshop_id, key, lambda row: {"show_names": bool(show)})


def hide(engine: Engine, workshop_id: int, key: str, submission_id: int, hidden: bool = True) -> None:
    """Moderation: hide (or restore) a comment or scenario; it drops out of every result and view."""
    with write(engine) as conn:
        _check_key(conn, workshop_id, key)
        done = conn.execute(
            update(submissions)
            .where(submissions.c.id == submission_id, submissions.c.workshop_id == workshop_id)
            .values(hidden=bool(hidden))
        ).rowcount
        if not done:
            raise NotFound("no_submission")
        conn.execute(
            update(workshops)
            .where(workshops.c.id == workshop_id)
            .values(state_version=workshops.c.state_version + 1)
        )


# ---------------------------------------------------------------- participants


def join(engine: Engine, code: str, display_name: str | None = None) -> Joined:
    """A seat in the workshop with this code; the token it returns proves who submits later."""
    name = _clean(display_name, "display_name") or None
    secret = security.new_secret()
    with write(engine) as conn:
        code_ = security.normalise_code(code)
        workshop_id = conn.execute(select(workshops.c.id).where(workshops.c.join_code == code_)).scalar()
        if workshop_id is None:
            raise NotFound("bad_code")
        seated = conn.execute(select(func.count()).where(participants.c.workshop_id == workshop_id)).scalar()
        if int(seated or 0) >= MAX_PARTICIPANTS:
            raise Closed("full")
        participant_id = conn.execute(
            participants.insert()
            .values(
                workshop_id=workshop_id,
                display_name=name,
                token_hash=security.hash_token(secret),
                created=_now(),
            )
            .returning(participants.c.id)
        ).scalar_one()
    return Joined(int(workshop_id), int(participant_id), f"{participant_id}.{secret}", name)


def _participant(conn: Connection, token: str) -> tuple[int, int]:
    """(participant id, workshop id) for a token; Forbidden for a bad one."""
    pid_text, _, secret = (token or "").partition(".")
    if not pid_text.isdigit() or not secret:
        raise Forbidden("bad_token")
    row = conn.execute(
        select(participants.c.workshop_id, participants.c.token_hash).where(
            participants.c.id == int(pid_text)
        )
    ).first()
    if row is None or not security.verify(secret, row.token_hash):
        raise Forbidden("bad_token")
    return int(pid_text), int(row.workshop_id)


def whoami(engine: Engine, token: str) -> tuple[int, Workshop]:
    """(participant id, workshop) for a token kept in the browser; Forbidden if it is not valid."""
    with read(engine) as conn:
        participant_id, workshop_id = _participant(conn, token)
    return participant_id, get(engine, workshop_id)


def display_name(engine: Engine, token: str) -> str | None:
    """The display name a participant chose when joining (None for an anonymous seat); Forbidden if bad."""
    with read(engine) as conn:
        participant_id, _ = _participant(conn, token)
        name = conn.execute(
            select(participants.c.display_name).where(participants.c.id == participant_id)
        ).scalar()
    return None if name is None else str(name)


def _finite(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Invalid("not_a_number") from None
    if not math.isfinite(number):
        raise Invalid("not_a_number")
    return number


def _payload(kind: str, step: Mapping[str, Any], payload: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """A submission's payload checked against its step, and its comment text."""
    comment = _clean(payload.get("comment", ""), "comment", multiline=True)
    if kind == RANKING:
        order = [str(i) for i in payload.get("order", ())]
        if not order:
            raise Invalid("untouched")  # nothing tapped: a default order must never count as a vote
        if sorted(order) != sorted(step["items"]):
            raise Invalid("bad_ranking")
        return {"order": order}, ""
    if kind == MATRIX:
        low, high = MATRIX_RANGE
        placements: dict[str, list[float]] = {}
        for item, point in dict(payload.get("placements", {})).items():
            if item not in step["items"] or len(point) != 2:
                raise Invalid("bad_matrix")
            impact, uncertainty = _finite(point[0]), _finite(point[1])
            if not (low <= impact <= high and low <= uncertainty <= high):
                raise Invalid("bad_matrix")
            placements[str(item)] = [impact, uncertainty]
        # Nothing placed, or everything on the crossing where the old sliders started: not an answer.
        if not placements or all(tuple(p) == voting.UNTOUCHED_POINT for p in placements.values()):
            raise Invalid("untouched")
        return {"placements": placements}, ""
    if kind == GUESS:
        return {"value": _finite(payload.get("value"))}, ""
    if kind == SCENARIO:
        levers = payload.get("levers", {})
        try:
            encoded = json.dumps(levers, ensure_ascii=False, allow_nan=False, sort_keys=True)
        except (TypeError, ValueError):
            raise Invalid("bad_scenario") from None
        if not isinstance(levers, Mapping):
            raise Invalid("bad_scenario")
        if len(encoded) > security.LIMITS["levers_json"]:
            raise Invalid("too_long", field="levers_json", limit=security.LIMITS["levers_json"])
        name = _clean(payload.get("name", ""), "scenario_name")
        out = {"name": name, "levers": json.loads(encoded)}
        # The form as it opened is an answer only when the participant said so ("send the defaults").
        if payload.get("as_is") is not True and voting.untouched_scenario(
            out["levers"], payload.get("preset"), name, comment
        ):
            raise Invalid("untouched")
        from foresight.scenario import PRESET_IDS

        if (
            payload.get("preset") in PRESET_IDS
        ):  # where the levers started: names an unnamed, untouched preset
            out["preset"] = str(payload["preset"])
        return out, comment
    if kind == COMMENT:
        if not comment:
            raise Invalid("empty", field="comment")
        return {}, comment
    raise Invalid("bad_kind")


def submit(
    engine: Engine,
    token: str,
    step_id: str,
    kind: str,
    payload: Mapping[str, Any],
    idem_key: str,
) -> Submitted:
    """Add one of the participant's own submissions; a retry with the same idem_key returns the first one.

    payload by kind: ranking {"order": [items...]}, matrix {"placements": {item: [impact, uncertainty]}}
    (each in MATRIX_RANGE), guess {"value": number}, scenario {"name", "levers": {...}, "comment"},
    comment {"comment": text}. The latest ranking/2×2/guess of a participant per step is the one counted.
    """
    if not security.valid_idem_key(idem_key):
        raise Invalid("bad_idem_key")
    pid_text, _, secret = (token or "").partition(".")
    if not pid_text.isdigit() or not secret:
        raise Forbidden("bad_token")
    participant_id = int(pid_text)
    earlier = submissions.alias("earlier")
    # One round trip for the seat, the workshop's state and an earlier request with the same key.
    query = (
        select(
            participants.c.workshop_id,
            participants.c.token_hash,
            workshops.c.steps,
            workshops.c.revealed,
            workshops.c.voting_open,
            earlier.c.id.label("existing"),
        )
        .join(workshops, workshops.c.id == participants.c.workshop_id)
        .outerjoin(
            earlier, (earlier.c.participant_id == participants.c.id) & (earlier.c.idem_key == idem_key)
        )
        .where(participants.c.id == participant_id)
    )
    with write(engine) as conn:
        row = conn.execute(query).first()
        if row is None or not security.verify(secret, row.token_hash):
            raise Forbidden("bad_token")
        workshop_id = int(row.workshop_id)
        if row.existing is not None:  # a retry after a lost answer: the first request was stored
            return Submitted(int(row.existing), True)
        if not row.voting_open:
            raise Closed("voting_closed")
        step = next((s for s in row.steps if s["id"] == step_id), None)
        if step is None:
            raise Invalid("unknown_step", step=step_id)
        if kind != COMMENT and kind not in ACCEPTS.get(step["kind"], ()):
            raise Invalid("wrong_step", step=step_id)
        if kind == GUESS and step_id in (row.revealed or ()):
            raise Closed("already_revealed")
        clean, comment = _payload(kind, step, payload)
        values = {
            "workshop_id": workshop_id,
            "participant_id": participant_id,
            "step_id": step_id,
            "kind": kind,
            "payload": clean,
            "comment": comment,
            "idem_key": idem_key,
            "hidden": False,
            "withdrawn": False,
            "created": _now(),
        }
        new_id = _insert_once(conn, values)
    if new_id is None:  # a concurrent twin of this request won the race: report its row
        with read(engine) as conn:
            existing = conn.execute(
                select(submissions.c.id).where(
                    submissions.c.participant_id == participant_id, submissions.c.idem_key == idem_key
                )
            ).scalar_one()
        return Submitted(int(existing), True)
    return Submitted(new_id, False)


def _insert_once(conn: Connection, values: dict[str, Any]) -> int | None:
    """Insert unless (participant, idem_key) exists; the new id, or None when a twin got there first."""
    from sqlalchemy.dialects import postgresql, sqlite

    insert: Any = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(submissions)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["participant_id", "idem_key"])
        .returning(submissions.c.id)
    )
    new_id = conn.execute(statement).scalar()
    return None if new_id is None else int(new_id)


def withdraw(engine: Engine, token: str, submission_id: int) -> None:
    """Take back one's own scenario or comment; Forbidden for anyone else's."""
    with write(engine) as conn:
        participant_id, workshop_id = _participant(conn, token)
        done = conn.execute(
            update(submissions)
            .where(submissions.c.id == submission_id, submissions.c.participant_id == participant_id)
            .values(withdrawn=True)
        ).rowcount
        if not done:
            raise Forbidden("not_owner")
        conn.execute(
            update(workshops)
            .where(workshops.c.id == workshop_id)
            .values(state_version=workshops.c.state_version + 1)
        )


def own_submissions(engine: Engine, token: str) -> pd.DataFrame:
    """The participant's own submissions (id, step_id, kind, payload, comment, withdrawn, created)."""
    with read(engine) as conn:
        participant_id, _ = _participant(conn, token)
        rows = conn.execute(
            select(
                submissions.c.id,
                submissions.c.step_id,
                submissions.c.kind,
                submissions.c.payload,
                submissions.c.comment,
                submissions.c.withdrawn,
                submissions.c.created,
            )
            .where(submissions.c.participant_id == participant_id)
            .order_by(submissions.c.id)
        ).all()
    return pd.DataFrame([r._asdict() for r in rows], columns=list(_OWN_COLUMNS))


_OWN_COLUMNS: Final = ("id", "step_id", "kind", "payload", "comment", "withdrawn", "created")
