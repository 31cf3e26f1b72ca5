"""The reports page, preview and downloads through the browser-facing views, and the command."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from renstra.models import Membership, Role
from renstra.reports.exports import CONTENT_TYPES
from tests.factories import OrganisationFactory, UserFactory
from tests.reports.workbook import Sheet, open_workbook, two_places

pytestmark = pytest.mark.django_db

XLSX = reverse("reports:download", args=["evaluasi-renja", 2025, "xlsx"])


def client_for(username, role, organisation=None) -> Client:
    user = UserFactory(username=username)
    Membership.objects.create(user=user, role=role, organisation=organisation)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        reverse("reports:index"),
        reverse("reports:preview", args=["lkjip", 2025]),
        XLSX,
        reverse("reports:download", args=["renstra", 2024, "pdf"]),
    ],
)
def test_login_required(client, plan, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_other_office_refused(plan):
    outsider = client_for("perencana-lain", Role.PLANNER, OrganisationFactory())
    assert outsider.get(XLSX, {"opd": plan.organisation.code}).status_code == 404
    without_role = Client()
    without_role.force_login(UserFactory(username="tanpa-peran"))
    assert without_role.get(XLSX).status_code == 404


def test_city_wide_reviewer_chooses_the_office(plan):
    OrganisationFactory()
    reviewer = client_for("bappeda", Role.REVIEWER)
    response = reviewer.get(XLSX, {"opd": plan.organisation.code})
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES["xlsx"]
    assert response["Content-Disposition"] == (
        f'attachment; filename="evaluasi-renja-{plan.organisation.code}-2025.xlsx"'
    )


def test_year_outside_every_period_is_not_found(plan):
    planner = client_for("perencana", Role.PLANNER, plan.organisation)
    assert planner.get(reverse("reports:download", args=["lkjip", 2031, "xlsx"])).status_code == 404
    assert planner.get("/laporan/tidak-ada/2025.xlsx").status_code == 404


def program_year_k(content: bytes):
    sheet = Sheet(open_workbook(content).worksheets[0])
    return two_places(sheet.value(sheet.row_of("1.06.02"), "(12)"))


def test_including_submitted_changes_the_figures(plan):
    planner = client_for("perencana", Role.PLANNER, plan.organisation)
    verified = planner.get(XLSX)
    submitted = planner.get(XLSX, {"termasuk": "diajukan"})
    assert program_year_k(verified.content) == 90
    assert program_year_k(submitted.content) == 115


def test_index_lists_every_report_and_year(plan):
    planner = client_for("perencana", Role.PLANNER, plan.organisation)
    response = planner.get(reverse("reports:index"), {"kertas": "f4", "termasuk": "diajukan"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-report="renstra"') == 1
    assert page.count('data-report="evaluasi-renja"') == 3  # 2024, 2025, 2026
    assert reverse("reports:download", args=["lkjip", 2026, "pdf"]) + "?kertas=f4" in page


def test_preview_shows_the_document(plan):
    planner = client_for("perencana", Role.PLANNER, plan.organisation)
    response = planner.get(reverse("reports:preview", args=["evaluasi-renja", 2025]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "EVALUASI TERHADAP HASIL RENJA DINAS UJI LAPORAN TAHUN 2025" in page
    assert "1.050.000,50" in page  # the program's realisasi anggaran in 2025
    assert "Realisasi yang dihitung: hanya yang telah diverifikasi." in page


def cells(content: bytes) -> list:
    workbook = open_workbook(content)
    return [
        (
            sheet.title,
            sorted(str(cells) for cells in sheet.merged_cells.ranges),
            [[cell.value for cell in row] for row in sheet.iter_rows()],
        )
        for sheet in workbook.worksheets
    ]


@pytest.mark.parametrize("report", ["evaluasi-renja", "lkjip"])
def test_command_writes_the_same_workbook_as_the_view(plan, tmp_path, report):
    planner = client_for("perencana", Role.PLANNER, plan.organisation)
    url = reverse("reports:download", args=[report, 2025, "xlsx"])
    from_view = planner.get(url, {"termasuk": "diajukan", "kertas": "f4"}).content
    output = tmp_path / "laporan.xlsx"
    call_command(
        "export_report",
        report,
        "--year=2025",
        "--format=xlsx",
        f"--output={output}",
        f"--organisation={plan.organisation.code}",
        "--include-submitted",
        "--paper=f4",
    )
    assert cells(output.read_bytes()) == cells(from_view)
    assert open_workbook(from_view).worksheets[0].page_setup.paperSize == 14


def test_command_writes_a_pdf(plan, tmp_path):
    output = tmp_path / "renja.pdf"
    call_command("export_report", "renja", "--year=2025", "--format=pdf", f"--output={output}")
    assert output.read_bytes().startswith(b"%PDF")
