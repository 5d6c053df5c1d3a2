"""Tables for download and for the sources page: observations with names, units and sources attached."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from foresight.columns import INDICATOR, MUNICIPALITY, VALUE, YEAR
from foresight.i18n import t


def observations_table(
    obs: pd.DataFrame,
    catalogue: pd.DataFrame,
    municipalities: pd.DataFrame,
    lang: str,
    indicators: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Long table with municipality and indicator names, unit and source, column names in the language."""
    part = obs
    if indicators is not None:
        part = part[part[INDICATOR].isin(list(indicators))]
    if codes is not None:
        part = part[part[MUNICIPALITY].isin(list(codes))]
    names = municipalities.set_index("code")[f"name_{lang}"]
    cat = catalogue.set_index("id")
    out = pd.DataFrame(
        {
            t("col.municipality_code", lang): part[MUNICIPALITY].to_numpy(),
            t("col.municipality", lang): part[MUNICIPALITY].map(names).to_numpy(),
            t("col.indicator", lang): part[INDICATOR].map(cat[f"name_{lang}"]).to_numpy(),
            t("col.year", lang): part[YEAR].to_numpy(),
            t("col.value", lang): part[VALUE].to_numpy(),
            t("col.unit", lang): part[INDICATOR]
            .map(cat["unit"])
            .map(lambda u: unit_label(u, lang))
            .to_numpy(),
            t("col.source", lang): part[INDICATOR].map(cat[f"source_{lang}"]).to_numpy(),
        }
    )
    return out.sort_values(
        [t("col.indicator", lang), t("col.municipality_code", lang), t("col.year", lang)], kind="stable"
    ).reset_index(drop=True)


def unit_label(unit: str, lang: str) -> str:
    """The unit as readers know it: its short label, or in words where it has none ('suhdeluku')."""
    return t(f"unit.{unit}", lang) or t(f"unit_name.{unit}", lang)


def credit_lines(catalogue: pd.DataFrame, lang: str) -> list[str]:
    """Each distinct source with its licence, whole ('Source (licence)'), sorted: the credits to show."""
    pairs = catalogue[[f"source_{lang}", f"licence_{lang}"]].drop_duplicates()
    return sorted(f"{source} ({licence})" for source, licence in pairs.itertuples(index=False))


def sources_table(
    catalogue: pd.DataFrame, lang: str, theme: str | None = None, query: str = ""
) -> pd.DataFrame:
    """One row per indicator: name, theme, unit, years, coverage, source, licence, definition, merger method."""
    cat = catalogue if theme in (None, "all") else catalogue[catalogue["theme"] == theme]
    if query.strip():
        needle = query.strip().lower()
        hay = cat[f"name_{lang}"].str.lower() + " " + cat[f"definition_{lang}"].str.lower() + " " + cat["id"]
        cat = cat[hay.str.contains(needle, regex=False)]
    years = (
        cat["first_year"]
        .astype(int)
        .astype(str)
        .where(
            cat["first_year"] == cat["last_year"],
            cat["first_year"].astype(str) + "–" + cat["last_year"].astype(str),
        )
    )
    return pd.DataFrame(
        {
            t("sources.col_indicator", lang): cat[f"name_{lang}"],
            t("sources.col_theme", lang): cat["theme"].map(lambda th: t(f"theme.{th}", lang)),
            t("sources.col_unit", lang): cat["unit"].map(lambda u: unit_label(u, lang)),
            t("sources.col_years", lang): years,
            t("sources.col_municipalities", lang): cat["n_municipalities"].astype(int),
            t("sources.col_source", lang): cat[f"source_{lang}"],
            t("sources.col_licence", lang): cat[f"licence_{lang}"],
            t("sources.col_definition", lang): cat[f"definition_{lang}"],
            t("sources.col_harmonisation", lang): cat["harmonisation"].map(
                lambda h: t(f"harmonisation.{h}", lang)
            ),
        }
    ).reset_index(drop=True)


def snapshot_tables(
    snapshot_obs: pd.DataFrame, catalogue: pd.DataFrame, municipalities: pd.DataFrame, lang: str
) -> dict[str, pd.DataFrame]:
    """The whole snapshot for download: observations by code plus the register and catalogue to read them."""
    register = municipalities[
        ["code", "name_fi", "name_sv", "region_fi", "urban_rural", "size_class", "population"]
    ]
    cat = catalogue[
        [
            "id",
            "theme",
            f"name_{lang}",
            "unit",
            "first_year",
            "last_year",
            f"source_{lang}",
            f"licence_{lang}",
            f"definition_{lang}",
            "harmonisation",
        ]
    ]
    return {
        "observations": snapshot_obs[[MUNICIPALITY, INDICATOR, YEAR, VALUE]],
        "indicators": cat,
        "municipalities": register,
    }


def credits(catalogue: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Distinct sources with their licence, for a sources sheet or a credits list."""
    out = catalogue[[f"source_{lang}", f"licence_{lang}"]].drop_duplicates()
    return out.rename(
        columns={f"source_{lang}": t("col.source", lang), f"licence_{lang}": t("col.licence", lang)}
    ).reset_index(drop=True)
