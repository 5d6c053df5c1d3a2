"""TEST DATA: API responses in the real APIs' shapes, built from the shipped raw files.

Statistics Finland's PxWeb answers JSON-stat 2.0 datasets (dimension ids, sizes, category index and label,
one dense value array in row-major order); THL's Sotkanet answers a list of {indicator, region, year, gender,
value} rows plus a /regions list. The values below are the real published figures of the raw files; codes and
labels follow the APIs' conventions (KU-prefixed municipality codes, Finnish labels), and the region ids,
Tiedot codes and the split of 15–64-year-olds over single ages are invented for the tests. Converting any of
these responses must give back the raw file's rows: a round trip that fails when a converter drifts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from itertools import product
from typing import Any

import numpy as np
import pandas as pd

from foresight.build.common import RAW_DIR, codes_by_name
from foresight.refresh.config import StatFinTable, load_config

MARIEHAMN = "Maarianhamina - Mariehamn"  # the API's label for 478; KT162R renamed it to "Maarianhamina"


def table(key: str) -> StatFinTable:
    return next(t for t in load_config().tables if t.key == key)


def sotkanet_spec(key: str):
    return next(s for s in load_config().sotkanet if s.key == key)


def dataset(
    dims: Sequence[tuple[str, Sequence[str], dict[str, str]]],
    values: dict[tuple[str, ...], float] | pd.DataFrame,
    title: str = "",
) -> dict[str, Any]:
    """A JSON-stat 2.0 dataset: dims = (id, codes in order, labels); cells missing from `values` are null."""
    ids = [d[0] for d in dims]
    if isinstance(values, pd.DataFrame):  # key columns in dimension order, then the value
        series = values.set_index(list(values.columns[:-1]))[values.columns[-1]]
        full = series.reindex(pd.MultiIndex.from_product([list(d[1]) for d in dims])).to_numpy(dtype=float)
        cells = [None if np.isnan(v) else float(v) for v in full]
    else:
        cells = []
        for key in product(*(d[1] for d in dims)):
            value = values.get(key)
            cells.append(None if value is None or (isinstance(value, float) and np.isnan(value)) else value)
    return {
        "version": "2.0",
        "class": "dataset",
        "label": title,
        "source": "Statistics Finland (TEST DATA built from the shipped raw file)",
        "updated": "2025-01-01T06:00:00Z",
        "id": ids,
        "size": [len(d[1]) for d in dims],
        "dimension": {
            dim_id: {
                "label": dim_id,
                "category": {"index": {c: i for i, c in enumerate(codes)}, "label": dict(labels)},
            }
            for dim_id, codes, labels in dims
        },
        "value": cells,
    }


def body(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _areas(names: Sequence[str], codes: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """KU codes in the raw file's order and their labels (the API spells Mariehamn in both languages)."""
    out, labels = [], {}
    for name, code in zip(names, codes, strict=True):
        out.append(f"KU{code}")
        labels[f"KU{code}"] = MARIEHAMN if code == "478" else name
    return out, labels


@cache
def key_figures() -> bytes:
    raw = pd.read_csv(RAW_DIR / "kuntien_avainluvut_2006_2016_kt162r.csv")
    names = list(raw["Alue"].unique())
    codes = [codes_by_name(2019)[n] for n in names]
    areas, area_labels = _areas(names, codes)
    areas.append("SSS")  # the whole country is in the table too; the converter drops it
    area_labels["SSS"] = "KOKO MAA"
    columns = table("key_figures_timeseries").options["columns"]
    tiedot = {f"M{100 + i}": label for i, label in enumerate(columns.values())}
    code_of = dict(zip(columns, tiedot, strict=True))
    years = [str(y) for y in sorted(raw["vuosi"].unique())]
    long = raw.melt(id_vars=["Alue", "vuosi"], var_name="column", value_name="value").dropna()
    area_of = dict(zip(names, areas[:-1], strict=True))
    values = pd.DataFrame({"a": long["Alue"].map(area_of), "t": long["column"].map(code_of),
                           "y": long["vuosi"].astype(str), "v": long["value"]})  # fmt: skip
    return body(dataset([("Alue", areas, area_labels), ("Tiedot", list(tiedot), tiedot), ("Vuosi", years, {})],
                        values, "Kuntien avainluvut"))  # fmt: skip


