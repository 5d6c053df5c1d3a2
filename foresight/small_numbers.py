"""Small numbers: in a municipality of a few hundred residents a handful of persons moves a rate per 1 000
residents or a percentage change a lot, so where such a figure is shown for one the page says so.

The threshold, SMALL_POPULATION = 2 000 residents, is measured on the snapshot: the median absolute change
from one year to the next (2014–2025) of net migration per 1 000 residents is 15–19 ‰ under 1 000
residents, 11.9 ‰ at 1 000–2 000, 8.9 ‰ at 2 000–3 000, 3.4 ‰ at 10 000–50 000 and 1.6 ‰ over 50 000; of
the population's yearly change 1.2 % at 1 000–2 000 against 0.4 % at 10 000–50 000. Under 2 000 residents
ten persons are 5 ‰ (more than a town's typical yearly swing), and the year-to-year swing is about three
and a half times a town's. 54 of the 308 municipalities are under it (population 2025). The scenario
model's own caution about one-year age groups (scenario.display.SMALL, 1 000) is another matter.
"""

from __future__ import annotations

import math
from typing import Final

from foresight import format as fmt
from foresight.i18n import t

SMALL_POPULATION: Final = 2000  # residents; see the module's docstring
FEW_PERSONS: Final = 5  # "a few persons" in the note's worked example


def is_small(population: float | None) -> bool:
    """Whether a municipality of this population is under SMALL_POPULATION (unknown population: no)."""
    return population is not None and not math.isnan(float(population)) and 0 < population < SMALL_POPULATION


def note(population: float | None, name: str, lang: str) -> str | None:
    """The note for a small municipality, worked out for its own population ('5 persons are 23.7 ‰ or
    2.4 % of the residents'); None at or above SMALL_POPULATION."""
    if population is None or not is_small(population):
        return None
    pop = float(population)
    return t(
        "small_numbers.note",
        lang,
        name=name,
        population=fmt.number(pop, 0, lang),
        few=FEW_PERSONS,
        per_mille=fmt.number(FEW_PERSONS / pop * 1000, 1, lang),
        percent=fmt.number(FEW_PERSONS / pop * 100, 1, lang),
    )
