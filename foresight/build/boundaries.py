"""Municipal boundaries of the 2026 division, simplified for a whole-country map; land area."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

from foresight.build.common import current_codes, raw, to_current
from foresight.columns import MUNICIPALITY

TOLERANCE = 0.01  # degrees (~1 km): invisible on a country map, shrinks the file ~5×
DIGITS = 3  # ~100 m; finer coordinates only add bytes


def _round(coords: Any) -> Any:
    if isinstance(coords, (float, int)):
        return round(float(coords), DIGITS)
    return [_round(c) for c in coords]


def run() -> tuple[dict[str, Any], pd.DataFrame]:
    """Boundaries as a GeoJSON FeatureCollection keyed by code, and land area (km²) and an inside point per municipality."""
    source = json.loads(raw("municipality_boundaries_2023_nls_4500k.geojson").read_text(encoding="utf-8"))
    groups: dict[str, list[Any]] = {}
    areas: dict[str, float] = {}
    points: dict[str, tuple[float, float]] = {}
    for feature in source["features"]:
        props = feature["properties"]
        code = to_current(str(props["NATCODE"]).zfill(3))
        groups.setdefault(code, []).append(shape(feature["geometry"]))
        areas[code] = areas.get(code, 0.0) + float(props["LANDAREA"])
    features = []
    for code in sorted(groups):
        whole = unary_union(groups[code])
        point = whole.representative_point()
        points[code] = (round(point.x, 4), round(point.y, 4))
        geometry = whole.simplify(TOLERANCE, preserve_topology=True)
        geo = mapping(geometry)
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"code": code},
                "geometry": {
                    "type": geo["type"],
                    "coordinates": _round(geo["coordinates"]),
                },
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    land = pd.DataFrame({MUNICIPALITY: list(areas), "land_area_km2": list(areas.values())})
    land["point_lon"] = land[MUNICIPALITY].map(lambda c: points[c][0])
    land["point_lat"] = land[MUNICIPALITY].map(lambda c: points[c][1])
    # Checks
    assert set(groups) == set(current_codes()), "boundaries must cover exactly the 308 municipalities of 2026"
    size = len(json.dumps(collection, separators=(",", ":")))
    assert size < 140_000, f"simplified boundaries are {size} bytes; the map figure must stay under 150 KB"
    assert (land["land_area_km2"] > 0).all(), "every municipality has land area"
    return collection, land
