"""The scenario page under AppTest: presets, levers, the link, own scenarios, file upload and comparison."""

from __future__ import annotations

import json

import pytest

from foresight import scenario as sc
from foresight.build.common import RAW_DIR as RAW
from tests.app.conftest import layout, moved, places, run_app, texts, widget

PAGE = "pages/scenarios.py"
BASE_FI = "Perusura (Tilastokeskuksen ennusteen mukainen)"  # the baseline, named as what it is


def total(at, year: int) -> str:  # type: ignore[no-untyped-def]
    """The 2030/2035/2040 population metric's value text."""
    for metric in at.metric:
        if str(year) in metric.label:
            return str(metric.value)
    raise AssertionError(f"no metric for {year}")


def number(text: str) -> int:
    return int(text.replace("\u00a0", "").replace(" ", "").replace(",", ""))


@pytest.mark.parametrize(
    ("code", "lang", "title", "label"),
    [
        ("091", "fi", "Väestöskenaariot: Helsinki", "Väkiluku 2030"),
        ("297", "sv", "Befolkningsscenarier: Kuopio", "Folkmängd 2030"),
        ("020", "en", "Population scenarios: Akaa", "Population 2030"),
        ("318", "fi", "Väestöskenaariot: Kökar", "Väkiluku 2040"),
    ],
)
def test_page_opens_for_municipalities_and_languages(code: str, lang: str, title: str, label: str) -> None:
    at = run_app(PAGE, municipality=code, lang=lang)
    assert not at.exception
    assert at.title[0].value == title
    assert any(m.label == label for m in at.metric)
    body = texts(at)
    assert "CC BY 4.0" in body
    # key figures and the economy sketch, as tables that wrap on a phone
    year_tables = [list(table.value.columns)[1:] for table in at.table]
    assert year_tables.count(["2030", "2035", "2040"]) >= 2, year_tables
    # the baseline: no difference from the official projection, in every projected year
    deltas = [m.delta for m in at.metric if m.label.split()[-1] in ("2030", "2035", "2040")]
    assert deltas and all(d.split(" ", 1)[0] == "±0" for d in deltas), deltas


def test_preset_switch_shows_interpretation_and_lowers_population() -> None:
    at = run_app(PAGE, municipality="297", lang="fi")
    base_2030 = number(total(at, 2030))
    before = places(at)
    widget(at, "selectbox", "scenario_pick").set_value("lonely_unsustainable").run()
    assert not at.exception
    # The storyline's note comes above the levers; the folds below (the results' tables) keep their place, so
    # one opened stays open.
    assert not [k for k in moved(before, at) if k.startswith("fold:")], moved(before, at)
    body = texts(at)
    assert "Yksinäisten kestämätön kunta" in body and "Tulkinta" in body
    assert "−3 ‰ asukasluvusta vuodessa" in body  # the storyline's assumptions are on screen
    assert number(total(at, 2030)) < base_2030
    assert at.query_params["sc_p"] == "lonely_unsustainable"
    assert widget(at, "select_slider", "scenario_lever_fertility_change").value == -15.0


def test_lever_change_changes_2030_total_and_link() -> None:
    at = run_app(PAGE, municipality="020", lang="fi")
    before = number(total(at, 2030))
    widget(at, "select_slider", "scenario_lever_net_migration_persons").set_value(100).run()
    assert not at.exception
    after = number(total(at, 2030))
    # 100 extra movers a year in 2026–2030 (the start year's own moves count): five years' worth, plus a
    # few children born to them, minus a few deaths
    assert 495 <= after - before <= 530, (before, after)
    assert at.query_params["sc_m"] == "100"
    assert "muokattu" in texts(at)  # an edited preset is marked and can be saved


def test_employment_lever_changes_employed_not_population() -> None:
    at = run_app(PAGE, municipality="297", lang="en")
    before = total(at, 2030)
    widget(at, "select_slider", "scenario_lever_employment_rate_change").set_value(5.0).run()
    assert not at.exception
    assert total(at, 2030) == before
    frame = next(table.value for table in at.table if "Measure" in table.value.columns)
    employed = frame[frame["Measure"] == "Employed residents"]["2030"].iloc[0]
    assert "(+" in employed


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sc_f": "999"}, "value 999 is outside"),
        ({"sc_p": "nope"}, "“nope” does not exist"),
        ({"sc_m": "abc"}, "not a number"),
        ({"sc_ed": "1999"}, "edition “1999” does not exist"),
        ({"sc_v": "<script>"}, "view was not recognised"),
        ({"sc_f": "x" * 500, "sc_n": "y" * 500}, "not a number"),
    ],
)
def test_tampered_link_values_warn_and_fall_back(params: dict[str, str], expected: str) -> None:
    at = run_app(PAGE, municipality="297", lang="en", **params)
    assert not at.exception
    warnings = [str(w.value) for w in at.warning]
    assert any(expected in w for w in warnings), warnings
    assert all(len(w) < 300 for w in warnings)
    assert len(at.metric) == 3  # the page still draws its results


def test_clamped_link_value_is_used_clamped() -> None:
    at = run_app(PAGE, municipality="297", lang="fi", sc_f="999", sc_n="Kokeilu")
    assert not at.exception
    assert widget(at, "select_slider", "scenario_lever_fertility_change").value == 50.0
    assert "Kokeilu" in texts(at)


def test_link_round_trip_of_preset_and_own_scenario() -> None:
    at = run_app(PAGE, municipality="297", lang="fi", sc_p="drifting")
    assert widget(at, "selectbox", "scenario_pick").value == "drifting"
    assert widget(at, "select_slider", "scenario_lever_net_migration_rate").value == -1.5
    own = sc.Scenario(
        "Meidän kasvu", levers={**sc.defaults(), "net_migration_persons": 120, "fertility_change": 4}
    )
    at = run_app(PAGE, municipality="297", lang="fi", **sc.to_link(own))
    assert not at.exception
    assert widget(at, "selectbox", "scenario_pick").value.startswith("own")
    assert widget(at, "select_slider", "scenario_lever_net_migration_persons").value == 120
    assert "Meidän kasvu" in texts(at)
    assert at.query_params["sc_n"] == "Meidän kasvu" and at.query_params["sc_f"] == "4"


