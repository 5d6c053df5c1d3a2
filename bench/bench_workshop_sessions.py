"""N participant sessions on one server, without browsers: rerun latency and memory of the server alone.

    .venv/bin/python bench/bench_workshop_sessions.py                  # 50 sessions, SQLite in a temp folder
    .venv/bin/python bench/bench_workshop_sessions.py --sessions 20 --rounds 5
    .venv/bin/python bench/bench_workshop_sessions.py --no-poll        # sessions do not run their 4 s polls
    .venv/bin/python bench/bench_workshop_sessions.py --spread 10      # Send pressed within 10 s, not at once
    .venv/bin/python bench/bench_workshop_sessions.py --json           # the figures as one JSON object

Each session is a websocket client that speaks Streamlit's own protocol to the real server (scripts/serve.py),
as a browser tab does (tests/workshop/load_client.py): it opens /join?join=CODE&lang=fi, presses "Join"
with a name, and then, like the browser's timer, reruns the page's poll fragment every 4 s. Fifty Chromium
pages on two cores starve the server (bench/bench_workshop_room.py); these clients use a few per cent of a
core, so the figures are the server's.

Measured: the server's resident memory with 0 sessions and after each step of sessions has joined and
settled, and MB per extra session (the slope of RSS read after every join, with one-off jumps of more
than 20 MB, the first run filling the app's caches and a later release, taken out and listed); then all N
press "Send" on their guess at the same moment, each timed from sending its BackMsg to the final
script_finished (a run of the answer fragment only, which stores the guess and shows "saved", which must be
there); the guesses in the
store (must be N, one per session, with the sent values); then --rounds rounds of every session's poll
fragment at once and of a full rerun at once. Exits 1 if any rerun did not finish or the store does not
hold exactly the N guesses; p95 ≤ 1 s is reported, not enforced. The guesses are generated test data.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.proc import cpu_s, rss_mb  # noqa: E402
from foresight.i18n import t  # noqa: E402
from foresight.workshop import db, service  # noqa: E402
from tests.e2e.conftest import free_port, start_server  # noqa: E402
from tests.workshop import load_client as lc  # noqa: E402

STEP = "pop"
NEXT_STEP = "pop2"
PHONE_POLL_S = 4.0  # foresight/ui/workshop_phone.py: a phone's follow() poll interval
TARGET_P95_S = 1.0


async def settle(pid: int, quiet: float = 0.15, longest: float = 60.0) -> float:
    """Wait until the server uses less than `quiet` of a core over a second (at most `longest` s); its RSS then."""
    deadline = time.monotonic() + longest
    while time.monotonic() < deadline:
        before, t0 = cpu_s(pid), time.monotonic()
        await asyncio.sleep(1.0)
        if (cpu_s(pid) - before) / (time.monotonic() - t0) < quiet:
            break
    samples = []
    for _ in range(5):  # Python's RSS wobbles by a few MB between reads: the median of five over 2 s
        samples.append(rss_mb(pid))
        await asyncio.sleep(0.5)
    return statistics.median(samples)


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1) of a list; nan when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def per_session(samples: list[tuple[int, float]]) -> tuple[float, list[tuple[int, float]]]:
    """MB per extra session from RSS read after each join, and the one-off jumps left out of it.

    The server's RSS is not a sum of sessions: the first page run fills the app's caches (about 100 MB)
    and at some later join the allocator hands back a similar amount at once. Those steps (more than
    JUMP_MB between two joins) are taken out of the series; the slope is fitted to what remains.
    """
    jumps: list[tuple[int, float]] = []
    adjusted: list[tuple[int, float]] = []
    offset = 0.0
    for (n0, mb0), (n1, mb1) in zip(samples, samples[1:], strict=False):
        if abs(mb1 - mb0) > JUMP_MB:
            jumps.append((n1, round(mb1 - mb0, 1)))
            offset += mb1 - mb0
        if not adjusted:
            adjusted.append((n0, mb0))
        adjusted.append((n1, mb1 - offset))
    return (slope(adjusted) if len(adjusted) > 1 else float("nan")), jumps


def summary(times: list[float], wanted: int) -> dict[str, Any]:
    return {
        "wanted": wanted,
        "completed": len(times),
        "p50_ms": round(statistics.median(times) * 1000, 1) if times else None,
        "p95_ms": round(pct(times, 0.95) * 1000, 1) if times else None,
        "max_ms": round(max(times) * 1000, 1) if times else None,
    }


JUMP_MB = (
    20.0  # a change this large between two joins is a one-off (a cache filled or released), not a session
)


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of (sessions, MB)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else float("nan")


async def at_once(
    sessions: list[lc.Session], act: Callable[[int, lc.Session], Awaitable[lc.Run]]
) -> tuple[list[float], list[lc.Run | None], list[str]]:
    """Run `act` on every session at the same moment; (times of the finished, runs, errors)."""
    go = asyncio.Event()

    async def one(i: int, s: lc.Session) -> lc.Run:
        await go.wait()
        return await act(i, s)

    tasks = [asyncio.create_task(one(i, s)) for i, s in enumerate(sessions)]
    await asyncio.sleep(0)  # every task is waiting on the event
    go.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    runs = [r if isinstance(r, lc.Run) else None for r in results]
    errors = [f"session {i}: {r!r}" for i, r in enumerate(results) if not isinstance(r, lc.Run)]
    return [r.seconds for r in runs if r is not None], runs, errors


async def bench(
    args: argparse.Namespace, base: str, code: str, pid: int, next_step: Callable[[], object]
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "sessions": args.sessions,
        "polls": not args.no_poll,
        "spread_s": args.spread,
        "errors": [],
    }
    guesses = [float(round(random.Random(i).gauss(124000, 3000))) for i in range(args.sessions)]
    saved = t("workshop.vote.saved", "fi")
    steps = sorted({s for s in args.steps if 0 < s < args.sessions} | {args.sessions})

    out["rss_cold_mb"] = round(await settle(pid), 1)  # the server started, no session yet (warm-up done)
    sessions: list[lc.Session] = []
    open_times: list[float] = []
    join_times: list[float] = []
    gate = asyncio.Semaphore(args.gate)

    async def arrive(i: int) -> None:
        async with gate:
            s, run = await lc.open_join(base, code, follow_polls=not args.no_poll, timeout=args.timeout)
            open_times.append(run.seconds)
            s.name = f"p{i}"
            joined = await lc.join(s, code, s.name)
            join_times.append(joined.seconds)
            lc.guess_box(s, STEP)  # the guess form is drawn, or LookupError
            sessions.append(s)
            samples.append((len(sessions), rss_mb(pid)))

    memory: list[tuple[int, float]] = []
    samples = [(0, out["rss_cold_mb"])]  # (sessions, RSS) after every join
    t0 = time.perf_counter()
    for n in steps:
        results = await asyncio.gather(*(arrive(i) for i in range(len(sessions), n)), return_exceptions=True)
        out["errors"] += [f"join: {r!r}" for r in results if isinstance(r, BaseException)]
        # Open sessions poll (about 0.02 of a core each at 4 s): settled means no more than that.
        quiet = 0.15 + (0 if args.no_poll else 0.02 * len(sessions))
        memory.append((len(sessions), round(await settle(pid, quiet=quiet, longest=20), 1)))
    out["joined"] = len(sessions)
    out["join_wall_s"] = round(time.perf_counter() - t0, 1)
    out["open"] = summary(open_times, args.sessions)
    out["join"] = summary(join_times, args.sessions)
    out["rss_steps_mb"] = memory
    mb, jumps = per_session(samples)
    out["mb_per_session"] = round(mb, 2)
    out["rss_jumps_mb"] = jumps
    out["mb_per_session_steps"] = round(slope(memory), 2) if len(memory) > 1 else None

    # What the open sessions cost while nobody does anything (their polls only).
    cpu0, idle_t0 = cpu_s(pid), time.perf_counter()
    await asyncio.sleep(args.idle)
    out["idle_cpu_pct"] = round((cpu_s(pid) - cpu0) / (time.perf_counter() - idle_t0) * 100, 1)

    # Everybody presses "Send" at once.
    client_cpu0, cpu0 = time.process_time(), cpu_s(pid)

    async def send(i: int, s: lc.Session) -> lc.Run:
        if args.spread:
            await asyncio.sleep(random.Random(1000 + i).uniform(0, args.spread))
        run = await lc.submit_guess(s, STEP, guesses[int(s.name[1:])])
        if saved not in run.alerts("SUCCESS"):
            raise lc.RunFailed(f"no '{saved}' after submit: {run.texts()[-3:]}")
        return run

    submit_times, _, errors = await at_once(sessions, send)
    out["submit"] = summary(submit_times, args.sessions)
    out["submit"]["server_cpu_s"] = round(cpu_s(pid) - cpu0, 2)
    out["submit"]["client_cpu_s"] = round(time.process_time() - client_cpu0, 2)
    out["errors"] += [f"submit: {e}" for e in errors]

    # Rounds of plain reruns: every session's poll fragment at once, then a full rerun at once.
    polls: list[float] = []
    reruns: list[float] = []
    for _ in range(args.rounds):
        times, _, errors = await at_once(
            sessions, lambda i, s: s.rerun(fragment_id=next(iter(s.auto_reruns)), auto=True)
        )
        polls += times
        out["errors"] += [f"poll: {e}" for e in errors]
        await asyncio.sleep(1.0)
        times, _, errors = await at_once(sessions, lambda i, s: s.rerun())
        reruns += times
        out["errors"] += [f"rerun: {e}" for e in errors]
        await asyncio.sleep(1.0)
    out["poll"] = summary(polls, args.sessions * args.rounds)
    out["rerun"] = summary(reruns, args.sessions * args.rounds)
    background = [x for s in sessions for x in s.poll_times]
    out["background_poll"] = summary(background, len(background) + sum(s.poll_failures for s in sessions))

    # The facilitator moves to the next step: each phone's 4 s poll finds the change at its own moment
    # (timers started when the phone joined) and reruns the whole page. Timed per phone from its poll to
    # the new step drawn; the bench's own pollers stop first so that each phone notices exactly once.
    for s in sessions:
        if s._poller is not None:
            s._poller.cancel()
    await asyncio.sleep(0.5)
    next_step()

    async def notice(i: int, s: lc.Session) -> lc.Run:
        await asyncio.sleep(random.Random(2000 + i).uniform(0, PHONE_POLL_S))
        run = await s.rerun(fragment_id=next(iter(s.auto_reruns)), auto=True)
        lc.guess_box(s, NEXT_STEP)  # the new step's form is drawn, or LookupError
        if run.runs < 2:
            raise lc.RunFailed("the poll did not rerun the page for the new step")
        return run

    times, _, errors = await at_once(sessions, notice)
    out["step_change"] = summary(times, args.sessions)
    out["errors"] += [f"step change: {e}" for e in errors]
    out["rss_end_mb"] = round(rss_mb(pid), 1)
    out["expected"] = {f"p{i}": guesses[i] for i in range(args.sessions)}
    await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)
    return out


def report(out: dict[str, Any]) -> None:
    n = out["sessions"]

    def row(name: str, fig: dict[str, Any]) -> None:
        if not fig["wanted"]:
            return
        print(
            f"  {name:<34} {fig['completed']:>4}/{fig['wanted']:<4} "
            f"p50 {fig['p50_ms'] or float('nan'):>7.0f} ms   p95 {fig['p95_ms'] or float('nan'):>7.0f} ms   "
            f"max {fig['max_ms'] or float('nan'):>7.0f} ms"
        )

    print(f"{n} participant sessions on one server ({'with' if out['polls'] else 'without'} their 4 s polls)")
    burst = f"within {out['spread_s']:g} s" if out["spread_s"] else "at once"
    print("memory (server RSS, settled)")
    print(f"  {'0 sessions (started, warmed up)':<34} {out['rss_cold_mb']:>8.1f} MB")
    for count, mb in out["rss_steps_mb"]:
        print(f"  {f'{count} session' + ('s' if count != 1 else ''):<34} {mb:>8.1f} MB")
    print(f"  {'per extra session (slope of steps)':<34} {out['mb_per_session_steps']:>8.2f} MB   (raw)")
    jumps = ", ".join(f"{mb:+.0f} MB at join {n}" for n, mb in out["rss_jumps_mb"]) or "none"
    print(f"  {'per extra session (one-offs out)':<34} {out['mb_per_session']:>8.2f} MB   one-offs: {jumps}")
    print(
        f"reruns (sent BackMsg → final script_finished)      joined {out['joined']}/{n} in {out['join_wall_s']} s"
    )
    row("open /join (first run)", out["open"])
    row("press Join (run + st.rerun)", out["join"])
    row(f"all press Send {burst}", out["submit"])
    row("poll fragment, all at once", out["poll"])
    row("full rerun, all at once", out["rerun"])
    row("background polls (4 s timers)", out["background_poll"])
    row("next step (each phone's poll, 4 s)", out["step_change"])
    print(
        f"  server CPU for the Send burst {out['submit']['server_cpu_s']} s, "
        f"load client {out['submit']['client_cpu_s']} s; idle server CPU {out['idle_cpu_pct']} % of a core"
    )
    store = out["store"]
    print(
        f"store: {store['rows']} guesses from {store['participants']} participants "
        f"(duplicates {store['duplicates']}, wrong values {store['wrong']}, missing {store['missing']})"
    )
    p95 = out["submit"]["p95_ms"]
    verdict = "yes" if p95 is not None and p95 <= TARGET_P95_S * 1000 else "NO"
    print(f"Send p95 ≤ {TARGET_P95_S:.0f} s: {verdict}; every rerun finished: {'yes' if out['ok'] else 'NO'}")
    for err in out["errors"][:10]:
        print(f"  error: {err}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of poll and full reruns after the burst"
    )
    parser.add_argument(
        "--steps", type=lambda v: [int(x) for x in v.split(",")], default=[1, 10, 25], help="memory steps"
    )
    parser.add_argument(
        "--spread", type=float, default=0.0, help="press Send within this many seconds, not all at once"
    )
    parser.add_argument("--gate", type=int, default=10, help="sessions joining at a time")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle CPU measurement")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one rerun may take")
    parser.add_argument("--no-poll", action="store_true", help="sessions do not run their poll fragment")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="kt_bench_sessions_")
    url = f"sqlite:///{folder}/store.sqlite"
    eng = db.make_engine(url)
    step = {"id": STEP, "kind": "guess", "title": "", "indicator": "population", "year": 2030}
    later = {**step, "id": NEXT_STEP, "year": 2035}
    created = service.create_workshop(eng, "Bench", "297", "", [step, later])
    assert created.workshop.step is not None and created.workshop.step["id"] == STEP  # the current step
    port = free_port()
    proc = start_server(port, {db.ENV_URL: url})
    try:
        out = asyncio.run(
            bench(
                args,
                f"http://127.0.0.1:{port}",
                created.join_code,
                proc.pid,
                lambda: service.move_step(eng, created.workshop.id, created.facilitator_key, 1),
            )
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    expected: dict[str, float] = out.pop("expected")
    stored = lc.stored_guesses(eng, created.workshop.id, STEP)
    out["store"] = {
        "rows": sum(len(v) for v in stored.values()),
        "participants": service.participant_count(eng, created.workshop.id),
        "duplicates": sum(len(v) - 1 for v in stored.values() if len(v) > 1),
        "wrong": sum(1 for name, v in stored.items() if expected.get(name) not in v),
        "missing": sum(1 for name in expected if name not in stored),
    }
    store_ok = out["store"]["rows"] == args.sessions and not any(
        out["store"][k] for k in ("duplicates", "wrong", "missing")
    )
    out["ok"] = not out["errors"] and out["joined"] == args.sessions
    out["store_ok"] = store_ok
    p95 = out["submit"]["p95_ms"]
    out["p95_within_target"] = p95 is not None and p95 <= TARGET_P95_S * 1000
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        report(out)
    sys.exit(0 if out["ok"] and store_ok else 1)


if __name__ == "__main__":
    main()
