from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    TUJUAN = 1, _("Tujuan")
    SASARAN = 2, _("Sasaran")
    PROGRAM = 3, _("Program")
    KEGIATAN = 4, _("Kegiatan")
    SUB_KEGIATAN = 5, _("Sub Kegiatan")


class Polarity(models.TextChoices):
    POSITIVE = "positive", _("Positif (semakin tinggi semakin baik)")
    NEGATIVE = "negative", _("Negatif (semakin rendah semakin baik)")
    RANGE = "range", _("Rentang (target berupa rentang nilai)")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Jumlah triwulan")
    LAST = "last", _("Nilai triwulan terakhir")
    MAX = "max", _("Nilai tertinggi")
    AVERAGE = "average", _("Rata-rata triwulan")


class PeriodRule(models.TextChoices):
    """How an indicator's years combine over the Renstra period."""

    CUMULATIVE = "cumulative", _("Kumulatif (target akhir = jumlah target tahunan)")
    LEVEL = "level", _("Tingkat (target akhir = tingkat yang dicapai)")


class ValueKind(models.TextChoices):
    NUMBER = "number", _("Angka")
    PERCENTAGE = "percentage", _("Persentase")
    ORDINAL = "ordinal", _("Nilai huruf (mis. SAKIP)")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    VERIFIED = "verified", _("Terverifikasi")
    RETURNED = "returned", _("Dikembalikan")


class NoteKind(models.TextChoices):
    DOCUMENT_DIFFERENCE = "difference", _("Perbedaan antar tabel dokumen")
    DOCUMENT_ERROR = "error", _("Kesalahan hitung dalam dokumen")
    INTERPRETATION = "interpretation", _("Penafsiran saat memuat data")


QUARTERS = (1, 2, 3, 4)

# SAKIP grades from best to worst (PermenPAN-RB 12/2015); rank 1 is the lowest.
SAKIP_GRADES = ("AA", "A", "BB", "B", "CC", "C", "D")
GRADE_RANK = {grade: len(SAKIP_GRADES) - index for index, grade in enumerate(SAKIP_GRADES)}
