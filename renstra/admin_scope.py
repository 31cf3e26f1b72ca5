"""Role and office scope for every admin page.

Every ModelAdmin and inline of the project mixes in `OfficeScopedAdmin` and says what kind of
data it is (`scope_kind`); how a row reaches its office is read from the model's foreign keys
(`office_path_of`). The rules below are then the same for all of them, decided by
renstra.permissions:

- only administrators and planning staff (and superusers) use the admin; heads, operators and
  reviewers work in the app's pages;
- users see the rows of their own office; city-wide administrators see every office;
- plan data: administrators and planners of the office change it; office data (units, periods,
  roles, locks): administrators of the office; scales and weights shared by the city:
  city-wide administrators; realisations: read only here, because they are written through the
  entry pages and imports, which apply the workflow and the locks.
"""

from django.contrib import admin
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q

from .models import Organisation, Role
from .permissions import REFUSED_ADMIN, REFUSED_READ, access_of, can_manage_city

PLAN = "plan"
OFFICE = "office"
ORGANISATION = "organisation"
CONFIG = "config"
RECORDS = "records"
# The city's own objects (RPJMD, links to it): Bappeda and city-wide administrators change them.
CITY = "city"

ADMIN_ROLES = (Role.ADMIN, Role.PLANNER)


class OfficeScopedAdmin:
    """Mixin for ModelAdmin and InlineModelAdmin; put it first among the bases."""

    scope_kind = PLAN

    # -- where a row belongs -------------------------------------------------------------------
    def office_id_of(self, obj) -> int | None:
        path = office_path_of(type(obj))
        if path is None:
            return None
        if path == "pk":
            return obj.pk
        for hop in path.split("__"):
            obj = getattr(obj, hop, None)
            if obj is None:
                return None
        return obj

    def _in_office(self, request, obj) -> bool:
        access = access_of(request.user)
        if access.city_wide or obj is None or self.scope_kind in (CONFIG, CITY):
            return True
        return self.office_id_of(obj) == access.organisation_id

    # -- who may do what -----------------------------------------------------------------------
    def _staff(self, request) -> bool:
        access = access_of(request.user)
        if self.scope_kind == CITY:
            return can_manage_city(request.user)
        return access.superuser or access.role in ADMIN_ROLES

    def _may_write(self, request, obj=None) -> bool:
        access = access_of(request.user)
        if not self._staff(request) or not self._in_office(request, obj):
            return False
        if self.scope_kind == RECORDS:
            return False
        if self.scope_kind == CITY:
            return can_manage_city(request.user)
        if self.scope_kind == CONFIG:
            return access.superuser or (access.role == Role.ADMIN and access.city_wide)
        if self.scope_kind in (OFFICE, ORGANISATION):
            return access.role == Role.ADMIN
        return True

    def has_module_permission(self, request):
        return self._staff(request)

    def has_view_permission(self, request, obj=None):
        return self._staff(request) and self._in_office(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_write(request, obj)

    def has_add_permission(self, request, obj=None):
        if self.scope_kind == ORGANISATION:
            return access_of(request.user).city_wide and self._may_write(request)
        return self._may_write(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.scope_kind == ORGANISATION:
            return access_of(request.user).city_wide and self._may_write(request, obj)
        return self._may_write(request, obj)

    # -- what they see and pick ----------------------------------------------------------------
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        access = access_of(request.user)
        if access.city_wide or self.scope_kind in (CONFIG, CITY):
            return queryset
        if not self._staff(request) or access.organisation_id is None:
            return queryset.none()
        path = office_path_of(self.model)
        if path is None:
            return queryset
        return queryset.filter(**{path: access.organisation_id})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = office_scope(db_field.related_model, request.user)
        if scope is not None:
            queryset = kwargs.get("queryset") or db_field.related_model._default_manager.all()
            kwargs["queryset"] = queryset.filter(scope)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = IdAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        scope = office_scope(db_field.related_model, request.user)
        if scope is not None:
            queryset = kwargs.get("queryset") or db_field.related_model._default_manager.all()
            kwargs["queryset"] = queryset.filter(scope)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_list_filter(self, request):
        """Filters on related rows offer an office-scoped user only their office's rows."""
        return [self._scoped_filter(item) for item in super().get_list_filter(request)]

    def _scoped_filter(self, item):
        if not isinstance(item, str):
            return item
        try:
            field = get_fields_from_path(self.model, item)[-1]
        except (FieldDoesNotExist, NotRelationField):
            return item
        if field.is_relation and field.related_model is not None:
            return (item, OfficeRelatedFieldListFilter)
        return item

    def save_model(self, request, obj, form, change):
        if not self._in_office(request, obj):
            raise PermissionDenied(REFUSED_READ)
        if not self._may_write(request, obj):
            raise PermissionDenied(REFUSED_ADMIN)
        super().save_model(request, obj, form, change)


def office_scope(model, user) -> Q | None:
    """The rows of `model` an office-scoped user may pick or see named, or None when the user
    works city-wide or the rows are shared by the city. Users belong to an office through
    their role (Membership)."""
    access = access_of(user)
    if access.city_wide:
        return None
    if model is get_user_model():
        path = "membership__organisation_id"
    else:
        path = office_path_of(model)
        if path is None:
            return None
    if access.organisation_id is None:
        return Q(pk__in=[])
    return Q(**{path: access.organisation_id})


class OfficeRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A filter on a related row that names only the rows of the user's office."""

    def field_choices(self, field, request, model_admin):
        scope = office_scope(field.related_model, request.user)
        if scope is None:
            return super().field_choices(field, request, model_admin)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, ordering=ordering, limit_choices_to=scope)


class IdAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose form came back with a value that is not an id (`abc`, `²`):
    the value is not looked up (Django's widget would fail the page with it); the form's
    own validation names the field."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(remote.field_name)
        valid = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


def office_path_of(model) -> str | None:
    """The lookup from `model` to its office id, or None when rows are shared by the city."""
    if model is Organisation:
        return "pk"
    for field_name in ("organisation", "node", "indicator", "service", "lock"):
        try:
            field = model._meta.get_field(field_name)
        except FieldDoesNotExist:
            continue
        if field_name == "organisation":
            return "organisation_id"
        nested = office_path_of(field.related_model)
        if nested is not None:
            return f"{field_name}__{nested}"
    return None


class OfficeScopedInline(OfficeScopedAdmin):
    """Mixin for inlines: the parent's admin has already checked the office of the parent row."""

    def _in_office(self, request, obj) -> bool:
        return True
