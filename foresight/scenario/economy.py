"""A transparent municipal-economy sketch on top of a population scenario: tax base and education places.

Not a budget model. Every assumption is a named, editable value with its source; health and social services
moved to the wellbeing services counties in 2023 and are deliberately left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from foresight.columns import INDICATOR, MUNICIPALITY, VALUE, YEAR
from foresight.scenario.model import Result
from foresight.scenario.outputs import KEY_YEARS, employed_values, group_sum

ITEM = "item"
BASELINE = "baseline"
SCENARIO = "scenario"
DIFFERENCE = "difference"
UNIT = "unit"
ITEMS = ("employed", "tax_base", "tax_revenue", "ecec_places", "basic_education_pupils")
CAVEAT_KEY = "scenario.economy.caveat"  # the 2023 health and social services reform note
ALAND_CAVEAT_KEY = "scenario.economy.caveat.aland"  # the 2023 reform did not apply to Åland
HELSINKI_CAVEAT_KEY = "scenario.economy.caveat.helsinki"  # Helsinki is in no wellbeing services county
ALAND_REGION = "21"  # Ahvenanmaa – Åland in the municipality register's region_code
HELSINKI = "091"
TAX_NOTE_KEY = "scenario.assumption.income_tax_rate.note"
ALAND_TAX_NOTE_KEY = "scenario.assumption.income_tax_rate.note.aland"  # Åland's rates were not cut in 2023


def caveat_key(region_code: object, code: object = None) -> str:
    """The economy sketch's note: the 2023 reform moved social and health services to the wellbeing services
    counties everywhere but Åland, where the municipalities still arrange social services, and Helsinki, which
    arranges them itself with state funding."""
    if str(region_code).strip() == ALAND_REGION:
        return ALAND_CAVEAT_KEY
    return HELSINKI_CAVEAT_KEY if str(code).strip() == HELSINKI else CAVEAT_KEY


def tax_note_key(region_code: object) -> str:
    """Where the tax rate comes from: the 2023 reform cut every mainland municipality's rate by 12.64
    percentage points; Åland's municipalities kept theirs (Kökar 19.7 % in 2026)."""
    return ALAND_TAX_NOTE_KEY if str(region_code).strip() == ALAND_REGION else TAX_NOTE_KEY


@dataclass(frozen=True)
class Assumption:
    """An editable assumption: value, range, step, unit key and source/explanation key (scenario.assumption.<id>)."""

    id: str
    value: float
    minimum: float
    maximum: float
    step: float
    unit: str

    @property
    def label_key(self) -> str:
        """Text key of the assumption's name."""
        return f"scenario.assumption.{self.id}"

    @property
    def note_key(self) -> str:
        """Text key of where the default comes from."""
        return f"scenario.assumption.{self.id}.note"


# Defaults with sources (see the note keys): Statistics Finland, structure of earnings 2024, mean total earnings of
# full-time employees 4 070 €/month; Finnish National Agency for Education (Vipunen), 75 % of 1–6-year-olds in
# early childhood education and care in 2021; basic education is compulsory for ages 7–15.
DEFAULTS: tuple[Assumption, ...] = (
    Assumption("monthly_earnings", 4070.0, 500.0, 15000.0, 10.0, "scenario.unit.eur_per_month"),
    Assumption("months_per_year", 12.0, 1.0, 13.0, 0.5, "scenario.unit.months"),
    Assumption("income_tax_rate", float("nan"), 0.0, 25.0, 0.05, "scenario.unit.percent"),
    Assumption("ecec_participation", 75.0, 0.0, 100.0, 1.0, "scenario.unit.percent"),
    Assumption("basic_education_participation", 100.0, 0.0, 100.0, 1.0, "scenario.unit.percent"),
)


def income_tax_rate(observations: pd.DataFrame, code: str) -> tuple[float | None, int | None]:
    """The municipality's income tax rate (%) and its year from the snapshot, or (None, None)."""
    rows = observations[(observations[INDICATOR] == "income_tax_rate") & (observations[MUNICIPALITY] == code)]
    rows = rows.dropna(subset=[VALUE])
    if rows.empty:
        return None, None
    last = rows.sort_values(YEAR).iloc[-1]
    return float(last[VALUE]), int(last[YEAR])


