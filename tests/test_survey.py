"""Residents' survey domain: validation refusals and results; expected values worked by hand."""

from __future__ import annotations

import pytest

from foresight import survey as sv
from foresight.columns import THEMES

DEF = sv.make_definition(
    "Kunta 2030",
    ["Kirjasto", "Joukkoliikenne", "Koulut", "Luontopolut"],
    ["Kunnassa on hyvä asua", "Palvelut ovat lähellä"],
    "Mikä on tärkeintä?",
    ["Keskusta", "Kylät"],
)
ORDER = list(THEMES)


def refused(raw: dict) -> str:
    with pytest.raises(sv.SurveyError) as err:
        sv.validate(DEF, raw)
    return err.value.key


def test_a_full_answer_is_accepted():
    answer = sv.validate(
        DEF,
        {
            "rank": ORDER[::-1],
            "picks": ["Koulut", "Kirjasto"],
            "statements": {"s1": 5, "s2": 1},
            "open": "  <b>Lisää</b> penkkejä =1+1 \n kiitos ",
            "age": "30_44",
            "area": "Kylät",
        },
    )
    assert answer.rank == tuple(reversed(THEMES))
    assert answer.statements == {"s1": 5, "s2": 1}
    assert (
        answer.open_text == "<b>Lisää</b> penkkejä =1+1 \n kiitos"
    )  # kept raw; escaping is the display's job


def test_an_empty_answer_is_refused_but_any_one_part_is_enough():
    assert refused({}) == "survey.error.empty"
    assert (
        refused({"rank": [], "picks": [], "statements": {"s1": None}, "open": "  "}) == "survey.error.empty"
    )
    assert refused({"age": "30_44", "area": "Kylät"}) == "survey.error.empty"  # background alone
    assert sv.validate(DEF, {"statements": {"s2": 3}}).statements == {"s2": 3}
    assert sv.validate(DEF, {"open": "Penkkejä"}).open_text == "Penkkejä"
    assert sv.validate(DEF, {"picks": ["Koulut"]}).picks == ("Koulut",)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"q99": 1}, "survey.error.tampered"),
        ({"statements": {"s3": 3}}, "survey.error.tampered"),
        ({"statements": {"s1": 6}}, "survey.error.scale"),
        ({"statements": {"s1": True}}, "survey.error.scale"),
        ({"rank": ORDER[:5]}, "survey.error.rank"),
        ({"rank": [*ORDER[:5], ORDER[0]]}, "survey.error.rank"),
        ({"rank": [*ORDER[:5], "weather"]}, "survey.error.rank"),
        ({"picks": ["Kirjasto", "Joukkoliikenne", "Koulut", "Luontopolut"]}, "survey.error.too_many_picks"),
        ({"picks": ["Uimahalli"]}, "survey.error.tampered"),
        ({"picks": ["Koulut", "Koulut"]}, "survey.error.tampered"),
        ({"open": "x" * 1001}, "survey.error.too_long"),
        ({"open": "hei\x00"}, "survey.error.control"),
        ({"open": "hei\x1b[31m"}, "survey.error.control"),
        ({"age": "100_plus"}, "survey.error.tampered"),
        ({"area": "Kuu"}, "survey.error.tampered"),
        ({"honeypot": "http://spam"}, "survey.error.bot"),
    ],
)
def test_bad_input_is_refused_with_a_message_key(raw, key):
    assert refused(raw) == key


def test_open_text_at_the_limit_passes():
    assert len(sv.validate(DEF, {"open": "ä" * 1000}).open_text) == 1000


def test_borda_as_in_the_workshop_worked_by_hand():
    # Three voters: the fixed order (5,4,3,2,1,0), its reverse, and wellbeing, vitality, population, finances,
    # participation, sustainability. Totals: vitality 5+0+4=9, population 4+1+3=8, wellbeing 3+2+5=10,
    # finances 2+3+2=7, participation 1+4+1=6, sustainability 0+5+0=5.
    third = ["wellbeing", "vitality", "population", "finances", "participation", "sustainability"]
    rows = sv.borda([ORDER, ORDER[::-1], third, []])
    assert [(r.item, r.points, r.first_places) for r in rows] == [
        ("wellbeing", 10, 1),
        ("vitality", 9, 1),
        ("population", 8, 0),
        ("finances", 7, 0),
        ("participation", 6, 0),
        ("sustainability", 5, 1),
    ]
    assert rows[0].voters == 3  # the skipped ranking is not a voter


def test_borda_ties_break_by_first_places_then_fixed_order():
    # Fixed order + reverse: every theme 5 points; vitality and sustainability have one first place each.
    rows = sv.borda([ORDER, ORDER[::-1]])
    assert [r.item for r in rows] == [
        "vitality",
        "sustainability",
        "population",
        "wellbeing",
        "finances",
        "participation",
    ]


