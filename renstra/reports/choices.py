"""The reports the product produces and the paper they are printed on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    RENSTRA = "renstra", _("Rencana Program, Kegiatan dan Pendanaan (Renstra)")
    RENJA = "renja", _("Rencana Kerja (Renja) dan Prakiraan Maju")
    EVALUASI_RENJA = "evaluasi-renja", _("Evaluasi Hasil Renja")
    LKJIP = "lkjip", _("Tabel LKjIP")
    SPM = "spm", _("Capaian Standar Pelayanan Minimal (SPM)")


class Paper(models.TextChoices):
    """Landscape sheets: A4, or F4 (folio, 215 x 330 mm) that many local governments use."""

    A4 = "a4", _("A4")
    F4 = "f4", _("F4")


class FileFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel")
    PDF = "pdf", _("PDF")


class WholeDocument(models.TextChoices):
    """The reports written as whole documents, chapter texts around the tables (naskah)."""

    LKJIP = "lkjip", _("Laporan Kinerja Instansi Pemerintah (LKjIP)")
    SPM = "spm", _("Laporan Penerapan Standar Pelayanan Minimal (SPM)")


class DocumentFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Word")
