"""The text catalogues: same keys and parameters in fi, sv and en; lookups and fallbacks."""

from __future__ import annotations

import pytest

from foresight import i18n
from foresight.columns import LANGUAGES, THEMES


def test_every_language_has_every_key_with_the_same_parameters() -> None:
    assert i18n.problems() == []


def test_lookup_fills_parameters_per_language() -> None:
    assert i18n.t("glance.heading", "fi", name="Kuopio") == "Kuopio lyhyesti"
    assert i18n.t("glance.heading", "sv", name="Kuopio") == "Kuopio i korthet"
    assert i18n.t("glance.heading", "en", name="Kuopio") == "Kuopio at a glance"


def test_unknown_key_raises_and_unknown_language_falls_back() -> None:
    with pytest.raises(i18n.MissingText):
        i18n.t("no.such.key", "fi")
    assert i18n.language("de") == "fi"
    assert i18n.language(None) == "fi"
    assert i18n.language("sv") == "sv"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_themes_and_vocabularies_are_translated(lang: str) -> None:
    for theme in THEMES:
        assert i18n.t(f"theme.{theme}", lang)
    assert len({i18n.t(f"theme.{th}", lang) for th in THEMES}) == 6


def test_placeholders() -> None:
    assert i18n.placeholders("{a} and {b}") == {"a", "b"}
    assert i18n.placeholders("none") == set()


# Counts: the form after the number follows it ("1 vastaus" / "2 vastausta"), written by hand from
# Finnish, Swedish and English grammar, never read back from the catalogue.
@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        ("fi", "Odotetaan vastauksia… 1 vastaus", "Odotetaan vastauksia… 2 vastausta"),
        ("sv", "Väntar på svar… 1 svar", "Väntar på svar… 2 svar"),
        ("en", "Waiting for answers… 1 answer", "Waiting for answers… 2 answers"),
    ],
)
def test_a_count_takes_its_form_from_the_number(lang: str, one: str, two: str) -> None:
    assert i18n.tn("workshop.present.waiting", 1, lang) == one
    assert i18n.tn("workshop.present.waiting", 2, lang) == two
    # t() picks the form by {n} too, so a refusal or note that carries key and parameters reads right.
    assert i18n.t("workshop.present.waiting", lang, n=1) == one


@pytest.mark.parametrize(
    ("key", "lang", "n", "expected"),
    [
        ("workshop.summary.voters", "fi", 1, "1 vastaaja"),
        ("workshop.summary.voters", "fi", 3, "3 vastaajaa"),
        ("workshop.summary.voters", "sv", 1, "1 svarande"),
        ("workshop.summary.voters", "en", 1, "1 respondent"),
        ("workshop.summary.guess_count", "fi", 1, "1 arvaus"),
        ("workshop.summary.guess_count", "fi", 0, "0 arvausta"),
        ("workshop.summary.guess_count", "sv", 1, "1 gissning"),
        ("workshop.summary.guess_count", "en", 1, "1 guess"),
        ("workshop.summary.guess_count", "en", 12, "12 guesses"),
    ],
)
def test_counts_in_the_workshop_read_as_grammar_wants(key: str, lang: str, n: int, expected: str) -> None:
    assert i18n.tn(key, n, lang) == expected


def test_a_formatted_count_keeps_its_format_and_an_open_one_reads_as_many() -> None:
    assert i18n.tn("workshop.summary.voters", 1500, "fi", n="1 500") == "1 500 vastaajaa"
    assert i18n.plural_form(1) == ".one"
    assert i18n.plural_form(1.0) == ".one"
    assert i18n.plural_form(0) == ".other"
    assert i18n.plural_form(1.5) == ".other"
    assert i18n.plural_form("> 5000") == ".other"
    assert i18n.has("workshop.summary.voters", "sv")
    with pytest.raises(i18n.MissingText):
        i18n.tn("no.such.count", 1, "fi")


