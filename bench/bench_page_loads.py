"""First loads and municipality switches of the trends, compare and seminar pages on a real server.

    .venv/bin/python bench/bench_page_loads.py                      # trends, compare, seminar; 318 → 297 → 771
    .venv/bin/python bench/bench_page_loads.py --pages trends --codes 297 318 --settle 10

For each page: a fresh server process (scripts/serve.py, as deployed), then one websocket session that speaks
the browser's protocol (tests/workshop/load_client.py, no browser) opens the page with the first municipality
in the link: the first load pays for the app's imports, the snapshot, the caches and the page. The session then
picks each next municipality in the sidebar (a warm switch, as a facilitator does), goes back to the first (a
cache hit), and a second tab opens the page (the server warm). Times run from sending the request to the run's
script_finished, so they are the server's time plus localhost; the browser's own drawing comes on top. Beside
each, the server process's CPU seconds over the step (/proc): on a busy machine the wall time grows with the
other work, the CPU time much less.

--settle S waits S seconds after the server answers its health check before the first load (default 0: a
visitor who arrives at once, while the server's background warm-up still runs). Prints seconds per step and one
JSON line of figures (bench/figures.py): the slowest first load (wall and CPU) and the slowest warm switch, in ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from bench.figures import emit  # noqa: E402
from bench.proc import cpu_s, rss_mb  # noqa: E402
from tests.e2e.conftest import free_port, start_server  # noqa: E402
from tests.workshop import load_client as lc  # noqa: E402

PAGES = ("trends", "compare", "seminar")
CODES = ("318", "297", "771")  # Kökar (outside the USO network: similar peers), Kuopio, Sund


def option_for(session: lc.Session, code: str, names: pd.Series) -> str:
    """The sidebar select box's option text for a municipality ('Kökar' or 'Helsinki – Helsingfors')."""
    box = session.widget("selectbox", key="w_municipality_fi")
    name = str(names[code])
    found = [o for o in box.options if o == name or o.startswith(f"{name} – ")]
    if len(found) != 1:
        raise LookupError(f"{len(found)} sidebar options for {code} {name}")
    return str(found[0])


Step = tuple[str, float, float]  # label, wall seconds, server CPU seconds


async def page_loads(base: str, pid: int, page: str, codes: list[str], names: pd.Series) -> list[Step]:
    steps: list[Step] = []

    async def step(label: str, session: lc.Session, widgets: list[WidgetState]) -> None:
        cpu = cpu_s(pid)
        run = await session.rerun(widgets)
        steps.append((label, run.seconds, cpu_s(pid) - cpu))

    tab = lc.Session(base, page, f"municipality={codes[0]}&lang=fi", timeout=120)
    await tab.connect()
    try:
        await step(f"first load, {codes[0]} {names[codes[0]]}", tab, [])
        for code in [*codes[1:], codes[0]]:
            box = tab.widget("selectbox", key="w_municipality_fi")
            again = " (back: cache hit)" if code == codes[0] else ""
            await step(
                f"switch to {code} {names[code]}{again}", tab, [lc.text(box.id, option_for(tab, code, names))]
            )
            if f"municipality={code}" not in tab.query_string:
                raise RuntimeError(f"the switch to {code} did not reach the URL: {tab.query_string}")
    finally:
        await tab.close()
    second = lc.Session(base, page, f"municipality={codes[1]}&lang=fi", timeout=120)
    await second.connect()
    try:
        await step(f"new tab, {codes[1]} {names[codes[1]]}", second, [])
    finally:
        await second.close()
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=PAGES)
    parser.add_argument("--codes", nargs="+", default=list(CODES), help="first, then the switches")
    parser.add_argument(
        "--settle", type=float, default=0.0, help="seconds between health check and first load"
    )
    args = parser.parse_args()
    if len(args.codes) < 2:
        parser.error("give at least two municipality codes")
    names = pd.read_parquet(ROOT / "data" / "snapshot" / "municipalities.parquet").set_index("code")[
        "name_fi"
    ]
    print(
        f"Page loads on a fresh server per page, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}"
    )
    first_ms: list[float] = []
    first_cpu_ms: list[float] = []
    switch_ms: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {"KUNTALUOTAIN_DB_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite'}"}
        for page in args.pages:
            port = free_port()
            started = time.perf_counter()
            proc = start_server(port, env)
            up = time.perf_counter() - started
            try:
                if args.settle:
                    time.sleep(args.settle)
                before = cpu_s(proc.pid)
                steps = asyncio.run(page_loads(f"http://127.0.0.1:{port}", proc.pid, page, args.codes, names))
                settled = f" (settled {args.settle:g} s)" if args.settle else ""
                print(
                    f"/{page}: server up in {up:.1f} s, {before:.1f} s CPU{settled}; "
                    f"per step wall and server CPU (load {os.getloadavg()[0]:.1f})"
                )
                for label, seconds, cpu in steps:
                    print(f"  {label:<44} {seconds:6.2f} s  {cpu:5.2f} s CPU")
                print(
                    f"  server CPU from its start to the end of the first load {before + steps[0][2]:.1f} s, "
                    f"RSS {rss_mb(proc.pid):.0f} MB"
                )
                first_ms.append(steps[0][1] * 1000)
                first_cpu_ms.append(steps[0][2] * 1000)
                switch_ms.extend(s * 1000 for label, s, _ in steps[1:] if label.startswith("switch"))
            finally:
                proc.terminate()
                proc.wait(timeout=20)
    emit(
        "bench_page_loads",
        {
            "first_load_ms": max(first_ms),
            "first_load_cpu_ms": max(first_cpu_ms),
            "warm_switch_ms": max(switch_ms),
        },
    )


if __name__ == "__main__":
    main()
