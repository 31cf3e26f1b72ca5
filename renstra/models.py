from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    """A regional government office (Perangkat Daerah / OPD), e.g. Dinas Sosial."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama perangkat daerah"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=100)
    government = models.CharField(
        _("pemerintah daerah"), max_length=200, help_text=_("Mis. Pemerintah Kota Palangka Raya.")
    )
    address = models.TextField(_("alamat"), blank=True)
    email = models.CharField(_("email"), max_length=200, blank=True)
    city = models.CharField(
        _("tempat penandatanganan"), max_length=100, help_text=_("Mis. Palangka Raya.")
    )
    head_title = models.CharField(_("jabatan kepala"), max_length=200)
    head_name = models.CharField(_("nama kepala"), max_length=200)
    head_rank = models.CharField(_("pangkat/golongan kepala"), max_length=100, blank=True)
    head_nip = models.CharField(_("NIP kepala"), max_length=30, blank=True)
    demo_data = models.BooleanField(
        _("berisi data contoh"),
        default=False,
        help_text=_(
            "Diisi perintah seed_demo_realisations: realisasinya contoh, bukan data resmi. "
            "Selama ada, setiap halaman menampilkan tanda DATA CONTOH."
        ),
    )

    class Meta:
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """An organisational unit of an office: a Sekretariat or a Bidang, which owns indicators, or
    one of their Subbagian / Seksi (a sub-unit, under its `parent`), which signs its own
    Perjanjian Kinerja with the head of its parent but owns no indicators of the plan."""

    class Kind(models.TextChoices):
        SECRETARIAT = "sekretariat", _("Sekretariat")
        DIVISION = "bidang", _("Bidang")
        SUBDIVISION = "subbagian", _("Subbagian")
        SECTION = "seksi", _("Seksi / subkoordinator")

    SUB_KINDS = (Kind.SUBDIVISION, Kind.SECTION)

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="units",
        verbose_name=_("perangkat daerah"),
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama unit"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("unit induk"),
        help_text=_("Hanya untuk subbagian/seksi: sekretariat atau bidang yang membawahinya."),
    )
    head_title = models.CharField(_("jabatan kepala unit"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["organisation", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unit_code_unique"),
            models.CheckConstraint(
                condition=(Q(kind__in=["subbagian", "seksi"]) & Q(parent__isnull=False))
                | (Q(kind__in=["sekretariat", "bidang"]) & Q(parent__isnull=True)),
                name="unit_parent_only_for_sub_units",
                violation_error_message=_(
                    "Subbagian/seksi wajib punya unit induk; sekretariat dan bidang tidak."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_sub_unit(self) -> bool:
        return self.kind in self.SUB_KINDS

    def clean(self) -> None:
        parent = self.parent  # the unit assigned, also one not saved yet (an import's preview)
        if self.is_sub_unit and parent is None:
            raise ValidationError({"parent": _("Pilih unit induk untuk subbagian/seksi.")})
        if not self.is_sub_unit and parent is not None:
            raise ValidationError({"parent": _("Unit induk diisi hanya untuk subbagian/seksi.")})
        if parent is not None:
            if parent.organisation_id != self.organisation_id:
                raise ValidationError(
                    {"parent": _("Unit induk harus milik perangkat daerah yang sama.")}
                )
            if parent.is_sub_unit:
                raise ValidationError({"parent": _("Unit induk harus sekretariat atau bidang.")})


class RenstraPeriod(models.Model):
    """A strategic-plan period (periode Renstra) of one office, e.g. 2024-2026."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Rancangan")
        ACTIVE = "active", _("Berjalan")
        CLOSED = "closed", _("Selesai")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="periods",
        verbose_name=_("perangkat daerah"),
    )
    name = models.CharField(_("nama"), max_length=200)
    start_year = models.PositiveSmallIntegerField(
        _("tahun awal"), validators=[MinValueValidator(2000)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("tahun akhir"), validators=[MinValueValidator(2000)]
    )
    baseline_year = models.PositiveSmallIntegerField(_("tahun kondisi awal"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)

    class Meta:
        verbose_name = _("periode Renstra")
        verbose_name_plural = _("periode Renstra")
        ordering = ["organisation", "-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="period_years_ordered",
                violation_error_message=_(
                    "Tahun akhir periode harus sama dengan atau sesudah tahun awal."
                ),
            ),
            models.UniqueConstraint(
                fields=["organisation", "start_year", "end_year"], name="period_unique"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="active"),
                name="period_one_active_per_organisation",
                violation_error_message=_(
                    "Perangkat daerah ini sudah punya periode Renstra yang aktif; "
                    "hanya satu periode boleh aktif."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_year}-{self.end_year})"

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class Band(models.Model):
    """A band of a configurable scale: a value at or above (or strictly above) `lower` gets `label`.

    The band with no lower bound catches everything below the others.
    """

    lower = models.DecimalField(
        _("batas bawah"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Kosongkan untuk kategori terbawah."),
    )
    inclusive = models.BooleanField(
        _("termasuk batas bawah"),
        default=False,
        help_text=_(
            "Dicentang: nilai sama dengan batas bawah masuk kategori ini (>=). "
            "Tidak dicentang: harus lebih besar (>)."
        ),
    )
    label = models.CharField(_("kategori"), max_length=100)
    colour = models.CharField(_("warna"), max_length=20, blank=True)

    class Meta:
        abstract = True
        ordering = [F("lower").desc(nulls_last=True)]

    def __str__(self) -> str:
        if self.lower is None:
            return self.label
        op = ">=" if self.inclusive else ">"
        return f"{self.label} ({op} {self.lower})"


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    PLANNER = "perencana", _("Perencana (semua bidang)")
    OPERATOR = "operator", _("Operator bidang")
    HEAD = "pimpinan", _("Pimpinan (verifikasi)")
    REVIEWER = "peninjau", _("Peninjau (hanya baca)")
    BAPPEDA = "bappeda", _("Bappeda (seluruh perangkat daerah)")


# Roles that may (reviewers, administrators) or must (Bappeda) work without an office.
CITY_ROLES = (Role.ADMIN, Role.REVIEWER, Role.BAPPEDA)


class Membership(models.Model):
    """A user's role (peran pengguna) in an office, and for unit operators their Bidang.

    An administrator or reviewer without an office works across every office of the city;
    Bappeda always does: it reads every office and writes only the city's own objects (the RPJMD,
    the reporting schedule, its reviews).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("pengguna"),
    )
    role = models.CharField(_("peran"), max_length=12, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("perangkat daerah"),
        help_text=_(
            "Kosongkan untuk administrator atau peninjau tingkat kota; selalu kosong untuk Bappeda."
        ),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("unit kerja"),
        help_text=_(
            "Wajib untuk operator; untuk pimpinan bidang membatasi verifikasi ke bidangnya."
        ),
    )

    class Meta:
        verbose_name = _("peran pengguna")
        verbose_name_plural = _("peran pengguna")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="operator") | Q(unit__isnull=False),
                name="membership_operator_has_unit",
                violation_error_message=_("Operator wajib punya unit kerja."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["admin", "peninjau", "bappeda"])
                | Q(organisation__isnull=False),
                name="membership_office_roles_have_office",
                violation_error_message=_("Peran ini wajib punya perangkat daerah."),
            ),
            models.CheckConstraint(
                condition=~Q(role="bappeda") | Q(organisation__isnull=True, unit__isnull=True),
                name="membership_bappeda_city_wide",
                violation_error_message=_(
                    "Bappeda bekerja untuk seluruh kota: kosongkan perangkat daerah dan unit."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"

    def clean(self) -> None:
        if self.role == Role.OPERATOR and not self.unit_id:
            raise ValidationError({"unit": _("Operator harus memiliki unit kerja.")})
        if self.role not in CITY_ROLES and not self.organisation_id:
            raise ValidationError({"organisation": _("Peran ini harus terikat perangkat daerah.")})
        if self.role == Role.BAPPEDA and (self.organisation_id or self.unit_id):
            raise ValidationError(
                {
                    "organisation": _(
                        "Bappeda bekerja untuk seluruh kota: kosongkan perangkat daerah dan unit."
                    )
                }
            )
        if self.unit_id and self.unit.organisation_id != self.organisation_id:
            raise ValidationError({"unit": _("Unit harus milik perangkat daerah yang sama.")})
        if self.unit_id and self.unit.is_sub_unit:
            raise ValidationError(
                {
                    "unit": _(
                        "Pilih sekretariat atau bidang: subbagian/seksi tidak memiliki "
                        "indikator sendiri untuk diisi atau diverifikasi."
                    )
                }
            )


class PeriodLock(models.Model):
    """A lock (kunci periode) on a year, or on one quarter of it, for one office."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="locks",
        verbose_name=_("perangkat daerah"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(
        _("triwulan"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("Kosongkan untuk mengunci seluruh tahun."),
    )
    reason = models.TextField(_("alasan"), blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("dikunci oleh"),
    )
    locked_at = models.DateTimeField(_("dikunci pada"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kunci periode")
        verbose_name_plural = _("kunci periode")
        ordering = ["organisation", "-year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "quarter"],
                condition=Q(quarter__isnull=False),
                name="lock_quarter_unique",
                violation_error_message=_(
                    "Triwulan ini sudah dikunci untuk perangkat daerah dan tahun yang sama."
                ),
            ),
            models.UniqueConstraint(
                fields=["organisation", "year"],
                condition=Q(quarter__isnull=True),
                name="lock_year_unique",
                violation_error_message=_(
                    "Tahun ini sudah dikunci untuk perangkat daerah yang sama."
                ),
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="lock_quarter_valid",
                violation_error_message=_("Triwulan harus 1 sampai 4."),
            ),
        ]

    def __str__(self) -> str:
        if self.quarter:
            return _("%(year)s triwulan %(quarter)s") % {"year": self.year, "quarter": self.quarter}
        return str(self.year)

    @property
    def reason_sentence(self) -> str:
        """The reason as a sentence of a banner: trimmed and ending with a full stop."""
        reason = self.reason.strip()
        return reason if not reason or reason[-1] in ".!?" else f"{reason}."


class LockException(models.Model):
    """An exception (pengecualian kunci) letting one unit keep writing in a locked period."""

    lock = models.ForeignKey(
        PeriodLock,
        on_delete=models.CASCADE,
        related_name="exceptions",
        verbose_name=_("kunci"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="lock_exceptions", verbose_name=_("unit kerja")
    )
    reason = models.TextField(_("alasan"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("dibuka oleh"),
    )
    opened_at = models.DateTimeField(_("dibuka pada"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengecualian kunci")
        verbose_name_plural = _("pengecualian kunci")
        constraints = [
            models.UniqueConstraint(fields=["lock", "unit"], name="lock_exception_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.lock}: {self.unit}"

    def clean(self) -> None:
        if self.unit_id and self.lock_id and self.unit.organisation_id != self.lock.organisation_id:
            raise ValidationError({"unit": _("Unit harus milik perangkat daerah yang dikunci.")})
        if self.unit_id and self.unit.is_sub_unit:
            raise ValidationError(
                {
                    "unit": _(
                        "Pilih sekretariat atau bidang: subbagian/seksi tidak mengisi realisasi."
                    )
                }
            )
