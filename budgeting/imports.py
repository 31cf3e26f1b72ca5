"""Import of budget documents (Renja, DPA, pergeseran, DPPA) and realisation files (SIPD-RI,
SIMDA Keuangan) from .xlsx or .csv, per account or per sub kegiatan, with a column mapping.

One file is read, checked and written as a whole: the office's sub kegiatan, locks, existing
realisations and current budgets are read once per file, every row is checked in memory with
the entry sheet's rules, and the writes are bulk inserts/updates with bulk history rows in one
transaction. Nothing is written when any row is refused. The query count does not depend on the
number of rows.
"""

import datetime
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cascading.choices import Level, Status
from cascading.codes import code_key
from cascading.models import PlanNode
from cascading.workflow import EDITABLE, REASON_LENGTH
from renstra.imports import cells
from renstra.imports.workbook import (
    ImportFileError,
    RowError,
    Sheet,
    normalise_header,
    read_csv,
    read_workbook,
)
from renstra.models import Organisation
from renstra.permissions import entry_scope
from renstra.selectors import LockBook

from .models import (
    SPENDABLE_KINDS,
    BudgetKind,
    BudgetLine,
    BudgetRealisation,
    BudgetVersion,
    RealisationAccount,
)
from .selectors import current_budgets

REALISASI = "realisasi"
KINDS = (*BudgetKind.values, REALISASI)
FIELDS = ("kode", "rekening", "uraian", "anggaran", "prakiraan", "realisasi")
REQUIRED = {REALISASI: ("kode", "realisasi")}
BUDGET_REQUIRED = ("kode", "anggaran")

# Layouts that can be documented; the user maps any other file once and saves it as a profile.
SHIPPED_PROFILES = {
    "sipd-ri-realisasi": {
        "name": "SIPD-RI: realisasi per sub kegiatan",
        "columns": {
            "kode": "Kode Sub Kegiatan",
            "rekening": "Kode Rekening",
            "uraian": "Uraian",
            "anggaran": "Pagu",
            "realisasi": "Realisasi",
        },
    },
    "simda-lra": {
        "name": "SIMDA Keuangan: LRA",
        "columns": {
            "kode": "Kd_Sub_Keg",
            "rekening": "Kd_Rek",
            "uraian": "Nm_Rek",
            "anggaran": "Anggaran",
            "realisasi": "Realisasi s.d. Tanggal",
        },
    },
    "sipd-ri-dpa": {
        "name": "SIPD-RI: DPA/DPPA per rekening",
        "columns": {
            "kode": "Kode Sub Kegiatan",
            "rekening": "Kode Rekening",
            "uraian": "Uraian",
            "anggaran": "Pagu",
        },
    },
}


# Headers recognised without a mapping: the field's name, the shipped profiles' headers, and these.
ALIASES = {
    "kode": ("Kode", "Kode Sub Kegiatan", "Kode Subkegiatan"),
    "rekening": ("Kode Rekening", "Rekening"),
    "uraian": ("Uraian", "Nama Rekening"),
    "anggaran": ("Pagu", "Anggaran", "Pagu Indikatif", "Nilai"),
    "prakiraan": ("Prakiraan Maju", "Pagu Prakiraan Maju"),
    "realisasi": ("Realisasi", "Realisasi s.d. Tanggal"),
}


def header_candidates(name: str, columns: dict[str, str]) -> list[str]:
    """The headers a field is looked up by: the mapped one only, or the known ones."""
    if columns.get(name):
        return [columns[name]]
    known = [name, *ALIASES.get(name, ())]
    known += [
        profile["columns"][name]
        for profile in SHIPPED_PROFILES.values()
        if name in profile["columns"]
    ]
    return known


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def parse_columns(text: str) -> dict[str, str]:
    """`kode=Kode Sub Kegiatan,realisasi=Realisasi` -> {field: header}; ValueError on others."""
    columns = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, sep, header = part.partition("=")
        name = name.strip().lower()
        if not sep or name not in FIELDS or not header.strip():
            raise ValueError(
                _(
                    "Pemetaan kolom '%(part)s' tidak dikenal; bentuknya nama=JUDUL, nama salah "
                    "satu dari: %(fields)s."
                )
                % {"part": part.strip(), "fields": ", ".join(FIELDS)}
            )
        columns[name] = header.strip()
    return columns


