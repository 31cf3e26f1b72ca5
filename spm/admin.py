"""Admin for the SPM services, their yearly figures, the index weights and the kategori scale."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from renstra.admin import BandAdmin, YearListFilter
from renstra.admin_scope import CONFIG, OfficeScopedAdmin, OfficeScopedInline
from renstra.numbers import format_decimal

from .models import SpmAnnual, SpmKategoriBand, SpmService, SpmWeights


class SpmAnnualInline(OfficeScopedInline, admin.TabularInline):
    model = SpmAnnual
    fields = (
        "year",
        "target_percent",
        "people_needing",
        "people_served",
        "quality_required",
        "quality_provided",
        "recorded_capaian",
    )
    extra = 0
    ordering = ("year",)


@admin.register(SpmService)
class SpmServiceAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    list_display = ("number", "name", "unit", "organisation")
    list_display_links = ("number", "name")
    list_filter = ("organisation", "unit")
    list_select_related = ("organisation", "unit")
    search_fields = ("name", "recipient_indicator", "quality_indicator")
    ordering = ("organisation__name", "number")
    inlines = (SpmAnnualInline,)


@admin.register(SpmAnnual)
class SpmAnnualAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    list_display = (
        "service",
        "year",
        "target_display",
        "people_needing",
        "people_served",
        "recorded_display",
    )
    list_filter = (YearListFilter, "service__organisation")
    list_select_related = ("service",)
    search_fields = ("service__name",)
    ordering = ("service__organisation__name", "service__number", "year")

    @admin.display(description=_("target capaian (%)"), ordering="target_percent")
    def target_display(self, obj):
        return format_decimal(obj.target_percent)

    @admin.display(description=_("capaian penerima tercatat (%)"), ordering="recorded_capaian")
    def recorded_display(self, obj):
        return format_decimal(obj.recorded_capaian)


@admin.register(SpmWeights)
class SpmWeightsAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    """The single row of index weights: it can be changed, never added twice or deleted."""

    scope_kind = CONFIG
    list_display = ("__str__", "basis")

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request) and not SpmWeights.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # The database allows only id 1, whatever the sequence says.
        obj.pk = 1
        super().save_model(request, obj, form, change)


admin.site.register(SpmKategoriBand, BandAdmin)
