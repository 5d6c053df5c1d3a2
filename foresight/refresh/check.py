"""`python -m foresight.refresh --check`: what each table looks like now, from its metadata only.

For every StatFin table of refresh.toml the metadata is read (GET on the table URL; no data query), each role
of the entry's query is resolved (area, time, contents …), the wanted content codes are matched, and the
result is compared with what the last successful refresh saw (the status file) or, before any refresh, with
the newest year the snapshot holds. It prints per table whether it was found, which variable plays each
role, what changed (a renamed variable, a content code that gained or lost its prefix, a new newest period)
and any problem (a table that moved, a role or content code nobody plays). Nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from foresight.refresh import http, pxweb, roles, split, tables
from foresight.refresh.config import RefreshConfig, StatFinTable


@dataclass
class TableCheck:
    """The outcome for one table: found or not, notes (changes) and problems (a refresh would stop)."""

    key: str
    path: str
    found: bool = False
    info: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        head = f"StatFin {self.key} ({self.path}): "
        if not self.found:
            out = [head + "NOT FOUND"]
        else:
            variables = ", ".join(f"{k}={v}" for k, v in self.info.get("variables", {}).items())
            newest = self.info.get("newest") or "?"
            out = [head + f"found; {variables}; newest period {newest}"]
        out += [f"  changed: {note}" for note in self.notes]
        out += [f"  PROBLEM: {problem}" for problem in self.problems]
        return out


def held_years(provenance: pd.DataFrame | None) -> dict[str, int]:
    """Raw file → the newest year the snapshot holds from it."""
    if provenance is None or provenance.empty:
        return {}
    return {str(k): int(v) for k, v in provenance.groupby("source_file")["last_year"].max().items()}


def _year(period: str | None) -> int | None:
    return int(period[:4]) if period and period[:4].isdigit() else None


def compare(info: Mapping[str, Any], previous: Mapping[str, Any] | None, held: int | None) -> list[str]:
    """What changed since the last refresh saw the table (or against the snapshot's newest year)."""
    notes = []
    if previous:
        if previous.get("path") and previous["path"] != info.get("path"):
            notes.append(f"path {previous['path']} → {info.get('path')}")
        before, now = previous.get("variables", {}), info.get("variables", {})
        for role in sorted(set(before) & set(now)):
            if before[role] != now[role]:
                notes.append(f"renamed variable: {role} {before[role]} → {now[role]}")
        before, now = previous.get("contents", {}), info.get("contents", {})
        for code in sorted(set(before) & set(now)):
            if before[code] != now[code]:
                notes.append(f"content code {code}: {before[code]} → {now[code]}")
        if previous.get("newest") and info.get("newest") and previous["newest"] != info["newest"]:
            notes.append(f"new newest period: {info['newest']} (the last refresh saw {previous['newest']})")
    elif not info.get("fixed_periods"):
        year = _year(info.get("newest"))
        if year is not None and held is not None and year > held:
            notes.append(f"new newest year: {info['newest']} (the snapshot holds up to {held})")
    return notes


def missing_labels(
    table: StatFinTable, metadata: Mapping[str, split.Variable], found: Mapping[str, str]
) -> list[str]:
    """Required columns of a label-matched entry (Kuntien avainluvut) that no content label cleans to."""
    columns: Mapping[str, str] = table.options.get("columns", {})
    var = metadata.get(found.get(roles.CONTENTS, ""))
    if not columns or var is None or not var.texts:
        return []
    have = {tables.clean_name(t).lower() for t in (*var.texts, *(var.values or ()))}
    wanted = {
        c: {tables.clean_name(c).lower(), tables.clean_name(label).lower()} for c, label in columns.items()
    }
    required = table.options.get("required", list(columns))
    return [c for c in required if not wanted.get(c, {c.lower()}) & have]


def check_table(
    table: StatFinTable,
    base_url: str,
    config: RefreshConfig,
    pacer: split.Pacer,
    previous: Mapping[str, Any] | None = None,
    held: int | None = None,
) -> TableCheck:
    """Read one table's metadata and resolve its entry against it; offline errors go up."""
    result = TableCheck(table.key, table.path)
    try:
        metadata, resolved = pxweb.read_metadata(table, base_url, config.http, pacer)
    except http.OfflineError:
        raise
    except http.FetchError as exc:
        result.problems.append(str(exc))
        return result
    except split.QueryError as exc:
        result.found = True
        result.problems.append(str(exc))
        return result
    result.found = True
    result.info = pxweb.table_info(table, resolved, metadata)
    missing = missing_labels(table, metadata, resolved.roles)
    if missing:
        result.problems.append(
            f"StatFin {table.key}: no content of the table is labelled as the key figure(s) {', '.join(missing)} "
            "(matched by label); update the columns table of the entry in data/catalogue/refresh.toml"
        )
    result.notes = compare(result.info, previous, held)
    return result


def check_all(
    config: RefreshConfig,
    status: Mapping[str, Any],
    provenance: pd.DataFrame | None,
    log: Callable[[str], None] = print,
) -> list[TableCheck]:
    """Check every StatFin table of the configuration (and that Sotkanet answers), printing as it goes."""
    http.check_reachable(config.statfin_url, timeout=min(3.0, config.http.timeout))
    pacer = split.Pacer(0, 0)
    limits = split.fetch_limits(config.statfin_url, config.statfin_limits, config.http, pacer)
    pacer = split.Pacer(limits.max_calls, limits.time_window)
    log(f"checking {len(config.tables)} StatFin table(s) at {config.statfin_url} (metadata only)")
    seen = status.get("tables", {}) if isinstance(status, Mapping) else {}
    held = held_years(provenance)
    checks = []
    for table in config.tables:
        check = check_table(
            table, config.statfin_url, config, pacer, seen.get(table.key), held.get(table.raw_file)
        )
        for line in check.lines():
            log(line)
        checks.append(check)
    if config.sotkanet:
        sotkanet = TableCheck("sotkanet", f"{config.sotkanet_url}/regions")
        try:
            regions = http.get_json(f"{config.sotkanet_url}/regions", **config.http.kwargs())
            sotkanet.found = isinstance(regions, list) and bool(regions)
            if not sotkanet.found:
                sotkanet.problems.append("the regions list is empty or not a list")
        except http.OfflineError:
            raise
        except http.FetchError as exc:
            sotkanet.problems.append(str(exc))
        log(f"Sotkanet ({sotkanet.path}): {'answers' if sotkanet.found else 'NOT ANSWERING'}")
        for problem in sotkanet.problems:
            log(f"  PROBLEM: {problem}")
        checks.append(sotkanet)
    return checks


def summary(checks: Sequence[TableCheck]) -> str:
    bad = [c.key for c in checks if not c.ok]
    changed = [c.key for c in checks if c.notes]
    text = f"{len(checks) - len(bad)} of {len(checks)} sources usable"
    if changed:
        text += f"; changed: {', '.join(changed)}"
    if bad:
        text += f"; PROBLEMS in: {', '.join(bad)} — fix data/catalogue/refresh.toml before refreshing"
    return text
