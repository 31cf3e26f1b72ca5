from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renstra.models import Band, Organisation, RenstraPeriod, Unit
from renstra.numbers import display_number

from .choices import (
    GRADE_RANK,
    Aggregation,
    Level,
    NoteKind,
    PeriodRule,
    Polarity,
    Status,
    ValueKind,
)
from .codes import code_key
from .validators import validate_evidence_file
from .workflow import Scope

VALUE = {"max_digits": 20, "decimal_places": 4}


class PlanNode(models.Model):
    """A node of the plan cascade: Tujuan, Sasaran, Program, Kegiatan or Sub Kegiatan.

    The parent is always one level up; the database refuses anything else (see migration 0002).
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="plan_nodes",
        verbose_name=_("perangkat daerah"),
    )
    period = models.ForeignKey(
        RenstraPeriod, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("periode")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    code = models.CharField(
        _("kode"),
        max_length=40,
        help_text=_(
            "Kode nomenklatur (mis. 1.06.01.2.01.01 atau 1.06.01.2.01.0001); "
            "Tujuan dan Sasaran memakai kode singkat seperti T1 dan T1.S1."
        ),
    )
    code_key = models.CharField(_("kunci urut kode"), max_length=80, editable=False)
    name = models.TextField(_("nama"))
    sasaran = models.TextField(
        _("pernyataan sasaran"),
        blank=True,
        help_text=_("Sasaran program/kegiatan/sub kegiatan (Cascading Kinerja, Bab IV)."),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_nodes",
        verbose_name=_("unit penanggung jawab"),
    )
    unit_label = models.CharField(
        _("penanggung jawab (tertulis)"),
        max_length=200,
        blank=True,
        help_text=_("Teks kolom unit penanggung jawab sebagaimana tertulis di dokumen."),
    )
    sub_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_nodes",
        verbose_name=_("pelaksana (subbagian/seksi)"),
        help_text=_(
            "Hanya untuk kegiatan dan sub kegiatan: subbagian/seksi di bawah unit penanggung "
            "jawab yang melaksanakannya dan memuatnya dalam Perjanjian Kinerjanya."
        ),
    )

    class Meta:
        verbose_name = _("simpul cascading")
        verbose_name_plural = _("simpul cascading")
        ordering = ["period", "code_key"]
        constraints = [
            models.UniqueConstraint(fields=["period", "code_key"], name="node_code_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=Level.TUJUAN, level__lte=Level.SUB_KEGIATAN),
                name="node_level_valid",
                violation_error_message=_("Tingkat simpul harus antara Tujuan dan Sub Kegiatan."),
            ),
            models.CheckConstraint(
                condition=Q(level=Level.TUJUAN, parent__isnull=True)
                | Q(level__gt=Level.TUJUAN, parent__isnull=False),
                name="node_parent_required_below_tujuan",
                violation_error_message=_(
                    "Tujuan tidak punya induk; setiap tingkat di bawah Tujuan wajib punya induk."
                ),
            ),
        ]
        indexes = [models.Index(fields=["period", "level"], name="node_period_level")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.code_key = code_key(self.code)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        key = None
        try:
            key = code_key(self.code)
        except ValueError:
            errors["code"] = _("Kode tidak valid: gunakan segmen angka atau huruf dipisah titik.")
        if self.parent_id:
            parent = self.parent
            if self.level is not None and parent.level != self.level - 1:
                errors["parent"] = _("Induk %(name)s harus berada satu tingkat di atasnya.") % {
                    "name": self.get_level_display()
                }
            if parent.period_id != self.period_id:
                errors["parent"] = _("Induk harus berada pada periode yang sama.")
        elif self.level and self.level != Level.TUJUAN:
            errors["parent"] = _("Selain Tujuan, setiap simpul harus memiliki induk.")
        if self.period_id and self.period.organisation_id != self.organisation_id:
            errors["period"] = _("Periode milik perangkat daerah lain.")
        if self.unit_id and self.unit.organisation_id != self.organisation_id:
            errors["unit"] = _("Unit milik perangkat daerah lain.")
        elif self.unit_id and self.unit.is_sub_unit:
            errors["unit"] = _(
                "Subbagian/seksi tidak memiliki indikator rencana; pilih sekretariat atau bidang "
                "dan isi subbagian/seksi sebagai pelaksana."
            )
        if self.sub_unit_id:
            errors.update(self._sub_unit_errors())
        others = PlanNode.objects.exclude(pk=self.pk)
        if (
            key
            and self.period_id
            and others.filter(period_id=self.period_id, code_key=key).exists()
        ):
            errors["code"] = _("Kode ini sudah dipakai simpul lain pada periode ini.")
        errors.update(self._moved_with_children())
        if errors:
            raise ValidationError(errors)

    def _sub_unit_errors(self) -> dict:
        """A pelaksana is a sub-unit of the node's own unit, for a kegiatan or sub kegiatan."""
        if self.level not in (Level.KEGIATAN, Level.SUB_KEGIATAN):
            return {"sub_unit": _("Pelaksana hanya untuk kegiatan dan sub kegiatan.")}
        if not self.sub_unit.is_sub_unit or self.sub_unit.parent_id != self.unit_id:
            return {
                "sub_unit": _(
                    "Pelaksana harus subbagian/seksi di bawah unit penanggung jawab simpul ini."
                )
            }
        return {}

    def _moved_with_children(self) -> dict:
        """A node with children keeps its level and period: the children would be left behind."""
        if self.pk is None:
            return {}
        stored = PlanNode.objects.filter(pk=self.pk).values("level", "period_id").first()
        if stored is None:
            return {}
        moved = [
            field
            for field, value in (("level", self.level), ("period", self.period_id))
            if stored["period_id" if field == "period" else field] != value
        ]
        if not moved or not self.children.exists():
            return {}
        message = _("Tidak dapat diubah karena simpul ini memiliki simpul turunan.")
        return dict.fromkeys(moved, message)


