from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyKind(models.TextChoices):
    MAYOR = "wali-kota", _("Kepala daerah (Wali Kota/Bupati)")
    HEAD = "kepala-dinas", _("Kepala perangkat daerah")
    UNIT_HEAD = "kepala-unit", _("Kepala unit kerja (Sekretaris, Kepala Bidang, Kasubbag/Kasi)")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    FINAL = "final", _("Final")


class Frequency(models.TextChoices):
    QUARTERLY = "triwulanan", _("Triwulanan")
    SEMESTER = "semesteran", _("Semesteran")
    YEARLY = "tahunan", _("Tahunan")
    MONTHLY = "bulanan", _("Bulanan")


class OfficeDocument(models.TextChoices):
    """The SAKIP documents of a whole office for a year (the others belong to one PK)."""

    IKU = "iku", _("Indikator Kinerja Utama")
    DEFINITIONS = "definisi-indikator", _("Definisi indikator")
    TREE = "pohon-kinerja", _("Pohon kinerja")
