"""Reading uploaded Excel workbooks safely, and writing the workbooks users download.

An upload is refused as a whole, with an Indonesian message, when it is not an `.xlsx` file, is too
big, carries macros, holds formulas, or is empty. What passes is plain cell values per sheet, with
the row numbers Excel shows, so every later message can name the sheet, row and column.
"""

import io
import posixpath
import re
import time
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from xml.etree import ElementTree
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import column_index_from_string, get_column_letter

from renstra.spreadsheet import put, read_text

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


# --- bounded reading ----------------------------------------------------------------------------
# An .xlsx is a zip of XML. Before openpyxl sees it, the archive is inspected: what it unpacks to
# (zip bombs), how many sheets the workbook lists, the range each sheet declares, and then every
# cell's row and column, streamed, so a file whose content reaches beyond what a template holds is
# refused before any of it is loaded. A deadline bounds the whole reading.

SPREADSHEET_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
RELATIONSHIP_NAMESPACE = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "/officeDocument"
# A member that unpacks to more than this may not be more than RATIO times its packed size.
RATIO_CHECKED_BYTES = 1024 * 1024
MAX_RATIO = 100
# Parts read whole for their structure (workbook, relationships) are small in a real workbook.
MAX_STRUCTURE_BYTES = 2 * 1024 * 1024
# How much of a sheet's XML is searched for its <dimension ref="...">.
DIMENSION_HEAD_BYTES = 64 * 1024
STREAM_CHUNK = 64 * 1024
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref=\"([^\"]*)\"")
_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


@dataclass(frozen=True)
class Limits:
    """What an import workbook may hold (settings RENSTRA_IMPORT_MAX_*)."""

    sheets: int
    rows: int
    columns: int
    unpacked_bytes: int
    seconds: float

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            sheets=settings.RENSTRA_IMPORT_MAX_SHEETS,
            rows=settings.RENSTRA_IMPORT_MAX_ROWS,
            columns=settings.RENSTRA_IMPORT_MAX_COLUMNS,
            unpacked_bytes=settings.RENSTRA_IMPORT_MAX_UNPACKED_BYTES,
            seconds=settings.RENSTRA_IMPORT_MAX_SECONDS,
        )

    def reach(self) -> str:
        return _("paling banyak %(rows)s baris dan kolom sampai %(column)s (%(columns)s kolom)") % {
            "rows": f"{self.rows:,}".replace(",", "."),
            "column": get_column_letter(self.columns),
            "columns": self.columns,
        }


class Deadline:
    """The time budget of one import's reading; `check` refuses the file once it is spent."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise _refuse(
                _(
                    "Berkas terlalu lama dibaca (lebih dari %(seconds)s detik); periksa isinya "
                    "atau bagi menjadi beberapa berkas."
                )
                % {"seconds": f"{self.seconds:g}"}
            )


def _cell_position(reference: str) -> tuple[int, int] | None:
    """(row, column) of `B7` / `$B$7`; None when it is not a cell reference."""
    match = _REFERENCE.match(reference.strip())
    if not match:
        return None
    return int(match.group(2)), column_index_from_string(match.group(1).upper())


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xml(archive: zipfile.ZipFile, name: str):
    """A small structural part parsed whole; None when absent."""
    try:
        member = archive.getinfo(name)
    except KeyError:
        return None
    if member.file_size > MAX_STRUCTURE_BYTES:
        raise _refuse(_("Isi berkas tidak wajar (%(part)s terlalu besar).") % {"part": name})
    data = archive.read(member)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _refuse(_("Isi berkas tidak wajar (%(part)s).") % {"part": name})
    return ElementTree.fromstring(data)


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id -> (type, member name) of a part's relationships."""
    folder, _slash, base = part.rpartition("/")
    root = _xml(archive, posixpath.join(folder, "_rels", f"{base}.rels"))
    found = {}
    for element in [] if root is None else root:
        if _local(element.tag) != "Relationship" or element.get("TargetMode") == "External":
            continue
        target = element.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found[element.get("Id", "")] = (element.get("Type", ""), posixpath.normpath(name))
    return found


def _sheet_parts(archive: zipfile.ZipFile, limits: Limits) -> list[tuple[str, str]]:
    """(title, member name) of every worksheet the workbook lists; refuses too many sheets."""
    package = _relationships(archive, "")
    workbook_part = next(
        (name for kind, name in package.values() if kind.endswith(OFFICE_DOCUMENT)),
        "xl/workbook.xml",
    )
    root = _xml(archive, workbook_part)
    if root is None:
        raise _refuse(_("Berkas rusak atau bukan Excel .xlsx."))
    listed = [element for element in root.iter() if _local(element.tag) == "sheet"]
    if len(listed) > limits.sheets:
        raise _refuse(
            _(
                "Berkas berisi %(count)s sheet; paling banyak %(limit)s. Hapus sheet yang tidak "
                "dipakai lalu unggah lagi."
            )
            % {"count": len(listed), "limit": limits.sheets}
        )
    targets = _relationships(archive, workbook_part)
    parts = []
    for element in listed:
        key = next((value for name, value in element.attrib.items() if _local(name) == "id"), "")
        name = targets.get(key, ("", ""))[1]
        if name:
            parts.append((element.get("name", ""), name))
    return parts