def test_choices_and_distributions():
    answers = [
        sv.Answer(picks=("Koulut", "Kirjasto"), statements={"s1": 5}),
        sv.Answer(picks=("Koulut",), statements={"s1": 5, "s2": 2}),
        sv.Answer(),
    ]
    assert sv.choices(answers, DEF.picks) == [
        ("Koulut", 2),
        ("Kirjasto", 1),
        ("Joukkoliikenne", 0),
        ("Luontopolut", 0),
    ]
    assert sv.distributions(answers, DEF) == {
        "s1": {1: 0, 2: 0, 3: 0, 4: 0, 5: 2},
        "s2": {1: 0, 2: 1, 3: 0, 4: 0, 5: 0},
    }


def test_groups_under_five_are_merged_into_other_and_a_small_other_is_left_out():
    answers = (
        [sv.Answer(area="Keskusta")] * 6 + [sv.Answer(area="Kylät")] * 3 + [sv.Answer()] * 2  # did not say
    )
    out = sv.groups(answers, "area")
    assert {k: len(v) for k, v in out.items()} == {"Keskusta": 6, "other": 5}
    out = sv.groups(answers[:-1], "area")  # other = 3 + 1 = 4 < 5: not shown
    assert {k: len(v) for k, v in out.items()} == {"Keskusta": 6}


def test_definition_refuses_duplicates_and_round_trips():
    with pytest.raises(sv.SurveyError) as err:
        sv.make_definition("T", ["a", "a"], [], "")
    assert err.value.key == "survey.error.duplicate"
    assert sv.Definition.from_doc(DEF.to_doc()) == DEF


def test_residents_vs_council():
    residents = sv.borda([ORDER])
    council = sv.borda([ORDER[::-1]])
    rows = {r["item"]: r for r in sv.compare_rankings(residents, council)}
    assert rows["vitality"] == {"item": "vitality", "residents": 1, "council": 6, "difference": 5}
    assert rows["sustainability"]["difference"] == -5


def test_exports_neutralise_formulas_and_say_what_the_source_is():
    import io

    import openpyxl

    from foresight import survey_export
    from foresight import survey_store as store

    res = store.Results(
        respondents=1,
        ranking=sv.borda([ORDER]),
        choices=[("=HYPERLINK(1)", 1)],
        statements={"s1": dict.fromkeys(sv.SCALE, 0), "s2": dict.fromkeys(sv.SCALE, 0)},
        open_answers=["=1+1", "+cmd"],
    )
    text = survey_export.to_csv(res, DEF, "en").decode("utf-8-sig")
    assert "'=1+1" in text and "'+cmd" in text and "'=HYPERLINK(1)" in text
    assert "\n=1+1" not in text and ",=1+1" not in text
    assert "Survey of the municipality, not official statistics." in text
    book = openpyxl.load_workbook(io.BytesIO(survey_export.to_excel(res, DEF, "en")))
    assert book.sheetnames[-1] == "sources"
    cells = [c.value for row in book["open"].iter_rows() for c in row]
    assert "'=1+1" in cells and "=1+1" not in cells
    sources = [c.value for row in book["sources"].iter_rows() for c in row]
    assert "Survey of the municipality, not official statistics." in sources


def test_breakdown_shows_only_groups_of_five_or_more():
    from foresight import survey_export

    rev = tuple(ORDER[::-1])
    answers = [sv.Answer(rank=tuple(ORDER), age="30_44")] * 5 + [sv.Answer(rank=rev, age="75_plus")] * 4
    table = survey_export.breakdown(answers, "age", "en")
    assert table["Group"].tolist() == ["30–44"]  # 75+ has 4: merged into "other", still 4, left out
    assert table.loc[0, "Count"] == 5 and table.loc[0, "Vitality"] == 1
    answers += [sv.Answer(rank=rev)]  # one who did not say: other = 5
    table = survey_export.breakdown(answers, "age", "en")
    assert table["Group"].tolist() == ["30–44", "other"]
    assert table.loc[1, "Vitality"] == 6 and table.loc[1, "Count"] == 5


