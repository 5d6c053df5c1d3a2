import pytest

from foresight import format as fmt
from foresight.format import (
    NBSP,
    NumberTextError,
    number,
    number_text,
    parse_number,
    places,
    plotly_separators,
    with_unit,
)


def test_finnish_and_english_numbers():
    assert number(1234.5, 1, "fi") == f"1{NBSP}234,5"
    assert number(1234.5, 1, "sv") == f"1{NBSP}234,5"
    assert number(1234.5, 1, "en") == "1,234.5"
    assert number(664028, 0, "fi") == f"664{NBSP}028"


def test_signs_missing_and_negative_zero():
    assert number(-2.25, 1, "fi") == "\u22122,2" or number(-2.25, 1, "fi") == "\u22122,3"
    assert number(3.0, 1, "en", sign=True) == "+3.0"
    assert number(-0.01, 1, "fi") == "0,0"
    assert number(None) == "–"
    assert number(float("nan")) == "–"


def test_units_and_separators():
    assert with_unit(12.34, 1, "percent", "fi") == f"12,3{NBSP}%"
    assert with_unit(4567, 0, "eur_per_inhabitant", "fi") == f"4{NBSP}567{NBSP}€/as."
    assert with_unit(None, 0, "percent", "fi") == "–"
    assert plotly_separators("fi") == f",{NBSP}"
    assert plotly_separators("en") == ".,"


def test_period_names_the_month_of_a_monthly_figure() -> None:
    from foresight.format import period

    assert period(2026, "2026-06") == "6/2026"
    assert period(2025, "2026-06") == "2025"  # an older year of the same indicator stays a year
    assert period(2024) == "2024"


def test_dates_as_readers_write_them() -> None:
    """Finnish and Swedish: day.month.year without leading zeros (Kielitoimisto's recommendation: 6.12.2026);
    English: day, month name, year. Never the ISO form the survey pages used to show."""
    import datetime as dt

    from foresight.format import date

    assert date(dt.date(2026, 12, 20), "fi") == "20.12.2026"
    assert date(dt.date(2026, 12, 6), "sv") == "6.12.2026"
    assert date(dt.date(2027, 6, 18), "en") == "18 June 2027"
    assert date(dt.datetime(2026, 1, 2, 23, 59, tzinfo=dt.UTC), "fi") == "2.1.2026"


def test_styled_table_shows_language_numbers_and_keeps_numbers() -> None:
    import pandas as pd

    frame = pd.DataFrame({"kunta": ["A", "B", "C"], "%": [5.8172, 9.0, float("nan")], "as.": [1234, 56, 7]})
    styled = fmt.styled(frame, {"%": 1, "as.": 0, "missing": 2}, "fi")
    html = styled.to_html()
    for text in (">5,8<", ">9,0<", ">–<", ">1\u00a0234<"):
        assert text in html, text
    assert ">5.8" not in html and ">9<" not in html
    assert styled.data["%"].dtype.kind == "f"  # sorting stays numeric
    english = fmt.styled(frame, {"%": 1, "as.": 0}, "en").to_html()
    assert ">5.8<" in english and ">1,234<" in english


def test_file_size_names_the_limit_as_readers_write_it() -> None:
    # 20 × 1024 × 1024 bytes is Streamlit's "20MB" (mebibytes); 100 000 and 200 000 bytes are the JSON limits.
    assert fmt.file_size(20 * 1024 * 1024, "fi") == f"20{NBSP}Mt"
    assert fmt.file_size(20 * 1024 * 1024, "sv") == f"20{NBSP}MB"
    assert fmt.file_size(100_000, "fi") == f"100{NBSP}kt"
    assert fmt.file_size(200_000, "en") == f"200{NBSP}kB"
    assert fmt.file_size(1_500, "fi") == f"1,5{NBSP}kt"
    assert fmt.file_size(1_048_577, "en") == f"1,048.6{NBSP}kB"  # not a whole mebibyte: in kilobytes


# ---------------------------------------------------------------- numbers as people type them
# Expected values are worked by hand from the text: "2,5" is two and a half in Finnish and Swedish.


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("2,5", "fi", 2.5),
        ("2,5", "sv", 2.5),
        ("2.5", "fi", 2.5),
        ("2.5", "en", 2.5),
        ("2,5", "en", 2.5),  # a comma that cannot be a thousands separator is a decimal comma in English too
        ("\u22122,5", "fi", -2.5),  # the minus sign the app itself writes
        ("-2,5", "sv", -2.5),
        ("\u20132,5", "fi", -2.5),  # the en dash a word processor puts in for a minus
        ("+3", "fi", 3.0),
        ("1 234,5", "fi", 1234.5),
        ("1\u00a0234,5", "fi", 1234.5),  # no-break space, as format.number writes it
        ("1\u202f234,5", "sv", 1234.5),  # narrow no-break space
        ("1\u2009234,5", "fi", 1234.5),  # thin space
        ("\u22121\u00a0234,5", "fi", -1234.5),
        ("12 345 678", "fi", 12345678.0),
        ("1 234.5", "en", 1234.5),
        ("  7  ", "fi", 7.0),
        ("0,25", "fi", 0.25),
        (",5", "fi", 0.5),
        ("1,234", "fi", 1.234),  # Finnish: one comma two three four
        ("1.234", "en", 1.234),
        ("0.125", "fi", 0.125),  # a leading zero cannot start a thousands group
        ("1234.567", "fi", 1234.567),  # four digits before the point: not a thousands group
        ("1.2345", "fi", 1.2345),
        ("\u22120", "fi", 0.0),
    ],
)
def test_parse_number_reads_what_people_type(text: str, lang: str, expected: float) -> None:
    value = parse_number(text, lang)
    assert value == expected
    assert str(value) != "-0.0"


