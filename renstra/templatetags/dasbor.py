"""Display helpers of the heads' pages: percentages with their sign, clipped bars, predikat."""

from decimal import Decimal

from django import template

from renstra.numbers import format_decimal, format_measure

register = template.Library()

HUNDRED = Decimal("100")


@register.filter
def pct(value: Decimal | None) -> str:
    """`113,57 %`; a figure that cannot be computed is `-`."""
    if value is None:
        return "-"
    return f"{format_decimal(value, places=2)} %"


@register.filter
def bar(value: Decimal | None) -> str:
    """Width of a bar in percent, clipped to 0-100 for drawing only (numbers are never clipped)."""
    if value is None:
        return "0"
    return str(min(max(value, Decimal("0")), HUNDRED).quantize(Decimal("0.1")))


@register.filter
def realised(figures) -> str:
    """An indicator's year-to-date realisation: the grade for graded indicators, else the value."""
    if figures.realisation_grade:
        return figures.realisation_grade
    return format_measure(figures.realisation)


@register.filter
def target(figures) -> str:
    """An indicator's target as the plan writes it, else the parsed value."""
    if figures.target_text:
        return figures.target_text
    if figures.target_grade:
        return figures.target_grade
    return format_measure(figures.target)


@register.inclusion_tag("dashboard/_predikat.html")
def predikat(band):
    """A predikat or kategori: its label always, its colour as a swatch beside it."""
    return {"band": band}
