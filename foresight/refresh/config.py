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


@dataclass(frozen=True)
class SotkanetIndicator:
    """One Sotkanet indicator and the raw file it becomes."""

    key: str
    indicator: int
    raw_file: str
    converter: str
    first_year: int
    last_year: int
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class RefreshConfig:
    """Everything a refresh fetches, with the base URLs in force."""

    statfin_url: str
    sotkanet_url: str
    sotkanet_format: str = "json"
    http: HttpOptions = field(default_factory=HttpOptions)
    tables: tuple[StatFinTable, ...] = ()
    sotkanet: tuple[SotkanetIndicator, ...] = ()


def _query(items: list[dict[str, Any]], key: str) -> tuple[dict[str, Any], ...]:
    """PxWeb query items; `range = [first, last]` expands to zero-padded codes (ages 000–099)."""
    out = []
    for item in items:
        if "range" in item:
            first, last = item["range"]
            values = [f"{n:03d}" for n in range(int(first), int(last) + 1)]
        else:
            values = [str(v) for v in item.get("values", [])]
        if not values:
            raise ValueError(f"refresh.toml: query item {item.get('code')!r} of {key} selects nothing")
        out.append(
            {"code": item["code"], "selection": {"filter": item.get("filter", "item"), "values": values}}
        )
    return tuple(out)


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
            required_dimensions=tuple(spec.get("required_dimensions", ())),
            query=_query(spec.get("query", []), key),
            indicators=tuple(spec.get("indicators", ())),
        )
        for key, spec in statfin.get("tables", {}).items()
    )
    indicators = tuple(
        SotkanetIndicator(
            key=key,
            indicator=int(spec["indicator"]),
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
        tables=tables,
        sotkanet=indicators,
    )
