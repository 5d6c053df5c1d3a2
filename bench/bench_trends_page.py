"""Trends page timings under AppTest: cold first run, warm reruns, a method and a horizon change (miss, then hit).

    .venv/bin/python bench/bench_trends_page.py

Prints seconds per step (median of a few repeats for the warm ones); the whole app (router, sidebar) runs too.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.app.conftest import run_app, widget  # noqa: E402


def timed(step) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def main() -> None:
    started = time.perf_counter()
    at = run_app("pages/trends.py", municipality="297", lang="fi")
    print(f"first open (snapshot projection included): {time.perf_counter() - started:.2f} s")
    warm = [timed(at.run) for _ in range(5)]
    print(f"warm rerun, nothing changed: median {statistics.median(warm):.3f} s")
    method = widget(at, "selectbox", "trend_method")
    print(f"method override (cache miss): {timed(lambda: method.set_value('linear').run()):.3f} s")
    horizon = widget(at, "segmented_control", "trend_until")
    print(f"horizon 2040 (cache miss): {timed(lambda: horizon.set_value('2040').run()):.3f} s")
    horizon = widget(at, "segmented_control", "trend_until")
    print(f"horizon back to 2030 (cache hit): {timed(lambda: horizon.set_value('2030').run()):.3f} s")
    # The target is a text field that reads numbers as the language writes them.
    box = at.text_input(key="w_trend_target_population_fi")
    print(f"target set (cache miss): {timed(lambda: box.input('135000').run()):.3f} s")
    indicator = widget(at, "selectbox", "trend_indicator")
    print(
        f"other indicator (cache miss): {timed(lambda: indicator.set_value('unemployment_rate').run()):.3f} s"
    )
    warm = [timed(at.run) for _ in range(5)]
    print(f"warm rerun on unemployment: median {statistics.median(warm):.3f} s")


if __name__ == "__main__":
    main()
