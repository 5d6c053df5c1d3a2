"""The refresh pipeline: fetch → convert to raw files → rebuild into a temporary folder → report → replace."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import pandas as pd

from foresight import datastatus
from foresight.build import common
from foresight.refresh import http, pxweb, sotkanet, split
from foresight.refresh.config import RefreshConfig
from foresight.refresh.convert import line_ending, write_raw
from foresight.refresh.report import ChangeReport, compare_snapshots
from foresight.snapshot import SnapshotError, load_snapshot, snapshot_dir

LOG = logging.getLogger("foresight.refresh")
WORK_ROOT = Path(__file__).resolve().parents[2] / "build-tmp"
MAX_ROW_LOSS = 0.05  # a refresh that drops more than 5 % of the observations is a broken source, not news


class RefreshError(RuntimeError):
    """The refresh stopped; the snapshot was left as it was. `stage` says where it stopped."""

    def __init__(self, message: str, stage: str) -> None:
        super().__init__(message)
        self.stage = stage


Raw: TypeAlias = pd.DataFrame | bytes  # a converted raw file, or an answer kept as it came (PxWeb json)


@dataclass
class Progress:
    """How far a fetch got: raw files done, the one being fetched, and what each table looked like."""

    done: list[str] = field(default_factory=list)
    current: str = ""
    tables: dict[str, dict] = field(default_factory=dict)


@dataclass
class RefreshResult:
    """What a refresh did."""

    replaced: bool
    report: ChangeReport
    work: Path
    raw_files: list[str] = field(default_factory=list)
    previous: Path | None = None
    changed_files: list[str] = field(default_factory=list)  # raw files that differ from the shipped ones


def fetch_all(
    config: RefreshConfig, responses: Path | None = None, progress: Progress | None = None
) -> dict[str, Raw]:
    """Fetch and convert every configured table: raw file name → frame. Raises on the first problem.

    `responses` keeps each body the converters read: for a StatFin table fetched in pieces (over the API's cell
    limit) that is the merged dataset, not the pieces, so converting the kept file gives the same raw file.
    """
    frames: dict[str, Raw] = {}
    progress = progress if progress is not None else Progress()
    urls = [config.statfin_url] if config.tables else []
    urls += [config.sotkanet_url] if config.sotkanet else []
    for url in urls:  # fail in seconds, not after the resolver's own long timeouts
        http.check_reachable(url, timeout=min(3.0, config.http.timeout))

    def keep(name: str, body: bytes) -> bytes:
        if responses is not None:
            responses.mkdir(parents=True, exist_ok=True)
            (responses / name).write_bytes(body)
        return body

    if config.tables:
        # One pacer for every StatFin request, so the whole run stays within the API's calls per time window.
        pacer = split.Pacer(0, 0)
        limits = split.fetch_limits(config.statfin_url, config.statfin_limits, config.http, pacer)
        pacer = split.Pacer(limits.max_calls, limits.time_window)
        pacer.wait()  # the config request counts too
    for table in config.tables:
        progress.current = table.raw_file
        info: dict = {}
        fetched = pxweb.fetch(table, config.statfin_url, config.http, limits=limits, pacer=pacer, info=info)
        progress.tables[table.key] = info
        body = keep(f"statfin_{table.key}.json", fetched)
        frames[table.raw_file] = pxweb.convert(table, body)
        progress.done.append(table.raw_file)
    if config.sotkanet:
        regions = keep("sotkanet_regions.json", sotkanet.fetch_regions(config.sotkanet_url, config.http))
        fmt = config.sotkanet_format
        for spec in config.sotkanet:
            progress.current = spec.raw_file
            bodies = {}
            for indicator, _ in spec.variables:
                name = (
                    f"sotkanet_{spec.key}.{fmt}"
                    if len(spec.variables) == 1
                    else f"sotkanet_{indicator}.{fmt}"
                )
                fetched = sotkanet.fetch(spec, config.sotkanet_url, fmt, config.http, indicator)
                bodies[indicator] = keep(name, fetched)
            converted = sotkanet.convert(spec, bodies, regions, fmt)
            frames[spec.raw_file] = sotkanet.with_unfetched(converted, common.raw_dir() / spec.raw_file)
            progress.done.append(spec.raw_file)
    progress.current = ""
    return frames


def _differs(a: Path, b: Path) -> bool:
    return a.read_bytes() != b.read_bytes()


def _own_folder(folder: Path, sub: Path) -> None:
    """Make `folder/sub` a real folder of links (not a link to the shipped one), so nothing is written through."""
    target = folder / sub
    if target.is_symlink():
        source = target.resolve()
        target.unlink()
        target.mkdir(parents=True)
        for path in sorted(source.iterdir()):
            (target / path.name).symlink_to(path.resolve())
    target.mkdir(parents=True, exist_ok=True)


def stage_raw(frames: Mapping[str, Raw], folder: Path, shipped: Path | None = None) -> Path:
    """A raw folder for the build: links to the shipped raw files, with the refreshed ones written over them.

    A raw file in a subfolder (statfin_exports_2026/…) gets a folder of its own, its other files linked.
    """
    shipped = shipped or common.raw_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(shipped.iterdir()):
        link = folder / path.name
        if (path.is_file() or path.is_dir()) and not link.exists():
            try:
                link.symlink_to(path.resolve())
            except OSError:
                if path.is_dir():
                    shutil.copytree(path, link)
                else:
                    shutil.copy2(path, link)
    for name, frame in frames.items():
        if Path(name).parent != Path("."):
            _own_folder(folder, Path(name).parent)
        if isinstance(frame, bytes):
            tmp = folder / f"{name}.part"
            tmp.write_bytes(frame)
            tmp.replace(folder / name)  # replaces a link to the shipped file, never writes through it
        else:
            write_raw(frame, folder / name, line_ending(shipped / name))
    # What was fetched now is the newest edition of its figures (the build's newest-wins rule reads this).
    target = folder / common.EDITIONS_FILE
    editions = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
    # A file fetched unchanged keeps its shipped edition, so an identical refresh changes nothing.
    changed = [n for n in frames if not (shipped / n).exists() or _differs(folder / n, shipped / n)]
    editions |= dict.fromkeys(changed, dt.date.today().isoformat())
    target.unlink(missing_ok=True)  # never write through a link into the shipped folder
    target.write_text(json.dumps(editions, indent=1, sort_keys=True), encoding="utf-8")
    return folder


@contextmanager
def using_raw(folder: Path) -> Iterator[None]:
    """Point the build steps at another raw folder for the duration (cached raw reads are kept per folder)."""
    previous = os.environ.get(common.RAW_ENV)
    os.environ[common.RAW_ENV] = str(folder)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(common.RAW_ENV, None)
        else:
            os.environ[common.RAW_ENV] = previous


def build_snapshot(raw_folder: Path, out: Path) -> None:
    """Run every build step and its sanity checks on a raw folder, writing a snapshot into `out`."""
    from foresight.build.__main__ import build

    with using_raw(raw_folder):
        build(out)


def check_new(report: ChangeReport, new_dir: Path) -> None:
    """Checks beyond the build's: the loader reads the result, and nothing large vanished."""
    try:
        load_snapshot(new_dir)
    except SnapshotError as exc:
        raise RefreshError(f"the rebuilt snapshot does not load: {exc}", "check") from None
    if report.removed_indicators:
        raise RefreshError(f"indicators would disappear: {', '.join(report.removed_indicators)}", "check")
    if report.removed_municipalities:
        raise RefreshError(
            f"municipalities would disappear: {', '.join(report.removed_municipalities)}", "check"
        )
    if report.old_rows and report.removed_rows > MAX_ROW_LOSS * report.old_rows:
        raise RefreshError(
            f"{report.removed_rows} of {report.old_rows} observations would disappear (limit {MAX_ROW_LOSS:.0%})",
            "check",
        )


