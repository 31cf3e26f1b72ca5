"""Users of the application and their role on one admin screen.

An administrator creates a user (username, name, password) together with the role, office and
unit (the Membership inline) in one form. Django's own staff, superuser, group and permission
fields have no effect on the product's roles; only a superuser sees them, so an office
administrator can never grant them. Office administrators see and create the users of their own
office only; nobody but a superuser sees a superuser's account.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .admin_scope import OFFICE, OfficeScopedAdmin, OfficeScopedInline
from .models import Membership, Role
from .permissions import access_of

User = get_user_model()

APP_FIELDSETS = (
    (None, {"fields": ("username", "password")}),
    (_("Data pribadi"), {"fields": ("first_name", "last_name", "email")}),
    (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
)
APP_ADD_FIELDSETS = (
    (
        None,
        {
            "classes": ("wide",),
            "fields": (
                "username",
                "first_name",
                "last_name",
                "email",
                "usable_password",
                "password1",
                "password2",
            ),
        },
    ),
)


class MembershipInline(OfficeScopedInline, admin.StackedInline):
    """The user's role: office administrators must give one, within their own office."""

    scope_kind = OFFICE
    model = Membership
    fields = ("role", "organisation", "unit")
    max_num = 1
    verbose_name = _("peran pengguna")
    verbose_name_plural = _("peran pengguna")

    def get_min_num(self, request, obj=None, **kwargs):
        # A user without a role sees nothing; an office administrator could not even find them.
        return 0 if access_of(request.user).city_wide else 1

    def get_extra(self, request, obj=None, **kwargs):
        return 1

    def has_delete_permission(self, request, obj=None):
        return access_of(request.user).city_wide and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "organisation" and not access_of(request.user).city_wide:
            # Without an office the role would reach every office of the city.
            field.required = True
            field.empty_label = None
        return field


class AppUserAdmin(OfficeScopedAdmin, UserAdmin):
    scope_kind = OFFICE
    inlines = (MembershipInline,)
    actions = ("send_password_links",)
    list_display = (
        "username",
        "first_name",
        "last_name",
        "membership_role",
        "membership_organisation",
        "membership_unit",
        "is_active",
    )
    list_select_related = ("membership__organisation", "membership__unit")
    ordering = ("username",)

    # -- who: administrators (and superusers), never planners --------------------------------
    def _staff(self, request) -> bool:
        access = access_of(request.user)
        return access.superuser or access.role == Role.ADMIN

    def _in_office(self, request, obj) -> bool:
        access = access_of(request.user)
        if obj is None or obj.pk is None or access.superuser:
            return True
        if obj.is_superuser:
            return False
        if access.city_wide:
            return True
        membership = Membership.objects.filter(user=obj).only("organisation_id").first()
        return membership is not None and membership.organisation_id == access.organisation_id

    def get_queryset(self, request):
        queryset = UserAdmin.get_queryset(self, request)
        access = access_of(request.user)
        if access.superuser:
            return queryset
        if not self._staff(request):
            return queryset.none()
        queryset = queryset.filter(is_superuser=False)
        if access.city_wide:
            return queryset
        return queryset.filter(membership__organisation_id=access.organisation_id)

    # -- what: Django's staff, superuser, group and permission fields for superusers only ------
    def get_fieldsets(self, request, obj=None):
        if access_of(request.user).superuser:
            return super().get_fieldsets(request, obj)
        return APP_ADD_FIELDSETS if obj is None else APP_FIELDSETS

    def get_readonly_fields(self, request, obj=None):
        if access_of(request.user).superuser:
            return super().get_readonly_fields(request, obj)
        return ("last_login", "date_joined")

    def get_list_filter(self, request):
        if access_of(request.user).superuser:
            return ("is_staff", "is_superuser", "is_active", "membership__role")
        return ("is_active", "membership__role")

    @admin.action(description=_("Kirim tautan atur sandi ke pengguna terpilih"))
    def send_password_links(self, request, queryset):
        """Mail each chosen active user with an e-mail address a fresh link to set their password
        (an invitation lost, or a forgotten password); the others are named, not mailed."""
        from .people.services import invite

        if not self.has_change_permission(request):
            raise PermissionDenied
        base_url = request.build_absolute_uri("/")
        sent, skipped, failed = [], [], []
        for user in queryset.order_by("username"):
            if not user.is_active or not user.email:
                skipped.append(user.get_username())
            elif invite(user, base_url=base_url):
                sent.append(user.get_username())
            else:
                failed.append(user.get_username())
        if sent:
            self.message_user(
                request,
                _("Tautan atur sandi terkirim ke: %(names)s.") % {"names": ", ".join(sent)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                _("Tidak dikirim (tanpa e-mail atau tidak aktif): %(names)s.")
                % {"names": ", ".join(skipped)},
                messages.WARNING,
            )
        if failed:
            self.message_user(
                request,
                _("Server surat menolak pengiriman ke: %(names)s.") % {"names": ", ".join(failed)},
                messages.ERROR,
            )

    @admin.display(description=_("peran"), ordering="membership__role")
    def membership_role(self, obj):
        membership = getattr(obj, "membership", None)
        return membership.get_role_display() if membership else "-"

    @admin.display(description=_("perangkat daerah"), ordering="membership__organisation__name")
    def membership_organisation(self, obj):
        membership = getattr(obj, "membership", None)
        return (membership.organisation or _("(seluruh kota)")) if membership else "-"

    @admin.display(description=_("unit kerja"), ordering="membership__unit__name")
    def membership_unit(self, obj):
        membership = getattr(obj, "membership", None)
        return (membership.unit or "-") if membership else "-"


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, AppUserAdmin)
