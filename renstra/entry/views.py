"""Pages for entering quarterly realisations and verifying them.

Every view requires login and asks renstra.permissions; every write goes through a service.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from budgeting.models import BudgetRealisation
from budgeting.services import save_budget_realisation
from cascading import workflow
from cascading.choices import QUARTERS, Status
from cascading.models import Indicator, PlanNode, Realisation
from cascading.services import save_realisation
from renstra.numbers import format_measure
from renstra.params import ascii_int
from renstra.permissions import REFUSED_ENTRY, REFUSED_READ, can_read, verify_scope

from .selectors import (
    default_quarter,
    entry_sheet,
    organisation_for,
    period_for,
    record_label,
    units_in_scope,
    verification_queue,
    verification_sheet,
)

RECORD_MODELS = {"indikator": Realisation, "anggaran": BudgetRealisation}


def _check_quarter(quarter: int) -> None:
    if quarter not in QUARTERS:
        raise Http404


def _office(request):
    return organisation_for(request.user, request.GET.get("opd") or request.POST.get("opd"))


def _error_text(error: Exception) -> dict[str, str]:
    """Field -> message for a refused save; non-field messages under "value"."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return {
            ("value" if name in ("amount", "__all__") else name): " ".join(messages_)
            for name, messages_ in error.message_dict.items()
        }
    if isinstance(error, ValidationError):
        return {"value": " ".join(error.messages)}
    return {"value": str(error.args[0] if error.args else error)}


def _version(text: str | None) -> int | None:
    return ascii_int(text)


def _save_line(request, organisation, year, quarter, key):
    """Save one line from the posted fields named `<field>-<key>`; returns the record."""
    post = request.POST
    if key.startswith("i"):
        indicator = get_object_or_404(
            Indicator.objects.select_related("node__period"),
            pk=key[1:],
            node__organisation=organisation,
        )
        return save_realisation(
            user=request.user,
            indicator=indicator,
            year=year,
            quarter=quarter,
            value=post.get(f"value-{key}", ""),
            note=post.get(f"note-{key}", ""),
            evidence=request.FILES.get(f"evidence-{key}"),
            expected_version=_version(post.get(f"version-{key}")),
        )
    node = get_object_or_404(
        PlanNode.objects.select_related("period"), pk=key[1:], organisation=organisation
    )
    return save_budget_realisation(
        user=request.user,
        node=node,
        year=year,
        quarter=quarter,
        amount=post.get(f"value-{key}", ""),
        note=post.get(f"note-{key}", ""),
        expected_version=_version(post.get(f"version-{key}")),
    )


def _require_entry(request, organisation):
    if not can_read(request.user, organisation.pk):
        raise PermissionDenied(REFUSED_READ)


@login_required
@require_GET
def entry_start(request):
    organisation = _office(request)
    year, quarter = default_quarter(organisation)
    return redirect(_page_url("entry:sheet", year, quarter, organisation))


@login_required
@require_GET
def entry_page(request, year: int, quarter: int):
    _check_quarter(quarter)
    organisation = _office(request)
    _require_entry(request, organisation)
    sheet = entry_sheet(user=request.user, organisation=organisation, year=year, quarter=quarter)
    if sheet.scope.empty:
        raise PermissionDenied(REFUSED_ENTRY)
    return render(request, "entry/sheet.html", _sheet_context(sheet))


def _sheet_context(sheet) -> dict:
    return {
        "sheet": sheet,
        "quarters": QUARTERS,
        "units": units_in_scope(sheet.organisation, sheet.scope),
    }


@login_required
@require_POST
def save_row(request, year: int, quarter: int, key: str):
    """Save one row (htmx): answer with the row re-rendered, with its error if refused."""
    _check_quarter(quarter)
    organisation = _office(request)
    _require_entry(request, organisation)
    errors = {}
    try:
        _save_line(request, organisation, year, quarter, key)
    except (ValidationError, PermissionDenied, workflow.EditConflict) as error:
        errors = _error_text(error)
    sheet = entry_sheet(
        user=request.user, organisation=organisation, year=year, quarter=quarter, only={key}
    )
    if not sheet.lines:
        raise PermissionDenied(REFUSED_ENTRY)
    line = sheet.lines[0]
    if errors:
        line.errors = errors
        line.typed = {
            "value": request.POST.get(f"value-{key}", ""),
            "note": request.POST.get(f"note-{key}", ""),
        }
    return render(request, "entry/_line.html", {"line": line, "sheet": sheet, "saved": not errors})


