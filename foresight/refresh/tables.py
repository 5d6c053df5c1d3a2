"""Converters for the StatFin tables behind the older raw files (key figures, migration, labour, elections, 11re).

Each takes a parsed JSON-stat dataset whose dimensions are named by their role (area, time, contents, age,
sex; foresight.refresh.roles renamed them from `Alue`/`alue_23_20260101`, `Vuosi`/`timeperiod_y` …), the entry's `options` from refresh.toml (its mapping tables: which
category becomes which column) and returns the raw file's columns in the raw file's order. Areas keep the
API's own order; anything that is not a municipality (whole country, regions) is dropped unless asked for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from foresight.refresh import jsonstat
from foresight.refresh.convert import ConversionError, check_municipality_codes
from foresight.refresh.roles import AREA, CONTENTS, TIME

CODE = "_code"
AGE, SEX = "age", "sex"  # roles of the age and sex variables (foresight.pxjson.NAMED_ROLES)


def clean_name(label: str) -> str:
    """A label as R's clean_names makes a column of it: 'Alle 15-vuotiaiden osuus väestöstä, %' → 'Alle_15_…'."""
    ascii_ = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^0-9A-Za-z]+", "_", ascii_).strip("_")
    return f"X{name}" if name[:1].isdigit() else name


# Pseudo-municipality codes of Statistics Finland's area classification (abroad, unknown): not municipalities.
# 12r5 answers 'KU199' among its areas (August 2026 answer).
NOT_MUNICIPALITIES = frozenset({"198", "199"})


def municipal_code(code: str, label: str = "") -> str | None:
    """'KU091', '091' or a label '091 Helsinki' → '091'; None for the whole country, regions, abroad/unknown."""
    for text in (code, label):
        match = re.fullmatch(r"(?:KU)?(\d{3})", text) or re.match(r"(\d{3})\s", text)
        if match:
            return None if match.group(1) in NOT_MUNICIPALITIES else match.group(1)
    return None


def _require(data: jsonstat.Dataset, dims: list[str], source: str) -> None:
    missing = [d for d in dims if d not in data.dimensions]
    if missing:
        raise ConversionError(
            f"{source}: dimension(s) {missing} missing (the table has {list(data.dimensions)}); "
            "check the table's variables and update data/catalogue/refresh.toml"
        )


def _areas(data: jsonstat.Dataset, dim: str, source: str, keep: Mapping[str, str] | None = None) -> pd.Series:
    """Area codes → 3-digit municipality codes (or a kept code such as 'SSS'); other areas become NaN."""
    labels = data.labels.get(dim, {})
    keep = keep or {}
    codes = {
        code: (code if code in keep else municipal_code(code, labels.get(code, "")))
        for code in data.frame[dim].unique()
    }
    municipal = sorted({c for c in codes.values() if c and c not in keep})
    if not municipal:
        raise ConversionError(f"{source}: no municipalities in dimension {dim!r} (empty table)")
    check_municipality_codes(municipal, source)
    return data.frame[dim].map(codes)


def _area_names(data: jsonstat.Dataset, dim: str, options: Mapping[str, Any]) -> pd.Series:
    """Area labels as the raw file spells them (the `rename_areas` table renames, e.g. the whole country)."""
    renames = options.get("rename_areas", {})
    labels = data.labels.get(dim, {})
    names = {}
    for code in data.frame[dim].unique():
        name = re.sub(r"^(KU)?\d{3}\s+", "", labels.get(code, code))
        names[code] = renames.get(name, name)
    return data.frame[dim].map(names)


def _categories(
    data: jsonstat.Dataset, dim: str, mapping: Mapping[str, str], source: str, required: bool = True
) -> pd.Series:
    """A dimension's categories → target names by `mapping` (key = the API's code or label, matched loosely)."""
    labels = data.labels.get(dim, {})
    wanted = {clean_name(k).lower(): v for k, v in mapping.items()}
    found: dict[str, str] = {}
    for code in data.frame[dim].unique():
        for key in (code, labels.get(code, "")):
            target = wanted.get(clean_name(key).lower()) if key else None
            if target is not None:
                found[code] = target
                break
    missing = sorted(set(mapping.values()) - set(found.values()))
    if missing and required:
        raise ConversionError(
            f"{source}: {dim} categories for {missing} are missing from the response "
            f"(it has {sorted(labels.values() or data.frame[dim].unique())[:8]}…); "
            "update the mapping table in data/catalogue/refresh.toml"
        )
    return data.frame[dim].map(found)


