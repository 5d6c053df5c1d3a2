"""Key figures of one municipality: latest value, its year, change over 5 and 10 years, and the history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import pandas as pd

from foresight import format as fmt
from foresight.columns import INDICATOR, MUNICIPALITY, THEMES, VALUE, YEAR
from foresight.freshness import years_old
from foresight.i18n import t
from foresight.provenance import source_for_year
from foresight.situation import change_over

CHANGE_SPANS = (5, 10)


def key_figures(obs: pd.DataFrame, catalogue: pd.DataFrame, code: str) -> list[dict[str, object]]:
    """One record per headline indicator, themes in order; a record without 'value' means no data."""
    own = obs[obs[MUNICIPALITY] == code]
    parts = {str(k): v for k, v in own.groupby(INDICATOR, sort=False)}
    headline = catalogue[catalogue["headline"]].copy()
    headline["theme_order"] = headline["theme"].map({th: i for i, th in enumerate(THEMES)})
    records: list[dict[str, object]] = []
    for _, ind in headline.sort_values(
        ["theme_order", "order"] if "order" in headline else "theme_order"
    ).iterrows():
        record: dict[str, object] = {"indicator": ind["id"], "theme": ind["theme"]}
        part = parts.get(str(ind["id"]))
        if part is None or part.empty:
            records.append(
                record
                | {"last_year": int(ind["last_year"]), "n_municipalities": int(ind["n_municipalities"])}
            )
            continue
        values = part.set_index(YEAR)[VALUE].sort_index()
        year = int(values.index.max())
        record |= {
            "value": float(values.loc[year]),
            "year": year,
            "years": [int(y) for y in values.index],
            "values": [float(v) for v in values],
        }
        record |= {f"change_{n}": change_over(values, n) for n in CHANGE_SPANS}
        records.append(record)
    return records


# The first screen's figures: size, direction and age structure of the population, the newest labour-market
# month, income and the tax rate. Chosen for being current (monthly or annual) for every municipality, so a
# council member's phone opens on today's picture; every theme's full cards follow below.
FIRST_SCREEN = (
    "population",
    "population_change_pct",
    "share_65_plus",
    "unemployment_rate_month",
    "median_income_eur",
    "income_tax_rate",
)


@dataclass(frozen=True)
class Tile:
    """One headline figure of the first screen: name, value with unit, its year (or month), age, source."""

    indicator: str
    name: str
    value: str  # the number alone ("126 572"), empty when the municipality has no value
    unit: str  # the unit's short label ("as.", "€ per inhabitant"), said after the number and free to wrap
    when: str
    old: str  # the old-data note ("Vanha tieto: vuodelta 2018, 8 vuotta sitten."), empty when fresh
    source: int  # the figure's number in the list of sources, from 1; 0 when the municipality has no value


def headline(
    cards: list[dict[str, object]],
    catalogue: pd.DataFrame,
    provenance: pd.DataFrame | None,
    lang: str,
    current_year: int,
    ids: Sequence[str] = FIRST_SCREEN,
) -> tuple[list[Tile], list[str]]:
    """The first screen's tiles (those of `ids` in the catalogue, in that order) and their numbered sources.

    `cards` are key_figures records; `catalogue` is indexed by indicator id. Figures sharing a source and
    licence share its number; the sources are said as '<source>, <licence>.'. A figure the municipality has no
    value for keeps its tile, saying so, rather than leaving a gap nobody would notice.
    """
    by_id = {str(c["indicator"]): c for c in cards if "value" in c}
    tiles: list[Tile] = []
    sources: list[str] = []
    for ind_id in ids:
        if ind_id not in catalogue.index:
            continue
        ind = catalogue.loc[ind_id]
        card = by_id.get(ind_id)
        if card is None:
            missing = t("glance.headline_missing", lang)
            tiles.append(Tile(ind_id, str(ind[f"name_{lang}"]), "", "", missing, "", 0))
            continue
        year = int(card["year"])  # type: ignore[call-overload]
        source = source_for_year(provenance, ind_id, year, lang) or str(ind[f"source_{lang}"])
        text = f"{source}, {ind[f'licence_{lang}']}."
        if text not in sources:
            sources.append(text)
        age = years_old(year, current_year)
        tiles.append(
            Tile(
                indicator=ind_id,
                name=str(ind[f"name_{lang}"]),
                value=fmt.number(float(card["value"]), int(ind["decimals"]), lang),  # type: ignore[arg-type]
                unit=t(f"unit.{ind['unit']}", lang) if ind["unit"] else "",
                when=fmt.period(year, str(ind.get("latest_period", "") or "")),
                old=t("glance.old", lang, year=year, n=age) if age is not None else "",
                source=sources.index(text) + 1,
            )
        )
    return tiles, sources


def headline_html(tiles: Sequence[Tile], sources: Sequence[str], lang: str) -> str:
    """The tiles as a labelled definition list (name, value, year with its source's number) and the
    numbered sources under it; the layout (two columns on a phone, three wider) is in the page's CSS."""
    heading = escape(t("glance.headline_heading", lang))
    ref = escape(t("glance.source_ref", lang))
    items = []
    for tile in tiles:
        if not tile.source:  # no value: the name and the words saying so
            items.append(
                f'<div class="kl-tile"><dt>{escape(tile.name)}</dt><dd class="kl-when">{escape(tile.when)}</dd></div>'
            )
            continue
        old = f'<dd class="kl-old">{escape(tile.old)}</dd>' if tile.old else ""
        # A long unit ("€ per inhabitant") goes under the number on a phone rather than past the tile's edge.
        unit = f' <span class="kl-unit">{escape(tile.unit)}</span>' if tile.unit else ""
        items.append(
            f'<div class="kl-tile"><dt>{escape(tile.name)}</dt><dd class="kl-value">{escape(tile.value)}{unit}</dd>'
            f'<dd class="kl-when">{escape(tile.when)}<sup><span class="kl-sr"> {ref} </span>{tile.source}</sup></dd>'
            f"{old}</div>"
        )
    notes = "".join(f"<li>{escape(s)}</li>" for s in sources)
    return (
        f'<section class="kl-headline" aria-labelledby="kl-headline-h"><h2 id="kl-headline-h">{heading}</h2>'
        f"<dl>{''.join(items)}</dl>"
        f'<p class="kl-sources-h">{escape(t("glance.sources_heading", lang))}</p><ol class="kl-sources">{notes}</ol></section>'
    )