def read_table(data: bytes, file_name: str) -> Sheet:
    """The first sheet with a header row of an .xlsx, or the rows of a .csv."""
    if file_name.lower().endswith(".csv"):
        return read_csv(data, file_name=file_name)
    for sheet in read_workbook(data, file_name=file_name):
        if sheet.headers:
            return sheet
    raise ImportFileError([RowError(_("Tidak ada baris judul kolom di berkas."))])


@dataclass
class NodeTotal:
    """What the file holds for one sub kegiatan."""

    node: PlanNode
    rows: list[int] = field(default_factory=list)
    amount: Decimal = Decimal("0.00")
    next_amount: Decimal | None = None
    accounts: dict[str, list] = field(default_factory=dict)  # account -> [name, amount, next]
    quarter_amount: Decimal | None = None  # realisation: what the dated quarter gets
    previous: Decimal | None = None  # realisation: what the quarter held before


@dataclass
class ImportPlan:
    """A checked file: the totals per sub kegiatan and every refusal, nothing written yet."""

    organisation: Organisation
    year: int
    kind: str
    as_of: datetime.date
    file_name: str
    headers: list[str]
    columns: dict[str, str]
    row_count: int
    totals: dict[int, NodeTotal]
    errors: list[RowError]
    written: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # read, check, write

    @property
    def source(self) -> str:
        text = _("%(file)s s.d. %(date)s") % {
            "file": self.file_name,
            "date": self.as_of.strftime("%d-%m-%Y"),
        }
        return text[:REASON_LENGTH]

    @property
    def quarter(self) -> int:
        return quarter_of(self.as_of)

    @property
    def ok(self) -> bool:
        return not self.errors

    def sums(self) -> dict[int, Decimal]:
        return {node_id: total.amount for node_id, total in self.totals.items()}