def _order(values: pd.Series) -> pd.Series:
    """Position of each value in its first-appearance order (the API's category order)."""
    return values.map({v: i for i, v in enumerate(values.unique())}).astype("int64")


def _carry_over(out: pd.DataFrame, key: str, options: Mapping[str, Any], columns: list[str]) -> pd.DataFrame:
    """Columns the API does not publish, taken from the raw file being replaced by `key` (empty when new)."""
    previous: Path | None = options.get("_previous")
    old = pd.DataFrame(columns=[key, *columns])
    if previous is not None and previous.exists():
        read = pd.read_csv(previous, dtype=str, keep_default_na=False, na_values=[""])
        if key in read and all(c in read for c in columns):
            old = read[[key, *columns]].drop_duplicates(key)
    merged = out[[key]].merge(old, on=key, how="left")
    for column in columns:
        out[column] = merged[column].to_numpy()
    return out


def key_figures_timeseries(data: jsonstat.Dataset, source: str, options: Mapping[str, Any]) -> pd.DataFrame:
    """Kuntien avainluvut (Alue × Tiedot × Vuosi) → Alue, vuosi and one ASCII-fied column per key figure."""
    _require(data, [AREA, CONTENTS, TIME], source)
    columns: dict[str, str] = dict(options["columns"])  # column → the API's label (or code)
    required = set(options.get("required", columns))
    frame = data.frame.assign(_code=_areas(data, AREA, source), _name=_area_names(data, AREA, options))
    frame = frame.dropna(subset=[CODE])
    # Match each category by its code or label; a label matches when it cleans to the column name.
    mapping = {**{label: column for column, label in columns.items()}, **{c: c for c in columns}}
    frame["_column"] = _categories(
        jsonstat.Dataset(frame, data.dimensions, data.labels), CONTENTS, mapping, source, required=False
    )
    missing = sorted(required - set(frame["_column"].dropna()))
    if missing:
        raise ConversionError(f"{source}: key figures {missing} are missing from the response")
    frame = frame.dropna(subset=["_column"])
    if frame["value"].isna().all():
        raise ConversionError(f"{source}: no values for the key figures (empty table)")
    frame["_order"] = _order(frame[CODE])
    wide = frame.pivot_table(
        index=["_order", "_name", TIME], columns="_column", values="value", aggfunc="first", dropna=False
    )
    wide = wide.dropna(how="all").reset_index().sort_values(["_order", TIME])
    out = pd.DataFrame({"Alue": wide["_name"].to_numpy(), "vuosi": wide[TIME].astype(int).to_numpy()})
    for column in columns:
        out[column] = wide[column].astype("float64").to_numpy() if column in wide else np.nan
    return out


