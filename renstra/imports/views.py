"""The import page (/impor/): download a template, upload a workbook, look at the preview, then
apply it. The uploaded file waits server-side under a random token for its own user; applying
reads that file again and runs every check again, so nothing the browser sends back is trusted
but the token."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cascading.choices import QUARTERS
from renstra.entry.selectors import entry_sheet
from renstra.models import RenstraPeriod
from renstra.permissions import REFUSED_ENTRY, REFUSED_READ, can_read, entry_scope
from renstra.scope import organisation_for, requested_quarter

from . import plan, resources, services
from .forms import XLSX, PlanUploadForm, RealisationUploadForm
from .workbook import ImportFileError, max_bytes


def _office(request):
    organisation = organisation_for(request.user, request.GET.get("opd"))
    if not can_read(request.user, organisation.pk):
        raise PermissionDenied(REFUSED_READ)
    if entry_scope(request.user, organisation.pk).empty:
        raise PermissionDenied(REFUSED_ENTRY)
    return organisation


def _may_import_plan(user, organisation) -> bool:
    return entry_scope(user, organisation.pk).all_units


def _index_url(organisation) -> str:
    return f"{reverse('imports:index')}?opd={organisation.code}"


def _download(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _index(request, organisation, *, realisation_form=None, plan_form=None, status=200):
    year, quarter = requested_quarter(request, organisation)
    may_plan = _may_import_plan(request.user, organisation)
    context = {
        "organisation": organisation,
        "year": year,
        "quarter": quarter,
        "quarters": QUARTERS,
        "periods": organisation.periods.order_by("start_year"),
        "realisation_form": realisation_form
        or RealisationUploadForm(user=request.user, organisation=organisation),
        "plan_form": (plan_form or PlanUploadForm(organisation=organisation)) if may_plan else None,
        "max_mb": max_bytes() // (1024 * 1024),
    }
    return render(request, "imports/index.html", context, status=status)


@login_required
@require_GET
def index(request):
    return _index(request, _office(request))


@login_required
@require_GET
def template(request):
    """The realisation workbook for a quarter, with what the user may fill in it."""
    organisation = _office(request)
    year, quarter = requested_quarter(request, organisation)
    sheet = entry_sheet(user=request.user, organisation=organisation, year=year, quarter=quarter)
    data = resources.realisation_template(lines=sheet.editable_lines, year=year, quarter=quarter)
    return _download(data, f"realisasi-{organisation.code}-{year}-tw{quarter}.xlsx")


@login_required
@require_GET
def plan_export(request, period_id: int):
    organisation = organisation_for(request.user, request.GET.get("opd"))
    if not can_read(request.user, organisation.pk):
        raise PermissionDenied(REFUSED_READ)
    period = get_object_or_404(RenstraPeriod, pk=period_id, organisation=organisation)
    data = plan.plan_workbook(period)
    name = f"rencana-{organisation.code}-{period.start_year}-{period.end_year}.xlsx"
    return _download(data, slugify(name.removesuffix(".xlsx")) + ".xlsx")


def _show(request, organisation, preview, pending=None, status=200):
    return render(
        request,
        "imports/preview.html",
        {
            "organisation": organisation,
            "preview": preview,
            "pending": pending,
            "index_url": _index_url(organisation),
        },
        status=status,
    )


def _keep(request, organisation, preview, data, upload, **extra):
    """Keep the upload for confirmation when the preview found changes and no error; a file
    the user's upload quota cannot hold becomes the preview's error."""
    if not (preview.ok and preview.has_changes):
        return None
    pending = services.PendingImport(
        token="",
        kind=preview.kind,
        organisation_id=organisation.pk,
        file_name=upload.name,
        sha256="",
        created=0,
        versions=preview.versions,
        **extra,
    )
    try:
        return services.keep_pending(user=request.user, data=data, pending=pending)
    except ImportFileError as error:
        preview.file_errors.extend(error.errors)
        return None


@login_required
@require_POST
def upload_realisations(request):
    organisation = _office(request)
    form = RealisationUploadForm(
        request.POST, request.FILES, user=request.user, organisation=organisation
    )
    if not form.is_valid():
        return _index(request, organisation, realisation_form=form, status=400)
    upload = form.cleaned_data["workbook"]
    data = upload.read()
    status = form.cleaned_data["status"]
    preview = services.import_realisations(
        user=request.user,
        organisation=organisation,
        data=data,
        file_name=upload.name,
        status=status,
        commit=False,
    )
    pending = _keep(request, organisation, preview, data, upload, status=status)
    return _show(request, organisation, preview, pending, status=200 if preview.ok else 422)


@login_required
@require_POST
def upload_plan(request):
    organisation = _office(request)
    if not _may_import_plan(request.user, organisation):
        raise PermissionDenied(plan.REFUSED_PLAN)
    form = PlanUploadForm(request.POST, request.FILES, organisation=organisation)
    if not form.is_valid():
        return _index(request, organisation, plan_form=form, status=400)
    upload = form.cleaned_data["workbook"]
    data = upload.read()
    period = form.cleaned_data["period"]
    preview = plan.import_plan(
        user=request.user, period=period, data=data, file_name=upload.name, commit=False
    )
    pending = _keep(request, organisation, preview, data, upload, period_id=period.pk)
    return _show(request, organisation, preview, pending, status=200 if preview.ok else 422)


@login_required
@require_POST
def apply(request, token: str):
    """Apply a previewed upload: the stored file is read and checked again, as one transaction."""
    organisation = _office(request)
    try:
        pending, data = services.load_pending(user=request.user, token=token)
    except ImportFileError as error:
        for problem in error.errors:
            messages.error(request, str(problem))
        return redirect(_index_url(organisation))
    if pending.organisation_id != organisation.pk:
        raise Http404
    if pending.kind == plan.PLAN.kind:
        period = get_object_or_404(RenstraPeriod, pk=pending.period_id, organisation=organisation)
        preview = plan.import_plan(
            user=request.user, period=period, data=data, file_name=pending.file_name, commit=True
        )
    else:
        preview = services.import_realisations(
            user=request.user,
            organisation=organisation,
            data=data,
            file_name=pending.file_name,
            status=pending.status,
            commit=True,
            expected=pending.versions,
        )
    services.drop_pending(user=request.user, token=token)
    if not preview.applied:
        return _show(request, organisation, preview, status=409)
    messages.success(
        request,
        _("Impor %(file)s diterapkan: %(summary)s.")
        % {"file": pending.file_name, "summary": preview.summary()},
    )
    return redirect(_index_url(organisation))


@login_required
@require_POST
def cancel(request, token: str):
    organisation = _office(request)
    services.drop_pending(user=request.user, token=token)
    messages.info(request, _("Impor dibatalkan; tidak ada yang diubah."))
    return redirect(_index_url(organisation))
