"""Admin for the plan cascade: nodes, indicators, yearly targets, quarterly realisations,
data notes and the predikat scale."""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from renstra.admin import BandAdmin, YearListFilter
from renstra.admin_scope import RECORDS, OfficeScopedAdmin, OfficeScopedInline
from renstra.models import Unit
from renstra.numbers import format_decimal

from .codes import code_key, is_valid_code
from .models import DataNote, Indicator, IndicatorTarget, PlanNode, PredikatBand, Realisation

# Realisations are written through the entry pages and imports (services with the workflow and
# the locks); the admin shows them, their status and their audit trail, read only.
WORKFLOW_FIELDS = (
    "status",
    "return_comment",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
    "verified_by",
    "verified_at",
    "version",
    "plausibility_warning",
)
SHORT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


def format_quantity(value: Decimal | None) -> str:
    """An indicator value in Indonesian format with only the decimals it needs: `21.955`, `3,5`."""
    if value is None:
        return "-"
    places = max(0, -value.normalize().as_tuple().exponent)
    return format_decimal(value, places=places)


class CodeSearchMixin:
    """Search that also understands nomenclature codes through `code_key`.

    A code finds its node and everything below it, in either form: `1.06.02` finds the program and
    its kegiatan and sub kegiatan, and `1.06.02.2.03.0001` finds `1.06.02.2.03.01`.
    """

    code_key_lookup = "code_key"

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if any(char.isdigit() for char in term) and is_valid_code(term):
            key = code_key(term)
            results |= queryset.filter(
                models.Q(**{self.code_key_lookup: key})
                | models.Q(**{f"{self.code_key_lookup}__startswith": f"{key}."})
            )
        return results, may_have_duplicates


class IndicatorInline(OfficeScopedInline, admin.TabularInline):
    model = Indicator
    fields = (
        "order",
        "name",
        "satuan",
        "value_kind",
        "polarity",
        "aggregation",
        "is_iku",
        "is_ikk",
    )
    extra = 0
    show_change_link = True
    formfield_overrides = SHORT_TEXT
    ordering = ("order",)


