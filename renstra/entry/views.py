"""Pages for entering quarterly realisations and verifying them.

Every view requires login and asks renstra.permissions; every write goes through a service.
"""

import re
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from budgeting.models import BudgetRealisation
from budgeting.services import save_budget_realisation
from cascading import workflow
from cascading.choices import QUARTERS, Status
from cascading.models import Indicator, PlanNode, Realisation
from cascading.plausibility import ImplausibleValue
from cascading.services import save_realisation
from city.reminders import deadlines, schedule_of
from renstra.numbers import format_measure
from renstra.params import ascii_int
from renstra.permissions import (
    REFUSED_ENTRY,
    REFUSED_READ,
    can_read,
    entry_scope,
    verify_scope,
)
from renstra.scope import (
    default_quarter,
    office_of_request,
    period_for,
    unit_id_from,
)

from .selectors import (
    STATUS_FILTERS,
    SheetFilters,
    entry_sheet,
    record_label,
    submit_preview,
    units_in_scope,
    verification_queue,
    verification_sheet,
)

RECORD_MODELS = {"indikator": Realisation, "anggaran": BudgetRealisation}
LINE_KEY = re.compile(r"[ib][0-9]{1,18}")


def _check_quarter(quarter: int) -> None:
    if quarter not in QUARTERS:
        raise Http404


def _office(request):
    return office_of_request(request)


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
    """Save one line from the posted fields named `<field>-<key>`; returns the record.

    `confirm-<key>` is the user's confirmation of a value that looks implausible."""
    post = request.POST
    confirmed = bool(post.get(f"confirm-{key}"))
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
            confirmed=confirmed,
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
        confirmed=confirmed,
    )


REFUSALS = (ValidationError, PermissionDenied, workflow.EditConflict)


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
def verify_start(request):
    """The verification page of the office's current quarter (the menu links here)."""
    organisation = _office(request)
    year, quarter = default_quarter(organisation)
    return redirect(_page_url("entry:verify", year, quarter, organisation))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry_page(request, year: int, quarter: int):
    """The entry sheet (GET, with its filters); POST saves every changed row at once, all or
    none, and answers on this same URL: a redirect here with "N baris tersimpan", or the sheet
    again with every typed value and note kept and each refused row marked."""
    _check_quarter(quarter)
    organisation = _office(request)
    _require_entry(request, organisation)
    filters = SheetFilters.from_query(request.GET)
    if request.method == "POST":
        return _save_all(request, organisation, year, quarter, filters)
    sheet = entry_sheet(
        user=request.user, organisation=organisation, year=year, quarter=quarter, filters=filters
    )
    if sheet.scope.empty:
        raise PermissionDenied(REFUSED_ENTRY)
    return render(request, "entry/sheet.html", _sheet_context(request, sheet))


def _sheet_context(request, sheet, **extra) -> dict:
    units = units_in_scope(sheet.organisation, sheet.scope)
    return {
        "sheet": sheet,
        "units": units,
        "statuses": STATUS_FILTERS,
        "may_verify": not verify_scope(request.user, sheet.organisation.pk).empty,
        "submit_unit": sheet.filters.unit_id,
        "deadlines": deadlines(schedule_of(sheet.year, sheet.quarter), timezone.localdate()),
        "schedule_year": sheet.year,
        "schedule_quarter": sheet.quarter,
        **extra,
    }


def _sheet_url(request, year, quarter, organisation, filters) -> str:
    query = urlencode({"opd": organisation.code, **filters.params()})
    return f"{reverse('entry:sheet', args=[year, quarter])}?{query}"


@login_required
def save_all_moved(request, year: int, quarter: int):
    """The old address of "Simpan semua": the sheet now saves on its own URL. A GET (a bookmark,
    a refresh) lands on the sheet; a POST is re-sent there (307 keeps the method and body)."""
    _check_quarter(quarter)
    _require_entry(request, _office(request))
    url = reverse("entry:sheet", args=[year, quarter])
    if request.GET:
        url = f"{url}?{request.GET.urlencode()}"
    if request.method == "POST":
        return HttpResponseRedirect(url, status=307)
    return redirect(url)


def _save_all(request, organisation, year, quarter, filters):
    """Save every changed row of the page at once: all rows or none."""
    keys = [name.removeprefix("value-") for name in request.POST if name.startswith("value-")]
    errors: dict[str, dict[str, str]] = {}
    doubtful: set[str] = set()
    saved = 0
    keys = [key for key in keys if LINE_KEY.fullmatch(key) and _changed(request, key)]
    with transaction.atomic():
        _lock_rows(organisation, year, quarter, keys)
        for key in keys:
            try:
                with transaction.atomic():
                    _save_line(request, organisation, year, quarter, key)
                    saved += 1
            except ImplausibleValue as error:
                errors[key] = _error_text(error)
                doubtful.add(key)
            except REFUSALS as error:
                errors[key] = _error_text(error)
        if errors:
            transaction.set_rollback(True)
    if not errors:
        messages.success(request, _("%(count)s baris tersimpan.") % {"count": saved})
        return HttpResponseRedirect(_sheet_url(request, year, quarter, organisation, filters))
    sheet = entry_sheet(
        user=request.user, organisation=organisation, year=year, quarter=quarter, filters=filters
    )
    posted = set(keys)
    for line in sheet.lines:
        if line.kind == "heading" or line.key not in posted:
            continue
        line.typed = _typed(request, line.key)
        line.errors = errors.get(line.key, {})
        line.doubtful = line.key in doubtful or bool(line.typed["confirm"])
    messages.error(
        request,
        _(
            "Tidak ada yang disimpan: %(count)s baris perlu diperbaiki. Nilai yang Anda ketik "
            "masih di kolomnya; berkas bukti dukung perlu dipilih lagi."
        )
        % {"count": len(errors)},
    )
    return render(request, "entry/sheet.html", _sheet_context(request, sheet), status=422)


