"""The scenario page's words and tables on literal data; every expected text is written out by hand."""

import math
from html.parser import HTMLParser

import pandas as pd

from foresight.scenario import display
from foresight.scenario.levers import Slider, defaults, slider
from foresight.scenario.outputs import SERVICE_GROUPS
from foresight.scenario.scenario import PRESETS, Scenario

NB, MINUS = "\u00a0", "\u2212"


def own(name: str, **levers: float) -> Scenario:
    return Scenario(name=name, levers={**defaults(), **levers})


def test_summary_names_the_moved_levers_and_then_the_start_year() -> None:
    assert (
        display.summary(own("x", fertility_change=-5.0), "en")
        == f"Births, change % {MINUS}5; Start year 2026"  # a whole-percent lever
    )
    assert display.summary(own("x", start_year=2030), "en") == "Start year 2030"
    assert display.summary(own("x"), "en") == "every lever as in the baseline"


def test_summary_writes_each_lever_with_its_own_decimals() -> None:
    # Persons a year move in whole persons (step 10): "+1 500", not "+1 500,0"; a 0.5-step rate keeps one decimal,
    # and a linked value between the steps keeps the decimals it has.
    text = display.summary(own("x", net_migration_persons=1500.0, net_migration_rate=-2.5), "fi")
    assert text.startswith(f"Muuttoliike, henkeä vuodessa +1{NB}500; ")
    assert f"{MINUS}2,5" in text
    assert f"+1{NB}500,0" not in text
    assert display.summary(own("x", net_migration_rate=1.25), "en").startswith(
        "Migration, per mille of population +1.25"
    )


def test_cell_puts_the_signed_difference_in_brackets() -> None:
    assert display.cell(12345, -1234, 0, "fi") == f"12{NB}345 ({MINUS}1{NB}234)"
    assert display.cell(12.34, None, 1, "en") == "12.3"
    assert display.cell(50.0, 0.0, 1, "en") == "50.0 (±0.0)"


def test_unique_numbers_repeated_labels_from_two() -> None:
    taken = {"A"}
    assert [display.unique("A", taken), display.unique("A", taken), display.unique("B", taken)] == [
        "A (2)",
        "A (3)",
        "B",
    ]
    assert taken == {"A", "A (2)", "A (3)", "B"}


def test_stem_keeps_ascii_letters_and_digits() -> None:
    assert display.stem("Kasvu 2030!") == "kasvu_2030"
    assert display.stem("Åland ärr") == "land_rr"
    assert display.stem("!!!") == "skenaario"
    assert display.stem("a" * 50) == "a" * 40


def test_number_format_follows_the_step() -> None:
    assert [display.number_format(s) for s in (10, 1, 0.5, 0.1, 0.05)] == [
        "%.0f",
        "%.0f",
        "%.1f",
        "%.1f",
        "%.2f",
    ]


def test_labels_of_presets_own_scenarios_and_the_edited_one() -> None:
    mine = {"own1": own("Growth")}
    assert display.label("drifting", mine, "en") == "The drifting municipality · Interpretation"
    # the baseline is named as what it is: Statistics Finland's projection, its 2030 the model's estimate
    assert display.label("baseline", mine, "en") == "Baseline (following Statistics Finland's projection)"
    assert display.label("own1", mine, "en") == "Growth · own"
    assert display.label("current", mine, "en") == "Edited scenario"


def test_linked_title_and_description() -> None:
    assert display.linked_title(own("?"), "en") == "Scenario from link"
    assert display.linked_title(PRESETS["drifting"], "en") == "The drifting municipality (edited)"
    assert display.linked_title(own("Mine"), "en") == "Mine"
    assert display.description(PRESETS["drifting"], "en").startswith("The municipality drifts away")
    assert display.description(Scenario("Mine", description="scenario.own"), "en") == "scenario.own"


