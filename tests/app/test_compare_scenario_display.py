"""What the usability review found on the compare and scenario pages: numbers as each language writes them,
no arrow on a zero change, one name per chart line, and a key-figures table that fits a phone."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from tests.app.conftest import run_app

SCENARIOS = "pages/scenarios.py"


def shown(element) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """A st.dataframe's cells as the reader sees them (a Styler's display values, else the values)."""
    styler = element.proto.arrow_data.styler
    if styler.display_values:
        return convert_arrow_bytes_to_pandas_df(styler.display_values)
    return element.value.astype(str)


@pytest.mark.parametrize(
    ("lang", "pattern", "nurmijarvi"),
    [
        # Nurmijärvi's unemployment rate in 2018 is 5.817 %: one decimal as the catalogue says.
        ("fi", r"\d{1,2},\d", "5,8"),
        ("sv", r"\d{1,2},\d", "5,8"),
        ("en", r"\d{1,2}\.\d", "5.8"),
    ],
)
def test_compare_values_table_writes_the_language_decimal_mark(
    lang: str, pattern: str, nurmijarvi: str
) -> None:
    at = run_app("pages/compare.py", municipality="297", lang=lang, indicator="unemployment_rate")
    assert not at.exception
    table = at.dataframe[0]
    cells = shown(table)
    values = cells.iloc[:, -1].tolist()
    assert values, "the values table is empty"
    assert all(re.fullmatch(pattern, v) for v in values), values  # '9,0', never '9' or '5.8' in fi/sv
    names = cells.iloc[:, 2].tolist()
    assert values[names.index("Nurmijärvi")] == nurmijarvi
    # The cells stay numbers underneath, so sorting the column sorts by value, not as text.
    raw = table.value.iloc[:, -1]
    assert raw.dtype.kind == "f"


def test_compare_values_table_whole_numbers_have_no_decimals() -> None:
    at = run_app("pages/compare.py", municipality="297", lang="fi", indicator="population")
    values = shown(at.dataframe[0]).iloc[:, -1].tolist()
    assert values and all(re.fullmatch(r"\d{1,3}(\u00a0\d{3})*", v) for v in values), values[:5]


def test_scenario_zero_change_shows_no_arrow() -> None:
    # The official projection as a scenario differs from the projection by nothing in every year.
    at = run_app(SCENARIOS, municipality="297", lang="fi")
    assert not at.exception
    metrics = list(at.metric)
    assert len(metrics) == 3
    for metric in metrics:
        assert metric.proto.delta.startswith("±0"), metric.proto.delta
        assert metric.proto.direction == metric.proto.MetricDirection.NONE, metric.label


def test_scenario_nonzero_change_keeps_its_arrow() -> None:
    at = run_app(SCENARIOS, municipality="297", lang="fi", sc_p="lonely_unsustainable")
    assert not at.exception
    directions = {m.proto.direction for m in at.metric}
    assert at.metric[0].proto.MetricDirection.NONE not in directions


@pytest.mark.parametrize(
    ("lang", "edition", "baseline"),
    [
        ("fi", "2024", "Tilastokeskuksen ennuste 2024"),
        ("sv", "2024", "Statistikcentralens prognos 2024"),
        ("en", "2024", "Statistics Finland's 2024 projection"),
        ("fi", "2019", "Tilastokeskuksen ennuste 2019"),
    ],
)
def test_scenario_chart_names_every_line_once(lang: str, edition: str, baseline: str) -> None:
    at = run_app(SCENARIOS, municipality="297", lang=lang, sc_ed=edition)
    assert not at.exception
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    legends = [[d["name"] for d in s["data"] if d.get("name")] for s in specs]
    legends = [names for names in legends if len(names) > 1]
    assert legends, "no chart with a legend"
    for names in legends:
        assert len(names) == len(set(names)), names
    lines = legends[0]
    # the chosen edition once: the 2019 edition as the baseline is not drawn again as 'the 2019 projection'
    assert sum(name.startswith(baseline) for name in lines) == 1, lines


def test_scenario_key_figures_wrap_on_a_phone() -> None:
    # A static table wraps its cells, so all four columns fit 390 px; a scrolling grid hid 2040 on a phone.
    at = run_app(SCENARIOS, municipality="297", lang="fi")
    headers = [list(tab.value.columns) for tab in at.table]
    assert ["Mittari", "2030", "2035", "2040"] in headers, headers  # key figures
    assert ["Erä", "2030", "2035", "2040"] in headers, headers  # the municipal-economy sketch
    assert all(list(df.value.columns)[:1] not in (["Mittari"], ["Erä"]) for df in at.dataframe)


@pytest.mark.parametrize(("code", "lang"), [("318", "sv"), ("091", "fi")])
def test_compare_without_indicator_opens_on_current_data_for_the_municipality(code: str, lang: str) -> None:
    # The review: Kökar opened on 'Inga uppgifter för Kökar: Arbetslöshetsgrad … fram till 2018'.
    at = run_app("pages/compare.py", municipality=code, lang=lang)
    assert not at.exception
    box = next(s for s in at.selectbox if s.key.startswith("w_compare_indicator"))
    assert box.value == "population"
    assert not [str(w.value) for w in at.warning if "2018" in str(w.value)]
    assert not any("Inga uppgifter" in str(i.value) or "Ei tietoja" in str(i.value) for i in at.info)


def test_compare_link_naming_an_indicator_keeps_it() -> None:
    at = run_app("pages/compare.py", municipality="318", lang="sv", indicator="unemployment_rate")
    box = next(s for s in at.selectbox if s.key.startswith("w_compare_indicator"))
    assert box.value == "unemployment_rate"


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("fi", "Huhtikuun 2025 kuntavaalien luvut eivät ole vielä tässä aineistossa"),
        ("sv", "Siffrorna från kommunalvalet i april 2025 finns ännu inte i dessa data"),
        ("en", "The figures from the April 2025 municipal elections are not yet in these data"),
    ],
)
@pytest.mark.parametrize("indicator", ["turnout_municipal_election", "women_share_candidates"])
def test_election_indicators_say_the_2025_elections_are_missing(lang: str, note: str, indicator: str) -> None:
    at = run_app("pages/compare.py", municipality="297", lang=lang, indicator=indicator)
    assert not at.exception
    assert any(note in str(c.value) for c in at.caption), [str(c.value)[:80] for c in at.caption]


@pytest.mark.parametrize(
    ("indicator", "lang", "said", "hidden"),
    [
        # MANIFEST: migration 1990–2017 (kt162r) and the 2025 StatFin export; nothing for 2018–2024
        (
            "net_migration",
            "fi",
            "Tiedot vuosilta 1990–2017, 2025: välivuosilta ei ole tietoa.",
            "Tiedot vuoteen",
        ),
        ("net_migration", "sv", "Uppgifter för åren 1990–2017, 2025", "Uppgifter till"),
        ("population", "en", "Data to 2025.", "Data for"),  # no gap: the plain line
    ],
)
def test_compare_source_line_says_a_gap_in_the_years(
    indicator: str, lang: str, said: str, hidden: str
) -> None:
    at = run_app("pages/compare.py", municipality="297", lang=lang, indicator=indicator)
    assert not at.exception
    captions = " ".join(str(c.value) for c in at.caption)
    assert said in captions
    assert hidden not in captions
