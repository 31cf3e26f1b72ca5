"""Admin for funding sources, pagu, the document's stated pagu and quarterly budget realisations."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cascading.admin import WORKFLOW_FIELDS, CodeSearchMixin
from renstra.admin import YearListFilter
from renstra.admin_scope import CONFIG, RECORDS, OfficeScopedAdmin
from renstra.numbers import format_decimal

from .models import BudgetRealisation, FundingSource, Pagu, StatedPagu


@admin.register(FundingSource)
class FundingSourceAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    scope_kind = CONFIG
    list_display = ("code", "name")
    search_fields = ("code", "name")
    ordering = ("name",)


class NodeRowAdmin(OfficeScopedAdmin, CodeSearchMixin, admin.ModelAdmin):
    """Shared list setup for money rows that belong to a plan node."""

    code_key_lookup = "node__code_key"
    search_fields = ("node__code", "node__name")
    search_help_text = _("Cari kode (mis. 1.06.02, termasuk turunannya) atau nama simpul.")
    autocomplete_fields = ("node",)

    @admin.display(description=_("kode"), ordering="node__code_key")
    def node_code(self, obj):
        return obj.node.code

    @admin.display(description=_("program/kegiatan/sub kegiatan"), ordering="node__name")
    def node_name(self, obj):
        return obj.node.name

    @admin.display(description=_("nilai (Rp)"), ordering="amount")
    def amount_display(self, obj):
        return format_decimal(obj.amount)


@admin.register(Pagu)
class PaguAdmin(NodeRowAdmin):
    list_display = ("node_code", "node_name", "year", "source", "amount_display")
    list_display_links = ("node_code", "node_name")
    list_filter = (YearListFilter, "source", "node__period", "node__unit")
    list_select_related = ("node", "source")
    ordering = ("node__period", "node__code_key", "year", "source__name")


class StatedPaguYearFilter(YearListFilter):
    no_year_label = _("Akhir periode")


@admin.register(StatedPagu)
class StatedPaguAdmin(NodeRowAdmin):
    list_display = ("node_code", "node_name", "node_level", "year_display", "amount_display")
    list_display_links = ("node_code", "node_name")
    list_filter = (StatedPaguYearFilter, "node__period", "node__level")
    list_select_related = ("node",)
    ordering = ("node__period", "node__code_key", "year")

    @admin.display(description=_("tingkat"), ordering="node__level")
    def node_level(self, obj):
        return obj.node.get_level_display()

    @admin.display(description=_("tahun"), ordering="year")
    def year_display(self, obj):
        return obj.year or _("Akhir periode")


@admin.register(BudgetRealisation)
class BudgetRealisationAdmin(NodeRowAdmin, SimpleHistoryAdmin):
    scope_kind = RECORDS
    list_display = (
        "node_code",
        "node_name",
        "year",
        "quarter",
        "amount_display",
        "status",
        "updated_at",
    )
    list_display_links = ("node_code", "node_name")
    list_filter = (YearListFilter, "quarter", "status", "node__period", "node__unit")
    list_select_related = ("node",)
    ordering = ("node__period", "node__code_key", "year", "quarter")
    readonly_fields = WORKFLOW_FIELDS
    fieldsets = (
        (None, {"fields": ("node", "year", "quarter", "amount", "note")}),
        (_("Status dan jejak perubahan"), {"fields": WORKFLOW_FIELDS}),
    )
