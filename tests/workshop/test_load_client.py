"""The browserless load client (tests/workshop/load_client.py) against the served app: three phones join,
guess and poll over Streamlit's own websocket protocol, and the store holds each guess exactly once.

The same client drives bench/bench_workshop_sessions.py; this test keeps its handshake honest.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from foresight.i18n import t
from foresight.workshop import db, service
from tests.e2e.conftest import free_port, start_server

from . import load_client as lc

pytestmark = pytest.mark.e2e

STEP = "pop"
GUESSES = [123_400.0, 125_050.0, 119_999.0]  # made-up test answers


@pytest.fixture
def room(tmp_path) -> Iterator[dict[str, Any]]:
    """The app server on its own SQLite store, with a workshop whose current step is a guess."""
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    eng = db.make_engine(url)
    step = {"id": STEP, "kind": "guess", "title": "", "indicator": "population", "year": 2030}
    created = service.create_workshop(eng, "Kuormatesti", "297", "", [step])
    port = free_port()
    proc = start_server(port, {db.ENV_URL: url})
    try:
        yield {"base": f"http://127.0.0.1:{port}", "engine": eng, "created": created}
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        eng.dispose()


async def scenario(base: str, code: str) -> dict[str, Any]:
    sessions: list[lc.Session] = []
    try:
        opened = []
        for _ in GUESSES:
            s, run = await lc.open_join(base, code, timeout=60)
            sessions.append(s)
            opened.append(run)
        joined = await asyncio.gather(*(lc.join(s, code, f"p{i}") for i, s in enumerate(sessions)))
        boxes = [lc.guess_box(s, STEP) for s in sessions]  # LookupError if a session did not get the form
        # Typed but not sent: the form holds its value until its submit button is pressed.
        unsent = await sessions[0].rerun([lc.text(boxes[0].id, "1")])
        submitted = await asyncio.gather(
            *(lc.submit_guess(s, STEP, g) for s, g in zip(sessions, GUESSES, strict=True))
        )
        polls = [await s.rerun(fragment_id=next(iter(s.auto_reruns)), auto=True) for s in sessions]
        reruns = [await s.rerun() for s in sessions]
        return {
            "opened": opened,
            "joined": joined,
            "unsent": unsent,
            "submitted": submitted,
            "polls": polls,
            "reruns": reruns,
            "query": [s.query_string for s in sessions],
        }
    finally:
        await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)


def test_three_sessions_join_guess_and_poll_over_the_websocket(room):
    created = room["created"]
    eng = room["engine"]
    # A thread of its own: in the full suite Playwright's sync API already runs an event loop here.
    with ThreadPoolExecutor(1) as pool:
        out = pool.submit(asyncio.run, scenario(room["base"], created.join_code)).result()
    saved = t("workshop.vote.saved", "fi")

    # Every run of the chain finished (not stopped early, no exception drawn).
    for run in out["opened"] + out["joined"] + out["reruns"] + [out["unsent"]]:
        assert run.status == lc.FINISHED
    assert all(run.status == lc.FRAGMENT_FINISHED for run in out["polls"])
    # Send reruns only the answer fragment, in one run (no st.rerun of the whole page).
    assert all(run.status == lc.FRAGMENT_FINISHED and run.runs == 1 for run in out["submitted"])
    # Each session joined as its own participant, and the join's st.rerun() ran in the same chain.
    assert service.participant_count(eng, created.workshop.id) == len(GUESSES)
    assert all(run.runs == 2 for run in out["joined"])
    assert all(f"join={created.join_code}" in q for q in out["query"])
    # Each submit showed "saved" once; a plain rerun afterwards does not repeat it.
    assert all(run.alerts("SUCCESS") == [saved] for run in out["submitted"])
    assert all(saved not in run.alerts("SUCCESS") for run in out["reruns"] + [out["unsent"]])
    # The store holds each session's guess exactly once (the unsent value is not there).
    assert lc.stored_guesses(eng, created.workshop.id, STEP) == {f"p{i}": [g] for i, g in enumerate(GUESSES)}
