from .admin_scope import ADMIN_ROLES
from .permissions import access_of


def navigation(request) -> dict:
    """What the menu offers this user."""
    access = access_of(getattr(request, "user", None))
    return {"can_use_admin": access.superuser or access.role in ADMIN_ROLES}
