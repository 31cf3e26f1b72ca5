"""A report as the writers see it: tables of lines under numbered, merged headers.

A report's layout (renstra/reports/layouts.py) describes its columns once: the header labels from
the top row down, the column number printed under them, the width and the number format. The
Excel writer, the PDF template and the HTML preview all read the same description, so a column
cannot be one thing on screen and another in a file. Nothing here knows a cell coordinate: the
writers place the header grid and the lines where their medium needs them.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from renstra.models import Organisation, RenstraPeriod
from renstra.numbers import format_decimal, format_measure

from .choices import Paper, ReportKind


class Format(StrEnum):
    """How a column shows its values, in the PDF (Indonesian separators) and in Excel."""

    TEXT = "text"
    CODE = "code"  # a nomenclature code, never broken over lines
    MEASURE = "measure"  # a target or realisation: 21.955, 3,5
    MONEY = "money"  # Rupiah with sen: 6.879.188.261,00
    PERCENT = "percent"  # capaian, serapan: 113,57
    INTEGER = "integer"  # counts of people: 1.250


# Excel shows these with the reader's locale separators: 1.234,56 on an Indonesian machine.
EXCEL_FORMATS = {
    Format.MONEY: "#,##0.00",
    Format.PERCENT: "#,##0.00",
    Format.INTEGER: "#,##0",
}
EXCEL_WHOLE = "#,##0"
EXCEL_FRACTION = "#,##0.0###"
NUMERIC = frozenset({Format.MEASURE, Format.MONEY, Format.PERCENT, Format.INTEGER})


BLANK = "." * 40  # a dotted line to write on
DRAFT, DEMO = "DRAF", "DATA-CONTOH"
MARK_TEXTS = {
    DRAFT: _("DRAF: memuat realisasi yang belum diverifikasi, bukan laporan resmi."),
    DEMO: _("DATA CONTOH: realisasi contoh untuk mencoba aplikasi, bukan data resmi."),
}


@dataclass(frozen=True)
class Column:
    """One column of a table.

    `headers` are its labels from the top header row down; neighbouring columns sharing the
    leading labels share those header cells (merged). `number` is printed in the numbered row
    under the headers; neighbours with the same number share it (K and Rp under "(5)").
    `width` is in Excel character widths; the PDF uses the same proportions.
    """

    key: str
    headers: tuple[str, ...]
    number: str
    width: float
    format: Format = Format.TEXT

    @property
    def numeric(self) -> bool:
        return self.format in NUMERIC


@dataclass(frozen=True)
class Line:
    """One line of a table: values by column key, a style, and merged runs of columns.

    A column missing from `values` is left empty; a value None is a figure that cannot be
    computed, printed "-". A span (first key, last key) shows the value of its first column
    across all of them.
    Styles: "program", "kegiatan", "sub-kegiatan", "heading", "indicator", "total", "footer".
    """

    values: dict[str, object]
    style: str = ""
    spans: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Cell:
    """A cell of a line as placed: its first column index, how many columns it covers."""

    index: int
    columns: int
    column: Column
    value: object

    @property
    def text(self) -> str:
        return display(self.value, self.column.format)

    @property
    def numeric(self) -> bool:
        """Aligned as a number: a number, or the "-" (or blank) of a numeric column. A text in a
        numeric column (a grade, a predikat) and a label spanning several columns are text."""
        if _is_number(self.value):
            return True
        return self.column.numeric and self.columns == 1 and self.value in (None, "")

    @property
    def css_class(self) -> str:
        if self.numeric:
            return "num"
        return "code" if self.column.format == Format.CODE and self.columns == 1 else ""


@dataclass(frozen=True)
class HeaderCell:
    """A header cell: row and column index (from 0) and how many rows and columns it covers."""

    text: str
    row: int
    index: int
    rows: int = 1
    columns: int = 1


@dataclass(frozen=True)
class Part:
    """A part of a table printed on its own, when the whole is too wide to print legibly: its
    columns by key (keys in every part repeat in each, to identify the lines)."""

    title: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of the report: a sheet in Excel, a section in the PDF.

    A table with `parts` prints (PDF) as one table per part, each under the official column
    numbers of the columns it holds; Excel and the screen show it whole.
    """

    title: str
    columns: tuple[Column, ...]
    lines: list[Line]
    frozen_columns: int = 0  # columns kept in view when scrolling right (Excel)
    parts: tuple[Part, ...] = ()

    @property
    def printed(self) -> list["Table"]:
        """The tables to print: the parts, or the table itself."""
        if not self.parts:
            return [self]
        shared = set.intersection(*(set(part.keys) for part in self.parts))
        return [self._part(part, shared) for part in self.parts]

    def _part(self, part: Part, shared: set[str]) -> "Table":
        """The part's columns and the lines with a value of their own in them (a line with only
        shared values, such as a label, is left to the parts that hold its figures). A span
        stays with the part holding its first column, clipped to the part's columns."""
        keys = set(part.keys)
        own = keys - shared
        lines = []
        for line in self.lines:
            values, spans, covered = {}, [], set()
            for first, last in line.spans:
                span_keys = [
                    column.key
                    for column in self.columns[self.index_of(first) : self.index_of(last) + 1]
                ]
                covered.update(span_keys)
                inside = [key for key in span_keys if key in keys]
                if first in keys:
                    values[first] = line.values.get(first, "")
                    spans.append((first, inside[-1]))
            for key, value in line.values.items():
                if key in keys and key not in covered:
                    values[key] = value
            if any(key in own and value != "" for key, value in values.items()):
                lines.append(Line(values=values, style=line.style, spans=tuple(spans)))
        return Table(
            title=f"{self.title} - {part.title}",
            columns=tuple(column for column in self.columns if column.key in keys),
            lines=lines,
            frozen_columns=self.frozen_columns,
        )

    @property
    def width(self) -> int:
        return len(self.columns)

    def index_of(self, key: str) -> int:
        for index, column in enumerate(self.columns):
            if column.key == key:
                return index
        raise KeyError(key)

    def cells(self, line: Line) -> list[Cell]:
        """The cells of a line from left to right, spans merged."""
        covered = {}
        for first, last in line.spans:
            start, end = self.index_of(first), self.index_of(last)
            covered[start] = end - start + 1
        cells = []
        index = 0
        while index < self.width:
            columns = covered.get(index, 1)
            column = self.columns[index]
            cells.append(Cell(index, columns, column, line.values.get(column.key, "")))
            index += columns
        return cells

    @property
    def body(self) -> list[tuple[Line, list[Cell]]]:
        """Each line with its placed cells, for the HTML templates."""
        return [(line, self.cells(line)) for line in self.lines]

    @property
    def column_widths(self) -> list[str]:
        """Each column's share of the table's width, as CSS (`12.5%`), for the HTML templates."""
        total = sum(column.width for column in self.columns)
        return [f"{column.width * 100 / total:.2f}%" for column in self.columns]

    @property
    def column_widths_ch(self) -> list[str]:
        """Each column's width in characters, as CSS (`12ch`), for the screen's tables that
        scroll rather than shrink."""
        return [f"{column.width}ch" for column in self.columns]

    def header_rows(self) -> list[list[HeaderCell]]:
        """The header grid: label rows (merged across shared labels, down where a column's
        labels end early) and, last, the row of column numbers."""
        depth = max(len(column.headers) for column in self.columns)
        rows: list[list[HeaderCell]] = [[] for _ in range(depth + 1)]
        for level in range(depth):
            index = 0
            while index < self.width:
                column = self.columns[index]
                if len(column.headers) <= level:
                    index += 1
                    continue
                prefix = column.headers[: level + 1]
                end = index + 1
                while end < self.width and self.columns[end].headers[: level + 1] == prefix:
                    end += 1
                group = self.columns[index:end]
                ends_here = all(len(member.headers) == level + 1 for member in group)
                rows[level].append(
                    HeaderCell(
                        text=prefix[-1],
                        row=level,
                        index=index,
                        rows=depth - level if ends_here else 1,
                        columns=end - index,
                    )
                )
                index = end
        index = 0
        while index < self.width:
            end = index + 1
            while end < self.width and self.columns[end].number == self.columns[index].number:
                end += 1
            rows[depth].append(
                HeaderCell(self.columns[index].number, depth, index, columns=end - index)
            )
            index = end
        return rows