def test_save_rename_and_delete_own_scenario() -> None:
    at = run_app(PAGE, municipality="297", lang="fi")
    widget(at, "select_slider", "scenario_lever_fertility_change").set_value(10.0).run()
    before = places(at)
    at.text_input(key="scenario_new_name").input("Perhekunta").run()
    at.button(key="scenario_save").click().run()
    assert not at.exception
    # The list of own scenarios comes with the first one: "how the scenarios are computed" keeps its place.
    assert not [k for k in moved(before, at) if k.startswith("fold:")], moved(before, at)
    pick = widget(at, "selectbox", "scenario_pick")
    assert pick.value == "own1"
    assert any("Perhekunta" in str(s.value) for s in at.success)
    # lever edits of an own scenario are kept with it
    widget(at, "select_slider", "scenario_lever_fertility_change").set_value(12.0).run()
    assert at.session_state["scenario_own"]["own1"].levers["fertility_change"] == 12.0
    at.text_input(key="scenario_rename_own1").input("Perhekunta 2").run()
    assert at.session_state["scenario_own"]["own1"].name == "Perhekunta 2"
    at.button(key="scenario_delete").click().run()
    assert not at.exception
    assert at.session_state["scenario_own"] == {}
    assert widget(at, "selectbox", "scenario_pick").value == "baseline"


def test_the_saved_message_goes_without_moving_the_page() -> None:
    at = run_app(PAGE, municipality="297", lang="fi")
    at.text_input(key="scenario_new_name").input("Perhekunta").run()
    at.button(key="scenario_save").click().run()
    assert any("Perhekunta" in str(s.value) for s in at.success)
    shown = layout(at)
    at.run()  # the next run: said once
    assert not any("Perhekunta" in str(s.value) for s in at.success)
    assert layout(at) == shown


def test_malformed_upload_gives_message_and_keeps_scenarios() -> None:
    at = run_app(PAGE, municipality="297", lang="fi")
    at.text_input(key="scenario_new_name").input("Säilyy").run()
    at.button(key="scenario_save").click().run()
    at.file_uploader(key="scenario_upload_0").set_value(
        ("rikki.json", b"{not json", "application/json")
    ).run()
    assert not at.exception
    errors = [str(e.value) for e in at.error]
    assert any("ei ole kelvollista JSONia" in e for e in errors), errors
    assert [s.name for s in at.session_state["scenario_own"].values()] == ["Säilyy"]
    at.file_uploader(key="scenario_upload_0").set_value(
        ("lista.json", json.dumps([1, 2]).encode(), "application/json")
    ).run()
    assert any("ei ole Kuntaluotaimen skenaario" in str(e.value) for e in at.error)
    assert len(at.session_state["scenario_own"]) == 1


def test_valid_upload_adds_and_picks_the_scenario() -> None:
    at = run_app(PAGE, municipality="297", lang="sv")
    doc = sc.Scenario("Tuotu", "Tiedostosta", {**sc.defaults(), "fertility_change": 80}).to_json()
    at.file_uploader(key="scenario_upload_0").set_value(("s.json", doc.encode(), "application/json")).run()
    assert not at.exception
    own = at.session_state["scenario_own"]
    assert [s.name for s in own.values()] == ["Tuotu"]
    assert next(iter(own.values())).levers["fertility_change"] == 50.0  # clamped, and said so
    assert widget(at, "selectbox", "scenario_pick").value == next(iter(own))
    assert any("Tuotu" in str(s.value) and "50" in str(s.value) for s in at.success)


def test_compare_view_has_table_lines_pyramids_and_peer_rank() -> None:
    at = run_app(PAGE, municipality="297", lang="fi", sc_v="compare")
    assert not at.exception
    table = at.table[0].value  # a static table (see the desktop test at the end)
    assert list(table.columns[:3]) == ["Mittari", "Vuosi", BASE_FI]
    assert {"Vähähiiliset hyvinvointiverkostot", "Yksinäisten kestämätön kunta", "Loittoneva kunta"} <= set(
        table.columns
    )
    assert len(table) == 2 * len(sc.MEASURES)
    assert "CC BY 4.0" in texts(at)
    ranks = next(df.value for df in at.dataframe if "Sija vertailukuntien joukossa" in df.value.columns)
    assert ranks.iloc[0, 0] == BASE_FI and len(ranks) == 4
    assert all(str(r).split("/")[1] == str(ranks.iloc[0, 2]).split("/")[1] for r in ranks.iloc[:, 2])
    widget(at, "multiselect", "scenario_compare").set_value(["drifting"]).run()
    assert not at.exception
    assert list(at.table[0].value.columns) == [
        "Mittari",
        "Vuosi",
        BASE_FI,
        "Loittoneva kunta",
    ]


def test_compare_includes_an_edited_scenario_and_own_ones() -> None:
    at = run_app(PAGE, municipality="091", lang="en")
    widget(at, "select_slider", "scenario_lever_fertility_change").set_value(-20.0).run()
    widget(at, "radio", "scenario_view").set_value("compare").run()
    assert not at.exception
    options = widget(at, "multiselect", "scenario_compare").options
    assert "Baseline (edited)" in options
    widget(at, "multiselect", "scenario_compare").set_value(["current", "drifting"]).run()
    table = at.table[0].value
    assert "Baseline (edited)" in table.columns


def test_edition_switch_keeps_levers_and_changes_baseline() -> None:
    at = run_app(PAGE, municipality="297", lang="fi")
    v2024 = total(at, 2030)
    widget(at, "radio", "scenario_edition").set_value("2019").run()
    assert not at.exception
    assert total(at, 2030) != v2024
    assert at.query_params["sc_ed"] == "2019"


