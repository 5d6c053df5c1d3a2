"""Compare benchmark figures with the targets stated in README.md, so a regression is seen.

    .venv/bin/python bench/check_targets.py --run bench_situation bench_scenario   # run them, then compare
    .venv/bin/python bench/bench_scenario.py > out.txt; .venv/bin/python bench/check_targets.py out.txt

Each benchmark prints one JSON line {"bench": ..., "figures": {...}} (bench/figures.py); README.md's table under
"Benchmark targets" has rows "| `bench` | `figure` | ≤ limit unit | ...". Exit status 1 when a figure misses
its target or a target has no figure.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(
    r"^\|\s*`(?P<bench>[\w.]+)`\s*\|\s*`(?P<figure>\w+)`\s*\|\s*(?P<op>≤|≥|<=|>=)\s*(?P<limit>[\d.]+)"
)


def targets(readme: str) -> list[tuple[str, str, str, float]]:
    """(bench, figure, operator, limit) for every target row of the README."""
    out = []
    for line in readme.splitlines():
        match = ROW.match(line.strip())
        if match:
            op = {"<=": "≤", ">=": "≥"}.get(match["op"], match["op"])
            out.append((match["bench"], match["figure"], op, float(match["limit"])))
    return out


def figures(text: str) -> dict[tuple[str, str], float]:
    """(bench, figure) → value from every JSON line a benchmark printed."""
    found: dict[tuple[str, str], float] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith('{"bench"'):
            continue
        doc = json.loads(line)
        for name, value in doc["figures"].items():
            found[(doc["bench"], name)] = float(value)
    return found


def compare(wanted: list[tuple[str, str, str, float]], measured: dict[tuple[str, str], float]) -> list[dict]:
    """One row per target: the figure, its limit and whether it met it (None when not measured)."""
    rows = []
    for bench, figure, op, limit in wanted:
        value = measured.get((bench, figure))
        met = None if value is None else (value <= limit if op == "≤" else value >= limit)
        rows.append(
            {"bench": bench, "figure": figure, "target": f"{op} {limit:g}", "value": value, "met": met}
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "outputs", nargs="*", help="files with benchmark output (default: stdin unless --run)"
    )
    parser.add_argument(
        "--run", nargs="+", metavar="BENCH", help="benchmarks to run first (e.g. bench_scenario)"
    )
    args = parser.parse_args(argv)
    text = ""
    for name in args.run or ():
        script = ROOT / "bench" / f"{name.removesuffix('.py')}.py"
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT)
        text += done.stdout
    for path in args.outputs:
        text += Path(path).read_text(encoding="utf-8")
    if not args.run and not args.outputs:
        text = sys.stdin.read()
    measured = figures(text)
    ran = {bench for bench, _ in measured}
    rows = [
        r
        for r in compare(targets((ROOT / "README.md").read_text(encoding="utf-8")), measured)
        if r["bench"] in ran
    ]
    for r in rows:
        state = "not measured" if r["met"] is None else ("OK" if r["met"] else "MISSED")
        value = "-" if r["value"] is None else f"{r['value']:g}"
        print(f"{r['bench']:<16} {r['figure']:<28} {value:>10}  target {r['target']:<10} {state}")
    return 0 if rows and all(r["met"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