@admin.register(PlanNode)
class PlanNodeAdmin(OfficeScopedAdmin, CodeSearchMixin, admin.ModelAdmin):
    list_display = ("node_code", "name", "level", "unit", "parent_code", "period")
    list_display_links = ("node_code", "name")
    list_filter = ("period", "level", "unit")
    list_select_related = ("period", "unit", "parent")
    search_fields = ("code", "name")
    search_help_text = _("Cari kode (mis. 1.06.02, termasuk turunannya) atau nama.")
    ordering = ("period", "code_key")
    autocomplete_fields = ("parent",)
    inlines = (IndicatorInline,)
    formfield_overrides = SHORT_TEXT
    fieldsets = (
        (None, {"fields": ("organisation", "period", "level", "parent", "code", "name")}),
        (
            _("Sasaran dan penanggung jawab"),
            {"fields": ("sasaran", "unit", "unit_label", "sub_unit")},
        ),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Indicators belong to a Sekretariat or Bidang; a Subbagian/Seksi only carries out."""
        if db_field.name == "unit":
            kwargs["queryset"] = Unit.objects.filter(parent__isnull=True)
        elif db_field.name == "sub_unit":
            kwargs["queryset"] = Unit.objects.filter(parent__isnull=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("kode"), ordering="code_key")
    def node_code(self, obj):
        return obj.code

    @admin.display(description=_("induk"), ordering="parent__code_key")
    def parent_code(self, obj):
        return obj.parent.code if obj.parent else "-"


class TargetInline(OfficeScopedInline, admin.TabularInline):
    model = IndicatorTarget
    fields = ("year", "value", "value_upper", "grade", "text", "reported_capaian")
    extra = 0
    ordering = ("year",)


class RealisationInline(OfficeScopedInline, admin.TabularInline):
    """A read-only summary; realisations are entered and verified on their own page."""

    scope_kind = RECORDS
    model = Realisation
    fields = ("year", "quarter", "value", "grade", "status", "updated_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("year", "quarter")


@admin.register(Indicator)
class IndicatorAdmin(OfficeScopedAdmin, CodeSearchMixin, admin.ModelAdmin):
    code_key_lookup = "node__code_key"
    list_display = (
        "indicator_code",
        "name",
        "satuan",
        "value_kind",
        "polarity",
        "aggregation",
        "is_iku",
        "is_ikk",
    )
    list_display_links = ("indicator_code", "name")
    list_filter = (
        "node__period",
        "node__level",
        "node__unit",
        "is_iku",
        "is_ikk",
        "value_kind",
        "polarity",
        "aggregation",
        "period_rule",
    )
    list_select_related = ("node",)
    search_fields = ("node__code", "name")
    search_help_text = _("Cari kode simpul (mis. 1.06.02) atau nama indikator.")
    ordering = ("node__period", "node__code_key", "order")
    autocomplete_fields = ("node", "previous")
    inlines = (TargetInline, RealisationInline)
    formfield_overrides = SHORT_TEXT
    fieldsets = (
        (None, {"fields": ("node", "order", "name", "satuan", "is_iku", "is_ikk")}),
        (
            _("Aturan perhitungan"),
            {"fields": ("value_kind", "polarity", "aggregation", "period_rule")},
        ),
        (
            _("Batas wajar realisasi triwulan"),
            {
                "fields": ("plausible_min", "plausible_max"),
                "description": _(
                    "Nilai di luar batas ini (atau lebih dari 3 kali target) diminta konfirmasi "
                    "dan catatan saat diisi, lalu ditandai untuk verifikator."
                ),
            },
        ),
        (
            _("Kondisi awal dan target akhir periode"),
            {
                "fields": (
                    "baseline_value",
                    "baseline_text",
                    "previous",
                    "final_target_value",
                    "final_target_text",
                )
            },
        ),
        (_("Manual indikator"), {"fields": ("formula", "definition")}),
    )

    @admin.display(description=_("kode"), ordering="node__code_key")
    def indicator_code(self, obj):
        return obj.code


class IndicatorRowAdmin(OfficeScopedAdmin, CodeSearchMixin, admin.ModelAdmin):
    """Shared list setup for rows that belong to an indicator (targets, realisations)."""

    code_key_lookup = "indicator__node__code_key"
    list_select_related = ("indicator__node",)
    search_fields = ("indicator__node__code", "indicator__name")
    search_help_text = _("Cari kode simpul (mis. 1.06.02) atau nama indikator.")
    autocomplete_fields = ("indicator",)

    @admin.display(description=_("kode"), ordering="indicator__node__code_key")
    def indicator_code(self, obj):
        return obj.indicator.code

    @admin.display(description=_("indikator"), ordering="indicator__name")
    def indicator_name(self, obj):
        return obj.indicator.name

    @admin.display(description=_("satuan"))
    def satuan(self, obj):
        return obj.indicator.satuan


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(IndicatorRowAdmin):
    list_display = (
        "indicator_code",
        "indicator_name",
        "year",
        "value_display",
        "satuan",
        "grade",
        "text",
    )
    list_display_links = ("indicator_code", "indicator_name")
    list_filter = (
        YearListFilter,
        "indicator__node__period",
        "indicator__node__level",
        "indicator__node__unit",
    )
    ordering = ("indicator__node__period", "indicator__node__code_key", "indicator__order", "year")

    @admin.display(description=_("target"), ordering="value")
    def value_display(self, obj):
        return format_quantity(obj.value)


@admin.register(Realisation)
class RealisationAdmin(IndicatorRowAdmin, SimpleHistoryAdmin):
    scope_kind = RECORDS
    list_display = (
        "indicator_code",
        "indicator_name",
        "year",
        "quarter",
        "value_display",
        "satuan",
        "grade",
        "status",
        "updated_at",
    )
    list_display_links = ("indicator_code", "indicator_name")
    list_filter = (
        YearListFilter,
        "quarter",
        "status",
        "indicator__node__period",
        "indicator__node__level",
        "indicator__node__unit",
    )
    ordering = (
        "indicator__node__period",
        "indicator__node__code_key",
        "indicator__order",
        "year",
        "quarter",
    )
    readonly_fields = WORKFLOW_FIELDS
    fieldsets = (
        (
            None,
            {"fields": ("indicator", "year", "quarter", "value", "grade", "note", "evidence")},
        ),
        (_("Status dan jejak perubahan"), {"fields": WORKFLOW_FIELDS}),
    )

    @admin.display(description=_("realisasi"), ordering="value")
    def value_display(self, obj):
        return format_quantity(obj.value)


@admin.register(DataNote)
class DataNoteAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    list_display = ("source", "subject", "kind", "period", "organisation")
    list_filter = ("kind", "organisation", "period")
    list_select_related = ("organisation", "period")
    search_fields = ("source", "subject", "text")
    ordering = ("organisation__name", "source", "subject")


admin.site.register(PredikatBand, BandAdmin)
