"""Prepared steps from the facilitator's choices, the peer-group text, and the workshop figures."""

from __future__ import annotations

import pandas as pd
import pytest

from foresight import charts_workshop, peers
from foresight.columns import THEMES
from foresight.workshop import plan, service


def test_steps_follow_the_chosen_order_and_validate() -> None:
    steps = plan.build_steps(
        ["overview", "projection", "ranking", "ranking", "matrix", "comparison", "bogus"],
        ["unemployment_rate", "population"],
        rank_indicators=True,
        presets=["drifting"],
        labels={"unemployment_rate": "Työttömyysaste", "population": "Väkiluku"},
    )
    assert [s["id"] for s in steps] == [
        "overview",
        "projection",
        "ranking",
        "ranking_2",
        "matrix",
        "comparison",
    ]
    assert steps[1] == {
        "id": "projection",
        "kind": "projection",
        "title": "",
        "indicator": "unemployment_rate",
        "year": 2030,
    }
    assert steps[2]["items"] == ["unemployment_rate", "population"]
    assert steps[2]["labels"] == {"unemployment_rate": "Työttömyysaste", "population": "Väkiluku"}
    assert steps[5]["scenarios"] == ["drifting"]
    assert service.validate_steps(steps) == steps  # the store accepts them unchanged


def test_themes_unless_two_indicators() -> None:
    [step] = plan.build_steps(["matrix"], ["population"], rank_indicators=True)
    assert step["items"] == list(THEMES) and "labels" not in step


def test_peer_text_round_trips() -> None:
    spec = peers.PeerSpec(kind="custom", codes=("091", "297"), name="Isot & pienet")
    text = plan.peer_text(peers.to_query(spec))
    assert "custom=091%2C297" in text
    back, notes = peers.from_query(plan.peer_query(text))
    assert back.kind == "custom" and back.codes == ("091", "297") and back.name == "Isot & pienet"
    assert plan.peer_query("") == {}


# The app's six official theme names, as the situation page, the survey and the scorecard say them.
OFFICIAL_THEMES = {
    "fi": {
        "vitality": "Elinvoima",
        "population": "Väestökehitys",
        "wellbeing": "Hyvinvointi",
        "finances": "Kuntatalous",
        "participation": "Johtaminen ja osallisuus",
        "sustainability": "Kestävä kehitys",
    },
    "sv": {
        "vitality": "Livskraft",
        "population": "Befolkningsutveckling",
        "wellbeing": "Välfärd",
        "finances": "Kommunekonomi",
        "participation": "Ledarskap och delaktighet",
        "sustainability": "Hållbar utveckling",
    },
    "en": {
        "vitality": "Vitality",
        "population": "Population development",
        "wellbeing": "Wellbeing",
        "finances": "Municipal finances",
        "participation": "Leadership and participation",
        "sustainability": "Sustainable development",
    },
}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_workshop_names_themes_as_the_rest_of_the_app(lang: str) -> None:
    """Phones, wall and the exported summary say the official theme names; the stored ids stay the same."""
    from foresight.ui import workshop_text
    from foresight.workshop import export

    [step] = plan.build_steps(["ranking"])
    assert step["items"] == list(THEMES) == list(OFFICIAL_THEMES[lang])  # ids as stored before
    assert workshop_text.item_labels(step, lang) == OFFICIAL_THEMES[lang]
    assert {i: export._label(step, i, lang) for i in THEMES} == OFFICIAL_THEMES[lang]


def test_an_indicator_ranking_names_its_indicators_not_a_theme_of_the_same_id() -> None:
    """'population' is both a theme and an indicator: in a ranking of indicators it is Väkiluku."""
    from foresight.ui import workshop_text

    [step] = plan.build_steps(
        ["ranking"],
        ["unemployment_rate", "population"],
        rank_indicators=True,
        labels={"population": "Väkiluku"},
    )
    assert workshop_text.item_labels(step, "fi")["population"] == "Väkiluku"
    assert workshop_text.item_labels(step, "en")["population"] == "Population"


RANKING = pd.DataFrame(
    {"item": ["finances", "vitality", "wellbeing"], "points": [5, 3, 1], "first_places": [2, 1, 0]}
)


def test_borda_bar_puts_the_winner_on_top_and_escapes_labels() -> None:
    fig = charts_workshop.borda_bar(RANKING, {"finances": "<b>Kuntatalous</b>"}, "fi", "Pisteet")
    bar = fig.data[0]
    assert list(bar.x) == [1, 3, 5]  # plotly draws the last category on top
    assert list(bar.y) == ["wellbeing", "vitality", "&lt;b&gt;Kuntatalous&lt;/b&gt;"]


def test_matrix_scatter_draws_means_and_quadrants() -> None:
    means = pd.DataFrame(
        {"item": ["a", "b"], "impact": [0.9, float("nan")], "uncertainty": [0.2, None], "n": [3, 0]}
    )
    points = pd.DataFrame({"item": ["a"] * 3, "impact": [0.8, 0.9, 1.0], "uncertainty": [0.1, 0.2, 0.3]})
    quadrants = {"critical": "Kriittiset", "trends": "Trendit", "watch": "Seurattavat", "minor": "Vähäiset"}
    fig = charts_workshop.matrix_scatter(
        means, points, {"a": "A"}, "fi", ("Vaikutus", "Epävarmuus"), quadrants
    )
    assert list(fig.data[0].x) == [0.8, 0.9, 1.0]
    assert list(fig.data[1].x) == [0.9] and list(fig.data[1].text) == ["A"]  # b has no placement: left out
    assert {a.text for a in fig.layout.annotations} == set(quadrants.values())


