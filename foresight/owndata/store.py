"""Own data kept for a session: one validated JSON document per accepted file, listed, combined and removed.

The store is any mutable mapping of key → JSON (Streamlit's session state holds a plain dict). A refused
file never reaches it, and an accepted one replaces only earlier own indicators with the same id.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from foresight.columns import INDICATOR, MUNICIPALITY, OBS_COLUMNS, VALUE, YEAR
from foresight.i18n import t, tn
from foresight.owndata.model import SOURCE_KEY, ColumnMapping, Message, UploadError
from foresight.owndata.read import Table
from foresight.owndata.text import escape_markdown
from foresight.owndata.validate import INDICATOR_COLUMNS, SOURCE, OwnData, _indicator_table, accept, validate

FILE = "filename"
KEY = "key"
KEY_PREFIX = "file"


@dataclass
class Collection:
    """Every own indicator of the session: observations (+ source), indicators (+ file name and store key)."""

    observations: pd.DataFrame
    indicators: pd.DataFrame
    messages: list[Message] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when no own data is stored."""
        return self.indicators.empty

    def frame(self, indicator: str) -> pd.DataFrame:
        """Observations of one own indicator (the shape situation.* functions take)."""
        return self.observations[self.observations[INDICATOR] == indicator]

    def indicator(self, indicator: str) -> pd.Series:
        """One own indicator's row."""
        return self.indicators.set_index("id").loc[indicator]


def collect(store: Mapping[str, str]) -> Collection:
    """All stored own data; a damaged document is skipped with a message instead of breaking the page."""
    obs_parts, ind_parts, messages = [], [], []
    for key in sorted(store):
        try:
            own = OwnData.from_json(store[key])
        except UploadError as exc:
            messages.append(exc.message)
            continue
        obs_parts.append(own.observations.assign(**{FILE: own.filename}))
        ind_parts.append(own.indicators.assign(**{FILE: own.filename, KEY: key}))
    obs_columns = [*OBS_COLUMNS, SOURCE, FILE]
    ind_columns = [*INDICATOR_COLUMNS, FILE, KEY]
    obs = pd.concat(obs_parts, ignore_index=True) if obs_parts else pd.DataFrame(columns=obs_columns)
    ind = pd.concat(ind_parts, ignore_index=True) if ind_parts else pd.DataFrame(columns=ind_columns)
    return Collection(obs[obs_columns], ind[ind_columns], messages)


def _next_key(store: Mapping[str, str]) -> str:
    numbers = [
        int(k[len(KEY_PREFIX) :])
        for k in store
        if k.startswith(KEY_PREFIX) and k[len(KEY_PREFIX) :].isdigit()
    ]
    return f"{KEY_PREFIX}{max(numbers, default=0) + 1:03d}"


def _without(own: OwnData, ids: set[str]) -> OwnData | None:
    """The document without the given indicators; None when nothing would be left."""
    obs = own.observations[~own.observations[INDICATOR].isin(ids)]
    if obs.empty:
        return None
    ind = own.indicators[~own.indicators["id"].isin(ids)][["id", "name", "unit", "decimals"]]
    return OwnData(obs.reset_index(drop=True), _indicator_table(obs, ind), [], own.filename, len(obs))


def add(store: MutableMapping[str, str], result: OwnData) -> tuple[bool, list[str]]:
    """Accept validated own data as a new document: (stored?, names of earlier own indicators it replaced)."""
    if not result.ok:
        return False, []
    new_ids = set(result.indicators["id"])
    staged: dict[str, str] = {}
    if not accept(staged, result, "new"):
        return False, []
    # Work out every change first and apply them together, so a failure leaves the store as it was.
    changes: dict[str, str | None] = {}
    replaced: list[str] = []
    for key, text in store.items():
        try:
            own = OwnData.from_json(text)
        except UploadError:
            continue
        hit = own.indicators[own.indicators["id"].isin(new_ids)]
        if hit.empty:
            continue
        replaced.extend(str(n) for n in hit["name"])
        rest = _without(own, new_ids)
        changes[key] = rest.to_json() if rest is not None else None
    key = _next_key(store)
    for old, doc in changes.items():
        if doc is None:
            del store[old]
        else:
            store[old] = doc
    store[key] = staged["new"]
    return True, replaced


