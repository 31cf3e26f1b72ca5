"""Perjanjian Kinerja (performance agreements) and the people who sign them.

A final agreement is a frozen snapshot: its rows hold the sasaran, indicator, target and budget
as data (texts and numbers), not references that a later plan or budget change would alter. The
links back to the plan (`indicator`, `node`) only serve navigation and the rencana aksi; they are
cleared, never followed, when the plan row goes.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from budgeting.models import MONEY
from cascading.choices import GRADE_RANK, Level, ValueKind
from cascading.models import VALUE, Indicator, PlanNode
from renstra.models import Organisation, RenstraPeriod, Unit
from renstra.numbers import display_number

from .choices import AgreementStatus, Frequency, PartyKind


class Party(models.Model):
    """A signatory (pihak penandatangan) of performance agreements: the Wali Kota, the head of
    office, or the head of a unit (Sekretaris, Kepala Bidang) or sub-unit (Kasubbag, Kasi)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name=_("perangkat daerah"),
    )
    kind = models.CharField(_("kedudukan"), max_length=20, choices=PartyKind.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parties",
        verbose_name=_("unit kerja"),
        help_text=_("Hanya untuk kepala unit kerja."),
    )
    title = models.CharField(_("jabatan"), max_length=200)
    name = models.CharField(_("nama"), max_length=200, blank=True)
    rank = models.CharField(_("pangkat/golongan"), max_length=100, blank=True)
    nip = models.CharField(_("NIP"), max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pihak penandatangan")
        verbose_name_plural = _("pihak penandatangan")
        ordering = ["organisation", "kind", "unit__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                condition=Q(unit__isnull=True),
                name="party_one_per_office_kind",
                violation_error_message=_("Pihak dengan kedudukan ini sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(unit__isnull=False),
                name="party_one_per_unit",
                violation_error_message=_("Unit kerja ini sudah punya kepala unit."),
            ),
            models.CheckConstraint(
                condition=Q(kind=PartyKind.UNIT_HEAD, unit__isnull=False)
                | (~Q(kind=PartyKind.UNIT_HEAD) & Q(unit__isnull=True)),
                name="party_unit_only_for_unit_head",
                violation_error_message=_("Unit kerja diisi hanya untuk kepala unit kerja."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.name or '-'}"

    def clean(self) -> None:
        if self.kind == PartyKind.UNIT_HEAD and not self.unit_id:
            raise ValidationError({"unit": _("Pilih unit kerja untuk kepala unit kerja.")})
        if self.kind != PartyKind.UNIT_HEAD and self.unit_id:
            raise ValidationError({"unit": _("Unit kerja diisi hanya untuk kepala unit kerja.")})
        if self.unit_id and self.unit.organisation_id != self.organisation_id:
            raise ValidationError({"unit": _("Unit harus milik perangkat daerah yang sama.")})


class Agreement(models.Model):
    """One version of a Perjanjian Kinerja (PK) of an office, or of one of its units or
    sub-units, for a year.

    Pihak pertama promises (the head of office, of a unit or of a sub-unit); pihak kedua is the
    superior (the Wali Kota, the head of office, or the head of the sub-unit's parent unit).
    Their names are copied in when the agreement is made, so that a final agreement keeps who
    signed it.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("perangkat daerah"),
    )
    period = models.ForeignKey(
        RenstraPeriod,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("periode Renstra"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("unit kerja"),
        help_text=_("Kosong: PK tingkat perangkat daerah (Kepala Dinas dengan Wali Kota)."),
    )
    number = models.PositiveSmallIntegerField(_("versi ke"), default=1)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
    )
    reason = models.TextField(_("alasan revisi"), blank=True)
    revised_on = models.DateField(_("tanggal revisi"), null=True, blank=True)
    place = models.CharField(_("tempat penandatanganan"), max_length=100, blank=True)
    signed_on = models.DateField(_("tanggal penandatanganan"), null=True, blank=True)
    first_title = models.CharField(_("jabatan pihak pertama"), max_length=200, blank=True)
    first_name = models.CharField(_("nama pihak pertama"), max_length=200, blank=True)
    first_rank = models.CharField(_("pangkat pihak pertama"), max_length=100, blank=True)
    first_nip = models.CharField(_("NIP pihak pertama"), max_length=30, blank=True)
    second_title = models.CharField(_("jabatan pihak kedua"), max_length=200, blank=True)
    second_name = models.CharField(_("nama pihak kedua"), max_length=200, blank=True)
    second_rank = models.CharField(_("pangkat pihak kedua"), max_length=100, blank=True)
    second_nip = models.CharField(_("NIP pihak kedua"), max_length=30, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("difinalkan oleh"),
    )
    finalised_at = models.DateTimeField(_("difinalkan pada"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versi data"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("perjanjian kinerja")
        verbose_name_plural = _("perjanjian kinerja")
        ordering = ["organisation", "-year", "unit__order", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "number"],
                condition=Q(unit__isnull=True),
                name="agreement_office_number_unique",
                violation_error_message=_("Versi PK ini sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "year", "unit", "number"],
                condition=Q(unit__isnull=False),
                name="agreement_unit_number_unique",
                violation_error_message=_("Versi PK ini sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "year"],
                condition=Q(unit__isnull=True, status="draft"),
                name="agreement_office_one_draft",
                violation_error_message=_("PK ini sudah punya draf yang belum difinalkan."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "year", "unit"],
                condition=Q(unit__isnull=False, status="draft"),
                name="agreement_unit_one_draft",
                violation_error_message=_("PK ini sudah punya draf yang belum difinalkan."),
            ),
        ]

    def __str__(self) -> str:
        return _("PK %(who)s tahun %(year)s versi %(number)s") % {
            "who": self.unit.name if self.unit_id else self.organisation.short_name,
            "year": self.year,
            "number": self.number,
        }

    @property
    def is_final(self) -> bool:
        return self.status == AgreementStatus.FINAL

    def clean(self) -> None:
        if self.unit_id and self.unit.organisation_id != self.organisation_id:
            raise ValidationError({"unit": _("Unit harus milik perangkat daerah yang sama.")})
        if self.period_id and self.year not in self.period.years:
            raise ValidationError({"year": _("Tahun di luar periode Renstra.")})


class AgreementTarget(models.Model):
    """A line of a PK's table: a sasaran, its indicator and the agreed target for the year
    (target PK), with the plan's target beside it."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="targets", verbose_name=_("PK")
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreement_targets",
        verbose_name=_("indikator rencana"),
    )
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    code = models.CharField(_("kode"), max_length=40)
    sasaran = models.TextField(_("sasaran"))
    indicator_name = models.TextField(_("indikator kinerja"))
    satuan = models.CharField(_("satuan"), max_length=50, blank=True)
    value_kind = models.CharField(
        _("jenis nilai"), max_length=12, choices=ValueKind.choices, default=ValueKind.NUMBER
    )
    plan_value = models.DecimalField(_("target rencana"), **VALUE, null=True, blank=True)
    plan_grade = models.CharField(_("target rencana (huruf)"), max_length=4, blank=True)
    plan_text = models.CharField(_("target rencana (tertulis)"), max_length=100, blank=True)
    value = models.DecimalField(_("target PK"), **VALUE, null=True, blank=True)
    grade = models.CharField(
        _("target PK (huruf)"),
        max_length=4,
        blank=True,
        choices=[(grade, grade) for grade in GRADE_RANK],
    )
    text = models.CharField(_("target PK (tertulis)"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target PK")
        verbose_name_plural = _("target PK")
        ordering = ["agreement", "order"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "order"], name="agreement_target_order"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_name}: {self.target_display}"

    @property
    def differs(self) -> bool:
        """The agreed target is not the plan's."""
        return (self.value, self.grade) != (self.plan_value, self.plan_grade)

    @property
    def target_display(self) -> str:
        return self.text or self.grade or display_number(self.value)

    @property
    def plan_display(self) -> str:
        return self.plan_text or self.plan_grade or display_number(self.plan_value)


class AgreementBudget(models.Model):
    """A line of a PK's budget table: a program (or kegiatan, sub kegiatan) and its agreed
    budget (anggaran), with the plan's figure beside it."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("PK")
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    node = models.ForeignKey(
        PlanNode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreement_budgets",
        verbose_name=_("simpul rencana"),
    )
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    code = models.CharField(_("kode"), max_length=40)
    name = models.TextField(_("program/kegiatan/sub kegiatan"))
    plan_amount = models.DecimalField(_("anggaran rencana (Rp)"), **MONEY)
    amount = models.DecimalField(_("anggaran PK (Rp)"), **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("anggaran PK")
        verbose_name_plural = _("anggaran PK")
        ordering = ["agreement", "order"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "order"], name="agreement_budget_order"),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="agreement_budget_not_negative",
                violation_error_message=_("Anggaran tidak boleh negatif."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def differs(self) -> bool:
        return self.amount != self.plan_amount


class ActionPlanTarget(models.Model):
    """A quarter's target of a PK indicator (target triwulan Rencana Aksi): what the office
    plans to have reached in that quarter, against which the quarter's realisation is judged."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="action_plan_targets",
        verbose_name=_("indikator"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(
        _("triwulan"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    value = models.DecimalField(_("target triwulan"), **VALUE, null=True, blank=True)
    grade = models.CharField(
        _("target triwulan (huruf)"),
        max_length=4,
        blank=True,
        choices=[(grade, grade) for grade in GRADE_RANK],
    )
    version = models.PositiveIntegerField(_("versi"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diubah oleh"),
    )
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("target rencana aksi")
        verbose_name_plural = _("target rencana aksi")
        ordering = ["indicator", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"], name="action_plan_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="action_plan_quarter_valid",
                violation_error_message=_("Triwulan harus 1 sampai 4."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} TW {self.quarter}: {self.display_value()}"

    def display_value(self) -> str:
        return self.grade or display_number(self.value)


class IndicatorDefinition(models.Model):
    """What the indicator definition sheet (lembar definisi indikator) adds to an indicator:
    its data source and measuring frequency. The definition, formula, polarity and unit are the
    indicator's own fields (cascading.Indicator, cascading.PlanNode.unit).

    The sheet's page (performance/definition_views.py) writes the indicator's fields with the
    sheet's: `version` guards the whole sheet against a stale save, and each save leaves one
    history row naming the changed fields."""

    indicator = models.OneToOneField(
        Indicator,
        on_delete=models.CASCADE,
        related_name="definition_sheet",
        verbose_name=_("indikator"),
    )
    data_source = models.CharField(
        _("sumber data"),
        max_length=300,
        blank=True,
        help_text=_("Mis. laporan bidang, aplikasi SIKS-NG, DTKS."),
    )
    frequency = models.CharField(
        _("frekuensi pengukuran"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.QUARTERLY,
    )
    reason = models.TextField(
        _("alasan pemilihan indikator"), blank=True, help_text=_("Untuk dokumen IKU.")
    )
    version = models.PositiveIntegerField(_("versi"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diubah oleh"),
    )
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("definisi indikator")
        verbose_name_plural = _("definisi indikator")
        ordering = ["indicator__node__code_key", "indicator__order"]

    def __str__(self) -> str:
        return str(self.indicator)

    def display_value(self) -> str:
        """The sheet's own fields in a line, for the message of an edit conflict."""
        return _("sumber data %(source)s, frekuensi %(frequency)s") % {
            "source": self.data_source or "-",
            "frequency": self.get_frequency_display(),
        }
