"""The own-data vocabulary: messages (i18n key + params), the column mapping, limits and errors."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from foresight.i18n import t

OWN_PREFIX = "own:"
SOURCE_LABEL = "own data"  # the label stored with every own row; UI shows t("owndata.source_label")
SOURCE_KEY = "owndata.source_label"

MAX_BYTES = 20 * 1024 * 1024  # an upload of local indicators is kilobytes; 20 MB is generous
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000
MAX_NAME_CHARS = 120
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024  # what openpyxl would inflate in memory
MAX_XLSX_RATIO = 100  # real sheets compress ~5–20×; bombs ~1000×
MAX_XLSX_ENTRIES = 2_000
MAX_MESSAGES = 200
YEAR_RANGE = (1900, 2100)

Severity = Literal["error", "warning", "info"]

# Errors in the column choices and names typed on the form: the user fixes them there and checks again,
# without uploading the file anew.
FORM_KEYS = frozenset(
    {
        "owndata.error.mapping_missing",
        "owndata.error.indicator_name_missing",
        "owndata.error.mapping_unknown_column",
        "owndata.error.mapping_twice",
        "owndata.error.unsafe_name",
    }
)


@dataclass(frozen=True)
class Message:
    """A message for the user as an i18n key with parameters; row is the file's row number (header = 1)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    row: int | None = None
    column: str | None = None
    severity: Severity = "error"

    @property
    def on_form(self) -> bool:
        """True when the fix is on the form (a column choice or a typed name), not in the file."""
        return self.key in FORM_KEYS

    def text(self, lang: str = "fi") -> str:
        """The message in the user's language, prefixed with the row when it concerns one."""
        # A "field" parameter names a role (year, value, …): shown in the user's language too.
        params = {k: t(f"owndata.field.{v}", lang) if k == "field" else v for k, v in self.params.items()}
        body = t(self.key, lang, **params)
        return t("owndata.row_prefix", lang, row=self.row, text=body) if self.row is not None else body

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able form."""
        return asdict(self)


class UploadError(ValueError):
    """The whole file is refused; `message` says why in any language."""

    def __init__(self, key: str, **params: Any) -> None:
        self.message = Message(key, params)
        super().__init__(f"{key} {params}" if params else key)


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds what. Long format: year + value columns; wide format: year_columns (one per year).

    The indicator name and unit come from a column, or are typed in once for the whole file.
    """

    municipality: str
    year: str | None = None
    value: str | None = None
    year_columns: tuple[str, ...] = ()
    indicator: str | None = None
    indicator_name: str | None = None
    unit: str | None = None
    unit_name: str | None = None

    @property
    def wide(self) -> bool:
        """True when years are columns."""
        return bool(self.year_columns)

    def columns(self) -> list[str]:
        """Every file column the mapping uses."""
        cols = [self.municipality, self.year, self.value, self.indicator, self.unit, *self.year_columns]
        return [c for c in cols if c]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able form (for session state and workshop storage)."""
        out = asdict(self)
        out["year_columns"] = list(self.year_columns)
        return out

    @classmethod
    def from_form(
        cls,
        municipality: str,
        *,
        year: str = "",
        value: str = "",
        year_columns: tuple[str, ...] | list[str] = (),
        indicator: str = "",
        indicator_name: str = "",
        unit: str = "",
        unit_name: str = "",
    ) -> ColumnMapping:
        """The page's mapping form: "" is "(no column)"; a typed name or unit counts only without its column."""
        return cls(
            municipality=municipality,
            year=year or None,
            value=value or None,
            year_columns=tuple(year_columns),
            indicator=indicator or None,
            indicator_name=None if indicator else (indicator_name.strip() or None),
            unit=unit or None,
            unit_name=None if unit else (unit_name.strip() or None),
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ColumnMapping:
        """Inverse of to_dict; unknown keys are ignored."""
        known: dict[str, Any] = {k: data.get(k) for k in cls.__dataclass_fields__ if k in data}
        known["year_columns"] = tuple(known.get("year_columns") or ())
        return cls(**known)
