"""The one number filter of the templates: `{{ value|angka }}`, `{{ value|angka:"%" }}`,
`{{ value|angka:"rp" }}` (rules in renstra.numbers.display_number)."""

from django import template

from renstra.numbers import MEASURE, display_number

register = template.Library()


@register.filter
def angka(value, style: str = MEASURE) -> str:
    """`21.955`, `87,5`; with "%" `113,57 %`; with "rp" `6.879.188.261,00`; missing -> `-`."""
    return display_number(value, style)
