"""Map the columns of an uploaded table, validate every row, and return own data in the standard long shape."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pandas as pd

from foresight.build.common import MERGERS
from foresight.columns import INDICATOR, MUNICIPALITY, OBS_COLUMNS, VALUE, YEAR
from foresight.owndata.model import (
    MAX_MESSAGES,
    MAX_NAME_CHARS,
    OWN_PREFIX,
    SOURCE_LABEL,
    YEAR_RANGE,
    ColumnMapping,
    Message,
    UploadError,
)
from foresight.owndata.read import Table
from foresight.owndata.text import (
    clean_text,
    has_markup,
    is_formula,
    is_missing,
    parse_number,
    parse_year,
    slug,
    year_in_range,
)

SOURCE = "source"
LOG = logging.getLogger(__name__)
FORMAT_VERSION = 1
INDICATOR_COLUMNS = ("id", "name", "unit", "decimals", "first_year", "last_year", "n_municipalities", SOURCE)

# Header words (lower case, fi / sv / en) that name a role.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "municipality": ("kunta", "kuntakoodi", "kunnan nimi", "kunnan koodi", "knro", "kommun", "kommunkod",
                     "kommunnamn", "municipality", "municipality code", "code", "koodi", "alue", "area", "område"),
    "year": ("vuosi", "år", "ar", "year", "vuosi/år", "tilastovuosi"),
    "value": ("arvo", "värde", "varde", "value", "määrä", "maara", "lukumäärä", "luku", "tulos", "mängd"),
    "indicator": ("indikaattori", "mittari", "muuttuja", "tieto", "tunnusluku", "indikator", "indicator",
                  "variable", "mått", "nyckeltal"),
    "unit": ("yksikkö", "yksikko", "enhet", "unit", "mittayksikkö"),
}  # fmt: skip


@dataclass
class OwnData:
    """Validated own data: observations in the standard columns plus `source`, and their indicators."""

    observations: pd.DataFrame
    indicators: pd.DataFrame
    messages: list[Message] = field(default_factory=list)
    filename: str = ""
    rows_read: int = 0

    @property
    def errors(self) -> list[Message]:
        """Messages that block storing the data."""
        return [m for m in self.messages if m.severity == "error"]

    @property
    def ok(self) -> bool:
        """True when there is data and no error: only then may it be stored."""
        return not self.errors and not self.observations.empty

    def to_json(self) -> str:
        """Serialise for the session or a workshop (compact, deterministic)."""
        obs = self.observations.sort_values([INDICATOR, MUNICIPALITY, YEAR])
        doc = {
            "format": "kuntaluotain-owndata",
            "version": FORMAT_VERSION,
            SOURCE: SOURCE_LABEL,
            "filename": self.filename,
            "indicators": self.indicators[["id", "name", "unit", "decimals"]].to_dict("records"),
            # Whole columns to Python lists first: iterating Arrow-backed rows one by one is ~10× slower.
            "observations": [
                list(row)
                for row in zip(
                    obs[MUNICIPALITY].astype(str).tolist(),
                    obs[INDICATOR].astype(str).tolist(),
                    obs[YEAR].astype("int64").tolist(),
                    obs[VALUE].astype("float64").tolist(),
                    strict=True,
                )
            ],
        }
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, register: pd.DataFrame | None = None) -> OwnData:
        """Load stored own data, checking it again (stored JSON may have been edited)."""
        try:
            doc = json.loads(text)
            assert doc.get("format") == "kuntaluotain-owndata" and doc.get("version") == FORMAT_VERSION
            indicators = pd.DataFrame(doc["indicators"], columns=["id", "name", "unit", "decimals"])
            obs = pd.DataFrame(doc["observations"], columns=list(OBS_COLUMNS))
            assert (
                indicators["id"].str.startswith(OWN_PREFIX).all()
                and obs[INDICATOR].isin(indicators["id"]).all()
            )
            assert obs[MUNICIPALITY].str.fullmatch(r"\d{3}").all()
            if register is not None:
                assert obs[MUNICIPALITY].isin(set(register["code"])).all()
            for column in ("name", "unit"):
                texts = indicators[column].fillna("").astype(str)
                assert not texts.map(has_markup).any() and not texts.map(is_formula).any()
            assert not obs.duplicated([MUNICIPALITY, INDICATOR, YEAR]).any()
            obs[YEAR] = obs[YEAR].astype("int64")
            obs[VALUE] = obs[VALUE].astype("float64")
        except (AssertionError, KeyError, TypeError, ValueError, AttributeError):
            raise UploadError("owndata.error.stored_invalid") from None
        obs[SOURCE] = SOURCE_LABEL
        return cls(obs, _indicator_table(obs, indicators), [], str(doc.get("filename", "")), len(obs))


def municipality_lookup(register: pd.DataFrame) -> dict[str, str]:
    """Code, Finnish and Swedish name (case-insensitive) → 3-digit code."""
    lookup = {code: code for code in register["code"]}
    for column in ("name_fi", "name_sv"):
        for code, name in zip(register["code"], register[column], strict=True):
            lookup.setdefault(_key(name), code)
    return lookup


def _key(text: str) -> str:
    return clean_text(str(text)).casefold()


def resolve_municipality(cell: str, lookup: dict[str, str]) -> str | None:
    """'91', '091', 'Helsinki', 'helsingfors', '091 Helsinki', 'KU091' → '091'; None when unknown."""
    text = clean_text(cell)
    match = re.fullmatch(r"(?:KU)?(\d{1,3})(?:\.0)?(?:\s+.*)?", text, flags=re.IGNORECASE)
    if match:
        code = match.group(1).zfill(3)
        return code if code in lookup else None
    return lookup.get(text.casefold())


def guess_mapping(table: Table, register: pd.DataFrame | None = None) -> ColumnMapping | None:
    """A first guess of the mapping from header words and cell contents; None if no municipality column."""
    columns = list(table.frame.columns)
    found: dict[str, str] = {}
    for role, words in SYNONYMS.items():
        for column in columns:
            if column not in found.values() and _key(column) in words:
                found[role] = column
                break
    year_columns = tuple(
        c for c in columns if re.fullmatch(r"(?:v\.?\s*|år\s*)?\d{4}", c.strip(), re.IGNORECASE)
    )
    if "municipality" not in found and register is not None:
        lookup = municipality_lookup(register)
        sample = table.frame.head(50)
        scores = {
            c: sample[c].map(lambda v: resolve_municipality(v, lookup) is not None).mean() for c in columns
        }
        best = max(scores, key=lambda c: scores[c]) if scores else None
        if best is not None and scores[best] >= 0.5:
            found["municipality"] = best
    if "municipality" not in found:
        return None
    if year_columns and "year" not in found:
        return ColumnMapping(
            municipality=found["municipality"],
            year_columns=year_columns,
            indicator=found.get("indicator"),
            unit=found.get("unit"),
        )
    return ColumnMapping(
        municipality=found["municipality"],
        year=found.get("year"),
        value=found.get("value"),
        indicator=found.get("indicator"),
        unit=found.get("unit"),
    )


def _long(table: Table, mapping: ColumnMapping) -> pd.DataFrame:
    """The mapped columns as municipality / indicator / unit / year / value text, with the file row number."""
    frame = table.frame
    rows = pd.Series(range(2, len(frame) + 2), index=frame.index)  # header is row 1
    base = pd.DataFrame({"row": rows, "municipality": frame[mapping.municipality]})
    base["indicator"] = frame[mapping.indicator] if mapping.indicator else (mapping.indicator_name or "")
    base["unit"] = frame[mapping.unit] if mapping.unit else (mapping.unit_name or "")
    if mapping.wide:
        parts = []
        for column in mapping.year_columns:
            part = base.copy()
            part["year"] = re.sub(r"\D", "", column)
            part["value"] = frame[column]
            part["value_column"] = column
            parts.append(part)
        return pd.concat(parts, ignore_index=True).sort_values(["row"], kind="stable")
    out = base.copy()
    out["year"] = frame[mapping.year]  # type: ignore[index]
    out["value"] = frame[mapping.value]  # type: ignore[index]
    out["value_column"] = mapping.value
    return out


def _check_mapping(table: Table, mapping: ColumnMapping) -> None:
    """Every mapped column exists, and the roles a long table needs are set."""
    for column in mapping.columns():
        if column not in table.frame.columns:
            raise UploadError("owndata.error.mapping_unknown_column", column=column)
    if not mapping.wide and (not mapping.year or not mapping.value):
        raise UploadError("owndata.error.mapping_missing", field="year" if not mapping.year else "value")
    if not mapping.indicator and not (mapping.indicator_name or "").strip():
        raise UploadError("owndata.error.indicator_name_missing")
    if len(set(mapping.columns())) != len(mapping.columns()):
        raise UploadError("owndata.error.mapping_twice")


def validate(
    table: Table,
    mapping: ColumnMapping,
    register: pd.DataFrame,
    *,
    year_range: tuple[int, int] = YEAR_RANGE,
) -> OwnData:
    """Check every row and build the own-data frames; errors carry the file's row numbers."""
    _check_mapping(table, mapping)
    lookup = municipality_lookup(register)
    # Messages name municipalities in both national languages when they differ ("Helsinki / Helsingfors").
    names = {
        code: fi if fi == sv else f"{fi} / {sv}"
        for code, fi, sv in zip(register["code"], register["name_fi"], register["name_sv"], strict=True)
    }
    messages: list[Message] = list(table.messages)

    def add(key: str, row: int | None = None, severity: str = "error", **params: Any) -> None:
        messages.append(Message(key, params, row, None, severity))  # type: ignore[arg-type]

    # Texts shown on pages later: indicator names and units (and fixed names typed in the mapping).
    for label, fixed in (("indicator", mapping.indicator_name), ("unit", mapping.unit_name)):
        if fixed and (is_formula(fixed) or has_markup(fixed)):
            raise UploadError("owndata.error.unsafe_name", field=label)
    for column in table.frame.columns:
        if has_markup(column) or is_formula(column):
            raise UploadError("owndata.error.unsafe_header", column=column[:40])
    long = _long(table, mapping)
    # Cells repeat (names, years, units): every check runs once per distinct cell, values are parsed in bulk.
    unsafe = cache(_unsafe)
    clean = cache(clean_text)
    resolve = cache(lambda cell: resolve_municipality(cell, lookup))
    year_of = cache(parse_year)
    slugify = cache(slug)
    numbers = _numbers(long["value"])
    kept: list[tuple[str, str, str, int, float, int]] = []
    seen: dict[tuple[str, str, int], int] = {}
    columns = [long[c].tolist() for c in ("row", "municipality", "indicator", "unit", "year", "value")]
    rows = zip(*columns, numbers, strict=True)
    units: dict[str, str] = {}
    for row, mun_cell, ind_cell, unit_cell, year_cell, value_cell, value in rows:
        problem = None
        for label, cell in (("municipality", mun_cell), ("indicator", ind_cell), ("unit", unit_cell)):
            problem = unsafe(cell)
            if problem:
                add(
                    f"owndata.row.{problem}",
                    row,
                    field=label,
                    **({"value": cell[:30]} if problem == "formula" else {}),
                )
                break
        if problem:
            continue
        if value != value:  # NaN: not a plain number, so look closer at the cell
            problem = unsafe(value_cell)
            if problem:
                add(
                    f"owndata.row.{problem}",
                    row,
                    field="value",
                    **({"value": value_cell[:30]} if problem == "formula" else {}),
                )
                continue
        name = clean(ind_cell)
        unit = clean(unit_cell)
        if not name:
            add("owndata.row.missing_indicator", row)
            continue
        if len(name) > MAX_NAME_CHARS or len(unit) > MAX_NAME_CHARS:
            add("owndata.row.text_too_long", row, limit=MAX_NAME_CHARS)
            continue
        if is_missing(mun_cell):
            add("owndata.row.missing_municipality", row)
            continue
        code = resolve(mun_cell)
        if code is None:
            digits = re.fullmatch(r"\d{1,3}", clean(mun_cell))
            merged = MERGERS.get(clean(mun_cell).zfill(3)) if digits else None
            if merged:
                add(
                    "owndata.row.merged_municipality",
                    row,
                    value=mun_cell[:40],
                    into=names.get(merged[0], merged[0]),
                )
            else:
                add("owndata.row.unknown_municipality", row, value=mun_cell[:40])
            continue
        year, year_problem = year_of(year_cell)
        if year_problem == "date":
            add("owndata.row.date_not_year", row, value=year_cell[:20], year=year)
            continue
        if year is None:
            add("owndata.row.not_a_year", row, value=year_cell[:20])
            continue
        if not year_in_range(year, *year_range):
            add("owndata.row.year_out_of_range", row, year=year, low=year_range[0], high=year_range[1])
            continue
        if value != value:
            if is_missing(value_cell):
                add("owndata.row.missing_value", row, "warning", year=year)
            else:
                add("owndata.row.not_numeric", row, value=value_cell[:30])
            continue
        ind_id = OWN_PREFIX + slugify(name)
        if unit and name not in units:
            units[name] = unit
        key = (code, ind_id, year)
        if key in seen:
            add("owndata.row.duplicate", row, municipality=names.get(code, code), indicator=name, year=year,
                first_row=seen[key])  # fmt: skip
            continue
        seen[key] = row
        kept.append((code, ind_id, name, year, value, row))
    obs = pd.DataFrame(kept, columns=[MUNICIPALITY, INDICATOR, "name", YEAR, VALUE, "row"])
    # One id per name: two names that slug alike ('Kävijät', 'Kavijat') would otherwise merge silently.
    clash = obs.groupby(INDICATOR)["name"].nunique()
    for ind_id in clash[clash > 1].index:
        variants = sorted(obs.loc[obs[INDICATOR] == ind_id, "name"].unique())
        add("owndata.error.name_clash", None, names=" / ".join(variants[:3]))
    indicators = pd.DataFrame({"id": obs[INDICATOR], "name": obs["name"]}).drop_duplicates("id")
    indicators["unit"] = indicators["name"].map(lambda n: units.get(n, ""))
    indicators["decimals"] = indicators["id"].map(_decimals(obs))
    obs = obs[list(OBS_COLUMNS)].astype({YEAR: "int64", VALUE: "float64"})
    obs[SOURCE] = SOURCE_LABEL
    if obs.empty and not any(m.severity == "error" for m in messages):
        add("owndata.error.no_valid_rows")
    errors = [m for m in messages if m.severity == "error"]
    if len(errors) > MAX_MESSAGES:
        kept_messages = [m for m in messages if m.severity != "error"][:MAX_MESSAGES] + errors[:MAX_MESSAGES]
        kept_messages.append(Message("owndata.more_messages", {"n": len(errors) - MAX_MESSAGES}))
        messages = kept_messages
    return OwnData(
        obs.reset_index(drop=True),
        _indicator_table(obs, indicators),
        messages,
        table.filename,
        len(table.frame),
    )


