"""A local PxWeb v1 server speaking Statistics Finland's interface as it is since 8 June 2026.

Short table files (`StatFin/muutl/11ae.px`), variables by code (`alue_23_20260101`, `timeperiod_y`,
`timeperiod_m`, `sukupuoli_9_20180101`, `ikaryhma_10_20180101`, `contentscode`; `Alue` kept in 12r5), content
codes partly prefixed (`vaerak-vaesto`, `muutl-vm43_netto`), a `time` flag in the metadata, eliminable
variables answered by their total, the filters all/item/top, answers in `json-stat2` or `json`, and the cell
limit (HTTP 403 "Too many values selected") of the `?config` endpoint.

Data:
- the real answers of August 2026 (data/raw/statfin_exports_2026/*.json, unmodified PxWeb `json`): 11re,
  11ra, 121w, 12bs, 14ww and 12r5 hold their newest period as answered, value strings unchanged;
- the pre-June fixtures (the real 14wx and key-figure answers, and the API-shaped TEST DATA of
  tests/refresh/api_shapes.py built from the shipped raw files) with their variables renamed to the
  post-June codes. Where both give one table (11re, 12r5) their cells are joined into one table.
TEST DATA assumptions (not seen live): the prefixes `vaenn-` on vaesto_e24 and `muutl-` on 11ae's codes
(`muutl-vm43_netto` is confirmed), the key-figure codes of 142h (invented M-codes, matched by label).
The election tables are in the archive (StatFin_Passiivi), which kept the old form: served as before.
"""

from __future__ import annotations

import fnmatch
import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from foresight.build.common import RAW_DIR
from foresight.refresh import jsonstat
from tests.refresh import api_shapes
from tests.refresh.refresh_helpers import (
    KTA_PATH,
    FakeApi,
    Reply,
    config_body,
    kta_body,
    merge_regions,
    projection_body,
    px_table,
    sotkanet_fixture,
)

EXPORTS = RAW_DIR / "statfin_exports_2026"
AREA_2026, AREA_2024, AREA_2025 = "alue_23_20260101", "alue_23_20240101", "alue_23_20250101"
YEAR, MONTH, SEX, AGE, CONTENTS = (
    "timeperiod_y",
    "timeperiod_m",
    "sukupuoli_9_20180101",
    "ikaryhma_10_20180101",
    "contentscode",
)
MISSING = ".."


@dataclass
class Var:
    """A variable of a served table."""

    code: str
    text: str
    values: list[str]
    texts: dict[str, str] = field(default_factory=dict)
    time: bool = False
    elimination: bool = False
    total: str | None = None  # the value an eliminated variable is answered with


@dataclass
class Part:
    """Cells of a table in long form (one column per variable code, then `value`) with the variables' texts."""

    frame: pd.DataFrame
    texts: dict[str, str]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)


def from_answer(name: str) -> Part:
    """A real August 2026 answer (PxWeb `json`): keyed variables plus `contentscode`, value strings kept."""
    doc = json.loads((EXPORTS / name).read_text(encoding="utf-8-sig"))
    keyed = [c for c in doc["columns"] if c["type"] != "c"]
    contents = [c for c in doc["columns"] if c["type"] == "c"]
    records = []
    for row in doc["data"]:
        key = dict(zip([c["code"] for c in keyed], row["key"], strict=True))
        for column, value in zip(contents, row["values"], strict=True):
            records.append({**key, CONTENTS: column["code"], "value": value})
    texts = {c["code"]: c["text"] for c in keyed} | {CONTENTS: "Tiedot"}
    labels = {CONTENTS: {c["code"]: c["text"] for c in contents}}
    meta = (doc.get("metadata") or [{}])[0]
    return Part(pd.DataFrame.from_records(records), texts, labels, dict(meta))


