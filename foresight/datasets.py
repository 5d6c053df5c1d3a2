"""Tables for download and for the sources page: observations with names, units and sources attached."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from foresight.columns import INDICATOR, MUNICIPALITY, VALUE, YEAR
from foresight.format import period, year_span, year_spans
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


def value_heading(ind: pd.Series, year: int, lang: str) -> str:
    """A value column's heading saying what and when: 'Väkiluku 2025 (as.)', 'Työttömyysaste 6/2026 (%)';
    a unit without a short label ('suhdeluku') is left to the indicator's name."""
    when = period(int(year), str(ind.get("latest_period", "") or ""))
    short = t(f"unit.{ind['unit']}", lang) if ind.get("unit") else ""
    heading = f"{ind[f'name_{lang}']} {when}"
    return f"{heading} ({short})" if short else heading


def ranking_table(
    ranked: pd.DataFrame, names: Mapping[str, str], ind: pd.Series, year: int, lang: str
) -> pd.DataFrame:
    """The compare page's values table, as shown and as downloaded: rank, code, name and the value under a
    heading that says what and when (`value_heading`). ranked: municipality, value, rank (best first)."""
    return pd.DataFrame(
        {
            t("compare.col.rank", lang): ranked["rank"].to_numpy(),
            t("compare.col.code", lang): ranked[MUNICIPALITY].to_numpy(),
            t("compare.col.municipality", lang): [names.get(c, c) for c in ranked[MUNICIPALITY]],
            value_heading(ind, year, lang): ranked[VALUE].to_numpy(),
        }
    )


def unit_label(unit: str, lang: str) -> str:
    """The unit as readers know it: its short label, or in words where it has none ('suhdeluku')."""
    return t(f"unit.{unit}", lang) or t(f"unit_name.{unit}", lang)


SEPARATOR = "; "  # how the build joins an indicator's sources (foresight/build/catalogue.py)


def _top_level_parts(text: str) -> list[str]:
    """text split at each '; ' outside brackets: 'A (x; y); B' -> ['A (x; y)', 'B']."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0 and text.startswith(SEPARATOR, i):
            parts.append(text[start:i])
            start = i + len(SEPARATOR)
    return [*parts, text[start:]]


def _source_texts(rows: list[tuple[list[str], str]]) -> dict[str, str]:
    """Each source key's own text, recovered from indicators' joined texts (keys in order, '; ' between).

    An indicator with one source gives that source's text; an indicator whose other sources are known gives
    the rest; a run of unknown sources is split at top-level '; ' when that yields one part per source.
    """
    known: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for keys, joined in rows:
            unknown = [i for i, k in enumerate(keys) if k not in known]
            if not unknown:
                continue
            first, last = unknown[0], unknown[-1]
            head = "".join(known[k] + SEPARATOR for k in keys[:first])
            tail = "".join(SEPARATOR + known[k] for k in keys[last + 1 :])
            if not (joined.startswith(head) and joined.endswith(tail)) or len(head) + len(tail) >= len(
                joined
            ):
                continue
            middle = joined[len(head) : len(joined) - len(tail)]
            run = keys[first : last + 1]
            if any(k in known for k in run):
                continue  # a known source between unknown ones: left to another indicator
            parts = [middle] if len(run) == 1 else _top_level_parts(middle)
            if len(parts) == len(run):
                known.update(zip(run, parts, strict=True))
                changed = True
    return known


def source_credits(catalogue: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each distinct source once, with its licence and the indicators it covers (ids, catalogue order).

    An indicator built from several sources names them all in one text ('A; B'); here each source is its own
    credit, so a source shared by many indicators (THL Sotkanet) is credited once. Where the catalogue has
    no source keys, or a text cannot be taken apart, the indicator's whole text is one credit.
    """
    source, licence = catalogue[f"source_{lang}"].astype(str), catalogue[f"licence_{lang}"].astype(str)
    if "source_keys" in catalogue.columns:
        keys = [str(k).split(",") for k in catalogue["source_keys"]]
    else:
        keys = [[] for _ in range(len(catalogue))]
    texts = _source_texts([(k, s) for k, s in zip(keys, source, strict=True) if k])
    covers: dict[tuple[str, str], list[str]] = {}
    ids = catalogue["id"] if "id" in catalogue.columns else catalogue.index  # or a catalogue indexed by id
    for ident, own_keys, text, lic in zip(ids, keys, source, licence, strict=True):
        parts = [texts[k] for k in own_keys] if own_keys and all(k in texts for k in own_keys) else []
        if SEPARATOR.join(parts) != text:
            parts = [text]  # not taken apart: the whole text, as the catalogue has it
        for part in dict.fromkeys(parts):
            covers.setdefault((part, lic), []).append(str(ident))
    rows = [{"source": s, "licence": lic, "indicators": ids} for (s, lic), ids in covers.items()]
    return pd.DataFrame(rows, columns=["source", "licence", "indicators"]).sort_values(
        ["source", "licence"], kind="stable", ignore_index=True
    )


def credit_lines(catalogue: pd.DataFrame, lang: str) -> list[str]:
    """Each distinct source once with its licence and how many indicators it covers, sorted by source:
    'Source (licence): 14 indicators'."""
    return [
        f"{row.source} ({row.licence}): {t('sources.n_indicators', lang, n=len(row.indicators))}"
        for row in source_credits(catalogue, lang).itertuples(index=False)
    ]


def observed_years(observations: pd.DataFrame) -> dict[str, str]:
    """Per indicator the years it has data for, gaps said ('1990–2017, 2025'): first–last alone hides a gap."""
    pairs = observations[[INDICATOR, YEAR]].drop_duplicates()
    return {str(ind): year_spans(group[YEAR].tolist()) for ind, group in pairs.groupby(INDICATOR, sort=False)}


def sources_table(
    catalogue: pd.DataFrame,
    lang: str,
    theme: str | None = None,
    query: str = "",
    spans: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per indicator: name, theme, unit, years, coverage, source, licence, definition, merger method.

    spans (observed_years): the years with their gaps; without it, first–last year from the catalogue."""
    cat = catalogue if theme in (None, "all") else catalogue[catalogue["theme"] == theme]
    if query.strip():
        needle = query.strip().lower()
        hay = cat[f"name_{lang}"].str.lower() + " " + cat[f"definition_{lang}"].str.lower() + " " + cat["id"]
        cat = cat[hay.str.contains(needle, regex=False)]
    years = pd.Series(
        [year_span(int(a), int(b)) for a, b in zip(cat["first_year"], cat["last_year"], strict=True)],
        index=cat.index,
        dtype=object,
    )
    if spans is not None:
        years = cat["id"].map(spans).fillna(years)
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
    """Distinct sources with their licence, each once, for a sources sheet or a credits list."""
    out = source_credits(catalogue, lang)[["source", "licence"]]
    return out.rename(columns={"source": t("col.source", lang), "licence": t("col.licence", lang)})
