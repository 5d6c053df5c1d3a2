"""How fresh each source is: the last refresh of its raw file, the newest year it holds, the last outcome.

The refresh (`python -m foresight.refresh`) writes a small JSON status file after every run that is not a dry
run, whether it succeeded or failed (`write_status`); the data and sources page reads it with the snapshot's
provenance table (indicator, source_file, edition, first_year, last_year) through `status_table`.
The file lives beside the snapshot folder (data/refresh-status.json), or where KUNTALUOTAIN_REFRESH_STATUS
says, so a failed refresh never touches the snapshot itself.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from foresight.i18n import t

STATUS_ENV = "KUNTALUOTAIN_REFRESH_STATUS"
STATUS_NAME = "refresh-status.json"
# A source's outcome in the last refresh that reached it.
UPDATED, UNCHANGED, FAILED, NOT_APPLIED = "updated", "unchanged", "failed", "not_applied"
OUTCOMES = (UPDATED, UNCHANGED, FAILED, NOT_APPLIED)


def status_path(snapshot: Path | None = None) -> Path:
    """Where the refresh status is kept: $KUNTALUOTAIN_REFRESH_STATUS, else beside the snapshot folder."""
    if os.environ.get(STATUS_ENV):
        return Path(os.environ[STATUS_ENV])
    if snapshot is None:
        from foresight.snapshot import snapshot_dir

        snapshot = snapshot_dir()
    return snapshot.parent / STATUS_NAME


def read_status(path: Path | None = None) -> dict[str, Any]:
    """The status file's content; {} when there is none yet (the data shipped with the app) or it is unreadable."""
    path = path or status_path()
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def now() -> str:
    """The current time as ISO text in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def write_status(
    path: Path,
    *,
    ok: bool,
    message: str,
    outcomes: Mapping[str, str],
    stage: str = "",
    tables: Mapping[str, Mapping[str, Any]] | None = None,
    when: str | None = None,
) -> dict[str, Any]:
    """Record a refresh run: its outcome, and per raw file what happened to it (`outcomes`: raw file → one of
    OUTCOMES). A file's `refreshed` date moves only when the refresh that fetched it was applied; tables'
    metadata (variables by role, content codes, newest period) is kept for `--check` to compare against."""
    when = when or now()
    doc = read_status(path)
    sources: dict[str, Any] = dict(doc.get("sources", {}))
    for raw_file, outcome in outcomes.items():
        entry = dict(sources.get(raw_file, {}))
        entry.update(outcome=outcome, at=when)
        if outcome in (UPDATED, UNCHANGED):
            entry["refreshed"] = when
        sources[raw_file] = entry
    doc.update(
        last_run={"at": when, "ok": ok, "stage": stage, "message": message},
        sources=dict(sorted(sources.items())),
    )
    if tables:
        doc["tables"] = {**doc.get("tables", {}), **{k: dict(v) for k, v in tables.items()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return doc


def refreshable_files() -> set[str]:
    """Raw files the refresh fetches (refresh.toml), so the rest are shown as updated by hand."""
    from foresight.refresh.config import load_config

    try:
        config = load_config()
    except (OSError, KeyError, ValueError):
        return set()
    return {t.raw_file for t in config.tables} | {s.raw_file for s in config.sotkanet}


def _date(stamp: str) -> str:
    return stamp[:10]


def status_table(
    provenance: pd.DataFrame,
    status: Mapping[str, Any],
    lang: str,
    refreshable: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One row per source file of the snapshot: indicators it supplies, the newest year it holds, the date of
    its last refresh (or "shipped with the app") and the outcome of the last refresh that reached it."""
    refreshable = set(refreshable_files() if refreshable is None else refreshable)
    sources = status.get("sources", {}) if isinstance(status, Mapping) else {}
    grouped = (
        provenance.groupby("source_file")
        .agg(newest=("last_year", "max"), indicators=("indicator", "nunique"))
        .reset_index()
        .sort_values("source_file")
    )
    rows = []
    for source, newest, n in grouped.itertuples(index=False):
        entry = sources.get(source, {})
        refreshed = entry.get("refreshed")
        outcome = entry.get("outcome")
        if outcome in OUTCOMES:
            said = t(f"status.outcome.{outcome}", lang, date=_date(str(entry.get("at", ""))))
        elif source in refreshable:
            said = t("status.outcome.never", lang)
        else:
            said = t("status.outcome.manual", lang)
        rows.append(
            {
                t("status.col.source", lang): source,
                t("status.col.indicators", lang): int(n),
                t("status.col.newest", lang): int(newest),
                t("status.col.refreshed", lang): _date(refreshed) if refreshed else t("status.shipped", lang),
                t("status.col.outcome", lang): said,
            }
        )
    return pd.DataFrame(rows)


def last_run_note(status: Mapping[str, Any], lang: str) -> str:
    """One sentence on the last refresh run (or that the data are as shipped)."""
    run = status.get("last_run") if isinstance(status, Mapping) else None
    if not isinstance(run, Mapping):
        return t("status.no_refresh", lang)
    key = "status.last_ok" if run.get("ok") else "status.last_failed"
    return t(key, lang, date=_date(str(run.get("at", ""))), message=str(run.get("message", ""))[:300])
