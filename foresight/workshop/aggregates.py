"""The room's results: each step's aggregate (Borda ranking, 2×2 means, guesses), its scenarios and
comments, the facilitator's moderation list, and who may see which (results)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from foresight.columns import THEMES
from foresight.workshop.db import read
from foresight.workshop.models import (
    COMMENT,
    GUESS,
    MATRIX,
    RANKING,
    SCENARIO,
    SUBMISSION_KINDS,
    Entry,
    participants,
    submissions,
)
from foresight.workshop.service import Closed, Forbidden, Invalid, _check_key, _participant, get


def _rows(
    engine: Engine, workshop_id: int, kind: str, step_id: str | None = None, *, include_hidden: bool = False
) -> pd.DataFrame:
    """Submissions of one kind with their author's name; withdrawn ones never, hidden ones on request."""
    query = (
        select(
            submissions.c.id,
            submissions.c.participant_id,
            participants.c.display_name,
            submissions.c.step_id,
            submissions.c.payload,
            submissions.c.comment,
            submissions.c.hidden,
            submissions.c.created,
        )
        .join(participants, participants.c.id == submissions.c.participant_id)
        .where(
            submissions.c.workshop_id == workshop_id,
            submissions.c.kind == kind,
            submissions.c.withdrawn.is_(False),
        )
        .order_by(submissions.c.id)
    )
    if step_id is not None:
        query = query.where(submissions.c.step_id == step_id)
    if not include_hidden:
        query = query.where(submissions.c.hidden.is_(False))
    with read(engine) as conn:
        rows = conn.execute(query).all()
    columns = ["id", "participant_id", "display_name", "step_id", "payload", "comment", "hidden", "created"]
    frame = pd.DataFrame([r._asdict() for r in rows], columns=columns)
    # SQLite hands back naive datetimes (stored in UTC), PostgreSQL aware ones: make both aware.
    frame["created"] = pd.to_datetime(frame["created"], utc=True)
    return frame


def _latest(frame: pd.DataFrame) -> pd.DataFrame:
    """Each participant's last submission per step: changing one's mind replaces, it does not add."""
    if frame.empty:
        return frame
    return frame.sort_values("id").drop_duplicates(["participant_id", "step_id"], keep="last")


def ranking_results(engine: Engine, workshop_id: int, step_id: str) -> pd.DataFrame:
    """Borda count per item (first of n gets n-1 points): item, points, first_places, mean_rank, voters."""
    workshop = get(engine, workshop_id)
    step = workshop.find_step(step_id)
    items = list(step.get("items", THEMES)) if step else list(THEMES)
    latest = _latest(_rows(engine, workshop_id, RANKING, step_id))
    n = len(items)
    ranks = pd.DataFrame(
        [
            {"item": item, "rank": pos + 1}
            for order in latest["payload"]
            for pos, item in enumerate(order["order"])
        ],
        columns=["item", "rank"],
    )
    grouped = ranks.groupby("item")["rank"]
    out = pd.DataFrame({"item": items})
    points = (n - ranks["rank"]).groupby(ranks["item"]).sum()
    out["points"] = out["item"].map(points).fillna(0).astype(int)
    out["first_places"] = (
        out["item"].map((ranks["rank"] == 1).groupby(ranks["item"]).sum()).fillna(0).astype(int)
    )
    out["mean_rank"] = out["item"].map(grouped.mean()).astype(float)
    out["voters"] = len(latest)
    out = out.sort_values(["points", "first_places", "item"], ascending=[False, False, True], kind="stable")
    return out.reset_index(drop=True)


def matrix_results(engine: Engine, workshop_id: int, step_id: str) -> pd.DataFrame:
    """Mean 2×2 position per item: item, impact, uncertainty, impact_sd, uncertainty_sd, n."""
    workshop = get(engine, workshop_id)
    step = workshop.find_step(step_id)
    items = list(step.get("items", THEMES)) if step else list(THEMES)
    stats = (
        matrix_points(engine, workshop_id, step_id)
        .groupby("item")
        .agg(
            impact=("impact", "mean"),
            uncertainty=("uncertainty", "mean"),
            impact_sd=("impact", "std"),
            uncertainty_sd=("uncertainty", "std"),
            n=("impact", "size"),
        )
    )
    out = pd.DataFrame({"item": items}).merge(stats, left_on="item", right_index=True, how="left")
    out["n"] = out["n"].fillna(0).astype(int)
    return out.reset_index(drop=True)


def matrix_points(engine: Engine, workshop_id: int, step_id: str) -> pd.DataFrame:
    """Every counted 2×2 placement (anonymous): item, impact, uncertainty."""
    latest = _latest(_rows(engine, workshop_id, MATRIX, step_id))
    return pd.DataFrame(
        [
            {"item": item, "impact": xy[0], "uncertainty": xy[1]}
            for payload in latest["payload"]
            for item, xy in payload["placements"].items()
        ],
        columns=["item", "impact", "uncertainty"],
    )