def test_guess_histogram_marks_the_revealed_value() -> None:
    values = pd.Series([118000.0, 121000.0, 125000.0, 130000.0])
    titles = {"x": "as.", "y": "Vastaajia", "median": "Mediaani", "revealed": "Ennuste"}
    fig = charts_workshop.guess_histogram(
        values, "fi", titles, revealed=129095.0, interval=(126555.0, 131634.0)
    )
    assert list(fig.data[0].x) == values.tolist()
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert sorted(round(s.x0) for s in lines) == [123000, 129095]  # the room's median and the projection
    assert fig.layout.xaxis.tickformat == ",.0f"
    rect = [s for s in fig.layout.shapes if s.type == "rect"][0]
    assert (rect.x0, rect.x1) == (126555.0, 131634.0)


@pytest.mark.parametrize("big", [False, True])
def test_big_figures_use_big_type(big: bool) -> None:
    fig = charts_workshop.borda_bar(RANKING, {}, "en", "Points", big=big)
    assert fig.layout.font.size == (charts_workshop.BIG_FONT if big else 16)


def test_survey_step_goes_after_the_current_one_once_and_is_never_offered_at_creation() -> None:
    steps = [{"id": "overview", "kind": "overview", "title": ""}, {"id": "r", "kind": "ranking", "title": ""}]
    out, at = plan.with_survey_step(steps, 0, "ABC234")
    assert at == 1
    assert out[1] == {"id": "survey_1", "kind": "survey", "title": "", "survey": "ABC234"}
    assert [s["id"] for s in out] == ["overview", "survey_1", "r"]
    again, at_again = plan.with_survey_step(out, 2, "ABC234")  # the same survey: found, not added
    assert (again, at_again) == (out, 1)
    other, at_other = plan.with_survey_step(out, 2, "XYZ789")
    assert at_other == 3 and other[3]["id"] == "survey_2"
    assert plan.build_steps(["overview", "survey", "owndata"]) == [
        {"id": "overview", "kind": "overview", "title": ""}
    ]


@pytest.mark.parametrize("code", ["", "abc", "ABC2345", "ABC23I", "<b>xy"])
def test_a_survey_step_needs_a_well_formed_code(code: str) -> None:
    with pytest.raises(service.Invalid):
        service.validate_steps([{"id": "s", "kind": "survey", "title": "", "survey": code}])


def test_a_survey_code_is_stored_in_canonical_form() -> None:
    [step] = service.validate_steps([{"id": "s", "kind": "survey", "title": "", "survey": "abc-234"}])
    assert step["survey"] == "ABC234"


def _seasons() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group_id": ["USO3", "USO4", "USO4"],
            "complete": [False, True, True],
            "municipality": ["1", "2", "3"],
        }
    )


def test_peer_choices_are_the_situation_pages_kinds_with_the_current_group_kept() -> None:
    """Stored texts as before ('peers=network&season=USO4'), so old workshops and links still read."""
    current = peers.PeerSpec(kind="similar", k=5)
    assert plan.peer_choices(current, _seasons()) == [
        "peers=network&season=USO3",
        "peers=network&season=USO4",
        "peers=similar&k=5",  # the sidebar's own k is kept, not reset to the default
        "peers=region",
        "peers=size_class",
        "peers=country",
    ]
    assert plan.peer_index(current, _seasons()) == 2


def test_a_rarer_sidebar_group_comes_first_and_is_chosen() -> None:
    current = peers.PeerSpec(kind="custom", codes=("091", "297"), name="Isot")
    choices = plan.peer_choices(current, _seasons())
    assert choices[0] == "peers=custom&custom=091%2C297&group_name=Isot"
    assert choices[1:] == [
        "peers=network&season=USO3",
        "peers=network&season=USO4",
        "peers=similar",
        "peers=region",
        "peers=size_class",
        "peers=country",
    ]
    assert plan.peer_index(current, _seasons()) == 0


def test_moderation_says_a_2x2_placement_and_a_scenario_in_words() -> None:
    from foresight.ui import workshop_text

    [grid] = plan.build_steps(["matrix"])
    placed = {"placements": {"finances": [0.75, 0.25], "vitality": [0.25, 0.75]}}
    assert workshop_text.answer_text("matrix", placed, "", grid, "fi") == (
        "Kuntatalous: Suuri vaikutus · varma; Elinvoima: Pieni vaikutus · epävarma"
    )
    scenario = {"name": "Kasvu", "levers": {"net_migration_rate": 2.0}}
    text = workshop_text.answer_text("scenario", scenario, "Testi", {"kind": "scenario"}, "fi")
    assert text.startswith("Kasvu (Muuttoliike +2,0") and text.endswith("): Testi"), text
    untouched = {"name": "", "levers": {"net_migration_rate": 0.0}}
    assert workshop_text.answer_text("scenario", untouched, "", None, "fi") == "Vipuja ei muutettu"  # once
    assert workshop_text.answer_text("comment", {}, "Hyvä", None, "en") == "Hyvä"
