"""More parser edges found by mutation testing."""

from foresight.owndata.text import parse_number


def test_a_comma_after_the_last_point_and_another_before_it_is_refused():
    # "1,234.5,6": the last mark is a comma, so points group thousands → "1,2345,6": two commas, not a number
    assert parse_number("1,234.5,6") is None
    assert parse_number("1.234,5.6") is None
