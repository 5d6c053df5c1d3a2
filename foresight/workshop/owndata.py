"""Own data attached to a workshop: the facilitator attaches a validated own-data document (foresight.owndata),
everyone in the room reads it, and it stays with the workshop when the facilitator's session ends.

A document is checked again on the way in and on the way out (stored JSON may have been edited), stored once
per workshop (same content attached twice is one file), and never mixed with official statistics: readers get
it back as an own-data store that foresight.owndata.store.collect() labels "own data".
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from typing import Any, Final

from sqlalchemy import Engine, delete, func, select

from foresight.owndata.model import UploadError
from foresight.owndata.validate import OwnData
from foresight.workshop import security
from foresight.workshop.db import read, write
from foresight.workshop.models import Attached, owndata_files
from foresight.workshop.service import Invalid, NotFound, _check_key, _now

KEY_PREFIX: Final = "ws"  # store keys "ws001"…: never the same as a session's own "file001" keys
_log = logging.getLogger(__name__)


def _parse(document: str) -> OwnData:
    if not isinstance(document, str) or len(document) > security.LIMITS["owndata_json"]:
        raise Invalid("owndata_too_large", limit_mb=security.LIMITS["owndata_json"] // 1_000_000)
    try:
        own = OwnData.from_json(document)
    except UploadError:
        raise Invalid("bad_owndata") from None
    if own.observations.empty:
        raise Invalid("bad_owndata")
    return own


def _canonical(document: str) -> tuple[OwnData, str, str]:
    own = _parse(document)
    canonical = own.to_json()
    return own, canonical, hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def digest_of(document: str) -> str | None:
    """The digest a document is stored under (None if it would be refused): tells whether it is attached."""
    try:
        return _canonical(document)[2]
    except Invalid:
        return None


def waiting(documents: Mapping[str, str], attached: Iterable[Attached]) -> dict[str, str]:
    """A session's own-data documents (store key → JSON) not yet attached, by key; refused ones count as
    not attached (attaching says why)."""
    digests = {a.digest for a in attached}
    return {key: doc for key, doc in sorted(documents.items()) if digest_of(doc) not in digests}


def _rows(engine: Engine, workshop_id: int, *columns: Any) -> list[Any]:
    """The workshop's attached files (the given columns, else all), oldest first."""
    with read(engine) as conn:
        return list(
            conn.execute(
                select(*(columns or (owndata_files,)))
                .where(owndata_files.c.workshop_id == workshop_id)
                .order_by(owndata_files.c.id)
            ).all()
        )


def fingerprint(engine: Engine, workshop_id: int) -> tuple[tuple[int, str], ...]:
    """(id, digest) of every attached file: a cheap cache key for what store() returns."""
    rows = _rows(engine, workshop_id, owndata_files.c.id, owndata_files.c.digest)
    return tuple((int(r.id), str(r.digest)) for r in rows)


def attach(engine: Engine, workshop_id: int, key: str, document: str) -> int:
    """Attach one own-data document (OwnData.to_json()); returns its id. The same content twice: one file."""
    own, canonical, digest = _canonical(document)
    filename = security.clean_text((own.filename or "")[: security.LIMITS["title"]], "title")
    with write(engine) as conn:
        _check_key(conn, workshop_id, key)
        existing = conn.execute(
            select(owndata_files.c.id).where(
                owndata_files.c.workshop_id == workshop_id, owndata_files.c.digest == digest
            )
        ).scalar()
        if existing is not None:
            return int(existing)
        count = conn.execute(select(func.count()).where(owndata_files.c.workshop_id == workshop_id)).scalar()
        if int(count or 0) >= security.LIMITS["owndata_files"]:
            raise Invalid("owndata_too_many", limit=security.LIMITS["owndata_files"])
        return int(
            conn.execute(
                owndata_files.insert()
                .values(
                    workshop_id=workshop_id,
                    filename=filename,
                    document=canonical,
                    digest=digest,
                    created=_now(),
                )
                .returning(owndata_files.c.id)
            ).scalar_one()
        )


def detach(engine: Engine, workshop_id: int, key: str, attachment_id: int) -> None:
    """Remove an attached file (the facilitator's own session keeps its copy)."""
    with write(engine) as conn:
        _check_key(conn, workshop_id, key)
        gone = conn.execute(
            delete(owndata_files).where(
                owndata_files.c.workshop_id == workshop_id, owndata_files.c.id == int(attachment_id)
            )
        ).rowcount
    if not gone:
        raise NotFound("no_owndata")


def store(engine: Engine, workshop_id: int) -> dict[str, str]:
    """The workshop's own data as an own-data store (key → document) for foresight.owndata.store.collect.

    Everyone in the room may read it: it is what the wall shows. A damaged document is left out and logged.
    """
    rows = _rows(engine, workshop_id, owndata_files.c.id, owndata_files.c.document)
    out: dict[str, str] = {}
    for row in rows:
        try:
            _parse(row.document)
        except Invalid:
            _log.warning("workshop %s: attached own data %s is damaged and was left out", workshop_id, row.id)
            continue
        out[f"{KEY_PREFIX}{int(row.id):03d}"] = row.document
    return out


def files(engine: Engine, workshop_id: int) -> list[Attached]:
    """The attached files with their indicators, oldest first (damaged ones left out)."""
    rows = _rows(engine, workshop_id)
    out = []
    for row in rows:
        try:
            own = _parse(row.document)
        except Invalid:
            continue
        indicators = tuple(
            (str(r["id"]), str(r["name"]), str(r["unit"] or "")) for r in own.indicators.to_dict("records")
        )
        out.append(
            Attached(
                int(row.id), str(row.filename), indicators, len(own.observations), row.digest, row.created
            )
        )
    return out
