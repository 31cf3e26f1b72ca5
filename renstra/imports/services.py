"""Importing realisations and budget realisations from Excel: parse, preview, apply.

A preview and an apply run the same code: every row that would change goes through the services
the entry pages use (`save_realisation`, `save_budget_realisation`, `workflow.submit`), each in its
own savepoint inside one transaction. A preview rolls the transaction back; an apply commits it
only when no row was refused, so an import changes all its rows or none.
"""

import hashlib
import json
import re
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budgeting.models import BudgetRealisation
from budgeting.services import parse_amount, save_budget_realisation
from cascading import workflow
from cascading.choices import Level, Status, ValueKind
from cascading.codes import code_key, is_valid_code
from cascading.models import Indicator, PlanNode, Realisation
from cascading.services import parse_realisation, save_realisation
from renstra.models import Organisation, RenstraPeriod
from renstra.numbers import format_decimal, format_measure
from renstra.permissions import (
    REFUSED_ADMIN,
    REFUSED_ENTRY,
    can_administer,
    can_enter,
    entry_scope,
)

from . import cells
from .preview import Action, Preview, PreviewRow, SheetSpec, cells_of, classify
from .workbook import ImportFileError, RowError, Sheet, megabytes, read_workbook

REALISATIONS = SheetSpec(
    "realisasi",
    "Realisasi",
    ("Kode", "Indikator", "Tahun", "Triwulan", "Realisasi", "Catatan"),
)
BUDGET = SheetSpec(
    "anggaran", "Realisasi Anggaran", ("Kode", "Tahun", "Triwulan", "Realisasi Anggaran")
)
REALISATION_SPECS = (REALISATIONS, BUDGET)
IMPORT_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.VERIFIED)
REASON_LENGTH = workflow.REASON_LENGTH

# Which sheet column a service's field error belongs to.
REALISATION_COLUMNS = {
    "value": "Realisasi",
    "grade": "Realisasi",
    "note": "Catatan",
    "year": "Tahun",
}
BUDGET_COLUMNS = {
    "amount": "Realisasi Anggaran",
    "note": "Catatan",
    "year": "Tahun",
    "node": "Kode",
}


def _reason(template: str, file_name: str) -> str:
    return (template % {"file": file_name or "-"})[:REASON_LENGTH]


def check_status_allowed(*, user, organisation: Organisation, status: str) -> None:
    """Refuse an import the user may not make at all, before reading a row."""
    if status not in IMPORT_STATUSES:
        raise PermissionDenied(_("Status impor tidak dikenal: %(status)s.") % {"status": status})
    if entry_scope(user, organisation.pk).empty:
        raise PermissionDenied(REFUSED_ENTRY)
    if status == Status.VERIFIED and not can_administer(user, organisation.pk):
        raise PermissionDenied(
            _("Hanya administrator yang boleh mengimpor realisasi sebagai terverifikasi.")
        )


@transaction.atomic
def verify_loaded(*, user, records, reason: str) -> int:
    """Administrator only: mark submitted values verified because they were verified elsewhere.

    This is the one path that verifies a value its own importer entered: loading figures an
    office verified outside the application (paper, another system). `workflow.verify` keeps
    refusing self-verification for everyone; here the administrator's role is checked instead,
    period locks and row locks still apply, and the history row's change reason names this
    exception ("verified elsewhere") and the file.
    """
    records = list(records)
    count = 0
    for record, current in zip(records, workflow.locked(records), strict=True):
        scope = current.workflow_scope()
        if not can_administer(user, scope.organisation_id):
            raise PermissionDenied(REFUSED_ADMIN)
        workflow.check_unlocked(scope)
        workflow.check_current(record, current)
        workflow.mark_verified(current, user=user, reason=reason[:REASON_LENGTH])
        workflow.copy_state(current, record)
        count += 1
    return count


class _Office:
    """An office's periods and plan nodes (with indicators), read once per import."""

    def __init__(self, organisation: Organisation):
        self.organisation = organisation
        self.periods = list(
            RenstraPeriod.objects.filter(organisation=organisation).order_by("-start_year")
        )
        nodes = (
            PlanNode.objects.filter(organisation=organisation)
            .select_related("period", "unit")
            .prefetch_related("indicators")
        )
        self.nodes = {(node.period_id, node.code_key): node for node in nodes}

    def period(self, year: int) -> RenstraPeriod | None:
        return next((p for p in self.periods if p.start_year <= year <= p.end_year), None)

    def node(self, period: RenstraPeriod, code: str) -> PlanNode | None:
        return self.nodes.get((period.pk, code_key(code)))