def test_answer_text_rounds_the_difference_and_names_its_direction() -> None:
    found = {"year": 2030, "total": 120000.4, "difference": -1500.6, "start": 2019, "end": 2040}
    text = display.answer_text({**found, "children_change_pct": -12.4}, "Kuopio", "en", "2019")
    assert text == (
        "Kuopio 2030: 120,000 residents, 1,501 fewer than in Statistics Finland's 2019 projection; "
        f"children aged 0–6 in 2040: {MINUS}12 % against 2019."
    )
    same = display.answer_text(
        {**found, "difference": 0.4, "children_change_pct": 3.0}, "Kuopio", "en", "2019"
    )
    assert "120,000 residents, as many as in" in same and "2040: +3 %" in same


def test_earlier_error_text_says_the_latest_year() -> None:
    errors = pd.DataFrame(
        {
            "year": [2024, 2025],
            "official": [119000.0, 119500.0],
            "actual": [120000.0, 121000.0],
            "error_pct": [-0.8, -1.24],
        }
    )
    text = display.earlier_error_text(errors, "en")
    assert text is not None
    assert text.startswith(
        f"Statistics Finland's 2019 projection put the population in 2025 at 119,500; the actual figure was "
        f"121,000 (an error of {MINUS}1.2 %)."
    )
    assert display.earlier_error_text(errors.iloc[:0], "en") is None


def test_outcome_frame_rows_per_measure_in_order_with_one_decimal_for_the_ratio() -> None:
    mine = pd.DataFrame(
        {
            "measure": ["dependency_ratio", "dependency_ratio", "total", "total", "employed"],
            "year": [2030, 2040, 2030, 2040, 2040],
            "value": [60.26, 70.0, 1000.0, 900.0, 400.0],
            "difference": [1.5, 0.0, -10.0, -100.0, 5.0],
        }
    ).set_index(["measure", "year"])
    frame = display.outcome_frame(mine, (2030, 2040), "en")
    assert frame.to_dict("records") == [
        {"Measure": "Population", "2030": f"1,000 ({MINUS}10)", "2040": f"900 ({MINUS}100)"},
        {"Measure": "Demographic dependency ratio", "2030": "60.3 (+1.5)", "2040": "70.0 (±0.0)"},
    ]  # employed residents have no 2030 figure: left out


def test_group_frame_has_a_bar_per_service_group() -> None:
    index = pd.MultiIndex.from_tuples([(g, 2030) for g in SERVICE_GROUPS], names=["measure", "year"])
    mine = pd.DataFrame(
        {
            "value": [1234.0, 1, 1, 1, 1, 1],
            "difference": [-56.0, 0, 0, 0, 0, 0],
            "difference_pct": [-4.3, 0, 0, 0, 0, 0],
        },
        index=index,
    )
    frame = display.group_frame(mine, 2030, "en")
    assert len(frame) == 6
    assert frame.iloc[0].to_dict() == {
        "label": "Aged 0–6",
        "hover": "Aged 0–6 (early childhood and pre-primary education)",
        "detail": f"1,234 ({MINUS}56)",
        "difference_pct": -4.3,
        "text": f"{MINUS}4.3 %",
    }


def test_sketch_frame_scales_money_to_thousands_or_millions() -> None:
    sketch = pd.DataFrame(
        {
            "item": ["tax_base", "tax_revenue", "ecec_places"],
            "year": [2030, 2030, 2030],
            "baseline": [2e8, 5e6, 362.0],
            "scenario": [2.1e8, 5.1e6, 350.4],
            "difference": [1e7, 1e5, -12.6],
            "unit": ["scenario.unit.eur_per_year", "scenario.unit.eur_per_year", "scenario.unit.places"],
        }
    )
    assert display.sketch_frame(sketch, "en").to_dict("records") == [
        {"Item": "Earned income of the employed (income tax base) (€ million/yr)", "2030": "210.0 (+10.0)"},
        {"Item": "Municipal income tax at the nominal rate (€ thousand/yr)", "2030": "5,100 (+100)"},
        {"Item": "Early childhood education places needed (aged 1–6) (places)", "2030": f"350 ({MINUS}13)"},
    ]