def test_broken_count_forms_are_reported() -> None:
    texts = {
        "a.one": "{n} vastaus",  # its .other is missing
        "b.one": "{n} arvaus",
        "b.other": "arvauksia",  # no {n}
        "c.one": "{n} x {extra}",
        "c.other": "{n} y",  # the one form asks for a parameter the caller of the other need not give
        "e.one": "the error",  # may leave the number out
        "e.other": "{n} errors",
        "d": "plain",
        "d.one": "{n} d",
        "d.other": "{n} ds",  # both plain and a count
        "ok.one": "{n} svar",
        "ok.other": "{n} svar",
    }
    assert i18n.plural_problems(texts) == [
        "a lacks its .other form",
        "b.other has no {n}",
        "b: its forms have different parameters",
        "c: its forms have different parameters",
        "d is both a plain text and a count",
    ]


def test_no_text_puts_a_bare_count_before_a_noun_that_must_agree_with_it() -> None:
    """The usability review's examples: a number then a partitive/plural noun, without the two forms."""
    fi = i18n.catalogue("fi")
    bare = [
        key
        for key, text in fi.items()
        if not key.endswith((".one", ".other"))
        and any(
            f"{{{name}}} {noun}" in text
            for name in ("n", "count", "rows", "goals")
            for noun in (
                "vastausta",
                "vastaajaa",
                "arvausta",
                "kuntaa",
                "vertailukuntaa",
                "riviä",
                "virhettä",
                "indikaattoria",
                "tavoitetta",
                "järjestyksen",
                "asiaa",
                "muuta",
            )
        )
    ]
    assert bare == []


