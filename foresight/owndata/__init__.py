"""The municipality's own data: read an uploaded CSV or Excel file safely, map its columns, validate every row.

Own indicators get ids prefixed "own:" and every row carries source "own data", so they are never mixed
silently with official statistics. Messages are i18n keys with parameters (foresight/locales/*/owndata.json).
"""

from foresight.owndata.model import (
    MAX_BYTES,
    MAX_ROWS,
    OWN_PREFIX,
    SOURCE_KEY,
    SOURCE_LABEL,
    ColumnMapping,
    Message,
    UploadError,
)
from foresight.owndata.read import Table, preview, read_upload
from foresight.owndata.validate import (
    OFFICIAL_LABEL,
    SOURCE,
    OwnData,
    accept,
    catalogue_rows,
    combined,
    guess_mapping,
    load,
    municipality_lookup,
    validate,
)

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "OFFICIAL_LABEL",
    "OWN_PREFIX",
    "SOURCE",
    "SOURCE_KEY",
    "SOURCE_LABEL",
    "ColumnMapping",
    "Message",
    "OwnData",
    "Table",
    "UploadError",
    "accept",
    "catalogue_rows",
    "combined",
    "guess_mapping",
    "load",
    "municipality_lookup",
    "preview",
    "read_upload",
    "validate",
]
