"""Indonesian number display for templates: `rupiah`, `angka`, `persen`."""

from decimal import Decimal

from django import template

from renstra.numbers import format_decimal, format_measure

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """6879188261 -> `6.879.188.261,00`; missing -> `-`."""
    return format_decimal(None if value in (None, "") else Decimal(value), places=2)


@register.filter
def angka(value) -> str:
    """A measured value: no decimals when whole (`21.955`), else up to four (`87,5`)."""
    return format_measure(None if value in (None, "") else Decimal(value))


@register.filter
def persen(value) -> str:
    """A percentage to two decimals (`113,57`); missing -> `-`."""
    return format_decimal(None if value in (None, "") else Decimal(value), places=2)
