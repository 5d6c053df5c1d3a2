"""The sources page's credits: each source once, however many indicators combine it with others."""

from __future__ import annotations

import pandas as pd

from foresight import datasets

SOTKANET = "THL, Sotkanet.fi (haettu 8.9.2013; alkuperäinen tuottaja useimmiten Tilastokeskus)"
KTA = "Tilastokeskus, kuntien talous ja toiminta: tunnusluvut 2019 (StatFin kta 19)"
POPULATION = (
    "Tilastokeskus, väestörakenne (StatFin 11re, 1972–1999) ja THL Sotkanet, indikaattori 127 (2000–2022)"
)
DIAK_POPULATION = (
    "Tilastokeskus, väkiluku 2023–2024 Diakin kokoamana (Diak, Huono-osaisuus Suomessa; käsin jäljennetty)"
)
DIAK = "Diak, Huono-osaisuus Suomessa: indikaattorit (aikasarja 2023); alkuperäiset tiedot THL Sotkanet.fi ja Kela"
VERO = "Verohallinto, kuntien tuloveroprosentit vuonna 2026"


def catalogue() -> pd.DataFrame:
    """Six indicators as the build writes them: sources joined with '; ' in key order, licences distinct."""
    rows = [
        ("a", "sotkanet", SOTKANET, "CC BY 4.0"),
        ("b", "sotkanet", SOTKANET, "CC BY 4.0"),
        ("c", "sotkanet,kta", f"{SOTKANET}; {KTA}", "CC BY 4.0"),
        ("d", "population,diak_population,kta", f"{POPULATION}; {DIAK_POPULATION}; {KTA}", "CC BY 4.0"),
        ("e", "diak", DIAK, "CC BY 4.0"),  # one source whose own text has a '; ' outside brackets
        ("f", "vero", VERO, "julkinen viranomaispäätös"),
    ]
    return pd.DataFrame(
        [{"id": i, "source_keys": k, "source_fi": s, "licence_fi": lic} for i, k, s, lic in rows]
    )


def test_each_source_is_credited_once_with_the_indicators_it_covers() -> None:
    credits = datasets.source_credits(catalogue(), "fi")
    assert credits.to_dict("records") == [
        {"source": DIAK, "licence": "CC BY 4.0", "indicators": ["e"]},
        {"source": SOTKANET, "licence": "CC BY 4.0", "indicators": ["a", "b", "c"]},
        {"source": KTA, "licence": "CC BY 4.0", "indicators": ["c", "d"]},
        {"source": POPULATION, "licence": "CC BY 4.0", "indicators": ["d"]},
        {"source": DIAK_POPULATION, "licence": "CC BY 4.0", "indicators": ["d"]},
        {"source": VERO, "licence": "julkinen viranomaispäätös", "indicators": ["f"]},
    ]


def test_credit_lines_say_the_licence_and_the_count() -> None:
    lines = datasets.credit_lines(catalogue(), "fi")
    # The count and its word are held together by a no-break space, so a line never ends on the bare number.
    assert lines == [
        f"{DIAK} (CC BY 4.0): 1\u00a0indikaattori",
        f"{SOTKANET} (CC BY 4.0): 3\u00a0indikaattoria",
        f"{KTA} (CC BY 4.0): 2\u00a0indikaattoria",
        f"{POPULATION} (CC BY 4.0): 1\u00a0indikaattori",
        f"{DIAK_POPULATION} (CC BY 4.0): 1\u00a0indikaattori",
        f"{VERO} (julkinen viranomaispäätös): 1\u00a0indikaattori",
    ]
    assert sum(line.startswith("THL, Sotkanet.fi") for line in lines) == 1


def test_credits_sheet_has_each_source_once() -> None:
    sheet = datasets.credits(catalogue(), "fi")
    assert list(sheet.columns) == ["lähde", "lisenssi"]
    assert len(sheet) == 6 and sheet.iloc[:, 0].tolist().count(SOTKANET) == 1


def test_a_text_that_cannot_be_taken_apart_stays_whole() -> None:
    # Two sources never seen alone and a text with no top-level '; ' between them: credited as written.
    odd = pd.DataFrame(
        [{"id": "x", "source_keys": "p,q", "source_fi": "P (1; 2) ja Q", "licence_fi": "CC BY 4.0"}]
    )
    assert datasets.credit_lines(odd, "fi") == ["P (1; 2) ja Q (CC BY 4.0): 1\u00a0indikaattori"]
    no_keys = odd.drop(columns="source_keys")
    assert datasets.credit_lines(no_keys, "fi") == ["P (1; 2) ja Q (CC BY 4.0): 1\u00a0indikaattori"]


def test_a_catalogue_indexed_by_id_and_an_empty_one() -> None:
    indexed = catalogue().set_index("id")  # as the app's cached loader gives it (the strategy page uses it)
    assert datasets.source_credits(indexed, "fi")["indicators"].tolist()[1] == ["a", "b", "c"]
    assert datasets.credits(indexed.iloc[:0], "fi").empty


def test_compare_values_table_says_what_and_when_in_each_language() -> None:
    # The review: headers "sija | kuntanumero | kunta | as." named neither the indicator nor the year.
    ranked = pd.DataFrame({"municipality": ["091", "297"], "value": [674500.0, 126572.0], "rank": [1, 2]})
    names = {"091": "Helsinki", "297": "Kuopio"}
    ind = pd.Series(
        {"name_fi": "Väkiluku", "name_sv": "Folkmängd", "name_en": "Population", "unit": "persons"}
    )
    expected = {
        "fi": ["Sija", "Kuntanumero", "Kunta", "Väkiluku 2025 (as.)"],
        "sv": ["Placering", "Kommunnummer", "Kommun", "Folkmängd 2025 (inv.)"],
        "en": ["Rank", "Municipality code", "Municipality", "Population 2025 (persons)"],
    }
    for lang, columns in expected.items():
        table = datasets.ranking_table(ranked, names, ind, 2025, lang)
        assert list(table.columns) == columns
        assert table.iloc[1].tolist() == [2, "297", "Kuopio", 126572.0]
    # A monthly indicator names its month; a unit without a short label ('ratio') adds no brackets.
    monthly = pd.Series({"name_fi": "Työttömyysaste", "unit": "percent", "latest_period": "2026-06"})
    assert (
        datasets.ranking_table(ranked, names, monthly, 2026, "fi").columns[-1] == "Työttömyysaste 6/2026 (%)"
    )
    ratio = pd.Series({"name_fi": "Huoltosuhde", "unit": "ratio"})
    assert datasets.ranking_table(ranked, names, ratio, 2024, "fi").columns[-1] == "Huoltosuhde 2024"


def test_observed_years_and_the_sources_table_say_a_gap() -> None:
    obs = pd.DataFrame(
        {
            "municipality": ["091", "091", "091", "297", "091", "297"],
            "indicator": ["a", "a", "a", "a", "b", "b"],
            "year": [2015, 2016, 2017, 2025, 2020, 2021],
            "value": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        }
    )
    spans = datasets.observed_years(obs)
    assert spans == {"a": "2015–2017, 2025", "b": "2020–2021"}
