"""The reports page, the HTML preview of a report and its Excel and PDF downloads; the whole
LKjIP and SPM documents: the page editing their chapter texts and their PDF and Word files.

Login required; the office is the user's own, or for city-wide roles the one asked for with
`?opd=`; `can_read` decides. `?termasuk=diajukan` counts submitted realisations too, and
`?kertas=f4` prints on F4.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cascading.constants import SUBMITTED_AND_VERIFIED, VERIFIED_ONLY
from renstra.models import Organisation
from renstra.params import ascii_int
from renstra.permissions import (
    REFUSED_READ,
    REFUSED_WRITE_REPORT,
    can_read,
    can_write_reports,
    readable_organisations,
)
from renstra.scope import organisation_for

from .choices import DocumentFormat, FileFormat, Paper, ReportKind, WholeDocument
from .exports import CONTENT_TYPES, build_document, write_file
from .naskah import Naskah, Section, build_naskah, digest
from .services import TextChange, TextsRefused, save_document_texts

DOCUMENT_CONTENT_TYPES = {
    DocumentFormat.PDF: "application/pdf",
    DocumentFormat.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
}

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
            "whole_documents": list(WholeDocument),
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
        {
            "document": document,
            "query": request.GET.urlencode(),
            "whole": WholeDocument(kind) if kind in WholeDocument.values else None,
        },
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


# --- Whole documents: chapter texts, PDF and Word ---------------------------------------------


@dataclass
class EditedSection:
    """A section on the editing page: what the textarea holds and what is wrong with it."""

    section: Section
    text: str
    chapter: str = ""
    error: str = ""


@login_required
@require_http_methods(["GET", "POST"])
def naskah_edit(request, kind: WholeDocument, year: int):
    """The chapter texts of the office's whole LKjIP or SPM document for `year`: one textarea per
    section, showing the automatic draft until a text is saved. Everyone who reads the office's
    reports sees it; its administrators and planning staff save it."""
    organisation = _organisation(request)
    writable = can_write_reports(request.user, organisation.pk)
    options = _options(request)
    naskah = build_naskah(kind=kind, organisation=organisation, year=year, **options)
    rows = [
        EditedSection(section, section.text, chapter=chapter.title)
        for chapter in naskah.chapters
        for section in chapter.sections
    ]
    status = 200
    if request.method == "POST":
        if not writable:
            raise PermissionDenied(REFUSED_WRITE_REPORT)
        status = _save_texts(request, organisation, naskah, rows)
        if status is None:
            url = reverse("reports:naskah", args=[kind, year])
            query = request.GET.urlencode()
            return redirect(f"{url}?{query}" if query else url)
    return render(
        request,
        "reports/naskah.html",
        {
            "naskah": naskah,
            "rows": rows,
            "writable": writable,
            "query": request.GET.urlencode(),
        },
        status=status,
    )


def _save_texts(request, organisation: Organisation, naskah: Naskah, rows) -> int | None:
    """Save the edited sections (and the one restored to its draft); None on success, else the
    status of the answer, `rows` then holding what the user typed and what is wrong."""
    post = request.POST
    keys = [row.section.key for row in rows]
    restore = post.get("pulihkan", "")
    if restore and restore not in keys:
        messages.error(request, _("Bagian naskah tidak dikenal; tidak ada yang disimpan."))
        return 400
    changes, refused = {}, False
    for row in rows:
        key = row.section.key
        field = f"naskah-{key}"
        if field not in post and key != restore:
            continue
        if field in post:
            row.text = post[field]
        version = ascii_int(post.get(f"versi-{key}"))
        if version is None:
            row.error = _("Versi naskah tidak sah; muat ulang halaman.")
            refused = True
            continue
        if key == restore:
            changes[key] = TextChange(text="", expected_version=version)
        elif digest(row.text) != post.get(f"sidik-{key}"):
            changes[key] = TextChange(text=row.text, expected_version=version)
    if refused:
        messages.error(request, _("Tidak ada yang disimpan: isian formulir tidak sah."))
        return 400
    if not changes:
        messages.info(request, _("Tidak ada perubahan yang disimpan."))
        return None
    try:
        saved = save_document_texts(
            user=request.user,
            organisation=organisation,
            year=naskah.report.year,
            document=naskah.kind,
            changes=changes,
        )
    except TextsRefused as error:
        for row in rows:
            row.error = error.errors.get(row.section.key, "")
        messages.error(request, str(error))
        return 409
    if restore:
        messages.success(request, _("Bagian naskah dikembalikan ke draf otomatis."))
    if saved:
        messages.success(request, _("%(count)s bagian naskah tersimpan.") % {"count": len(saved)})
    elif not restore:
        messages.info(request, _("Tidak ada perubahan yang disimpan."))
    return None


@login_required
@require_GET
def naskah_download(request, kind: WholeDocument, year: int, file_format: DocumentFormat):
    naskah = build_naskah(
        kind=kind, organisation=_organisation(request), year=year, **_options(request)
    )
    if file_format == DocumentFormat.PDF:
        from .pdf import write_naskah_pdf  # WeasyPrint loads Pango: only when a PDF is asked for

        content = write_naskah_pdf(naskah)
    else:
        from .word import write_docx

        content = write_docx(naskah)
    response = HttpResponse(content, content_type=DOCUMENT_CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{naskah.filename}.{file_format}"'
    return response
