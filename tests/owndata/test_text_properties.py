"""Cell parsers on both sides of every limit, and properties that hold for any input (hypothesis)."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foresight.owndata.model import YEAR_RANGE
from foresight.owndata.text import (
    MISSING,
    clean_text,
    escape_markdown,
    has_markup,
    is_formula,
    is_missing,
    looks_mojibake,
    parse_number,
    parse_year,
    slug,
    year_in_range,
)

SEPARATORS = (" ", "\u00a0", "\u202f", "\u2009", "\u2007")


def finnish(whole: int, cents: int, separator: str) -> str:
    """A number as Finnish Excel writes it: thousands grouped by a space, decimal comma (1 234 567,05)."""
    grouped = f"{abs(whole):,}".replace(",", separator)
    return f"{'-' if whole < 0 else ''}{grouped},{cents:02d}"


@settings(max_examples=300, deadline=None)
@given(st.integers(-(10**12), 10**12), st.integers(0, 99), st.sampled_from(SEPARATORS))
def test_finnish_numbers_read_back(whole, cents, separator):
    expected = math.copysign(abs(whole) + cents / 100, -1 if whole < 0 else 1)
    assert parse_number(finnish(whole, cents, separator)) == pytest.approx(expected, rel=1e-12)


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_finite_float_written_by_python_reads_back(value):
    assert parse_number(repr(value)) == value
    assert parse_number(repr(value).replace(".", ",")) == value


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30))
def test_parse_number_never_raises_and_never_gives_a_non_finite_value(text):
    number = parse_number(text)
    assert number is None or math.isfinite(number)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,-+eE %", max_size=12))
def test_numbers_made_of_number_characters_are_finite_or_refused(text):
    number = parse_number(text)
    assert number is None or math.isfinite(number)


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("1e308", 1e308),
        ("1e999", None),  # overflows to infinity: not a number for us
        ("-1e999", None),
        ("1E3", 1000.0),
        ("+5", 5.0),
        ("5,", 5.0),
        (",5", 0.5),
        (".5", 0.5),
        ("1.2.3", None),
        ("12 €", 12.0),
        ("12‰", 12.0),
        ("%", None),
        ("-", None),
        ("nan", None),
        ("1,234,567.5", 1234567.5),  # both marks: the last is the decimal mark, the other groups thousands
        ("1.234.567,5", 1234567.5),
        ("1.234.567", None),
        (
            "1.234,5.6",
            None,
        ),  # a comma between two points: neither mark can be the decimal one  # one mark twice and no other: not a number we can read safely
        ("1.234.567", None),
        ("1.234,5.6", None),  # a comma between two points: neither mark can be the decimal one
        ("e5", None),
        ("0x10", None),
    ],
)
def test_parse_number_edges(cell, number):
    assert parse_number(cell) == number


@settings(max_examples=200, deadline=None)
@given(st.integers(1000, 9999))
def test_four_digit_years_and_their_float_form(year):
    assert parse_year(str(year)) == (year, None)
    assert parse_year(f"{year}.0") == (year, None)
    assert parse_year(f" {year}.00 ") == (year, None)
    assert parse_year(f"{year}.5") == (None, "not_year")
    assert parse_year(f"{year}5") == (None, "not_year")


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_dates_are_told_apart_from_years(day):
    assert parse_year(f"{day.day}.{day.month}.{day.year}") == (day.year, "date")
    assert parse_year(day.isoformat()) == (day.year, "date")
    assert parse_year(f"{day.isoformat()} 00:00:00") == (day.year, "date")
    assert parse_year(f"{day.month}/{day.day}/{day.year}") == (day.year, "date")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("2022.5", (None, "not_year")), ("2022,0", (None, "not_year")), ("202", (None, "not_year")),
     ("20222", (None, "not_year")), ("", (None, "not_year")), ("31.12.22", (None, "not_year")),
     ("2022-12-31T10:00", (2022, "date"))],
)  # fmt: skip
def test_parse_year_edges(cell, expected):
    assert parse_year(cell) == expected


def test_year_range_includes_both_ends():
    low, high = YEAR_RANGE
    assert (low, high) == (1900, 2100)
    assert year_in_range(low) and year_in_range(high)
    assert not year_in_range(low - 1) and not year_in_range(high + 1)
    assert year_in_range(2000, 2000, 2000) and not year_in_range(2001, 2000, 2000)


def test_missing_marks():
    for mark in MISSING:
        assert is_missing(mark) and is_missing(f"  {mark.upper()} ")
    assert not is_missing("0") and not is_missing("puuttuu!")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_every_formula_start_is_caught(start):
    assert is_formula(start + "cmd()")
    assert is_formula("   " + start + "cmd()")  # spaces before do not hide it


def test_signed_numbers_and_missing_marks_are_not_formulas():
    assert not is_formula("+5") and not is_formula("-1 234,5") and not is_formula("-")
    assert not is_formula("5+5") and not is_formula("")


@pytest.mark.parametrize(
    "cell", ["<b>", "< /b>", "<!-- x -->", "<?php ?>", "<script", "JavaScript :x", "x onload = y", "&#60;"]
)
def test_markup_is_found(cell):
    assert has_markup(cell)


@pytest.mark.parametrize("cell", ["a < b", "5<10", "ei ole", "Kävijät / hlö", "& co", "tonne=1"])
def test_plain_text_is_not_markup(cell):
    assert not has_markup(cell)


def test_mojibake_sample_is_ten_characters_either_side():
    text = "x" * 20 + "Ã¤" + "y" * 20
    assert looks_mojibake(text) == "x" * 10 + "Ã¤" + "y" * 10
    assert looks_mojibake("JÃ¤rvenpÃ¤Ã¤") == "JÃ¤rvenpÃ¤Ã¤"
    assert looks_mojibake("Järvenpää") is None


def test_clean_text():
    assert clean_text("a\u0308") == "ä"  # NFC
    assert clean_text("  a \t\u00a0 b\u0000c  ") == "a bc"
    assert clean_text("x\u200by") == "xy"  # a format character (Cf) is dropped


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_slug_is_a_short_ascii_id(name):
    out = slug(name)
    assert 0 < len(out) <= 60 and out == out.strip("_")
    assert all(ch in "abcdefghijklmnopqrstuvwxyz0123456789_" for ch in out)


def test_slug_edges():
    assert slug("Ääkköset ja Å") == "aakkoset_ja_a"
    assert slug("a" * 70) == "a" * 60
    assert slug("__x__") == "x"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_escaped_markdown_has_no_unescaped_special(text):
    out = escape_markdown(text)
    specials = set("\\`*_{}[]()#+-.!|<>~$:")
    i = 0
    while i < len(out):
        if out[i] == "\\":
            assert i + 1 < len(out) and out[i + 1] in specials
            i += 2
            continue
        assert out[i] not in specials
        i += 1
