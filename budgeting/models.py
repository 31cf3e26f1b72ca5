import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
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
    source = models.CharField(
        _("sumber"),
        max_length=255,
        blank=True,
        help_text=_("Kosong: diketik. Berkas impor dan tanggal s.d. bila dari berkas."),
    )
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


class BudgetKind(models.TextChoices):
    """The budget documents of a year after the Renstra, from the plan to the changed budget."""

    RENJA = "renja", _("Renja (pagu indikatif)")
    DPA = "dpa", _("DPA")
    PERGESERAN = "pergeseran", _("Pergeseran")
    DPPA = "dppa", _("DPPA")


# Of two versions in force from the same date, the later document wins.
KIND_RANK = {BudgetKind.RENJA: 0, BudgetKind.DPA: 1, BudgetKind.PERGESERAN: 2, BudgetKind.DPPA: 3}
SPENDABLE_KINDS = (BudgetKind.DPA, BudgetKind.PERGESERAN, BudgetKind.DPPA)
RENSTRA_KIND = "renstra"  # the Renstra's indicative pagu (`Pagu`), the fallback of every version


def version_label(kind: str, year: int, effective_date: datetime.date | None) -> str:
    """How a report names the budget it used: `DPA 2025, berlaku 02-01-2025`, `Renstra 2025
    (pagu indikatif)`."""
    if kind == RENSTRA_KIND:
        return gettext("Renstra %(year)s (pagu indikatif)") % {"year": year}
    return gettext("%(kind)s %(year)s, berlaku %(date)s") % {
        "kind": BudgetKind(kind).label,
        "year": year,
        "date": effective_date.strftime("%d-%m-%Y"),
    }


class BudgetVersion(models.Model):
    """One budget document of an office for a year (Renja, DPA, pergeseran, DPPA), in force from
    `effective_date`; its figures are its lines. The Renstra's indicative figure is `Pagu`."""

    organisation = models.ForeignKey(
        "renstra.Organisation",
        on_delete=models.CASCADE,
        related_name="budget_versions",
        verbose_name=_("perangkat daerah"),
    )
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    kind = models.CharField(_("jenis"), max_length=12, choices=BudgetKind.choices)
    effective_date = models.DateField(_("berlaku mulai"))
    source = models.CharField(_("sumber"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("versi anggaran")
        verbose_name_plural = _("versi anggaran")
        ordering = ["organisation", "year", "effective_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "kind", "effective_date"],
                name="budget_version_unique",
                violation_error_message=_(
                    "Versi anggaran dengan jenis dan tanggal berlaku ini sudah ada."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return version_label(self.kind, self.year, self.effective_date)

    def clean(self) -> None:
        if self.kind != BudgetKind.RENJA and self.effective_date.year != self.year:
            raise ValidationError(
                {"effective_date": _("Tanggal berlaku harus di dalam tahun anggaran.")}
            )


class BudgetLine(models.Model):
    """A figure of a budget version: a sub kegiatan's amount, per account (kode rekening belanja)
    when the document lists accounts (`account` empty: the sub kegiatan as a whole). A Renja line
    also holds the prakiraan maju for the year after."""

    version = models.ForeignKey(
        BudgetVersion, on_delete=models.CASCADE, related_name="lines", verbose_name=_("versi")
    )
    node = models.ForeignKey(
        PlanNode,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("sub kegiatan"),
        limit_choices_to={"level": Level.SUB_KEGIATAN},
    )
    account = models.CharField(_("kode rekening"), max_length=40, blank=True)
    account_name = models.CharField(_("uraian rekening"), max_length=255, blank=True)
    amount = models.DecimalField(_("anggaran (Rp)"), **MONEY, validators=[MinValueValidator(0)])
    next_amount = models.DecimalField(
        _("prakiraan maju (Rp)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("rincian anggaran")
        verbose_name_plural = _("rincian anggaran")
        ordering = ["version", "node__code_key", "account"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "node", "account"], name="budget_line_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & (Q(next_amount__isnull=True) | Q(next_amount__gte=0)),
                name="budget_line_not_negative",
                violation_error_message=_("Anggaran tidak boleh negatif."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node.code} {self.account}: {self.amount}"


class RealisationAccount(models.Model):
    """Spending of a sub kegiatan on one account, cumulative to `as_of`, as a realisation file
    reports it (SIPD-RI, SIMDA); the quarters' `BudgetRealisation` are summed from these."""

    node = models.ForeignKey(
        PlanNode,
        on_delete=models.CASCADE,
        related_name="realisation_accounts",
        verbose_name=_("sub kegiatan"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    account = models.CharField(_("kode rekening"), max_length=40, blank=True)
    as_of = models.DateField(_("s.d. tanggal"))
    amount = models.DecimalField(_("realisasi kumulatif (Rp)"), **MONEY)
    source = models.CharField(_("sumber"), max_length=255)

    class Meta:
        verbose_name = _("realisasi per rekening")
        verbose_name_plural = _("realisasi per rekening")
        ordering = ["node__code_key", "year", "as_of", "account"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "year", "as_of", "account"], name="realisation_account_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node.code} {self.account} s.d. {self.as_of}: {self.amount}"


class ColumnProfile(models.Model):
    """A named column mapping of an office's budget or realisation files (field -> header), saved
    from the import page and offered next time."""

    organisation = models.ForeignKey(
        "renstra.Organisation",
        on_delete=models.CASCADE,
        related_name="column_profiles",
        verbose_name=_("perangkat daerah"),
    )
    name = models.CharField(_("nama profil"), max_length=80)
    columns = models.JSONField(_("pemetaan kolom"), default=dict)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("profil kolom impor")
        verbose_name_plural = _("profil kolom impor")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="column_profile_unique",
                violation_error_message=_("Profil dengan nama ini sudah ada."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