def remove(store: MutableMapping[str, str], indicator: str) -> bool:
    """Remove one own indicator from the session (and its document when it was the last one)."""
    for key in list(store):
        try:
            own = OwnData.from_json(store[key])
        except UploadError:
            continue
        if indicator in set(own.indicators["id"]):
            rest = _without(own, {indicator})
            if rest is None:
                del store[key]
            else:
                store[key] = rest.to_json()
            return True
    return False


def source_text(filename: str, lang: str) -> str:
    """'Own data (kysely.csv)' in the language: the source line of every own figure and table row."""
    label = t(SOURCE_KEY, lang)
    return f"{label} ({filename})" if filename else label


def download_table(
    collection: Collection,
    municipalities: pd.DataFrame,
    lang: str,
    indicators: Sequence[str],
    codes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Own observations with names, unit and the 'own data' source, column names in the language."""
    obs = collection.observations
    part = obs[obs[INDICATOR].isin(list(indicators))]
    if codes is not None:
        part = part[part[MUNICIPALITY].isin(list(codes))]
    part = part.sort_values([INDICATOR, MUNICIPALITY, YEAR], kind="stable")
    names = municipalities.set_index("code")[f"name_{lang}"]
    ind = collection.indicators.set_index("id")
    return pd.DataFrame(
        {
            t("col.municipality_code", lang): part[MUNICIPALITY].to_numpy(),
            t("col.municipality", lang): part[MUNICIPALITY].map(names).to_numpy(),
            t("col.indicator", lang): part[INDICATOR].map(ind["name"]).to_numpy(),
            t("col.year", lang): part[YEAR].to_numpy(),
            t("col.value", lang): part[VALUE].to_numpy(),
            t("col.unit", lang): part[INDICATOR].map(ind["unit"]).to_numpy(),
            t("col.source", lang): [source_text(f, lang) for f in part[FILE]],
        }
    ).reset_index(drop=True)


def sources_table(collection: Collection, lang: str, indicators: Sequence[str]) -> pd.DataFrame:
    """The sources sheet for own data: the indicator, 'own data', the file it came from, not official."""
    ind = collection.indicators[collection.indicators["id"].isin(list(indicators))]
    return pd.DataFrame(
        {
            t("col.indicator", lang): ind["name"].to_numpy(),
            t("col.source", lang): [t(SOURCE_KEY, lang)] * len(ind),
            t("owndata.col_file", lang): ind[FILE].to_numpy(),
            t("col.licence", lang): [t("owndata.not_official", lang)] * len(ind),
        }
    ).reset_index(drop=True)


def refused(message: Message, filename: str = "") -> OwnData:
    """An empty result carrying the one message that says why a file or mapping was refused."""
    obs = pd.DataFrame(columns=[*OBS_COLUMNS, SOURCE])
    return OwnData(obs, pd.DataFrame(columns=list(INDICATOR_COLUMNS)), [message], filename, 0)


PERCENT_WORDS = frozenset({"%", "prosenttia", "prosentti", "procent", "percent", "per cent"})


def unit_id(unit: str) -> str:
    """The catalogue unit an own unit text stands for ('%' → 'percent'), or '' when it has none."""
    return "percent" if unit.strip().casefold() in PERCENT_WORDS else ""


def value_text(value: float, decimals: int, unit: str, lang: str) -> str:
    """An own value with its unit as the file wrote it ('12,3 %', '1 234 käyntiä')."""
    from foresight.format import NBSP, number

    text = number(value, decimals, lang)
    return f"{text}{NBSP}{unit}" if unit and text != "–" else text


# ---------------------------------------------------------------- what the own-data page shows

ENCODINGS = {
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1",
}


def check(table: Table, mapping: ColumnMapping, municipalities: pd.DataFrame) -> OwnData:
    """The file validated with the mapping; a refused or unforeseen file becomes a result with one message."""
    try:
        return validate(table, mapping, municipalities)
    except UploadError as exc:
        return refused(exc.message, table.filename)
    except Exception as exc:  # never let an unforeseen file take the page down
        return refused(Message("owndata.error.unexpected", {"detail": type(exc).__name__}), table.filename)


def safe_text(message: Message, lang: str) -> str:
    """A message for a markdown element: quoted file content escaped, our own wording left as it is."""
    params = {
        k: escape_markdown(v) if isinstance(v, str) and k != "field" else v for k, v in message.params.items()
    }
    return replace(message, params=params).text(lang)


def message_rows(messages: Sequence[Message], lang: str) -> list[dict[str, str]]:
    """Messages as table rows (row, severity, message) in the language; the row has its own column."""
    rows = []
    for m in messages:
        text = replace(m, row=None).text(lang)
        rows.append(
            {
                # a message about no single row says whether it concerns the form or the whole file
                t("owndata.col_row", lang): (
                    str(m.row)
                    if m.row is not None
                    else t(f"owndata.row_{'form' if m.on_form else 'file'}", lang)
                ),
                t("owndata.col_severity", lang): t(f"owndata.severity.{m.severity}", lang),
                # on its own a row message starts with a capital ('kunta …' follows 'Rivi 3:' elsewhere)
                t("owndata.col_message", lang): text[:1].upper() + text[1:],
            }
        )
    return rows


def file_info(table: Table, lang: str) -> str:
    """'96 riviä, 5 saraketta · merkistö UTF-8 (BOM) · erotin ”;”', or the sheet for a workbook."""
    from foresight.format import number

    n_rows, n_columns = len(table.frame), len(table.frame.columns)
    rows = tn("owndata.count.rows", n_rows, lang, n=number(n_rows, 0, lang))
    columns = tn("owndata.count.columns", n_columns, lang)
    if table.kind == "csv":
        delimiter = t("owndata.tab", lang) if table.delimiter == "\t" else table.delimiter
        encoding = ENCODINGS.get(str(table.encoding), str(table.encoding))
        return t(
            "owndata.file_info", lang, rows=rows, columns=columns, encoding=encoding, delimiter=delimiter
        )
    return t(
        "owndata.file_info_xlsx", lang, rows=rows, columns=columns, sheet=escape_markdown(str(table.sheet))
    )


def listing(indicators: pd.DataFrame, lang: str) -> dict[str, list[object]]:
    """The session's own indicators as table columns: name, unit, years, municipalities, source."""
    from foresight.format import year_span

    return {
        t("owndata.col_indicator", lang): list(indicators["name"]),
        t("owndata.col_unit", lang): list(indicators["unit"]),
        t("owndata.col_years", lang): [
            year_span(int(a), int(b))
            for a, b in zip(indicators["first_year"], indicators["last_year"], strict=True)
        ],
        t("owndata.col_municipalities", lang): [int(n) for n in indicators["n_municipalities"]],
        t("owndata.col_source", lang): [source_text(f, lang) for f in indicators[FILE]],
    }


def ranking_columns(
    ranked: pd.DataFrame, filename: str, decimals: int, unit: str, lang: str
) -> dict[str, list[object]]:
    """A year's ranking (rank, code, name, value) as table columns, every row naming the own file."""
    from foresight.format import number

    value_column = t("owndata.value_col", lang, unit=unit) if unit else t("owndata.value_col_plain", lang)
    return {
        t("owndata.col_rank", lang): list(ranked["rank"]),
        t("owndata.col_code", lang): list(ranked[MUNICIPALITY]),
        t("owndata.col_municipality", lang): list(ranked["name"]),
        value_column: [number(float(v), decimals, lang) for v in ranked[VALUE]],
        t("owndata.col_source", lang): [source_text(filename, lang)] * len(ranked),
    }
