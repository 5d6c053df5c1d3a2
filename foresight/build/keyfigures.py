"""Statistics Finland's municipal key figures (Kuntien avainluvut): the 2006–2016 edition (2019 division) and
the 2022 edition's time series 2000–2021 (2021 division). Both go through the same harmonisation; where they
overlap, the newer edition is the publisher's revised figure and wins (see common.newest_wins)."""

from __future__ import annotations

import pandas as pd

from foresight.build.common import (
    check_observations,
    check_range,
    codes_by_name,
    harmonise_sum,
    harmonise_weighted,
    keep_published,
    long,
    name_to_code,
    raw,
    tag,
)
from foresight.columns import MUNICIPALITY, OBS_COLUMNS, YEAR
from foresight.refresh.tables import clean_name

POP = "Vakiluku"
EMPLOYED = "Alueella_asuvan_tyollisen_tyovoiman_maara"
JOBS = "Alueella_olevien_tyopaikkojen_lukumaara"
HOUSEHOLDS = "Asuntokuntien_lukumaara"
UNEMPLOYED_SHARE = "Tyottomien_osuus_tyovoimasta"
OLD_FILE = "kuntien_avainluvut_2006_2016_kt162r.csv"
NEW_FILE = "kuntien_avainluvut_2000_2021_edition2022_cslr.tsv"
# Publication dates: the newer edition's figure wins where both have a year.
EDITIONS = {OLD_FILE: "2019-03", NEW_FILE: "2022-11-08"}

# indicator id → (source column, weight column); weights are population-like denominators.
WEIGHTED: dict[str, tuple[str, str]] = {
    "share_under_15": ("Alle_15_vuotiaiden_osuus_vaestosta", POP),
    "share_15_64": ("X15_64_vuotiaiden_osuus_vaestosta", POP),
    "share_65_plus": ("Yli_64_vuotiaiden_osuus_vaestosta", POP),
    "share_swedish_speakers": ("Ruotsinkielisten_osuus_vaestosta", POP),
    "share_foreign_citizens": ("Ulkomaan_kansalaisten_osuus_vaestosta", POP),
    "share_pensioners": ("Elakelaisten_osuus_vaestosta", POP),
    "employment_rate": ("Tyollisyysaste", "_pop_15_64"),
    "share_tertiary_education": (
        "Korkea_asteen_tutkinnon_suorittaneiden_osuus_15_vuotta_tayttaneista",
        "_pop_15_plus",
    ),
    "share_secondary_education": (
        "Vahintaan_toisen_asteen_tutkinnon_suorittaneiden_osuus_15_vuotta_tayttaneista",
        "_pop_15_plus",
    ),
    "share_jobs_primary": ("Alkutuotannon_tyopaikkojen_osuus", JOBS),
    "share_jobs_processing": ("Jalostuksen_tyopaikkojen_osuus", JOBS),
    "share_jobs_services": ("Palvelujen_tyopaikkojen_osuus", JOBS),
    "urbanisation_rate": ("Taajama_aste", POP),
    "annual_margin_eur": ("Vuosikate_euroa_asukas", POP),
    "loan_stock_eur": ("Lainakanta_euroa_asukas", POP),
    "group_loan_stock_eur": ("Konsernin_lainakanta_euroa_asukas", POP),
    "net_cost_education_culture_eur": (
        "Opetus_ja_kulttuuritoiminta_yhteensa_nettokayttokustannukset_euroa_asukas",
        POP,
    ),
    "net_cost_social_health_eur": (
        "Sosiaali_ja_terveystoiminta_yhteensa_nettokayttokustannukset_euroa_asukas",
        POP,
    ),
}
# Only the 2022 edition has these (its labels clean to these column names).
WEIGHTED_NEW: dict[str, tuple[str, str]] = {
    # The employment statistics' unemployed share (end of year), weighted by the labour force it implies.
    "unemployed_share_labour_force": (UNEMPLOYED_SHARE, "_labour_force"),
    "share_working_in_home_municipality": ("Asuinkunnassaan_tyossakayvien_osuus", EMPLOYED),
    "share_households_rented": ("Vuokra_asunnoissa_asuvien_asuntokuntien_osuus", HOUSEHOLDS),
    "share_households_row_detached": ("Rivi_ja_pientaloissa_asuvien_asuntokuntien_osuus", HOUSEHOLDS),
}
SUMMED_NEW = {"families": "Perheiden_lukumaara", "households": HOUSEHOLDS}
SUMMED = {
    "natural_increase": "Syntyneiden_enemmyys_henkiloa",
    "employed_residents": EMPLOYED,
    "jobs": JOBS,
}


def _weights(frame: pd.DataFrame) -> pd.DataFrame:
    frame["_pop_15_64"] = frame[POP] * frame["X15_64_vuotiaiden_osuus_vaestosta"] / 100
    frame["_pop_15_plus"] = frame[POP] * (100 - frame["Alle_15_vuotiaiden_osuus_vaestosta"]) / 100
    if UNEMPLOYED_SHARE in frame.columns:
        frame["_labour_force"] = frame[EMPLOYED] / (1 - frame[UNEMPLOYED_SHARE] / 100)
    return frame


def load() -> pd.DataFrame:
    """The 2006–2016 edition with 2019-division codes and the helper weights."""
    frame = pd.read_csv(raw(OLD_FILE))
    frame[MUNICIPALITY] = name_to_code(frame["Alue"], 2019)
    frame = frame.rename(columns={"vuosi": YEAR})
    return _weights(frame)