def _same_name(left: str, right: str) -> bool:
    return " ".join(left.casefold().split()) == " ".join(right.casefold().split())


@dataclass
class _Line:
    """A parsed data row: what it fills (indicator or sub kegiatan), when, with what."""

    row: PreviewRow
    spec: SheetSpec
    target: Indicator | PlanNode | None = None
    text: str = ""
    parsed: tuple = ()
    note: str = ""
    record: Realisation | BudgetRealisation | None = None
    empty: bool = False
    duplicate_of: "_Line | None" = None

    @property
    def key(self) -> str:
        return f"{self.spec.kind}:{self.target.pk}:{self.row.year}:{self.row.quarter}"

    @property
    def node(self) -> PlanNode:
        return self.target.node if isinstance(self.target, Indicator) else self.target

    @property
    def value_column(self) -> str:
        return "Realisasi" if self.spec is REALISATIONS else "Realisasi Anggaran"

    @property
    def columns(self) -> dict[str, str]:
        return REALISATION_COLUMNS if self.spec is REALISATIONS else BUDGET_COLUMNS

    def shown(self, parsed: tuple) -> str:
        if self.spec is BUDGET:
            return format_decimal(parsed[0], places=2)
        value, grade = parsed
        return grade or format_measure(value, empty="")

    def stored(self) -> tuple:
        if self.spec is BUDGET:
            return (self.record.amount,)
        return (self.record.value, self.record.grade)

    def same_as_record(self) -> bool:
        return (
            self.record is not None
            and self.stored() == self.parsed
            and self.record.note == self.note
        )


class _RealisationReader:
    """Turns sheet rows into lines, resolving codes, indicators and values for one office."""

    def __init__(self, user, office: _Office):
        self.user = user
        self.office = office

    def line(self, spec: SheetSpec, sheet: Sheet, number: int, values: tuple) -> _Line:
        raw = cells_of(spec.columns, sheet, values)
        row = PreviewRow(
            sheet=sheet.title, row=number, kind=spec.kind, code=cells.code(raw["Kode"])
        )
        line = _Line(row=row, spec=spec, note=cells.text(raw.get("Catatan")))
        for column, reader, attribute in (
            ("Tahun", cells.year, "year"),
            ("Triwulan", cells.quarter, "quarter"),
        ):
            try:
                setattr(row, attribute, reader(raw[column]))
            except cells.CellError as error:
                row.refuse(str(error), column)
        node = self._node(row)
        if node is None:
            return line
        if spec is REALISATIONS:
            line.target = self._indicator(row, node, cells.text(raw["Indikator"]))
            row.label = line.target.name if line.target else node.name
        elif node.level != Level.SUB_KEGIATAN:
            row.refuse(
                _("realisasi anggaran dicatat pada sub kegiatan; %(code)s adalah %(level)s.")
                % {"code": node.code, "level": node.get_level_display()},
                "Kode",
            )
        else:
            line.target = node
            row.label = node.name
        if line.target is not None:
            self._scope(line)
            self._value(line, raw[line.value_column])
        return line

    def _node(self, row: PreviewRow) -> PlanNode | None:
        if not row.code:
            row.refuse(_("Kode wajib diisi."), "Kode")
            return None
        if not is_valid_code(row.code):
            row.refuse(_("'%(code)s' bukan kode yang sah.") % {"code": row.code}, "Kode")
            return None
        if row.year is None:
            return None
        period = self.office.period(row.year)
        if period is None:
            row.refuse(
                _("tahun %(year)s di luar periode Renstra %(office)s.")
                % {"year": row.year, "office": self.office.organisation.short_name},
                "Tahun",
            )
            return None
        node = self.office.node(period, row.code)
        if node is None:
            row.refuse(
                _("kode '%(code)s' tidak ada pada %(period)s.")
                % {"code": row.code, "period": period},
                "Kode",
            )
        return node

    def _indicator(self, row: PreviewRow, node: PlanNode, name: str) -> Indicator | None:
        indicators = list(node.indicators.all())
        if name:
            found = next((item for item in indicators if _same_name(item.name, name)), None)
            if found is None:
                row.refuse(
                    _("indikator '%(name)s' tidak ada pada kode %(code)s%(known)s.")
                    % {
                        "name": name,
                        "code": node.code,
                        "known": (
                            _("; indikatornya: %(names)s")
                            % {"names": "; ".join(item.name for item in indicators)}
                            if indicators
                            else ""
                        ),
                    },
                    "Indikator",
                )
            return found
        if len(indicators) == 1:
            return indicators[0]
        if indicators:
            row.refuse(
                _("kode %(code)s memiliki %(count)s indikator; isi nama indikatornya.")
                % {"code": node.code, "count": len(indicators)},
                "Indikator",
            )
        else:
            row.refuse(_("kode %(code)s tidak memiliki indikator.") % {"code": node.code}, "Kode")
        return None

    def _scope(self, line: _Line) -> None:
        node = line.node
        if not can_enter(self.user, node.organisation_id, node.unit_id):
            line.row.refuse(
                _("%(refusal)s (%(unit)s)")
                % {"refusal": REFUSED_ENTRY, "unit": node.unit or _("tanpa unit")},
                "Indikator" if line.spec is REALISATIONS else "Kode",
            )

    def _value(self, line: _Line, raw) -> None:
        if cells.text(raw) == "":
            line.empty = True
            line.row.remark = _("Kolom %(column)s kosong: baris dilewati.") % {
                "column": line.value_column
            }
            return
        try:
            if line.spec is REALISATIONS:
                indicator = line.target
                line.text = cells.realisation_text(
                    raw,
                    satuan=indicator.satuan,
                    ordinal=indicator.value_kind == ValueKind.ORDINAL,
                )
                line.parsed = parse_realisation(indicator, line.text)
            else:
                line.text = cells.text(raw)
                line.parsed = (parse_amount(line.text),)
        except cells.CellError as error:
            line.row.refuse(str(error), line.value_column)
        except ValidationError as error:
            line.row.refuse_error(error, line.columns, line.value_column)


