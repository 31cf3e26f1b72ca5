"""Build a report and write it as Excel or PDF: the one path the views and the command share."""

import datetime
from collections.abc import Callable, Iterable

from django.utils import timezone

from cascading.constants import VERIFIED_ONLY
from city.selectors import pemda_notes, reviewer_name
from renstra.models import Organisation
from renstra.scope import period_for

from . import layouts, selectors
from .choices import FileFormat, Paper, ReportKind
from .document import Document
from .xlsx import write_workbook

CONTENT_TYPES = {
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileFormat.PDF: "application/pdf",
}

BUILDERS: dict[ReportKind, Callable[[layouts.Context], Document]] = {
    ReportKind.RENSTRA: lambda context: layouts.renstra_document(
        context, selectors.renstra_table(period=context.period)
    ),
    ReportKind.RENJA: lambda context: layouts.renja_document(
        context,
        selectors.renja_table(
            organisation=context.organisation, period=context.period, year=context.year
        ),
    ),
    ReportKind.EVALUASI_RENJA: lambda context: layouts.evaluasi_document(
        context,
        selectors.evaluasi_renja_table(
            period=context.period, year=context.year, statuses=context.statuses
        ),
    ),
    ReportKind.LKJIP: lambda context: layouts.lkjip_document(
        context,
        selectors.lkjip_tables(period=context.period, year=context.year, statuses=context.statuses),
    ),
    ReportKind.SPM: lambda context: layouts.spm_document(
        context, selectors.spm_tables(organisation=context.organisation, year=context.year)
    ),
}


def build_document(
    *,
    kind: ReportKind,
    organisation: Organisation,
    year: int,
    statuses: Iterable[str] = VERIFIED_ONLY,
    paper: Paper = Paper.A4,
    today: datetime.date | None = None,
) -> Document:
    """The report `kind` of the office for `year` (for the Renstra table, any year of the period).

    Raises Http404 when no Renstra period of the office covers the year.
    """
    period = period_for(organisation, year)
    context = layouts.Context(
        organisation=organisation,
        period=period,
        year=year,
        paper=paper,
        statuses=tuple(statuses),
        narrative=selectors.narrative_for(organisation=organisation, year=year, report=kind),
        today=today or timezone.localdate(),
        reviewer=reviewer_name(organisation=organisation, year=year)
        if kind == ReportKind.EVALUASI_RENJA
        else "",
        pemda_notes=pemda_notes(period) if kind == ReportKind.RENSTRA else (),
    )
    return BUILDERS[kind](context)


def write_file(document: Document, file_format: FileFormat) -> bytes:
    if file_format == FileFormat.PDF:
        from .pdf import write_pdf  # WeasyPrint loads Pango: only when a PDF is asked for

        return write_pdf(document)
    return write_workbook(document)
