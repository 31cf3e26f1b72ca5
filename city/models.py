"""The city's own objects, written by Bappeda: the RPJMD (or RPD) layer above the offices'
plans: Tujuan and Sasaran Pemda, their indicators (IKU Pemda) with yearly targets, and the link
from each office's Tujuan or Sasaran to the Sasaran Pemda it serves."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cascading.choices import Level, Polarity
from cascading.models import VALUE, Indicator, PlanNode


class Rpjmd(models.Model):
    """The city's medium-term plan (RPJMD, or RPD in a transition) for a period."""

    government = models.CharField(
        _("pemerintah daerah"), max_length=200, help_text=_("Mis. Pemerintah Kota Palangka Raya.")
    )
    name = models.CharField(_("nama"), max_length=200, help_text=_("Mis. RPD 2024-2026."))
    start_year = models.PositiveSmallIntegerField(
        _("tahun awal"), validators=[MinValueValidator(2000)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("tahun akhir"), validators=[MinValueValidator(2000)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("RPJMD")
        verbose_name_plural = _("RPJMD")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="rpjmd_years_ordered",
                violation_error_message=_(
                    "Tahun akhir periode harus sama dengan atau sesudah tahun awal."
                ),
            ),
            models.UniqueConstraint(
                fields=["government", "start_year", "end_year"],
                name="rpjmd_unique",
                violation_error_message=_("RPJMD periode ini sudah ada."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_year}-{self.end_year})"

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class PemdaGoal(models.Model):
    """A Tujuan Pemda, or a Sasaran Pemda under it, of an RPJMD."""

    class Kind(models.TextChoices):
        TUJUAN = "tujuan", _("Tujuan Pemda")
        SASARAN = "sasaran", _("Sasaran Pemda")

    rpjmd = models.ForeignKey(
        Rpjmd, on_delete=models.CASCADE, related_name="goals", verbose_name=_("RPJMD")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("tujuan pemda"),
        help_text=_("Wajib untuk sasaran: tujuan pemda yang dicapainya."),
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("nomor"), max_length=20, help_text=_("Mis. T1 atau T1.S3."))
    name = models.TextField(_("uraian"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tujuan/sasaran pemda")
        verbose_name_plural = _("tujuan/sasaran pemda")
        ordering = ["rpjmd", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["rpjmd", "code"],
                name="pemda_goal_code_unique",
                violation_error_message=_("Nomor ini sudah dipakai pada RPJMD yang sama."),
            ),
            models.CheckConstraint(
                condition=Q(kind="tujuan", parent__isnull=True)
                | Q(kind="sasaran", parent__isnull=False),
                name="pemda_goal_parent_by_kind",
                violation_error_message=_(
                    "Sasaran pemda wajib berada di bawah tujuan pemda; tujuan tidak punya induk."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        if self.parent_id and (
            self.parent.kind != self.Kind.TUJUAN or self.parent.rpjmd_id != self.rpjmd_id
        ):
            raise ValidationError(
                {"parent": _("Induk sasaran harus tujuan pemda dari RPJMD yang sama.")}
            )


class PemdaIndicator(models.Model):
    """An indicator of a Sasaran Pemda (IKU Pemda).

    Its realisation is computed from the office indicators linked to it (the mean of their
    capaian) when it has any, else Bappeda enters it per year (`PemdaRealisation`).
    """

    goal = models.ForeignKey(
        PemdaGoal,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("sasaran pemda"),
        limit_choices_to={"kind": PemdaGoal.Kind.SASARAN},
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    name = models.TextField(_("nama indikator"))
    satuan = models.CharField(_("satuan"), max_length=50, blank=True)
    polarity = models.CharField(
        _("polaritas"),
        max_length=10,
        choices=[
            (Polarity.POSITIVE.value, Polarity.POSITIVE.label),
            (Polarity.NEGATIVE.value, Polarity.NEGATIVE.label),
        ],
        default=Polarity.POSITIVE,
    )
    office_indicators = models.ManyToManyField(
        Indicator,
        blank=True,
        related_name="pemda_indicators",
        verbose_name=_("indikator perangkat daerah"),
        help_text=_(
            "Indikator perangkat daerah yang membentuk indikator ini: capaiannya rata-rata "
            "capaian mereka. Kosongkan bila Bappeda mengisi realisasinya sendiri."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikator kinerja utama pemda")
        verbose_name_plural = _("indikator kinerja utama pemda")
        ordering = ["goal", "order"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.goal_id and self.goal.kind != PemdaGoal.Kind.SASARAN:
            raise ValidationError({"goal": _("Indikator pemda melekat pada sasaran pemda.")})


class PemdaTarget(models.Model):
    """A yearly target of an IKU Pemda."""

    indicator = models.ForeignKey(
        PemdaIndicator,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("indikator"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    value = models.DecimalField(_("target"), **VALUE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target IKU pemda")
        verbose_name_plural = _("target IKU pemda")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="pemda_target_unique",
                violation_error_message=_("Target tahun ini sudah ada."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}"


class PemdaRealisation(models.Model):
    """A year's realisation of an IKU Pemda entered by Bappeda (for an indicator that no office
    indicator defines)."""

    indicator = models.ForeignKey(
        PemdaIndicator,
        on_delete=models.CASCADE,
        related_name="realisations",
        verbose_name=_("indikator"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    value = models.DecimalField(_("realisasi"), **VALUE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("diisi oleh"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("realisasi IKU pemda")
        verbose_name_plural = _("realisasi IKU pemda")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="pemda_realisation_unique",
                violation_error_message=_("Realisasi tahun ini sudah ada."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}"


class GoalLink(models.Model):
    """The Sasaran Pemda an office's Tujuan or Sasaran serves (Tabel 6.1's first column)."""

    node = models.OneToOneField(
        PlanNode,
        on_delete=models.CASCADE,
        related_name="pemda_link",
        verbose_name=_("tujuan/sasaran perangkat daerah"),
        limit_choices_to={"level__in": [Level.TUJUAN, Level.SASARAN]},
    )
    goal = models.ForeignKey(
        PemdaGoal,
        on_delete=models.PROTECT,
        related_name="office_links",
        verbose_name=_("sasaran pemda"),
        limit_choices_to={"kind": PemdaGoal.Kind.SASARAN},
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("keterkaitan dengan sasaran pemda")
        verbose_name_plural = _("keterkaitan dengan sasaran pemda")

    def __str__(self) -> str:
        return f"{self.node} → {self.goal}"

    def clean(self) -> None:
        if self.node_id and self.node.level not in (Level.TUJUAN, Level.SASARAN):
            raise ValidationError({"node": _("Hanya tujuan atau sasaran yang dikaitkan.")})
        if self.goal_id and self.goal.kind != PemdaGoal.Kind.SASARAN:
            raise ValidationError({"goal": _("Kaitkan dengan sasaran pemda, bukan tujuan.")})


class Schedule(models.Model):
    """The reporting schedule (jadwal) of a quarter, set by Bappeda for every office: the last
    day to enter values, to verify them, and for Bappeda's review of the evaluasi Renja.

    The quarter locks itself for every office the day after `verify_due` (a PeriodLock made by
    `send_reminders`, to which an administrator can add a unit's exception as to any lock).
    """

    year = models.PositiveSmallIntegerField(_("tahun"), validators=[MinValueValidator(2000)])
    quarter = models.PositiveSmallIntegerField(
        _("triwulan"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    entry_due = models.DateField(_("batas pengisian"))
    verify_due = models.DateField(_("batas verifikasi"))
    review_due = models.DateField(_("batas penelaahan Bappeda"))
    remind_days = models.PositiveSmallIntegerField(
        _("pengingat (hari sebelum batas)"),
        default=7,
        validators=[MaxValueValidator(60)],
        help_text=_("Pengingat dikirim mulai sekian hari sebelum batas waktu."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jadwal pelaporan")
        verbose_name_plural = _("jadwal pelaporan")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter"],
                name="schedule_quarter_unique",
                violation_error_message=_("Jadwal triwulan ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="schedule_quarter_valid",
                violation_error_message=_("Triwulan harus 1 sampai 4."),
            ),
            models.CheckConstraint(
                condition=Q(verify_due__gte=F("entry_due"), review_due__gte=F("verify_due")),
                name="schedule_dates_ordered",
                violation_error_message=_(
                    "Urutan batas waktu: pengisian, lalu verifikasi, lalu penelaahan Bappeda."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("Jadwal %(year)s TW %(quarter)s") % {"year": self.year, "quarter": self.quarter}


class SentReminder(models.Model):
    """A reminder sent (pengingat terkirim): one per kind, schedule and user, so a daily run
    sends each once per due window; and the automatic locks applied, one per office."""

    class Kind(models.TextChoices):
        ENTRY = "entry", _("Operator: baris kosong atau dikembalikan")
        VERIFY = "verify", _("Pimpinan: entri menunggu verifikasi")
        BEHIND = "behind", _("Bappeda: perangkat daerah tertinggal")
        LOCK = "lock", _("Kunci otomatis sesudah batas verifikasi")

    schedule = models.ForeignKey(
        Schedule, on_delete=models.CASCADE, related_name="sent", verbose_name=_("jadwal")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penerima"),
    )
    organisation = models.ForeignKey(
        "renstra.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("perangkat daerah"),
    )
    email = models.CharField(_("alamat email"), max_length=254, blank=True)
    subject = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"))
    sent_at = models.DateTimeField(_("dikirim pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "kind", "user"],
                condition=Q(user__isnull=False),
                name="reminder_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["schedule", "kind", "organisation"],
                condition=Q(user__isnull=True),
                name="reminder_once_per_office",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schedule} {self.get_kind_display()} {self.user or self.organisation}"


class QuarterReview(models.Model):
    """Bappeda's review (telaah) of an office's evaluasi Renja for a quarter: received, reviewed
    or returned with a note; the office sees it on its home page."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Diterima")
        REVIEWED = "reviewed", _("Ditelaah")
        RETURNED = "returned", _("Dikembalikan")

    organisation = models.ForeignKey(
        "renstra.Organisation",
        on_delete=models.CASCADE,
        related_name="quarter_reviews",
        verbose_name=_("perangkat daerah"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(
        _("triwulan"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    note = models.TextField(_("catatan"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("penelaah"),
    )
    reviewed_at = models.DateTimeField(_("ditelaah pada"), auto_now=True)
    version = models.PositiveIntegerField(_("versi"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("telaah evaluasi Renja")
        verbose_name_plural = _("telaah evaluasi Renja")
        ordering = ["organisation", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "quarter"],
                name="quarter_review_unique",
                violation_error_message=_("Telaah triwulan ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="quarter_review_quarter_valid",
                violation_error_message=_("Triwulan harus 1 sampai 4."),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(note=""),
                name="quarter_review_returned_has_note",
                violation_error_message=_("Pengembalian wajib disertai catatan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year} TW {self.quarter}: {self.get_status_display()}"

    def display_value(self) -> str:
        """The review as the conflict message quotes it: its note (its status follows)."""
        return f"«{self.note}»" if self.note else "-"


class PublicPage(models.Model):
    """The city's public page settings (halaman publik): off until Bappeda turns it on. One row
    for the city."""

    enabled = models.BooleanField(_("tampilkan halaman publik"), default=False)
    title = models.CharField(
        _("judul"), max_length=200, blank=True, help_text=_("Mis. Kinerja Perangkat Daerah Kota.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("diubah oleh"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("halaman publik")
        verbose_name_plural = _("halaman publik")

    def __str__(self) -> str:
        return self.title or str(_("Halaman publik"))