def test_texts_in_other_languages_match_the_survey_line_by_line():
    d = sv.make_definition(
        "Kunta 2030",
        ["Koulut", "Kirjasto"],
        ["Hyvä asua", "Turvallinen"],
        "Mikä?",
        ["Kylät", "Keskusta"],
        translations={
            "sv": {
                "title": "Kommunen 2030",
                "picks": ["Skolor", "Bibliotek"],
                "statements": ["Bra att bo", "Trygg"],
                "open": "Vad?",
                "areas": ["Byarna", "Centrum"],
            },
            "en": {"title": "Municipality 2030", "picks": [], "open": ""},  # only a title
        },
    )
    sv_view = d.shown("sv")
    assert sv_view.title == "Kommunen 2030" and sv_view.open_question == "Vad?"
    assert sv_view.statements == (("s1", "Bra att bo"), ("s2", "Trygg"))
    assert d.labels("sv") == {
        "Koulut": "Skolor",
        "Kirjasto": "Bibliotek",
        "Kylät": "Byarna",
        "Keskusta": "Centrum",
    }
    en_view = d.shown("en")  # untranslated parts stay in the survey's own language
    assert en_view.title == "Municipality 2030" and en_view.picks == ("Koulut", "Kirjasto")
    assert d.labels("en")["Koulut"] == "Koulut" and d.shown("fi") == d
    assert d.languages() == ("sv", "en")
    assert sv.Definition.from_doc(d.to_doc()) == d  # stored and read back whole
    # an answer keeps the survey's own texts, whatever language it was given in
    assert sv.validate(d, {"picks": ["Kirjasto"], "area": "Kylät"}).picks == ("Kirjasto",)


def test_area_names_are_one_text_for_every_reader():
    """An area list's entries read the same in every language (the browser keeps an unsent choice by its words):
    the survey's own name first, then each other language's, a name written the same way once."""
    d = sv.make_definition(
        "Kunta 2030",
        [],
        [],
        "",
        ["Kylät", "Keskusta", "Ahvenkoski"],
        translations={
            "sv": {"areas": ["Byarna", "Centrum", "Abborfors"]},
            "en": {"areas": ["Villages", "Centre", "Ahvenkoski"]},
        },
    )
    assert d.area_names() == {
        "Kylät": "Kylät / Byarna / Villages",
        "Keskusta": "Keskusta / Centrum / Centre",
        "Ahvenkoski": "Ahvenkoski / Abborfors",
    }
    plain = sv.make_definition("Kunta 2030", [], [], "", ["Kylät"])
    assert plain.area_names() == {"Kylät": "Kylät"}
    only_title = sv.make_definition("T", [], [], "", ["Kylät"], translations={"sv": {"title": "T sv"}})
    assert only_title.area_names() == {"Kylät": "Kylät"}


def test_a_translated_list_of_another_length_is_refused():
    with pytest.raises(sv.SurveyError) as err:
        sv.make_definition("T", ["A", "B", "C"], [], "", translations={"sv": {"picks": ["A", "B"]}})
    assert err.value.key == "survey.error.translation_lines.picks"
    assert err.value.params == {"language": "Svenska", "n": 3}
    with pytest.raises(sv.SurveyError):
        sv.make_definition("T", [], ["S"], "", translations={"de": {"title": "X"}})  # not an app language
    with pytest.raises(sv.SurveyError):
        sv.make_definition("T", ["A"], [], "", translations={"sv": {"title": "bad\x00"}})


def test_untranslated_texts_are_those_a_reader_sees_in_the_surveys_own_language() -> None:
    definition = sv.make_definition(
        "Kunta 2030",
        ["Koulut", "Kirjasto"],
        ["Hyvä asua", "Hyvät bussit"],
        "Mikä?",
        ["Kylät"],
        translations={"sv": {"title": "Kommunen 2030", "statements": ["Bra att bo", "Bra bussar"]}},
    )
    # sv: title and statements written in Swedish; the rest shows in Finnish
    assert definition.untranslated("sv") == {"Koulut", "Kirjasto", "Mikä?", "Kylät"}
    # en: nothing written in English, so everything shows in Finnish
    assert definition.untranslated("en") == {
        "Kunta 2030",
        "Koulut",
        "Kirjasto",
        "Hyvä asua",
        "Hyvät bussit",
        "Mikä?",
        "Kylät",
    }


def test_default_priorities_are_the_municipalitys_own_remit() -> None:
    """Since 2023 health, social and elderly care are the wellbeing services counties' (Act 611/2021): a
    municipal survey's default list must not ask residents to rank them as the municipality's priorities."""
    from foresight.i18n import t

    moved = {
        "fi": ("vanhus", "terveys", "sosiaali", "hoiva"),
        "sv": ("äldreomsorg", "hälso", "social", "vård"),
        "en": ("care", "health", "social services", "services for older"),
    }
    for lang, words in moved.items():
        picks = t("survey.create.picks.default", lang).lower().splitlines()
        assert len(picks) == 8
        assert not [p for p in picks for w in words if w in p], (lang, picks)
