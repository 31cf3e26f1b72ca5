"""The people import (/pengguna/impor/): download the template, upload a workbook, look at the
preview, apply it, see whom the password-set links went to. Administrators only; the upload
waits server-side under a random token for its own user, and applying reads and checks it again.

The password-set page (/sandi/atur/<uidb64>/<token>/) is where the invitation e-mails lead."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from renstra.imports import services as pending_uploads
from renstra.imports.forms import XLSX, UploadForm
from renstra.imports.workbook import ImportFileError, max_bytes
from renstra.models import Organisation
from renstra.permissions import REFUSED_ADMIN
from renstra.scope import organisation_for

from . import services
from .models import PeopleImport
from .template import office_for_template, template_workbook

RECENT_IMPORTS = 10


def _importer(request) -> services.Importer:
    """The importer, refused unless an administrator; an office named with ?opd= must be one
    the user reads (404 otherwise), as on every other page."""
    importer = services.Importer.of(request.user)
    if importer is None:
        raise PermissionDenied(REFUSED_ADMIN)
    code = request.GET.get("opd")
    if code:
        organisation_for(request.user, code)
    return importer


def _index(request, importer, *, form=None, status=200):
    offices = (
        Organisation.objects.order_by("name").only("code", "name") if importer.city_wide else None
    )
    recent = PeopleImport.objects.select_related("imported_by")
    if not importer.city_wide:
        recent = recent.filter(imported_by__membership__organisation_id=importer.organisation_id)
    context = {
        "importer": importer,
        "offices": offices,
        "form": form or UploadForm(),
        "max_mb": max_bytes() // (1024 * 1024),
        "recent": recent[:RECENT_IMPORTS],
    }
    return render(request, "people/index.html", context, status=status)


@login_required
@require_GET
def index(request):
    return _index(request, _importer(request))


@login_required
@require_GET
def template(request):
    """The workbook to fill: an office administrator's carries their office; a city-wide
    administrator's carries the office chosen (?opd=kode), or none."""
    importer = _importer(request)
    if importer.city_wide:
        office = office_for_template(request.GET.get("opd"))
    else:
        code = Organisation.objects.filter(pk=importer.organisation_id).values_list(
            "code", flat=True
        )
        office = office_for_template(code.first())
    response = HttpResponse(template_workbook(office), content_type=XLSX)
    name = f"impor-pengguna-{office.code}.xlsx" if office else "impor-pengguna.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _show(request, preview, pending=None, status=200):
    return render(
        request, "people/preview.html", {"preview": preview, "pending": pending}, status=status
    )


@login_required
@require_POST
def upload(request):
    importer = _importer(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _index(request, importer, form=form, status=400)
    workbook = form.cleaned_data["workbook"]
    data = workbook.read()
    preview, _outcome = services.import_file(
        user=request.user, data=data, file_name=workbook.name, commit=False
    )
    pending = None
    if preview.ok and preview.has_changes:
        waiting = pending_uploads.PendingImport(
            token="",
            kind=services.KIND,
            organisation_id=importer.organisation_id or 0,
            file_name=workbook.name,
            sha256="",
            created=0,
        )
        try:
            pending = pending_uploads.keep_pending(user=request.user, data=data, pending=waiting)
        except ImportFileError as error:
            preview.file_errors.extend(error.errors)
    return _show(request, preview, pending, status=200 if preview.ok else 422)


def _gone(request, errors):
    for problem in errors:
        messages.error(request, str(problem))
    return redirect("people:import")


@login_required
@require_POST
def apply(request, token: str):
    """Apply a previewed upload: the stored file is read and checked again, in one transaction;
    then the new users are mailed their password-set links."""
    _importer(request)
    try:
        pending, data = pending_uploads.load_pending(user=request.user, token=token)
    except ImportFileError as error:
        return _gone(request, error.errors)
    if pending.kind != services.KIND:
        return _gone(request, [_("Unggahan ini bukan impor pengguna; unggah ulang berkasnya.")])
    preview, outcome = services.import_file(
        user=request.user,
        data=data,
        file_name=pending.file_name,
        commit=True,
        base_url=request.build_absolute_uri("/"),
    )
    pending_uploads.drop_pending(user=request.user, token=token)
    if outcome is None:
        return _show(request, preview, status=409)
    return render(request, "people/done.html", {"outcome": outcome, "preview": preview})


@login_required
@require_POST
def cancel(request, token: str):
    _importer(request)
    pending_uploads.drop_pending(user=request.user, token=token)
    messages.info(request, _("Impor dibatalkan; tidak ada yang diubah."))
    return redirect("people:import")


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Where an invited user chooses their first password (the link is valid once)."""

    template_name = "people/password_set.html"
    success_url = reverse_lazy("password_set_done")


class PasswordSetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "people/password_set_done.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"login_url": reverse("login")}
