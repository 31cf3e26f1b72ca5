"""Who may read and write what: roles (peran) scoped to an office and, for operators, a unit.

Every view, service and admin page asks these functions; nothing else decides access.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Membership, Organisation, Role

REFUSED_READ = _("Anda tidak berhak melihat data perangkat daerah ini.")
REFUSED_ENTRY = _("Anda tidak berhak mengisi realisasi unit ini.")
REFUSED_VERIFY = _("Anda tidak berhak memverifikasi realisasi unit ini.")
REFUSED_ADMIN = _("Hanya administrator yang boleh melakukan ini.")
REFUSED_WRITE_REPORT = _(
    "Hanya administrator dan perencana perangkat daerah ini yang boleh mengubah naskah laporan."
)
REFUSED_CITY = _("Halaman ini hanya untuk Bappeda dan pengguna tingkat kota.")
REFUSED_CITY_WRITE = _("Hanya Bappeda atau administrator kota yang boleh mengubah ini.")


@dataclass(frozen=True)
class Access:
    """A user's effective role: city-wide when `organisation_id` is None."""

    role: str | None
    organisation_id: int | None
    unit_id: int | None
    superuser: bool = False

    @property
    def city_wide(self) -> bool:
        return self.superuser or (self.role is not None and self.organisation_id is None)


NO_ACCESS = Access(role=None, organisation_id=None, unit_id=None)


def access_of(user) -> Access:
    """The user's access, read once per request (cached on the user object)."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return NO_ACCESS
    cached = getattr(user, "_renstra_access", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        access = Access(role=Role.ADMIN, organisation_id=None, unit_id=None, superuser=True)
    else:
        membership = (
            Membership.objects.filter(user=user).only("role", "organisation_id", "unit_id").first()
        )
        access = (
            Access(membership.role, membership.organisation_id, membership.unit_id)
            if membership
            else NO_ACCESS
        )
    user._renstra_access = access
    return access


def _in_office(access: Access, organisation_id: int) -> bool:
    return access.city_wide or access.organisation_id == organisation_id


def can_read(user, organisation_id: int) -> bool:
    access = access_of(user)
    return access.role is not None and _in_office(access, organisation_id)


def can_enter(user, organisation_id: int, unit_id: int | None) -> bool:
    """Enter or correct realisations (and submit them) for a unit of an office."""
    return entry_scope(user, organisation_id).allows(unit_id)


def can_verify(user, organisation_id: int, unit_id: int | None) -> bool:
    """Verify or return submitted realisations of a unit (heads; a Kepala Bidang: own unit)."""
    return verify_scope(user, organisation_id).allows(unit_id)


def can_administer(user, organisation_id: int | None) -> bool:
    """Users, locks and settings of an office (city-wide administrators: every office)."""
    access = access_of(user)
    if access.role != Role.ADMIN:
        return False
    return access.city_wide or access.organisation_id == organisation_id


def can_write_reports(user, organisation_id: int) -> bool:
    """Write the chapter texts of the office's LKjIP and SPM report: its administrators and
    planning staff (and city-wide administrators)."""
    access = access_of(user)
    return access.role in (Role.ADMIN, Role.PLANNER) and _in_office(access, organisation_id)


def can_read_city(user) -> bool:
    """The city's own pages (every office side by side, the RPJMD, the schedule, the reviews):
    every city-wide user (Bappeda, city-wide reviewers and administrators, superusers)."""
    return access_of(user).city_wide


def can_manage_city(user) -> bool:
    """Write the city's own objects (the RPJMD, the reporting schedule, the reviews of each
    office's evaluasi Renja): Bappeda, city-wide administrators and superusers. Bappeda never
    writes an office's data: `entry_scope`, `verify_scope` and `can_administer` refuse it."""
    access = access_of(user)
    if not access.city_wide:
        return False
    return access.superuser or access.role in (Role.BAPPEDA, Role.ADMIN)


def readable_organisations(user) -> QuerySet[Organisation]:
    access = access_of(user)
    if access.role is None:
        return Organisation.objects.none()
    if access.city_wide:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk=access.organisation_id)


@dataclass(frozen=True)
class UnitScope:
    """The units of one office a user may act on: all of them, one, or none."""

    all_units: bool = False
    unit_id: int | None = None

    @property
    def empty(self) -> bool:
        return not self.all_units and self.unit_id is None

    def q(self, unit_field: str) -> Q:
        """A filter on `unit_field` (a path to a Unit foreign key) matching the scope."""
        if self.all_units:
            return Q()
        if self.unit_id is None:
            return Q(pk__in=[])
        return Q(**{f"{unit_field}_id": self.unit_id})

    def allows(self, unit_id: int | None) -> bool:
        return self.all_units or (self.unit_id is not None and self.unit_id == unit_id)


NOTHING = UnitScope()


def entry_scope(user, organisation_id: int) -> UnitScope:
    """The units whose realisations the user may enter, correct and submit."""
    access = access_of(user)
    if not _in_office(access, organisation_id):
        return NOTHING
    if access.role in (Role.ADMIN, Role.PLANNER):
        return UnitScope(all_units=True)
    if access.role == Role.OPERATOR:
        return UnitScope(unit_id=access.unit_id)
    return NOTHING


def verify_scope(user, organisation_id: int) -> UnitScope:
    """The units whose submitted realisations the user may verify or return."""
    access = access_of(user)
    if not _in_office(access, organisation_id):
        return NOTHING
    if access.role == Role.ADMIN or (access.role == Role.HEAD and access.unit_id is None):
        return UnitScope(all_units=True)
    if access.role == Role.HEAD:
        return UnitScope(unit_id=access.unit_id)
    return NOTHING