def test_own_names_are_shown_as_text_not_markup() -> None:
    at = run_app(
        PAGE, municipality="297", lang="fi", sc_n="<img src=x onerror=alert(1)>", sc_f="3", sc_v="compare"
    )
    assert not at.exception
    shown = [str(m.value) for m in at.markdown if "■" in str(m.value)]
    assert any("&lt;img" in m for m in shown) and not any("<img" in m for m in shown), shown


def test_start_year_follows_the_edition_and_held_at_zero_is_said() -> None:
    at = run_app(PAGE, municipality="318", lang="fi", sc_ed="2019", sc_s="2021", sc_m="-60")
    assert not at.exception
    assert widget(at, "slider", "scenario_lever_start_year").value == 2021
    assert any("pidettiin nollassa" in str(w.value) for w in at.warning)  # Kökar has ~230 residents
    widget(at, "radio", "scenario_edition").set_value("2024").run()
    assert not at.exception
    assert widget(at, "slider", "scenario_lever_start_year").value == 2025
    assert not any("sallitun välin" in str(w.value) for w in at.warning)


def test_reset_restores_the_storyline() -> None:
    at = run_app(PAGE, municipality="297", lang="fi", sc_p="drifting")
    assert not any(b.key == "scenario_reset" for b in at.button)  # nothing to restore yet
    before = places(at)
    widget(at, "select_slider", "scenario_lever_fertility_change").set_value(20.0).run()
    # The edited note comes and goes above the results; what follows it keeps its place (the results'
    # tables and downloads are not drawn afresh). The reset button itself is new, so it is not compared.
    assert "Olet muuttanut valmiin tarinan vipuja" in texts(at)
    assert not moved(before, at)
    at.button(key="scenario_reset").click().run()
    assert not at.exception
    assert "Olet muuttanut valmiin tarinan vipuja" not in texts(at) and not moved(before, at)
    assert widget(at, "select_slider", "scenario_lever_fertility_change").value == -5.0
    assert at.query_params["sc_p"] == "drifting" and "sc_n" not in at.query_params


def test_download_tables_and_excel_carry_scenario_names() -> None:
    from foresight import exports
    from foresight.ui import scenario_cache as cache

    specs = (cache.spec("drifting", sc.preset("drifting")),)
    tables = cache.downloads("2024", "297", specs, {"baseline": BASE_FI, "drifting": "Loittoneva kunta"})
    outcomes = tables["outcomes"]
    assert set(outcomes["scenario"]) == {BASE_FI, "Loittoneva kunta"}
    assert set(outcomes["year"]) == {2030, 2040} and (outcomes["municipality"] == "297").all()
    base_2030 = outcomes[(outcomes["scenario"] == BASE_FI) & (outcomes["measure"] == "total")]
    assert 125_000 < base_2030["value"].iloc[0] < 140_000  # Kuopio, about 133 000 in 2030
    sources = cache.sources("fi", "2024")
    assert "Tilastokeskuksen väestöennuste 2024" in sources.iloc[0, 0]
    # the 2024 edition's 2030 is the model's: the sheet marks it, the sources say which years are published
    assert not base_2030["published"].iloc[0]
    assert "välivuodet Kuntaluotaimen mallin arvioita" in sources.iloc[1, 0]
    assert exports.to_excel(tables, sources)[:2] == b"PK"


def test_chart_builders_pass_plotly_validation() -> None:
    """The builders skip plotly's validators for speed, so every figure is validated here instead."""
    import pandas as pd
    import plotly.graph_objects as go

    from foresight import charts_scenario as ch
    from foresight.ui import scenario_cache as cache

    specs = (cache.spec("drifting", sc.preset("drifting")),)
    names = {"baseline": BASE_FI, "drifting": "Loittoneva kunta"}
    series = cache.series("2019", "297", specs)
    history = pd.Series([118_000.0, 119_000.0], index=[2021, 2022])
    groups = pd.DataFrame(
        {
            "label": ["0–6", "7–15"],
            "hover": ["a", "b"],
            "detail": ["1 (−1)", "2 (+1)"],
            "difference_pct": [-4.5, 1.0],
            "text": ["−4,5 %", "+1,0 %"],
        }
    )
    peers = pd.DataFrame({"label": ["A", "B"], "value": [2.0, 1.0], "colour": ["#000000", "#111111"]})
    figures = [
        ch.lines(
            series[series["measure"] == "total"],
            names,
            "fi",
            history=history,
            history_label="h",
            published_label="p",
        ),
        ch.lines(series[series["measure"] == "dependency_ratio"], names, "en", decimals=1),
        ch.pyramid(cache.pyramids("2019", "297", specs, 2040), names, "sv", x_title="x", y_title="y"),
        ch.group_change(groups, "fi", x_title="%"),
        ch.movers(cache.mover_profile("2019"), "fi", persons=100.0),
        ch.peer_ranking(peers, "en"),
    ]
    for fig in figures:
        checked = go.Figure(fig.to_dict())  # raises ValueError on any invalid property
        assert checked.data
    lines = figures[0].to_dict()
    assert [d["name"] for d in lines["data"]] == ["h", BASE_FI, "p", "Loittoneva kunta"]
    assert lines["layout"]["separators"] == ",\u00a0" and lines["layout"]["font"]["size"] == 16
    assert (
        lines["data"][1]["line"]["color"] == ch.MUNICIPALITY_COLOUR
        and lines["data"][1]["line"]["dash"] == "dash"
    )