@cache
def migration() -> bytes:
    raw = pd.read_csv(RAW_DIR / "migration_1990_2017_kt162r.csv.gz", dtype={"kunta_no": str})
    first = raw.drop_duplicates("kunta_no")
    areas, labels = _areas(list(first["Alue"]), list(first["kunta_no"]))
    tiedot = {"vm43_tulo": "tulomuutto", "vm43_lahto": "lahtomuutto", "vm43_netto": "nettomuutto"}
    years = [str(y) for y in sorted(raw["Vuosi"].unique())]
    values: dict[tuple[str, ...], float] = {}
    counts = raw[raw["Tiedot"].isin(tiedot.values())]
    reverse = {v: k for k, v in tiedot.items()}
    for code, year, what, value, population in counts[
        ["kunta_no", "Vuosi", "Tiedot", "values", "vakiluku"]
    ].itertuples(index=False):
        values[(f"KU{code}", str(year), reverse[what])] = value
        values[(f"KU{code}", str(year), "vaesto")] = population
    tiedot_labels = {"vm43_tulo": "Kuntien välinen tulomuutto", "vm43_lahto": "Kuntien välinen lähtömuutto",
                     "vm43_netto": "Kuntien välinen nettomuutto", "vaesto": "Väkiluku"}  # fmt: skip
    return body(dataset([("Alue", areas, labels), ("Vuosi", years, {}), ("Tiedot", list(tiedot_labels), tiedot_labels)],
                        values, "Väestönmuutokset ja väkiluku alueittain"))  # fmt: skip


@cache
def labour() -> bytes:
    raw = pd.read_csv(RAW_DIR / "unemployment_vacancies_monthly_2006_2019_kt162r.csv.gz", dtype={"Knro": str})
    first = raw.drop_duplicates("Knro")
    areas, labels = _areas(list(first["Kunta"]), list(first["Knro"]))
    measures = table("labour_monthly").options["measures"]
    months = sorted(raw["Kuukausi"].unique())
    long = raw.melt(id_vars=["Knro", "Kuukausi"], value_vars=list(measures.values()))
    reverse = {column: code for code, column in measures.items()}
    values = pd.DataFrame({"a": "KU" + long["Knro"], "m": long["Kuukausi"],
                           "t": long["variable"].map(reverse), "v": long["value"]})  # fmt: skip
    return body(dataset([("Alue", areas, labels), ("Kuukausi", months, {}), ("Tiedot", list(measures), {})],
                        values, "Työnhakijat ja avoimet työpaikat kuukauden lopussa"))  # fmt: skip


# The pre-June (and archive) variable names of the roles refresh.toml names.
OLD_NAMES = {
    "area": "Alue",
    "time": "Vuosi",
    "contents": "Tiedot",
    "sex": "Sukupuoli",
    "age": "Ikä",
    "party": "Puolue",
}


def _election(name: str, key: str, area_dim: str, area_code, sex_dim: str = "Sukupuoli") -> bytes:
    """A 12x4/12xf response: the raw file's leading columns as dimensions, its value columns as sexes."""
    raw = pd.read_csv(RAW_DIR / name, sep=";", dtype=str)
    options = table(key).options
    spread = {column: code for code, column in options["spread_columns"].items()}
    dims: list[tuple[str, list[str], dict[str, str]]] = []
    keys = []
    for lead in options["leading"]:
        cats = list(raw[lead["column"]].unique())
        codes = {c: f"{lead['dim'][:2].lower()}{i}" if lead.get("labels") else c for i, c in enumerate(cats)}
        dims.append((OLD_NAMES[lead["dim"]], list(codes.values()), {v: k for k, v in codes.items()}))
        keys.append(codes)
    areas = list(raw["Alue"].unique())
    area_codes = {a: area_code(a) for a in areas}
    dims.append((area_dim, [area_codes[a] for a in areas], {area_codes[a]: a for a in areas}))
    dims.append((sex_dim, list(spread.values()), {v: k for k, v in spread.items()}))
    values: dict[tuple[str, ...], float] = {}
    for _, row in raw.iterrows():
        lead_codes = tuple(k[row[lead["column"]]] for k, lead in zip(keys, options["leading"], strict=True))
        for column, code in spread.items():
            values[(*lead_codes, area_codes[row["Alue"]], code)] = float(row[column])
    return body(dataset(dims, values, name))


