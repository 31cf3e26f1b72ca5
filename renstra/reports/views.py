"""The reports page, the HTML preview of a report and its Excel and PDF downloads.

Login required; the office is the user's own, or for city-wide roles the one asked for with
`?opd=`; `can_read` decides. `?termasuk=diajukan` counts submitted realisations too, and
`?kertas=f4` prints on F4.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cascading.constants import SUBMITTED_AND_VERIFIED, VERIFIED_ONLY
from renstra.models import Organisation
from renstra.permissions import REFUSED_READ, can_read, readable_organisations
from renstra.scope import organisation_for

from .choices import FileFormat, Paper, ReportKind
from .exports import CONTENT_TYPES, build_document, write_file

INCLUDE_SUBMITTED = "diajukan"


def _organisation(request) -> Organisation:
    organisation = organisation_for(request.user, request.GET.get("opd"))
    if not can_read(request.user, organisation.pk):
        raise PermissionDenied(REFUSED_READ)
    return organisation


def _options(request) -> dict:
    include_submitted = request.GET.get("termasuk") == INCLUDE_SUBMITTED
    paper = request.GET.get("kertas", Paper.A4)
    return {
        "statuses": SUBMITTED_AND_VERIFIED if include_submitted else VERIFIED_ONLY,
        "paper": Paper(paper) if paper in Paper.values else Paper.A4,
    }


@login_required
@require_GET
def index(request):
    """Every report of the office, for each year of its Renstra periods."""
    organisation = _organisation(request)
    periods = list(organisation.periods.order_by("-start_year"))
    options = _options(request)
    return render(
        request,
        "reports/index.html",
        {
            "organisation": organisation,
            "organisations": readable_organisations(request.user),
            "periods": periods,
            "reports": [kind for kind in ReportKind if kind != ReportKind.RENSTRA],
            "renstra": ReportKind.RENSTRA,
            "include_submitted": options["statuses"] == SUBMITTED_AND_VERIFIED,
            "paper": options["paper"],
            "papers": Paper,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def preview(request, kind: ReportKind, year: int):
    document = build_document(
        kind=kind, organisation=_organisation(request), year=year, **_options(request)
    )
    return render(
        request,
        "reports/preview.html",
        {"document": document, "query": request.GET.urlencode()},
    )


@login_required
@require_GET
def download(request, kind: ReportKind, year: int, file_format: FileFormat):
    document = build_document(
        kind=kind, organisation=_organisation(request), year=year, **_options(request)
    )
    content = write_file(document, file_format)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{document.filename}.{file_format}"'
    return response
