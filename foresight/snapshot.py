"""Load the built snapshot (data/snapshot/) that the app reads; nothing else reads data files."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from foresight.columns import OBS_COLUMNS, PROJ_COLUMNS

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SNAPSHOT_DIR = DATA_DIR / "snapshot"
BUILD_COMMAND = "python -m foresight.build"

# File name → the columns the app relies on. The build writes exactly these files.
TABLES: dict[str, tuple[str, ...]] = {
    "municipalities": (
        "code",
        "name_fi",
        "name_sv",
        "name_en",
        "region_code",
        "region_fi",
        "region_sv",
        "region_en",
        "subregion_code",
        "subregion_fi",
        "subregion_sv",
        "subregion_en",
        "urban_rural",
        "language_status",
        "wellbeing_county_code",
        "wellbeing_county_fi",
        "wellbeing_county_sv",
        "wellbeing_county_en",
        "population",
        "population_year",
        "size_class",
        "label_lon",
        "label_lat",
    ),
    "indicators": (
        "id",
        "theme",
        "name_fi",
        "name_sv",
        "name_en",
        "unit",
        "decimals",
        "polarity",
        "source_fi",
        "source_sv",
        "source_en",
        "licence_fi",
        "licence_sv",
        "licence_en",
        "definition_fi",
        "definition_sv",
        "definition_en",
        "caveat_fi",
        "caveat_sv",
        "caveat_en",
        "harmonisation",
        "headline",
        "first_year",
        "last_year",
        "n_municipalities",
        "latest_period",
    ),
    "observations": OBS_COLUMNS,
    # Which raw file (edition) supplied each indicator's years after the newest edition won.
    "provenance": (
        "indicator",
        "source_file",
        "edition",
        "first_year",
        "last_year",
        "n_values",
        "source_key",
        "source_fi",
        "source_sv",
        "source_en",
    ),  # fmt: skip
    "official_projections": PROJ_COLUMNS,
    # An old official edition's totals, for the track record only (edition, municipality, year, value).
    "past_projections": ("edition", "municipality", "year", "value"),
    "network_groups": (
        "group_id",
        "season",
        "period",
        "complete",
        "municipality",
        "name_in_source",
        "evidence",
        "strength",
        "source_url",
    ),
}
BOUNDARIES_FILE = "boundaries.geojson"


def snapshot_dir() -> Path:
    """The folder the app reads: data/snapshot/, or KUNTALUOTAIN_SNAPSHOT when set (read at call time)."""
    return Path(os.environ.get("KUNTALUOTAIN_SNAPSHOT", DATA_DIR / "snapshot"))


class SnapshotError(RuntimeError):
    """The snapshot is missing or unreadable; the message names the build command."""


@dataclass(frozen=True)
class Snapshot:
    """Every table the app reads, as loaded from data/snapshot/."""

    municipalities: pd.DataFrame
    indicators: pd.DataFrame
    observations: pd.DataFrame
    official_projections: pd.DataFrame
    network_groups: pd.DataFrame
    boundaries: dict[str, Any]
    provenance: pd.DataFrame | None = None


def load_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Read one snapshot table and check it has the expected columns."""
    folder = folder or snapshot_dir()
    path = folder / f"{name}.parquet"
    if not path.exists():
        raise SnapshotError(f"Snapshot file {path.name} is missing in {folder}. Rebuild it: {BUILD_COMMAND}")
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise SnapshotError(
            f"Snapshot file {path.name} cannot be read ({exc}). Rebuild it: {BUILD_COMMAND}"
        ) from exc
    missing = [c for c in TABLES[name] if c not in frame.columns]
    if missing:
        raise SnapshotError(f"Snapshot file {path.name} lacks columns {missing}. Rebuild it: {BUILD_COMMAND}")
    return frame


def load_boundaries(folder: Path | None = None) -> dict[str, Any]:
    """Read the simplified municipal boundaries (GeoJSON FeatureCollection)."""
    folder = folder or snapshot_dir()
    path = folder / BOUNDARIES_FILE
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SnapshotError(
            f"Snapshot file {path.name} is missing in {folder}. Rebuild it: {BUILD_COMMAND}"
        ) from exc
    except (OSError, ValueError) as exc:
        raise SnapshotError(
            f"Snapshot file {path.name} cannot be read ({exc}). Rebuild it: {BUILD_COMMAND}"
        ) from exc
    if data.get("type") != "FeatureCollection":
        raise SnapshotError(
            f"Snapshot file {path.name} is not a FeatureCollection. Rebuild it: {BUILD_COMMAND}"
        )
    return data


def load_snapshot(folder: Path | None = None) -> Snapshot:
    """Load the whole snapshot, raising SnapshotError with the build command on any problem."""
    folder = folder or snapshot_dir()
    return Snapshot(
        municipalities=load_table("municipalities", folder),
        indicators=load_table("indicators", folder),
        observations=load_table("observations", folder),
        official_projections=load_table("official_projections", folder),
        network_groups=load_table("network_groups", folder),
        boundaries=load_boundaries(folder),
        provenance=load_table("provenance", folder),
    )
