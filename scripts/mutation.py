"""Mutation testing of the core modules with mutmut, and the score per module.

    .venv/bin/python scripts/mutation.py                      # every mutant of every module (about 1.5 h on one core)
    .venv/bin/python scripts/mutation.py --sample 60          # a seeded sample of 60 mutants per module
    .venv/bin/python scripts/mutation.py --module situation --module peers
    .venv/bin/python scripts/mutation.py --report             # only print the scores of what has been run
    .venv/bin/python scripts/mutation.py --fresh ...          # forget earlier results (after changing tests)
    .venv/bin/python scripts/mutation.py --survivors-again    # only the survivors, after adding tests

mutmut (configured in pyproject.toml, [tool.mutmut]) copies foresight/ into mutants/ with every mutant built in,
and runs each mutant against the tests that execute its function (it learns which from one plain run of the
tests listed there: the tests of these modules' areas, no app or browser tests). One worker, at low priority.
Not part of scripts/test.sh: it takes far longer than CI's budget.

A mutant is caught when a test fails or the tests time out. Mutants that cannot be caught because they do not
change behaviour are listed with the reason in docs/mutation-equivalents.md and left out of the score.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = {
    "situation": "foresight/situation.py",
    "peers": "foresight/peers.py",
    "owndata.text": "foresight/owndata/text.py",
    "owndata.validate": "foresight/owndata/validate.py",
    "workshop.service": "foresight/workshop/service.py",
    "workshop.aggregates": "foresight/workshop/aggregates.py",
    "scenario.model": "foresight/scenario/model.py",
    "build.common": "foresight/build/common.py",
    "projection.methods": "foresight/projection/methods.py",
    "projection.batch": "foresight/projection/batch.py",
    "projection.conformal": "foresight/projection/conformal.py",
    "projection.store": "foresight/projection/store.py",
    "projection.pooled": "foresight/projection/pooled.py",
    "projection.track": "foresight/projection/track.py",
    "ui.deep_links": "foresight/ui/deep_links.py",
}
EQUIVALENTS = ROOT / "docs" / "mutation-equivalents.md"
# mutmut's exit codes (mutmut/stats.py): what a run of the tests against one mutant ended with.
CAUGHT = {1, 3, 36, -24, 24, 152, 255, 37}  # tests failed, timed out, or the type checker refused it
SURVIVED = {0}
NO_TESTS = {5, 33}
TARGET = 80.0


def mutmut(*args: str) -> int:
    """Run mutmut in the worktree at low priority with one worker."""
    command = ["nice", "-n", "10", str(Path(sys.executable).parent / "mutmut"), *args]
    # One thread for numpy/scikit-learn: mutmut's time limit is CPU seconds, and spinning BLAS threads both
    # burn them (false timeouts) and take cores from everyone else.
    single = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    return subprocess.call(command, cwd=ROOT, env=os.environ | single | {"PYTHONHASHSEED": "0"})


def meta(path: str) -> dict[str, int | None]:
    """mutant name → exit code (None when not run yet), from mutmut's file next to the mutated copy."""
    file = ROOT / "mutants" / f"{path}.meta"
    if not file.exists():
        return {}
    return dict(json.loads(file.read_text())["exit_code_by_key"])


def equivalents() -> dict[str, str]:
    """Mutant name → reason, from the committed list (lines like "- `name`: reason") under "## Equivalent
    mutants" only: the survivors listed under "## Not killed" can change behaviour and count as survived."""
    if not EQUIVALENTS.exists():
        return {}
    text = EQUIVALENTS.read_text().split("\n## Not killed", 1)[0]
    found = re.findall(r"^- `([^`]+)`:?\s*(.*)$", text, flags=re.MULTILINE)
    return dict(found)


def sample(names: list[str], size: int, seed: int) -> list[str]:
    """A reproducible sample of mutant names (all of them when size is 0 or larger than the list)."""
    ordered = sorted(names)
    if size <= 0 or size >= len(ordered):
        return ordered
    return sorted(random.Random(seed).sample(ordered, size))


def score(path: str, chosen: list[str] | None, skip: dict[str, str]) -> dict[str, object]:
    """Counts and score for one module; `chosen` limits it to a sample."""
    codes = meta(path)
    names = chosen if chosen is not None else sorted(codes)
    tally: Counter[str] = Counter()
    survivors = []
    for name in names:
        code = codes.get(name)
        if name in skip:
            tally["equivalent"] += 1
        elif code is None:
            tally["not_run"] += 1
        elif code in CAUGHT:
            tally["caught"] += 1
        elif code in SURVIVED:
            tally["survived"] += 1
            survivors.append(name)
        elif code in NO_TESTS:
            tally["no_tests"] += 1
            survivors.append(name)
        else:
            tally["other"] += 1
            survivors.append(name)
    judged = tally["caught"] + tally["survived"] + tally["no_tests"] + tally["other"]
    percent = 100.0 * tally["caught"] / judged if judged else float("nan")
    return {"mutants": len(names), **tally, "score": round(percent, 1), "survivors": survivors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--module", action="append", choices=sorted(MODULES), help="module(s); default all")
    parser.add_argument("--sample", type=int, default=0, help="mutants per module (seeded); 0 = all")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--report", action="store_true", help="only print scores of mutants already run")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="start from scratch (after changing tests): forget earlier results",
    )
    parser.add_argument("--rerun", action="store_true", help="run mutants again even if they have a result")
    parser.add_argument(
        "--survivors-again", action="store_true", help="run only the survivors again (after adding tests)"
    )
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--survivors", action="store_true", help="list surviving mutants")
    args = parser.parse_args(argv)
    modules = args.module or list(MODULES)
    skip = equivalents()

    if args.fresh and not args.report:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    if not args.report:
        if not all(meta(MODULES[m]) for m in modules):
            # The first run builds mutants/ (every module at once) and learns which tests cover what;
            # one cheap mutant is enough to get there.
            mutmut("run", "--max-children", "1", "foresight.situation.x_series__mutmut_1")
        for module in modules:
            codes = meta(MODULES[module])
            names = [
                n
                for n in sample(list(codes), args.sample, args.seed)
                if n not in skip
                and (
                    (codes.get(n) in SURVIVED | NO_TESTS)
                    if args.survivors_again
                    else (args.rerun or codes.get(n) is None)
                )
            ]
            print(f"== {module}: {len(names)} mutants", flush=True)
            for start in range(0, len(names), 200):  # keep the command line short
                mutmut("run", "--max-children", "1", *names[start : start + 200])

    report = {}
    for module in modules:
        chosen = sample(list(meta(MODULES[module])), args.sample, args.seed) if args.sample else None
        report[module] = score(MODULES[module], chosen, skip)
    if args.json:
        print(json.dumps({m: {k: v for k, v in r.items() if k != "survivors"} for m, r in report.items()}))
    else:
        print(
            f"{'module':18} {'mutants':>7} {'caught':>6} {'surv.':>5} {'no test':>7} {'equiv.':>6} {'not run':>7} {'score':>6}"
        )
        for module, r in report.items():
            print(
                f"{module:18} {r['mutants']:>7} {r.get('caught', 0):>6} {r.get('survived', 0):>5} "
                f"{r.get('no_tests', 0):>7} {r.get('equivalent', 0):>6} {r.get('not_run', 0):>7} {r['score']:>5}%"
            )
    if args.survivors:
        for module, r in report.items():
            for name in r["survivors"]:  # type: ignore[attr-defined]
                print(f"{module}: {name}")
    low = [m for m, r in report.items() if not (float(r["score"]) >= TARGET)]  # type: ignore[arg-type]
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
