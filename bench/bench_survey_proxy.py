"""Residents answering the survey THROUGH nginx in front of two app processes on one PostgreSQL database,
without browsers: each resident is a websocket client speaking Streamlit's protocol (tests/workshop/load_client.py)
to the real servers behind the shipped deploy/nginx/kuntaluotain.conf (scripts/proxy.sh).

    .venv/bin/python bench/bench_survey_proxy.py                        # 500 residents over 5 minutes
    .venv/bin/python bench/bench_survey_proxy.py --residents 100 --spread 60 --think 2 10
    .venv/bin/python bench/bench_survey_proxy.py --single                 # one app server on SQLite, no proxy

Needs nginx and PostgreSQL (installed and started by scripts/proxy.sh and scripts/postgres.sh; the PostgreSQL
server of KUNTALUOTAIN_PG_URL is used when set). Each resident arrives at a random moment within --spread
seconds, opens /answer?s=CODE with its own answer cookie, fills in the form for --think seconds (the websocket
stays open), presses Send twice (a double submit), and one in ten comes back later on a new connection with
the same cookie and changes the answer. Then the survey_answers table must hold exactly one row per resident,
each the last answer that resident sent. Timed: opening the page (connect to first run finished) and every
Send (BackMsg sent to script_finished). Prints p50/p95/max and one JSON line for bench/check_targets.py.
The answers are generated test data.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import emit  # noqa: E402
from bench.proc import cpu_s  # noqa: E402
from foresight import survey as sv  # noqa: E402
from tests.e2e.conftest import free_port, start_server  # noqa: E402
from tests.proxy import survey_client as sc  # noqa: E402
from tests.proxy.stack import proxy_stack  # noqa: E402
from tests.workshop.load_client import RunFailed  # noqa: E402


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1); nan when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


async def crowd(
    base: str, code: str, residents: int, spread: float, think: tuple[float, float], seed: int
) -> dict[str, Any]:
    rng = random.Random(seed)
    people = [
        {
            "token": sc.token(),
            "arrive": rng.uniform(0, spread),
            "think": rng.uniform(*think),
            "raw": sc.answer(rng, i),
            "later": sc.answer(rng, 10_000 + i) if i % 10 == 0 else None,
        }
        for i in range(residents)
    ]
    opens: list[float] = []
    submits: list[float] = []
    failures: list[str] = []
    final: list[dict[str, Any]] = []
    started = time.monotonic()

    async def send(session: sc.Session, raw: dict[str, Any]) -> None:
        run = await sc.submit(session, raw)
        submits.append(run.seconds)
        if not sc.saved(run):
            raise RunFailed(f"no saved message: {run.alerts('ERROR')}")

    async def resident(p: dict[str, Any]) -> None:
        await asyncio.sleep(max(0.0, p["arrive"] - (time.monotonic() - started)))
        try:
            t0 = time.perf_counter()
            session, _ = await sc.open_answer(base, code, p["token"])
            opens.append(time.perf_counter() - t0)
            try:
                await asyncio.sleep(p["think"])
                await send(session, p["raw"])
                await send(session, p["raw"])  # the double submit
            finally:
                await session.close()
            last = p["raw"]
            if p["later"] is not None:
                await asyncio.sleep(p["think"])
                session, _ = await sc.open_answer(base, code, p["token"])
                try:
                    await send(session, p["later"])
                finally:
                    await session.close()
                last = p["later"]
            final.append(last)
        except (RunFailed, LookupError, OSError) as err:
            failures.append(f"{type(err).__name__}: {err}")

    await asyncio.gather(*(resident(p) for p in people))
    return {
        "opens": opens,
        "submits": submits,
        "failures": failures,
        "final": final,
        "wall_s": time.monotonic() - started,
    }


class _Single:
    """One app server on a SQLite file: the survey as a municipality runs it without the production recipe."""

    def __init__(self, run_dir: Path) -> None:
        self.db_url = f"sqlite:///{run_dir / 'survey.sqlite'}"
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.procs = {port: start_server(port, env={"KUNTALUOTAIN_DB_URL": self.db_url})}

    def log(self) -> list[dict[str, str]]:
        return []  # no proxy, no access log

    def stop(self) -> None:
        for proc in self.procs.values():
            proc.terminate()
            proc.wait(timeout=20)


@contextmanager
def single_server(run_dir: Path) -> Iterator[_Single]:
    server = _Single(run_dir)
    try:
        yield server
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--residents", type=int, default=500)
    parser.add_argument("--spread", type=float, default=300.0, help="arrivals within this many seconds")
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 30.0), help="form open for min..max s")
    parser.add_argument("--seed", type=int, default=2030)
    parser.add_argument(
        "--single", action="store_true", help="one app server on its default SQLite database, no proxy"
    )
    args = parser.parse_args()

    with (
        tempfile.TemporaryDirectory() as tmp,
        (single_server if args.single else proxy_stack)(Path(tmp)) as stack,
    ):
        code, _ = sc.make_survey(stack.db_url, "Bench 2030")
        pids = [proc.pid for proc in stack.procs.values()]
        cpu0 = [cpu_s(pid) for pid in pids]
        got = asyncio.run(crowd(stack.url, code, args.residents, args.spread, tuple(args.think), args.seed))
        cpu = [cpu_s(pid) - c for pid, c in zip(pids, cpu0, strict=True)]
        rows = sc.rows(stack.db_url, code)
        definition = sv.make_definition("Bench 2030", sc.PICKS, sc.STATEMENTS, "Mikä on tärkeintä?", sc.AREAS)
        expected = sorted((sv.validate(definition, raw) for raw in got["final"]), key=lambda a: a.open_text)
        stored = sorted(sc.stored(stack.db_url, code), key=lambda a: a.open_text)
        mismatched = sum(1 for a, b in zip(expected, stored, strict=False) if a != b)
        streams: dict[str, int] = {}
        for row in stack.log():
            if "/_stcore/stream" in row["request"] and row["status"] == "101":
                streams[row["upstream"]] = streams.get(row["upstream"], 0) + 1

    opens, submits = got["opens"], got["submits"]
    wrong = abs(rows - args.residents) + mismatched + len(got["failures"])
    path = (
        "straight to 1 app process → SQLite"
        if args.single
        else "through nginx → 2 app processes → PostgreSQL"
    )
    print(
        f"{args.residents} residents {path}, arrivals over {args.spread:.0f} s, "
        f"form open {args.think[0]:.0f}–{args.think[1]:.0f} s; wall {got['wall_s']:.0f} s"
    )
    print(f"  websocket sessions per process: {streams}; app CPU {', '.join(f'{c:.0f} s' for c in cpu)}")
    print(
        f"  open page: p50 {statistics.median(opens) * 1000:.0f} ms, p95 {pct(opens, 0.95) * 1000:.0f} ms, "
        f"max {max(opens) * 1000:.0f} ms ({len(opens)})"
    )
    print(
        f"  Send: {len(submits)} submits, p50 {statistics.median(submits) * 1000:.0f} ms, "
        f"p95 {pct(submits, 0.95) * 1000:.0f} ms, max {max(submits) * 1000:.0f} ms"
    )
    print(
        f"  stored rows {rows} for {args.residents} residents; {mismatched} differ from the last answer sent; "
        f"{len(got['failures'])} failed residents {got['failures'][:3]}"
    )
    emit(
        "bench_survey_proxy",  # the same targets for both set-ups (README, Benchmark targets)
        {
            "residents": args.residents,
            "stored_rows": rows,
            "wrong_answers": wrong,
            "submits": len(submits),
            "submit_p50_ms": statistics.median(submits) * 1000,
            "submit_p95_ms": pct(submits, 0.95) * 1000,
            "submit_max_ms": max(submits) * 1000,
            "open_p95_ms": pct(opens, 0.95) * 1000,
            "wall_s": got["wall_s"],
        },
    )
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
