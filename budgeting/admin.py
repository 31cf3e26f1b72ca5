"""Admin for funding sources, pagu, the document's stated pagu, quarterly budget realisations and
what the budget imports store (versions with their lines, realisation per account, column
profiles). Versions and their figures come only from the import page (`/anggaran/impor/`),
which checks them; here a version's header can be corrected, or a wrong version deleted with
its lines, and the figures are read."""

from django.contrib import admin
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cascading.admin import WORKFLOW_FIELDS, CodeSearchMixin
from renstra.admin import YearListFilter
from renstra.admin_scope import CONFIG, OFFICE, RECORDS, OfficeScopedAdmin
from renstra.numbers import format_decimal

from .models import (
    BudgetLine,
    BudgetRealisation,
    BudgetVersion,
    ColumnProfile,
    FundingSource,
    Pagu,
    RealisationAccount,
    StatedPagu,
)


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


@admin.register(BudgetVersion)
class BudgetVersionAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    """A budget document of an office and year; made by the import page, never added here."""

    list_display = (
        "label_display",
        "organisation",
        "year",
        "kind",
        "effective_date",
        "line_count",
        "total_display",
        "source",
    )
    list_filter = (YearListFilter, "kind", "organisation")
    list_select_related = ("organisation",)
    search_fields = ("source",)
    ordering = ("organisation", "-year", "-effective_date")
    fields = ("organisation", "year", "kind", "effective_date", "source", "lines_link")
    readonly_fields = ("organisation", "year", "lines_link")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(line_total=Sum("lines__amount"), lines_counted=Count("lines"))
        )

    def has_add_permission(self, request, obj=None):
        return False

    def get_deleted_objects(self, objs, request):
        """Deleting a version takes its lines with it, though nobody deletes a line alone."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(BudgetLine._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    @admin.display(description=_("versi"), ordering="effective_date")
    def label_display(self, obj):
        return obj.label

    @admin.display(description=_("baris"), ordering="lines_counted")
    def line_count(self, obj):
        return obj.lines_counted

    @admin.display(description=_("jumlah (Rp)"), ordering="line_total")
    def total_display(self, obj):
        return format_decimal(obj.line_total) if obj.line_total is not None else "-"

    @admin.display(description=_("rincian"))
    def lines_link(self, obj):
        if obj.pk is None:
            return "-"
        url = reverse("admin:budgeting_budgetline_changelist") + f"?version__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Lihat rincian anggaran versi ini"))


@admin.register(BudgetLine)
class BudgetLineAdmin(NodeRowAdmin):
    """The figures of a version, read only: a wrong figure is corrected by importing the
    document again (a new version), so every figure keeps the file it came from."""

    scope_kind = RECORDS
    list_display = (
        "node_code",
        "node_name",
        "version",
        "account",
        "account_name",
        "amount_display",
        "next_amount",
    )
    list_display_links = ("node_code", "node_name")
    list_filter = ("version__year", "version__kind", "version")
    list_select_related = ("node", "version")
    search_fields = ("node__code", "node__name", "account", "account_name")
    ordering = ("version", "node__code_key", "account")


@admin.register(RealisationAccount)
class RealisationAccountAdmin(NodeRowAdmin):
    """Spending per account as the realisation files reported it, read only (the quarters'
    budget realisations are summed from these by the import)."""

    scope_kind = RECORDS
    list_display = (
        "node_code",
        "node_name",
        "year",
        "as_of",
        "account",
        "amount_display",
        "source",
    )
    list_display_links = ("node_code", "node_name")
    list_filter = (YearListFilter, "as_of")
    list_select_related = ("node",)
    search_fields = ("node__code", "node__name", "account", "source")
    ordering = ("node__code_key", "year", "as_of", "account")


@admin.register(ColumnProfile)
class ColumnProfileAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    """Column mappings saved from the import page; renamed or deleted here."""

    scope_kind = OFFICE
    list_display = ("name", "organisation", "updated_at")
    list_filter = ("organisation",)
    list_select_related = ("organisation",)
    search_fields = ("name",)
    ordering = ("organisation", "name")