@login_required
@require_POST
def clear_row(request, year: int, quarter: int, key: str):
    """Clear a draft entered by mistake (htmx): answer with the row re-rendered, empty, or with
    why it was refused."""
    _check_quarter(quarter)
    organisation = _office(request)
    _require_entry(request, organisation)
    record = _line_record(organisation, year, quarter, key)
    errors = {}
    try:
        if record is None:
            raise ValidationError(_("Nilai ini sudah dikosongkan."))
        workflow.clear(
            user=request.user,
            record=record,
            expected_version=_version(request.POST.get(f"version-{key}")),
        )
    except (ValidationError, PermissionDenied, workflow.EditConflict) as error:
        errors = _error_text(error)
    sheet = entry_sheet(
        user=request.user, organisation=organisation, year=year, quarter=quarter, only={key}
    )
    if not sheet.lines:
        raise PermissionDenied(REFUSED_ENTRY)
    line = sheet.lines[0]
    line.errors = errors
    return render(request, "entry/_line.html", {"line": line, "sheet": sheet, "saved": not errors})


def _line_record(organisation, year: int, quarter: int, key: str):
    """The stored value of a sheet row (`i<indicator id>` or `b<sub kegiatan id>`) of the office
    for a quarter, or None; 404 for a row of another office."""
    if key.startswith("i"):
        indicator = get_object_or_404(Indicator, pk=key[1:], node__organisation=organisation)
        return (
            Realisation.objects.select_related("indicator__node")
            .filter(indicator=indicator, year=year, quarter=quarter)
            .first()
        )
    node = get_object_or_404(PlanNode, pk=key[1:], organisation=organisation)
    return (
        BudgetRealisation.objects.select_related("node")
        .filter(node=node, year=year, quarter=quarter)
        .first()
    )


@login_required
@require_POST
def save_all(request, year: int, quarter: int):
    """Save every changed row of the page at once: all rows or none."""
    _check_quarter(quarter)
    organisation = _office(request)
    _require_entry(request, organisation)
    keys = [name.removeprefix("value-") for name in request.POST if name.startswith("value-")]
    errors: dict[str, dict[str, str]] = {}
    saved = 0
    with transaction.atomic():
        for key in keys:
            if not _changed(request, key):
                continue
            try:
                with transaction.atomic():
                    _save_line(request, organisation, year, quarter, key)
                    saved += 1
            except (ValidationError, PermissionDenied, workflow.EditConflict) as error:
                errors[key] = _error_text(error)
        if errors:
            transaction.set_rollback(True)
    if not errors:
        messages.success(request, _("%(count)s baris tersimpan.") % {"count": saved})
        return HttpResponseRedirect(request.get_full_path())
    sheet = entry_sheet(user=request.user, organisation=organisation, year=year, quarter=quarter)
    for line in sheet.lines:
        if line.kind != "heading" and line.key in errors:
            line.errors = errors[line.key]
            line.typed = {
                "value": request.POST.get(f"value-{line.key}", ""),
                "note": request.POST.get(f"note-{line.key}", ""),
            }
    messages.error(
        request,
        _("Tidak ada yang disimpan: %(count)s baris perlu diperbaiki.") % {"count": len(errors)},
    )
    return render(request, "entry/sheet.html", {"sheet": sheet, "quarters": QUARTERS}, status=422)


def _changed(request, key: str) -> bool:
    """A row counts as changed when its value or note differs from what the page showed."""
    post = request.POST
    value, note = post.get(f"value-{key}", ""), post.get(f"note-{key}", "")
    shown_value = post.get(f"shown-value-{key}", "")
    shown_note = post.get(f"shown-note-{key}", "")
    if request.FILES.get(f"evidence-{key}"):
        return True
    return value.strip() != shown_value.strip() or note.strip() != shown_note.strip()


