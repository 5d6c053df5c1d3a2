"""Levers and scenarios as data: validation, JSON and link round trips, bad input gives messages."""

import json

import pytest

from foresight.i18n import has
from foresight.scenario.levers import LEVERS, Message, bounds, defaults, render, validate
from foresight.scenario.scenario import PRESETS, Scenario, from_dict, from_json, from_query, preset


def keys(messages):
    return [m.key for m in messages]


def test_every_lever_has_texts_and_a_sane_range():
    for lever in LEVERS:
        assert lever.minimum <= lever.default <= lever.maximum
        assert 0 < lever.step <= lever.maximum - lever.minimum
        for lang in ("fi", "sv", "en"):
            assert has(lever.label_key, lang) and has(lever.help_key, lang) and has(lever.unit, lang)
    assert len({lever.short for lever in LEVERS}) == len(LEVERS)


def test_validate_clamps_drops_and_defaults():
    clean, messages = validate(
        {"fertility_change": 80, "net_migration_rate": "-2,5", "bogus": 1, "life_expectancy_change": "abc"}
    )
    assert clean["fertility_change"] == 50.0
    assert clean["net_migration_rate"] == -2.5
    assert clean["life_expectancy_change"] == 0.0
    assert "bogus" not in clean
    assert keys(messages) == [
        "scenario.message.clamped",
        "scenario.message.unknown_lever",
        "scenario.message.not_a_number",
    ]
    assert messages[0].params == {"lever": "scenario.lever.fertility_change", "value": 80.0, "clamped": 50.0}


def test_validate_rejects_non_finite_and_booleans():
    clean, messages = validate({"fertility_change": float("nan"), "net_migration_persons": True})
    assert clean == defaults()
    assert keys(messages) == ["scenario.message.not_a_number"] * 2


def test_start_year_is_integer_and_bounded_by_edition():
    clean, messages = validate({"start_year": 2031.6})
    assert clean["start_year"] == 2032 and isinstance(clean["start_year"], int)
    assert bounds("start_year", 2024) == (2025, 2040)
    clean, messages = validate({"start_year": 2021}, base_year=2024)
    assert clean["start_year"] == 2025 and keys(messages) == ["scenario.message.clamped"]


def test_render_writes_whole_numbers_with_the_languages_thousands_space():
    message = Message(
        "scenario.message.clamped",
        {"lever": "scenario.lever.young_adult_migration", "value": 99999.0, "clamped": 2000.0},
    )
    assert "99\u00a0999" in render(message, "fi") and "2\u00a0000" in render(message, "fi")
    assert "99,999" in render(message, "en") and "2,000" in render(message, "en")
    negative = Message(
        "scenario.message.clamped",
        {"lever": "scenario.lever.fertility_change", "value": -80.0, "clamped": -50.0},
    )
    assert "\u221280" in render(negative, "fi")
    year = Message(
        "scenario.message.clamped", {"lever": "scenario.lever.start_year", "value": 2019.0, "clamped": 2025.0}
    )
    assert "2019" in render(year, "fi") and "2025" in render(year, "fi")


def test_render_fills_lever_names_and_decimal_commas():
    text = render(
        Message(
            "scenario.message.clamped",
            {"lever": "scenario.lever.fertility_change", "value": 80.5, "clamped": 50.0},
        ),
        "fi",
    )
    assert text.startswith("Syntyvyys") and "80,5" in text and "{" not in text
    assert "80.5" in render(
        Message(
            "scenario.message.clamped",
            {"lever": "scenario.lever.fertility_change", "value": 80.5, "clamped": 50.0},
        ),
        "en",
    )


def test_json_round_trip_of_own_scenario():
    own = Scenario(
        "Meidän kasvu",
        "Lisää perheitä",
        {**defaults(), "net_migration_persons": 120, "fertility_change": 4.5},
    )
    back, messages = from_json(own.to_json())
    assert messages == []
    assert back == own