def _lock_rows(organisation, year: int, quarter: int, keys: list[str]) -> None:
    """Lock the stored rows a page save will change, all at once and in the workflow's order, so
    a bulk submit or verify over the same rows waits for it instead of deadlocking."""
    indicators = [int(key[1:]) for key in keys if key.startswith("i")]
    nodes = [int(key[1:]) for key in keys if key.startswith("b")]
    workflow.locked(
        [
            *BudgetRealisation.objects.filter(
                node__organisation=organisation, node_id__in=nodes, year=year, quarter=quarter
            ),
            *Realisation.objects.filter(
                indicator__node__organisation=organisation,
                indicator_id__in=indicators,
                year=year,
                quarter=quarter,
            ),
        ]
    )


def _typed(request, key: str) -> dict[str, str]:
    post = request.POST
    return {
        "value": post.get(f"value-{key}", ""),
        "note": post.get(f"note-{key}", ""),
        "confirm": post.get(f"confirm-{key}", ""),
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def save_row(request, year: int, quarter: int, key: str):
    """Save one row (htmx): answer with the row re-rendered, with its error if refused. A value
    that looks implausible asks for a confirmation and a note first. A GET lands on the sheet."""
    _check_quarter(quarter)
    organisation = _office(request)
    _require_entry(request, organisation)
    if request.method != "POST":
        rows = (
            Indicator.objects.filter(node__organisation=organisation)
            if key.startswith("i")
            else PlanNode.objects.filter(organisation=organisation)
        )
        get_object_or_404(rows, pk=key[1:])
        return redirect(_page_url("entry:sheet", year, quarter, organisation) + f"#row-{key}")
    errors = {}
    doubtful = False
    try:
        _save_line(request, organisation, year, quarter, key)
    except ImplausibleValue as error:
        errors, doubtful = _error_text(error), True
    except REFUSALS as error:
        errors = _error_text(error)
    sheet = entry_sheet(
        user=request.user, organisation=organisation, year=year, quarter=quarter, only={key}
    )
    if not sheet.lines:
        raise PermissionDenied(REFUSED_ENTRY)
    line = sheet.lines[0]
    if errors:
        line.errors = errors
        line.typed = _typed(request, key)
        line.doubtful = doubtful or bool(line.typed["confirm"])
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
@require_http_methods(["GET", "HEAD", "POST"])
def submit_quarter(request, year: int, quarter: int):
    """Submit every draft of the quarter the user may enter (optionally one unit): all or none.

    GET shows what would happen (how many drafts go, how many rows are still empty) and asks
    for confirmation; the confirmation POSTs here."""
    _check_quarter(quarter)
    organisation = _office(request)
    _require_entry(request, organisation)
    sheet = entry_sheet(user=request.user, organisation=organisation, year=year, quarter=quarter)
    if sheet.scope.empty:
        raise PermissionDenied(REFUSED_ENTRY)
    data = request.POST if request.method == "POST" else request.GET
    unit_id = unit_id_from(data)
    units = units_in_scope(organisation, sheet.scope)
    unit = next((item for item in units if item.pk == unit_id), None)
    preview = submit_preview(sheet, None if unit is None else unit.pk)
    if request.method != "POST":
        return render(
            request,
            "entry/submit_confirm.html",
            {"sheet": sheet, "unit": unit, "preview": preview},
        )
    try:
        count = workflow.submit(user=request.user, records=preview.records)
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
    return unit_id_from(data)


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
    owner = "indicator__node__organisation" if model is Realisation else "node__organisation"
    record = get_object_or_404(model.objects.select_related(owner), pk=pk)
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
        {
            "record": record,
            "label": record_label(record),
            "links": _history_links(request.user, record, scope),
            "kind": kind,
            "changes": list(reversed(changes)),
        },
    )


def _history_links(user, record, scope) -> list[tuple[str, str]]:
    """Where a reader of a value's history goes back to: the pages of that value this user may
    open."""
    organisation = (
        record.indicator.node.organisation
        if isinstance(record, Realisation)
        else record.node.organisation
    )
    office = f"?opd={organisation.code}"
    links = []
    if isinstance(record, Realisation):
        url = reverse("dashboard:indicator", args=[record.indicator_id])
        links.append((_("Halaman indikator"), f"{url}?tahun={scope.year}"))
    if entry_scope(user, organisation.pk).allows(scope.unit_id):
        url = reverse("entry:sheet", args=[scope.year, scope.quarter])
        links.append((_("Lembar isian TW %(quarter)s") % {"quarter": scope.quarter}, url + office))
    if verify_scope(user, organisation.pk).allows(scope.unit_id):
        url = reverse("entry:verify", args=[scope.year, scope.quarter])
        links.append((_("Verifikasi TW %(quarter)s") % {"quarter": scope.quarter}, url + office))
    return links


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