def from_jsonstat(
    body: bytes,
    renames: Mapping[str, str],
    *,
    prefix: str = "",
    pad_ages: str | None = None,
    texts: Mapping[str, str] | None = None,
) -> Part:
    """A pre-June JSON-stat answer with its variables renamed to the post-June codes (TEST DATA)."""
    data = jsonstat.parse(body, allow_empty=True)
    frame = data.frame.rename(columns=dict(renames))
    labels = {renames.get(d, d): dict(v) for d, v in data.labels.items()}
    if prefix:
        frame[CONTENTS] = prefix + frame[CONTENTS]
        labels[CONTENTS] = {prefix + k: v for k, v in labels.get(CONTENTS, {}).items()}
    if pad_ages:
        pad = {a: (a.zfill(3) if a.isdigit() else a) for a in frame[pad_ages].unique()}
        frame[pad_ages] = frame[pad_ages].map(pad)
    frame = frame.dropna(subset=["value"])
    names = {renames.get(d, d): data.dimension_labels.get(d, d) for d in data.dimensions}
    return Part(frame, {**names, **(texts or {})}, labels)


class PostTable:
    """A table as the post-June PxWeb serves it: metadata with codes and a `time` flag, any query answered."""

    def __init__(self, variables: Sequence[Var], parts: Sequence[Part], contents: str = CONTENTS) -> None:
        self.variables = list(variables)
        self.contents = contents
        self.meta = next((p.meta for p in parts if p.meta), {"label": "", "updated": "", "source": ""})
        frames = []
        for part in parts:
            frame = part.frame.copy()
            for var in self.variables:
                if var.code not in frame:
                    frame[var.code] = var.total
            frames.append(frame[[v.code for v in self.variables] + ["value"]])
        long = pd.concat(frames, ignore_index=True)
        for var in self.variables:
            seen = list(dict.fromkeys(long[var.code]))
            var.values = sorted(seen) if var.time else seen
            for part in parts:
                for code, text in part.labels.get(var.code, {}).items():
                    var.texts.setdefault(code, text)
        self.positions = [{v: i for i, v in enumerate(var.values)} for var in self.variables]
        self.cube = np.full([len(v.values) for v in self.variables], None, dtype=object)
        index = tuple(
            long[v.code].map(pos).to_numpy() for v, pos in zip(self.variables, self.positions, strict=True)
        )
        self.cube[index] = long["value"].to_numpy()

    def var(self, code: str) -> Var:
        return next(v for v in self.variables if v.code == code)

    def rename(self, old: str, new: str) -> None:
        """TEST DATA: the publisher renames a variable (metadata and answers alike)."""
        self.var(old).code = new
        if self.contents == old:
            self.contents = new

    def recode(self, code: str, old: str, new: str | None) -> None:
        """TEST DATA: a value's code changes (a content code gains or loses its prefix), or it goes (None)."""
        var = self.var(code)
        at = var.values.index(old)
        if new is None:
            var.values.pop(at)
            axis = self.variables.index(var)
            self.cube = np.delete(self.cube, at, axis=axis)
        else:
            var.values[at] = new
            var.texts[new] = var.texts.pop(old, new)
        self.positions = [{v: i for i, v in enumerate(x.values)} for x in self.variables]

    def metadata(self) -> dict:
        return {
            "title": self.meta.get("label", ""),
            "variables": [
                {"code": v.code, "text": v.text, "values": v.values,
                 "valueTexts": [v.texts.get(c, c) for c in v.values], "elimination": v.elimination, "time": v.time}
                for v in self.variables
            ],
        }  # fmt: skip

    def answer(self, body: bytes, max_cells: int | None) -> Reply:
        request = json.loads(body)
        query = {q["code"]: q["selection"] for q in request["query"]}
        fmt = request.get("response", {}).get("format", "json")
        if set(query) - {v.code for v in self.variables}:
            return Reply(400, b'{"error":"Parameter error"}')
        picks: list[list[str]] = []
        kept: list[bool] = []
        cells = 1
        for var in self.variables:
            selection = query.get(var.code)
            if selection is None:
                if var.elimination:
                    chosen, keep = [var.total or var.values[0]], False
                else:
                    chosen, keep = list(var.values), True
            else:
                keep, wanted = True, [str(v) for v in selection["values"]]
                kind = selection["filter"]
                if kind == "all":
                    chosen = [v for v in var.values if any(fnmatch.fnmatchcase(v, p) for p in wanted)]
                elif kind == "item":
                    if set(wanted) - set(var.values):
                        return Reply(
                            400,
                            f'{{"error":"The request for variable \'{var.code}\' has an error"}}'.encode(),
                        )
                    chosen = [v for v in var.values if v in set(wanted)]
                elif kind == "top":
                    chosen = var.values[-int(wanted[0]) :]
                else:
                    return Reply(400, b'{"error":"filter not supported by the test server"}')
            cells *= len(chosen)
            picks.append(chosen)
            kept.append(keep)
        if max_cells is not None and cells > max_cells:
            return Reply(403, b'{"error":"Too many values selected"}')
        positions = [[pos[c] for c in chosen] for pos, chosen in zip(self.positions, picks, strict=True)]
        cube = self.cube[np.ix_(*positions)]
        variables = [v for v, k in zip(self.variables, kept, strict=True) if k]
        chosen_kept = [c for c, k in zip(picks, kept, strict=True) if k]
        cube = cube.reshape([len(c) for c in chosen_kept])
        if fmt == "json-stat2":
            return Reply(body=self._jsonstat(variables, chosen_kept, cube))
        if fmt == "json":
            return Reply(body=self._json(variables, chosen_kept, cube))
        return Reply(400, b'{"error":"format not supported by the test server"}')

    def _jsonstat(self, variables: list[Var], chosen: list[list[str]], cube: np.ndarray) -> bytes:
        times = [v.code for v in variables if v.time]
        doc = {
            "version": "2.0", "class": "dataset", "label": self.meta.get("label", ""),
            "source": self.meta.get("source", ""), "updated": self.meta.get("updated", ""),
            "id": [v.code for v in variables], "size": [len(c) for c in chosen],
            "dimension": {
                v.code: {"label": v.text, "category": {"index": {c: i for i, c in enumerate(cs)},
                                                        "label": {c: v.texts.get(c, c) for c in cs}}}
                for v, cs in zip(variables, chosen, strict=True)
            },
            "role": {"time": times, "metric": [v.code for v in variables if v.code == self.contents]},
            "value": [_number(x) for x in cube.ravel().tolist()],
        }  # fmt: skip
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")

    def _json(self, variables: list[Var], chosen: list[list[str]], cube: np.ndarray) -> bytes:
        at = next(i for i, v in enumerate(variables) if v.code == self.contents)
        keyed = [v for i, v in enumerate(variables) if i != at]
        columns = [{"code": v.code, "text": v.text, "type": "t" if v.time else "d"} for v in keyed]
        columns += [{"code": c, "text": variables[at].texts.get(c, c), "type": "c"} for c in chosen[at]]
        moved = np.moveaxis(cube, at, -1)
        keys = [c for i, c in enumerate(chosen) if i != at]
        data = []
        for key, values in zip(itertools.product(*keys), moved.reshape(-1, len(chosen[at])), strict=True):
            data.append({"key": list(key), "values": [_text(x) for x in values]})
        doc = {"columns": columns, "comments": [], "data": data, "metadata": [dict(self.meta)]}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _number(value: object) -> float | None:
    if value is None or (isinstance(value, str) and value.strip() in {"..", "...", "-", "."}):
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    return float(value)  # type: ignore[arg-type]