# Every text whose counted word or verb changes at 1, rendered with 1 and with 3 (or 2) in each language.
# The expected texts are written by hand from Finnish, Swedish and English grammar: "1 vuosi sitten" /
# "3 vuotta sitten", "1 vuoden vanha" / "3 vuotta vanha", "1 nuoren aikuisen" / "3 nuorta aikuista",
# "1 ung vuxen" / "3 unga vuxna", "1 minut" / "3 minuter", "1 of 28 peers has" / "3 of 28 peers have".
# The count is always {n} (t() picks the form by it); a number after a label ("Osallistujia: 1") needs none.
COUNTED = [
    # coverage.json
    (
        "coverage.range",
        {"total": 308, "years": "2010–2020"},
        {
            "fi": (
                "Arvo on vuosittain 1 kunnalla (kuntia yhteensä 308), 2010–2020.",
                "Arvo on vuosittain 3 kunnalla (kuntia yhteensä 308), 2010–2020.",
            ),
            "sv": (
                "1 av 308 kommuner har ett värde per år (2010–2020).",
                "3 av 308 kommuner har ett värde per år (2010–2020).",
            ),
            "en": (
                "1 of 308 municipalities has a value per year (2010–2020).",
                "3 of 308 municipalities have a value per year (2010–2020).",
            ),
        },
    ),
    # core.json
    (
        "glance.old",
        {"year": 2020},
        {
            "fi": (
                "Vanha tieto: vuodelta 2020, 1 vuosi sitten.",
                "Vanha tieto: vuodelta 2020, 3 vuotta sitten.",
            ),
            "sv": (
                "Gammal uppgift: från 2020, för 1 år sedan.",
                "Gammal uppgift: från 2020, för 3 år sedan.",
            ),
            "en": ("Old data: from 2020, 1 year ago.", "Old data: from 2020, 3 years ago."),
        },
    ),
    # situation.json
    (
        "situation.summary.years_old",
        {"year": 2020},
        {
            "fi": (
                "Teeman uusinkin tieto on vuodelta 2020, 1 vuoden vanha.",
                "Teeman uusinkin tieto on vuodelta 2020, 3 vuotta vanha.",
            ),
            "sv": (
                "Även temats nyaste uppgift är från 2020, 1 år gammal.",
                "Även temats nyaste uppgift är från 2020, 3 år gammal.",
            ),
            "en": (
                "Even the theme's newest figure is from 2020, 1 year old.",
                "Even the theme's newest figure is from 2020, 3 years old.",
            ),
        },
    ),
    (
        "situation.summary.thinned_item",
        {"name": "Työllisyysaste", "total": 28, "year": 2023},
        {
            "fi": (
                "Työllisyysaste (1/28 vertailukunnalta puuttuu arvo vuodelta 2023)",
                "Työllisyysaste (3/28 vertailukunnalta puuttuu arvo vuodelta 2023)",
            ),
            "sv": (
                "Työllisyysaste (1 av 28 jämförelsekommuner saknar värde för 2023)",
                "Työllisyysaste (3 av 28 jämförelsekommuner saknar värde för 2023)",
            ),
            "en": (
                "Työllisyysaste (1 of 28 peers has no value for 2023)",
                "Työllisyysaste (3 of 28 peers have no value for 2023)",
            ),
        },
    ),
    # scorecard.json
    (
        "seminar.future_summary",
        {"median": "72,5 %", "total": 8},
        {
            "fi": (
                "Ryhmän mediaani ennustetuista vuoden 2030 arvoista: 72,5 % (ennuste 1/8 jäsenellä).",
                "Ryhmän mediaani ennustetuista vuoden 2030 arvoista: 72,5 % (ennuste 3/8 jäsenellä).",
            ),
            "sv": (
                "Gruppens median av de projicerade värdena för 2030: 72,5 % (1 av 8 medlemmar har en projektion).",
                "Gruppens median av de projicerade värdena för 2030: 72,5 % (3 av 8 medlemmar har en projektion).",
            ),
            "en": (
                "Group median of the projected 2030 values: 72,5 % (1 of 8 members has a projection).",
                "Group median of the projected 2030 values: 72,5 % (3 of 8 members have a projection).",
            ),
        },
    ),
    (
        "scorecard.change.created",
        {},
        {
            "fi": ("Mittaristo luotiin, tavoitteita 1", "Mittaristo luotiin, tavoitteita 3"),
            "sv": ("Mätartavlan skapades med 1 mål", "Mätartavlan skapades med 3 mål"),
            "en": ("Scorecard created with 1 goal", "Scorecard created with 3 goals"),
        },
    ),
    # projection.json
    (
        "projection.note.data_ends",
        {"last_year": 2029},
        {
            "fi": (
                "Tiedot päättyvät vuoteen 2029, joten ennuste ulottuu 1 vuoden päähän. Mitä pidemmälle ennuste "
                "ulottuu, sitä leveämpi epävarmuusvyöhyke.",
                "Tiedot päättyvät vuoteen 2029, joten ennuste ulottuu 3 vuoden päähän. Mitä pidemmälle ennuste "
                "ulottuu, sitä leveämpi epävarmuusvyöhyke.",
            ),
            "sv": (
                "Uppgifterna slutar år 2029, så prognosen sträcker sig 1 år framåt. Ju längre fram, desto bredare "
                "osäkerhetsband.",
                "Uppgifterna slutar år 2029, så prognosen sträcker sig 3 år framåt. Ju längre fram, desto bredare "
                "osäkerhetsband.",
            ),
            "en": (
                "The data end in 2029, so this projects 1 year ahead. The further ahead, the wider the band.",
                "The data end in 2029, so this projects 3 years ahead. The further ahead, the wider the band.",
            ),
        },
    ),
    (
        "projection.target.needed",
        {"change": "+0,5 %"},
        {
            "fi": (
                "Tarvittava muutos: +0,5 % vuodessa seuraavan vuoden ajan.",
                "Tarvittava muutos: +0,5 % vuodessa seuraavat 3 vuotta.",
            ),
            "sv": (
                "Förändring som behövs: +0,5 % per år under det kommande året.",
                "Förändring som behövs: +0,5 % per år under de kommande 3 åren.",
            ),
            "en": (
                "Change needed: +0,5 % a year for the next year.",
                "Change needed: +0,5 % a year for the next 3 years.",
            ),
        },
    ),
    (
        "projection.target.own_past",
        {"change": "+0,5 %"},
        {
            "fi": (
                "Oma muutos viimeisen vuoden aikana: +0,5 % vuodessa.",
                "Oma muutos viimeisten 3 vuoden aikana: +0,5 % vuodessa.",
            ),
            "sv": (
                "Egen förändring under det senaste året: +0,5 % per år.",
                "Egen förändring under de senaste 3 åren: +0,5 % per år.",
            ),
            "en": (
                "Own change over the last year: +0,5 % a year.",
                "Own change over the last 3 years: +0,5 % a year.",
            ),
        },
    ),
    (
        "projection.target.shorter_span",
        {},
        {
            "fi": (
                "Tiedot ulottuvat vain 1 vuoden taakse, joten muutoksia verrataan vuoden jaksoilla.",
                "Tiedot ulottuvat vain 3 vuoden taakse, joten muutoksia verrataan 3 vuoden jaksoilla.",
            ),
            "sv": (
                "Uppgifterna går bara 1 år tillbaka, så förändringarna jämförs över ettårsperioder.",
                "Uppgifterna går bara 3 år tillbaka, så förändringarna jämförs över 3-årsperioder.",
            ),
            "en": (
                "The data go back only 1 year, so changes are compared over 1-year periods.",
                "The data go back only 3 years, so changes are compared over 3-year periods.",
            ),
        },
    ),
    (
        "projection.backtest.percent",
        {"method": "trendi", "error": "2,1"},
        {
            "fi": (
                "Menneillä vuosilla testattuna menetelmä (trendi) erehtyi 1 vuoden päähän keskimäärin 2,1 %.",
                "Menneillä vuosilla testattuna menetelmä (trendi) erehtyi 3 vuoden päähän keskimäärin 2,1 %.",
            ),
            "sv": (
                "Testad på tidigare år missade metoden (trendi) värdet 1 år framåt med i genomsnitt 2,1 %.",
                "Testad på tidigare år missade metoden (trendi) värdet 3 år framåt med i genomsnitt 2,1 %.",
            ),
            "en": (
                "Tested on past years, this method (trendi) missed the value 1 year ahead by 2,1 % on average.",
                "Tested on past years, this method (trendi) missed the value 3 years ahead by 2,1 % on average.",
            ),
        },
    ),
    (
        "projection.backtest.points",
        {"method": "trendi", "error": "2,1"},
        {
            "fi": (
                "Menneillä vuosilla testattuna menetelmä (trendi) erehtyi 1 vuoden päähän keskimäärin 2,1 "
                "prosenttiyksikköä.",
                "Menneillä vuosilla testattuna menetelmä (trendi) erehtyi 3 vuoden päähän keskimäärin 2,1 "
                "prosenttiyksikköä.",
            ),
            "sv": (
                "Testad på tidigare år missade metoden (trendi) värdet 1 år framåt med i genomsnitt 2,1 "
                "procentenheter.",
                "Testad på tidigare år missade metoden (trendi) värdet 3 år framåt med i genomsnitt 2,1 "
                "procentenheter.",
            ),
            "en": (
                "Tested on past years, this method (trendi) missed the value 1 year ahead by 2,1 percentage points "
                "on average.",
                "Tested on past years, this method (trendi) missed the value 3 years ahead by 2,1 percentage points "
                "on average.",
            ),
        },
    ),
    (
        "projection.backtest.units",
        {"method": "trendi", "error": "120"},
        {
            "fi": (
                "Menneillä vuosilla testattuna menetelmä (trendi) erehtyi 1 vuoden päähän keskimäärin 120.",
                "Menneillä vuosilla testattuna menetelmä (trendi) erehtyi 3 vuoden päähän keskimäärin 120.",
            ),
            "sv": (
                "Testad på tidigare år missade metoden (trendi) värdet 1 år framåt med i genomsnitt 120.",
                "Testad på tidigare år missade metoden (trendi) värdet 3 år framåt med i genomsnitt 120.",
            ),
            "en": (
                "Tested on past years, this method (trendi) missed the value 1 year ahead by 120 on average.",
                "Tested on past years, this method (trendi) missed the value 3 years ahead by 120 on average.",
            ),
        },
    ),
    # scenario.json: the assumption and the user's own choice are two sentences, each with its own count
    (
        "scenario.young.assumed",
        {"name": "Kuopio", "direction": "D", "edition": "2019"},
        {
            "fi": (
                "Virallinen ennuste olettaa jo, että Kuopio D vuosittain noin 1 nuoren aikuisen (18–29-vuotiaan; "
                "nettomuutto 2026–2030, Tilastokeskuksen ennuste 2019).",
                "Virallinen ennuste olettaa jo, että Kuopio D vuosittain noin 3 nuorta aikuista (18–29-vuotiasta; "
                "nettomuutto 2026–2030, Tilastokeskuksen ennuste 2019).",
            ),
            "sv": (
                "Den officiella prognosen antar redan att Kuopio D cirka 1 ung vuxen (18–29 år) per år "
                "(nettoflyttning 2026–2030, Statistikcentralens prognos från 2019).",
                "Den officiella prognosen antar redan att Kuopio D cirka 3 unga vuxna (18–29 år) per år "
                "(nettoflyttning 2026–2030, Statistikcentralens prognos från 2019).",
            ),
            "en": (
                "The official projection already assumes that Kuopio D about 1 young adult (aged 18–29) a year "
                "(net migration 2026–2030, Statistics Finland's 2019 projection).",
                "The official projection already assumes that Kuopio D about 3 young adults (aged 18–29) a year "
                "(net migration 2026–2030, Statistics Finland's 2019 projection).",
            ),
        },
    ),
    # the 2024 edition publishes 2024, 2035 and 2040 only: its 2026–2030 is the model's estimate, said so
    (
        "scenario.young.modelled",
        {"name": "Kuopio", "direction": "D", "edition": "2024"},
        {
            "fi": (
                "Mallin arvio Tilastokeskuksen vuoden 2024 ennusteen julkaistujen vuosien 2024 ja 2035 välille "
                "(näiltä vuosilta Tilastokeskus ei ole julkaissut lukuja): Kuopio D vuosittain noin 1 nuoren "
                "aikuisen (18–29-vuotiaan; nettomuutto 2026–2030).",
                "Mallin arvio Tilastokeskuksen vuoden 2024 ennusteen julkaistujen vuosien 2024 ja 2035 välille "
                "(näiltä vuosilta Tilastokeskus ei ole julkaissut lukuja): Kuopio D vuosittain noin 3 nuorta "
                "aikuista (18–29-vuotiasta; nettomuutto 2026–2030).",
            ),
            "sv": (
                "Modellens uppskattning mellan de publicerade åren 2024 och 2035 i Statistikcentralens prognos "
                "från 2024 (för åren däremellan har Statistikcentralen inte publicerat några tal): Kuopio D cirka "
                "1 ung vuxen (18–29 år) per år (nettoflyttning 2026–2030).",
                "Modellens uppskattning mellan de publicerade åren 2024 och 2035 i Statistikcentralens prognos "
                "från 2024 (för åren däremellan har Statistikcentralen inte publicerat några tal): Kuopio D cirka "
                "3 unga vuxna (18–29 år) per år (nettoflyttning 2026–2030).",
            ),
            "en": (
                "The model's estimate between the published years 2024 and 2035 of Statistics Finland's 2024 "
                "projection (Statistics Finland has published no figures for the years between): Kuopio D about "
                "1 young adult (aged 18–29) a year (net migration 2026–2030).",
                "The model's estimate between the published years 2024 and 2035 of Statistics Finland's 2024 "
                "projection (Statistics Finland has published no figures for the years between): Kuopio D about "
                "3 young adults (aged 18–29) a year (net migration 2026–2030).",
            ),
        },
    ),
    (
        "scenario.young.chosen",
        {},
        {
            "fi": (
                "Valinnallasi heidän nettomuuttonsa on 1 henki vuodessa.",
                "Valinnallasi heidän nettomuuttonsa on 3 henkeä vuodessa.",
            ),
            "sv": (
                "Med ditt val är deras nettoflyttning 1 person per år.",
                "Med ditt val är deras nettoflyttning 3 personer per år.",
            ),
            "en": (
                "With your choice, their net migration is 1 a year.",
                "With your choice, their net migration is 3 a year.",
            ),
        },
    ),
    # workshop.json
    (
        "workshop.error.too_many_tries",
        {},
        {
            "fi": (
                "Liian monta väärää yritystä. Yritä uudelleen 1 minuutin kuluttua.",
                "Liian monta väärää yritystä. Yritä uudelleen 3 minuutin kuluttua.",
            ),
            "sv": (
                "För många felaktiga försök. Försök igen om 1 minut.",
                "För många felaktiga försök. Försök igen om 3 minuter.",
            ),
            "en": (
                "Too many wrong tries. Try again in 1 minute.",
                "Too many wrong tries. Try again in 3 minutes.",
            ),
        },
    ),
    (
        "workshop.reveal.reference_why",
        {},
        {
            "fi": (
                "Trendi jatkaa menneiden vuosien muutosta sellaisenaan, kun taas Tilastokeskus laskee syntyneet, "
                "kuolleet ja muuttajat ikäryhmittäin; siksi luvut eroavat 1 asukkaalla.",
                "Trendi jatkaa menneiden vuosien muutosta sellaisenaan, kun taas Tilastokeskus laskee syntyneet, "
                "kuolleet ja muuttajat ikäryhmittäin; siksi luvut eroavat 3 asukkaalla.",
            ),
            "sv": (
                "Trenden förlänger de senaste årens förändring som den är, medan Statistikcentralen räknar födda, "
                "döda och flyttare åldersgrupp för åldersgrupp; därför skiljer sig talen med 1 invånare.",
                "Trenden förlänger de senaste årens förändring som den är, medan Statistikcentralen räknar födda, "
                "döda och flyttare åldersgrupp för åldersgrupp; därför skiljer sig talen med 3 invånare.",
            ),
            "en": (
                "The trend extends the past years' change as it is, while Statistics Finland counts births, deaths "
                "and movers age group by age group; that is why the two differ by 1 resident.",
                "The trend extends the past years' change as it is, while Statistics Finland counts births, deaths "
                "and movers age group by age group; that is why the two differ by 3 residents.",
            ),
        },
    ),
]


