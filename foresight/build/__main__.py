"""Build data/snapshot/ from data/raw/: `python -m foresight.build [--out FOLDER]`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

from foresight.build import (
    boundaries,
    catalogue,
    elections,
    emissions,
    finance,
    keyfigures,
    labour,
    migration,
    network,
    population,
    projections,
    register,
    sotkanet,
)
from foresight.build.common import (
    RULE_COUNTS,
    ZERO_MEANS_MISSING,
    check_observations,
    long,
    zero_means_missing,
)
from foresight.columns import INDICATOR, MUNICIPALITY, OBS_COLUMNS, VALUE, YEAR
from foresight.snapshot import BOUNDARIES_FILE, SNAPSHOT_DIR, TABLES


def density(pop_obs: pd.DataFrame, land: pd.DataFrame) -> pd.DataFrame:
    """Inhabitants per km² of land, 2000 onwards (land area of the 2023 division)."""
    pop = pop_obs[(pop_obs[INDICATOR] == "population") & (pop_obs[YEAR] >= 2000)]
    frame = pop.merge(land[[MUNICIPALITY, "land_area_km2"]], on=MUNICIPALITY)
    frame["density"] = frame[VALUE] / frame["land_area_km2"]
    return long(frame, "population_density", "density")


def build(out: Path) -> dict[str, int]:
    """Run every step and write the snapshot into `out`; returns row counts."""
    started = time.perf_counter()
    RULE_COUNTS.clear()
    pop = population.run()
    geo, land = boundaries.run()
    steps = [pop, keyfigures.run(), labour.run(), migration.run(), sotkanet.run(), finance.run()]
    steps += [elections.run(pop), emissions.run(), density(pop, land)]
    observations = pd.concat(steps, ignore_index=True)[list(OBS_COLUMNS)]
    check_observations(observations, "all steps")
    # Zeros that mean "missing", checked against a related indicator, on every source that feeds them.
    for indicator, related, condition, rule in ZERO_MEANS_MISSING:
        observations, n = zero_means_missing(observations, indicator, related, condition)
        RULE_COUNTS[f"{indicator}: {rule}"] += n
    observations = observations.sort_values([INDICATOR, MUNICIPALITY, YEAR]).reset_index(drop=True)
    tables = {
        "municipalities": register.run(population.latest(pop), land),
        "indicators": catalogue.run(observations),
        "observations": observations,
        "official_projections": projections.run(),
        "network_groups": network.run(),
    }
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        missing = [c for c in TABLES[name] if c not in frame.columns]
        assert not missing, f"{name}: columns {missing} missing"
        # No pandas index or timestamps in the file: the same inputs give the same bytes.
        frame.to_parquet(out / f"{name}.parquet", index=False, compression="zstd")
    (out / BOUNDARIES_FILE).write_text(
        json.dumps(geo, separators=(",", ":"), ensure_ascii=False), encoding="utf-8"
    )
    counts = {name: len(frame) for name, frame in tables.items()}
    print(f"snapshot written to {out} in {time.perf_counter() - started:.1f} s: {counts}")
    for rule, n in RULE_COUNTS.items():
        print(f"  rule changed {n:>4} rows: {rule}")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--out", type=Path, default=SNAPSHOT_DIR, help="folder to write (default data/snapshot)"
    )
    args = parser.parse_args(argv)
    build(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