def _text(value: object) -> str:
    number = _number(value)
    if isinstance(value, str):
        return value
    if number is None:
        return MISSING
    return str(int(number)) if number.is_integer() else repr(number)


def _v(code: str, text: str, *, time: bool = False, total: str | None = None) -> Var:
    return Var(code, text, [], time=time, elimination=total is not None, total=total)


@cache
def _parts() -> dict[str, list[Part]]:
    """The served tables' cells (built once per test session: the largest takes a few seconds)."""
    fixtures_11re = from_jsonstat(
        api_shapes.population_11re(),
        {"Alue": AREA_2026, "Vuosi": YEAR, "Ikä": AGE},
        pad_ages=AGE,
        texts={AREA_2026: "Alue", YEAR: "Vuosi", AGE: "Ikä"},
    )
    fixtures_11re.frame[SEX] = "SSS"
    fixtures_11re.frame[CONTENTS] = "vaerak-vaesto"
    return {
        "11re": [fixtures_11re, from_answer("sex_register_kunnat_11re.json")],
        "12r5": [
            from_jsonstat(
                api_shapes.labour(),
                {"Kuukausi": MONTH, "Tiedot": CONTENTS},
                texts={"Alue": "Alue", MONTH: "Kuukausi", CONTENTS: "Tiedot"},
            ),
            from_answer("unemployment_register_kunnat_12r5.json"),
        ],
    }


