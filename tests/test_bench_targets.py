"""bench/check_targets.py reads README's target table and benchmark JSON lines (literal text, no benchmark run)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("check_targets", ROOT / "bench" / "check_targets.py")
assert _spec and _spec.loader
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)

README = """
| Benchmark | Figure | Target |
|---|---|---|
| `bench_scenario` | `one_municipality_ms` | ≤ 100 ms |
| `bench_scenario` | `all_municipalities_ms` | <= 1000 ms |
| `bench_x` | `throughput` | ≥ 50 per s |
| not a target row | `x` | ≤ 1 |
"""


def test_targets_are_read_from_the_table():
    assert check.targets(README) == [
        ("bench_scenario", "one_municipality_ms", "≤", 100.0),
        ("bench_scenario", "all_municipalities_ms", "≤", 1000.0),
        ("bench_x", "throughput", "≥", 50.0),
    ]


def test_figures_on_both_sides_of_each_limit():
    out = 'one ms line\n{"bench": "bench_scenario", "figures": {"one_municipality_ms": 100.0, "all_municipalities_ms": 1000.5}}\n'
    out += '{"bench": "bench_x", "figures": {"throughput": 49.9}}\n'
    rows = check.compare(check.targets(README), check.figures(out))
    assert [r["met"] for r in rows] == [True, False, False]
    rows = check.compare(check.targets(README), {("bench_x", "throughput"): 50.0})
    assert [r["met"] for r in rows] == [None, None, True]


def test_every_readme_target_names_a_figure_its_benchmark_prints():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    wanted = check.targets(text)
    assert wanted, "README.md states no benchmark targets"
    for bench, figure, _op, _limit in wanted:
        source = (ROOT / "bench" / f"{bench}.py").read_text(encoding="utf-8")
        assert f'"{figure}"' in source, (bench, figure)
