"""Offices, units and users from one workbook: read, check, preview, apply, invite.

A preview and an apply run the same code. The preview only reads: whatever the file creates gets
a placeholder id in memory so that the model rules (`Membership.clean`, `Unit` parents) can be
checked as they will be on apply, and the number of queries does not grow with the rows. An apply
reads and checks the stored file again inside one transaction, locks the rows it changes, writes
as it goes and rolls everything back when any row is refused. New users get an unusable password
and, after the transaction, an e-mail with a link to set their own.
"""

import re
from dataclasses import dataclass, field
from itertools import count

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from performance.choices import PartyKind
from performance.models import Party
from renstra.imports import cells
from renstra.imports.preview import (
    Action,
    Preview,
    PreviewRow,
    SheetSpec,
    cells_of,
    classify,
)
from renstra.imports.workbook import (
    ImportFileError,
    RowError,
    Sheet,
    normalise_header,
    read_workbook,
)
from renstra.models import Membership, Organisation, Role, Unit
from renstra.params import ascii_int
from renstra.permissions import access_of

from .models import PeopleImport

User = get_user_model()

KIND = "pengguna"

OFFICES = SheetSpec(
    "perangkat-daerah",
    "Perangkat Daerah",
    (
        "Kode",
        "Nama",
        "Nama Singkat",
        "Pemerintah Daerah",
        "Tempat",
        "Jabatan Kepala",
        "Nama Kepala",
        "Pangkat Kepala",
        "NIP Kepala",
        "Jabatan Kepala Daerah",
        "Nama Kepala Daerah",
    ),
)
UNITS = SheetSpec(
    "unit-kerja",
    "Unit Kerja",
    (
        "Kode Perangkat Daerah",
        "Kode Unit",
        "Nama",
        "Jenis",
        "Kode Unit Induk",
        "Jabatan Kepala",
        "Nama Kepala",
        "Pangkat Kepala",
        "NIP Kepala",
        "Urutan",
    ),
)
USERS = SheetSpec(
    "pengguna",
    "Pengguna",
    (
        "Username",
        "Nama Depan",
        "Nama Belakang",
        "Email",
        "Peran",
        "Kode Perangkat Daerah",
        "Kode Unit",
    ),
)
SPECS = (OFFICES, UNITS, USERS)

REFUSED_IMPORTER = gettext_lazy(
    "Hanya administrator yang boleh mengimpor perangkat daerah dan pengguna."
)


def short_label(label) -> str:
    """`Perencana (semua bidang)` -> `Perencana`, `Seksi / subkoordinator` -> `Seksi`: the word
    the template's drop-down lists offer."""
    return re.split(r"\s+[(/]", str(label), maxsplit=1)[0].strip()


def _lookup(choices) -> dict[str, str]:
    found = {}
    for value, label in choices:
        for written in (value, str(label), short_label(label)):
            found[" ".join(written.casefold().split())] = value
    return found


def role_names() -> dict[str, str]:
    return _lookup(Role.choices)


def kind_names() -> dict[str, str]:
    return _lookup(Unit.Kind.choices)


@dataclass(frozen=True)
class Importer:
    """Who imports: a city-wide administrator or superuser (every office, any role) or the
    administrator of one office (that office only, roles within it)."""

    city_wide: bool
    organisation_id: int | None
    user_id: int | None = None  # None: the command line, as a city-wide administrator

    @classmethod
    def of(cls, user) -> "Importer | None":
        access = access_of(user)
        if not (access.superuser or access.role == Role.ADMIN):
            return None
        return cls(
            city_wide=access.city_wide, organisation_id=access.organisation_id, user_id=user.pk
        )

    def may_touch(self, organisation: Organisation | None) -> bool:
        if self.city_wide:
            return True
        return organisation is not None and organisation.pk == self.organisation_id


# -- reading the three sheets --------------------------------------------------------------------


@dataclass
class _State:
    """What the database holds for the codes and usernames the file names, read once."""

    offices: dict[str, Organisation]
    units: dict[tuple[str, str], Unit]
    parties: dict[tuple[int, str, int | None], Party]
    users: dict[str, object]
    # Units something hangs on: a sub-unit or a member (they cannot become a sub-unit).
    bound_units: set[int]


