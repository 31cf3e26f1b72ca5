"""Reading numbers and text from a request: ASCII digits only, control characters refused.

`str.isdigit()` accepts `²` and `١٢`, which `int()` refuses or reads as another number, and
PostgreSQL refuses a NUL byte in text; every number taken from a query string, a form or a path
goes through `ascii_int`, and `HostileInputMiddleware` (renstra/middleware.py) refuses a request
carrying control characters before any view or the database sees them.
"""

import re

# PostgreSQL's `integer`: the widest id or year column of the product.
MAX_INT = 2**31 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,10}")
# C0 controls and DEL; a form's text may hold tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_BUT_WHITESPACE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def ascii_int(value, *, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """`value` as an int when it is ASCII digits within [minimum, maximum], else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if minimum <= value <= maximum else None
    if not isinstance(value, str) or not _ASCII_DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def ascii_year(value) -> int | None:
    """A year of the calendar (at most four digits), else None."""
    return ascii_int(value, minimum=1, maximum=9999)


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """True when `text` holds a control character; `multiline` allows tab, CR and LF."""
    pattern = _CONTROL_BUT_WHITESPACE if multiline else _CONTROL
    return pattern.search(text) is not None
