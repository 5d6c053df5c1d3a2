"""A small literal municipality register (real codes and names of the 2026 division)."""

import pandas as pd
import pytest


@pytest.fixture(scope="session")
def register() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["010", "049", "091", "186", "507", "905"],
            "name_fi": ["Alavus", "Espoo", "Helsinki", "Järvenpää", "Mäntyharju", "Vaasa"],
            "name_sv": ["Alavo", "Esbo", "Helsingfors", "Träskända", "Mäntyharju", "Vasa"],
        }
    )
