"""Survey submit path without browsers: N residents answer through the service layer from T threads, each
twice (a double submit), each from its own address; then every answer must be stored exactly once.

    .venv/bin/python bench/bench_survey.py [--residents 500] [--threads 8]
    KUNTALUOTAIN_PG_URL=... .venv/bin/python bench/bench_survey.py   # PostgreSQL too

Prints submit p50/p95/max in milliseconds per database and one JSON line of figures. This measures the store
(validation, rate-limit check, upsert), not Streamlit's websocket or a proxy in front.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from sqlalchemy import create_engine, text  # noqa: E402

from bench.figures import emit  # noqa: E402
from foresight import survey as sv  # noqa: E402
from foresight import survey_store as store  # noqa: E402
from foresight.columns import THEMES  # noqa: E402
from foresight.workshop import db  # noqa: E402


def run(url: str, residents: int, threads: int) -> dict[str, float]:
    engine = db.make_engine(url)
    now = datetime.now(UTC)
    definition = sv.make_definition(
        "Bench", ["a", "b", "c", "d", "e"], ["s one", "s two", "s three"], "Open?", ["North", "South"]
    )
    survey, key = store.create(
        engine,
        definition,
        municipality="000",
        lang="fi",
        opens=now - timedelta(hours=1),
        closes=now + timedelta(days=1),
        retain_until=now + timedelta(days=2),
    )
    rng = random.Random(2030)
    jobs = []
    for i in range(residents):
        order = list(THEMES)
        rng.shuffle(order)
        raw = {
            "rank": order,
            "picks": rng.sample(["a", "b", "c", "d", "e"], 3),
            "statements": {"s1": rng.randint(1, 5), "s2": rng.randint(1, 5)},
            "open": f"answer {i} <b>x</b>",
            "age": rng.choice(sv.AGE_GROUPS),
            "area": rng.choice(["North", "South"]),
        }
        jobs.append((uuid.uuid4().hex, raw, f"10.0.{i // 250}.{i % 250}"))
    jobs = jobs + jobs  # every resident presses Send twice
    rng.shuffle(jobs)

    def one(job):  # type: ignore[no-untyped-def]
        token, raw, address = job
        started = time.perf_counter()
        store.submit(engine, survey.code, token, raw, address=address)
        return (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        times = sorted(pool.map(one, jobs))
    wall = time.perf_counter() - started
    stored = store.count(engine, survey)
    assert stored == residents, f"{stored} answers stored for {residents} residents"
    store.delete_survey(engine, survey.code, key)
    engine.dispose()
    return {
        "submits": len(times),
        "stored": stored,
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * (len(times) - 1))],
        "max_ms": times[-1],
        "wall_s": wall,
    }


def main() -> None:
    args = sys.argv[1:]
    residents = int(args[args.index("--residents") + 1]) if "--residents" in args else 500
    threads = int(args[args.index("--threads") + 1]) if "--threads" in args else 8
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        targets = [("sqlite", f"sqlite:///{tmp}/bench.sqlite")]
        pg = os.environ.get("KUNTALUOTAIN_PG_URL", "").strip()
        if pg:
            name = f"kt_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(pg, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            targets.append(("postgres", admin.url.set(database=name).render_as_string(hide_password=False)))
        try:
            for label, url in targets:
                got = run(url, residents, threads)
                print(
                    f"{label}: {got['submits']:.0f} submits ({residents} residents × 2) on {threads} threads, "
                    f"{got['stored']:.0f} stored; submit p50 {got['p50_ms']:.1f} ms, p95 {got['p95_ms']:.1f} ms, "
                    f"max {got['max_ms']:.1f} ms; wall {got['wall_s']:.1f} s"
                )
                figures["sqlite_submit_p95_ms" if label == "sqlite" else "postgres_submit_p95_ms"] = got[
                    "p95_ms"
                ]
        finally:
            if pg:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
    emit("bench_survey", figures)


if __name__ == "__main__":
    main()