@cache
def turnout() -> bytes:
    # Areas as KU codes labelled with the bare name, as most StatFin tables have them.
    return _election("municipal_election_2021_voters_turnout_by_sex_12x4.csv", "election_turnout_2021", "Alue",
                     lambda area: f"KU{area[:3]}")  # fmt: skip


@cache
def candidates() -> bytes:
    # Areas as electoral-district-prefixed codes labelled "091 Helsinki": the code is read from the label.
    # The candidates' sex variable is "Ehdokkaan sukupuoli" (public queries of the table, 2024).
    return _election("municipal_election_2021_candidates_by_sex_12xf.csv", "election_candidates_2021",
                     "Vaalipiiri ja kunta", lambda area: f"01{area[:3]}", "Ehdokkaan sukupuoli")  # fmt: skip


@cache
def population_11re() -> bytes:
    raw = pd.read_csv(RAW_DIR / "population_1972_2018_11re_kt162r.csv")
    names = list(raw["municipality_name"].unique())
    mapping = {**codes_by_name(2018), MARIEHAMN: "478"}
    codes = {n: ("SSS" if n == "KOKO MAA" else f"KU{mapping[n]}") for n in names}
    ages = ["SSS", *(str(a) for a in range(15, 65))]
    years = [str(y) for y in sorted(raw["year"].unique())]
    # The 15–64 total is put on age 15 and the other single years are 0: only their sum matters here.
    keys = pd.DataFrame({"a": raw["municipality_name"].map(codes), "y": raw["year"].astype(str)})
    parts = [keys.assign(i="SSS", v=raw["population"]), keys.assign(i="15", v=raw["population_15_64"])]
    parts += [keys.assign(i=str(age), v=0.0) for age in range(16, 65)]
    values = pd.concat(parts, ignore_index=True)
    area_labels = {code: name for name, code in codes.items()}
    return body(dataset([("Alue", list(codes.values()), area_labels), ("Vuosi", years, {}), ("Ikä", ages, {})],
                        values, "Väestö iän (1-v.) ja sukupuolen mukaan alueittain"))  # fmt: skip


@cache
def sotkanet_dump() -> tuple[dict[int, bytes], bytes]:
    """Per-indicator Sotkanet JSON bodies and a /regions body (with maakunta membership) from the dump."""
    raw = pd.read_csv(RAW_DIR / "sotkanet_municipal_indicators_1990_2012_long.csv.gz",
                      dtype={"municipality_code": str})  # fmt: skip
    spec = sotkanet_spec("municipal_indicators")
    first = raw.drop_duplicates("municipality_code")
    maakunnat = {m: 900 + i for i, m in enumerate(sorted(first["Maakunta"].unique()))}
    ids = {code: 2000 + i for i, code in enumerate(first["municipality_code"])}
    regions: list[dict[str, Any]] = [
        {"id": rid, "code": str(int(code)), "category": "KUNTA", "title": {"fi": name, "sv": name},
         "memberOf": [maakunnat[maakunta], 1]}
        for (code, rid), name, maakunta in zip(ids.items(), first["Alue"], first["Maakunta"], strict=True)
    ]  # fmt: skip
    regions += [
        {"id": rid, "code": str(rid), "category": "MAAKUNTA", "title": {"fi": m}}
        for m, rid in maakunnat.items()
    ]
    regions.append({"id": 1, "code": "SSS", "category": "MAA", "title": {"fi": "Koko maa"}})
    bodies = {}
    for indicator, name in spec.variables:
        part = raw[raw["Muuttuja"] == name]
        rows = [
            {"indicator": indicator, "region": ids[c], "year": int(y), "gender": "total", "value": float(v)}
            for c, y, v in part[["municipality_code", "Vuosi", "Arvo"]].itertuples(index=False)
        ]
        rows.append({"indicator": indicator, "region": 1, "year": 2012, "gender": "total", "value": 1.0})
        bodies[indicator] = json.dumps(rows, ensure_ascii=False).encode("utf-8")
    return bodies, json.dumps(regions, ensure_ascii=False).encode("utf-8")


STATFIN_BODIES = {
    "key_figures_timeseries": key_figures,
    "migration": migration,
    "labour_monthly": labour,
    "election_turnout_2021": turnout,
    "election_candidates_2021": candidates,
    "population_11re": population_11re,
}