def test_an_edited_baseline_goes_by_its_short_name_and_a_storyline_by_its_own() -> None:
    # "Perusura (Tilastokeskuksen ennusteen mukainen) (muokattu)" would put two brackets in a row
    assert display.modified_name(PRESETS["baseline"], "fi") == "Perusura (muokattu)"
    assert display.modified_name(PRESETS["baseline"], "sv") == "Grundbana (ändrat)"
    assert display.modified_name(PRESETS["drifting"], "en") == "The drifting municipality (edited)"


def test_compare_labels_never_repeat() -> None:
    mine = {"own1": own("The drifting municipality")}
    base = "Baseline (following Statistics Finland's projection)"
    current = own(base)
    scenarios, labels = display.compare_labels(["drifting", "own1", "current"], current, base, mine, "en")
    assert scenarios == {"drifting": PRESETS["drifting"], "own1": mine["own1"], "current": current}
    assert labels == {
        "baseline": base,
        "drifting": "The drifting municipality",
        "own1": "The drifting municipality (2)",
        "current": f"{base} (2)",
    }


def test_compare_frame_adds_percentages_except_for_the_ratio() -> None:
    rows = [
        ("baseline", "total", 2030, 1000.0, 0.0, 0.0),
        ("baseline", "total", 2040, 900.0, 0.0, 0.0),
        ("baseline", "0_6", 2030, 0.0, 0.0, math.nan),
        ("baseline", "0_6", 2040, 0.0, 0.0, math.nan),
        ("baseline", "dependency_ratio", 2030, 60.0, 0.0, 0.0),
        ("baseline", "dependency_ratio", 2040, 61.0, 0.0, 0.0),
        ("a", "total", 2030, 1100.0, 100.0, 10.0),
        ("a", "total", 2040, 850.0, -50.0, -5.555),
        ("a", "0_6", 2030, 5.0, 5.0, math.nan),
        ("a", "0_6", 2040, 0.0, 0.0, math.nan),
        ("a", "dependency_ratio", 2030, 62.0, 2.0, 3.33),
        ("a", "dependency_ratio", 2040, 61.0, 0.0, 0.0),
    ]
    table = pd.DataFrame(
        rows, columns=["scenario", "measure", "year", "value", "difference", "difference_pct"]
    )
    frame = display.compare_frame(table, {"baseline": "Official projection", "a": "A"}, (2030, 2040), "en")
    assert frame.values.tolist() == [
        ["Population", "2030", "1,000", "1,100 (+100; +10.0\u00a0%)"],
        ["Population", "2040", "900", f"850 ({MINUS}50; {MINUS}5.6\u00a0%)"],
        ["Aged 0–6", "2030", "0", "5 (+5)"],
        ["Aged 0–6", "2040", "0", "0 (±0)"],
        ["Demographic dependency ratio", "2030", "60.0", "62.0 (+2.0)"],
        ["Demographic dependency ratio", "2040", "61.0", "61.0 (±0.0)"],
    ]
    assert list(frame.columns) == ["Measure", "Year", "Official projection", "A"]


def position(scenario: str, value: float, base: float, peers: dict[str, float]) -> pd.DataFrame:
    """A compare.peer_position frame with its ranks counted by hand in the tests below."""
    rows = [("297", scenario, value, 2, 3, True), ("297", "baseline", base, 2, 3, True)]
    rows += [(code, "baseline", v, 0, 3, False) for code, v in peers.items()]
    return pd.DataFrame(rows, columns=["municipality", "scenario", "value", "rank", "n", "subject"])