def _unsafe(cell: str) -> str | None:
    """'formula' or 'markup' when a cell is not plain data, else None."""
    if is_formula(cell):
        return "formula"
    return "markup" if has_markup(cell) else None


def _numbers(cells: pd.Series) -> list[float]:
    """Cells as floats (NaN where not a number): a bulk pass for plain numbers, parse_number for the rest."""
    text = cells.astype(str).str.replace(r"[\s\u00a0\u202f\u2009\u2007]+", "", regex=True)
    plain = text.str.fullmatch(r"[+-]?\d+(?:[.,]\d+)?")
    fast = pd.to_numeric(text.where(plain).str.replace(",", ".", regex=False), errors="coerce")
    out = fast.astype("float64").tolist()
    for i in (~plain.fillna(False).astype(bool)).to_numpy().nonzero()[0]:
        number = parse_number(cells.iat[i])
        out[i] = float("nan") if number is None else number
    return out


def _decimals(obs: pd.DataFrame) -> dict[str, int]:
    """Decimals to show per indicator: as many as the data use, at most 2."""
    out = {}
    for ind_id, values in obs.groupby(INDICATOR)[VALUE]:
        out[str(ind_id)] = next((d for d in range(3) if (values.round(d) == values).all()), 2)
    return out


def _indicator_table(obs: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """The own indicators with coverage, labelled as own data."""
    stats = obs.groupby(INDICATOR).agg(
        first_year=(YEAR, "min"), last_year=(YEAR, "max"), n_municipalities=(MUNICIPALITY, "nunique")
    )
    out = indicators.merge(stats, left_on="id", right_index=True, how="left")
    out[SOURCE] = SOURCE_LABEL
    return out[list(INDICATOR_COLUMNS)].reset_index(drop=True)


def load(
    source: Any,
    filename: str,
    register: pd.DataFrame,
    mapping: ColumnMapping | None = None,
    **read_options: Any,
) -> OwnData:
    """Read, guess the mapping if none is given, and validate; never raises for a bad file."""
    from foresight.owndata.read import read_upload

    empty = pd.DataFrame(columns=[*OBS_COLUMNS, SOURCE])
    try:
        table = read_upload(source, filename, **read_options)
        mapping = mapping or guess_mapping(table, register)
        if mapping is None:
            raise UploadError("owndata.error.mapping_missing", field="municipality")
        return validate(table, mapping, register)
    except UploadError as exc:
        message = exc.message
    except Exception as exc:  # a file we did not foresee must not take the page down
        LOG.exception("own data upload %r failed unexpectedly", filename)
        message = Message("owndata.error.unexpected", {"detail": type(exc).__name__})
    return OwnData(empty, pd.DataFrame(columns=list(INDICATOR_COLUMNS)), [message], filename, 0)


def accept(store: MutableMapping[str, Any], result: OwnData, key: str = "owndata") -> bool:
    """Store validated own data (as JSON) under `key` only when it has no errors; the store is untouched otherwise."""
    if not result.ok:
        return False
    store[key] = result.to_json()
    return True


OWN_THEME = "own"
OFFICIAL_LABEL = "official"


def catalogue_rows(own: OwnData) -> pd.DataFrame:
    """Own indicators in the snapshot catalogue's shape (theme 'own', polarity 0, source 'own data')."""
    from foresight.snapshot import TABLES

    ind = own.indicators
    file_note = f" ({own.filename})" if own.filename else ""
    out = pd.DataFrame({"id": ind["id"], "theme": OWN_THEME})
    for lang, label in (
        ("fi", "Kunnan oma aineisto"),
        ("sv", "Kommunens egna data"),
        ("en", "Municipality's own data"),
    ):
        out[f"name_{lang}"] = ind["name"]
        out[f"source_{lang}"] = label + file_note
        out[f"definition_{lang}"] = ""
        out[f"licence_{lang}"] = ""
        out[f"caveat_{lang}"] = label + " – not official statistics" if lang == "en" else label
    out["unit"] = ind["unit"]
    out["decimals"] = ind["decimals"].astype("int64")
    out["polarity"] = 0  # the file does not say whether more is better
    out["harmonisation"] = "none"
    out["headline"] = False
    for column in ("first_year", "last_year", "n_municipalities"):
        out[column] = ind[column].astype("int64")
    out["latest_period"] = ""  # own data are annual
    out[SOURCE] = SOURCE_LABEL
    return out[[*TABLES["indicators"], SOURCE]].reset_index(drop=True)


def combined(official: pd.DataFrame, own: OwnData) -> pd.DataFrame:
    """Official observations and own data in one long frame, each row labelled in `source`."""
    parts = [
        official[list(OBS_COLUMNS)].assign(**{SOURCE: OFFICIAL_LABEL}),
        own.observations[[*OBS_COLUMNS, SOURCE]],
    ]
    return pd.concat(parts, ignore_index=True)