def _load(codes: set[str], usernames: set[str], *, lock: bool) -> _State:
    def locked(queryset):
        return queryset.select_for_update(of=("self",)) if lock else queryset

    offices = {
        office.code: office for office in locked(Organisation.objects.filter(code__in=codes))
    }
    units = {
        (unit.organisation.code, unit.code): unit
        for unit in locked(
            Unit.objects.filter(organisation__code__in=codes).select_related(
                "organisation", "parent"
            )
        )
    }
    parties = {
        (party.organisation_id, party.kind, party.unit_id): party
        for party in locked(Party.objects.filter(organisation__code__in=codes))
    }
    users = {
        user.username: user
        for user in locked(
            User.objects.filter(username__in=usernames).select_related(
                "membership__organisation", "membership__unit"
            )
        )
    }
    if lock:
        list(Membership.objects.filter(user__username__in=usernames).select_for_update())
    bound = {unit.parent_id for unit in units.values() if unit.parent_id}
    bound |= set(
        Membership.objects.filter(unit__organisation__code__in=codes).values_list(
            "unit_id", flat=True
        )
    )
    return _State(offices, units, parties, users, bound)


def _text(raw: dict, column: str) -> str:
    return cells.text(raw.get(column))


def _nip(raw: dict, column: str) -> str:
    """A NIP as written: 18 digits survive only as text (a number cell has lost the last ones)."""
    value = raw.get(column)
    if isinstance(value, float):
        raise cells.CellError(
            _("NIP tertulis sebagai angka dan digit terakhirnya hilang; tulis NIP sebagai teks.")
        )
    return cells.text(value)


def _order(value) -> int | None:
    written = cells.text(value)
    if not written:
        return None
    order = ascii_int(written, maximum=9999)
    if order is not None:
        return order
    raise cells.CellError(
        _("'%(text)s' bukan urutan; tulis bilangan bulat 0 sampai 9999.") % {"text": written}
    )