@dataclass(frozen=True)
class Signature:
    """A signature block: the caption above the title ("Mengetahui,"), title, name, rank, NIP.

    `dated` blocks carry the place and date line above them.
    """

    title: str
    name: str
    rank: str = ""
    nip: str = ""
    caption: str = ""
    dated: bool = False

    @property
    def name_line(self) -> str:
        """The name, or a dotted line to write it on when it is not recorded."""
        return self.name or BLANK

    @property
    def rank_line(self) -> str:
        """Pangkat/golongan, or its dotted line."""
        return self.rank or _("Pangkat/Gol. %(blank)s") % {"blank": BLANK[:24]}

    @property
    def nip_line(self) -> str:
        return _("NIP. %(nip)s") % {"nip": self.nip or BLANK[:30]}


@dataclass(frozen=True)
class Document:
    """A whole report: who it is from, what it covers, its tables and its signatures."""

    kind: ReportKind
    title: str
    organisation: Organisation
    period: RenstraPeriod
    year: int
    subtitle: str
    tables: list[Table]
    signatures: list[Signature]
    place: str
    signed_on: datetime.date
    paper: Paper = Paper.A4
    realisation_note: str = ""  # which realisations count, for reports that use them
    budget_note: str = ""  # which budget version(s) the Rp columns use
    notes: tuple[str, ...] = ()  # footnotes under the tables: how a figure is computed
    preamble: tuple[str, ...] = ()  # lines the form prints above its table
    demo: bool = False  # the office holds demo realisations (DATA CONTOH)
    draft: bool = False  # counts realisations not yet verified (DRAF)

    @property
    def filename(self) -> str:
        """`evaluasi-renja-dinsos-2025`, with `-DRAF` and `-DATA-CONTOH` when marked, so an
        unofficial file never carries the official file's name."""
        suffixes = [suffix for mark, suffix in self._marks() if mark]
        return "-".join([f"{self.kind}-{self.organisation.code}-{self.year}", *suffixes])

    @property
    def marks(self) -> list[str]:
        """The warnings printed on every page and sheet of an unofficial document."""
        return [str(MARK_TEXTS[suffix]) for mark, suffix in self._marks() if mark]

    def _marks(self) -> list[tuple[bool, str]]:
        return [(self.draft, DRAFT), (self.demo, DEMO)]

    @property
    def printed_tables(self) -> list[Table]:
        """The tables as printed: a wide table's parts in its place."""
        return [printed for table in self.tables for printed in table.printed]

    @property
    def heading(self) -> list[str]:
        """The lines above the tables: government, office, title, period."""
        return [
            self.organisation.government.upper(),
            self.organisation.name.upper(),
            self.title.upper(),
            self.subtitle,
        ]

    @property
    def place_and_date(self) -> str:
        """`Palangka Raya, 28 November 2026`, with the month in the active language."""
        return f"{self.place}, {date_format(self.signed_on, 'j F Y')}"


def _is_number(value: object) -> bool:
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


def display(value: object, format: Format) -> str:
    """A value as the PDF and the preview print it: Indonesian separators, "-" for no figure."""
    if value is None:
        return "-" if format in NUMERIC else ""
    if _is_number(value):
        number = Decimal(value)
        if format in (Format.MONEY, Format.PERCENT):
            return format_decimal(number, places=2)
        if format == Format.INTEGER:
            return format_decimal(number, places=0)
        return format_measure(number)
    return str(value)


def excel_format(value: object, format: Format) -> str | None:
    """The Excel number format of a numeric cell, None for text."""
    if not _is_number(value):
        return None
    if format in EXCEL_FORMATS:
        return EXCEL_FORMATS[format]
    number = Decimal(value)
    return EXCEL_WHOLE if number == number.to_integral_value() else EXCEL_FRACTION
