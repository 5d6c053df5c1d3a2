"""Benchmark the scenario model: one municipality and all 308 under one scenario (issue 5: ≤ 100 ms and ≤ 1 s).

Run: .venv/bin/python bench/bench_scenario.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import emit  # noqa: E402
from foresight.scenario import (  # noqa: E402
    build_baseline,
    latest_employment_rate,
    outcome_table,
    preset,
    project,
    run,
    time_series,
)
from foresight.snapshot import load_table  # noqa: E402

LEVERS = {
    "net_migration_rate": 2.0,
    "fertility_change": -10.0,
    "life_expectancy_change": 1.0,
    "start_year": 2026,
}


def timed(label: str, fn: Callable[[], object], repeat: int = 20) -> float:
    """Print and return the median wall time of fn in milliseconds."""
    fn()  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print(f"{label:<58} median {median:8.2f} ms   max {max(times):8.2f} ms   (n={repeat})")
    return median


def main() -> None:
    start = time.perf_counter()
    projections = load_table("official_projections")
    observations = load_table("observations")
    print(f"{'load snapshot tables':<58} {1000 * (time.perf_counter() - start):8.1f} ms")
    for edition in ("2019", "2024"):
        start = time.perf_counter()
        baseline = build_baseline(projections, edition)
        print(
            f"{'build baseline ' + edition + ' (once, cached by the page)':<58} {1000 * (time.perf_counter() - start):8.1f} ms"
        )
    baseline = build_baseline(projections, "2019")
    rates, _ = latest_employment_rate(observations)
    one = timed("one municipality (091), one scenario", lambda: project(baseline, LEVERS, ["091"]))
    smallest = str(baseline.codes[baseline.population[:, 0].sum(axis=1).argmin()])
    small = timed(
        f"smallest municipality ({smallest}), one scenario", lambda: project(baseline, LEVERS, [smallest])
    )
    every = timed("all 308 municipalities, one scenario", lambda: project(baseline, LEVERS), repeat=10)
    scenarios = [
        preset("low_carbon_wellbeing"),
        preset("lonely_unsustainable"),
        preset("drifting"),
        preset("baseline"),
    ]
    named = {s.name: s for s in scenarios}

    def page_refresh() -> None:
        results, _ = run(baseline, scenarios, ["091"])
        outcome_table(results, "091", rates, named)
        time_series(results, "091", rates, named)

    page = timed("compare page: 4 scenarios + baseline, table and lines", page_refresh, repeat=10)
    print()
    print(f"target one municipality ≤ 100 ms: {'OK' if max(one, small) <= 100 else 'MISSED'}")
    print(f"target all 308 ≤ 1000 ms:        {'OK' if every <= 1000 else 'MISSED'}")
    print(f"(comparison refresh {page:.1f} ms)")
    emit(
        "bench_scenario",
        {"one_municipality_ms": max(one, small), "all_municipalities_ms": every, "compare_page_ms": page},
    )


if __name__ == "__main__":
    main()