def test_peer_standing_and_bars_for_two_scenarios() -> None:
    peers = {"091": 650000.0, "020": 16000.0}
    positions = [position("a", 120000.0, 118000.0, peers), position("b", 110000.0, 118000.0, peers)]
    labels = {"baseline": "Official projection", "a": "A", "b": "B"}
    standing = display.peer_standing(positions, labels, 2030, "en")
    assert standing.values.tolist() == [
        ["Official projection", "118,000", "2/3"],
        ["A", "120,000", "2/3"],
        ["B", "110,000", "2/3"],
    ]
    assert list(standing.columns) == ["Scenario", "Population 2030", "Rank among peers"]
    colours = {"baseline": "#000", "a": "#111", "b": "#222"}
    bars = display.peer_bars(positions, labels, colours, "#999", {"091": "Helsinki"}, "Kuopio")
    assert bars.values.tolist() == [
        ["Helsinki", 650000.0, "#999"],
        ["Kuopio · A", 120000.0, "#111"],
        ["Kuopio · Official projection", 118000.0, "#000"],
        ["Kuopio · B", 110000.0, "#222"],
        ["020", 16000.0, "#999"],
    ]


def test_a_long_peer_ranking_is_cut_to_twelve_bars_either_side() -> None:
    # 50 peers at 1 000 … 50 000 and the municipality at 25 600 (A) and 25 500 (baseline): 52 bars, the
    # municipality's at places 25 and 26 (from 0), so places 13 … 38 stay: 37 000 down to 14 000.
    peers = {f"p{k}": k * 1000.0 for k in range(1, 51)}
    positions = [position("a", 25600.0, 25500.0, peers)]
    bars = display.peer_bars(
        positions, {"baseline": "B", "a": "A"}, {"baseline": "#0", "a": "#1"}, "#9", {}, "K"
    )
    assert len(bars) == 26
    assert bars["value"].iloc[0] == 37000.0 and bars["value"].iloc[-1] == 14000.0
    assert bars["label"].iloc[12:14].tolist() == ["K · A", "K · B"]


def test_slider_scales_persons_levers_and_widens_for_a_linked_value() -> None:
    # ±5 % of 10 000 residents = ±500 a year, in steps of 10 (the lever's own step above 200)
    assert slider("net_migration_persons", 10000, 2024, None) == Slider(-500, 500, 10, 0, 0, "%d")
    assert slider("net_migration_persons", 10000, 2024, 800) == Slider(-500, 800, 10, 800, 0, "%d")
    # ±2 % of 300 is 6, but the young adults' slider spans at least ±20, in steps of one
    assert slider("young_adult_migration", 300, 2024, None) == Slider(-20, 20, 1, 0, 0, "%d")


def test_slider_keeps_the_start_year_inside_the_edition() -> None:
    assert slider("start_year", None, 2025, None) == Slider(2026, 2040, 1, 2026, 2026, "%d")
    # a start year from the other edition moves up to this edition's first projected year
    assert slider("start_year", None, 2024, 2022) == Slider(2025, 2040, 1, 2025, 2026, "%d")


def test_slider_formats_decimal_levers_by_step() -> None:
    assert slider("fertility_change", 10000, 2024, None) == Slider(-50.0, 50.0, 1.0, 0.0, 0.0, "%.0f")
    assert slider("life_expectancy_change", 10000, 2024, 0.5) == Slider(-3.0, 3.0, 0.1, 0.5, 0.0, "%.1f")