@dataclass
class _Run:
    """One reading of the workbook, for a preview (`commit` false) or an apply."""

    importer: Importer
    commit: bool
    preview: Preview
    state: _State | None = None
    offices: dict[str, Organisation] = field(default_factory=dict)  # file + database, by code
    units: dict[tuple[str, str], Unit] = field(default_factory=dict)
    refused_offices: set[str] = field(default_factory=set)
    new_users: list = field(default_factory=list)
    _placeholders: count = field(default_factory=lambda: count(-1, -1))

    # -- writing, or pretending to ------------------------------------------------------------
    def stage(self, instance) -> None:
        """Save on apply; on a preview give a new row a placeholder id, so the rules comparing
        ids (unit of the same office, parent unit) see it as they will after the apply."""
        if self.commit:
            instance.save()
        elif instance.pk is None:
            instance.pk = next(self._placeholders)

    def row(self, sheet: Sheet, number: int, code: str, label: str = "") -> PreviewRow:
        row = PreviewRow(sheet=sheet.title, row=number, kind=KIND, code=code, label=label)
        self.preview.rows.append(row)
        return row

    @staticmethod
    def compare(row: PreviewRow, instance, values: dict[str, tuple[str, object]]) -> bool:
        """Set `values` ({field: (label, new)}) on `instance`, recording old -> new (once per
        row: a signatory's name that follows the office's head is not listed twice); whether
        anything changed."""
        changed = False
        for name, (label, new) in values.items():
            old = getattr(instance, name)
            if old != new:
                shown = dict(instance._meta.get_field(name).choices or ())
                change = (str(shown.get(old, old or "")), str(shown.get(new, new)))
                if change not in {(before, after) for _label, before, after in row.changes}:
                    row.changes.append((str(label), *change))
                setattr(instance, name, new)
                changed = True
        return changed

    def party(
        self, row: PreviewRow, office: Organisation, kind: str, unit, values: dict, columns: dict
    ) -> bool:
        """Create or update a signatory (`columns`: the sheet column of each field); whether
        it changed."""
        key = (office.pk, kind, unit.pk if unit is not None else None)
        party = self.state.parties.get(key)
        if party is None:
            party = Party(organisation=office, kind=kind, unit=unit)
            self.state.parties[key] = party
            self.compare(row, party, values)
            changed = True
        else:
            changed = self.compare(row, party, values)
        if not changed:
            return False
        try:
            party.full_clean(exclude=["organisation", "unit"], validate_constraints=False)
        except ValidationError as error:
            row.refuse_error(error, columns, columns["title"])
            return True
        if self.commit and not row.errors:
            party.organisation, party.unit = office, unit
            party.save()
        return True

    @staticmethod
    def finish(row: PreviewRow, created: bool, changed: bool) -> None:
        if row.errors:
            row.action = Action.ERROR
        elif created:
            row.action = Action.NEW
        elif changed:
            row.action = Action.CHANGED
        else:
            row.action = Action.UNCHANGED

    # -- Perangkat Daerah ---------------------------------------------------------------------
    def read_offices(self, sheet: Sheet) -> None:
        seen: set[str] = set()
        for number, values in sheet.rows:
            raw = cells_of(OFFICES.columns, sheet, values)
            code = cells.code(raw["Kode"])
            row = self.row(sheet, number, code, _text(raw, "Nama"))
            if not code:
                row.refuse(_("Kode perangkat daerah wajib diisi."), "Kode")
                continue
            if code in seen:
                row.refuse(_("Kode %(code)s tertulis lebih dari sekali.") % {"code": code}, "Kode")
                continue
            seen.add(code)
            self.refused_offices.add(code)  # until the row is read through
            office = self.state.offices.get(code)
            created = office is None
            if created and not self.importer.city_wide:
                row.refuse(
                    _(
                        "Hanya administrator kota yang boleh menambah perangkat daerah; Anda "
                        "hanya dapat mengubah perangkat daerah Anda sendiri."
                    ),
                    "Kode",
                )
                continue
            if not created and not self.importer.may_touch(office):
                row.refuse(
                    _("Perangkat daerah %(code)s bukan perangkat daerah Anda.") % {"code": code},
                    "Kode",
                )
                continue
            try:
                raw["NIP Kepala"] = _nip(raw, "NIP Kepala")
            except cells.CellError as error:
                row.refuse(str(error), "NIP Kepala")
                continue
            office = office or Organisation(code=code)
            changed = self.compare(
                row,
                office,
                {
                    "name": (_("Nama"), _text(raw, "Nama")),
                    "short_name": (_("Nama Singkat"), _text(raw, "Nama Singkat")),
                    "government": (_("Pemerintah Daerah"), _text(raw, "Pemerintah Daerah")),
                    "city": (_("Tempat"), _text(raw, "Tempat")),
                    "head_title": (_("Jabatan Kepala"), _text(raw, "Jabatan Kepala")),
                    "head_name": (_("Nama Kepala"), _text(raw, "Nama Kepala")),
                    "head_rank": (_("Pangkat Kepala"), _text(raw, "Pangkat Kepala")),
                    "head_nip": (_("NIP Kepala"), _text(raw, "NIP Kepala")),
                },
            )
            try:
                office.full_clean(validate_unique=False)
            except ValidationError as error:
                row.refuse_error(error, OFFICE_COLUMNS, "Kode")
                continue
            self.offices[code] = office
            if created or changed:
                self.stage(office)
            changed = (
                self.party(
                    row,
                    office,
                    PartyKind.HEAD,
                    None,
                    {
                        "title": (_("Jabatan Kepala (PK)"), office.head_title),
                        "name": (_("Nama Kepala (PK)"), office.head_name),
                        "rank": (_("Pangkat Kepala (PK)"), office.head_rank),
                        "nip": (_("NIP Kepala (PK)"), office.head_nip),
                    },
                    HEAD_COLUMNS,
                )
                or changed
            )
            mayor_title = _text(raw, "Jabatan Kepala Daerah")
            mayor_name = _text(raw, "Nama Kepala Daerah")
            if mayor_title or mayor_name:
                if not mayor_title:
                    row.refuse(
                        _("Tulis jabatan kepala daerah, mis. Wali Kota Palangka Raya."),
                        "Jabatan Kepala Daerah",
                    )
                    continue
                changed = (
                    self.party(
                        row,
                        office,
                        PartyKind.MAYOR,
                        None,
                        {
                            "title": (_("Jabatan Kepala Daerah"), mayor_title),
                            "name": (_("Nama Kepala Daerah"), mayor_name),
                        },
                        {"title": "Jabatan Kepala Daerah", "name": "Nama Kepala Daerah"},
                    )
                    or changed
                )
            self.finish(row, created, changed)
            if not row.errors:
                self.refused_offices.discard(code)

    def office_of(self, row: PreviewRow, code: str, column: str) -> Organisation | None:
        """The office a unit or user row names: from the file or the database, and one the
        importer may change; None (with the row refused) otherwise."""
        if code in self.refused_offices:
            row.refuse(
                _("Baris perangkat daerah %(code)s ditolak; perbaiki baris itu lebih dahulu.")
                % {"code": code},
                column,
            )
            return None
        office = self.offices.get(code) or self.state.offices.get(code)
        if office is None:
            row.refuse(
                _(
                    "Perangkat daerah %(code)s tidak ada di sheet Perangkat Daerah maupun di "
                    "aplikasi."
                )
                % {"code": code},
                column,
            )
            return None
        if not self.importer.may_touch(office):
            row.refuse(
                _("Perangkat daerah %(code)s bukan perangkat daerah Anda.") % {"code": code},
                column,
            )
            return None
        return office

    # -- Unit Kerja -----------------------------------------------------------------------------
    def read_units(self, sheet: Sheet) -> None:
        kinds = kind_names()
        pending: list[tuple[PreviewRow, Unit, str, bool, bool, dict]] = []
        seen: set[tuple[str, str]] = set()
        for number, values in sheet.rows:
            raw = cells_of(UNITS.columns, sheet, values)
            office_code = cells.code(raw["Kode Perangkat Daerah"])
            code = cells.code(raw["Kode Unit"])
            row = self.row(sheet, number, code, _text(raw, "Nama"))
            if not office_code:
                row.refuse(_("Kode perangkat daerah wajib diisi."), "Kode Perangkat Daerah")
            if not code:
                row.refuse(_("Kode unit wajib diisi."), "Kode Unit")
            if row.errors:
                continue
            office = self.office_of(row, office_code, "Kode Perangkat Daerah")
            if office is None:
                continue
            if (office_code, code) in seen:
                row.refuse(
                    _("Unit %(code)s tertulis lebih dari sekali.") % {"code": code}, "Kode Unit"
                )
                continue
            seen.add((office_code, code))
            kind = kinds.get(" ".join(_text(raw, "Jenis").casefold().split()))
            if kind is None:
                row.refuse(
                    _("Jenis '%(text)s' tidak dikenal; pilih %(kinds)s.")
                    % {
                        "text": _text(raw, "Jenis"),
                        "kinds": ", ".join(short_label(label) for _v, label in Unit.Kind.choices),
                    },
                    "Jenis",
                )
                continue
            try:
                order = _order(raw["Urutan"])
            except cells.CellError as error:
                row.refuse(str(error), "Urutan")
                continue
            try:
                raw["NIP Kepala"] = _nip(raw, "NIP Kepala")
            except cells.CellError as error:
                row.refuse(str(error), "NIP Kepala")
                continue
            unit = self.state.units.get((office_code, code))
            created = unit is None
            unit = unit or Unit(organisation=office, code=code, order=0)
            values_of = {
                "name": (_("Nama"), _text(raw, "Nama")),
                "kind": (_("Jenis"), kind),
                "head_title": (_("Jabatan Kepala"), _text(raw, "Jabatan Kepala")),
            }
            if order is not None:
                values_of["order"] = (_("Urutan"), order)
            changed = self.compare(row, unit, values_of)
            try:
                unit.clean_fields(exclude=["organisation", "parent"])
            except ValidationError as error:
                row.refuse_error(error, UNIT_COLUMNS, "Kode Unit")
                continue
            self.units[(office_code, code)] = unit
            pending.append((row, unit, cells.code(raw["Kode Unit Induk"]), created, changed, raw))
        # Parents second: a sub-unit may come before its Sekretariat or Bidang in the sheet.
        ready = []
        for row, unit, parent_code, created, changed, raw in pending:
            office = unit.organisation
            parent = None
            if parent_code:
                parent = self.units.get((office.code, parent_code)) or self.state.units.get(
                    (office.code, parent_code)
                )
                if parent is None:
                    row.refuse(
                        _("Unit induk %(code)s tidak ada pada perangkat daerah %(office)s.")
                        % {"code": parent_code, "office": office.code},
                        "Kode Unit Induk",
                    )
                    continue
            old_parent = unit.parent.code if unit.parent_id and not created else ""
            # The model's own parent rules (a sub-unit needs one, of its office, not a sub-unit).
            unit.parent = parent
            try:
                unit.clean()
            except ValidationError as error:
                row.refuse_error(error, {"parent": "Kode Unit Induk"}, "Kode Unit Induk")
                continue
            if unit.is_sub_unit and unit.pk in self.state.bound_units:
                row.refuse(
                    _(
                        "Unit ini membawahi subbagian/seksi atau punya pengguna; tidak dapat "
                        "dijadikan subbagian/seksi."
                    ),
                    "Jenis",
                )
                continue
            if (parent.code if parent else "") != old_parent:
                row.changes.append(
                    (str(_("Unit induk")), old_parent, parent.code if parent else "")
                )
                changed = True
            ready.append((row, unit, parent, created, changed, raw))
        # Saved in dependency order: every Sekretariat and Bidang before any sub-unit.
        ready.sort(key=lambda item: item[1].is_sub_unit)
        for row, unit, parent, created, changed, raw in ready:
            unit.parent = parent
            if created or changed:
                self.stage(unit)
            changed = (
                self.party(
                    row,
                    unit.organisation,
                    PartyKind.UNIT_HEAD,
                    unit,
                    {
                        "title": (_("Jabatan Kepala (PK)"), unit.head_title or unit.name),
                        "name": (_("Nama Kepala"), _text(raw, "Nama Kepala")),
                        "rank": (_("Pangkat Kepala"), _text(raw, "Pangkat Kepala")),
                        "nip": (_("NIP Kepala"), _text(raw, "NIP Kepala")),
                    },
                    HEAD_COLUMNS,
                )
                or changed
            )
            self.finish(row, created, changed)

    # -- Pengguna -------------------------------------------------------------------------------
    def read_users(self, sheet: Sheet) -> None:
        roles = role_names()
        seen: set[str] = set()
        for number, values in sheet.rows:
            raw = cells_of(USERS.columns, sheet, values)
            username = cells.text(raw["Username"])
            name = " ".join(
                part for part in (_text(raw, "Nama Depan"), _text(raw, "Nama Belakang"))
            )
            row = self.row(sheet, number, username, name.strip())
            if not username:
                row.refuse(_("Username wajib diisi."), "Username")
                continue
            try:
                User.username_validator(username)
                if len(username) > 150:
                    raise ValidationError(_("Username paling panjang 150 karakter."))
            except ValidationError:
                row.refuse(
                    _(
                        "Username '%(name)s' tidak sah: pakai huruf, angka dan @ . + - _ saja, "
                        "tanpa spasi."
                    )
                    % {"name": username[:60]},
                    "Username",
                )
                continue
            if username.casefold() in seen:
                row.refuse(
                    _("Username %(name)s tertulis lebih dari sekali.") % {"name": username},
                    "Username",
                )
                continue
            seen.add(username.casefold())
            role = roles.get(" ".join(_text(raw, "Peran").casefold().split()))
            if role is None:
                row.refuse(
                    _("Peran '%(text)s' tidak dikenal; pilih %(roles)s.")
                    % {
                        "text": _text(raw, "Peran"),
                        "roles": ", ".join(short_label(label) for _v, label in Role.choices),
                    },
                    "Peran",
                )
                continue
            self.read_user(row, raw, username, role)

    def read_user(self, row: PreviewRow, raw: dict, username: str, role: str) -> None:
        office_code = cells.code(raw["Kode Perangkat Daerah"])
        unit_code = cells.code(raw["Kode Unit"])
        office = unit = None
        if office_code:
            office = self.office_of(row, office_code, "Kode Perangkat Daerah")
            if office is None:
                return
        elif not self.importer.city_wide:
            row.refuse(
                _(
                    "Isi kode perangkat daerah Anda; peran tingkat kota hanya diberikan "
                    "administrator kota."
                ),
                "Kode Perangkat Daerah",
            )
            return
        if unit_code:
            if office is None:
                row.refuse(
                    _("Unit diisi tanpa perangkat daerah; isi kode perangkat daerahnya."),
                    "Kode Unit",
                )
                return
            unit = self.units.get((office.code, unit_code)) or self.state.units.get(
                (office.code, unit_code)
            )
            if unit is None:
                row.refuse(
                    _("Unit %(code)s tidak ada pada perangkat daerah %(office)s.")
                    % {"code": unit_code, "office": office.code},
                    "Kode Unit",
                )
                return
        user = self.state.users.get(username)
        created = user is None
        membership = None
        if not created:
            if user.is_superuser:
                row.refuse(
                    _("Akun superuser tidak dapat diubah lewat impor."),
                    "Username",
                )
                return
            membership = getattr(user, "membership", None)
            current_office = membership.organisation if membership else None
            if user.pk == self.importer.user_id and (
                membership is None
                or (membership.role, membership.organisation, membership.unit)
                != (role, office, unit)
            ):
                row.refuse(
                    _(
                        "Anda tidak dapat mengubah peran, perangkat daerah atau unit Anda "
                        "sendiri lewat impor."
                    ),
                    "Peran",
                )
                return
            if not self.importer.city_wide and not self.importer.may_touch(current_office):
                row.refuse(
                    _(
                        "Pengguna %(name)s bukan pengguna perangkat daerah Anda; hanya "
                        "administrator kota yang dapat mengubahnya."
                    )
                    % {"name": username},
                    "Username",
                )
                return
        email = _text(raw, "Email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.refuse(
                    _("'%(text)s' bukan alamat email yang sah.") % {"text": email[:80]}, "Email"
                )
                return
        elif created:
            row.refuse(
                _("Email wajib diisi: tautan untuk mengatur sandi dikirim ke alamat ini."),
                "Email",
            )
            return
        if created:
            user = User(username=username, is_active=True)
            user.set_unusable_password()
        values = {
            "first_name": (_("Nama Depan"), _text(raw, "Nama Depan")),
            "last_name": (_("Nama Belakang"), _text(raw, "Nama Belakang")),
        }
        if email:
            values["email"] = (_("Email"), email)
        changed = self.compare(row, user, values)
        try:
            user.full_clean(exclude=["password"], validate_unique=False)
        except ValidationError as error:
            row.refuse_error(error, USER_COLUMNS, "Username")
            return
        if membership is None:
            membership = Membership(role="")
            old_role, old_office, old_unit = "", "", ""
        else:
            old_role = membership.get_role_display()
            old_office = membership.organisation.code if membership.organisation_id else ""
            old_unit = membership.unit.code if membership.unit_id else ""
        membership.role, membership.organisation, membership.unit = role, office, unit
        try:
            membership.full_clean(
                exclude=["user", "organisation", "unit"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            row.refuse_error(error, MEMBERSHIP_COLUMNS, "Peran")
            return
        for label, old, new in (
            (_("Peran"), old_role, membership.get_role_display()),
            (_("Perangkat Daerah"), old_office, office.code if office else ""),
            (_("Unit"), old_unit, unit.code if unit else ""),
        ):
            if str(old) != str(new):
                row.changes.append((str(label), str(old), str(new)))
                changed = True
        if created or changed:
            self.stage(user)
            membership.user = user
            self.stage(membership)
        if created:
            self.new_users.append(user)
        self.finish(row, created, changed)


HEAD_COLUMNS = {
    "title": "Jabatan Kepala",
    "name": "Nama Kepala",
    "rank": "Pangkat Kepala",
    "nip": "NIP Kepala",
}
OFFICE_COLUMNS = {
    "code": "Kode",
    "name": "Nama",
    "short_name": "Nama Singkat",
    "government": "Pemerintah Daerah",
    "city": "Tempat",
    "head_title": "Jabatan Kepala",
    "head_name": "Nama Kepala",
    "head_rank": "Pangkat Kepala",
    "head_nip": "NIP Kepala",
}
UNIT_COLUMNS = {
    "code": "Kode Unit",
    "name": "Nama",
    "kind": "Jenis",
    "head_title": "Jabatan Kepala",
    "order": "Urutan",
}
USER_COLUMNS = {
    "username": "Username",
    "first_name": "Nama Depan",
    "last_name": "Nama Belakang",
    "email": "Email",
}
MEMBERSHIP_COLUMNS = {
    "role": "Peran",
    "organisation": "Kode Perangkat Daerah",
    "unit": "Kode Unit",
}


def _sheets_of(sheets: list[Sheet], preview: Preview) -> dict[str, Sheet] | None:
    matched, errors, ignored = classify(sheets, SPECS)
    # The template's own Petunjuk sheet is expected, not worth a remark.
    preview.ignored_sheets = [title for title in ignored if normalise_header(title) != "petunjuk"]
    found = {spec.kind: sheet for spec, sheet in matched}
    if not errors:
        for spec in SPECS:
            if spec.kind not in found:
                errors.append(
                    RowError(
                        _(
                            "sheet tidak ditemukan; berkas impor memerlukan sheet Perangkat "
                            "Daerah, Unit Kerja dan Pengguna (sheet boleh tanpa baris isian). "
                            "Unduh templatnya."
                        ),
                        sheet=spec.title,
                    )
                )
    if errors:
        preview.file_errors.extend(errors)
        return None
    return found


class _Refused(Exception):
    """Raised inside the apply's transaction to roll it back when a row is refused."""


def run(*, importer: Importer, sheets: list[Sheet], commit: bool) -> tuple[Preview, list]:
    """Read the sheets (and apply them when `commit`); the preview and the users created."""
    preview = Preview(kind=KIND)
    found = _sheets_of(sheets, preview)
    if found is None:
        return preview, []
    codes = {cells.code(value) for value in _column(found["perangkat-daerah"], OFFICES, "Kode")}
    for sheet, spec in ((found["unit-kerja"], UNITS), (found["pengguna"], USERS)):
        codes |= {cells.code(value) for value in _column(sheet, spec, "Kode Perangkat Daerah")}
    usernames = {cells.text(value) for value in _column(found["pengguna"], USERS, "Username")}
    codes.discard("")
    usernames.discard("")
    work = _Run(importer=importer, commit=commit, preview=preview)
    try:
        with transaction.atomic():
            work.state = _load(codes, usernames, lock=commit)
            work.read_offices(found["perangkat-daerah"])
            work.read_units(found["unit-kerja"])
            work.read_users(found["pengguna"])
            if commit and not preview.ok:
                raise _Refused
    except _Refused:
        return preview, []
    except IntegrityError:  # someone created the same code or username meanwhile
        preview.file_errors.append(
            RowError(_("Data berubah bersamaan dengan impor ini; unggah ulang berkasnya."))
        )
        return preview, []
    preview.applied = commit
    return preview, work.new_users


def _column(sheet: Sheet, spec: SheetSpec, column: str) -> list:
    return [cells_of(spec.columns, sheet, values)[column] for _number, values in sheet.rows]


def import_file(
    *, user, data: bytes, file_name: str, commit: bool, base_url: str = ""
) -> tuple[Preview, "Outcome | None"]:
    """Read an uploaded workbook; on `commit`, apply it, invite the new users and record it."""
    importer = Importer.of(user)
    if importer is None:
        preview = Preview(kind=KIND)
        preview.file_errors.append(RowError(str(REFUSED_IMPORTER)))
        return preview, None
    try:
        sheets = read_workbook(data, file_name=file_name)
    except ImportFileError as error:
        preview = Preview(kind=KIND)
        preview.file_errors.extend(error.errors)
        return preview, None
    preview, new_users = run(importer=importer, sheets=sheets, commit=commit)
    if not preview.applied:
        return preview, None
    outcome = Outcome(preview=preview)
    for user_created in new_users:
        if invite(user_created, base_url=base_url):
            outcome.invited.append(user_created)
        else:
            outcome.not_sent.append(user_created)
    PeopleImport.objects.create(
        imported_by=user if user.pk else None,
        file_name=file_name[:255],
        counts=outcome.counts(),
        invited=[invited.username for invited in outcome.invited],
    )
    return preview, outcome


@dataclass
class Outcome:
    """What an apply did: the preview rows, and whom the password-set links went to."""

    preview: Preview
    invited: list = field(default_factory=list)
    not_sent: list = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        counted: dict[str, dict[str, int]] = {}
        for row in self.preview.rows:
            sheet = counted.setdefault(row.sheet, {Action.NEW: 0, Action.CHANGED: 0})
            if row.action in sheet:
                sheet[row.action] += 1
        return counted


def password_set_link(user, base_url: str) -> str:
    path = reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{base_url.rstrip('/')}{path}"


def invite(user, *, base_url: str) -> bool:
    """Mail the user a link to set their password (on settings.RENSTRA_BASE_URL when set, else
    on `base_url`, the address the importer used); whether the mail server took it."""
    context = {
        "user": user,
        "link": password_set_link(user, settings.RENSTRA_BASE_URL or base_url),
    }
    try:
        send_mail(
            _("Akun Renstra Monitor Anda: atur sandi"),
            render_to_string("people/invitation.txt", context),
            None,
            [user.email],
        )
    except OSError:
        return False
    return True