def test_actual_population_beside_the_2019_projection_with_its_error() -> None:
    import gzip

    import pandas as pd

    at = run_app("pages/scenarios.py", municipality="297", lang="fi")
    assert not at.exception
    # Independent figures: the raw 2019 projection's total (age code 999) for Kuopio 2025, and 11re 2025.
    with gzip.open(RAW / "population_projection_2019_to_2040_by_age_vaenn128v_kt162r.csv.gz", "rt") as f:
        raw = pd.read_csv(f, dtype={"area_code": str})
    official_2025 = raw[(raw["area_code"].str[-3:] == "297") & (raw["year"] == 2025) & (raw["age"] == 999)]
    expected = float(official_2025["projected_population"].iloc[0])
    error = f"{(expected - 126_572) / 126_572 * 100:+.1f}".replace(".", ",").replace("-", "\u2212")
    shown = f"{expected:,.0f}".replace(",", "\xa0")
    sentence = f"vuonna 2025 {shown}; toteutunut oli 126\xa0572 (ennusteen virhe {error} %)"
    assert sentence in texts(at)


def test_young_adults_lever_answers_the_question_in_one_sentence() -> None:
    # The 2024 edition (the default) publishes 2024, 2035 and 2040 only: its 2026–2030 and 2030 are the
    # model's estimates and are called so, never Statistics Finland's.
    at = run_app("pages/scenarios.py", municipality="746", lang="fi")
    assert not at.exception
    body = texts(at)
    assert "Virallinen ennuste olettaa" not in body
    assert (
        "Mallin arvio Tilastokeskuksen vuoden 2024 ennusteen julkaistujen vuosien 2024 ja 2035 välille"
        in body
    )
    assert "Sievi menettää muuttotappiona vuosittain noin" in body
    assert "Sievi 2030:" in body and "saman verran kuin perusurassa (mallin arvio" in body
    assert "Perusuran luvut vuodelta 2030 ovat mallin arvioita" in body  # under the key figures
    widget(at, "select_slider", "scenario_lever_young_adult_migration").set_value(-15).run()
    assert not at.exception
    sentence = next(m.value for m in at.markdown if m.value.startswith("### Sievi 2030:"))
    assert "vähemmän kuin perusurassa (mallin arvio" in sentence and "0–6-vuotiaita vuonna 2040" in sentence
    assert at.query_params["sc_y"] == "-15"  # the lever travels in the link like the others


def test_on_the_2019_edition_the_young_adults_are_the_official_projections() -> None:
    # the 2019 edition publishes every year: 2026–2030 and 2030 are Statistics Finland's, named with the year
    at = run_app("pages/scenarios.py", municipality="746", lang="fi", sc_ed="2019")
    assert not at.exception
    body = texts(at)
    assert "Virallinen ennuste olettaa jo, että Sievi menettää muuttotappiona" in body
    assert "Tilastokeskuksen ennuste 2019)" in body
    assert "saman verran kuin Tilastokeskuksen vuoden 2019 ennusteessa" in body
    assert "Mallin arvio" not in body and "Perusuran luvut vuodelta" not in body


@pytest.mark.parametrize(
    ("code", "edition", "said", "unsaid"),
    [
        # Sottunga (101 residents): its 2024-edition births between published years are whole persons
        ("766", "2024", "syntyvien lasten määrät", "Lukuja ei ole tasoitettu"),
        # on the 2019 edition they are Statistics Finland's own whole-person figures, not smoothed
        ("766", "2019", "Lukuja ei ole tasoitettu", "syntyvien lasten"),
        ("297", "2024", None, "Pieni kunta"),  # Kuopio: no small-municipality caution
    ],
)
def test_small_municipality_caution_says_why_figures_jump(
    code: str, edition: str, said: str | None, unsaid: str
) -> None:
    at = run_app(PAGE, municipality=code, lang="fi", sc_ed=edition)
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    if said is not None:
        assert "Pieni kunta: asukkaita on alle 1\u00a0000" in warnings and said in warnings
    assert unsaid not in warnings


def test_economy_notes_fit_aland_and_helsinki() -> None:
    kokar = run_app(PAGE, municipality="318", lang="fi")
    assert not kokar.exception
    body = texts(kokar)
    assert "ei koskenut Ahvenanmaata, joten sen kuntien veroprosentteja ei alennettu" in body
    assert "laski kuntien veroprosentteja 12,64" not in body  # Kökar's rate is 19,7 %
    helsinki = run_app(PAGE, municipality="091", lang="sv")
    assert not helsinki.exception
    assert any("Helsingfors hör inte till något välfärdsområde" in i.value for i in helsinki.info)


def test_storyline_levers_are_said_in_words() -> None:
    # "Yksinäisten kestämätön kunta" moves migration per 1 000 residents, a lever in the folded section.
    at = run_app("pages/scenarios.py", municipality="746", lang="fi")
    widget(at, "selectbox", "scenario_pick").set_value("lonely_unsustainable").run()
    assert not at.exception
    note = next(i.value for i in at.info if "asettaa vivut:" in i.value)
    assert "Muuttoliike, promillea asukasluvusta −3,0" in note  # the folded lever, said on top


