"""Diak's deprivation indices: the year-window logic on literal data, and real values against the raw files."""

from __future__ import annotations

import pandas as pd
import pytest

from foresight.build import diak
from foresight.build.common import RAW_DIR
from foresight.snapshot import SNAPSHOT_DIR, load_snapshot

# Descriptions as Diak writes them (copied from the raw description files).
NAMED = (
    "Muuttuja kuvastaa pitkäaikaistyöttömien osuutta työvoimasta. (Lähde Sotkanet.fi) Muuttuja on muodostettu "
    "vuosien 2020-2022 tilastojen keskiarvosta vuosivaihtelun minimoimiseksi, ja suhteuttamalla arvo keskimmäiseen"
)
DOUBLE_SPACE = (
    "Muuttuja on muodostettu vuosien 2019-2021  tilastojen keskiarvosta vuosivaihtelun minimoimiseksi"
)
TWO_YEARS = (
    "Muuttuja on muodostettu vuosien 2019-2020 tilastojen keskiarvosta vuosivaihtelun minimoimiseksi, ja "
    "suhteuttamalla arvo keskimmäiseen. Vuoden 2021 tietoja ei ole tällä hetkellä saatavilla."
)
SURVEY = (
    "Muuttuja on laskettu suhteuttamalla uusimmat tilastot keskimmäiseen eli mediaanihyvinvointialueeseen."
)
COMPOSITE = (
    "Huono-osaisuuden summamuuttuja kuvastaa huono-osaisuuden kaikkia ulottuvuuksia. Indikaattorin laskutapa "
    "muuttunut 22.2.2022: taloudellisesta jätetty pois mittari Päihdehuollon avopalveluissa asiakkaita"
)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        (NAMED, (2020, 2022)),
        (DOUBLE_SPACE, (2019, 2021)),
        (TWO_YEARS, (2019, 2020)),
        ("… vuosien 2020–2022 tilastojen keskiarvosta …", (2020, 2022)),  # en dash
        (SURVEY, None),  # "the newest statistics": no year
        (COMPOSITE, None),  # a date of a method change is not a window
        ("vuosien 2022-2020 tilastojen keskiarvo", None),  # reversed: not a window
    ],
)
def test_window_is_read_from_the_description(text: str, years: tuple[int, int] | None) -> None:
    assert diak.window_of(text) == years


def test_series_year_is_the_middle_of_three() -> None:
    # Diak's build script: "aika muotoa 2017-2019 … 2017-2019 ->> 2018".
    assert diak.series_window(2018) == (2017, 2019)
    assert diak.series_window(2020) == (2019, 2021)


def _series(values: dict[str, dict[int, float]], code: str = "091", aika: int = 2020) -> pd.DataFrame:
    """A literal time series of one municipality-year: every variable Diak's file has (default 100)."""
    names = {**diak.ITEMS, **{i: spec[0] for i, spec in diak.COMPOSITES.items()}}
    rows = []
    for ident, name in names.items():
        for year in (aika - 1, aika):
            value = values.get(ident, {}).get(year, 100.0)
            rows.append({"municipality": code, "variable": name, "aika": year, "value": value})
    return pd.DataFrame(rows)


def test_series_is_stored_at_the_window_end_and_suppressed_zeros_stay_out() -> None:
    series = _series(
        {
            "diak_child_welfare_placements": {2019: 80.0, 2020: 0.0},  # 0 only in the last year: withheld
            "diak_social": {2019: 95.0, 2020: 75.0},  # Diak's mean counted the 0 as a value
            "diak_total": {2019: 98.0, 2020: 91.0},
            "diak_human": {2019: 120.0, 2020: 130.0},
        }
    )
    obs = diak.process_series(series).set_index(["indicator", "year"])["value"]
    assert obs[("diak_child_welfare_placements", 2020)] == 80.0  # aika 2019 = 2018–2020 → 2020
    assert ("diak_child_welfare_placements", 2021) not in obs.index
    assert ("diak_social", 2021) not in obs.index  # built on the withheld item
    assert ("diak_total", 2021) not in obs.index  # built on that composite
    assert obs[("diak_human", 2021)] == 130.0  # untouched: none of its items was withheld
    assert obs[("diak_social", 2020)] == 95.0
    assert obs.index.get_level_values("year").max() == 2021


