"""The workbook an administrator fills: a Petunjuk sheet, then Perangkat Daerah, Unit Kerja and
Pengguna with their header rows, drop-down lists for the unit kind and the role, and, for an
office, what the application already holds (so that a re-upload changes nothing)."""

import io

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from performance.choices import PartyKind
from performance.models import Party
from renstra.models import Membership, Organisation, Role, Unit
from renstra.spreadsheet import put

from .services import OFFICES, UNITS, USERS, short_label

# How many rows the drop-down lists cover below the header.
LISTED_ROWS = 500
TEXT_COLUMNS = ("Kode", "NIP Kepala", "Kode Unit", "Kode Unit Induk", "Kode Perangkat Daerah")


def _instructions() -> list[str]:
    return [
        _("Impor perangkat daerah, unit kerja dan pengguna"),
        "",
        _(
            "1. Sheet Perangkat Daerah: satu baris per perangkat daerah. Kode yang sudah ada "
            "diperbarui; kode baru ditambahkan (hanya administrator kota). Jabatan dan nama "
            "kepala daerah (Wali Kota) dipakai pada Perjanjian Kinerja."
        ),
        _(
            "2. Sheet Unit Kerja: Sekretariat dan Bidang tanpa unit induk; Subbagian dan Seksi "
            "dengan kode unit induk (Sekretariat atau Bidang perangkat daerah yang sama). Nama, "
            "pangkat dan NIP kepala unit dipakai pada Perjanjian Kinerja."
        ),
        _(
            "3. Sheet Pengguna: username (huruf, angka, @ . + - _), nama, email, peran, kode "
            "perangkat daerah dan kode unit (wajib untuk operator). Pengguna baru menerima email "
            "berisi tautan untuk mengatur sandinya sendiri; email pengguna lama yang dikosongkan "
            "tidak diubah."
        ),
        _("4. Peran: %(roles)s. Bappeda dan peran tingkat kota tanpa perangkat daerah.")
        % {"roles": ", ".join(short_label(label) for _value, label in Role.choices)},
        _(
            "5. Unggah berkas di halaman Impor Pengguna: Anda melihat pratinjau setiap baris "
            "lebih dahulu. Jika satu baris salah, tidak ada yang disimpan."
        ),
        _("Tidak ada yang dihapus lewat impor ini. Jangan ubah judul sheet dan judul kolom."),
    ]


def _sheet(book: Workbook, title: str, headers, rows) -> object:
    sheet = book.create_sheet(title)
    for column, header in enumerate(headers, start=1):
        put(sheet, 1, column, header).font = Font(bold=True)
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = max(14, len(header) + 4)
        if header in TEXT_COLUMNS:
            for number in range(2, LISTED_ROWS + 2):
                sheet.cell(row=number, column=column).number_format = "@"
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            put(sheet, number, column, value)
    sheet.freeze_panes = "A2"
    return sheet


def _choose(sheet, headers, header: str, choices) -> None:
    column = get_column_letter(headers.index(header) + 1)
    options = ",".join(short_label(label) for _value, label in choices)
    validation = DataValidation(
        type="list",
        formula1=f'"{options}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Pilihan tidak dikenal"),
        error=_("Pilih dari daftar: %(options)s.") % {"options": options},
    )
    sheet.add_data_validation(validation)
    validation.add(f"{column}2:{column}{LISTED_ROWS + 1}")


def _party(parties: dict, kind: str, unit_id=None) -> Party | None:
    return parties.get((kind, unit_id))


def _office_rows(office: Organisation | None):
    if office is None:
        return [], [], []
    parties = {(party.kind, party.unit_id): party for party in office.parties.all()}
    mayor = _party(parties, PartyKind.MAYOR)
    offices = [
        [
            office.code,
            office.name,
            office.short_name,
            office.government,
            office.city,
            office.head_title,
            office.head_name,
            office.head_rank,
            office.head_nip,
            mayor.title if mayor else "",
            mayor.name if mayor else "",
        ]
    ]
    units = []
    for unit in sorted(office.units.all(), key=lambda unit: (unit.is_sub_unit, unit.order)):
        head = _party(parties, PartyKind.UNIT_HEAD, unit.pk)
        units.append(
            [
                office.code,
                unit.code,
                unit.name,
                short_label(unit.get_kind_display()),
                unit.parent.code if unit.parent_id else "",
                unit.head_title,
                head.name if head else "",
                head.rank if head else "",
                head.nip if head else "",
                unit.order,
            ]
        )
    users = [
        [
            membership.user.username,
            membership.user.first_name,
            membership.user.last_name,
            membership.user.email,
            short_label(membership.get_role_display()),
            office.code,
            membership.unit.code if membership.unit_id else "",
        ]
        for membership in sorted(office.memberships.all(), key=lambda m: m.user.username)
        if not membership.user.is_superuser
    ]
    return offices, units, users


def office_for_template(code: str | None):
    """The office whose data the template carries, read in a fixed number of queries."""
    if not code:
        return None
    return (
        Organisation.objects.filter(code=code)
        .prefetch_related(
            "parties",
            Prefetch("units", queryset=Unit.objects.select_related("parent")),
            Prefetch("memberships", queryset=Membership.objects.select_related("user", "unit")),
        )
        .first()
    )


def template_workbook(office: Organisation | None) -> bytes:
    book = Workbook()
    guide = book.active
    guide.title = _("Petunjuk")
    guide.column_dimensions["A"].width = 110
    for number, line in enumerate(_instructions(), start=1):
        cell = put(guide, number, 1, line)
        cell.alignment = Alignment(wrap_text=True)
    guide["A1"].font = Font(bold=True, size=14)
    offices, units, users = _office_rows(office)
    _sheet(book, OFFICES.title, OFFICES.columns, offices)
    unit_sheet = _sheet(book, UNITS.title, UNITS.columns, units)
    _choose(unit_sheet, UNITS.columns, "Jenis", Unit.Kind.choices)
    user_sheet = _sheet(book, USERS.title, USERS.columns, users)
    _choose(user_sheet, USERS.columns, "Peran", Role.choices)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
