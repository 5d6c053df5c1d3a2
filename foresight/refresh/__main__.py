"""Refresh the snapshot from the live APIs: `python -m foresight.refresh [--check | --dry-run] [--base-url URL]`.

Fetches the tables listed in data/catalogue/refresh.toml, converts them into the raw files the build reads,
rebuilds the snapshot in build-tmp/ through the same build steps and sanity checks, prints what changed, and
replaces data/snapshot (or $KUNTALUOTAIN_SNAPSHOT) only when every check passes.
Every run that is not a dry run records its outcome in data/refresh-status.json (shown on the data and sources
page). `--check` reads only each table's metadata and prints whether it is found and what changed.
Exit status: 0 done (or nothing to do), 1 a check failed or a response was unusable, 2 no network.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import replace
from pathlib import Path

from foresight.refresh.config import CONFIG_FILE, RefreshConfig, load_config
from foresight.refresh.run import RefreshError, refresh


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m foresight.refresh",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="fetch, rebuild and report, but replace nothing"
    )
    parser.add_argument(
        "--check", action="store_true", help="read only the tables' metadata and report; change nothing"
    )
    parser.add_argument("--base-url", help="Statistics Finland PxWeb API base (…/PxWeb/api/v1/en)")
    parser.add_argument("--sotkanet-url", help="THL Sotkanet REST base (…/rest/1.1)")
    parser.add_argument("--config", type=Path, default=CONFIG_FILE, help="refresh configuration (TOML)")
    parser.add_argument("--snapshot", type=Path, help="snapshot folder to replace (default data/snapshot)")
    parser.add_argument("--work", type=Path, help="working folder (default build-tmp/refresh-<time>)")
    parser.add_argument("--timeout", type=float, help="seconds per request")
    parser.add_argument("--retries", type=int, help="retries after 429/5xx/timeouts")
    parser.add_argument("--backoff", type=float, help="seconds before the first retry (doubled each time)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    started = time.monotonic()
    try:
        config = load_config(args.config, statfin_url=args.base_url, sotkanet_url=args.sotkanet_url)
        overrides = {
            k: getattr(args, k) for k in ("timeout", "retries", "backoff") if getattr(args, k) is not None
        }
        if overrides:
            config = replace(config, http=replace(config.http, **overrides))
        if args.check:
            return check(config, args.snapshot)
        result = refresh(config, dry_run=args.dry_run, target=args.snapshot, work=args.work)
    except RefreshError as exc:
        print(f"refresh failed ({exc.stage}): {exc}", file=sys.stderr)
        print("the snapshot was left unchanged", file=sys.stderr)
        return 2 if exc.stage == "network" else 1
    print(f"done in {time.monotonic() - started:.1f} s; responses and rebuilt files in {result.work}")
    return 0


def check(config: RefreshConfig, snapshot: Path | None) -> int:
    """--check: metadata only; 0 when every table is usable, 1 on a problem, 2 offline."""
    from foresight import datastatus
    from foresight.refresh import http
    from foresight.refresh.check import check_all, summary
    from foresight.snapshot import SnapshotError, load_table, snapshot_dir

    folder = snapshot or snapshot_dir()
    try:
        provenance = load_table("provenance", folder)
    except SnapshotError:
        provenance = None
    try:
        checks = check_all(config, datastatus.read_status(datastatus.status_path(folder)), provenance)
    except http.OfflineError as exc:
        print(f"check failed: offline: {exc}", file=sys.stderr)
        return 2
    print(summary(checks))
    return 0 if all(c.ok for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