def _attach_records(lines: list[_Line]) -> None:
    """The stored record of every line, in one query per kind."""
    ready = [line for line in lines if line.target is not None and not line.row.errors]
    for spec, model, field_name in (
        (REALISATIONS, Realisation, "indicator"),
        (BUDGET, BudgetRealisation, "node"),
    ):
        mine = [line for line in ready if line.spec is spec]
        if not mine:
            continue
        stored = model.objects.filter(
            **{
                f"{field_name}__in": {line.target.pk for line in mine},
                "year__in": {line.row.year for line in mine},
            }
        ).select_related(f"{field_name}__node" if spec is REALISATIONS else "node")
        by_key = {
            (getattr(record, f"{field_name}_id"), record.year, record.quarter): record
            for record in stored
        }
        for line in mine:
            line.record = by_key.get((line.target.pk, line.row.year, line.row.quarter))


def _mark_duplicates(lines: list[_Line]) -> None:
    """Two rows filling the same value: the same figures once, different figures refused."""
    first: dict[str, _Line] = {}
    for line in lines:
        if line.target is None or line.row.errors or line.empty:
            continue
        earlier = first.setdefault(line.key, line)
        if earlier is line:
            continue
        where = _("baris %(row)s") % {"row": earlier.row.row}
        if earlier.row.sheet != line.row.sheet:
            where = _("sheet %(sheet)s baris %(row)s") % {
                "sheet": earlier.row.sheet,
                "row": earlier.row.row,
            }
        if (earlier.parsed, earlier.note) == (line.parsed, line.note):
            line.duplicate_of = earlier
            line.row.remark = _("Sama dengan %(where)s.") % {"where": where}
        else:
            line.row.refuse(
                _(
                    "mengisi tahun %(year)s triwulan %(quarter)s yang sama dengan %(where)s "
                    "dengan nilai berbeda."
                )
                % {"year": line.row.year, "quarter": line.row.quarter, "where": where},
                line.value_column,
            )


@dataclass(frozen=True)
class _Before:
    """A stored record as it was before the import touched it (None values: no record)."""

    parsed: tuple | None = None
    note: str = ""
    status: str = ""


def _describe(line: _Line, before: _Before) -> None:
    """Old and new value, note and status of a written line, for the preview table."""
    row = line.row
    old_value = "" if before.parsed is None else line.shown(before.parsed)
    new_value = line.shown(line.parsed)
    if before.parsed is None or old_value != new_value:
        row.changes.append((line.value_column, old_value, new_value))
    if before.note != line.note:
        row.changes.append((_("Catatan"), before.note, line.note))
    if before.status != line.record.status:
        old_status = Status(before.status).label if before.status else ""
        row.changes.append((_("Status"), old_status, Status(line.record.status).label))


