"""Column names and fixed vocabularies, named once and used everywhere."""

from __future__ import annotations

from typing import Final

# The long observation table: one row per municipality × indicator × year.
MUNICIPALITY: Final = "municipality"
INDICATOR: Final = "indicator"
YEAR: Final = "year"
VALUE: Final = "value"
OBS_COLUMNS: Final = (MUNICIPALITY, INDICATOR, YEAR, VALUE)

# Official projections add these to the long shape.
EDITION: Final = "edition"
AGE: Final = "age"
PROJ_COLUMNS: Final = (EDITION, MUNICIPALITY, YEAR, AGE, VALUE)

# Interval columns shared by every projection method (issue 4).
MEAN: Final = "mean"
INTERVAL_COLUMNS: Final = ("lower_80", "upper_80", "lower_95", "upper_95")

# The six themes of the network's situation analysis, in their fixed order.
THEMES: Final = (
    "vitality",
    "population",
    "wellbeing",
    "finances",
    "participation",
    "sustainability",
)

LANGUAGES: Final = ("fi", "sv", "en")
DEFAULT_LANGUAGE: Final = "fi"

# Urban–rural group (Statistics Finland's kuntaryhmitys), as codes 1/2/3 in the source.
URBAN_RURAL: Final = ("urban", "semi_urban", "rural")

# Size classes by the network's thresholds (inhabitants).
SIZE_CLASSES: Final = ("small", "medium", "large")
SIZE_THRESHOLDS: Final = (9_000, 45_000)

# Polarity: is a higher value better (1), worse (-1) or neither (0)?
POLARITY_VALUES: Final = (1, -1, 0)
