from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renstra.numbers import NumberFormatError, format_decimal, parse_decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21.955", Decimal("21955")),
        ("6.879.188.261,00", Decimal("6879188261.00")),
        ("1.234,5", Decimal("1234.5")),
        ("1234,5", Decimal("1234.5")),
        ("1234.5", Decimal("1234.5")),
        ("3,50", Decimal("3.50")),
        ("3.5", Decimal("3.5")),
        ("100", Decimal("100")),
        ("-2,5", Decimal("-2.5")),
        (" 12 ", Decimal("12")),
        ("1,234.50", Decimal("1234.50")),
    ],
)
def test_parse_decimal_accepts_indonesian_and_plain(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1.2.3,4,5", "12a", "1,2,3", "--1", "."])
def test_parse_decimal_refuses_text(text):
    with pytest.raises(NumberFormatError):
        parse_decimal(text)


def test_format_decimal_uses_indonesian_separators():
    assert format_decimal(Decimal("9363273111")) == "9.363.273.111,00"
    assert format_decimal(Decimal("113.5714"), 2) == "113,57"
    assert format_decimal(Decimal("0.005"), 2) == "0,01"
    assert format_decimal(None) == "-"


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_format_then_parse_round_trips(value):
    assert parse_decimal(format_decimal(value, 2)) == value
