"""Display helpers of the heads' pages: targets and realisations, clipped bars, predikat.

Numbers themselves are written by the one filter `angka` (renstra/templatetags/angka.py)."""

from decimal import Decimal

from django import template

from renstra.numbers import display_target

register = template.Library()

HUNDRED = Decimal("100")


@register.filter
def bar(value: Decimal | None) -> str:
    """Width of a bar in percent, clipped to 0-100 for drawing only (numbers are never clipped)."""
    if value is None:
        return "0"
    return str(min(max(value, Decimal("0")), HUNDRED).quantize(Decimal("0.1")))


@register.filter
def realised(figures) -> str:
    """An indicator's year-to-date realisation, written like its target: `3,1 %`, a grade `BB`."""
    return display_target(
        figures.realisation, satuan=figures.indicator.satuan, grade=figures.realisation_grade
    )


@register.filter
def target(figures) -> str:
    """An indicator's target written one way (`3,9 %`, `12 Laporan`), whatever the plan's text."""
    return display_target(
        figures.target,
        figures.target_upper,
        satuan=figures.indicator.satuan,
        grade=figures.target_grade,
        text=figures.target_text,
    )


@register.filter
def action_plan_of(board, indicator_id: int):
    """The quarter's rencana aksi figure of a key indicator on the dashboard, or None."""
    return board.action_plan.get(indicator_id)


@register.inclusion_tag("dashboard/_predikat.html")
def predikat(band):
    """A predikat or kategori: its label always, its colour as a swatch beside it."""
    return {"band": band}
