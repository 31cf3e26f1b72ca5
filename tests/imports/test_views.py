"""The /impor/ page: login and CSRF required, operators limited to their unit, preview before
apply, the stored upload tied to its user, optimistic locking between preview and apply."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from budgeting.models import BudgetRealisation
from cascading.choices import Status, ValueKind
from cascading.models import Indicator, Realisation
from cascading.services import save_realisation
from renstra.models import Role
from tests.entry.conftest import member
from tests.imports.conftest import realisation_book, snapshot

pytestmark = pytest.mark.django_db

INDEX = reverse("imports:index")
UPLOAD = reverse("imports:upload-realisations")
UPLOAD_PLAN = reverse("imports:upload-plan")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client, data: bytes, status="draft", name="isi.xlsx"):
    return client.post(UPLOAD, {"workbook": SimpleUploadedFile(name, data), "status": status})


def token_of(response) -> str:
    match = re.search(r'action="/impor/terapkan/([A-Za-z0-9_-]+)/', response.content.decode())
    assert match, response.content.decode()
    return match[1]


def row(office, value, quarter=1):
    return [office.sub.code, office.indicator.name, 2024, quarter, value, ""]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", INDEX),
        ("get", reverse("imports:template")),
        ("get", reverse("imports:plan-export", args=[1])),
        ("post", UPLOAD),
        ("post", UPLOAD_PLAN),
        ("post", reverse("imports:apply", args=["x" * 32])),
        ("post", reverse("imports:cancel", args=["x" * 32])),
    ],
)
def test_login_is_required(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_uploads_need_the_csrf_token(office):
    client = Client(enforce_csrf_checks=True)
    client.force_login(office.users["operator_a"])
    before = snapshot()
    response = upload(client, realisation_book(row(office, 5)))
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("role", ["head", "reviewer", "nobody"])
def test_roles_without_entry_cannot_open_the_page(office, role):
    response = client_for(office.users[role]).get(INDEX)
    assert response.status_code in (403, 404)


def test_the_template_holds_what_the_user_may_fill(office):
    response = client_for(office.users["operator_a"]).get(
        reverse("imports:template") + "?tahun=2024&tw=2"
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Realisasi", "Realisasi Anggaran", "Petunjuk"]
    rows = list(book["Realisasi"].values)
    assert rows[0] == ("Kode", "Indikator", "Tahun", "Triwulan", "Realisasi", "Catatan")
    assert (office.sub.code, office.indicator.name, 2024, 2) in [r[:4] for r in rows[1:]]
    assert list(book["Realisasi Anggaran"].values) == [
        ("Kode", "Tahun", "Triwulan", "Realisasi Anggaran"),
        (office.sub.code, 2024, 2, None),
    ]
    other = client_for(office.users["operator_b"]).get(
        reverse("imports:template") + "?tahun=2024&tw=2"
    )
    other_rows = list(load_workbook(io.BytesIO(other.content))["Realisasi"].values)
    assert other_rows == [("Kode", "Indikator", "Tahun", "Triwulan", "Realisasi", "Catatan")]


def test_the_template_is_prefilled_and_reimports_unchanged(office):
    operator = office.users["operator_a"]
    save_realisation(
        user=operator, indicator=office.indicator, year=2024, quarter=1, value="12,5", note="x"
    )
    client = client_for(operator)
    template = client.get(reverse("imports:template") + "?tahun=2024&tw=1").content
    rows = list(load_workbook(io.BytesIO(template))["Realisasi"].values)
    mine = next(values for values in rows if values[1] == office.indicator.name)
    assert mine[4:] == (12.5, "x")
    response = upload(client, template)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tidak ada perubahan" in html
    assert "/impor/terapkan/" not in html


def test_preview_then_apply(office):
    client = client_for(office.users["operator_a"])
    before = snapshot()
    response = upload(client, realisation_book(row(office, "35 Orang")), status="submitted")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Baru" in html and "35" in html
    assert snapshot() == before
    applied = client.post(reverse("imports:apply", args=[token_of(response)]))
    assert applied.status_code == 302
    record = Realisation.objects.get()
    assert (record.value, record.status) == (35, Status.SUBMITTED)
    assert record.history.order_by("history_date").last().history_user == office.users["operator_a"]
    page = client.get(applied["Location"])
    assert (
        "Impor isi.xlsx diterapkan: 1 baru, 0 berubah, 0 tetap, 0 salah." in page.content.decode()
    )


def test_operators_can_only_import_their_units_indicators(office):
    client = client_for(office.users["operator_b"])
    before = snapshot()
    response = upload(client, realisation_book(row(office, 5)))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Anda tidak berhak mengisi realisasi unit ini." in html
    assert "/impor/terapkan/" not in html
    assert snapshot() == before


def test_verified_is_not_offered_to_operators(office):
    client = client_for(office.users["operator_a"])
    assert 'value="verified"' not in client.get(INDEX).content.decode()
    response = upload(client, realisation_book(row(office, 5)), status="verified")
    assert response.status_code == 400
    assert not Realisation.objects.exists()
    assert 'value="verified"' in client_for(office.users["admin"]).get(INDEX).content.decode()


def test_a_file_over_the_limit_is_refused_by_the_form(office, settings):
    settings.RENSTRA_IMPORT_MAX_BYTES = 1024
    response = upload(client_for(office.users["operator_a"]), b"PK\x03\x04" + b"\0" * 2048)
    assert response.status_code == 400
    assert "melebihi batas" in response.content.decode()


def test_an_upload_belongs_to_its_user_and_is_used_once(office):
    client = client_for(office.users["operator_a"])
    token = token_of(upload(client, realisation_book(row(office, 5))))
    stranger = client_for(office.users["planner"])
    response = stranger.post(reverse("imports:apply", args=[token]), follow=True)
    assert "Unggahan tidak ditemukan atau sudah kedaluwarsa" in response.content.decode()
    assert not Realisation.objects.exists()
    assert client.post(reverse("imports:apply", args=[token])).status_code == 302
    again = client.post(reverse("imports:apply", args=[token]), follow=True)
    assert "Unggahan tidak ditemukan" in again.content.decode()
    assert Realisation.objects.get().version == 1


def test_cancel_drops_the_upload(office):
    client = client_for(office.users["operator_a"])
    token = token_of(upload(client, realisation_book(row(office, 5))))
    client.post(reverse("imports:cancel", args=[token]))
    response = client.post(reverse("imports:apply", args=[token]), follow=True)
    assert "Unggahan tidak ditemukan" in response.content.decode()
    assert not Realisation.objects.exists()


def test_a_value_saved_between_preview_and_apply_refuses_the_apply(office):
    operator = office.users["operator_a"]
    save_realisation(user=operator, indicator=office.indicator, year=2024, quarter=1, value="5")
    client = client_for(operator)
    token = token_of(upload(client, realisation_book(row(office, 6), row(office, 9, quarter=2))))
    save_realisation(
        user=office.users["planner"],
        indicator=office.indicator,
        year=2024,
        quarter=1,
        value="7",
        expected_version=1,
    )
    before = snapshot()
    response = client.post(reverse("imports:apply", args=[token]))
    assert response.status_code == 409
    assert "Nilai ini sudah diubah oleh perencana" in response.content.decode()
    assert snapshot() == before


def test_planners_see_the_plan_forms_and_operators_do_not(office):
    assert "Unduh rencana" in client_for(office.users["planner"]).get(INDEX).content.decode()
    operator = client_for(office.users["operator_a"])
    assert "Unduh rencana" not in operator.get(INDEX).content.decode()
    response = operator.post(UPLOAD_PLAN, {"workbook": SimpleUploadedFile("r.xlsx", b"x")})
    assert response.status_code == 403


def test_plan_upload_preview_and_apply(seeded_plan):
    planner = member("perencana-dinsos", Role.PLANNER, seeded_plan)
    client = client_for(planner)
    period = seeded_plan.periods.get(start_year=2024)
    exported = client.get(reverse("imports:plan-export", args=[period.pk]))
    assert exported.status_code == 200
    book = load_workbook(io.BytesIO(exported.content))
    sheet = book["Rencana"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("Nama") + 1).value = "Tujuan yang dirumuskan ulang"
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(
        UPLOAD_PLAN,
        {"workbook": SimpleUploadedFile("rencana.xlsx", buffer.getvalue()), "period": period.pk},
    )
    assert response.status_code == 200
    assert "Tujuan yang dirumuskan ulang" in response.content.decode()
    client.post(reverse("imports:apply", args=[token_of(response)]))
    assert period.nodes.get(code="T1").name == "Tujuan yang dirumuskan ulang"


def test_an_outsider_cannot_export_another_offices_plan(office):
    period = office.sub.period
    response = client_for(office.users["outsider"]).get(
        reverse("imports:plan-export", args=[period.pk]) + f"?opd={office.organisation.code}"
    )
    assert response.status_code == 404


def test_a_filled_template_of_the_seeded_plan_imports_whole(seeded_plan):
    planner = member("perencana-dinsos", Role.PLANNER, seeded_plan)
    client = client_for(planner)
    template = client.get(reverse("imports:template") + f"?opd={seeded_plan.code}&tahun=2025&tw=1")
    book = load_workbook(io.BytesIO(template.content))
    indicators = {
        (indicator.node.code, indicator.name): indicator
        for indicator in Indicator.objects.filter(node__period__start_year=2024).select_related(
            "node"
        )
    }
    for cells in book["Realisasi"].iter_rows(min_row=2):
        indicator = indicators[(cells[0].value, cells[1].value)]
        cells[4].value = "BB" if indicator.value_kind == ValueKind.ORDINAL else "1,5"
    for cells in book["Realisasi Anggaran"].iter_rows(min_row=2):
        cells[3].value = "Rp 1.000.000,00"
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(
        UPLOAD + f"?opd={seeded_plan.code}",
        {"workbook": SimpleUploadedFile("tw1.xlsx", buffer.getvalue()), "status": "draft"},
    )
    assert response.status_code == 200, response.content.decode()[-3000:]
    client.post(reverse("imports:apply", args=[token_of(response)]) + f"?opd={seeded_plan.code}")
    assert Realisation.objects.filter(year=2025, quarter=1, status=Status.DRAFT).count() == 71
    assert BudgetRealisation.objects.filter(year=2025, quarter=1).count() == 51
