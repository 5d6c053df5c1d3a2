"""Own-data page helpers: read an upload once per file, the session's own data parsed once per change,
projections of own series cached; nothing here ever raises for a bad file."""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd
import streamlit as st

from foresight.owndata import Message, Table, UploadError, read_upload
from foresight.owndata.store import Collection, collect

LOG = logging.getLogger(__name__)
STORE = "owndata_store"  # session key of the accepted documents (file key → JSON)
READ = "_owndata_read"  # session key of the last read upload: (file id, sheet), table, message
SHEETS = "_owndata_sheets"  # session key: file id → the workbook's sheet names, once known


def store() -> dict[str, str]:
    """The session's accepted own data (created empty on first use)."""
    return st.session_state.setdefault(STORE, {})  # type: ignore[no-any-return]


def read(upload: Any, sheet: str | None = None) -> tuple[Table | None, Message | None]:
    """The uploaded file as a Table, or the message saying why it was refused (read once per file and sheet)."""
    key = (str(upload.file_id), sheet)
    cached = st.session_state.get(READ)
    if cached is not None and cached[0] == key:
        return cached[1], cached[2]
    table: Table | None = None
    message: Message | None = None
    try:
        upload.seek(0)
        table = read_upload(upload, str(upload.name), sheet=sheet)
    except UploadError as exc:
        message = exc.message
    except Exception as exc:  # a file nobody foresaw must not take the page down
        LOG.exception("own data upload %r failed unexpectedly", upload.name)
        message = Message("owndata.error.unexpected", {"detail": type(exc).__name__})
    st.session_state[READ] = (key, table, message)
    if table is not None and table.sheets:
        st.session_state.setdefault(SHEETS, {})[str(upload.file_id)] = list(table.sheets)
    return table, message


def sheets(upload: Any) -> list[str]:
    """The sheet names of an uploaded workbook (empty for CSV or before any sheet could be read)."""
    return list(st.session_state.get(SHEETS, {}).get(str(upload.file_id), []))


@st.cache_data(show_spinner=False, max_entries=32)
def _collect(items: tuple[tuple[str, str], ...]) -> Collection:
    return collect(dict(items))


def collection() -> Collection:
    """Every own indicator of this session (parsed again only when the store changes)."""
    return _collect(tuple(sorted(store().items())))


@st.cache_data(show_spinner=False, max_entries=64)
def _projection(
    years: tuple[int, ...], values: tuple[float, ...], unit: str, until: int
) -> tuple[dict[str, object], pd.DataFrame]:
    from foresight import projection

    history = pd.Series(values, index=list(years), dtype="float64")
    desc = projection.choose_method(history, unit)
    bounds = projection.bounds_for(unit, history.to_numpy())
    forecast = projection.project(history, str(desc["method"]), until, bounds)
    return desc, forecast


def projection(history: pd.Series, unit: str, until: int = 2030) -> tuple[dict[str, object], pd.DataFrame]:
    """A trend projection of one own series: the backtested method's description and its forecast frame."""
    years = tuple(int(y) for y in history.index)
    return _projection(years, tuple(float(v) for v in history), unit, until)