@pytest.mark.parametrize(
    ("lang", "lever", "expected"),
    [
        ("fi", 2, "Valinnallasi heidän nettomuuttonsa on +1 henki vuodessa."),
        ("fi", 5, "Valinnallasi heidän nettomuuttonsa on +4 henkeä vuodessa."),
        ("sv", 2, "Med ditt val är deras nettoflyttning +1 person per år."),
        ("sv", 5, "Med ditt val är deras nettoflyttning +4 personer per år."),
    ],
)
def test_the_chosen_young_adult_migration_agrees_with_its_number(
    lang: str, lever: int, expected: str
) -> None:
    # Kökar: the 2024 edition's path loses about 1 young adult a year (0.9), so +2 on the lever makes +1 (1.1)
    # and +5 makes +4 (4.1).
    at = run_app(PAGE, municipality="318", lang=lang)
    before = next(c.value for c in at.caption if "2026–2030" in c.value)
    assert ("noin 1 nuoren aikuisen" if lang == "fi" else "cirka 1 ung vuxen") in before
    widget(at, "select_slider", "scenario_lever_young_adult_migration").set_value(lever).run()
    assert not at.exception
    caption = next(c.value for c in at.caption if "2026–2030" in c.value)
    assert caption.endswith(expected)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_compare_table_also_comes_as_a_table_per_scenario_for_phones(lang: str) -> None:
    from foresight.i18n import t
    from tests.scenario.test_display import tables

    at = run_app(PAGE, municipality="297", lang=lang, sc_v="compare")
    assert not at.exception
    wide = next(tb.value for tb in at.table if t("scenario.table.year", lang) in tb.value.columns)
    cards = [str(h.proto.body) for h in at.get("html") if 'class="sc-cards"' in str(h.proto.body)]
    assert len(cards) == 2  # the key figures and the peer standing
    found = tables(cards[0])
    # One table per column of the wide table after measure and year: the baseline and three storylines.
    assert [t["caption"].removeprefix("■ ") for t in found] == list(wide.columns[2:])
    assert len(found) == 4
    for card in found:
        head, *rows = card["rows"]
        assert head == [wide.columns[0], "2030", "2040"]
        assert [r[0] for r in rows] == list(dict.fromkeys(wide.iloc[:, 0]))
        name = card["caption"].removeprefix("■ ")
        for row in rows:
            for year, text in zip(("2030", "2040"), row[1:], strict=True):
                cell = wide[(wide.iloc[:, 0] == row[0]) & (wide.iloc[:, 1] == year)][name]
                assert cell.tolist() == [text]
    # The peer standing likewise: the same rows as the grid, the scenario's name as each row's header.
    ranks = next(df.value for df in at.dataframe if t("scenario.compare.rank", lang) in df.value.columns)
    (standing,) = tables(cards[1])
    assert standing["rows"] == [list(ranks.columns), *ranks.astype(str).values.tolist()]
    assert standing["scopes"][3:5] == [("th", "row"), ("td", None)]
    # Which one shows is the screen's width: the wide grid above 640 px, the tables up to it.
    styles = " ".join(str(h.proto.body) for h in at.get("html"))
    narrow = ".st-key-scenario_compare_narrow,.st-key-scenario_peers_narrow"
    wide = ".st-key-scenario_compare_wide,.st-key-scenario_peers_wide"
    assert f"@media (min-width:641px){{{narrow}{{display:none!important}}}}" in styles
    assert f"@media (max-width:640px){{{wide}{{display:none!important}}}}" in styles


def test_decimal_levers_read_with_the_languages_decimal_sign() -> None:
    at = run_app(PAGE, municipality="297", lang="fi", sc_p="drifting")
    assert not at.exception
    rate = widget(at, "select_slider", "scenario_lever_net_migration_rate")
    assert rate.value == -1.5  # the drifting municipality's −1.5 ‰ a year
    assert rate.options[0] == "\u221220,0" and rate.options[-1] == "20,0" and len(rate.options) == 81
    assert "\u22121,5" in rate.options
    life = widget(at, "select_slider", "scenario_lever_life_expectancy_change")
    assert life.options[0] == "\u22123,0" and "0,3" in life.options and len(life.options) == 61
    at = run_app(PAGE, municipality="297", lang="sv")
    assert widget(at, "select_slider", "scenario_lever_employment_rate_change").options[31] == "0,5"
    at = run_app(PAGE, municipality="297", lang="en")
    assert widget(at, "select_slider", "scenario_lever_employment_rate_change").options[31] == "0.5"


def test_decimal_lever_link_values_keep_their_checks_and_the_link() -> None:
    at = run_app(PAGE, municipality="297", lang="en", sc_w="99")
    warnings = [str(w.value) for w in at.warning]
    assert any("value 99 is outside" in w for w in warnings), warnings
    assert widget(at, "select_slider", "scenario_lever_employment_rate_change").value == 15.0
    # a value between the slider's steps is kept as linked, shown with its own decimals
    at = run_app(PAGE, municipality="297", lang="fi", sc_e="1.25")
    assert not at.exception
    life = widget(at, "select_slider", "scenario_lever_life_expectancy_change")
    assert life.value == 1.25 and "1,25" in life.options
    # moving a decimal lever writes the same link as before (a decimal point)
    widget(at, "select_slider", "scenario_lever_employment_rate_change").set_value(2.5).run()
    assert not at.exception
    assert at.query_params["sc_w"] == "2.5"


def test_scenario_file_uploader_reads_in_the_page_language() -> None:
    at = run_app(PAGE, municipality="297", lang="sv")
    ours = [
        str(e.proto.body) for e in at.get("html") if 'id="kl-upload-scenario_upload_0"' in str(e.proto.body)
    ]
    assert len(ours) == 1
    assert 'content:"Välj fil"' in ours[0] and 'content:"Högst 100\u00a0kB · JSON"' in ours[0]


def shown(lever) -> str:  # type: ignore[no-untyped-def]
    """The text a select-slider lever shows on its thumb: its value through the widget's own format."""
    return str(lever.format_func(lever.value))


NB = "\u00a0"  # the no-break space between thousands
MINUS = "\u2212"


@pytest.mark.parametrize(
    ("lang", "young_low", "young_high", "persons_second", "change_low"),
    [
        ("fi", f"{MINUS}2{NB}000", f"2{NB}000", f"{MINUS}4{NB}990", f"{MINUS}100"),
        ("sv", f"{MINUS}2{NB}000", f"2{NB}000", f"{MINUS}4{NB}990", f"{MINUS}100"),
        ("en", f"{MINUS}2,000", "2,000", f"{MINUS}4,990", f"{MINUS}100"),
    ],
)
def test_whole_number_levers_read_as_the_language_writes_them(
    lang: str, young_low: str, young_high: str, persons_second: str, change_low: str
) -> None:
    # Helsinki: both persons levers span their full range (±2 000 young adults by 1, ±5 000 movers by 10).
    at = run_app(PAGE, municipality="091", lang=lang)
    assert not at.exception
    young = widget(at, "select_slider", "scenario_lever_young_adult_migration")
    assert young.options[0] == young_low and young.options[-1] == young_high and len(young.options) == 4001
    assert young.value == 0 and type(young.value) is int and shown(young) == "0"
    persons = widget(at, "select_slider", "scenario_lever_net_migration_persons")
    assert persons.options[1] == persons_second and len(persons.options) == 1001
    assert type(persons.value) is int
    fertility = widget(at, "select_slider", "scenario_lever_fertility_change")
    assert (
        fertility.options[0] == f"{MINUS}50"
        and fertility.options[-1] == "50"
        and len(fertility.options) == 101
    )
    assert fertility.value == 0.0 and type(fertility.value) is float
    change = widget(at, "select_slider", "scenario_lever_net_migration_change")
    assert change.options[0] == change_low and change.options[-1] == "200" and len(change.options) == 61
    # a year reads as a year: the start year keeps its plain slider ("2026", never "2 026")
    start = widget(at, "slider", "scenario_lever_start_year")
    assert start.value == 2026 and start.proto.format == "%d"
    assert not any(s.key == f"w_scenario_lever_start_year_{lang}" for s in at.select_slider)


