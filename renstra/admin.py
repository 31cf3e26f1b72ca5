"""Admin for offices, units, Renstra periods, user roles and period locks; the site's Indonesian
titles; and the admin helpers the other apps share (the year filter, the band scale admin)."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import LockException, Membership, Organisation, PeriodLock, RenstraPeriod, Unit
from .numbers import format_decimal

admin.site.site_header = _("Renstra Monitor — Administrasi")
admin.site.site_title = _("Renstra Monitor — Administrasi")
admin.site.index_title = _("Data Renstra")


class YearListFilter(admin.SimpleListFilter):
    """Filter on a plain integer year field, offering only the years present in the table."""

    title = _("tahun")
    parameter_name = "year"
    field_name = "year"
    no_year = "none"
    no_year_label = _("Tanpa tahun")

    def lookups(self, request, model_admin):
        years = (
            model_admin.model._default_manager.order_by(self.field_name)
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
        try:
            year = int(value)
        except ValueError as exc:
            raise IncorrectLookupParameters(exc) from exc
        return queryset.filter(**{self.field_name: year})


class BandAdmin(admin.ModelAdmin):
    """A configurable scale (predikat, SPM kategori): one row per band, best band first."""

    list_display = ("label", "lower_display", "inclusive", "colour")
    search_fields = ("label",)

    @admin.display(description=_("batas bawah"), ordering="lower")
    def lower_display(self, obj):
        return format_decimal(obj.lower, empty=_("(terbawah)"))


class UnitInline(admin.TabularInline):
    model = Unit
    fields = ("code", "name", "kind", "head_title", "order")
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
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
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "organisation", "order")
    list_filter = ("organisation", "kind")
    list_select_related = ("organisation",)
    search_fields = ("code", "name")
    ordering = ("organisation__name", "order", "name")


@admin.register(RenstraPeriod)
class RenstraPeriodAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "start_year", "end_year", "baseline_year", "status")
    list_filter = ("organisation", "status")
    list_select_related = ("organisation",)
    search_fields = ("name", "organisation__name")
    ordering = ("organisation__name", "-start_year")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "organisation", "unit")
    list_filter = ("role", "organisation", "unit")
    list_select_related = ("user", "organisation", "unit")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    ordering = ("user__username",)
    autocomplete_fields = ("user",)


class LockExceptionInline(admin.TabularInline):
    model = LockException
    fields = ("unit", "reason", "opened_by", "opened_at")
    readonly_fields = ("opened_by", "opened_at")
    extra = 0


@admin.register(PeriodLock)
class PeriodLockAdmin(SimpleHistoryAdmin):
    list_display = ("organisation", "year", "quarter", "reason", "locked_by", "locked_at")
    list_filter = (YearListFilter, "quarter", "organisation")
    list_select_related = ("organisation", "locked_by")
    search_fields = ("organisation__name", "reason")
    ordering = ("organisation__name", "-year", "quarter")
    fields = ("organisation", "year", "quarter", "reason", "locked_by", "locked_at")
    readonly_fields = ("locked_by", "locked_at")
    inlines = (LockExceptionInline,)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.locked_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for exception in formset.save(commit=False):
            if exception.pk is None:
                exception.opened_by = request.user
            exception.save()
        for exception in formset.deleted_objects:
            exception.delete()
        formset.save_m2m()


@admin.register(LockException)
class LockExceptionAdmin(SimpleHistoryAdmin):
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
        if not change:
            obj.opened_by = request.user
        super().save_model(request, obj, form, change)
