"""Admin for the signatories of the Perjanjian Kinerja (names, ranks, NIP, titles), and a
read-only view of the agreements, which are written through their own pages (generate, edit,
finalise, revise) so that the workflow and the frozen final versions hold."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from renstra.admin_scope import OFFICE, RECORDS, OfficeScopedAdmin

from .models import Agreement, IndicatorDefinition, Party


@admin.register(Party)
class PartyAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    scope_kind = OFFICE
    list_display = ("title", "name", "rank", "nip", "kind", "unit", "organisation")
    list_filter = ("kind", "organisation")
    list_select_related = ("organisation", "unit")
    search_fields = ("title", "name", "nip")
    fields = ("organisation", "kind", "unit", "title", "name", "rank", "nip")


@admin.register(Agreement)
class AgreementAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    scope_kind = RECORDS
    list_display = ("__str__", "year", "unit", "number", "status", "signed_on", "organisation")
    list_filter = ("status", "year", "organisation")
    list_select_related = ("organisation", "unit")


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    """Data source and frequency of an indicator; its definition and formula are edited on the
    indicator (Rencana > Indikator)."""

    list_display = ("indicator", "data_source", "frequency")
    list_filter = ("frequency",)
    list_select_related = ("indicator__node",)
    search_fields = ("indicator__name", "data_source")
    autocomplete_fields = ("indicator",)
    fields = ("indicator", "data_source", "frequency", "reason", "version", "updated_by")
    readonly_fields = ("version", "updated_by")

    def save_model(self, request, obj, form, change):
        # A change here is a new version too, so a page holding the old one is refused.
        if change:
            obj.version += 1
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