def replace_snapshot(new_dir: Path, target: Path, keep_previous: Path | None = None) -> Path | None:
    """Swap the new snapshot in with renames on the target's own filesystem; roll back on failure."""
    token = f"{os.getpid()}-{dt.datetime.now():%H%M%S%f}"
    staging = target.parent / f".{target.name}.incoming-{token}"
    previous = target.parent / f".{target.name}.previous-{token}"
    shutil.copytree(new_dir, staging)
    try:
        os.replace(target, previous)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        os.replace(staging, target)
    except OSError:
        os.replace(previous, target)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if keep_previous is None:
        shutil.rmtree(previous, ignore_errors=True)
        return None
    keep_previous.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(previous), keep_previous)
    return keep_previous


def _outcomes(config: RefreshConfig, progress: Progress, failed: bool) -> dict[str, str]:
    """Per raw file of a failed run: the one being fetched failed, the others were not applied."""
    files = [t.raw_file for t in config.tables] + [s.raw_file for s in config.sotkanet]
    out = dict.fromkeys(files, datastatus.NOT_APPLIED)
    if failed and progress.current:
        out[progress.current] = datastatus.FAILED
    return out


def refresh(
    config: RefreshConfig,
    *,
    dry_run: bool = False,
    target: Path | None = None,
    work: Path | None = None,
    build: Callable[[Path, Path], None] = build_snapshot,
    log: Callable[[str], None] = print,
    status: Path | None = None,
) -> RefreshResult:
    """Fetch, rebuild in a temporary folder, report, and replace `target` only if every check passes.

    Every run that is not a dry run records its outcome in the status file (foresight.datastatus; beside the
    snapshot folder unless `status` says otherwise), on success and on failure alike.
    """
    target = target or snapshot_dir()
    status = status or datastatus.status_path(target)
    progress = Progress()
    try:
        result = _refresh(config, progress, dry_run=dry_run, target=target, work=work, build=build, log=log)
    except RefreshError as exc:
        if not dry_run and exc.stage != "setup":
            where = f" ({progress.current})" if progress.current and exc.stage != "build" else ""
            _record(
                status,
                ok=False,
                stage=exc.stage,
                message=f"{exc.stage}{where}: {exc}",
                outcomes=_outcomes(
                    config, progress, exc.stage in ("network", "download", "query", "convert")
                ),
            )
        raise
    if not dry_run:
        changed = set(result.changed_files) if result.replaced else set()
        outcomes = {
            name: datastatus.UPDATED if name in changed else datastatus.UNCHANGED for name in result.raw_files
        }
        report = result.report
        message = (
            f"{report.changed_values} changed values, +{report.added_rows} new and -{report.removed_rows} "
            "removed observations"
            if result.replaced
            else "no changes"
        )
        _record(status, ok=True, message=message, outcomes=outcomes, tables=progress.tables)
    return result