@pytest.mark.parametrize(("key", "params", "expected"), COUNTED, ids=[c[0] for c in COUNTED])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_counted_text_reads_right_with_one_and_with_three(
    key: str, params: dict[str, object], expected: dict[str, tuple[str, str]], lang: str
) -> None:
    one, three = expected[lang]
    assert i18n.t(key, lang, n=1, **params) == one
    assert i18n.t(key, lang, n=3, **params) == three
    assert i18n.tn(key, 1, lang, **params) == one  # the same through tn, the count given once


# Three counts in one message cannot take one form: the refresh summary names each count with a label.
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fi",
            "Aineisto päivitettiin. Muuttuneita arvoja: 1, uusia havaintoja: 3, poistuneita havaintoja: 1.",
        ),
        ("sv", "Data uppdaterades. Ändrade värden: 1, nya observationer: 3, borttagna observationer: 1."),
        ("en", "The data were refreshed. Changed values: 1, new observations: 3, removed observations: 1."),
    ],
)
def test_the_refresh_summary_labels_its_three_counts(lang: str, expected: str) -> None:
    assert i18n.t("refresh.replaced", lang, changed=1, added=3, removed=1) == expected


def test_no_english_text_puts_a_bare_count_before_a_word_that_must_agree_with_it() -> None:
    """The same guard in English, where the noun or the verb shows the number: "{n} years", "{n} of {total} … have"."""
    import re

    # Counts that cannot be 1: a constant in the code (WINDOW = 15, LOOKBACK_YEARS = 25, MIN_POINTS = 5,
    # MAX_GOALS = 12), every municipality of the track record (about 300), a municipality's population.
    constant = {
        "projection.page.window",
        "projection.target.best_help",
        "owndata.too_short",
        "scorecard.problem.too_many_goals",
        "projection.track.bands",
        "scenario.answer",
        "scenario.answer.few",  # as scenario.answer: {total} residents is a municipality's population
        "scenario.small",  # "fewer than {n} residents": n is scenario.display.SMALL (1 000)
    }
    nouns = "years|minutes|municipalities|peers|members|goals|residents|young adults|respondents|answers"
    bare = [
        key
        for key, text in i18n.catalogue("en").items()
        if not key.endswith((".one", ".other"))
        and key not in constant
        and (
            re.search(r"\{\w+\} (" + nouns + r")\b", text)
            or re.search(r"\{\w+\} of \{\w+\} \w+ have\b", text)
        )
    ]
    assert bare == []
