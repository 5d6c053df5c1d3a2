"""The municipality register of the 2026 division."""

from __future__ import annotations

import pandas as pd

from foresight.build.common import current_codes, raw, to_current
from foresight.columns import MUNICIPALITY, SIZE_CLASSES, SIZE_THRESHOLDS, URBAN_RURAL

LANGUAGE_STATUS = {
    "0": "fi",
    "1": "fi_sv",
    "2": "sv",
    "3": "sv_fi",
}  # Statistics Finland's kielisuhde codes
URBAN_RURAL_CODES = dict(zip(("1", "2", "3"), URBAN_RURAL, strict=True))  # kuntaryhmitys codes


def size_class(population: pd.Series) -> pd.Series:
    """The network's size classes: under 9 000, 9 000–45 000, over 45 000 inhabitants."""
    small, large = SIZE_THRESHOLDS
    bins = [-1, small - 1, large, float("inf")]
    return pd.cut(population, bins=bins, labels=list(SIZE_CLASSES)).astype(str)


def label_points() -> pd.DataFrame:
    """Map label point per municipality: its central locality (NLS), merged ones dropped."""
    frame = pd.read_csv(
        raw("municipality_central_localities_geofi.csv"),
        dtype={"municipality_code": str},
    )
    frame = frame[frame["municipality_code"].map(to_current) == frame["municipality_code"]]
    return frame.rename(columns={"municipality_code": "code", "lon": "label_lon", "lat": "label_lat"})[
        ["code", "label_lon", "label_lat"]
    ]


def run(latest_population: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Register: codes, names, regions, groups, latest population and size class, label point."""
    key = pd.read_csv(raw("municipality_classification_2026_geofi.csv"), dtype=str)
    out = pd.DataFrame({"code": key["kunta"]})
    for lang in ("fi", "sv", "en"):
        out[f"name_{lang}"] = key[f"municipality_name_{lang}"]
    for prefix, source in (
        ("region", "maakunta"),
        ("subregion", "seutukunta"),
        ("wellbeing_county", "hyvinvointialue"),
    ):
        out[f"{prefix}_code"] = key[f"{source}_code"]
        for lang in ("fi", "sv", "en"):
            out[f"{prefix}_{lang}"] = key[f"{source}_name_{lang}"].str.strip()
    out["urban_rural"] = key["kuntaryhmitys_code"].map(URBAN_RURAL_CODES)
    out["language_status"] = key["kielisuhde_code"].map(LANGUAGE_STATUS)
    pop = latest_population.rename(columns={MUNICIPALITY: "code"})
    out = out.merge(pop, on="code", how="left").merge(label_points(), on="code", how="left")
    # Where the NLS central-locality list lacks a municipality (Tuusula), use a point inside its area.
    inside = areas.set_index(MUNICIPALITY)
    out["label_lon"] = out["label_lon"].fillna(out["code"].map(inside["point_lon"]))
    out["label_lat"] = out["label_lat"].fillna(out["code"].map(inside["point_lat"]))
    out["population"] = out["population"].astype("int64")
    out["population_year"] = out["population_year"].astype("int64")
    out["size_class"] = size_class(out["population"])
    out = out.sort_values("code").reset_index(drop=True)
    # Checks
    assert len(out) == 308 and set(out["code"]) == set(current_codes()), "register must hold the 308 of 2026"
    assert out["code"].str.fullmatch(r"\d{3}").all(), "codes are 3-digit text"
    for col in (
        "name_fi",
        "name_sv",
        "region_fi",
        "urban_rural",
        "language_status",
        "label_lon",
        "population",
    ):
        assert out[col].notna().all(), (
            f"register: missing {col} for {out.loc[out[col].isna(), 'code'].tolist()}"
        )
    assert out["size_class"].value_counts().to_dict().keys() == set(SIZE_CLASSES), "all size classes present"
    assert out["label_lat"].between(59.5, 70.2).all(), "label points outside Finland"
    return out
