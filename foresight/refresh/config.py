"""The refresh configuration (data/catalogue/refresh.toml): which tables to fetch and where they go."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_FILE = Path(__file__).resolve().parents[2] / "data" / "catalogue" / "refresh.toml"
STATFIN_ENV = "KUNTALUOTAIN_STATFIN_URL"
SOTKANET_ENV = "KUNTALUOTAIN_SOTKANET_URL"


@dataclass(frozen=True)
class HttpOptions:
    """Timeout and retry policy for every request of a refresh."""

    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for http.request."""
        return {"timeout": self.timeout, "retries": self.retries, "backoff": self.backoff}


@dataclass(frozen=True)
class StatFinTable:
    """One PxWeb table: its path under the base URL, the query and the raw file it becomes."""

    key: str
    path: str
    raw_file: str
    converter: str
    required_dimensions: tuple[str, ...]
    query: tuple[dict[str, Any], ...]
    indicators: tuple[str, ...] = ()
    language: str = ""  # "fi" asks …/v1/fi instead of the base URL's language (Finnish labels in the file)
    options: dict[str, Any] = field(default_factory=dict)  # the converter's mapping tables
    split: tuple[
        str, ...
    ] = ()  # variables to split a too-big query along, first choice first (default: time)
    roles: dict[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # extra roles: name patterns of their variable
    format: str = (
        "json-stat2"  # the answer format asked: "json-stat2" (converted) or "json" (kept as answered)
    )


@dataclass(frozen=True)
class SotkanetIndicator:
    """One or more Sotkanet indicators and the raw file they become.

    `variables` pairs each indicator id with the name the raw file gives it (the dump's `Muuttuja`); a
    single-indicator entry has one pair with an empty name.
    """

    key: str
    variables: tuple[tuple[int, str], ...]
    raw_file: str
    converter: str
    first_year: int
    last_year: int
    indicators: tuple[str, ...] = ()

    @property
    def indicator(self) -> int:
        """The (first) indicator id."""
        return self.variables[0][0]


@dataclass(frozen=True)
class StatFinLimits:
    """The PxWeb API's limits to assume when its config endpoint (<base>/?config) does not answer."""

    max_cells: int = 100_000
    max_calls: int = 30
    time_window: float = 10.0


@dataclass(frozen=True)
class RefreshConfig:
    """Everything a refresh fetches, with the base URLs in force."""

    statfin_url: str
    sotkanet_url: str
    sotkanet_format: str = "json"
    http: HttpOptions = field(default_factory=HttpOptions)
    statfin_limits: StatFinLimits = field(default_factory=StatFinLimits)
    tables: tuple[StatFinTable, ...] = ()
    sotkanet: tuple[SotkanetIndicator, ...] = ()


def _query(items: list[dict[str, Any]], key: str) -> tuple[dict[str, Any], ...]:
    """PxWeb query items; `range = [first, last]` expands to zero-padded codes (ages 000–099).

    An item names its variable by `role` (area, time, contents, sex, age, party or one of the entry's `roles`),
    resolved against the table's metadata when the query is sent, or by `code` (the variable's exact code).
    """
    out = []
    for item in items:
        if "range" in item:
            first, last = item["range"]
            values = [f"{n:03d}" for n in range(int(first), int(last) + 1)]
        else:
            values = [str(v) for v in item.get("values", [])]
        if not values:
            raise ValueError(f"refresh.toml: query item {item.get('code')!r} of {key} selects nothing")
        if ("role" in item) == ("code" in item):
            raise ValueError(f"refresh.toml: a query item of {key} needs either `role` or `code`")
        name = {"role": item["role"]} if "role" in item else {"code": item["code"]}
        out.append({**name, "selection": {"filter": item.get("filter", "item"), "values": values}})
    return tuple(out)


def _split(value: object, key: str) -> tuple[str, ...]:
    """`split = "Vuosi"` or `split = ["Vuosi", "Alue"]`: the variables a too-big query is split along."""
    names = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    if not all(isinstance(name, str) and name for name in names):
        raise ValueError(f"refresh.toml: split of {key} must name variables, got {value!r}")
    return tuple(names)


def _variables(spec: dict[str, Any], key: str) -> tuple[tuple[int, str], ...]:
    """`indicator = 127`, or `variables = [{ id = 493, name = "…" }, …]` for a multi-indicator file."""
    if "variables" in spec:
        pairs = tuple((int(v["id"]), str(v["name"])) for v in spec["variables"])
    else:
        pairs = ((int(spec["indicator"]), ""),)
    if not pairs:
        raise ValueError(f"refresh.toml: sotkanet entry {key} lists no indicators")
    return pairs


def load_config(
    path: Path | None = None, *, statfin_url: str | None = None, sotkanet_url: str | None = None
) -> RefreshConfig:
    """Read refresh.toml; explicit URLs beat the environment, which beats the file."""
    data = tomllib.loads((path or CONFIG_FILE).read_text(encoding="utf-8"))
    statfin, sotkanet = data.get("statfin", {}), data.get("sotkanet", {})
    tables = tuple(
        StatFinTable(
            key=key,
            path=spec["path"],
            raw_file=spec["raw_file"],
            converter=spec["converter"],
            required_dimensions=tuple(spec.get("required_roles", spec.get("required_dimensions", ()))),
            query=_query(spec.get("query", []), key),
            indicators=tuple(spec.get("indicators", ())),
            language=str(spec.get("language", "")),
            options=dict(spec.get("options", {})),
            split=_split(spec.get("split", ()), key),
            roles={str(k): tuple(v) for k, v in spec.get("roles", {}).items()},
            format=str(spec.get("format", "json-stat2")),
        )
        for key, spec in statfin.get("tables", {}).items()
    )
    indicators = tuple(
        SotkanetIndicator(
            key=key,
            variables=_variables(spec, key),
            raw_file=spec["raw_file"],
            converter=spec["converter"],
            first_year=int(spec["first_year"]),
            last_year=int(spec["last_year"]),
            indicators=tuple(spec.get("indicators", ())),
        )
        for key, spec in sotkanet.get("indicators", {}).items()
    )
    return RefreshConfig(
        statfin_url=(statfin_url or os.environ.get(STATFIN_ENV) or statfin["base_url"]).rstrip("/"),
        sotkanet_url=(sotkanet_url or os.environ.get(SOTKANET_ENV) or sotkanet["base_url"]).rstrip("/"),
        sotkanet_format=str(sotkanet.get("format", "json")),
        http=HttpOptions(**data.get("http", {})),
        statfin_limits=StatFinLimits(
            max_cells=int(statfin.get("max_cells", StatFinLimits.max_cells)),
            max_calls=int(statfin.get("max_calls", StatFinLimits.max_calls)),
            time_window=float(statfin.get("time_window", StatFinLimits.time_window)),
        ),
        tables=tables,
        sotkanet=indicators,
    )