def test_whole_number_lever_values_and_links_keep_their_form() -> None:
    at = run_app(PAGE, municipality="091", lang="fi")
    widget(at, "select_slider", "scenario_lever_young_adult_migration").set_value(-1500).run()
    assert not at.exception
    young = widget(at, "select_slider", "scenario_lever_young_adult_migration")
    assert shown(young) == f"{MINUS}1{NB}500"
    stored = at.session_state["scenario_lever_young_adult_migration"]
    assert stored == -1500 and type(stored) is int
    assert at.query_params["sc_y"] == "-1500"  # the link as before: a hyphen, no spaces
    widget(at, "select_slider", "scenario_lever_fertility_change").set_value(5.0).run()
    assert not at.exception
    stored = at.session_state["scenario_lever_fertility_change"]
    assert stored == 5.0 and type(stored) is float
    assert at.query_params["sc_f"] == "5"  # not 5.0


def test_whole_number_lever_link_values_off_the_grid_or_out_of_range() -> None:
    # 1 234 movers a year is between the slider's steps of 10: kept as linked, shown in its place.
    at = run_app(PAGE, municipality="091", lang="fi", sc_m="1234")
    assert not at.exception
    persons = widget(at, "select_slider", "scenario_lever_net_migration_persons")
    assert persons.value == 1234 and shown(persons) == f"1{NB}234"
    at_ = persons.options.index(f"1{NB}234")
    assert persons.options[at_ - 1] == f"1{NB}230" and persons.options[at_ + 1] == f"1{NB}240"
    assert at.query_params["sc_m"] == "1234"
    # beyond the lever's range: the same message as before, and the slider at its end
    at = run_app(PAGE, municipality="091", lang="en", sc_y="99999")
    assert not at.exception
    warnings = [str(w.value) for w in at.warning]
    assert any("value 99,999 is outside" in w and "2,000 is used" in w for w in warnings), warnings
    young = widget(at, "select_slider", "scenario_lever_young_adult_migration")
    assert young.value == 2000 and shown(young) == "2,000"
    # a small municipality's slider widens to a linked value beyond its usual span
    at = run_app(PAGE, municipality="318", lang="sv", sc_m="-3000")
    assert not at.exception
    persons = widget(at, "select_slider", "scenario_lever_net_migration_persons")
    assert persons.options[0] == f"{MINUS}3{NB}000" and shown(persons) == f"{MINUS}3{NB}000"
    assert at.query_params["sc_m"] == "-3000"


def test_a_storyline_moves_a_whole_number_lever_and_its_text() -> None:
    at = run_app(PAGE, municipality="297", lang="fi")
    widget(at, "selectbox", "scenario_pick").set_value("lonely_unsustainable").run()
    assert not at.exception
    fertility = widget(at, "select_slider", "scenario_lever_fertility_change")
    assert fertility.value == -15.0 and shown(fertility) == f"{MINUS}15"
    widget(at, "selectbox", "scenario_pick").set_value("low_carbon_wellbeing").run()
    assert shown(widget(at, "select_slider", "scenario_lever_fertility_change")) == "5"


# ---------------------------------------------------------------- the economy sketch's assumptions as people write them
# A browser's number field dropped the decimal comma: "7,5" % became 75 %. Kuopio's 2030 tax base in the sketch is
# 2 793,7 M€ (12 months at 4 070 €): 7,5 % of it is 209,5 M€ and 12,5 months make it 2 910,1 M€ (worked by hand).


def economy_row(at, starts: str) -> str:  # type: ignore[no-untyped-def]
    """The economy sketch's 2030 cell of the row whose label starts with `starts`."""
    for table in at.table:
        frame = table.value
        if "2030" in frame.columns:
            for _, row in frame.iterrows():
                if str(row.iloc[0]).startswith(starts):
                    return str(row["2030"])
    raise AssertionError(f"no economy row {starts!r}")


def assumption(at, name: str):  # type: ignore[no-untyped-def]
    return at.text_input(key=f"w_scenario_assume_{name}_{at.session_state['lang']}")


@pytest.mark.parametrize(
    ("lang", "rate", "months", "tax", "base"),
    [
        ("fi", "7,5", "12,5", ("Kunnallisvero", "209,5 "), ("Työllisten ansiotulot", "2\u00a0910,0 ")),
        (
            "sv",
            "7,5",
            "12,5",
            ("Kommunalskatt", "209,5 "),
            ("De sysselsattas förvärvsinkomster", "2\u00a0910,0 "),
        ),
        (
            "en",
            "7.5",
            "12.5",
            ("Municipal income tax", "209.5 "),
            ("Earned income of the employed", "2,910.0 "),
        ),
    ],
)
def test_economy_assumptions_typed_with_the_languages_decimal_mark(
    lang: str, rate: str, months: str, tax: tuple[str, str], base: tuple[str, str]
) -> None:
    at = run_app(PAGE, municipality="297", lang=lang)
    assumption(at, "income_tax_rate").input(rate).run()
    assert not at.exception and not at.error
    assert at.session_state["scenario_assume_income_tax_rate"] == 7.5
    assert economy_row(at, tax[0]).startswith(tax[1])
    assumption(at, "months_per_year").input(months).run()
    assert at.session_state["scenario_assume_months_per_year"] == 12.5
    assert economy_row(at, base[0]).startswith(base[1])
    assert assumption(at, "income_tax_rate").value == rate + "0"  # the field shows the step's two decimals


