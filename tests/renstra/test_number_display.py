"""One way to write numbers: the template filter `angka` (and numbers.js, tested in the browser
with the same table in tests/e2e/test_numbers.py)."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from cascading.selectors import IndicatorFigures
from renstra.numbers import display_number, display_target
from renstra.templatetags.dasbor import realised, target

# (value, style, written): style "" is a measured value or a count.
CASES = [
    ("30", "", "30"),
    ("30.00", "", "30"),
    ("21955", "", "21.955"),
    ("87.5", "", "87,5"),
    ("3.1416", "", "3,1416"),
    ("0", "", "0"),
    ("-2.5", "", "-2,5"),
    ("1234567.25", "", "1.234.567,25"),
    ("3.9", "%", "3,90 %"),
    ("113.5714", "%", "113,57 %"),
    ("100", "%", "100,00 %"),
    ("0.005", "%", "0,01 %"),
    ("65432100.5", "rp", "65.432.100,50"),
    ("6879188261", "rp", "6.879.188.261,00"),
    ("123456789012345.5", "rp", "123.456.789.012.345,50"),
    (None, "", "-"),
    ("", "%", "-"),
    (None, "rp", "-"),
]


def _render(value, style: str) -> str:
    source = "{% load angka %}" + ("{{ v|angka }}" if not style else f'{{{{ v|angka:"{style}" }}}}')
    return Template(source).render(Context({"v": value}))


@pytest.mark.parametrize(("value", "style", "written"), CASES)
def test_the_filter_writes_every_number_one_way(value, style, written):
    as_decimal = None if value in (None, "") else Decimal(value)

    assert _render(as_decimal, style) == written
    assert display_number(as_decimal, style or "angka") == written


def test_an_unknown_style_is_a_programming_error():
    with pytest.raises(ValueError):
        display_number(Decimal("1"), "usd")


def figures(**values) -> IndicatorFigures:
    class Indicator:
        satuan = values.pop("satuan", "%")

    defaults = dict.fromkeys(IndicatorFigures.__dataclass_fields__)
    defaults.update(
        indicator=Indicator(),
        year=2024,
        target_grade="",
        target_text="",
        realisation_grade="",
        quarters_entered=(),
    )
    return IndicatorFigures(**(defaults | values))


@pytest.mark.parametrize(
    ("values", "written"),
    [
        # The plan writes the same kind of target three ways; the page writes it once.
        ({"target": Decimal("3.9"), "target_text": "3,9%"}, "3,9 %"),
        ({"target": Decimal("100"), "target_text": "100 %"}, "100 %"),
        ({"target": Decimal("2.8"), "target_text": "2,8"}, "2,8 %"),
        ({"target": Decimal("12"), "target_text": "12 Laporan", "satuan": "Laporan"}, "12 Laporan"),
        ({"target": Decimal("21955"), "satuan": "Orang"}, "21.955 Orang"),
        ({"target": Decimal("80"), "target_upper": Decimal("90")}, "80 - 90 %"),
        ({"target": None, "target_grade": "BB", "target_text": "BB Indeks"}, "BB"),
        ({"target": None, "target_text": "N/A"}, "N/A"),
        ({"target": None}, "-"),
    ],
)
def test_targets_are_written_from_their_value_and_unit(values, written):
    assert target(figures(**values)) == written


def test_realisations_are_written_like_their_targets():
    assert realised(figures(realisation=Decimal("3.10"))) == "3,1 %"
    assert realised(figures(realisation=Decimal("30"), satuan="Orang")) == "30 Orang"
    assert realised(figures(realisation=None, realisation_grade="B")) == "B"
    assert realised(figures(realisation=None)) == "-"
    assert display_target(None, text="  ") == "-"