def default_assumptions(tax_rate: float | None) -> dict[str, Assumption]:
    """The default assumptions, with the municipality's own income tax rate filled in when known."""
    out = {a.id: a for a in DEFAULTS}
    out["income_tax_rate"] = replace(
        out["income_tax_rate"], value=float("nan") if tax_rate is None else tax_rate
    )
    return out


def edit(assumptions: Mapping[str, Assumption], **values: float) -> dict[str, Assumption]:
    """Assumptions with some values changed, each held within its range."""
    out = dict(assumptions)
    for key, value in values.items():
        current = out[key]
        out[key] = replace(current, value=min(max(float(value), current.minimum), current.maximum))
    return out


def tax_base(employed: np.ndarray | float, monthly_earnings: float, months: float) -> np.ndarray:
    """Taxable earned income of employed residents (€/year) = employed × monthly earnings × months."""
    return np.asarray(employed, dtype=float) * monthly_earnings * months


def tax_revenue(base: np.ndarray | float, rate_percent: float) -> np.ndarray:
    """Municipal income tax at the nominal rate (€/year); deductions make the real yield smaller."""
    return np.asarray(base, dtype=float) * rate_percent / 100.0


def places(children: np.ndarray | float, participation_percent: float) -> np.ndarray:
    """Places needed = children of the age × participation share."""
    return np.asarray(children, dtype=float) * participation_percent / 100.0


def _items(
    result: Result,
    rates: Mapping[str, float] | pd.Series,
    change_pp: float,
    start_year: int,
    a: Mapping[str, Assumption],
) -> dict[str, np.ndarray]:
    """Every sketch item as (M, Y) arrays."""
    employed = employed_values(result, rates, change_pp, start_year)[2]
    base = tax_base(employed, a["monthly_earnings"].value, a["months_per_year"].value)
    return {
        "employed": employed,
        "tax_base": base,
        "tax_revenue": tax_revenue(base, a["income_tax_rate"].value),
        # ECEC mostly starts after parental leave: ages 1–6, as in the participation statistic
        "ecec_places": places(group_sum(result.population, 1, 6), a["ecec_participation"].value),
        "basic_education_pupils": places(
            group_sum(result.population, 7, 15), a["basic_education_participation"].value
        ),
    }


UNITS = {
    "employed": "scenario.unit.persons",
    "tax_base": "scenario.unit.eur_per_year",
    "tax_revenue": "scenario.unit.eur_per_year",
    "ecec_places": "scenario.unit.places",
    "basic_education_pupils": "scenario.unit.pupils",
}


def sketch(
    scenario: Result,
    baseline: Result,
    code: str,
    rates: Mapping[str, float] | pd.Series,
    assumptions: Mapping[str, Assumption],
    change_pp: float = 0.0,
    start_year: int = 2026,
    years: Sequence[int] = KEY_YEARS,
) -> pd.DataFrame:
    """One municipality's sketch: item, year, baseline, scenario, difference, unit (text key).

    The employment lever applies to the scenario only; the baseline keeps the observed rate.
    """
    row_s = int(np.flatnonzero(scenario.codes == code)[0])
    row_b = int(np.flatnonzero(baseline.codes == code)[0])
    wanted = [int(y) for y in years if int(y) in set(scenario.years.tolist())]
    col_s = [int(np.flatnonzero(scenario.years == y)[0]) for y in wanted]
    col_b = [int(np.flatnonzero(baseline.years == y)[0]) for y in wanted]
    s_items = _items(scenario, rates, change_pp, start_year, assumptions)
    b_items = _items(baseline, rates, 0.0, start_year, assumptions)
    rows = []
    for item in ITEMS:
        for y, cs, cb in zip(wanted, col_s, col_b, strict=True):
            b_val = float(b_items[item][row_b, cb])
            s_val = float(s_items[item][row_s, cs])
            rows.append(
                {
                    ITEM: item,
                    YEAR: y,
                    BASELINE: b_val,
                    SCENARIO: s_val,
                    DIFFERENCE: s_val - b_val,
                    UNIT: UNITS[item],
                }
            )
    return pd.DataFrame(rows, columns=[ITEM, YEAR, BASELINE, SCENARIO, DIFFERENCE, UNIT])