def test_a_refused_assumption_says_what_to_write_and_keeps_the_value() -> None:
    at = run_app(PAGE, municipality="297", lang="fi")
    assumption(at, "income_tax_rate").input("7,5").run()
    assumption(at, "income_tax_rate").input("30").run()  # the field allows 0–25 %
    assert at.error[0].value == (
        "Tuloveroprosentti: Kirjoita luku, joka on vähintään 0 ja enintään 25. Käytössä on edelleen 7,50."
    )  # said under the row of fields, so it names its field
    assert at.session_state["scenario_assume_income_tax_rate"] == 7.5
    assumption(at, "income_tax_rate").input("7,5 %").run()
    assert at.error[0].value.startswith(
        "Tuloveroprosentti: ”7,5 %” ei ole luku. Kirjoita luku, esimerkiksi 2,5."
    )
    assert at.session_state["scenario_assume_income_tax_rate"] == 7.5
    assert economy_row(at, "Kunnallisvero").startswith("209,5 ")
    assert assumption(at, "income_tax_rate").value == "7,50"


# ---------------------------------------------------------------- a storyline's folded migration lever is not hidden
def more_migration(at):  # type: ignore[no-untyped-def]
    return next(e for e in at.expander if e.label.startswith("Muuttoliike suhteessa"))


def test_a_storyline_opens_the_folded_migration_section_and_says_so_by_the_persons_slider() -> None:
    at = run_app(PAGE, municipality="297", lang="fi")
    assert more_migration(at).proto.expanded is False  # the baseline moves nothing in it
    assert "muutetaan alempana" not in texts(at)
    widget(at, "selectbox", "scenario_pick").set_value("lonely_unsustainable").run()
    assert not at.exception
    # the page was first drawn on the baseline: the section must be opened by state, not by a first-draw default
    assert at.session_state["scenario_more_migration_open"] is True
    assert more_migration(at).proto.expanded is True
    note = next(i.value for i in at.info if "muutetaan alempana" in i.value)
    assert note.endswith(": Muuttoliike, promillea asukasluvusta \u22123,0.")
    # back on the baseline the note goes
    widget(at, "selectbox", "scenario_pick").set_value("baseline").run()
    assert "muutetaan alempana" not in texts(at)


# ---------------------------------------------------------------- the economy sketch's fields fit their labels
def inside(node, kind: str) -> list:  # type: ignore[no-untyped-def]
    """Every element of `kind` (e.g. 'error', 'text_input') under a block, at any depth."""
    found = [node] if getattr(node, "type", None) == kind else []
    for child in getattr(node, "children", {}).values():
        found += inside(child, kind)
    return found


def test_economy_fields_three_to_a_row_and_a_refusal_under_the_row_at_full_width() -> None:
    at = run_app(PAGE, municipality="297", lang="fi")
    before = places(at)
    assumption(at, "monthly_earnings").input("20 000").run()
    assert not moved(before, at)  # the refusal is said once: the sketch below keeps its place
    assert at.error[0].value.startswith(
        "Keskimääräiset ansiot työllistä kohden: Kirjoita luku, joka on vähintään 500 ja enintään 15"
    )
    holding = [
        col
        for col in at.columns
        if any(str(w.key).startswith("w_scenario_assume_") for w in inside(col, "text_input"))
    ]
    assert len(holding) == 5  # one field a column
    # five columns in a row made each a fifth of the width: long Finnish and Swedish labels broke mid-word
    assert all(col.proto.weight >= 1 / 3 - 1e-9 for col in holding), [c.proto.weight for c in holding]
    # the refusal is not squeezed into the field's column but said under the row
    assert not any(inside(col, "error") for col in at.columns)


def test_the_economy_note_for_aland_does_not_say_the_wellbeing_services_counties() -> None:
    at = run_app(PAGE, municipality="318", lang="sv")  # Kökar, Åland
    notes = [i.value for i in at.info if i.value.startswith("En riktgivande skiss")]
    assert len(notes) == 1 and "gällde inte Åland" in notes[0], notes
    assert "överfördes till välfärdsområdena" not in texts(at)
    mainland = run_app(PAGE, municipality="297", lang="sv")
    assert "överfördes till välfärdsområdena år 2023" in texts(mainland)


# ---------------------------------------------------------------- the 2019 projection's error, said without "therefore"
def test_the_base_projection_is_named_without_therefore_and_its_error_sits_by_the_key_figures() -> None:
    at = run_app(PAGE, municipality="746", lang="fi")  # Sievi: the 2019 projection was about 1 % off
    body = texts(at)
    assert "Siksi perustana" not in body
    assert "Skenaarioiden perustana on uusin, vuoden 2024 ennuste." in body
    captions = [c.value for c in at.caption]
    said = [c for c in captions if c.startswith("Epävarmuus: luvut ovat suuntaa-antavia.")]
    assert len(said) == 1, captions
    # the same year and error as the sentence under the chart
    error = next(c for c in captions if c.startswith("Tilastokeskuksen vuoden 2019 ennuste arvioi"))
    pct = error.split("ennusteen virhe ")[1].split(" %")[0].lstrip("+\u2212")
    assert f" {pct} % (ennuste " in said[0]
    # it comes right after the key figures, before the chart's answer
    assert captions.index(said[0]) < captions.index(error)


