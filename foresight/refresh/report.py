"""What a refresh would change: new and removed years, municipalities and rows, and changed values."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from foresight.columns import EDITION, INDICATOR, MUNICIPALITY, OBS_COLUMNS, VALUE, YEAR
from foresight.snapshot import load_table

EXAMPLES = 5


@dataclass
class ChangeReport:
    """Differences between the current snapshot and a freshly built one."""

    new_years: dict[str, list[int]] = field(default_factory=dict)
    removed_years: dict[str, list[int]] = field(default_factory=dict)
    new_municipalities: list[str] = field(default_factory=list)
    removed_municipalities: list[str] = field(default_factory=list)
    new_indicators: list[str] = field(default_factory=list)
    removed_indicators: list[str] = field(default_factory=list)
    added_rows: int = 0
    removed_rows: int = 0
    changed_values: int = 0
    changed_by_indicator: dict[str, int] = field(default_factory=dict)
    examples: list[dict[str, Any]] = field(default_factory=list)
    projection_changes: dict[str, int] = field(default_factory=dict)
    old_rows: int = 0
    new_rows: int = 0

    @property
    def unchanged(self) -> bool:
        """True when nothing at all differs."""
        return not (
            self.added_rows
            or self.removed_rows
            or self.changed_values
            or any(self.projection_changes.values())
        ) and not (self.new_municipalities or self.removed_municipalities)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able form."""
        return asdict(self)

    def lines(self) -> list[str]:
        """The report as printed by `python -m foresight.refresh`."""
        out = [
            f"observations: {self.old_rows} → {self.new_rows} rows (+{self.added_rows} new, -{self.removed_rows} removed)"
        ]
        for label, years in (("new years", self.new_years), ("removed years", self.removed_years)):
            for indicator, values in sorted(years.items()):
                out.append(f"  {label}: {indicator}: {', '.join(map(str, values))}")
        for label, items in (
            ("new municipalities", self.new_municipalities),
            ("removed municipalities", self.removed_municipalities),
            ("new indicators", self.new_indicators),
            ("removed indicators", self.removed_indicators),
        ):
            if items:
                out.append(f"  {label}: {', '.join(items)}")
        by = ", ".join(
            f"{k} {v}" for k, v in sorted(self.changed_by_indicator.items(), key=lambda kv: -kv[1])
        )
        out.append(f"  changed values: {self.changed_values}" + (f" ({by})" if by else ""))
        for ex in self.examples:
            out.append(
                f"    e.g. {ex[INDICATOR]} {ex[MUNICIPALITY]} {ex[YEAR]}: {ex['old']:g} → {ex['new']:g}"
            )
        if self.projection_changes:
            parts = ", ".join(f"{k} {v}" for k, v in self.projection_changes.items())
            out.append(f"official projections: {parts}")
        if self.unchanged:
            out.append("no changes")
        return out


def _years(frame: pd.DataFrame) -> dict[str, set[int]]:
    """Years present per indicator."""
    return {k: set(v) for k, v in frame.groupby(INDICATOR)[YEAR].unique().items()}


def compare_observations(
    old: pd.DataFrame, new: pd.DataFrame, report: ChangeReport | None = None
) -> ChangeReport:
    """Fill a report with the differences of two observation tables."""
    report = report or ChangeReport()
    keys = [MUNICIPALITY, INDICATOR, YEAR]
    both = old[list(OBS_COLUMNS)].merge(
        new[list(OBS_COLUMNS)], on=keys, how="outer", suffixes=("_old", "_new"), indicator=True
    )
    report.old_rows, report.new_rows = len(old), len(new)
    report.added_rows = int((both["_merge"] == "right_only").sum())
    report.removed_rows = int((both["_merge"] == "left_only").sum())
    common = both[both["_merge"] == "both"]
    differs = ~np.isclose(common[f"{VALUE}_old"], common[f"{VALUE}_new"], rtol=1e-9, atol=1e-12)
    changed = common[differs]
    report.changed_values = int(len(changed))
    report.changed_by_indicator = {str(k): int(v) for k, v in changed[INDICATOR].value_counts().items()}
    # The largest relative changes make the most telling examples.
    rel = (changed[f"{VALUE}_new"] - changed[f"{VALUE}_old"]).abs() / changed[f"{VALUE}_old"].abs().clip(
        lower=1e-9
    )
    for _, row in changed.assign(_rel=rel).nlargest(EXAMPLES, "_rel").iterrows():
        report.examples.append(
            {
                INDICATOR: row[INDICATOR],
                MUNICIPALITY: row[MUNICIPALITY],
                YEAR: int(row[YEAR]),
                "old": float(row[f"{VALUE}_old"]),
                "new": float(row[f"{VALUE}_new"]),
            }
        )
    old_years, new_years = _years(old), _years(new)
    for indicator in sorted(old_years.keys() | new_years.keys()):
        added = sorted(new_years.get(indicator, set()) - old_years.get(indicator, set()))
        gone = sorted(old_years.get(indicator, set()) - new_years.get(indicator, set()))
        if added and indicator in old_years:
            report.new_years[indicator] = [int(y) for y in added]
        if gone and indicator in new_years:
            report.removed_years[indicator] = [int(y) for y in gone]
    report.new_indicators = sorted(new_years.keys() - old_years.keys())
    report.removed_indicators = sorted(old_years.keys() - new_years.keys())
    old_mun, new_mun = set(old[MUNICIPALITY]), set(new[MUNICIPALITY])
    report.new_municipalities = sorted(new_mun - old_mun)
    report.removed_municipalities = sorted(old_mun - new_mun)
    return report


def compare_projections(old: pd.DataFrame, new: pd.DataFrame) -> dict[str, int]:
    """Added, removed and changed rows of the official projections."""
    keys = [EDITION, MUNICIPALITY, YEAR, "age"]
    both = old.merge(new, on=keys, how="outer", suffixes=("_old", "_new"), indicator=True)
    common = both[both["_merge"] == "both"]
    return {
        "added": int((both["_merge"] == "right_only").sum()),
        "removed": int((both["_merge"] == "left_only").sum()),
        "changed": int((~np.isclose(common[f"{VALUE}_old"], common[f"{VALUE}_new"])).sum()),
    }


def compare_snapshots(old_dir: Path, new_dir: Path) -> ChangeReport:
    """The full report between two snapshot folders."""
    report = compare_observations(load_table("observations", old_dir), load_table("observations", new_dir))
    report.projection_changes = compare_projections(
        load_table("official_projections", old_dir), load_table("official_projections", new_dir)
    )
    old_reg = set(load_table("municipalities", old_dir)["code"])
    new_reg = set(load_table("municipalities", new_dir)["code"])
    report.new_municipalities = sorted(set(report.new_municipalities) | (new_reg - old_reg))
    report.removed_municipalities = sorted(set(report.removed_municipalities) | (old_reg - new_reg))
    return report
