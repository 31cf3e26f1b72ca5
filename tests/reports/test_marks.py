"""Unofficial documents say so on every page and sheet and in their file name: DATA CONTOH for
an office holding demo realisations, DRAF for a report counting values not yet verified. Read
back from the files (PDF text per page, workbook cells and page header/footer) for every report
kind, and from the download's file name."""

import pytest
from django.test import Client
from django.urls import reverse

from cascading.constants import SUBMITTED_AND_VERIFIED
from renstra.models import Membership, Role
from renstra.reports.choices import FileFormat, ReportKind
from renstra.reports.exports import build_document, write_file
from tests.factories import UserFactory
from tests.reports.pdfread import page_texts
from tests.reports.workbook import open_workbook

pytestmark = pytest.mark.django_db

DEMO, DRAFT = "DATA CONTOH", "DRAF"
# The reports that count realisations, and so have a variant including unverified values.
COUNTING = (ReportKind.EVALUASI_RENJA, ReportKind.LKJIP)
YEARS = {ReportKind.RENSTRA: 2024}


def files(organisation, kind, **options) -> tuple[list[str], list]:
    """The PDF's page texts and the workbook's sheets of a report."""
    document = build_document(
        kind=kind, organisation=organisation, year=YEARS.get(kind, 2025), **options
    )
    pages = page_texts(write_file(document, FileFormat.PDF))
    sheets = open_workbook(write_file(document, FileFormat.XLSX)).worksheets
    return pages, sheets


def first_rows(sheet, count: int = 3) -> str:
    return " ".join(str(sheet.cell(row=row, column=1).value or "") for row in range(1, count + 1))


def assert_marked(pages: list[str], sheets: list, mark: str) -> None:
    assert pages and all(mark in page for page in pages)
    for sheet in sheets:
        assert mark in first_rows(sheet), sheet.title
        assert mark in sheet.oddHeader.center.text, sheet.title
        assert mark in sheet.oddFooter.center.text, sheet.title


def assert_unmarked(pages: list[str], sheets: list, mark: str) -> None:
    assert not any(mark in page for page in pages)
    for sheet in sheets:
        assert mark not in first_rows(sheet)
        assert mark not in (sheet.oddHeader.center.text or "")


@pytest.mark.parametrize("kind", list(ReportKind))
def test_demo_office_marks_every_export(plan, kind):
    plan.organisation.demo_data = True
    plan.organisation.save(update_fields=["demo_data"])
    pages, sheets = files(plan.organisation, kind)
    assert_marked(pages, sheets, DEMO)
    assert_unmarked(pages, sheets, DRAFT)


@pytest.mark.parametrize("kind", list(ReportKind))
def test_official_office_exports_unmarked(plan, kind):
    pages, sheets = files(plan.organisation, kind)
    assert_unmarked(pages, sheets, DEMO)
    assert_unmarked(pages, sheets, DRAFT)


@pytest.mark.parametrize("kind", COUNTING)
def test_unverified_variant_is_a_draft_on_every_page(plan, kind):
    pages, sheets = files(plan.organisation, kind, statuses=SUBMITTED_AND_VERIFIED)
    assert_marked(pages, sheets, DRAFT)
    assert_unmarked(pages, sheets, DEMO)


@pytest.mark.parametrize("kind", list(ReportKind))
@pytest.mark.parametrize("file_format", list(FileFormat))
def test_file_names(plan, kind, file_format):
    user = UserFactory(username="perencana")
    Membership.objects.create(user=user, role=Role.PLANNER, organisation=plan.organisation)
    client = Client()
    client.force_login(user)
    code, year = plan.organisation.code, YEARS.get(kind, 2025)
    url = reverse("reports:download", args=[kind, year, file_format])

    def name(**query) -> str:
        disposition = client.get(url, query)["Content-Disposition"]
        return disposition.removeprefix('attachment; filename="').removesuffix('"')

    official = f"{kind}-{code}-{year}"
    assert name() == f"{official}.{file_format}"
    unverified = name(termasuk="diajukan")
    if kind in COUNTING:
        assert unverified == f"{official}-DRAF.{file_format}"
    else:  # the report counts no realisations: the variant is the official document
        assert unverified == f"{official}.{file_format}"
    plan.organisation.demo_data = True
    plan.organisation.save(update_fields=["demo_data"])
    assert name() == f"{official}-DATA-CONTOH.{file_format}"
    if kind in COUNTING:
        assert name(termasuk="diajukan") == f"{official}-DRAF-DATA-CONTOH.{file_format}"