@pytest.mark.parametrize("text", ["", "   ", "\u00a0", "\t"])
def test_parse_number_blank_is_none(text: str) -> None:
    assert parse_number(text, "fi") is None


@pytest.mark.parametrize(
    ("text", "lang", "reason"),
    [
        ("1,234.5", "en", "ambiguous"),  # English thousands comma or a decimal comma: refused, not guessed
        ("1,234.5", "fi", "ambiguous"),
        ("1.234,5", "fi", "ambiguous"),
        ("1.234.567", "fi", "ambiguous"),
        ("1,234,567", "en", "ambiguous"),
        ("1.234", "fi", "ambiguous"),  # 1234 written with a point, or 1.234?
        ("1,234", "en", "ambiguous"),
        ("nan", "fi", "invalid"),
        ("NaN", "en", "invalid"),
        ("inf", "en", "invalid"),
        ("-inf", "fi", "invalid"),
        ("Infinity", "en", "invalid"),
        ("1e5", "en", "invalid"),
        ("2,5x", "fi", "invalid"),
        ("2,5 %", "fi", "invalid"),
        ("abc", "sv", "invalid"),
        ("2,", "fi", "invalid"),
        ("+", "fi", "invalid"),
        ("\u2212", "fi", "invalid"),
        ("--2", "fi", "invalid"),
        ("+-2", "fi", "invalid"),
        ("12 34", "fi", "invalid"),  # a group of two digits is no thousands group
        ("1234 567", "fi", "invalid"),
        ("1_000", "en", "invalid"),
        ("0x10", "en", "invalid"),
        ("\u0662", "fi", "invalid"),  # an Arabic-Indic two: only 0–9 are digits here
        ("1\n2", "fi", "invalid"),
        ("9" * 41, "fi", "invalid"),  # longer than 40 characters
        ("1" + " 000" * 200, "fi", "invalid"),
        ("x" * 100_000, "en", "invalid"),
    ],
)
def test_parse_number_refuses_what_it_cannot_read_safely(text: str, lang: str, reason: str) -> None:
    with pytest.raises(NumberTextError) as refused:
        parse_number(text, lang)
    assert refused.value.reason == reason


def test_a_field_shows_a_value_so_that_it_reads_back() -> None:
    assert number_text(2.5, 1, "fi") == "2,5"
    assert number_text(2.5, 0, "fi") == "2,5"  # a whole-number field does not hide a half
    assert number_text(3.0, 1, "sv") == "3,0"
    assert number_text(-1234.5, 1, "fi") == "\u22121\u00a0234,5"
    assert number_text(1234.5, 1, "en") == "1234.5"  # no thousands comma: "1,234.5" is refused
    assert number_text(68.82142857142857, 1, "fi") == "68,8"  # a computed target: the field's decimals
    assert number_text(39.150000000000006, 1, "fi") == "39,15"
    assert number_text(None, 1, "fi") == ""
    assert number_text(float("nan"), 1, "fi") == ""
    for lang in ("fi", "sv", "en"):
        for value in (2.5, -1234.5, 4070.0, 0.05, 126572.0):
            assert parse_number(number_text(value, 2, lang), lang) == value
    assert [places(v) for v in (2.0, 2.5, 0.25, 0.05, 10.0, 1 / 3)] == [0, 1, 2, 2, 0, 3]


@pytest.mark.parametrize(
    ("change", "polarity", "grey", "decimals", "arrow", "colour"),
    [
        (-2.1, 1, False, 1, "down", "red"),  # a fall where higher is better
        (-2.1, -1, False, 1, "down", "green"),  # a fall where lower is better (unemployment)
        (3.0, 1, False, 0, "up", "green"),
        (3.0, -1, False, 0, "up", "red"),
        (3.0, 0, False, 0, "up", "gray"),  # no better direction: arrow, no verdict colour
        (-3.0, 1, True, 0, "down", "gray"),  # an old figure's change is history
        (0.04, 1, False, 1, "off", "gray"),  # shown as 0,0: no arrow
        (-0.4, 1, False, 0, "off", "gray"),  # under half a person
        (0.06, 1, False, 1, "up", "green"),  # shown as +0,1
    ],
)
def test_delta_style_sets_arrow_and_colour_from_the_number_not_the_text(
    change: float, polarity: int, grey: bool, decimals: int, arrow: str, colour: str
) -> None:
    assert fmt.delta_style(change, polarity, grey=grey, decimals=decimals) == {
        "delta_arrow": arrow,
        "delta_color": colour,
    }


def test_year_range_takes_an_en_dash() -> None:
    assert fmt.year_range("2017-2018") == "2017\u20132018"
    assert fmt.year_range("2013 - 2014") == "2013\u20132014"
    assert fmt.year_range("USO4") == "USO4"


@pytest.mark.parametrize(
    ("years", "text"),
    [
        ([], ""),
        ([2025], "2025"),
        ([2019, 2020, 2021], "2019–2021"),
        ([*range(1990, 2018), 2025], "1990–2017, 2025"),  # yearly, then seven years missing
        (
            [2008, 2012, 2017, 2021],
            "2008–2021",
        ),  # elections: a five-year step is no gap in a four-year rhythm
        ([1992, 1996, 2000, 2004, 2008, 2012, 2021], "1992–2012, 2021"),  # 2017 missing: a nine-year step
        ([1990, *range(2005, 2025)], "1990, 2005–2024"),
        ([2021, 2019, 2020, 2020], "2019–2021"),  # unordered and repeated years
        ([2016, 2017, 2025], "2016–2017, 2025"),  # steps 1 and 8: the usual step is the lower median, 1
    ],
)
def test_year_spans_say_the_gaps(years: list[int], text: str) -> None:
    assert fmt.year_spans(years) == text
