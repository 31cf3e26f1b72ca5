"""Admin for the narrative texts of the reports, edited by planning staff."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from renstra.admin import YearListFilter
from renstra.admin_scope import OfficeScopedAdmin

from .models import ReportNarrative


@admin.register(ReportNarrative)
class ReportNarrativeAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    list_display = ("organisation", "year", "report", "signed_on")
    list_filter = ("report", YearListFilter, "organisation")
    list_select_related = ("organisation",)
    search_fields = ("organisation__name", "faktor_pendorong", "faktor_penghambat")
    fieldsets = (
        (None, {"fields": ("organisation", "year", "report", "signed_on")}),
        (
            _("Analisis (dicetak di bawah Evaluasi Renja)"),
            {
                "fields": (
                    "sasaran_rkpd",
                    "faktor_pendorong",
                    "faktor_penghambat",
                    "tindak_lanjut",
                    "tindak_lanjut_renja",
                )
            },
        ),
        (
            _("Pengevaluasi (Bappeda)"),
            {"fields": ("evaluator_title", "evaluator_name", "evaluator_rank", "evaluator_nip")},
        ),
    )
