from functools import partial

from spm.selectors import may_enter_spm

from .admin_scope import ADMIN_ROLES
from .permissions import access_of


def navigation(request) -> dict:
    """What the menu offers this user."""
    access = access_of(getattr(request, "user", None))
    return {
        "can_use_admin": access.superuser or access.role in ADMIN_ROLES,
        # Read only when the menu is drawn: an operator's answer takes one query.
        "can_enter_spm": partial(may_enter_spm, getattr(request, "user", None)),
    }