def guesses(engine: Engine, workshop_id: int, step_id: str) -> pd.Series:
    """The room's guesses for a step (one per participant, their latest), anonymous, in submission order."""
    latest = _latest(_rows(engine, workshop_id, GUESS, step_id))
    return pd.Series([p["value"] for p in latest["payload"]], dtype=float, name="guess")


def guess_summary(engine: Engine, workshop_id: int, step_id: str) -> dict[str, float | int | None]:
    """n, mean, median, p10, p90, min and max of the guesses (None when nobody guessed)."""
    values = guesses(engine, workshop_id, step_id)
    if values.empty:
        return {"n": 0, "mean": None, "median": None, "p10": None, "p90": None, "min": None, "max": None}
    return {
        "n": len(values),
        "mean": float(values.mean()),
        "median": float(values.median()),
        "p10": float(values.quantile(0.1)),
        "p90": float(values.quantile(0.9)),
        "min": float(values.min()),
        "max": float(values.max()),
    }


def _entries(
    engine: Engine, workshop_id: int, kind: str, step_id: str | None, include_hidden: bool
) -> list[Entry]:
    show_names = get(engine, workshop_id).show_names
    frame = _rows(engine, workshop_id, kind, step_id, include_hidden=include_hidden)
    return _as_entries(frame, kind, show_names)


def _as_entries(frame: pd.DataFrame, kind: str, show_names: bool) -> list[Entry]:
    return [
        Entry(
            submission_id=int(r.id),
            step_id=r.step_id,
            kind=kind,
            author=(r.display_name if show_names else None),
            payload=dict(r.payload),
            comment=r.comment,
            hidden=bool(r.hidden),
            created=r.created,
        )
        for r in frame.itertuples()
    ]


def scenarios(
    engine: Engine, workshop_id: int, step_id: str | None = None, *, include_hidden: bool = False
) -> list[Entry]:
    """The room's scenarios (payload: name, levers), oldest first; authors only when names are shown."""
    return _entries(engine, workshop_id, SCENARIO, step_id, include_hidden)


def comments(
    engine: Engine, workshop_id: int, step_id: str | None = None, *, include_hidden: bool = False
) -> list[Entry]:
    """The room's comments, oldest first; hidden ones only for the facilitator's moderation list."""
    return _entries(engine, workshop_id, COMMENT, step_id, include_hidden)


def moderation_entries(engine: Engine, workshop_id: int, key: str) -> list[Entry]:
    """Everything the facilitator can hide or show again, oldest first, each with its step and kind: comments
    and scenarios, and of rankings, 2×2s and guesses the answer that counts per participant and step (an
    earlier one replaced by a later one counts nowhere, so it is not listed) and every hidden one."""
    with read(engine) as conn:
        _check_key(conn, workshop_id, key)
    show_names = get(engine, workshop_id).show_names
    out: list[Entry] = []
    for kind in SUBMISSION_KINDS:
        frame = _rows(engine, workshop_id, kind, include_hidden=True)
        if kind in (RANKING, MATRIX, GUESS) and not frame.empty:
            hidden = frame["hidden"].astype(bool)
            frame = pd.concat([frame[hidden], _latest(frame[~hidden])])
        out.extend(_as_entries(frame, kind, show_names))
    return sorted(out, key=lambda e: e.submission_id)


def results(
    engine: Engine, workshop_id: int, step_id: str, token: str | None = None, key: str | None = None
) -> Any:
    """A step's aggregate for a viewer: the facilitator always, a participant only once it is revealed.

    Returns the DataFrame / dict / list that fits the step kind (ranking_results, matrix_results,
    guess_summary + guesses, scenarios). Closed('not_revealed') before the reveal for participants.
    """
    workshop = get(engine, workshop_id)
    if key is not None:
        with read(engine) as conn:
            _check_key(conn, workshop_id, key)
    else:
        with read(engine) as conn:
            _, own_workshop = _participant(conn, token or "")
        if own_workshop != workshop_id:
            raise Forbidden("bad_token")
        if step_id not in workshop.revealed:
            raise Closed("not_revealed")
    step = workshop.find_step(step_id)
    if step is None:
        raise Invalid("unknown_step", step=step_id)
    kind = step["kind"]
    if kind == RANKING:
        return ranking_results(engine, workshop_id, step_id)
    if kind == MATRIX:
        return matrix_results(engine, workshop_id, step_id)
    if kind in (GUESS, "projection"):
        return {
            "summary": guess_summary(engine, workshop_id, step_id),
            "values": guesses(engine, workshop_id, step_id),
        }
    if kind == SCENARIO:
        return scenarios(engine, workshop_id, step_id)
    return comments(engine, workshop_id, step_id)
