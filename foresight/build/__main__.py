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
    diak,
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
    statfin2026,
)
from foresight.build.common import (
    RULE_COUNTS,
    SOURCE_FILE,
    ZERO_MEANS_MISSING,
    check_observations,
    long,
    newest_wins,
    tag,
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


# The raw file(s) and edition of the steps that read one source each (the newer steps tag their own rows).
STEP_SOURCES = {
    "labour": ("unemployment_vacancies_monthly_2006_2019_kt162r.csv.gz", "2019-10"),
    "migration": ("migration_1990_2017_kt162r.csv.gz", "2019-03"),
    "sotkanet": ("sotkanet_municipal_indicators_1990_2012_long.csv.gz", "2013-09-08"),
    "elections": ("municipal_election_2021_voters_turnout_by_sex_12x4.csv", "2021-06"),
    "emissions": ("ghg_emissions_syke_alas_hinku_pohjois_karjala_13munis_1990_2005_2024.csv", "2025"),
    "density": ("municipality_boundaries_2023_nls_4500k.geojson", "2023"),
}


def tagged(step: str, obs: pd.DataFrame) -> pd.DataFrame:
    """A step's observations with their source file and edition (kept where the step set them)."""
    if SOURCE_FILE in obs.columns:
        return obs
    return tag(obs, *STEP_SOURCES[step])


def build(out: Path) -> dict[str, int]:
    """Run every step and write the snapshot into `out`; returns row counts."""
    started = time.perf_counter()
    RULE_COUNTS.clear()
    pop = population.run()
    geo, land = boundaries.run()
    pop_obs = pop[list(OBS_COLUMNS)]
    steps = {
        "population": pop,
        "keyfigures": keyfigures.run(),
        "labour": labour.run(),
        "migration": migration.run(),
        "sotkanet": sotkanet.run(),
        "finance": finance.run(),
        "finance2019": finance.run_2019(),
        "elections": elections.run(pop_obs),
        "emissions": emissions.run(),
        "density": density(pop_obs, land),
        "statfin2026": statfin2026.run(),
        "diak": diak.run(),
    }
    combined = pd.concat([tagged(name, obs) for name, obs in steps.items()], ignore_index=True)
    # One rule for overlapping editions: the newest edition's figure wins (the publisher's revision).
    observations, provenance = newest_wins(combined)
    check_observations(observations, "all steps")
    # Zeros that mean "missing", checked against a related indicator, on every source that feeds them.
    for indicator, related, condition, rule in ZERO_MEANS_MISSING:
        observations, n = zero_means_missing(observations, indicator, related, condition)
        RULE_COUNTS[f"{indicator}: {rule}"] += n
    observations = observations.sort_values([INDICATOR, MUNICIPALITY, YEAR]).reset_index(drop=True)
    tables = {
        "municipalities": register.run(population.latest(pop_obs), land),
        "indicators": catalogue.run(observations, periods=statfin2026.periods()),
        "observations": observations,
        "official_projections": projections.run(),
        "past_projections": projections.run_past(),
        "network_groups": network.run(),
        "provenance": catalogue.credit_provenance(provenance),
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
