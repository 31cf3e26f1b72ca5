"""Reading uploaded Excel workbooks safely, and writing the workbooks users download.

An upload is refused as a whole, with an Indonesian message, when it is not an `.xlsx` file, is too
big, carries macros, holds formulas, or is empty. What passes is plain cell values per sheet, with
the row numbers Excel shows, so every later message can name the sheet, row and column.
"""

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# An .xlsx is a zip of XML: refuse files that unpack to far more than they weigh (zip bombs).
UNPACKED_RATIO = 20
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlam")
ZIP_SIGNATURE = b"PK\x03\x04"
# How many formula cells one message lists before saying "and more".
LISTED_FORMULAS = 10


def max_bytes() -> int:
    """The size limit of an upload (settings.RENSTRA_IMPORT_MAX_BYTES)."""
    return settings.RENSTRA_IMPORT_MAX_BYTES


def megabytes(size: int) -> str:
    return f"{Decimal(size) / (1024 * 1024):.1f}".replace(".", ",")


@dataclass(frozen=True)
class RowError:
    """One refusal, located in the workbook: `Sheet Realisasi, baris 7, kolom Realisasi: ...`."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(_("Sheet %(sheet)s") % {"sheet": self.sheet})
        if self.row is not None:
            where.append(_("baris %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("kolom %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportFileError(Exception):
    """The upload as a whole is refused; `errors` say why and where."""

    def __init__(self, errors: Iterable[RowError]):
        self.errors = list(errors)
        super().__init__("; ".join(str(error) for error in self.errors))


def normalise_header(text) -> str:
    """Header text compared loosely: case, surrounding and repeated spaces do not matter."""
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


@dataclass
class Sheet:
    """The plain values of one worksheet: its header row and its non-empty data rows."""

    title: str
    headers: list[str]
    rows: list[tuple[int, tuple]] = field(default_factory=list)

    def columns(self) -> dict[str, int]:
        """Normalised header -> index of its first occurrence."""
        index: dict[str, int] = {}
        for position, header in enumerate(self.headers):
            if header:
                index.setdefault(normalise_header(header), position)
        return index


def _refuse(message: str) -> ImportFileError:
    return ImportFileError([RowError(message)])


def _check_container(data: bytes, file_name: str) -> None:
    limit = max_bytes()
    if len(data) > limit:
        raise _refuse(
            _("Berkas %(size)s MB melebihi batas %(limit)s MB.")
            % {"size": megabytes(len(data)), "limit": megabytes(limit)}
        )
    if file_name.lower().endswith(MACRO_EXTENSIONS):
        raise _refuse(
            _("Berkas berisi makro (%(name)s); simpan sebagai Excel Workbook (.xlsx) tanpa makro.")
            % {"name": file_name}
        )
    if not data:
        raise _refuse(_("Berkas kosong."))
    if not data.startswith(ZIP_SIGNATURE):
        raise _refuse(
            _("Berkas bukan Excel .xlsx; simpan ulang sebagai Excel Workbook (.xlsx) lalu unggah.")
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            content_types = (
                archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        raise _refuse(_("Berkas rusak atau bukan Excel .xlsx.")) from None
    if sum(member.file_size for member in members) > limit * UNPACKED_RATIO:
        raise _refuse(_("Isi berkas terlalu besar setelah dibuka."))
    if any(name.lower().endswith("vbaproject.bin") for name in names) or (
        b"macroEnabled" in content_types
    ):
        raise _refuse(
            _("Berkas berisi makro; simpan sebagai Excel Workbook (.xlsx) tanpa makro lalu unggah.")
        )


def read_workbook(data: bytes, *, file_name: str = "") -> list[Sheet]:
    """The sheets of an uploaded workbook, or ImportFileError naming what is wrong."""
    _check_container(data, file_name)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of error on a malformed workbook
        raise _refuse(_("Berkas tidak dapat dibaca sebagai Excel .xlsx.")) from None
    try:
        sheets, formulas = [], []
        for worksheet in book.worksheets:
            sheet, found = _read_sheet(worksheet)
            sheets.append(sheet)
            formulas += found
    except Exception:  # a workbook can open and still fail on a damaged sheet
        raise _refuse(_("Berkas tidak dapat dibaca sebagai Excel .xlsx.")) from None
    finally:
        book.close()
    if formulas:
        shown = formulas[:LISTED_FORMULAS]
        if len(formulas) > LISTED_FORMULAS:
            shown.append(
                RowError(
                    _("dan %(count)s sel rumus lainnya.")
                    % {"count": len(formulas) - LISTED_FORMULAS}
                )
            )
        raise ImportFileError(shown)
    if not any(sheet.headers or sheet.rows for sheet in sheets):
        raise _refuse(_("Berkas Excel kosong: tidak ada isian pada sheet mana pun."))
    return sheets


def _plain(value):
    return value.strip() if isinstance(value, str) else value


def _read_sheet(worksheet) -> tuple[Sheet, list[RowError]]:
    worksheet.reset_dimensions()
    headers: list[str] = []
    rows: list[tuple[int, tuple]] = []
    formulas: list[RowError] = []
    for number, cells in enumerate(worksheet.iter_rows(min_row=1), start=1):
        values = []
        for position, cell in enumerate(cells):
            if getattr(cell, "data_type", None) == "f":
                column = headers[position] if position < len(headers) and headers[position] else ""
                formulas.append(
                    RowError(
                        _("berisi rumus (%(formula)s); salin lalu tempel sebagai nilai.")
                        % {"formula": str(cell.value)[:40]},
                        sheet=worksheet.title,
                        row=number,
                        column=column or get_column_letter(position + 1),
                    )
                )
            values.append(_plain(cell.value))
        while values and values[-1] in (None, ""):
            values.pop()
        if number == 1:
            headers = ["" if value is None else str(value).strip() for value in values]
        elif values:
            rows.append((number, tuple(values)))
    return Sheet(worksheet.title, headers, rows), formulas


def write_workbook(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """An .xlsx of (title, headers, rows) sheets: bold frozen header, numbers as numbers.

    Decimal cells get a thousands format with the decimals they carry (normalise a measure first,
    quantise money to two places); the reader's Excel shows them with its own separators.
    """
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        worksheet = book.create_sheet(title=title)
        worksheet.append(list(headers))
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        widths = [len(str(header)) for header in headers]
        for row in rows:
            worksheet.append(list(row))
            for position, value in enumerate(row):
                if position < len(widths):
                    widths[position] = max(widths[position], min(len(str(value or "")), 60))
        for column_cells in worksheet.iter_cols(min_row=2):
            for cell in column_cells:
                if isinstance(cell.value, Decimal):
                    places = max(0, -cell.value.as_tuple().exponent)
                    cell.number_format = "#,##0" + ("." + "0" * places if places else "")
        for position, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(position)].width = width + 2
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