@pytest.mark.parametrize("preset_id", list(PRESETS))
def test_json_and_link_round_trip_of_presets(preset_id):
    scenario = preset(preset_id)
    back, messages = from_json(scenario.to_json().encode("utf-8"))
    assert messages == [] and back == scenario
    linked, messages = from_query(scenario.to_query())
    assert messages == [] and linked == scenario


def test_link_is_compact_and_round_trips():
    own = Scenario("Kasvu", levers={**defaults(), "net_migration_rate": 1.5, "start_year": 2028})
    query = own.to_query()
    assert query == {"n": "Kasvu", "r": "1.5", "s": "2028"}
    back, messages = from_query(query)
    assert messages == [] and back == own


def test_tampered_link_is_clamped_with_messages():
    back, messages = from_query(
        {"n": "x", "f": "999", "e": "NaN", "zz": "1", "p": "nonsense", "r": ["1", "2"]}
    )
    assert back.levers["fertility_change"] == 50.0
    assert back.levers["life_expectancy_change"] == 0.0
    assert back.levers["net_migration_rate"] == 2.0
    assert back.preset is None
    assert keys(messages) == ["scenario.message.clamped", "scenario.message.not_a_number"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("{not json", "scenario.message.bad_json"),
        ("[1, 2, 3]", "scenario.message.not_a_scenario"),
        ('{"name": "x"}', "scenario.message.not_a_scenario"),
        ('{"format": "other", "levers": {}}', "scenario.message.not_a_scenario"),
        ("", "scenario.message.bad_json"),
        ("[" * 100_001, "scenario.message.too_large"),
        ("[" * 50_000, "scenario.message.bad_json"),
    ],
    ids=["broken", "list", "no_levers", "other_format", "empty", "huge", "deep"],
)
def test_malformed_files_give_a_message_not_an_exception(text, key):
    scenario, messages = from_json(text)
    assert scenario is None and keys(messages) == [key]


def test_binary_garbage_and_bom():
    assert keys(from_json(b"\xff\xfe\x00garbage")[1]) == ["scenario.message.bad_json"]
    scenario, messages = from_json("\ufeff" + json.dumps({"name": "A", "levers": {}}))
    assert messages == [] and scenario is not None and scenario.name == "A"


def test_unknown_lever_and_out_of_range_in_a_file():
    text = json.dumps({"name": "B", "levers": {"fertility_change": -90, "teleport": 3}})
    scenario, messages = from_json(text)
    assert scenario is not None and scenario.levers["fertility_change"] == -50.0
    assert keys(messages) == ["scenario.message.clamped", "scenario.message.unknown_lever"]


def test_unnamed_scenario_is_accepted_with_a_note():
    scenario, messages = from_dict({"levers": {}, "name": 5})
    assert scenario is not None and scenario.name == "?"
    assert keys(messages) == ["scenario.message.unnamed"]


def test_presets_are_labelled_and_have_texts():
    assert not PRESETS["baseline"].interpretation
    assert PRESETS["baseline"].changed() == {}
    for preset_id, scenario in PRESETS.items():
        if preset_id != "baseline":
            assert scenario.interpretation and scenario.changed()
        for key in (scenario.name, scenario.description, *scenario.assumption_keys):
            for lang in ("fi", "sv", "en"):
                assert has(key, lang), key
    assert (
        PRESETS["lonely_unsustainable"].levers["fertility_change"]
        < 0
        < PRESETS["low_carbon_wellbeing"].levers["fertility_change"]
    )


def test_editing_a_preset_makes_an_own_scenario():
    own = preset("drifting").as_own("Meidän versio")
    assert own.preset is None and not own.interpretation and own.levers == preset("drifting").levers
    changed, messages = own.with_levers({"fertility_change": -70, "net_migration_rate": 1})
    assert changed.levers["fertility_change"] == -50.0 and changed.levers["net_migration_rate"] == 1.0
    assert [m.key for m in messages] == ["scenario.message.clamped"]
    assert own.levers["fertility_change"] == -5.0  # the original is untouched