class Indicator(models.Model):
    """A performance indicator (indikator kinerja) of a plan node, with its unit and rules."""

    node = models.ForeignKey(
        PlanNode, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("simpul")
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    name = models.TextField(_("nama indikator"))
    satuan = models.CharField(_("satuan"), max_length=50, blank=True)
    value_kind = models.CharField(
        _("jenis nilai"), max_length=12, choices=ValueKind.choices, default=ValueKind.NUMBER
    )
    polarity = models.CharField(
        _("polaritas"), max_length=10, choices=Polarity.choices, default=Polarity.POSITIVE
    )
    aggregation = models.CharField(
        _("rekap triwulan ke tahun"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    period_rule = models.CharField(
        _("rekap tahun ke periode Renstra"),
        max_length=10,
        choices=PeriodRule.choices,
        default=PeriodRule.LEVEL,
        help_text=_(
            "Kumulatif: realisasi s/d tahun ini adalah jumlah realisasi tahunan. Tingkat: "
            "realisasi s/d tahun ini adalah realisasi tahun terakhir."
        ),
    )
    baseline_value = models.DecimalField(_("kondisi awal (angka)"), **VALUE, null=True, blank=True)
    baseline_text = models.CharField(_("kondisi awal (tertulis)"), max_length=100, blank=True)
    final_target_value = models.DecimalField(
        _("target akhir periode (angka)"), **VALUE, null=True, blank=True
    )
    final_target_text = models.CharField(
        _("target akhir periode (tertulis)"), max_length=100, blank=True
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("indikator periode sebelumnya"),
        help_text=_(
            "Indikator yang sama pada periode Renstra sebelumnya: realisasi tahun terakhirnya "
            "menjadi kondisi awal bila kondisi awal tidak tertulis."
        ),
    )
    is_iku = models.BooleanField(_("IKU"), default=False)
    is_ikk = models.BooleanField(_("IKK"), default=False)
    formula = models.TextField(_("formula"), blank=True)
    definition = models.TextField(_("manual indikator"), blank=True)
    plausible_min = models.DecimalField(
        _("batas wajar terendah"),
        **VALUE,
        null=True,
        blank=True,
        help_text=_(
            "Realisasi triwulan di bawah angka ini diminta konfirmasi dan catatan sebelum disimpan."
        ),
    )
    plausible_max = models.DecimalField(
        _("batas wajar tertinggi"),
        **VALUE,
        null=True,
        blank=True,
        help_text=_(
            "Realisasi triwulan di atas angka ini diminta konfirmasi dan catatan sebelum disimpan."
        ),
    )

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["node__period", "node__code_key", "order"]
        constraints = [
            models.UniqueConstraint(fields=["node", "order"], name="indicator_order_unique"),
            models.CheckConstraint(
                condition=Q(plausible_min__isnull=True)
                | Q(plausible_max__isnull=True)
                | Q(plausible_min__lte=models.F("plausible_max")),
                name="indicator_plausible_bounds_ordered",
                violation_error_message=_(
                    "Batas wajar tertinggi harus sama atau di atas batas wajar terendah."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.previous_id and self.node_id:
            previous_node = self.previous.node
            if (
                previous_node.organisation_id != self.node.organisation_id
                or previous_node.period.end_year >= self.node.period.start_year
            ):
                raise ValidationError(
                    {
                        "previous": _(
                            "Pilih indikator perangkat daerah yang sama dari periode Renstra "
                            "sebelumnya."
                        )
                    }
                )

    @property
    def code(self) -> str:
        """Stable reference: the node's code, with /n for a node's second and later indicators."""
        return self.node.code if self.order == 1 else f"{self.node.code}/{self.order}"


class IndicatorTarget(models.Model):
    """The target (target kinerja) of an indicator for one year, parsed and as written."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indikator")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    value = models.DecimalField(
        _("target"),
        **VALUE,
        null=True,
        blank=True,
        help_text=_("Kosong bila tidak ada target tahun ini (tertulis '-')."),
    )
    value_upper = models.DecimalField(
        _("batas atas rentang"),
        **VALUE,
        null=True,
        blank=True,
        help_text=_("Hanya untuk indikator berpolaritas rentang."),
    )
    grade = models.CharField(
        _("target nilai huruf"),
        max_length=4,
        blank=True,
        choices=[(grade, grade) for grade in GRADE_RANK],
    )
    text = models.CharField(_("target (tertulis)"), max_length=100, blank=True)
    reported_capaian = models.DecimalField(
        _("capaian tertulis di dokumen"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Nilai capaian (C) sebagaimana dicetak dokumen, untuk pembanding."),
    )

    class Meta:
        verbose_name = _("target tahunan")
        verbose_name_plural = _("target tahunan")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_one_per_year"),
            models.CheckConstraint(
                condition=Q(value_upper__isnull=True) | Q(value__lte=models.F("value_upper")),
                name="target_range_ordered",
                violation_error_message=_("Batas atas rentang harus sama atau di atas target."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.text or self.value}"


class WorkflowRecord(models.Model):
    """What every realised value carries through the workflow: status, who and when, version.

    Shared by indicator realisations and budget realisations (budgeting.BudgetRealisation);
    cascading.workflow moves them from draft to verified.
    """

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    return_comment = models.TextField(_("alasan pengembalian"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dientri oleh"),
    )
    created_at = models.DateTimeField(_("dientri pada"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diubah oleh"),
    )
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diverifikasi oleh"),
    )
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1)
    plausibility_warning = models.TextField(
        _("peringatan kewajaran"),
        blank=True,
        help_text=_(
            "Mengapa nilai ini tampak tidak wajar, saat pengisi mengonfirmasinya (dengan catatan)."
        ),
    )

    class Meta:
        abstract = True


class Realisation(WorkflowRecord):
    """The value an indicator reached in one quarter (realisasi triwulan), with its workflow."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="realisations",
        verbose_name=_("indikator"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(
        _("triwulan"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    value = models.DecimalField(_("realisasi"), **VALUE, null=True, blank=True)
    grade = models.CharField(
        _("realisasi nilai huruf"),
        max_length=4,
        blank=True,
        choices=[(grade, grade) for grade in GRADE_RANK],
    )
    note = models.TextField(_("catatan"), blank=True)
    evidence = models.FileField(
        _("bukti dukung"),
        upload_to="bukti/%Y/",
        blank=True,
        validators=[validate_evidence_file],
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    # For cascading.workflow: what to load with a locked row, and which fields hold the number.
    workflow_related = ("indicator__node",)
    workflow_value_fields = ("value", "grade")

    class Meta:
        verbose_name = _("realisasi triwulan")
        verbose_name_plural = _("realisasi triwulan")
        ordering = ["indicator", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"], name="realisation_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="realisation_quarter_valid",
                violation_error_message=_("Triwulan harus 1 sampai 4."),
            ),
        ]
        indexes = [models.Index(fields=["year", "quarter"], name="realisation_year_quarter")]

    def __str__(self) -> str:
        return _("%(code)s tahun %(year)s triwulan %(quarter)s") % {
            "code": self.indicator.code,
            "year": self.year,
            "quarter": self.quarter,
        }

    def workflow_scope(self) -> Scope:
        node = self.indicator.node
        return Scope(node.organisation_id, node.unit_id, self.year, self.quarter)

    def display_value(self) -> str:
        if self.grade:
            return self.grade
        return display_number(self.value)


class DataNote(models.Model):
    """A note on the source data (catatan data): a difference or error in the plan document."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="data_notes",
        verbose_name=_("perangkat daerah"),
    )
    period = models.ForeignKey(
        RenstraPeriod,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="data_notes",
        verbose_name=_("periode"),
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=NoteKind.choices)
    source = models.CharField(_("sumber"), max_length=100, help_text=_("Mis. Tabel 2.5."))
    subject = models.CharField(
        _("pokok"), max_length=200, help_text=_("Kode atau nama yang dimaksud.")
    )
    text = models.TextField(_("uraian"))

    class Meta:
        verbose_name = _("catatan data")
        verbose_name_plural = _("catatan data")
        ordering = ["organisation", "source", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "subject"], name="data_note_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.subject}"


class PredikatBand(Band):
    """A band of the predikat scale for capaian (Permendagri 86/2017 by default)."""

    class Meta(Band.Meta):
        verbose_name = _("kategori predikat")
        verbose_name_plural = _("kategori predikat")
        constraints = [
            models.UniqueConstraint(fields=["lower"], name="predikat_lower_unique"),
        ]
