from functools import cached_property

from django.http import Http404

from spm.selectors import may_enter_spm

from .admin_scope import ADMIN_ROLES
from .models import Role
from .permissions import access_of, can_read_city, entry_scope, verify_scope


class Navigation:
    """What the menu offers this user in their own office, read only when a template asks: a
    link is shown only when its page would answer (never a 403 behind a menu item)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def office(self):
        from .scope import organisation_for

        if access_of(self.user).role is None:
            return None
        try:
            return organisation_for(self.user, None)
        except Http404:
            return None

    @cached_property
    def may_enter(self) -> bool:
        """Isi Realisasi and Impor Excel: the user enters values for some unit of the office."""
        return self.office is not None and not entry_scope(self.user, self.office.pk).empty

    @cached_property
    def may_enter_spm(self) -> bool:
        """Isi SPM: the user enters SPM figures of some service of the office (one query for an
        operator)."""
        return may_enter_spm(self.user)

    @cached_property
    def may_read_city(self) -> bool:
        """Kota: every office side by side, for Bappeda and the city-wide users."""
        return can_read_city(self.user)

    @cached_property
    def may_import_people(self) -> bool:
        """Impor Pengguna: administrators (of an office or of the city) and superusers."""
        access = access_of(self.user)
        return access.superuser or access.role == Role.ADMIN

    @cached_property
    def may_verify(self) -> bool:
        return self.office is not None and not verify_scope(self.user, self.office.pk).empty

    @cached_property
    def returned(self) -> int:
        """How many of the values this user may correct a verifier returned (all quarters)."""
        if not self.may_enter:
            return 0
        from .entry.selectors import returned_by_quarter

        quarters = returned_by_quarter(user=self.user, organisation=self.office)
        return sum(item.count for item in quarters)


def navigation(request) -> dict:
    """What the menu offers this user."""
    user = getattr(request, "user", None)
    access = access_of(user)
    return {
        "can_use_admin": access.superuser or access.role in ADMIN_ROLES,
        "nav": Navigation(user),
    }