def _record(path: Path, **fields: Any) -> None:
    """Write the status file; a status that cannot be written is reported, never fatal to the refresh."""
    try:
        datastatus.write_status(path, **fields)
    except OSError as exc:
        LOG.warning("  the refresh status could not be written to %s: %s", path, exc)


def _refresh(
    config: RefreshConfig,
    progress: Progress,
    *,
    dry_run: bool,
    target: Path,
    work: Path | None,
    build: Callable[[Path, Path], None],
    log: Callable[[str], None],
) -> RefreshResult:
    work = work or WORK_ROOT / f"refresh-{dt.datetime.now():%Y%m%d-%H%M%S}"
    if not (target / "observations.parquet").exists():
        raise RefreshError(
            f"no current snapshot in {target}; build one first: python -m foresight.build", "setup"
        )
    log(f"fetching {len(config.tables)} StatFin table(s) from {config.statfin_url}")
    log(f"fetching {len(config.sotkanet)} Sotkanet indicator(s) from {config.sotkanet_url}")
    try:
        frames = fetch_all(config, work / "responses", progress)
    except http.OfflineError as exc:
        raise RefreshError(f"offline: {exc}", "network") from None
    except http.FetchError as exc:
        raise RefreshError(f"download failed: {exc}", "download") from None
    except split.QueryError as exc:  # the table no longer fits its query, or no piece fits the cell limit
        raise RefreshError(f"query not sent: {exc}", "query") from None
    except ValueError as exc:  # JsonStatError, SotkanetError, ConversionError
        raise RefreshError(f"unusable response: {exc}", "convert") from None
    for name, frame in frames.items():
        size = (
            f"{len(frame)} bytes (answer kept as it came)"
            if isinstance(frame, bytes)
            else f"{len(frame)} rows"
        )
        log(f"  {name}: {size}")
    raw_folder = stage_raw(frames, work / "raw")
    shipped = common.raw_dir()
    changed = [n for n in frames if not (shipped / n).exists() or _differs(raw_folder / n, shipped / n)]
    new_dir = work / "snapshot"
    log(f"rebuilding into {new_dir} (same build steps and sanity checks)")
    try:
        build(raw_folder, new_dir)
    except AssertionError as exc:
        raise RefreshError(f"a build check failed: {exc}", "build") from None
    except (KeyError, ValueError, TypeError) as exc:
        raise RefreshError(f"the build failed on the new data: {exc!r}", "build") from None
    report = compare_snapshots(target, new_dir)
    for line in report.lines():
        log(line)
    check_new(report, new_dir)
    result = RefreshResult(
        replaced=False, report=report, work=work, raw_files=sorted(frames), changed_files=sorted(changed)
    )
    if dry_run:
        log(f"dry run: {target} left unchanged")
    elif report.unchanged:
        log(f"nothing changed: {target} left as it was")
    else:
        result.previous = replace_snapshot(new_dir, target, work / "previous-snapshot")
        result.replaced = True
        log(f"snapshot replaced: {target} (previous kept in {result.previous})")
    return result
