from foresight import format as fmt
from foresight.format import NBSP, number, plotly_separators, with_unit


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
