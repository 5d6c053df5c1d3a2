"""Statistics Finland's population projections: by single year of age, the 2019 and 2024 editions; totals
of the 2012 edition (kept only to score how it fared, never shown as a current projection)."""

from __future__ import annotations

import pandas as pd

from foresight.build.common import current_codes, harmonise_sum, raw
from foresight.columns import AGE, EDITION, MUNICIPALITY, PROJ_COLUMNS, VALUE, YEAR

TOTAL_AGE = 999  # the 2019 file's code for all ages
PAST_EDITION = "2012"  # in THL Sotkanet's 2013 dump, on the 2013 division; it starts from the end of 2011
PAST_FILE = "sotkanet_municipal_indicators_1990_2012_long.csv.gz"
PAST_VARIABLE = "[VÄESTÖNMUUTOS] Väestöennuste "  # + the projected year (2020, 2030, 2040)
PAST_COLUMNS = (EDITION, MUNICIPALITY, YEAR, VALUE)


def load(name: str) -> pd.DataFrame:
    """One projection file with municipality codes, whole-country rows dropped."""
    frame = pd.read_csv(raw(name), dtype={"area_code": str})
    frame = frame[frame["area_code"] != "SSS"].rename(
        columns={"area_code": MUNICIPALITY, "projected_population": VALUE}
    )
    return frame[[MUNICIPALITY, YEAR, AGE, VALUE]]


def run() -> pd.DataFrame:
    """Both editions on the 2026 division, one row per edition × municipality × year × age."""
    old = load("population_projection_2019_to_2040_by_age_vaenn128v_kt162r.csv.gz")
    totals = old[old[AGE] == TOTAL_AGE].set_index([MUNICIPALITY, YEAR])[VALUE]
    old = old[old[AGE] != TOTAL_AGE]
    sums = old.groupby([MUNICIPALITY, YEAR])[VALUE].sum()
    assert (sums - totals).abs().max() < 1, "2019 projection: ages do not add up to the published total"
    new = load("population_projection_2024_vaenn14wx_2024_2035_2040_by_age.csv.gz")
    parts = []
    # Each edition is published on the division of its year.
    for edition, frame in (("2019", old), ("2024", new)):
        harmonised = harmonise_sum(frame, [VALUE], int(edition), keys=(YEAR, AGE))
        harmonised[EDITION] = edition
        parts.append(harmonised)
    out = pd.concat(parts, ignore_index=True)[list(PROJ_COLUMNS)]
    out[YEAR] = out[YEAR].astype("int64")
    out[AGE] = out[AGE].astype("int64")
    out[VALUE] = out[VALUE].astype("float64")
    out = out.sort_values(list(PROJ_COLUMNS[:4])).reset_index(drop=True)
    # Checks
    for edition, n_years, ages in (("2019", 22, 101), ("2024", 3, 100)):
        part = out[out[EDITION] == edition]
        assert set(part[MUNICIPALITY]) == set(current_codes()), f"{edition}: not all 308 municipalities"
        assert part[YEAR].nunique() == n_years and part[AGE].nunique() == ages, f"{edition}: unexpected shape"
    assert not out.duplicated(list(PROJ_COLUMNS[:4])).any(), "duplicate projection keys"
    assert (out[VALUE] >= 0).all(), "negative projected population"
    country_2024 = out[(out[EDITION] == "2024") & (out[YEAR] == 2024)][VALUE].sum()
    assert abs(country_2024 - 5_639_334) < 1, (
        f"2024 edition: whole country 2024 should be 5 639 334, got {country_2024}"
    )
    return out


def run_past() -> pd.DataFrame:
    """The 2012 edition's totals for 2020, 2030 and 2040 on the 2026 division (edition, municipality, year,
    value). Old: only the track record uses it, to show how an official projection fared."""
    frame = pd.read_csv(raw(PAST_FILE), dtype={"municipality_code": str})
    rows = frame[frame["Muuttuja"].str.startswith(PAST_VARIABLE)].copy()
    assert set(rows["Vuosi"]) == {int(PAST_EDITION)}, "past projection: one edition expected"
    rows[YEAR] = rows["Muuttuja"].str.removeprefix(PAST_VARIABLE).astype("int64")
    rows = rows.rename(columns={"municipality_code": MUNICIPALITY, "Arvo": VALUE})[
        [MUNICIPALITY, YEAR, VALUE]
    ]
    out = harmonise_sum(rows, [VALUE], 2013)
    out[EDITION] = PAST_EDITION
    out[VALUE] = out[VALUE].astype("float64")
    out = out[list(PAST_COLUMNS)].sort_values([MUNICIPALITY, YEAR]).reset_index(drop=True)
    assert set(out[MUNICIPALITY]) == set(current_codes()), "past projection: not all 308 municipalities"
    assert set(out[YEAR]) == {2020, 2030, 2040} and len(out) == 3 * len(current_codes())
    assert (out[VALUE] > 0).all(), "past projection: non-positive population"
    # Summing the merged parts keeps the country total of every year.
    assert (out.groupby(YEAR)[VALUE].sum() - rows.groupby(YEAR)[VALUE].sum()).abs().max() < 1e-6
    return out