def migration(data: jsonstat.Dataset, source: str, options: Mapping[str, Any]) -> pd.DataFrame:
    """Inter-municipal migration (Alue × Vuosi × Tiedot) → the long file migration.py reads.

    Counts come as they are; rates are count / population 31 Dec (as the raw file's builder computed them).
    """
    _require(data, [AREA, TIME, CONTENTS], source)
    counts: dict[str, str] = dict(options["counts"])  # API code → tulomuutto / lahtomuutto / nettomuutto
    population = str(options["population"])
    frame = data.frame.assign(_code=_areas(data, AREA, source), _name=_area_names(data, AREA, options))
    frame = frame.dropna(subset=[CODE])
    frame["_what"] = _categories(
        jsonstat.Dataset(frame, data.dimensions, data.labels),
        CONTENTS,
        {**counts, population: "vakiluku"},
        source,
    )
    frame["_order"] = _order(frame[CODE])
    wide = frame.dropna(subset=["_what"]).pivot_table(
        index=["_order", CODE, "_name", TIME], columns="_what", values="value", aggfunc="first"
    )
    wide = wide.dropna(subset=["vakiluku"]).reset_index().sort_values(["_order", TIME])
    if wide.empty:
        raise ConversionError(f"{source}: no population values (empty table)")
    names = list(counts.values())
    parts = []
    for name in [*names, *(f"{n}aste" for n in names)]:
        base = name.removesuffix("aste")
        values = wide[base] / wide["vakiluku"] if name.endswith("aste") else wide[base]
        parts.append(
            pd.DataFrame(
                {
                    "Alue": wide["_name"].to_numpy(),
                    "Vuosi": wide[TIME].astype(int).to_numpy(),
                    "kunta_no": wide[CODE].to_numpy(),
                    "vakiluku": wide["vakiluku"].astype("float64").to_numpy(),
                    "Tiedot": name,
                    "values": values.astype("float64").to_numpy(),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out = _carry_over(out, "kunta_no", options, ["seutukunta", "maakunta", "kuntaryhma", "aluetyyppi"])
    return out[list(options.get("column_order", out.columns))]


def labour_monthly(data: jsonstat.Dataset, source: str, options: Mapping[str, Any]) -> pd.DataFrame:
    """Employment service statistics (Alue × Kuukausi × Tiedot) → the monthly file labour.py reads."""
    _require(data, [AREA, TIME, CONTENTS], source)
    measures: dict[str, str] = dict(options["measures"])  # API code → Tyottomat / Tyovoima / …
    frame = data.frame.assign(_code=_areas(data, AREA, source), _name=_area_names(data, AREA, options))
    frame = frame.dropna(subset=[CODE])
    frame["_what"] = _categories(
        jsonstat.Dataset(frame, data.dimensions, data.labels), CONTENTS, measures, source
    )
    bad = sorted({m for m in frame[TIME].unique() if not re.fullmatch(r"\d{4}M\d{2}", m)})
    if bad:
        raise ConversionError(f"{source}: months not in the form 2019M09: {bad[:5]}")
    frame["_order"] = _order(frame[CODE])
    wide = frame.dropna(subset=["_what"]).pivot_table(
        index=["_order", CODE, "_name", TIME], columns="_what", values="value", aggfunc="first"
    )
    wide = wide.reset_index().sort_values(["_order", TIME])
    if wide.empty:
        raise ConversionError(f"{source}: no values (empty table)")
    out = pd.DataFrame({"Kunta": wide["_name"].to_numpy(), "Kuukausi": wide[TIME].to_numpy()})
    for column in measures.values():
        out[column] = wide[column].astype("float64").to_numpy() if column in wide else np.nan
    out["vuosi"] = wide[TIME].str[:4].astype("float64").to_numpy()
    out["Knro"] = wide[CODE].to_numpy()
    extra = ["Mkkoodi", "Maakunta", "Seutukuntakoodi", "Seutukunta", "Kuntaryhma", "aluetyyppi"]
    return _carry_over(out, "Knro", options, extra)


def statfin_crosstab(data: jsonstat.Dataset, source: str, options: Mapping[str, Any]) -> pd.DataFrame:
    """A StatFin CSV export: leading label columns, one row per municipality, one column per `spread` category.

    Shapes the election tables (12x4, 12xf) as the semicolon CSVs elections.py reads, areas as '091 Helsinki'.
    """
    area, spread = str(options["area"]), str(options["spread"])
    leading: list[dict[str, Any]] = list(options["leading"])
    _require(data, [area, spread, *(c["dim"] for c in leading)], source)
    frame = data.frame.assign(_code=_areas(data, area, source), _name=_area_names(data, area, options))
    frame = frame.dropna(subset=[CODE])
    view = jsonstat.Dataset(frame, data.dimensions, data.labels)
    frame["_spread"] = _categories(view, spread, dict(options["spread_columns"]), source)
    for column in leading:
        labels = column.get("labels")
        frame[column["column"]] = (
            _categories(view, column["dim"], dict(labels), source) if labels else frame[column["dim"]]
        )
    frame = frame.dropna(subset=["_spread", *(c["column"] for c in leading)])
    frame["_area"] = frame[CODE] + " " + frame["_name"]
    keys = [c["column"] for c in leading]
    order = {k: _order(frame[k]) for k in keys}
    for k in keys:
        frame[f"_o_{k}"] = order[k]
    frame["_o_area"] = _order(frame[CODE])
    index = [f"_o_{k}" for k in keys] + ["_o_area", "_area", *keys]
    wide = frame.pivot_table(index=index, columns="_spread", values="value", aggfunc="first").reset_index()
    wide = wide.sort_values([f"_o_{k}" for k in keys[:1]] + ["_o_area"] + [f"_o_{k}" for k in keys[1:]])
    if wide.empty:
        raise ConversionError(f"{source}: no values (empty table)")
    wide = wide.reset_index(drop=True)
    values = [c for c in options["column_order"] if c in wide and c not in keys]
    # Whole numbers print as 150561, and a measure with any fraction prints as 59.2 and 53.0 (as StatFin does).
    whole = wide.groupby(keys[0])[values].transform(lambda v: (v.dropna() % 1 == 0).all()).all(axis=1)
    out = pd.DataFrame(index=range(len(wide)))
    for column in options["column_order"]:
        if column == str(options.get("area_column", "Alue")):
            out[column] = wide["_area"].to_numpy()
        elif column in keys:
            out[column] = wide[column].astype(str).to_numpy()
        elif column in wide:
            out[column] = _numbers(wide[column], whole)
        else:
            out[column] = np.nan
    out.attrs["csv"] = {"sep": ";", "quote_text": True}
    return out


def _numbers(values: pd.Series, whole: pd.Series) -> np.ndarray:
    """Cells as int where the row's measure is whole numbers, else as float; missing stays empty."""
    return np.array(
        [None if v != v else int(v) if w else float(v) for v, w in zip(values, whole, strict=True)],
        dtype=object,
    )


def population_by_age(data: jsonstat.Dataset, source: str, options: Mapping[str, Any]) -> pd.DataFrame:
    """Population by age (Alue × Vuosi × Ikä) → municipality_name, year, population, population_15_64."""
    _require(data, [AREA, TIME, AGE], source)
    for dim in (SEX, CONTENTS):
        if dim in data.frame and data.frame[dim].nunique() > 1:
            raise ConversionError(
                f"{source}: expected one {dim} category, got {sorted(data.frame[dim].unique())}"
            )
    total = str(options.get("total_age", "SSS"))
    keep = {code: code for code in options.get("keep_areas", [])}
    frame = data.frame.assign(_code=_areas(data, AREA, source, keep), _name=_area_names(data, AREA, options))
    frame = frame.dropna(subset=[CODE])
    ages = frame[AGE]
    if not (ages == total).any():
        raise ConversionError(f"{source}: the age total {total!r} is missing from the response")
    numeric = ages.map({a: pd.to_numeric(a, errors="coerce") for a in ages.unique()}).astype("float64")
    frame["_order"] = _order(frame[CODE])
    group = [TIME, "_order", "_name"]
    population = frame[ages == total].groupby(group)["value"].first()
    working = frame[numeric.between(15, 64)].groupby(group)["value"].sum(min_count=1)
    if frame.loc[numeric.between(15, 64), AGE].nunique() != 50:
        raise ConversionError(f"{source}: single years of age 15–64 are not all in the response")
    wide = pd.DataFrame({"population": population, "population_15_64": working}).dropna(how="all")
    wide = wide.reset_index().sort_values([TIME, "_order"])
    if wide.empty:
        raise ConversionError(f"{source}: no values (empty table)")
    return pd.DataFrame(
        {
            "municipality_name": wide["_name"].to_numpy(),
            "year": wide[TIME].astype(int).to_numpy(),
            "population": wide["population"].astype("float64").to_numpy(),
            "population_15_64": wide["population_15_64"].astype("float64").to_numpy(),
        }
    )


CONVERTERS: dict[str, Callable[[jsonstat.Dataset, str, Mapping[str, Any]], pd.DataFrame]] = {
    "key_figures_timeseries": key_figures_timeseries,
    "migration": migration,
    "labour_monthly": labour_monthly,
    "statfin_crosstab": statfin_crosstab,
    "population_by_age": population_by_age,
}
