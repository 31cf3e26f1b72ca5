"""Reading one cell of an uploaded sheet: text, codes, years, quarters, measures and money.

Excel gives numbers, text that looks like numbers, dates and booleans; users write `1.234,5`,
`1234.5`, `35 Orang`, `3,5%`, `Rp 1.250.000,00`, `TW II`. Every reader here returns a value or
raises CellError with an Indonesian message; the caller adds the sheet, row and column.
"""

import datetime
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from cascading.choices import GRADE_RANK
from renstra.numbers import NumberFormatError, parse_decimal

ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}
NO_VALUE = ("", "-", "N/A")
MIN_YEAR, MAX_YEAR = 2000, 2100

_QUARTER_PREFIX = re.compile(r"^(?:triwulan|tw|q)\s*\.?\s*", re.IGNORECASE)
_NUMBER_AND_UNIT = re.compile(r"^(?P<number>[+-]?\s*\d[\d.,]*)\s*(?P<unit>\D.*)?$")
_GRADE_AND_UNIT = re.compile(r"^(?P<grade>[A-Za-z]{1,2})(?:\s+(?P<unit>\S.*))?$")
PERCENT_WORDS = ("%", "persen")


class CellError(ValueError):
    """A cell that cannot be read; the message is Indonesian and says what was written."""


def _decimal_text(value: Decimal) -> str:
    """A number as `parse_decimal` reads it back exactly: `21,955` (never `21.955` = 21955)."""
    return format(value, "f").replace(".", ",")


def text(value) -> str:
    """Any cell as text; numbers in the Indonesian notation that reads back to the same number."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _decimal_text(Decimal(repr(value))) if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return _decimal_text(value) if value.is_finite() else str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


def code(value) -> str:
    """A nomenclature code as written; a number cell such as 1.06 keeps its dot."""
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    return "" if value is None else str(value).strip()


def _whole(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    raw = text(value)
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 6 else None


def year(value) -> int:
    number = _whole(value)
    if number is None or not MIN_YEAR <= number <= MAX_YEAR:
        raise CellError(
            _("'%(text)s' bukan tahun; tulis empat angka, mis. 2024.") % {"text": text(value)}
        )
    return number


def quarter(value) -> int:
    """1-4, also written `II`, `TW 2`, `Triwulan III`."""
    number = _whole(value)
    if number is None:
        raw = _QUARTER_PREFIX.sub("", text(value)).strip().upper()
        number = ROMAN_QUARTERS.get(raw) or _whole(raw)
    if number not in ROMAN_QUARTERS.values():
        raise CellError(
            _("Triwulan harus 1 sampai 4 (tertulis: '%(text)s').") % {"text": text(value)}
        )
    return number


def _unit_matches(unit: str, satuan: str) -> bool:
    """`Orang` fits satuan `Orang` and `Orang/bulan`; `%` and `persen` fit any indicator."""
    written = " ".join(unit.casefold().split())
    expected = " ".join(satuan.casefold().split())
    if written in PERCENT_WORDS:
        return True
    return bool(expected) and (written == expected or expected.startswith(f"{written}/"))


def realisation_text(value, *, satuan: str, ordinal: bool) -> str:
    """What a realisation cell says, ready for `parse_realisation`: the unit written after the
    number (`35 Orang`, `3,5 %`, `BB Indeks`) is dropped when it is the indicator's satuan."""
    if not isinstance(value, str):
        return text(value)
    raw = value.strip()
    pattern = _GRADE_AND_UNIT if ordinal else _NUMBER_AND_UNIT
    match = pattern.match(raw)
    if not match:
        return raw
    unit = (match["unit"] or "").strip()
    if unit and not _unit_matches(unit, satuan):
        raise CellError(
            _("Satuan '%(unit)s' tidak sesuai satuan indikator (%(satuan)s).")
            % {"unit": unit, "satuan": satuan or "-"}
        )
    if ordinal:
        return match["grade"]
    number = match["number"].replace(" ", "")
    return f"{number}%" if unit.casefold() in PERCENT_WORDS else number


@dataclass(frozen=True)
class Measure:
    """A target or baseline as written (`6.900 Keluarga`, `3,5%`, `BB Indeks`, `-`) and read."""

    text: str
    value: Decimal | None
    grade: str


def measure(value) -> Measure:
    """Read a target: a number with an optional unit, a SAKIP grade, or no value (`-`, `N/A`)."""
    written = text(value)
    if written in NO_VALUE:
        return Measure(written, None, "")
    grade = _GRADE_AND_UNIT.match(written)
    if grade and grade["grade"].upper() in GRADE_RANK:
        return Measure(written, None, grade["grade"].upper())
    number = _NUMBER_AND_UNIT.match(written)
    try:
        if not number:
            raise NumberFormatError(written)
        parsed = parse_decimal(number["number"].replace(" ", ""))
    except NumberFormatError:
        raise CellError(
            _(
                "'%(text)s' tidak dapat dibaca: tulis angka dengan satuan (mis. 35 Orang, 3,5%%), "
                "nilai huruf (mis. BB Indeks) atau '-'."
            )
            % {"text": written}
        ) from None
    if parsed < 0:
        raise CellError(_("'%(text)s' tidak boleh negatif.") % {"text": written})
    if parsed.as_tuple().exponent < -4:
        raise CellError(
            _("'%(text)s': paling banyak empat angka di belakang koma.") % {"text": written}
        )
    if parsed.adjusted() >= 16:
        raise CellError(_("'%(text)s' terlalu besar.") % {"text": written})
    return Measure(written, parsed, "")


def money(value) -> Decimal | None:
    """Rupiah: `6.879.188.261,00`, `Rp 41.125.917`, or a number cell; None when empty."""
    written = text(value)
    if not written:
        return None
    raw = written[2:].strip() if written.lower().startswith("rp") else written
    try:
        amount = parse_decimal(raw)
    except NumberFormatError:
        raise CellError(
            _("'%(text)s' bukan nilai rupiah (contoh: 1.250.000,00).") % {"text": written}
        ) from None
    if amount < 0:
        raise CellError(_("'%(text)s': nilai rupiah tidak boleh negatif.") % {"text": written})
    if amount.as_tuple().exponent < -2:
        raise CellError(
            _("'%(text)s': rupiah paling banyak dua angka di belakang koma.") % {"text": written}
        )
    if amount.adjusted() >= 16:
        raise CellError(_("'%(text)s' terlalu besar.") % {"text": written})
    return amount


YES = ("ya", "y", "1", "true", "x", "v")
NO = ("", "tidak", "t", "0", "false", "-")


def flag(value) -> bool:
    written = text(value).casefold()
    if written in YES:
        return True
    if written in NO:
        return False
    raise CellError(_("'%(text)s': tulis 'Ya' atau kosongkan.") % {"text": text(value)})
