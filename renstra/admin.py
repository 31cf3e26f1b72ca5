"""Admin for offices, units, Renstra periods, user roles and period locks; the site's Indonesian
titles; and the admin helpers the other apps share (the year filter, the band scale admin)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import admin_users  # noqa: F401  (the user admin with its role inline)
from .admin_scope import CONFIG, OFFICE, ORGANISATION, OfficeScopedAdmin, OfficeScopedInline
from .models import LockException, Membership, Organisation, PeriodLock, RenstraPeriod, Unit
from .numbers import format_decimal
from .params import ascii_int
from .permissions import access_of
from .services import close_lock_exception, lock_period, open_lock_exception, unlock_period


class YearListFilter(admin.SimpleListFilter):
    """Filter on a plain integer year field, offering only the years present in the table."""

    title = _("tahun")
    parameter_name = "year"
    field_name = "year"
    no_year = "none"
    no_year_label = _("Tanpa tahun")

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .order_by(self.field_name)
            .values_list(self.field_name, flat=True)
            .distinct()
        )
        return [
            (self.no_year, self.no_year_label) if year is None else (str(year), str(year))
            for year in years
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == self.no_year:
            return queryset.filter(**{f"{self.field_name}__isnull": True})
        year = ascii_int(value)
        if year is None:
            raise IncorrectLookupParameters(value)
        return queryset.filter(**{self.field_name: year})


class BandAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    """A configurable scale (predikat, SPM kategori): one row per band, best band first."""

    scope_kind = CONFIG

    list_display = ("label", "lower_display", "inclusive", "colour")
    search_fields = ("label",)

    @admin.display(description=_("batas bawah"), ordering="lower")
    def lower_display(self, obj):
        return format_decimal(obj.lower, empty=_("(terbawah)"))


class UnitInline(OfficeScopedInline, admin.TabularInline):
    scope_kind = OFFICE
    model = Unit
    fields = ("code", "name", "kind", "head_title", "order")
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    scope_kind = ORGANISATION
    list_display = ("code", "name", "short_name", "government", "head_name", "demo_data")
    search_fields = ("code", "name", "short_name")
    ordering = ("name",)
    inlines = (UnitInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "code",
                    "name",
                    "short_name",
                    "government",
                    "address",
                    "email",
                    "demo_data",
                )
            },
        ),
        (
            _("Blok tanda tangan"),
            {"fields": ("city", "head_title", "head_name", "head_rank", "head_nip")},
        ),
    )


@admin.register(Unit)
class UnitAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    scope_kind = OFFICE
    list_display = ("code", "name", "kind", "parent", "organisation", "order")
    list_filter = ("organisation", "kind")
    list_select_related = ("organisation", "parent")
    search_fields = ("code", "name")
    ordering = ("organisation__name", "order", "name")


@admin.register(RenstraPeriod)
class RenstraPeriodAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    scope_kind = OFFICE
    list_display = ("name", "organisation", "start_year", "end_year", "baseline_year", "status")
    list_filter = ("organisation", "status")
    list_select_related = ("organisation",)
    search_fields = ("name", "organisation__name")
    ordering = ("organisation__name", "-start_year")


@admin.register(Membership)
class MembershipAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    """Roles of users; administrators and planners get into this admin, the others do not."""

    scope_kind = OFFICE
    list_display = ("user", "role", "organisation", "unit")
    list_filter = ("role", "organisation", "unit")
    list_select_related = ("user", "organisation", "unit")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    ordering = ("user__username",)
    autocomplete_fields = ("user",)

    def get_autocomplete_fields(self, request):
        # Searching users needs the user admin, which only city-wide administrators have.
        return self.autocomplete_fields if access_of(request.user).city_wide else ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        # An office administrator picks only users of their office (admin_scope.office_scope);
        # a new colleague's account is created here, with its role in the office.
        if obj is None and not access_of(request.user).city_wide:
            kwargs["form"] = NewOfficeUserForm
        return super().get_form(request, obj, change=change, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        access = access_of(request.user)
        if db_field.name == "organisation" and not access.city_wide:
            kwargs.update(required=True, initial=access.organisation_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class NewOfficeUserForm(forms.ModelForm):
    """A role for a new user of the office; the user's account is created with it."""

    username = forms.CharField(
        label=_("nama pengguna"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Huruf, angka dan @/./+/-/_ saja."),
    )
    first_name = forms.CharField(label=_("nama depan"), max_length=150, required=False)
    last_name = forms.CharField(label=_("nama belakang"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("ulangi kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = Membership
        fields = ("role", "organisation", "unit")

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Nama pengguna ini sudah dipakai."))
        return username

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif first:
            user = get_user_model()(username=cleaned.get("username", ""))
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self, commit=True):
        data = self.cleaned_data
        user = get_user_model()(
            username=data["username"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
        )
        user.set_password(data["password1"])
        user.save()
        self.instance.user = user
        return super().save(commit)


class LockExceptionInline(OfficeScopedInline, admin.TabularInline):
    scope_kind = OFFICE
    model = LockException
    fields = ("unit", "reason", "opened_by", "opened_at")
    readonly_fields = ("opened_by", "opened_at")
    extra = 0


@admin.register(PeriodLock)
class PeriodLockAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    """Locks go through renstra.services, which check the role and keep the audit trail."""

    scope_kind = OFFICE
    list_display = ("organisation", "year", "quarter", "reason", "locked_by", "locked_at")
    list_filter = (YearListFilter, "quarter", "organisation")
    list_select_related = ("organisation", "locked_by")
    search_fields = ("organisation__name", "reason")
    ordering = ("organisation__name", "-year", "quarter")
    fields = ("organisation", "year", "quarter", "reason", "locked_by", "locked_at")
    readonly_fields = ("locked_by", "locked_at")
    inlines = (LockExceptionInline,)

    def save_model(self, request, obj, form, change):
        if change:
            obj._history_user = request.user
            super().save_model(request, obj, form, change)
            return
        lock = lock_period(
            user=request.user,
            organisation=obj.organisation,
            year=obj.year,
            quarter=obj.quarter,
            reason=obj.reason,
        )
        obj.pk, obj.locked_by, obj.locked_at = lock.pk, lock.locked_by, lock.locked_at
        obj._state.adding = False

    def delete_model(self, request, obj):
        unlock_period(user=request.user, lock=obj)

    def save_formset(self, request, form, formset, change):
        for exception in formset.save(commit=False):
            if exception.pk is None:
                open_lock_exception(
                    user=request.user,
                    lock=form.instance,
                    unit=exception.unit,
                    reason=exception.reason,
                )
            else:
                exception._history_user = request.user
                exception.save()
        for exception in formset.deleted_objects:
            close_lock_exception(user=request.user, exception=exception)


@admin.register(LockException)
class LockExceptionAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    scope_kind = OFFICE
    list_display = ("lock", "lock_organisation", "unit", "reason", "opened_by", "opened_at")
    list_filter = ("lock__organisation", "unit")
    list_select_related = ("lock__organisation", "unit", "opened_by")
    search_fields = ("unit__name", "reason")
    ordering = ("lock__organisation__name", "-lock__year", "lock__quarter", "unit__name")
    fields = ("lock", "unit", "reason", "opened_by", "opened_at")
    readonly_fields = ("opened_by", "opened_at")

    @admin.display(description=_("perangkat daerah"), ordering="lock__organisation__name")
    def lock_organisation(self, obj):
        return obj.lock.organisation

    def save_model(self, request, obj, form, change):
        if change:
            obj._history_user = request.user
            super().save_model(request, obj, form, change)
            return
        exception = open_lock_exception(
            user=request.user, lock=obj.lock, unit=obj.unit, reason=obj.reason
        )
        obj.pk, obj.opened_by, obj.opened_at = (
            exception.pk,
            exception.opened_by,
            exception.opened_at,
        )
        obj._state.adding = False

    def delete_model(self, request, obj):
        close_lock_exception(user=request.user, exception=obj)