def _apply_line(*, user, line: _Line, status: str, reasons: dict, expected: dict | None) -> None:
    """Write one line through the entry services, in a savepoint; refusals go on its row."""
    row, record = line.row, line.record
    same = line.same_as_record()
    submit = status in (Status.SUBMITTED, Status.VERIFIED)
    verify = status == Status.VERIFIED
    if same:
        submit = submit and record.status in workflow.EDITABLE
        verify = verify and (submit or record.status == Status.SUBMITTED)
        if not submit and not verify:
            row.action = Action.UNCHANGED
            shown = line.shown(line.parsed)
            row.changes.append((line.value_column, shown, shown))
            return
    node = line.node
    try:
        workflow.check_unlocked(
            workflow.Scope(node.organisation_id, node.unit_id, row.year, row.quarter)
        )
    except PermissionDenied as error:
        row.refuse_error(error, {}, "Triwulan")
        return
    before = _Before(line.stored(), record.note, record.status) if record is not None else _Before()
    seen = record.version if record is not None else 0
    wanted = seen if expected is None else expected.get(line.key, 0)
    try:
        with transaction.atomic():
            if same:
                # Lock the row and read it again: it must still be the version the user saw.
                [record] = workflow.locked([record])
                if record.version != wanted:
                    raise workflow.EditConflict(record)
            else:
                record = _save(user=user, line=line, version=wanted)
                _note_history(record, reasons["save"])
            if submit:
                workflow.submit(user=user, records=[record], reason=reasons["save"])
            if verify:
                verify_loaded(user=user, records=[record], reason=reasons["verify"])
    except (ValidationError, PermissionDenied, workflow.EditConflict) as error:
        row.refuse_error(error, line.columns, line.value_column)
        return
    line.record = row.record = record
    row.action = Action.NEW if before.parsed is None else Action.CHANGED
    _describe(line, before)


def _save(*, user, line: _Line, version: int):
    row = line.row
    if line.spec is REALISATIONS:
        return save_realisation(
            user=user,
            indicator=line.target,
            year=row.year,
            quarter=row.quarter,
            value=line.text,
            note=line.note,
            expected_version=version,
        )
    return save_budget_realisation(
        user=user,
        node=line.target,
        year=row.year,
        quarter=row.quarter,
        amount=line.text,
        note=line.note,
        expected_version=version,
    )


def _note_history(record, reason: str) -> None:
    """Say on the audit row the service just wrote that it came from an import."""
    entry = record.history.order_by("-history_date", "-history_id").first()
    entry.history_change_reason = reason
    entry.save(update_fields=["history_change_reason"])


def run_realisations(
    *,
    user,
    organisation: Organisation,
    sheets: list[Sheet],
    status: str = Status.DRAFT,
    commit: bool,
    file_name: str = "",
    expected: dict[str, int] | None = None,
) -> Preview:
    """Preview (commit False) or apply (commit True) the realisation and budget sheets.

    `expected` holds the versions the user saw in the preview (optimistic locking); without it
    the versions read now are used. Raises PermissionDenied when the user may not import at all.
    """
    check_status_allowed(user=user, organisation=organisation, status=status)
    matched, file_errors, ignored = classify(sheets, REALISATION_SPECS)
    preview = Preview(kind="realisasi", file_errors=file_errors, ignored_sheets=ignored)
    reader = _RealisationReader(user, _Office(organisation))
    lines = [
        reader.line(spec, sheet, number, values)
        for spec, sheet in matched
        for number, values in sheet.rows
    ]
    _attach_records(lines)
    _mark_duplicates(lines)
    preview.rows = [line.row for line in lines]
    preview.versions = {
        line.key: line.record.version if line.record else 0
        for line in lines
        if line.target is not None and not line.row.errors
    }
    reasons = {
        "save": _reason(_("Impor Excel: %(file)s"), file_name),
        "verify": _reason(
            _("Diverifikasi administrator lewat impor (verifikasi di luar aplikasi): %(file)s"),
            file_name,
        ),
    }
    with transaction.atomic():
        for line in lines:
            if line.row.errors or line.empty or line.duplicate_of or line.target is None:
                continue
            _apply_line(user=user, line=line, status=status, reasons=reasons, expected=expected)
        if not commit or not preview.ok:
            transaction.set_rollback(True)
    preview.applied = commit and preview.ok
    return preview


def import_realisations(
    *,
    user,
    organisation: Organisation,
    data: bytes,
    file_name: str,
    status: str = Status.DRAFT,
    commit: bool,
    expected: dict[str, int] | None = None,
) -> Preview:
    """Read an uploaded workbook and preview or apply it; a refused file is a Preview of errors."""
    check_status_allowed(user=user, organisation=organisation, status=status)
    try:
        sheets = read_workbook(data, file_name=file_name)
    except ImportFileError as error:
        return Preview(kind="realisasi", file_errors=error.errors)
    return run_realisations(
        user=user,
        organisation=organisation,
        sheets=sheets,
        status=status,
        commit=commit,
        file_name=file_name,
        expected=expected,
    )


