"""One JSON line of a benchmark's figures, for bench/check_targets.py to compare with README's targets."""

from __future__ import annotations

import json


def emit(bench: str, figures: dict[str, float]) -> None:
    """Print {"bench": name, "figures": {...}} on one line (the human-readable lines stay as they are)."""
    print(json.dumps({"bench": bench, "figures": {k: round(float(v), 3) for k, v in figures.items()}}))
