"""The SPM page: a year's figures per jenis pelayanan dasar, entered and read in one table.

Login is required and renstra.permissions decides: everybody of the office reads; administrators
and planners enter every service, operators the services of their unit. Every write goes through
spm.services.save_spm_year (all services or none; post/redirect/get on success).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from renstra.models import RenstraPeriod
from renstra.permissions import REFUSED_ENTRY, REFUSED_READ, can_read
from renstra.scope import current_quarter, organisation_for, period_for

from .selectors import PAGE_INPUTS, spm_page
from .services import SpmEntry, SpmEntryRefused, locked_message, save_spm_year


def _office(request):
    organisation = organisation_for(request.user, request.GET.get("opd"))
    if not can_read(request.user, organisation.pk):
        raise PermissionDenied(REFUSED_READ)
    return organisation


def _page_url(organisation, year: int) -> str:
    return f"{reverse('spm:year', args=[year])}?opd={organisation.code}"


def default_year(organisation) -> int:
    """SPM is reported after the year ends: last year, moved into the office's active period."""
    year = current_quarter()[0] - 1
    period = organisation.periods.filter(status=RenstraPeriod.Status.ACTIVE).first()
    if period is not None:
        year = min(max(year, period.start_year), period.end_year)
    return year


@login_required
@require_GET
def spm_start(request):
    organisation = _office(request)
    return redirect(_page_url(organisation, default_year(organisation)))


@login_required
@require_http_methods(["GET", "POST"])
def spm_year_page(request, year: int):
    organisation = _office(request)
    period = period_for(organisation, year)
    page = spm_page(user=request.user, organisation=organisation, year=year)
    status = 200
    if request.method == "POST":
        if not page.editable and page.lock is None:
            raise PermissionDenied(_("Anda tidak berhak mengisi data SPM perangkat daerah ini."))
        status = _save(request, organisation, year, page)
        if status is None:
            return redirect(_page_url(organisation, year))
    return render(
        request,
        "spm/year.html",
        {"organisation": organisation, "period": period, "year": year, "page": page},
        status=status,
    )


def _changed(post, service_pk: int) -> bool:
    """A row counts as changed when one of its inputs differs from what the page showed."""
    return any(
        post.get(f"{name}-{service_pk}", "").strip()
        != post.get(f"shown-{name}-{service_pk}", "").strip()
        for name in PAGE_INPUTS
        if f"{name}-{service_pk}" in post
    )


def _version(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _save(request, organisation, year: int, page) -> int | None:
    """Save the changed rows; None on success (the caller redirects), else the status of the
    answer, `page`'s rows then carrying what the user typed and what is wrong."""
    post = request.POST
    changed = [row for row in page.rows if _changed(post, row.service.pk)]
    if not changed:
        messages.info(request, _("Tidak ada perubahan yang disimpan."))
        return None
    _keep_typed(page, post)
    blocked = [row for row in changed if not row.editable]
    if blocked:
        for row in blocked:
            row.error = locked_message(year) if row.locked else str(REFUSED_ENTRY)
        messages.error(
            request, _("Tidak ada yang disimpan: %(reason)s") % {"reason": blocked[0].error}
        )
        return 403
    entries = [
        SpmEntry(
            service=row.service,
            figures={
                name: post[f"{name}-{row.service.pk}"]
                for name in PAGE_INPUTS
                if f"{name}-{row.service.pk}" in post
            },
            expected_version=_version(post.get(f"version-{row.service.pk}")),
        )
        for row in changed
    ]
    try:
        saved = save_spm_year(
            user=request.user, organisation=organisation, year=year, entries=entries
        )
    except SpmEntryRefused as refused:
        for row in page.rows:
            errors = refused.errors.get(row.service.pk, {})
            row.error = " ".join(text for name, text in errors.items() if name not in PAGE_INPUTS)
            for item in row.inputs:
                item.error = errors.get(item.name, "")
        messages.error(request, str(refused))
        return 422
    except (PermissionDenied, ValidationError) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, _("Tidak ada yang disimpan: %(reason)s") % {"reason": text})
        return 403 if isinstance(error, PermissionDenied) else 422
    count = len(saved)
    if count:
        messages.success(request, _("%(count)s jenis pelayanan tersimpan.") % {"count": count})
    else:
        messages.info(request, _("Tidak ada perubahan yang disimpan."))
    return None


def _keep_typed(page, post) -> None:
    """Every input of the page shows what the user typed, for a refused save's answer."""
    for row in page.rows:
        for item in row.inputs:
            key = f"{item.name}-{row.service.pk}"
            if key in post:
                item.typed = post[key]