# ---------------------------------------------------------------- the comparison's key figures on a desktop
def test_compare_key_figures_on_a_desktop_are_a_static_table_with_every_scenario() -> None:
    at = run_app(PAGE, municipality="297", lang="fi", sc_v="compare")
    assert not at.exception
    # the scrolling grid cut the third scenario's column at 1280 px: a static table wraps its cells instead
    assert not any("Vuosi" in df.value.columns for df in at.dataframe)
    (wide,) = [tb.value for tb in at.table if "Vuosi" in tb.value.columns]
    assert list(wide.columns[:3]) == ["Mittari", "Vuosi", BASE_FI]
    assert len(wide.columns) == 2 + 4  # the baseline and three storylines, every one a column with its header
    assert {"2030", "2040"} == set(wide["Vuosi"])
    assert wide.notna().all().all() and (wide != "").all().all()


# ---------------------------------------------------------------- a municipality of a few hundred residents
def test_a_small_municipality_is_cautioned_that_its_age_groups_are_a_few_persons() -> None:
    at = run_app(PAGE, municipality="318", lang="sv")  # Kökar, some 210 residents
    warned = [w.value for w in at.warning if w.value.startswith("Liten kommun")]
    assert len(warned) == 1 and "2024, 2035 och 2040" in warned[0], [w.value for w in at.warning]
    big = run_app(PAGE, municipality="297", lang="sv")
    assert not any(w.value.startswith("Liten kommun") for w in big.warning)


@pytest.mark.parametrize(
    ("lang", "view", "expected"),
    [
        # Kökar, 211 residents (2025): 5 / 211 → 23,7 ‰ and 2,4 % (worked by hand)
        ("fi", "build", "kunnassa Kökar on 211 asukasta, joten 5 henkeä on jo 23,7 ‰ tai 2,4 % väkiluvusta."),
        ("sv", "build", "Kökar har 211 invånare, så 5 personer är redan 23,7 ‰ eller 2,4 % av befolkningen."),
        (
            "sv",
            "compare",
            "Kökar har 211 invånare, så 5 personer är redan 23,7 ‰ eller 2,4 % av befolkningen.",
        ),
    ],
)
def test_a_small_municipality_is_told_that_a_few_persons_move_its_per_cents(
    lang: str, view: str, expected: str
) -> None:
    at = run_app(PAGE, municipality="318", lang=lang, sc_v=view)
    assert not at.exception
    said = [str(w.value) for w in at.warning if expected in str(w.value)]
    assert len(said) == 1, [str(w.value) for w in at.warning]
    if view == "build":  # in the same box as the caution about its age groups of a few persons
        assert said[0].startswith(("Pieni kunta", "Liten kommun"))
    big = run_app(PAGE, municipality="297", lang=lang, sc_v=view)
    start = {"fi": "Pienessä kunnassa muutamakin henkilö", "sv": "I en liten kommun ändrar redan"}[lang]
    assert start in said[0] and not any(start in str(w.value) for w in big.warning)


# ---------------------------------------------------------------- the baseline named as what it is
@pytest.mark.parametrize(
    ("lang", "name", "old"),
    [
        ("fi", "Perusura (Tilastokeskuksen ennusteen mukainen)", "Virallinen ennuste"),
        ("sv", "Grundbana (enligt Statistikcentralens prognos)", "Officiell prognos"),
    ],
)
def test_compare_names_the_baseline_in_table_legend_and_lines_not_as_an_official_projection(
    lang: str, name: str, old: str
) -> None:
    # The 2024 edition publishes 2024, 2035 and 2040 only: the baseline's 2030 is the model's estimate, so the
    # column, the legend and the lines say "baseline following Statistics Finland's projection", not "official".
    import json

    at = run_app(PAGE, municipality="297", lang=lang, sc_v="compare")
    assert not at.exception
    (wide,) = [tb.value for tb in at.table if len(tb.value.columns) == 6]
    assert wide.columns[2] == name
    # the lines' legend (the chart's trace names) and the phone's cards, captioned by scenario
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    traces = [d.get("name") for spec in specs for d in spec["data"]]
    assert name in traces, traces
    # the peer ranking's bar beside Kuopio's name takes the short name, which fits the chart's edge
    bars = [y for spec in specs for d in spec["data"] if d.get("orientation") == "h" for y in d["y"]]
    assert f"Kuopio · {name.split(' (')[0]}" in bars, bars
    cards = "".join(str(h.proto.body) for h in at.get("html"))
    assert f"{name}</caption>" in cards
    ranks = next(df.value for df in at.dataframe if len(df.value) == 4)
    assert ranks.iloc[0, 0] == name
    assert old not in texts(at) and old not in "".join(map(str, wide.columns))
    picker = widget(at, "multiselect", "scenario_compare")
    assert old not in str(picker.help) and name.split(" (")[0] in str(picker.help)


@pytest.mark.parametrize(
    ("lang", "start"),
    [
        ("fi", "Muuttovivut lasketaan yhteen, eikä mikään niistä korvaa toista"),
        ("sv", "Flyttningsreglagen läggs ihop"),
    ],
)
def test_the_page_says_under_the_migration_levers_that_they_add_up(lang: str, start: str) -> None:
    at = run_app(PAGE, municipality="297", lang=lang)
    assert not at.exception
    captions = [str(c.value) for c in at.caption]
    said = [i for i, c in enumerate(captions) if c.startswith(start)]
    assert len(said) == 1, captions
    # under the persons-a-year lever (its help is the caption before), above the movers' chart
    persons_help = next(
        i for i, c in enumerate(captions) if c.startswith(("Kuinka monta asukasta", "Hur många fler"))
    )
    movers = next(
        i for i, c in enumerate(captions) if c.startswith(("Osuus lisämuuttajista", "Andel av de extra"))
    )
    assert persons_help < said[0] < movers
    # +10 and +20 are 30 (tests/scenario/test_model.py checks that the model adds them), an example whose
    # values fit even Kökar's sliders (±20 young adults, ±50 persons)
    said_text = captions[said[0]]
    assert "+10" in said_text and "+20" in said_text and " 30 " in said_text