def load_2022() -> pd.DataFrame:
    """The 2022 edition (wide by year, Finnish labels, names only) in the older edition's shape.

    Its labels clean to the older file's column names ('Työllisyysaste, %' → 'Tyollisyysaste'); '..' is missing.
    """
    wide = pd.read_csv(raw(NEW_FILE), sep="\t", dtype=str)
    wide = wide[wide["Tiedot"] != "Tiedot"]
    names = codes_by_name(2021)
    wide = wide[wide["Alue 2021"].isin(names)]  # regions and sub-regions out
    assert wide["Alue 2021"].nunique() == 309, f"expected 309 municipalities: {wide['Alue 2021'].nunique()}"
    years = [c for c in wide.columns if c.isdigit()]
    frame = wide.melt(id_vars=["Alue 2021", "Tiedot"], value_vars=years, var_name=YEAR)
    frame["value"] = pd.to_numeric(frame["value"].replace("..", None))
    frame["Tiedot"] = frame["Tiedot"].map(clean_name)
    frame = frame.pivot_table(
        index=["Alue 2021", YEAR], columns="Tiedot", values="value", aggfunc="first", dropna=False
    ).reset_index()
    frame.columns.name = None
    frame[MUNICIPALITY] = name_to_code(frame["Alue 2021"], 2021)
    frame[YEAR] = frame[YEAR].astype(int)
    return _weights(frame)


def run() -> pd.DataFrame:
    """Key-figure indicators of both editions on the 2026 division, each tagged with its edition."""
    old = indicators(load(), 2019, {})
    new = indicators(load_2022(), 2021, {**WEIGHTED_NEW}, SUMMED_NEW)
    check_range(new, "unemployed_share_labour_force", 0, 60)
    check_range(new, "share_households_rented", 0, 100)
    return pd.concat([tag(old, OLD_FILE, EDITIONS[OLD_FILE]), tag(new, NEW_FILE, EDITIONS[NEW_FILE])])


def indicators(
    frame: pd.DataFrame,
    division: int,
    extra_weighted: dict[str, tuple[str, str]],
    extra_summed: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Key-figure indicators of one edition harmonised to the 2026 division."""
    parts: list[pd.DataFrame] = []
    for indicator, (column, weight) in {**WEIGHTED, **extra_weighted}.items():
        parts.append(long(harmonise_weighted(frame, column, weight, division), indicator, column))
    summed = {**SUMMED, **(extra_summed or {})}
    # Each count on its own (an edition may lack a count in its newest year); the ratios need all three.
    for indicator, column in summed.items():
        parts.append(long(harmonise_sum(frame, [column], division), indicator, column))
    sums = harmonise_sum(frame, [POP, EMPLOYED, JOBS], division)
    # Ratios of counts are recomputed from the summed parts; unmerged municipalities keep the published value.
    sums["Tyopaikkaomavaraisuus"] = sums[JOBS] / sums[EMPLOYED] * 100
    sums["Taloudellinen_huoltosuhde"] = (sums[POP] - sums[EMPLOYED]) / sums[EMPLOYED] * 100
    for indicator, column in (
        ("job_self_sufficiency", "Tyopaikkaomavaraisuus"),
        ("economic_dependency_ratio", "Taloudellinen_huoltosuhde"),
    ):
        parts.append(
            long(
                keep_published(sums[[MUNICIPALITY, YEAR, column]], frame, column),
                indicator,
                column,
            )
        )
    # The demographic dependency ratio is not in this table: derive it from the published age shares.
    shares = (
        harmonise_weighted(frame, "Alle_15_vuotiaiden_osuus_vaestosta", POP, division)
        .merge(
            harmonise_weighted(frame, "Yli_64_vuotiaiden_osuus_vaestosta", POP, division),
            on=[MUNICIPALITY, YEAR],
        )
        .merge(
            harmonise_weighted(frame, "X15_64_vuotiaiden_osuus_vaestosta", POP, division),
            on=[MUNICIPALITY, YEAR],
        )
    )
    shares["ratio"] = (
        (shares["Alle_15_vuotiaiden_osuus_vaestosta"] + shares["Yli_64_vuotiaiden_osuus_vaestosta"])
        / shares["X15_64_vuotiaiden_osuus_vaestosta"]
        * 100
    )
    parts.append(long(shares, "dependency_ratio_demographic", "ratio"))
    obs = pd.concat(parts, ignore_index=True)[list(OBS_COLUMNS)]
    # Checks
    check_observations(obs, "keyfigures")
    for indicator in (
        "share_under_15",
        "share_15_64",
        "share_65_plus",
        "employment_rate",
        "urbanisation_rate",
    ):
        check_range(obs, indicator, 0, 100)
    check_range(obs, "dependency_ratio_demographic", 30, 150)
    check_range(obs, "annual_margin_eur", -3000, 5000)
    check_range(obs, "job_self_sufficiency", 10, 250)
    # The recomputation formulas must reproduce the published ratios where nothing merged.
    for column in ("Tyopaikkaomavaraisuus", "Taloudellinen_huoltosuhde"):
        published = frame.set_index([MUNICIPALITY, YEAR])[column]
        gap = (sums.set_index([MUNICIPALITY, YEAR])[column] - published).abs().dropna()
        assert gap.quantile(0.99) < 1.0, f"recomputed {column} drifts from the published: {gap.max()}"
    return obs