def _check_dimension(archive: zipfile.ZipFile, title: str, part: str, limits: Limits) -> None:
    """Refuse a sheet whose declared range reaches past the limits (read from its first bytes)."""
    with archive.open(part) as stream:
        head = stream.read(DIMENSION_HEAD_BYTES)
    match = _DIMENSION.search(head)
    if not match:
        return
    reference = match.group(1).decode("ascii", "replace")
    corners = [_cell_position(corner) for corner in reference.split(":")]
    if any(corner is None for corner in corners):
        return  # not a range openpyxl would use; the cells themselves are checked next
    rows = max(corner[0] for corner in corners)
    columns = max(corner[1] for corner in corners)
    if rows > limits.rows or columns > limits.columns:
        raise ImportFileError(
            [
                RowError(
                    _(
                        "rentang terpakai %(range)s melebihi yang dapat dimuat templat "
                        "(%(reach)s). Hapus baris dan kolom di luar tabel lalu simpan ulang."
                    )
                    % {"range": reference, "reach": limits.reach()},
                    sheet=title,
                )
            ]
        )


def _scan_cells(
    archive: zipfile.ZipFile, title: str, part: str, limits: Limits, deadline: Deadline
) -> tuple[int, int]:
    """Stream a sheet's XML and return the row and column its last cell reaches; refuse at the
    first cell beyond the limits. Rows and cells without a reference count on from the previous
    one, as spreadsheet programs read them."""
    position = {"row": 0, "column": 0, "rows": 0, "columns": 0}
    beyond: list[tuple[int, int]] = []

    def start(name: str, attributes: dict) -> None:
        namespace, _space, local = name.rpartition(" ")
        if namespace not in SPREADSHEET_NAMESPACES or beyond:
            return
        if local == "row":
            written = attributes.get("r", "")
            row = int(written) if written.isascii() and written.isdigit() else position["row"] + 1
            position["row"], position["column"] = row, 0
        elif local == "c":
            found = _cell_position(attributes.get("r", ""))
            row, column = found or (position["row"], position["column"] + 1)
            position["row"], position["column"] = row, column
            if row > limits.rows or column > limits.columns:
                beyond.append((row, column))
                return
            position["rows"] = max(position["rows"], row)
            position["columns"] = max(position["columns"], column)

    def refuse_declarations(*_args) -> None:
        raise _refuse(_("Isi berkas tidak wajar (%(part)s).") % {"part": part})

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = refuse_declarations
    parser.EntityDeclHandler = refuse_declarations
    with archive.open(part) as stream:
        while chunk := stream.read(STREAM_CHUNK):
            try:
                parser.Parse(chunk, False)
            except expat.ExpatError:
                raise _refuse(_("Berkas tidak dapat dibaca sebagai Excel .xlsx.")) from None
            if beyond:
                row, column = beyond[0]
                raise ImportFileError(
                    [
                        RowError(
                            _("ada isian di luar yang dapat dimuat templat (%(reach)s).")
                            % {"reach": limits.reach()},
                            sheet=title,
                            row=row,
                            column=get_column_letter(min(column, 18278)),
                        )
                    ]
                )
            deadline.check()
    return position["rows"], position["columns"]


def inspect_archive(data: bytes, limits: Limits, deadline: Deadline) -> dict[str, tuple[int, int]]:
    """Check an .xlsx before it is loaded; the row and column each sheet (by title) reaches."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_members(members, limits)
            names = {member.filename for member in members}
            content_types = (
                archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            )
            if any(name.lower().endswith("vbaproject.bin") for name in names) or (
                b"macroEnabled" in content_types
            ):
                raise _refuse(
                    _(
                        "Berkas berisi makro; simpan sebagai Excel Workbook (.xlsx) tanpa makro "
                        "lalu unggah."
                    )
                )
            reach = {}
            for title, part in _sheet_parts(archive, limits):
                if part not in names:
                    continue
                _check_dimension(archive, title, part, limits)
                reach[title] = _scan_cells(archive, title, part, limits, deadline)
            return reach
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, OSError, EOFError):
        raise _refuse(_("Berkas rusak atau bukan Excel .xlsx.")) from None
    except (NotImplementedError, RuntimeError):  # an unknown compression method or encryption
        raise _refuse(_("Berkas rusak atau bukan Excel .xlsx.")) from None


def _check_members(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse an archive that unpacks to far more than a workbook of the template's size."""
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.unpacked_bytes:
        raise _refuse(
            _("Isi berkas terlalu besar setelah dibuka (%(size)s MB; batas %(limit)s MB).")
            % {"size": megabytes(unpacked), "limit": megabytes(limits.unpacked_bytes)}
        )
    for member in members:
        if member.file_size > RATIO_CHECKED_BYTES and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise _refuse(
                _(
                    "Isi berkas tidak wajar: %(part)s membesar %(ratio)s kali setelah dibuka "
                    "(bom zip)."
                )
                % {
                    "part": member.filename,
                    "ratio": member.file_size // max(member.compress_size, 1),
                }
            )