@login_required
@require_POST
def submit_quarter(request, year: int, quarter: int):
    """Submit every draft of the quarter the user may enter (optionally one unit): all or none."""
    _check_quarter(quarter)
    organisation = _office(request)
    _require_entry(request, organisation)
    sheet = entry_sheet(user=request.user, organisation=organisation, year=year, quarter=quarter)
    unit_id = _unit_id(request.POST)
    records = [
        line.current
        for line in sheet.lines
        if line.kind != "heading"
        and line.current is not None
        and line.current.status in workflow.EDITABLE
        and (unit_id is None or line.node.node.unit_id == unit_id)
    ]
    try:
        count = workflow.submit(user=request.user, records=records)
    except (PermissionDenied, ValidationError, workflow.EditConflict) as error:
        messages.error(request, " ".join(_error_text(error).values()))
    else:
        messages.success(
            request, _("%(count)s realisasi diajukan untuk verifikasi.") % {"count": count}
        )
    return redirect(_page_url("entry:sheet", year, quarter, organisation))


def _page_url(name, year, quarter, organisation):
    return f"{reverse(name, args=[year, quarter])}?opd={organisation.code}"


@login_required
def verify_page(request, year: int, quarter: int):
    """Submitted values waiting for this head: verify all, verify one, or return with a reason;
    verified values: reopen with a reason. A refused reason answers on the page, at its row."""
    _check_quarter(quarter)
    organisation = _office(request)
    _require_entry(request, organisation)
    scope = verify_scope(request.user, organisation.pk)
    if scope.empty:
        raise PermissionDenied(_("Anda tidak berhak memverifikasi realisasi."))
    period_for(organisation, year)
    unit_id = _unit_id(request.POST if request.method == "POST" else request.GET)
    row_errors: dict[str, str] = {}
    if request.method == "POST":
        row_errors = _verify_action(request, organisation, scope, year, quarter, unit_id)
        if not row_errors:
            url = _page_url("entry:verify", year, quarter, organisation)
            return redirect(f"{url}&unit={unit_id}" if unit_id else url)
    sheet = verification_sheet(
        user=request.user,
        organisation=organisation,
        scope=scope,
        year=year,
        quarter=quarter,
        unit_id=unit_id,
    )
    for item in sheet.pending + sheet.verified:
        if item.form_id in row_errors:
            item.error = row_errors[item.form_id]
            item.typed = request.POST.get("comment") or request.POST.get("reason") or ""
    return render(
        request,
        "entry/verify.html",
        {
            "organisation": organisation,
            "year": year,
            "quarter": quarter,
            "sheet": sheet,
            "items": sheet.pending,
            "quarters": QUARTERS,
            "units": units_in_scope(organisation, scope),
            "unit_id": unit_id,
        },
        status=422 if row_errors else 200,
    )


def _unit_id(data) -> int | None:
    return ascii_int(data.get("unit"))


def _verify_action(request, organisation, scope, year, quarter, unit_id) -> dict[str, str]:
    """Carry out the posted action; messages say what happened. Returns the refusals that belong
    at a row (a missing reason), keyed by the row's form id."""
    action = request.POST.get("action")
    if action == "verify-all":
        _verify_all(request, organisation, scope, year, quarter, unit_id)
        return {}
    record = _record(request.POST.get("kind"), request.POST.get("pk"), organisation)
    label = record_label(record)
    try:
        version = _version(request.POST.get("version"))
        if version is not None and version != record.version:
            raise workflow.EditConflict(record)
        if action == "verify":
            workflow.verify(user=request.user, records=[record])
            messages.success(request, _("%(record)s terverifikasi.") % {"record": label})
        elif action == "return":
            workflow.send_back(
                user=request.user, record=record, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("%(record)s dikembalikan ke unitnya.") % {"record": label})
        elif action == "reopen":
            workflow.reopen(user=request.user, record=record, reason=request.POST.get("reason", ""))
            messages.success(
                request,
                _("%(record)s dibuka kembali dan dikembalikan ke unitnya.") % {"record": label},
            )
        else:
            raise Http404
    except ValidationError as error:
        if action in ("return", "reopen"):
            form_id = f"{request.POST.get('kind')}-{record.pk}"
            return {form_id: " ".join(_error_text(error).values())}
        messages.error(request, " ".join(_error_text(error).values()))
    except (PermissionDenied, workflow.EditConflict) as error:
        messages.error(request, f"{label}: {' '.join(_error_text(error).values())}")
    return {}


