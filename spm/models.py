from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renstra.models import Band, Organisation, Unit
from renstra.numbers import format_measure

PERCENT = {"max_digits": 7, "decimal_places": 2}


class SpmService(models.Model):
    """A basic service of the minimum service standards (jenis pelayanan dasar SPM)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="spm_services",
        verbose_name=_("perangkat daerah"),
    )
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.TextField(_("jenis pelayanan dasar"))
    recipient_indicator = models.TextField(_("indikator penerima layanan dasar"))
    recipient_target_text = models.CharField(_("target penerima layanan"), max_length=200)
    quality_indicator = models.TextField(_("indikator mutu layanan dasar"))
    quality_target_text = models.TextField(_("target mutu layanan"))
    history_indicator = models.TextField(
        _("indikator SPM (riwayat capaian)"),
        blank=True,
        help_text=_("Rumusan indikator pada tabel target dan realisasi penerapan SPM."),
    )
    remarks = models.TextField(_("keterangan"), blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="spm_services",
        verbose_name=_("unit penanggung jawab"),
    )

    class Meta:
        verbose_name = _("jenis pelayanan dasar SPM")
        verbose_name_plural = _("jenis pelayanan dasar SPM")
        ordering = ["organisation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="spm_service_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def clean(self) -> None:
        if self.unit_id and self.unit.organisation_id != self.organisation_id:
            raise ValidationError({"unit": _("Unit harus milik perangkat daerah yang sama.")})
        if self.unit_id and self.unit.is_sub_unit:
            raise ValidationError(
                {"unit": _("Pilih sekretariat atau bidang: subbagian/seksi tidak mengisi SPM.")}
            )


class SpmAnnual(models.Model):
    """One year of an SPM service: people needing and served, quality figures, recorded capaian."""

    service = models.ForeignKey(
        SpmService,
        on_delete=models.CASCADE,
        related_name="years",
        verbose_name=_("jenis pelayanan dasar"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    target_percent = models.DecimalField(
        _("target capaian (%)"),
        **PERCENT,
        default=Decimal("100"),
        validators=[MinValueValidator(0)],
    )
    people_needing = models.PositiveIntegerField(
        _("warga negara yang membutuhkan"), null=True, blank=True
    )
    people_served = models.PositiveIntegerField(
        _("warga negara yang terlayani"), null=True, blank=True
    )
    quality_required = models.DecimalField(
        _("barang/jasa/SDM yang dibutuhkan"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    quality_provided = models.DecimalField(
        _("barang/jasa/SDM yang tersedia"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    recorded_capaian = models.DecimalField(
        _("capaian penerima tercatat (%)"),
        **PERCENT,
        null=True,
        blank=True,
        help_text=_(
            "Capaian sebagaimana dilaporkan (mis. Tabel 2.3), bila rincian jumlah "
            "warga negara tidak tersedia."
        ),
    )
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dientri oleh"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diubah oleh"),
    )
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)
    version = models.PositiveIntegerField(_("versi"), default=1)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("capaian SPM tahunan")
        verbose_name_plural = _("capaian SPM tahunan")
        ordering = ["service", "year"]
        constraints = [
            models.UniqueConstraint(fields=["service", "year"], name="spm_annual_one_per_year"),
            models.CheckConstraint(
                condition=Q(quality_required__isnull=True) | Q(quality_required__gte=0),
                name="spm_quality_required_not_negative",
                violation_error_message=_(
                    "Jumlah barang/jasa/SDM yang dibutuhkan tidak boleh negatif."
                ),
            ),
            models.CheckConstraint(
                condition=Q(quality_provided__isnull=True) | Q(quality_provided__gte=0),
                name="spm_quality_provided_not_negative",
                violation_error_message=_(
                    "Jumlah barang/jasa/SDM yang tersedia tidak boleh negatif."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.year}"

    def clean(self) -> None:
        """Nobody is served who was not counted as needing the service."""
        needing, served = self.people_needing, self.people_served
        if needing is not None and served is not None and served > needing:
            raise ValidationError({"people_served": served_above_needing(self, served, needing)})

    def display_value(self) -> str:
        """The figures as a user reads them (the conflict message quotes them)."""
        return gettext(
            "membutuhkan %(needing)s, terlayani %(served)s, mutu dibutuhkan %(required)s, "
            "mutu tersedia %(provided)s"
        ) % {
            "needing": format_measure(self.people_needing),
            "served": format_measure(self.people_served),
            "required": format_measure(self.quality_required),
            "provided": format_measure(self.quality_provided),
        }


def served_above_needing(annual: SpmAnnual, served: int, needing: int) -> str:
    """The refusal of more people served than needing, naming the service and both fields."""
    service = annual.service if annual.service_id else None
    return gettext(
        "%(service)s: %(served_label)s (%(served)s) tidak boleh melebihi %(needing_label)s "
        "(%(needing)s)."
    ) % {
        "service": service if service is not None else gettext("Jenis pelayanan"),
        "served_label": SpmAnnual._meta.get_field("people_served").verbose_name,
        "served": format_measure(served),
        "needing_label": SpmAnnual._meta.get_field("people_needing").verbose_name,
        "needing": format_measure(needing),
    }


class SpmWeights(models.Model):
    """The weights of the SPM index (indeks capaian): penerima and mutu, summing to 100 %."""

    recipient_weight = models.DecimalField(
        _("bobot penerima layanan (%)"),
        **PERCENT,
        default=Decimal("80"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    quality_weight = models.DecimalField(
        _("bobot mutu layanan (%)"),
        **PERCENT,
        default=Decimal("20"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    basis = models.TextField(
        _("dasar penetapan"),
        blank=True,
        help_text=_("Pastikan terhadap Permendagri 59/2021 sebelum laporan ditandatangani."),
    )

    class Meta:
        verbose_name = _("bobot indeks SPM")
        verbose_name_plural = _("bobot indeks SPM")
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_weight__gte=0, quality_weight__gte=0)
                & Q(recipient_weight=Decimal("100") - F("quality_weight")),
                name="spm_weights_sum_100",
                violation_error_message=_(
                    "Bobot penerima dan bobot mutu harus berjumlah 100 persen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(id=1),
                name="spm_weights_singleton",
                violation_error_message=_(
                    "Bobot indeks SPM hanya satu baris; ubah baris yang sudah ada."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_weight} % penerima + {self.quality_weight} % mutu"


class SpmKategoriBand(Band):
    """A band of the SPM kategori scale (Tuntas Paripurna ... Belum Tuntas)."""

    class Meta(Band.Meta):
        verbose_name = _("kategori capaian SPM")
        verbose_name_plural = _("kategori capaian SPM")
        constraints = [
            models.UniqueConstraint(fields=["lower"], name="spm_kategori_lower_unique"),
        ]