def read_workbook(data: bytes, *, file_name: str = "") -> list[Sheet]:
    """The sheets of an uploaded workbook, or ImportFileError naming what is wrong."""
    _check_container(data, file_name)
    limits = Limits.from_settings()
    deadline = Deadline(limits.seconds)
    reach = inspect_archive(data, limits, deadline)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of error on a malformed workbook
        raise _refuse(_("Berkas tidak dapat dibaca sebagai Excel .xlsx.")) from None
    try:
        sheets, formulas = [], []
        for worksheet in book.worksheets:
            rows, columns = reach.get(worksheet.title, (limits.rows, limits.columns))
            sheet, found = _read_sheet(worksheet, rows, columns, deadline)
            sheets.append(sheet)
            formulas += found
    except ImportFileError:
        raise
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
    return read_text(value).strip() if isinstance(value, str) else value


def _read_sheet(
    worksheet, max_row: int, max_column: int, deadline: Deadline
) -> tuple[Sheet, list[RowError]]:
    """The sheet's values up to the row and column its cells reach (found by the scan)."""
    headers: list[str] = []
    rows: list[tuple[int, tuple]] = []
    formulas: list[RowError] = []
    if not (max_row and max_column):
        return Sheet(worksheet.title, headers, rows), formulas
    cells_by_row = worksheet.iter_rows(min_row=1, max_row=max_row, max_col=max_column)
    for number, cells in enumerate(cells_by_row, start=1):
        if number % 256 == 0:
            deadline.check()
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
        for column, header in enumerate(headers, start=1):
            put(worksheet, 1, column, header).font = Font(bold=True)
        widths = [len(str(header)) for header in headers]
        for number, row in enumerate(rows, start=2):
            for position, value in enumerate(row):
                cell = put(worksheet, number, position + 1, value)
                if isinstance(value, Decimal):
                    places = max(0, -value.as_tuple().exponent)
                    cell.number_format = "#,##0" + ("." + "0" * places if places else "")
                if position < len(widths):
                    widths[position] = max(widths[position], min(len(str(value or "")), 60))
        for position, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(position)].width = width + 2
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CSV_DELIMITERS = ",;\t"


def read_csv(data: bytes, *, file_name: str = "") -> Sheet:
    """The rows of an uploaded CSV file (UTF-8, with or without BOM; comma, semicolon or tab),
    within the same limits as a workbook, or ImportFileError naming what is wrong."""
    import csv

    limit = max_bytes()
    if len(data) > limit:
        raise _refuse(
            _("Berkas %(size)s MB melebihi batas %(limit)s MB.")
            % {"size": megabytes(len(data)), "limit": megabytes(limit)}
        )
    if data.startswith(ZIP_SIGNATURE) or b"\x00" in data:
        raise _refuse(_("Berkas bukan CSV teks; unggah .csv atau .xlsx."))
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(_("Berkas CSV harus berenkode UTF-8.")) from None
    limits = Limits.from_settings()
    deadline = Deadline(limits.seconds)
    first_line = content.split("\n", 1)[0]
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    headers: list[str] = []
    rows: list[tuple[int, tuple]] = []
    try:
        reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
        for number, values in enumerate(reader, start=1):
            if number > limits.rows:
                raise _refuse(_("Berkas melebihi batas: %(reach)s.") % {"reach": limits.reach()})
            if number % 256 == 0:
                deadline.check()
            if len(values) > limits.columns:
                raise _refuse(_("Berkas melebihi batas: %(reach)s.") % {"reach": limits.reach()})
            values = [_plain(value) for value in values]
            while values and values[-1] in (None, ""):
                values.pop()
            if number == 1:
                headers = [value.strip() for value in values]
            elif values:
                rows.append((number, tuple(values)))
    except csv.Error:
        raise _refuse(_("Berkas tidak dapat dibaca sebagai CSV.")) from None
    if not headers and not rows:
        raise _refuse(_("Berkas CSV kosong."))
    return Sheet(file_name or "CSV", headers, rows)
