"""Statistics Finland's municipal key figures 2006–2016 (Kuntien avainluvut, 2019 division)."""

from __future__ import annotations

import pandas as pd

from foresight.build.common import (
    check_observations,
    check_range,
    harmonise_sum,
    harmonise_weighted,
    keep_published,
    long,
    name_to_code,
    raw,
)
from foresight.columns import MUNICIPALITY, OBS_COLUMNS, YEAR

POP = "Vakiluku"
EMPLOYED = "Alueella_asuvan_tyollisen_tyovoiman_maara"
JOBS = "Alueella_olevien_tyopaikkojen_lukumaara"
DIVISION = 2019  # the municipal division the file is published on

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
SUMMED = {
    "natural_increase": "Syntyneiden_enemmyys_henkiloa",
    "employed_residents": EMPLOYED,
    "jobs": JOBS,
}


def load() -> pd.DataFrame:
    """The key figures with 2019-division codes and the helper weights."""
    frame = pd.read_csv(raw("kuntien_avainluvut_2006_2016_kt162r.csv"))
    frame[MUNICIPALITY] = name_to_code(frame["Alue"], DIVISION)
    frame = frame.rename(columns={"vuosi": YEAR})
    frame["_pop_15_64"] = frame[POP] * frame["X15_64_vuotiaiden_osuus_vaestosta"] / 100
    frame["_pop_15_plus"] = frame[POP] * (100 - frame["Alle_15_vuotiaiden_osuus_vaestosta"]) / 100
    return frame


def run() -> pd.DataFrame:
    """Key-figure indicators harmonised to the 2026 division."""
    frame = load()
    parts: list[pd.DataFrame] = []
    for indicator, (column, weight) in WEIGHTED.items():
        parts.append(long(harmonise_weighted(frame, column, weight, DIVISION), indicator, column))
    sums = harmonise_sum(frame, [POP, *SUMMED.values()], DIVISION)
    for indicator, column in SUMMED.items():
        parts.append(long(sums, indicator, column))
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
        harmonise_weighted(frame, "Alle_15_vuotiaiden_osuus_vaestosta", POP, DIVISION)
        .merge(
            harmonise_weighted(frame, "Yli_64_vuotiaiden_osuus_vaestosta", POP, DIVISION),
            on=[MUNICIPALITY, YEAR],
        )
        .merge(
            harmonise_weighted(frame, "X15_64_vuotiaiden_osuus_vaestosta", POP, DIVISION),
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