def _latest(values: dict[str, float]) -> tuple[pd.DataFrame, dict[str, str]]:
    """A literal latest file of one municipality and descriptions naming 2020–2022 for every item."""
    rows, descriptions = [], {}
    for ident, name in diak.ITEMS.items():
        rows.append(
            {"municipality": "286", "variable": name + diak.LATEST_SUFFIX, "value": values.get(ident, 100.0)}
        )
        descriptions[name + diak.LATEST_SUFFIX] = NAMED
    descriptions[diak.ITEMS["_child_welfare_costs"] + diak.LATEST_SUFFIX] = TWO_YEARS
    for ident, (_, name, _) in diak.COMPOSITES.items():
        rows.append({"municipality": "286", "variable": name, "value": values.get(ident, 100.0)})
        descriptions[diak.DESCRIPTION_ALIASES.get(name, name)] = COMPOSITE
    return pd.DataFrame(rows), descriptions


def test_latest_composite_takes_its_years_from_its_items_only_when_it_is_their_mean() -> None:
    # Human deprivation: the mean of its six items (100 × 5 and 160) is 110; social given as 120 but its items
    # average 100 (it includes something undated): left out, and so is the overall index.
    frame, descriptions = _latest(
        {"diak_low_income": 160.0, "diak_human": 110.0, "diak_social": 120.0, "diak_total": 110.0}
    )
    obs, windows = diak.process_latest(frame, descriptions, series_end=2021)
    got = obs.set_index(["indicator", "year"])["value"]
    assert windows["diak_human"] == (2020, 2022)
    assert windows["diak_economic"] == (2019, 2022)  # one item ends 2020
    assert got[("diak_human", 2022)] == 110.0
    assert got[("diak_low_income", 2022)] == 160.0
    assert got[("diak_economic", 2022)] == 100.0
    assert ("diak_social", 2022) not in got.index
    assert ("diak_total", 2022) not in got.index
    assert set(got.index.get_level_values("year")) == {2022}


def test_latest_mean_ending_within_the_series_stays_out() -> None:
    frame, descriptions = _latest({})
    obs, _ = diak.process_latest(frame, descriptions, series_end=2022)
    assert obs.empty  # 2020–2022 would sit on the series' own 2022 value


# ---------------------------------------------------------------- the committed snapshot against the raw files


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    return load_snapshot(SNAPSHOT_DIR).observations


def _value(obs: pd.DataFrame, code: str, indicator: str, year: int) -> float | None:
    hit = obs[(obs["municipality"] == code) & (obs["indicator"] == indicator) & (obs["year"] == year)]
    return None if hit.empty else float(hit["value"].iloc[0])


def test_a_series_value_equals_the_rda_file(obs: pd.DataFrame) -> None:
    pyreadr = pytest.importorskip("pyreadr")
    frame = next(iter(pyreadr.read_r(RAW_DIR / diak.SERIES_FILE).values()))
    row = frame[
        (frame["regio_level"] == "Kunnat")
        & (frame["aluenimi"] == "Helsinki")
        & (frame["variable"] == "Huono-osaisuus yhteensä")
        & (frame["aika"] == 2020)
    ]
    assert len(row) == 1
    raw_value = float(row["value"].iloc[0])
    assert raw_value == pytest.approx(144.8, abs=0.05)  # as Diak's application shows it, rounded
    assert _value(obs, "091", "diak_total", 2021) == raw_value  # aika 2020 = 2019–2021, stored at 2021


def test_latest_values_equal_the_csv(obs: pd.DataFrame) -> None:
    # Lines 364 and 695 of diak_kartta_2025build_latest_69vars.csv.
    assert _value(obs, "091", "diak_economic", 2022) == 165.65115054069136
    assert _value(obs, "286", "diak_total", 2022) == 138.51401666611073
    # Kuopio's composite includes survey items without stated years (line 685): left out.
    assert _value(obs, "297", "diak_total", 2022) is None


def test_mantyharju_has_no_index_and_every_index_is_labelled(obs: pd.DataFrame) -> None:
    diak_obs = obs[obs["indicator"].str.startswith("diak_")]
    assert "507" not in set(diak_obs["municipality"])
    cat = load_snapshot(SNAPSHOT_DIR).indicators
    entries = cat[cat["id"].str.startswith("diak_")]
    assert len(entries) == 13
    assert set(entries["unit"]) == {"index"}
    assert set(entries["theme"]) == {"wellbeing"} and set(entries["polarity"]) == {-1}
    for lang, label in (
        ("fi", "mediaanikunta = 100"),
        ("sv", "mediankommunen = 100"),
        ("en", "median municipality = 100"),
    ):
        assert entries[f"name_{lang}"].str.contains(label, regex=False).all()
        assert entries[f"definition_{lang}"].str.contains(label, regex=False).all()
    assert set(entries["last_year"]) == {2022}