# --- uploads waiting for confirmation --------------------------------------------------------

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def pending_seconds() -> int:
    """How long an upload waits for confirmation (settings.RENSTRA_IMPORT_PENDING_SECONDS)."""
    return settings.RENSTRA_IMPORT_PENDING_SECONDS


def pending_root() -> Path:
    """Where uploads wait between preview and apply: settings.RENSTRA_IMPORT_DIR, else a folder
    in the system's temporary directory (never under MEDIA_ROOT, which may be served)."""
    configured = settings.RENSTRA_IMPORT_DIR
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "renstra-impor"


@dataclass
class PendingImport:
    """An uploaded file kept server-side for one user until they confirm or it expires."""

    token: str
    kind: str
    organisation_id: int
    file_name: str
    sha256: str
    created: float
    status: str = Status.DRAFT
    period_id: int | None = None
    versions: dict[str, int] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)  # what another import needs kept

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


def _user_dir(user) -> Path:
    return pending_root() / str(int(user.pk))


def purge_expired() -> int:
    """Remove every waiting upload (the admin import's too) older than the confirmation window;
    returns how many files were removed. Runs on every upload and from `manage.py
    purge_uploads` on a schedule."""
    root = pending_root()
    if not root.is_dir():
        return 0
    limit = time.time() - pending_seconds()
    removed = 0
    for path in root.glob("*/*"):
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
                removed += 1
        except FileNotFoundError:  # removed meanwhile by a parallel purge or apply
            continue
    return removed


def _make_room(folder: Path, size: int) -> None:
    """Drop the user's oldest waiting uploads until one more of `size` bytes fits the quota
    (settings RENSTRA_IMPORT_PENDING_FILES and RENSTRA_IMPORT_PENDING_BYTES)."""
    quota_files = settings.RENSTRA_IMPORT_PENDING_FILES
    quota_bytes = settings.RENSTRA_IMPORT_PENDING_BYTES
    if size > quota_bytes:
        raise ImportFileError(
            [
                RowError(
                    _(
                        "Berkas %(size)s MB melebihi kuota unggahan yang menunggu konfirmasi "
                        "(%(limit)s MB)."
                    )
                    % {"size": megabytes(size), "limit": megabytes(quota_bytes)}
                )
            ]
        )
    waiting = []
    for workbook in folder.glob("*.xlsx"):
        try:
            stat = workbook.stat()
        except FileNotFoundError:
            continue
        waiting.append((stat.st_mtime, workbook.stem, stat.st_size))
    waiting.sort()
    used = sum(item[2] for item in waiting)
    while waiting and (len(waiting) >= quota_files or used + size > quota_bytes):
        _mtime, token, stored = waiting.pop(0)
        for suffix in (".json", ".xlsx"):
            (folder / f"{token}{suffix}").unlink(missing_ok=True)
        used -= stored


def keep_pending(*, user, data: bytes, pending: PendingImport) -> PendingImport:
    """Store the file and what the preview saw, under a fresh random token (the uploaded name is
    kept only as text in the manifest); the user's oldest waiting uploads give way to the quota.
    """
    folder = _user_dir(user)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    purge_expired()
    _make_room(folder, len(data))
    pending.token = secrets.token_urlsafe(24)
    pending.sha256 = hashlib.sha256(data).hexdigest()
    pending.created = time.time()
    (folder / f"{pending.token}.xlsx").write_bytes(data)
    (folder / f"{pending.token}.json").write_text(json.dumps(pending.__dict__), encoding="utf-8")
    return pending


def load_pending(*, user, token: str) -> tuple[PendingImport, bytes]:
    """The user's own waiting upload; ImportFileError when unknown, expired or altered."""
    gone = ImportFileError(
        [RowError(_("Unggahan tidak ditemukan atau sudah kedaluwarsa; unggah ulang berkasnya."))]
    )
    if not _TOKEN.match(token or ""):
        raise gone
    folder = _user_dir(user)
    manifest, workbook = folder / f"{token}.json", folder / f"{token}.xlsx"
    if not (manifest.is_file() and workbook.is_file()):
        raise gone
    pending = PendingImport(**json.loads(manifest.read_text(encoding="utf-8")))
    data = workbook.read_bytes()
    if (
        pending.token != token
        or time.time() - pending.created > pending_seconds()
        or hashlib.sha256(data).hexdigest() != pending.sha256
    ):
        drop_pending(user=user, token=token)
        raise gone
    return pending, data


def drop_pending(*, user, token: str) -> None:
    if _TOKEN.match(token or ""):
        for suffix in (".json", ".xlsx"):
            (_user_dir(user) / f"{token}{suffix}").unlink(missing_ok=True)