def _default_date(kind: str, year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def check_file(
    *,
    user,
    organisation: Organisation,
    year: int,
    kind: str,
    data: bytes,
    file_name: str,
    columns: dict[str, str] | None = None,
    as_of: datetime.date | None = None,
    lock: bool = False,
) -> ImportPlan:
    """Read and check a file (the preview); ImportFileError when it cannot be read at all.

    With `lock` (inside `import_file`'s transaction) the office's imports wait for each other and
    the quarter's existing rows are locked before they are compared."""
    if kind not in KINDS:
        raise ImportFileError(
            [RowError(_("Jenis impor '%(kind)s' tidak dikenal.") % {"kind": kind})]
        )
    started = time.perf_counter()
    sheet = read_table(data, file_name)
    read = time.perf_counter() - started
    columns = dict(columns or {})
    errors: list[RowError] = []
    if as_of is None:
        if kind in (REALISASI, BudgetKind.DPPA, BudgetKind.PERGESERAN):
            errors.append(RowError(_("Isi tanggal s.d./berlaku (--as-of) untuk berkas ini.")))
            as_of = datetime.date(year, 12, 31)
        else:
            as_of = _default_date(kind, year)
    elif as_of.year != year:
        errors.append(
            RowError(
                _("Tanggal %(date)s di luar tahun %(year)s.")
                % {"date": as_of.strftime("%d-%m-%Y"), "year": year}
            )
        )
    plan = ImportPlan(
        organisation=organisation,
        year=year,
        kind=kind,
        as_of=as_of,
        file_name=file_name,
        headers=sheet.headers,
        columns=columns,
        row_count=len(sheet.rows),
        totals={},
        errors=errors,
        seconds={"read": read},
    )
    index = sheet.columns()
    positions: dict[str, int] = {}
    for name in FIELDS:
        for header in header_candidates(name, columns):
            position = index.get(normalise_header(header))
            if position is not None:
                positions[name] = position
                plan.columns[name] = sheet.headers[position]
                break
    needed = REQUIRED.get(kind, BUDGET_REQUIRED)
    missing = [columns.get(name) or name for name in needed if name not in positions]
    if missing:
        errors.append(
            RowError(
                _("Kolom tidak ditemukan: %(missing)s. Judul kolom berkas: %(headers)s.")
                % {"missing": ", ".join(missing), "headers": ", ".join(sheet.headers)}
            )
        )
        return plan
    if lock:
        list(Organisation.objects.select_for_update().filter(pk=organisation.pk).values("pk"))
    _check_rows(plan, sheet, positions, user, lock)
    plan.seconds["check"] = time.perf_counter() - started - read
    return plan


def _cell(values: tuple, position: int | None):
    if position is None or position >= len(values):
        return None
    return values[position]


def _check_rows(
    plan: ImportPlan, sheet: Sheet, positions: dict[str, int], user, lock: bool
) -> None:
    """Every row against the office's sub kegiatan, in memory after three queries."""
    errors = plan.errors
    amount_field = "realisasi" if plan.kind == REALISASI else "anggaran"
    parsed = []
    keys_of: dict[str, str] = {}  # a file repeats each sub kegiatan code on every account row
    for number, values in sheet.rows:
        written = cells.code(_cell(values, positions["kode"]))
        if not written:
            continue  # a heading or total line without a code
        try:
            key = keys_of.get(written) or keys_of.setdefault(written, code_key(written))
        except ValueError:
            errors.append(
                RowError(_("kode '%(code)s' tidak dikenal.") % {"code": written[:60]}, row=number)
            )
            continue
        try:
            amount = cells.money(_cell(values, positions[amount_field]))
            next_amount = (
                cells.money(_cell(values, positions["prakiraan"]))
                if "prakiraan" in positions
                else None
            )
        except cells.CellError as error:
            errors.append(
                RowError(str(error), row=number, column=sheet.headers[positions[amount_field]])
            )
            continue
        account = cells.code(_cell(values, positions.get("rekening")))[:40]
        name = cells.text(_cell(values, positions.get("uraian")))[:255]
        parsed.append((number, written, key, account, name, amount or Decimal("0"), next_amount))

    keys = {row[2] for row in parsed}
    # Sub kegiatan of the periods covering the year, of this and of other offices: one query.
    candidates = PlanNode.objects.filter(
        level=Level.SUB_KEGIATAN,
        code_key__in=keys,
        period__start_year__lte=plan.year,
        period__end_year__gte=plan.year,
    ).select_related("unit")
    own: dict[str, PlanNode] = {}
    others: set[str] = set()
    for node in candidates:
        if node.organisation_id == plan.organisation.pk:
            own[node.code_key] = node
        else:
            others.add(node.code_key)
    for number, written, key, account, name, amount, next_amount in parsed:
        node = own.get(key)
        if node is None:
            message = (
                _("kode %(code)s milik perangkat daerah lain.")
                if key in others
                else _("kode %(code)s tidak dikenal sebagai sub kegiatan tahun %(year)s.")
            )
            errors.append(RowError(message % {"code": written[:60], "year": plan.year}, row=number))
            continue
        total = plan.totals.setdefault(node.pk, NodeTotal(node=node))
        total.rows.append(number)
        total.amount += amount
        if next_amount is not None:
            total.next_amount = (total.next_amount or Decimal("0")) + next_amount
        line = total.accounts.setdefault(account, [name, Decimal("0"), None])
        line[1] += amount
        if next_amount is not None:
            line[2] = (line[2] or Decimal("0")) + next_amount
    if plan.kind == REALISASI and plan.totals and not errors:
        _check_realisation(plan, user, lock)
    errors.sort(key=lambda error: error.row or 0)


def _check_realisation(plan: ImportPlan, user, lock: bool) -> None:
    """The cumulative figure of each sub kegiatan against its DPA/DPPA, the quarters already
    held, the locks and the workflow status, as the entry sheet checks them."""
    quarter = plan.quarter
    node_ids = list(plan.totals)
    budgets = current_budgets(year=plan.year, as_of=plan.as_of, node_ids=node_ids)
    earlier: dict[int, Decimal] = defaultdict(Decimal)
    current: dict[int, BudgetRealisation] = {}
    later: dict[int, int] = {}
    records = BudgetRealisation.objects.filter(node_id__in=node_ids, year=plan.year).order_by("pk")
    if lock:
        records = records.select_for_update(of=("self",))
    for record in records:
        if record.quarter < quarter:
            earlier[record.node_id] += record.amount
        elif record.quarter == quarter:
            current[record.node_id] = record
        else:
            later[record.node_id] = max(record.quarter, later.get(record.node_id, 0))
    locks = LockBook.load(organisation_id=plan.organisation.pk, year=plan.year)
    units = entry_scope(user, plan.organisation.pk) if user is not None else None
    for node_id, total in plan.totals.items():
        node, row = total.node, total.rows[0]
        code = node.code

        def refuse(message, row=row, code=code):
            plan.errors.append(RowError(f"{code}: {message}", row=row))

        budget = budgets.get(node_id)
        if budget is not None and budget.kind in SPENDABLE_KINDS and total.amount > budget.amount:
            refuse(
                _("realisasi s.d. %(date)s Rp %(spent)s melebihi pagu %(version)s Rp %(pagu)s.")
                % {
                    "date": plan.as_of.strftime("%d-%m-%Y"),
                    "spent": cells.text(total.amount),
                    "version": budget.label,
                    "pagu": cells.text(budget.amount),
                }
            )
            continue
        total.quarter_amount = total.amount - earlier[node_id]
        if total.quarter_amount < 0:
            refuse(
                _(
                    "realisasi kumulatif Rp %(spent)s lebih kecil dari yang sudah tercatat pada "
                    "triwulan sebelumnya (Rp %(earlier)s)."
                )
                % {"spent": cells.text(total.amount), "earlier": cells.text(earlier[node_id])}
            )
            continue
        record = current.get(node_id)
        total.previous = record.amount if record else None
        if record is not None and record.amount == total.quarter_amount:
            continue  # unchanged: nothing to write, whatever its status
        if node_id in later:
            # The later quarters were measured from the cumulative figure this file changes.
            refuse(
                _(
                    "realisasi triwulan %(later)s sudah tercatat; berkas s.d. %(date)s akan "
                    "mengubah triwulan %(quarter)s di bawahnya. Impor berkas s.d. tanggal "
                    "triwulan terakhir, atau ubah triwulan itu di halaman Isi Realisasi."
                )
                % {
                    "later": later[node_id],
                    "date": plan.as_of.strftime("%d-%m-%Y"),
                    "quarter": quarter,
                }
            )
        elif units is not None and not units.allows(node.unit_id):
            refuse(_("Anda tidak berwenang mengisi realisasi unit sub kegiatan ini."))
        elif locks.is_locked(quarter=quarter, unit_id=node.unit_id):
            refuse(
                _("triwulan %(quarter)s tahun %(year)s dikunci.")
                % {"quarter": quarter, "year": plan.year}
            )
        elif record is not None and record.status not in EDITABLE:
            refuse(
                _("realisasi triwulan %(quarter)s berstatus '%(status)s' tidak dapat ditimpa.")
                % {"quarter": quarter, "status": record.get_status_display()}
            )
    plan._records = current  # noqa: SLF001 - handed to `apply` within the same call


def import_file(*, user, dry_run: bool = False, **arguments) -> ImportPlan:
    """Check a file and, unless `dry_run` or any row is refused, write it: all or nothing."""
    try:
        with transaction.atomic():
            plan = check_file(user=user, lock=True, **arguments)
            if plan.ok and not dry_run:
                started = time.perf_counter()
                if plan.kind == REALISASI:
                    _write_realisation(plan, user)
                else:
                    _write_version(plan, user)
                plan.seconds["write"] = time.perf_counter() - started
    except IntegrityError:
        # A value of the same quarter was typed on the entry sheet at the same moment.
        plan.errors.append(
            RowError(_("Data berubah bersamaan saat impor; tidak ada yang disimpan. Ulangi."))
        )
        plan.written = 0
    return plan


def _write_version(plan: ImportPlan, user) -> None:
    """The budget document as a version (replacing the lines of the same document and date)."""
    version, _created = BudgetVersion.objects.select_for_update().get_or_create(
        organisation=plan.organisation,
        year=plan.year,
        kind=plan.kind,
        effective_date=plan.as_of,
        defaults={"source": plan.file_name[:255]},
    )
    version.source = plan.file_name[:255]
    version._change_reason = plan.source
    version._history_user = user
    version.full_clean()
    version.save()
    version.lines.all().delete()
    lines = [
        BudgetLine(
            version=version,
            node=total.node,
            account=account,
            account_name=name,
            amount=amount,
            next_amount=next_amount,
        )
        for total in plan.totals.values()
        for account, (name, amount, next_amount) in total.accounts.items()
    ]
    BudgetLine.objects.bulk_create(lines)
    plan.written = len(lines)


def _write_realisation(plan: ImportPlan, user) -> None:
    """The dated quarter of each sub kegiatan, and the account rows as of the date."""
    records: dict[int, BudgetRealisation] = plan._records  # noqa: SLF001
    now = timezone.now()
    created, updated = [], []
    for node_id, total in plan.totals.items():
        record = records.get(node_id)
        if record is not None and record.amount == total.quarter_amount:
            continue
        if record is None:
            created.append(
                BudgetRealisation(
                    node=total.node,
                    year=plan.year,
                    quarter=plan.quarter,
                    amount=total.quarter_amount,
                    status=Status.DRAFT,
                    source=plan.source,
                    created_by=user,
                    updated_by=user,
                    created_at=now,
                    updated_at=now,
                )
            )
        else:
            record.amount = total.quarter_amount
            record.source = plan.source
            record.version += 1
            record.updated_by = user
            record.updated_at = now
            if record.status == Status.RETURNED:
                record.status = Status.DRAFT
            updated.append(record)
    for record in created + updated:
        record.full_clean(
            validate_unique=False,
            validate_constraints=False,
            exclude=["node", "created_by", "updated_by", "verified_by"],
        )
    if created:
        bulk_create_with_history(
            created, BudgetRealisation, default_user=user, default_change_reason=plan.source
        )
    if updated:
        bulk_update_with_history(
            updated,
            BudgetRealisation,
            ["amount", "source", "version", "updated_by", "updated_at", "status"],
            default_user=user,
            default_change_reason=plan.source,
        )
    RealisationAccount.objects.filter(
        node_id__in=list(plan.totals), year=plan.year, as_of=plan.as_of
    ).delete()
    RealisationAccount.objects.bulk_create(
        RealisationAccount(
            node=total.node,
            year=plan.year,
            account=account,
            as_of=plan.as_of,
            amount=amount,
            source=plan.source,
        )
        for total in plan.totals.values()
        for account, (_name, amount, _next) in total.accounts.items()
    )
    plan.written = len(created) + len(updated)


def imported_sums(*, organisation: Organisation, year: int, kind: str) -> dict[int, Decimal]:
    """The lines of the office's latest version of `kind` per sub kegiatan (for checks)."""
    version = (
        BudgetVersion.objects.filter(organisation=organisation, year=year, kind=kind)
        .order_by("-effective_date", "-id")
        .first()
    )
    if version is None:
        return {}
    return dict(version.lines.order_by().values_list("node_id").annotate(total=Sum("amount")))
