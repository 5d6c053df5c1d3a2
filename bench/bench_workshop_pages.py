"""Workshop pages with many sessions: N participant sessions join and vote; how long each rerun takes.

    .venv/bin/python bench/bench_workshop_pages.py            # 50 sessions, SQLite in a temp folder
    .venv/bin/python bench/bench_workshop_pages.py --sessions 20

Each session is a Streamlit AppTest of pages/join.py (the real app.py around it): open the QR link, join,
submit a ranking, rerun. Sessions run one after another (AppTest shares one global runtime, so it cannot
run sessions in parallel threads) and all stay alive. Printed:
every rerun's time (p50/p95/max), sessions finished, votes stored, the
wall's redraw time with all votes revealed, and one poll. Concurrent writes are bench/bench_workshop.py's
job. The answers are generated test data.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from foresight.columns import THEMES  # noqa: E402
from foresight.i18n import t  # noqa: E402
from foresight.workshop import db, service  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=50)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="kt_bench_pages_")
    url = f"sqlite:///{folder}/store.sqlite"
    os.environ[db.ENV_URL] = url
    from tests.app.conftest import run_app

    eng = db.make_engine(url)
    created = service.create_workshop(
        eng, "Bench", "297", "", [{"id": "rank", "kind": "ranking", "title": ""}]
    )
    code, key = created.join_code, created.facilitator_key
    wid = created.workshop.id

    # Warm the process (imports, snapshot, caches) with one session, as a running server would be.
    run_app("pages/join.py", lang="fi", join=code)

    times: list[float] = []
    lock = threading.Lock()
    done = [0]
    sessions = []

    def timed(at, action) -> None:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        action(at)
        with lock:
            times.append(time.perf_counter() - started)

    def participant(i: int) -> None:
        at = run_app("pages/join.py", lang="fi", join=code)
        submit = "FormSubmitter:join_form-" + t("workshop.join.submit", "fi")
        timed(at, lambda a: a.button(key=submit).click().run())
        if not [b for b in at.button if b.key == "join_rank_rank_send"]:
            from tests.app.conftest import texts

            raise RuntimeError(f"session {i}: no ranking form: {texts(at)[:300]!r} {at.exception}")
        order = list(THEMES)
        random.Random(i).shuffle(order)
        for item in order[:-1]:  # a tap per place; the last follows by itself
            timed(at, lambda a, item=item: a.button(key=f"join_rank_rank_tap_{item}").click().run())
        timed(at, lambda a: a.button(key="join_rank_rank_send").click().run())
        timed(at, lambda a: a.run())  # a follow-up rerun, as the 2 s poll would cause on a change
        assert not at.exception, at.exception
        with lock:
            done[0] += 1
            sessions.append(at)  # keep every session alive, as a server would

    started = time.perf_counter()
    for i in range(args.sessions):
        participant(i)
    wall_s = time.perf_counter() - started

    stored = service.answer_counts(eng, wid).get("rank", 0)
    service.reveal(eng, wid, key, "rank")
    wall = run_app("pages/present.py", lang="fi", ws=code)
    redraw = []
    for _ in range(5):
        t0 = time.perf_counter()
        wall.run()
        redraw.append(time.perf_counter() - t0)

    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(f"sessions: {args.sessions} one after another, {done[0]} finished, {stored} rankings stored")
    print(
        f"reruns: {len(times)}; p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {ordered[-1] * 1000:.0f} ms; all done in {wall_s:.1f} s"
    )
    print(f"wall redraw with {stored} votes revealed: median {statistics.median(redraw) * 1000:.0f} ms")
    t0 = time.perf_counter()
    for _ in range(200):
        service.version(eng, wid)
    print(f"poll (service.version) on SQLite: {(time.perf_counter() - t0) / 200 * 1000:.2f} ms")


if __name__ == "__main__":
    main()
