"""The budget import page (/anggaran/impor/): upload a Renja, DPA, DPPA, pergeseran or a
realisation file (.xlsx or .csv), map its columns, look at the preview, then apply it. The file
waits server-side under a random token for its own user (as on the realisation import page);
applying reads it again and checks every row again."""

import contextlib
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from renstra.imports import services as pending_files
from renstra.imports.workbook import ImportFileError, max_bytes
from renstra.permissions import REFUSED_ENTRY, REFUSED_READ, can_read, entry_scope
from renstra.scope import organisation_for

from .forms import BudgetUploadForm, MappingForm, profile_columns
from .imports import REALISASI, check_file, import_file
from .models import ColumnProfile
from .selectors import stored_budgets

PENDING_KIND = "anggaran"
SHOWN_TOTALS = 200


def _office(request, *, budget_kind: str | None = None):
    """The office; entering realisations is needed, and for budget documents every unit."""
    organisation = organisation_for(request.user, request.GET.get("opd"))
    if not can_read(request.user, organisation.pk):
        raise PermissionDenied(REFUSED_READ)
    scope = entry_scope(request.user, organisation.pk)
    if scope.empty or (budget_kind not in (None, REALISASI) and not scope.all_units):
        raise PermissionDenied(REFUSED_ENTRY)
    return organisation


def _index_url(organisation) -> str:
    return f"{reverse('budgeting:import')}?opd={organisation.code}"


@login_required
@require_GET
def index(request):
    organisation = _office(request)
    return _index(request, organisation, BudgetUploadForm(organisation=organisation))


def _index(request, organisation, form, status=200):
    versions, realisations = stored_budgets(organisation=organisation, today=timezone.localdate())
    return render(
        request,
        "budgeting/import.html",
        {
            "organisation": organisation,
            "form": form,
            "max_mb": max_bytes() // (1024 * 1024),
            "profiles": ColumnProfile.objects.filter(organisation=organisation),
            "versions": versions,
            "realisations": realisations,
        },
        status=status,
    )


def _arguments(organisation, pending, data: bytes, columns: dict[str, str]) -> dict:
    as_of = pending.options.get("as_of")
    return {
        "organisation": organisation,
        "year": int(pending.options["year"]),
        "kind": pending.options["kind"],
        "data": data,
        "file_name": pending.file_name,
        "columns": columns,
        "as_of": datetime.date.fromisoformat(as_of) if as_of else None,
    }


def _preview(request, organisation, pending, plan, form, status=200):
    totals = sorted(plan.totals.values(), key=lambda total: total.node.code_key)
    return render(
        request,
        "budgeting/import_preview.html",
        {
            "organisation": organisation,
            "pending": pending,
            "plan": plan,
            "form": form,
            "totals": totals[:SHOWN_TOTALS],
            "hidden_totals": max(0, len(totals) - SHOWN_TOTALS),
            "sum": sum((total.amount for total in totals), start=0),
            "index_url": _index_url(organisation),
        },
        status=status,
    )


@login_required
@require_POST
def upload(request):
    organisation = _office(request)
    form = BudgetUploadForm(request.POST, request.FILES, organisation=organisation)
    if not form.is_valid():
        return _index(request, organisation, form, status=400)
    kind = form.cleaned_data["kind"]
    _office(request, budget_kind=kind)
    upload_file = form.cleaned_data["workbook"]
    data = upload_file.read()
    as_of = form.cleaned_data["as_of"]
    pending = pending_files.PendingImport(
        token="",
        kind=PENDING_KIND,
        organisation_id=organisation.pk,
        file_name=upload_file.name[:120],
        sha256="",
        created=0,
        options={
            "kind": kind,
            "year": str(form.cleaned_data["year"]),
            "as_of": as_of.isoformat() if as_of else "",
        },
    )
    columns = profile_columns(organisation, form.cleaned_data["profile"])
    try:
        plan = check_file(user=request.user, **_arguments(organisation, pending, data, columns))
        pending = pending_files.keep_pending(user=request.user, data=data, pending=pending)
    except ImportFileError as error:
        for problem in error.errors:
            form.add_error("workbook", str(problem))
        return _index(request, organisation, form, status=422)
    mapping = MappingForm(headers=plan.headers, initial_columns=plan.columns)
    return _preview(request, organisation, pending, plan, mapping, 200 if plan.ok else 422)


def _pending(request, organisation, token: str):
    try:
        pending, data = pending_files.load_pending(user=request.user, token=token)
    except ImportFileError as error:
        for problem in error.errors:
            messages.error(request, str(problem))
        return None, None
    if pending.organisation_id != organisation.pk or pending.kind != PENDING_KIND:
        raise Http404
    _office(request, budget_kind=pending.options["kind"])
    return pending, data


@login_required
@require_POST
def remap(request, token: str):
    """Check the kept file again with the mapping chosen on the preview (and save it as a
    profile when named); `terapkan` in the form applies it."""
    organisation = _office(request)
    pending, data = _pending(request, organisation, token)
    if pending is None:
        return redirect(_index_url(organisation))
    headers = check_file(user=request.user, **_arguments(organisation, pending, data, {})).headers
    form = MappingForm(request.POST, headers=headers, initial_columns={})
    if not form.is_valid():
        plan = check_file(user=request.user, **_arguments(organisation, pending, data, {}))
        return _preview(request, organisation, pending, plan, form, status=400)
    columns = form.columns()
    name = form.cleaned_data["profile_name"]
    if name:
        # Two saves of the same name at once: the other one won, which is as good.
        with contextlib.suppress(IntegrityError):
            ColumnProfile.objects.update_or_create(
                organisation=organisation, name=name, defaults={"columns": columns}
            )
        messages.success(request, _("Profil kolom '%(name)s' disimpan.") % {"name": name})
    arguments = _arguments(organisation, pending, data, columns)
    if "terapkan" not in request.POST:
        plan = check_file(user=request.user, **arguments)
        return _preview(request, organisation, pending, plan, form, 200 if plan.ok else 422)
    plan = import_file(user=request.user, **arguments)
    if not plan.ok:
        return _preview(request, organisation, pending, plan, form, status=409)
    pending_files.drop_pending(user=request.user, token=token)
    messages.success(
        request,
        _("Impor %(file)s diterapkan: %(nodes)s sub kegiatan, %(rows)s baris.")
        % {"file": pending.file_name, "nodes": len(plan.totals), "rows": plan.row_count},
    )
    return redirect(_index_url(organisation))


@login_required
@require_POST
def cancel(request, token: str):
    organisation = _office(request)
    pending_files.drop_pending(user=request.user, token=token)
    messages.info(request, _("Impor dibatalkan; tidak ada yang diubah."))
    return redirect(_index_url(organisation))
