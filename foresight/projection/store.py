"""Each indicator's backtest summary, kept so a warm run computes the forecasts alone: in memory and, given
a folder, on disk, keyed by the indicator's data and this package's code."""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from foresight.projection.batch import _Job


@dataclass
class Backtest:
    """What the final projection needs from one indicator's rolling-origin backtest (all of it depends
    only on the indicator's observations, unit and the methods, never on the horizon asked for)."""

    q: dict[str, np.ndarray]  # method → raw conformal quantiles (size classes × 2 levels × BACKTEST_HORIZON)
    final_class: np.ndarray  # each series' size class now (all 0 where the indicator is not level-scaled)
    pooled: dict[str, np.ndarray]  # method → pooled MASE per horizon
    by_origin: dict[str, np.ndarray]  # method → the same per origin: origins (newest first) × horizons
    origin_years: np.ndarray  # the backtest origins' years, newest first (the rows of by_origin)
    row_mase: dict[str, np.ndarray]  # method → per-municipality MASE over horizons ≤ DESCRIBE_HORIZON
    ranking: tuple[str, ...]  # methods by pooled error, best first
    width: int  # window width in years
    final_scale: np.ndarray  # each series' scale now (the indicator's typical one where it never changed)
    scores: Any  # batch._score_arrays output (method × municipality × horizon ≤ 5), or a function loading it

    def score_arrays(self) -> dict[str, np.ndarray]:
        """The per-municipality scores, loaded on first use when they come from the disk store."""
        if callable(self.scores):
            self.scores = self.scores()
        return dict(self.scores)


@lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    """The projection package's source plus numpy's version: a stored backtest from other code is not used
    (every module of the package, so a function moved between them still counts)."""
    digest = hashlib.blake2b(np.__version__.encode(), digest_size=16)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


class BacktestStore:
    """Each indicator's backtest summary (conformal quantiles, pooled scores, per-municipality scores),
    kept in memory and, given a folder, on disk: one pickle per key, the key a hash of the indicator's
    observations, unit, the methods and this code, so a changed snapshot or method is never served stale.
    The summary depends only on the observations, so a warm run computes the forecasts alone."""

    def __init__(self, folder: Path | None = None, max_memory: int = 512, max_files: int = 600) -> None:
        self.folder = folder
        self.max_memory = max_memory
        self.max_files = max_files  # ≈ four snapshots' worth (two files per indicator); the oldest go
        self.memory: dict[str, Backtest] = {}
        self._pruned = False

    def key(self, job: _Job, methods: tuple[str, ...]) -> str:
        digest = hashlib.blake2b(_code_fingerprint(), digest_size=20)
        for part in (job.indicator, job.unit, "|".join(methods), "|".join(map(str, job.codes))):
            digest.update(part.encode() + b"\0")
        digest.update(np.ascontiguousarray(job.years, dtype=np.int64).tobytes())
        digest.update(np.ascontiguousarray(job.values, dtype=np.float64).tobytes())
        return digest.hexdigest()

    def get(self, key: str) -> Backtest | None:
        found = self.memory.get(key)
        if found is None and self.folder is not None:
            scores = self.folder / f"{key}.scores.pkl"
            try:
                found = _read_pickle(self.folder / f"{key}.pkl")
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
                return None
            if not isinstance(found, Backtest) or not scores.exists():
                return None
            found.scores = lambda: _read_pickle(scores)  # the large part, read when a page asks for it
            self._remember(key, found)
        return found

    def put(self, key: str, value: Backtest) -> None:
        self._remember(key, value)
        if self.folder is None:
            return
        try:  # written whole then renamed, so a concurrent reader never sees half a file; scores first
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_pickle(self.folder / f"{key}.scores.pkl", value.score_arrays())
            _write_pickle(self.folder / f"{key}.pkl", replace(value, scores=None))
            if not self._pruned:
                self._pruned = True
                files = sorted(self.folder.glob("*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
                for old in files[self.max_files :]:
                    old.unlink(missing_ok=True)
        except OSError:  # a read-only deployment still works, it just recomputes per process
            pass

    def clear(self) -> None:
        """Forget the in-memory summaries (the disk copies stay)."""
        self.memory.clear()

    def _remember(self, key: str, value: Backtest) -> None:
        if len(self.memory) >= self.max_memory:
            self.memory.pop(next(iter(self.memory)))
        self.memory[key] = value


def _read_pickle(path: Path) -> Any:
    with open(path, "rb") as fh:
        return pickle.load(fh)


def _write_pickle(path: Path, value: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")  # one writer per file
    with open(tmp, "wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def default_store_folder() -> Path:
    """Where stored backtests live: $FORESIGHT_CACHE_DIR/projection, else .cache/projection in the project."""
    root = os.environ.get("FORESIGHT_CACHE_DIR")
    base = Path(root) if root else Path(__file__).resolve().parents[2] / ".cache"
    return base / "projection"
