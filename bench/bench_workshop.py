"""Workshop store under load: N participants × M submissions at once → stored, lost, duplicated, time.

    .venv/bin/python bench/bench_workshop.py                      # SQLite (temp file), plus PostgreSQL if
    KUNTALUOTAIN_PG_URL=... .venv/bin/python bench/bench_workshop.py   # the URL is set
    .venv/bin/python bench/bench_workshop.py --processes 2        # two app processes sharing the database

Every participant is a thread (split across --processes OS processes, like app servers behind a load
balancer); every 7th submission is sent twice with the same idempotency key, as a phone retrying after a
lost answer would. A submission that fails with a database error is retried with the same key.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402

from foresight.workshop import aggregates, db, service  # noqa: E402
from foresight.workshop.models import submissions  # noqa: E402

STEPS = [
    {"id": "rank", "kind": "ranking", "title": "Priorities"},
    {"id": "pop2030", "kind": "projection", "title": "Population 2030"},
    {"id": "own", "kind": "scenario", "title": "Scenarios"},
]


def _payload(i: int, items: list[str]) -> tuple[str, str, dict]:
    """Synthetic test answers (not real views): a mix of every kind."""
    kind = ("comment", "guess", "ranking", "scenario")[i % 4]
    return {
        "comment": ("own", kind, {"comment": f"bench comment {i}"}),
        "guess": ("pop2030", kind, {"value": 1000 + i}),
        "ranking": ("rank", kind, {"order": items[i % 6 :] + items[: i % 6]}),
        "scenario": ("own", kind, {"name": f"s{i}", "levers": {"migration": i / 10}, "comment": "bench"}),
    }[kind]


def _worker(url: str, code: str, participants: int, per: int, items: list[str], go_at: float) -> dict:
    """One app process: join `participants` seats, then submit from a thread per participant."""
    engine = db.make_engine(url, migrate_now=False, pool_size=10, max_overflow=40)
    seats = [service.join(engine, code) for _ in range(participants)]
    latencies: list[float] = []
    retries = 0
    lock = threading.Lock()

    def run(seat) -> None:
        nonlocal retries
        local, again = [], 0
        while time.time() < go_at:
            time.sleep(0.001)
        for i in range(per):
            step, kind, payload = _payload(i, items)
            key = f"{seat.participant_id}-{i}"
            sends = 2 if i % 7 == 0 else 1
            for _ in range(sends):
                for _attempt in range(5):
                    t0 = time.perf_counter()
                    try:
                        service.submit(engine, seat.token, step, kind, payload, key)
                        break
                    except OperationalError:
                        again += 1
                        time.sleep(0.05)
                local.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(local)
            retries += again

    with ThreadPoolExecutor(max_workers=participants) as pool:
        list(pool.map(run, seats))
    engine.dispose()
    return {"latencies": latencies, "retries": retries, "sent_keys": participants * per}


def bench(url: str, label: str, participants: int, per: int, processes: int, pollers: int) -> None:
    engine = db.make_engine(url)
    created = service.create_workshop(engine, f"bench {label}", steps=STEPS)
    wid = created.workshop.id
    items = list(created.workshop.find_step("rank")["items"])
    shares = [
        participants // processes + (1 if p < participants % processes else 0) for p in range(processes)
    ]
    go_at = time.time() + 1.5 + 2.0 * (processes > 1)  # everyone starts together, after joining
    # The room's screens: each polls version() once a second while the answers pour in.
    stop = threading.Event()
    poll_times: list[float] = []

    def poller() -> None:
        while not stop.is_set():
            p0 = time.perf_counter()
            service.version(engine, wid)
            poll_times.append(time.perf_counter() - p0)
            stop.wait(1.0)

    watchers = [threading.Thread(target=poller, daemon=True) for _ in range(pollers)]
    for w in watchers:
        w.start()
    t0 = time.perf_counter()
    if processes == 1:
        outs = [_worker(url, created.join_code, shares[0], per, items, go_at)]
    else:
        ctx = mp.get_context("spawn")
        with ctx.Pool(processes) as pool:
            outs = pool.starmap(_worker, [(url, created.join_code, n, per, items, go_at) for n in shares])
    wall = time.perf_counter() - t0
    burst = time.time() - go_at  # from the common start signal to the last stored answer
    stop.set()
    for w in watchers:
        w.join()
    latencies = sorted(x for o in outs for x in o["latencies"])
    expected = sum(o["sent_keys"] for o in outs)
    with db.read(engine) as conn:
        stored = int(conn.execute(select(func.count()).where(submissions.c.workshop_id == wid)).scalar() or 0)
        distinct = int(
            conn.execute(
                select(func.count()).select_from(
                    select(submissions.c.participant_id, submissions.c.idem_key)
                    .where(submissions.c.workshop_id == wid)
                    .distinct()
                    .subquery()
                )
            ).scalar()
            or 0
        )
    submit_time = sum(latencies)
    polls = sorted(poll_times) or [0.0]
    a0 = time.perf_counter()
    aggregates.ranking_results(engine, wid, "rank")
    aggregates.guess_summary(engine, wid, "pop2030")
    aggregates.scenarios(engine, wid)
    aggregate = time.perf_counter() - a0
    q = statistics.quantiles(latencies, n=100)
    print(
        f"{label:10s} participants={participants} x {per} processes={processes} | stored={stored}/{expected} "
        f"lost={expected - distinct} duplicated={stored - distinct} db_retries={sum(o['retries'] for o in outs)} | "
        f"burst={burst:.2f}s (wall {wall:.2f}s with start-up and joins) requests={len(latencies)} "
        f"submit p50={q[49] * 1000:.1f}ms p95={q[94] * 1000:.1f}ms max={latencies[-1] * 1000:.1f}ms "
        f"sum={submit_time:.1f}s | {pollers} screens polling version() 1/s under load: n={len(poll_times)} "
        f"p50={polls[len(polls) // 2] * 1000:.1f}ms p95={polls[int(len(polls) * 0.95)] * 1000:.1f}ms "
        f"| aggregates={aggregate * 1000:.0f}ms"
    )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--submissions", type=int, default=20)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--pollers", type=int, default=50, help="screens polling for changes once a second")
    args = parser.parse_args()
    targets = []
    with tempfile.TemporaryDirectory() as tmp:
        targets.append(("sqlite", f"sqlite:///{tmp}/bench.sqlite"))
        pg = os.environ.get("KUNTALUOTAIN_PG_URL", "").strip()
        if pg:
            targets.append(("postgresql", pg))
        else:
            print('postgresql skipped: KUNTALUOTAIN_PG_URL not set (eval "$(scripts/postgres.sh start)")')
        for label, url in targets:
            bench(url, label, args.participants, args.submissions, args.processes, args.pollers)


if __name__ == "__main__":
    main()
