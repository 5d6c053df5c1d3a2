"""A room on one server: N phones (real Chromium pages) join and vote at the same moment.

    .venv/bin/python bench/bench_workshop_room.py                 # 50 phones, SQLite in a temp folder
    .venv/bin/python bench/bench_workshop_room.py --phones 15 --no-gc   # server without post-script GC

Starts the app server (scripts/serve.py) on a free port with its own store, creates a workshop with one
guess step, opens N phone-sized pages in Debian's Chromium (eight at a time), joins each, then presses "Send" on all of
them at once and times each page from its click until it shows "saved" (a full Streamlit rerun under
load). Printed: sessions finished, guesses stored, p50/p95/max, the server's resident memory before the
phones and after, per extra session, and the wall's update time. The guesses are generated test data.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.proc import cpu_s, rss_mb  # noqa: E402
from foresight.workshop import db, service  # noqa: E402
from tests.e2e.conftest import CHROMIUM, FLAGS, free_port, start_server  # noqa: E402


async def room(base: str, code: str, phones: int, pid: int) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        # Fifty tabs in one headless browser: without these, background tabs stop rendering and stall.
        awake = [
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows",
        ]
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=[*FLAGS, *awake])
        wall = await browser.new_page(viewport={"width": 1440, "height": 900})
        await wall.goto(f"{base}/present?ws={code}&lang=fi")
        await wall.get_by_text("Odotetaan vastauksia… 0 vastausta").wait_for(timeout=120_000)
        before = rss_mb(pid)
        context = await browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        pages = []

        async def open_phone(i: int) -> None:
            page = await context.new_page()
            page.set_default_timeout(180_000)
            await page.goto(f"{base}/join?join={code}&lang=fi")
            await page.get_by_role("button", name="Liity").click()
            await page.get_by_role("spinbutton").wait_for()
            await page.get_by_role("spinbutton").fill(str(round(random.Random(i).gauss(124000, 3000))))
            pages.append(page)

        # People scan the code over a minute, not in one millisecond: open the phones eight at a time
        # (the first alone, so the browser's cache holds the app's scripts for the rest).
        gate = asyncio.Semaphore(8)

        async def gated(i: int) -> None:
            async with gate:
                await open_phone(i)

        t0 = time.perf_counter()
        await open_phone(0)
        await asyncio.gather(*(gated(i) for i in range(1, phones)))
        joined_s = time.perf_counter() - t0
        after = rss_mb(pid)
        # What the open phones cost while nobody does anything: their 2 s polls and the wall's.
        idle_cpu, idle_t = cpu_s(pid), time.perf_counter()
        await asyncio.sleep(10)
        idle = (cpu_s(pid) - idle_cpu) / (time.perf_counter() - idle_t)

        async def send(page) -> float:  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            await page.get_by_role("button", name="Lähetä").click()
            await page.get_by_text("Vastauksesi on tallennettu").wait_for()
            return time.perf_counter() - started

        t0 = time.perf_counter()
        times = await asyncio.gather(*(send(p) for p in pages), return_exceptions=True)
        ok = sorted(x for x in times if isinstance(x, float))
        try:
            await wall.get_by_text(f"Odotetaan vastauksia… {phones} vastausta").wait_for(timeout=60_000)
            wall_s = time.perf_counter() - t0
        except Exception:  # noqa: BLE001 - report the rest even if the wall lagged
            wall_s = float("nan")
        await browser.close()
    p95 = ok[int(0.95 * (len(ok) - 1))] if ok else float("nan")
    print(f"phones: {phones} joined in {joined_s:.1f} s; {len(ok)} of {phones} submits answered")
    print(
        f"submit → 'saved' (a rerun under load): p50 {statistics.median(ok) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {ok[-1] * 1000:.0f} ms"
    )
    print(f"idle server CPU with {phones} phones and the wall polling: {idle * 100:.0f} % of one core")
    print(f"wall showed all {phones} answers {wall_s:.1f} s after the first click (polls every 2 s)")
    print(
        f"server memory: {before:.0f} MB with the wall, {after:.0f} MB with {phones} phones: "
        f"{(after - before) / phones:.1f} MB per extra session"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=50)
    parser.add_argument(
        "--no-gc", action="store_true", help="run the server with runner.postScriptGC = false"
    )
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="kt_bench_room_")
    url = f"sqlite:///{folder}/store.sqlite"
    eng = db.make_engine(url)
    step = {"id": "pop", "kind": "guess", "title": "", "indicator": "population", "year": 2030}
    created = service.create_workshop(eng, "Bench", "297", "", [step])
    port = free_port()
    env = {db.ENV_URL: url}
    if args.no_gc:
        env["STREAMLIT_RUNNER_POST_SCRIPT_GC"] = "false"
    proc = start_server(port, env)
    try:
        asyncio.run(room(f"http://127.0.0.1:{port}", created.join_code, args.phones, proc.pid))
        print(f"stored guesses: {service.answer_counts(eng, created.workshop.id).get('pop', 0)}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        os.environ.pop(db.ENV_URL, None)


if __name__ == "__main__":
    main()
