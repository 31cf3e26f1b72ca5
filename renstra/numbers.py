"""Reading and writing numbers the Indonesian way: `21.955` is 21955, `3,50` is 3.5.

Plain input is accepted too: `1234.5` is 1234.5. A dot followed by exactly three digits (and no
comma anywhere) is a thousands separator; any other lone dot is a decimal point.

`percentage` is the one percentage helper of the product: every capaian, serapan and SPM figure
goes through it. `display_number` is the one way a page writes a number (the template filter
`angka` and renstra/static/renstra/numbers.js follow the same rules): a measured value or count
without decimals unless it has them (`30`, `87,5`), a percentage to two decimals with its sign
(`3,90 %`), an amount of Rupiah to two decimals (`65.432.100,50`).
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, Overflow, localcontext

_ID_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_ID_PLAIN = re.compile(r"^\d+(,\d+)?$")
_EN_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_EN_PLAIN = re.compile(r"^\d+(\.\d+)?$")


class NumberFormatError(ValueError):
    """The text is not a number in either the Indonesian or the plain format."""


def parse_decimal(text: str) -> Decimal:
    """Parse `1.234,5`, `1234,5`, `1234.5`, `21.955` (= 21955), `-3,5`; raise NumberFormatError."""
    raw = str(text).strip().replace("\u00a0", "").replace(" ", "")
    sign = ""
    if raw[:1] in ("+", "-"):
        sign, raw = ("-" if raw[0] == "-" else ""), raw[1:]
    if not raw:
        raise NumberFormatError(text)
    if _ID_GROUPED.match(raw):
        normal = raw.replace(".", "").replace(",", ".")
    elif _ID_PLAIN.match(raw):
        normal = raw.replace(",", ".")
    elif _EN_GROUPED.match(raw) and "." in raw:
        normal = raw.replace(",", "")
    elif _EN_PLAIN.match(raw):
        normal = raw
    else:
        raise NumberFormatError(text)
    try:
        return Decimal(sign + normal)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above only pass digits
        raise NumberFormatError(text) from exc


def format_decimal(value: Decimal | None, places: int = 2, empty: str = "-") -> str:
    """Format with `.` for thousands and `,` for decimals: 6879188261 -> `6.879.188.261,00`."""
    if value is None:
        return empty
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percentage(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """`numerator / denominator x 100`, unrounded: rounding is for display.

    None (shown "-") when either side is missing or not a finite number, when the denominator is
    zero, and when the result is too large for a Decimal: a percentage that cannot be computed is
    not a figure, never an exception.
    """
    if numerator is None or denominator is None:
        return None
    if not (numerator.is_finite() and denominator.is_finite()) or denominator.is_zero():
        return None
    with localcontext() as context:
        context.traps[Overflow] = False
        result = numerator * 100 / denominator
    return result if result.is_finite() else None


def format_measure(value: Decimal | None, empty: str = "-") -> str:
    """A measured value: no decimals when whole (`21.955`), else up to four (`87,5`)."""
    if value is None:
        return empty
    value = Decimal(value)
    if value == value.to_integral_value():
        return format_decimal(value, places=0)
    return format_decimal(value, places=4).rstrip("0").rstrip(",")


MEASURE = "angka"
PERCENT = "%"
MONEY = "rp"
STYLES = (MEASURE, PERCENT, MONEY)


def display_number(value, style: str = MEASURE, empty: str = "-") -> str:
    """The one way a page writes a number; `style` is MEASURE, PERCENT or MONEY.

    Accepts a Decimal, an int or a plain numeric string; None or "" is `empty`.
    """
    if style not in STYLES:
        raise ValueError(f"unknown number style {style!r}")
    if value is None or value == "":
        return empty
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if not number.is_finite():
        return empty
    if style == PERCENT:
        return f"{format_decimal(number, places=2)} %"
    if style == MONEY:
        return format_decimal(number, places=2)
    return format_measure(number)


def display_target(
    value: Decimal | None,
    upper: Decimal | None = None,
    satuan: str = "",
    grade: str = "",
    text: str = "",
) -> str:
    """A target written one way: `3,9 %`, `100 %`, `12 Laporan`, `80 - 90 %`, a grade `BB`.

    The parsed value wins over the plan's text, whose spelling varies (`3,9%`, `100 %`, `2,8`);
    the text is shown only when nothing could be parsed from it (`N/A`).
    """
    if grade:
        return grade
    if value is None:
        return text.strip() or "-"
    written = format_measure(value)
    if upper is not None:
        written = f"{written} - {format_measure(upper)}"
    unit = satuan.strip()
    return f"{written} {unit}" if unit else written
