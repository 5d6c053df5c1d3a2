"""Refresh the snapshot from the live APIs: `python -m foresight.refresh [--dry-run] [--base-url URL]`.

Fetches the tables listed in data/catalogue/refresh.toml, converts them into the raw files the build reads,
rebuilds the snapshot in build-tmp/ through the same build steps and sanity checks, prints what changed, and
replaces data/snapshot (or $KUNTALUOTAIN_SNAPSHOT) only when every check passes.
Exit status: 0 done (or nothing to do), 1 a check failed or a response was unusable, 2 no network.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import replace
from pathlib import Path

from foresight.refresh.config import CONFIG_FILE, load_config
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
        result = refresh(config, dry_run=args.dry_run, target=args.snapshot, work=args.work)
    except RefreshError as exc:
        print(f"refresh failed ({exc.stage}): {exc}", file=sys.stderr)
        print("the snapshot was left unchanged", file=sys.stderr)
        return 2 if exc.stage == "network" else 1
    print(f"done in {time.monotonic() - started:.1f} s; responses and rebuilt files in {result.work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
