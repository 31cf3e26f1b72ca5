from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renstra.models import Organisation

from .choices import ReportKind, WholeDocument

# A section's text: some pages of a chapter, never a whole book.
SECTION_MAX_LENGTH = 20000


class ReportNarrative(models.Model):
    """The texts planning staff write for one report of an office and year (narasi laporan).

    The RKPD sasaran is printed above the Evaluasi Renja; faktor pendorong, faktor penghambat,
    the two tindak lanjut and the evaluator's signature under it; the signing date on every
    report.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="report_narratives",
        verbose_name=_("perangkat daerah"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    report = models.CharField(_("laporan"), max_length=20, choices=ReportKind.choices)
    signed_on = models.DateField(
        _("tanggal penandatanganan"),
        null=True,
        blank=True,
        help_text=_("Kosongkan untuk memakai tanggal laporan diunduh."),
    )
    faktor_pendorong = models.TextField(_("faktor pendorong keberhasilan"), blank=True)
    faktor_penghambat = models.TextField(_("faktor penghambat"), blank=True)
    tindak_lanjut = models.TextField(
        _("tindak lanjut yang diperlukan dalam triwulan berikutnya"), blank=True
    )
    tindak_lanjut_renja = models.TextField(
        _("tindak lanjut yang diperlukan dalam Renja PD berikutnya"), blank=True
    )
    sasaran_rkpd = models.TextField(
        _("sasaran RKPD yang hendak dicapai"),
        blank=True,
        help_text=_(
            "Indikator dan target kinerja kota (sasaran RKPD) yang dievaluasi; dicetak di atas "
            "tabel Evaluasi Renja."
        ),
    )
    evaluator_title = models.CharField(
        _("jabatan pengevaluasi"),
        max_length=200,
        blank=True,
        help_text=_("Mis. Kepala Bappeda Kota Palangka Raya."),
    )
    evaluator_name = models.CharField(_("nama pengevaluasi"), max_length=200, blank=True)
    evaluator_rank = models.CharField(
        _("pangkat/golongan pengevaluasi"), max_length=100, blank=True
    )
    evaluator_nip = models.CharField(_("NIP pengevaluasi"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("narasi laporan")
        verbose_name_plural = _("narasi laporan")
        ordering = ["organisation", "-year", "report"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "report"], name="report_narrative_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_report_display()} {self.year} — {self.organisation}"


class DocumentText(models.Model):
    """The text planning staff wrote for one section of a whole document (naskah LKjIP or
    laporan penerapan SPM) of an office and year; an empty text prints the automatic draft."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="document_texts",
        verbose_name=_("perangkat daerah"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    document = models.CharField(_("dokumen"), max_length=10, choices=WholeDocument.choices)
    section = models.CharField(_("bagian"), max_length=30)
    text = models.TextField(_("naskah"), blank=True, max_length=SECTION_MAX_LENGTH)
    version = models.PositiveIntegerField(_("versi"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diubah oleh"),
    )
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("naskah laporan")
        verbose_name_plural = _("naskah laporan")
        ordering = ["organisation", "-year", "document", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "document", "section"],
                name="document_text_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_document_display()} {self.year} {self.section} — {self.organisation}"

    def display_value(self) -> str:
        """The text as the conflict message quotes it: its start, or the automatic draft."""
        if not self.text:
            return gettext("draf otomatis")
        start = " ".join(self.text.split())
        return f"«{start[:120]}{'…' if len(start) > 120 else ''}»"