class _Tables(HTMLParser):
    """The tables of an HTML fragment: caption, header cells (text, scope) and rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []  # type: ignore[type-arg]
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append({"caption": "", "head": [], "rows": [], "scopes": []})
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td"):
            self._cell = []
            self.tables[-1]["scopes"].append((tag, dict(attrs).get("scope")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None:
            self.tables[-1]["rows"][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._in_caption:
            self.tables[-1]["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def tables(fragment: str) -> list[dict]:  # type: ignore[type-arg]
    parser = _Tables()
    parser.feed(fragment)
    return parser.tables


def test_compare_cards_make_a_short_table_per_scenario_with_every_cell() -> None:
    frame = pd.DataFrame(
        [
            ["Väkiluku", "2030", f"1{NB}000", f"1{NB}100 (+100; +10,0\u00a0%)"],
            ["Väkiluku", "2040", "900", f"850 ({MINUS}50; {MINUS}5,6\u00a0%)"],
            ["Väestöllinen huoltosuhde", "2030", "60,0", "62,0 (+2,0)"],
            ["Väestöllinen huoltosuhde", "2040", "61,0", "61,0 (±0,0)"],
        ],
        columns=["Mittari", "Vuosi", "Virallinen ennuste", "A <b>&"],
    )
    fragment = display.compare_cards(frame, "fi", {"A <b>&": "#c0392b"})
    found = tables(fragment)
    assert [t["caption"] for t in found] == ["Virallinen ennuste", "■ A <b>&"]  # the name as text
    assert "<b>" not in fragment and "&lt;b&gt;" in fragment
    assert found[0]["rows"] == [
        ["Mittari", "2030", "2040"],
        ["Väkiluku", f"1{NB}000", "900"],
        ["Väestöllinen huoltosuhde", "60,0", "61,0"],
    ]
    assert found[1]["rows"] == [
        ["Mittari", "2030", "2040"],
        ["Väkiluku", f"1{NB}100 (+100; +10,0\u00a0%)", f"850 ({MINUS}50; {MINUS}5,6\u00a0%)"],
        ["Väestöllinen huoltosuhde", "62,0 (+2,0)", "61,0 (±0,0)"],
    ]
    # Column headers and row headers say so, for a screen reader; the colour mark is hidden from it.
    assert found[1]["scopes"] == [("th", "col")] * 3 + [("th", "row"), ("td", None), ("td", None)] * 2
    assert '<span aria-hidden="true" style="color:#c0392b">■</span>' in fragment
    assert "Virallinen ennuste</caption>" in fragment  # no mark where no colour is given
    # the difference on its own line, each part of it unbroken
    assert (
        '<span class="diff"> (<span class="nw">+100</span>; <span class="nw">+10,0\u00a0%)</span></span>'
        in fragment
    )


def test_compare_cards_hold_every_figure_of_compare_frame() -> None:
    rows = [
        ("baseline", "total", 2030, 1000.0, 0.0, 0.0),
        ("baseline", "total", 2040, 900.0, 0.0, 0.0),
        ("a", "total", 2030, 1100.0, 100.0, 10.0),
        ("a", "total", 2040, 850.0, -50.0, -5.555),
        ("b", "total", 2030, 950.0, -50.0, -5.0),
        ("b", "total", 2040, 800.0, -100.0, -11.111),
    ]
    table = pd.DataFrame(
        rows, columns=["scenario", "measure", "year", "value", "difference", "difference_pct"]
    )
    labels = {"baseline": "Official projection", "a": "A", "b": "B"}
    frame = display.compare_frame(table, labels, (2030, 2040), "en")
    found = tables(display.compare_cards(frame, "en"))
    assert [(t["caption"], t["rows"][1]) for t in found] == [
        ("Official projection", ["Population", "1,000", "900"]),
        ("A", ["Population", "1,100 (+100; +10.0\u00a0%)", f"850 ({MINUS}50; {MINUS}5.6\u00a0%)"]),
        ("B", ["Population", f"950 ({MINUS}50; {MINUS}5.0\u00a0%)", f"800 ({MINUS}100; {MINUS}11.1\u00a0%)"]),
    ]


def test_frame_table_heads_each_row_with_its_first_cell() -> None:
    frame = pd.DataFrame(
        [["Virallinen ennuste", f"132{NB}917", "4/25"], ["<i>Oma</i>", f"133{NB}081", "4/25"]],
        columns=["Skenaario", "Väkiluku 2030", "Sija"],
    )
    fragment = display.frame_table(frame, "fi")
    (found,) = tables(fragment)
    assert found["rows"] == [
        ["Skenaario", "Väkiluku 2030", "Sija"],
        ["Virallinen ennuste", f"132{NB}917", "4/25"],
        ["<i>Oma</i>", f"133{NB}081", "4/25"],
    ]
    assert found["scopes"] == [("th", "col")] * 3 + [("th", "row"), ("td", None), ("td", None)] * 2
    assert "<i>" not in fragment and fragment.startswith('<div class="sc-cards" lang="fi">')


def test_more_migration_in_use_names_only_the_folded_levers_that_are_not_zero() -> None:
    assert (
        display.more_migration_in_use({"net_migration_rate": 0.0, "net_migration_change": 0.0}, "fi") is None
    )
    assert display.more_migration_in_use({"net_migration_persons": 100.0}, "fi") is None
    text = display.more_migration_in_use({"net_migration_rate": -3.0, "net_migration_change": 0.0}, "fi")
    assert text is not None
    assert text.endswith(": Muuttoliike, promillea asukasluvusta \u22123,0.")
    assert "Ennusteen muuttoliike" not in text
    both = display.more_migration_in_use({"net_migration_rate": 1.5, "net_migration_change": -50.0}, "en")
    assert both is not None and both.endswith(
        ": Migration, per mille of population +1.5; Projected migration, change % \u221250."
    )


def errors_frame(error_pct: float) -> pd.DataFrame:
    return pd.DataFrame(
        {"year": [2025], "official": [119500.0], "actual": [121000.0], "error_pct": [error_pct]}
    )


def test_earlier_error_text_says_the_base_without_drawing_it_from_the_error() -> None:
    # Sievi's −1,0 % and Kökar's +13,7 % got the same "Siksi" (therefore): a small error is no reason to move on
    for pct in (-1.0, 13.7):
        fi = display.earlier_error_text(errors_frame(pct), "fi", "2024")
        assert fi is not None and "Siksi" not in fi
        assert fi.endswith("). Skenaarioiden perustana on uusin, vuoden 2024 ennuste.")
        sv = display.earlier_error_text(errors_frame(pct), "sv", "2024")
        assert sv is not None and "Därför" not in sv
        en = display.earlier_error_text(errors_frame(pct), "en", "2024")
        assert en is not None and "That is why" not in en
    # on the 2019 edition the newest is not the base: the sentence says what is
    old = display.earlier_error_text(errors_frame(-1.0), "fi", "2019")
    assert old is not None and "uusin, vuoden 2024 ennuste" not in old and "vuoden 2019 ennuste;" in old


def test_uncertainty_text_gives_the_measured_error_unsigned_with_both_figures() -> None:
    fi = display.uncertainty_text(errors_frame(-1.24), "fi")
    assert fi is not None
    assert "vuoden 2025 väkiluvussa 1,2 % (ennuste 119\u00a0500, toteutunut 121\u00a0000)" in fi
    assert "suuntaa-antavia" in fi
    en = display.uncertainty_text(errors_frame(13.7), "en")
    assert en is not None and "in 2025 by 13.7 % (projected 119,500, actual 121,000)" in en
    assert display.uncertainty_text(errors_frame(1.0).iloc[:0], "fi") is None


def test_small_caution_below_a_thousand_residents_and_the_2024_editions_estimated_years() -> None:
    assert display.small_caution(1000.0, "2024", "fi") is None
    assert display.small_caution(None, "2024", "fi") is None
    assert display.small_caution(float("nan"), "2024", "fi") is None
    kokar = display.small_caution(211.0, "2024", "fi")
    assert kokar is not None and "alle 1\u00a0000" in kokar and "2024, 2035 ja 2040" in kokar
    # the 2019 edition is published for every year: only the small-numbers part
    old = display.small_caution(211.0, "2019", "sv")
    assert old is not None and "färre än 1\u00a0000" in old and "2035" not in old