def tables() -> dict[str, PostTable]:
    """Path (under /statfin/) → served table, fresh for each test (faults edit them)."""
    parts = _parts()
    out = {
        "StatFin/vaerak/11re.px": PostTable(
            [_v(AREA_2026, "Alue"), _v(SEX, "Sukupuoli", total="SSS"), _v(AGE, "Ikä", total="SSS"),
             _v(YEAR, "Vuosi", time=True), _v(CONTENTS, "Tiedot")],
            parts["11re"],
        ),
        "StatFin/tyonv/12r5.px": PostTable(
            [_v("Alue", "Alue"), _v(MONTH, "Kuukausi", time=True), _v(CONTENTS, "Tiedot")], parts["12r5"]
        ),
        "StatFin/vaenn/14wx.px": PostTable(
            [_v(AREA_2024, "Alue"), _v(YEAR, "Vuosi", time=True), _v(SEX, "Sukupuoli", total="SSS"),
             _v(AGE, "Ikä", total="SSS"), _v(CONTENTS, "Tiedot")],
            [from_jsonstat(projection_body(), {"Alue": AREA_2024, "Vuosi": YEAR, "Sukupuoli": SEX, "Ikä": AGE,
                                               "Tiedot": CONTENTS}, prefix="vaenn-")],
        ),
        "Kuntien_avainluvut/uusin/142h.px": PostTable(
            [_v(AREA_2025, "Alue"), _v(CONTENTS, "Tiedot"), _v(YEAR, "Vuosi", time=True)],
            [from_jsonstat(api_shapes.key_figures(), {"Alue": AREA_2025, "Tiedot": CONTENTS, "Vuosi": YEAR})],
        ),
        "StatFin/muutl/11ae.px": PostTable(
            [_v(AREA_2026, "Alue"), _v(YEAR, "Vuosi", time=True), _v(CONTENTS, "Tiedot")],
            [from_jsonstat(api_shapes.migration(), {"Alue": AREA_2026, "Vuosi": YEAR, "Tiedot": CONTENTS},
                           prefix="muutl-")],
        ),
    }  # fmt: skip
    for path, name, area in (
        ("StatFin/vaerak/11ra.px", "age_register_kunnat_11ra.json", AREA_2026),
        ("StatFin/ssaaty/121w.px", "population_register_kunnat_121w.json", AREA_2026),
        ("StatFin/vkour/12bs.px", "education_register_kunnat_12bs.json", AREA_2026),
        ("StatFin/tjt/14ww.px", "income_register_kunnat_14ww.json", AREA_2025),
    ):
        part = from_answer(name)
        year = next(c for c in part.frame.columns if c.startswith("timeperiod"))
        out[path] = PostTable(
            [_v(area, part.texts[area]), _v(year, "Vuosi", time=True), _v(CONTENTS, "Tiedot")], [part]
        )
    return out


def serve_post_june(api: FakeApi) -> dict[str, PostTable]:
    """Routes for a complete refresh against the post-June interface; returns the tables by path."""
    data, regions = sotkanet_fixture()
    api.set("/statfin/", Reply(body=config_body()))
    api.max_cells = 100_000
    api.tables[KTA_PATH] = px_table(kta_body(), "kta_key_figures")  # not a StatFin table: unchanged
    served = tables()
    for path, table in served.items():
        api.tables[f"/statfin/{path}"] = table  # type: ignore[assignment]
    for key, make in (
        ("election_turnout_2021", api_shapes.turnout),
        ("election_candidates_2021", api_shapes.candidates),
    ):
        api.tables[f"/statfin/{api_shapes.table(key).path}"] = px_table(make(), key)  # the archive: old form
    dump, dump_regions = api_shapes.sotkanet_dump()
    api.set("/sotkanet/regions", Reply(body=merge_regions(regions, dump_regions)))
    api.set("/sotkanet/json", Reply(body=data))
    for indicator, body in dump.items():
        suffix = "&years=1990" if indicator == 127 else ""
        api.set(f"/sotkanet/json?indicator={indicator}{suffix}", Reply(body=body))
    return served


def path_of(key: str) -> str:
    """The served URL path of a refresh.toml entry."""
    return f"/statfin/{api_shapes.table(key).path}"


__all__ = ["PostTable", "Path", "path_of", "serve_post_june", "tables"]