def _verify_all(request, organisation, scope, year, quarter, unit_id) -> None:
    """Verify every waiting value of the page except those the head typed or changed."""
    items = verification_queue(
        organisation=organisation, scope=scope, year=year, quarter=quarter, unit_id=unit_id
    )
    authors = workflow.authorship(item.record for item in items)
    own = [
        item
        for item in items
        if request.user.pk in authors[type(item.record), item.record.pk].editors
    ]
    try:
        count = workflow.verify(
            user=request.user, records=[item.record for item in items if item not in own]
        )
    except (PermissionDenied, ValidationError, workflow.EditConflict) as error:
        messages.error(request, " ".join(_error_text(error).values()))
        return
    messages.success(request, _("%(count)s realisasi terverifikasi.") % {"count": count})
    if own:
        messages.warning(
            request,
            _(
                "%(count)s realisasi yang Anda isi atau ubah sendiri dilewati; verifikasi harus "
                "dilakukan orang lain."
            )
            % {"count": len(own)},
        )


def _record(kind: str | None, pk: str | None, organisation):
    model = RECORD_MODELS.get(kind or "")
    if model is None or ascii_int(pk) is None:
        raise Http404
    if model is Realisation:
        return get_object_or_404(
            Realisation.objects.select_related("indicator__node"),
            pk=pk,
            indicator__node__organisation=organisation,
        )
    return get_object_or_404(
        BudgetRealisation.objects.select_related("node"), pk=pk, node__organisation=organisation
    )


@login_required
@require_GET
def record_history(request, kind: str, pk: int):
    """Who changed a value or status, when, and from what to what."""
    model = RECORD_MODELS.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model, pk=pk)
    scope = record.workflow_scope()
    if not can_read(request.user, scope.organisation_id):
        raise PermissionDenied(REFUSED_READ)
    entries = list(record.history.select_related("history_user").order_by("history_date"))
    changes = []
    previous = None
    for entry in entries:
        changes.append({"entry": entry, "changes": _diff(previous, entry, kind)})
        previous = entry
    return render(
        request,
        "entry/history.html",
        {"record": record, "kind": kind, "changes": list(reversed(changes))},
    )


HISTORY_FIELDS = {
    "indikator": ("value", "grade", "note", "status", "return_comment", "evidence"),
    "anggaran": ("amount", "note", "status", "return_comment"),
}


def _diff(previous, entry, kind):
    """The fields an audit entry changed, as (label, old, new)."""
    model = RECORD_MODELS[kind]
    rows = []
    for name in HISTORY_FIELDS[kind]:
        new = getattr(entry, name)
        old = getattr(previous, name) if previous is not None else None
        if previous is not None and old == new:
            continue
        if previous is None and new in (None, ""):
            continue
        label = model._meta.get_field(name).verbose_name
        if isinstance(new, Decimal) or isinstance(old, Decimal):
            old, new = format_measure(old, empty=""), format_measure(new, empty="")
        if name == "status":
            old = Status(old).label if old else ""
            new = Status(new).label if new else ""
        rows.append((label, "" if old is None else old, "" if new is None else new))
    return rows


@login_required
@require_GET
def evidence(request, pk: int):
    """Serve an evidence file only to users who may read its office, always as a download."""
    record = get_object_or_404(Realisation.objects.select_related("indicator__node"), pk=pk)
    if not record.evidence:
        raise Http404
    if not can_read(request.user, record.indicator.node.organisation_id):
        raise PermissionDenied(REFUSED_READ)
    response = FileResponse(
        record.evidence.open("rb"),
        as_attachment=True,
        filename=record.evidence.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
