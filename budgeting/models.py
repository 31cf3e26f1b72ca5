from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cascading.choices import Level
from cascading.models import PlanNode, WorkflowRecord
from cascading.workflow import Scope
from renstra.numbers import format_decimal

MONEY = {"max_digits": 18, "decimal_places": 2}


class FundingSource(models.Model):
    """A source of funds (sumber dana), e.g. APBD Kota, DAK."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)

    class Meta:
        verbose_name = _("sumber dana")
        verbose_name_plural = _("sumber dana")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Pagu(models.Model):
    """The budget ceiling (pagu indikatif) of a sub kegiatan for one year and source of funds."""

    node = models.ForeignKey(
        PlanNode,
        on_delete=models.CASCADE,
        related_name="pagu",
        verbose_name=_("sub kegiatan"),
        limit_choices_to={"level": Level.SUB_KEGIATAN},
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="pagu", verbose_name=_("sumber dana")
    )
    amount = models.DecimalField(_("pagu (Rp)"), **MONEY, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("pagu")
        verbose_name_plural = _("pagu")
        ordering = ["node__code_key", "year"]
        constraints = [
            models.UniqueConstraint(fields=["node", "year", "source"], name="pagu_unique"),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="pagu_not_negative",
                violation_error_message=_("Pagu tidak boleh negatif."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node.code} {self.year}: {self.amount}"

    def clean(self) -> None:
        if self.node_id and self.node.level != Level.SUB_KEGIATAN:
            raise ValidationError({"node": _("Pagu dicatat pada tingkat sub kegiatan.")})


class StatedPagu(models.Model):
    """A Rupiah figure as the plan document prints it for a node (per year, or end of period).

    Kept to check the document against the sums of its sub kegiatan, never used as a total.
    """

    node = models.ForeignKey(
        PlanNode, on_delete=models.CASCADE, related_name="stated_pagu", verbose_name=_("simpul")
    )
    year = models.PositiveSmallIntegerField(
        _("tahun"), null=True, blank=True, help_text=_("Kosong: kolom akhir periode Renstra.")
    )
    amount = models.DecimalField(_("nilai tertulis (Rp)"), **MONEY)

    class Meta:
        verbose_name = _("pagu tertulis di dokumen")
        verbose_name_plural = _("pagu tertulis di dokumen")
        ordering = ["node__code_key", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "year"],
                condition=Q(year__isnull=False),
                name="stated_pagu_one_per_year",
                violation_error_message=_("Pagu tertulis untuk simpul dan tahun ini sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["node"],
                condition=Q(year__isnull=True),
                name="stated_pagu_one_period_total",
                violation_error_message=_(
                    "Pagu tertulis akhir periode untuk simpul ini sudah ada."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="stated_pagu_not_negative",
                violation_error_message=_("Pagu tertulis tidak boleh negatif."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node.code} {self.year or _('akhir periode')}: {self.amount}"


class BudgetRealisation(WorkflowRecord):
    """Money spent (realisasi anggaran) by a sub kegiatan in one quarter, with its workflow."""

    node = models.ForeignKey(
        PlanNode,
        on_delete=models.CASCADE,
        related_name="budget_realisations",
        verbose_name=_("sub kegiatan"),
        limit_choices_to={"level": Level.SUB_KEGIATAN},
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(
        _("triwulan"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    amount = models.DecimalField(
        _("realisasi anggaran (Rp)"), **MONEY, validators=[MinValueValidator(0)]
    )
    note = models.TextField(_("catatan"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    # For cascading.workflow: what to load with a locked row, and which fields hold the number.
    workflow_related = ("node",)
    workflow_value_fields = ("amount",)

    class Meta:
        verbose_name = _("realisasi anggaran triwulan")
        verbose_name_plural = _("realisasi anggaran triwulan")
        ordering = ["node__code_key", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "year", "quarter"], name="budget_realisation_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="budget_realisation_quarter_valid",
                violation_error_message=_("Triwulan harus 1 sampai 4."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="budget_realisation_not_negative",
                violation_error_message=_("Realisasi anggaran tidak boleh negatif."),
            ),
        ]

    def __str__(self) -> str:
        return _("Anggaran %(code)s tahun %(year)s triwulan %(quarter)s") % {
            "code": self.node.code,
            "year": self.year,
            "quarter": self.quarter,
        }

    def workflow_scope(self) -> Scope:
        return Scope(self.node.organisation_id, self.node.unit_id, self.year, self.quarter)

    def display_value(self) -> str:
        return "Rp " + format_decimal(self.amount, places=2)

    def clean(self) -> None:
        if self.node_id and self.node.level != Level.SUB_KEGIATAN:
            raise ValidationError({"node": _("Realisasi anggaran dicatat pada sub kegiatan.")})
