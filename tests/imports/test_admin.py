"""Import and export in the Django admin go through the same services as the /impor/ page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from budgeting.models import BudgetRealisation
from cascading.models import Realisation
from tests.factories import UserFactory
from tests.imports.conftest import realisation_book, snapshot, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def start_import(client, model: str, data: bytes, **fields):
    return client.post(
        reverse(f"admin:{model}_import"),
        {"import_file": SimpleUploadedFile("isi.xlsx", data), "format": "0", **fields},
    )


def confirm(client, model: str, response):
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(reverse(f"admin:{model}_process_import"), data)


def test_realisations_import_previews_then_applies(admin_client, office):
    data = realisation_book([office.sub.code, office.indicator.name, 2024, 1, "35 Orang", ""])
    fields = {"organisation": office.organisation.pk, "status": "submitted"}
    before = snapshot()
    preview = start_import(admin_client, "cascading_realisation", data, **fields)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Baru" in html and "Realisasi:  → 35" in html
    assert snapshot() == before
    done = confirm(admin_client, "cascading_realisation", preview)
    assert done.status_code == 302
    record = Realisation.objects.get()
    assert (record.value, record.status) == (35, "submitted")
    assert record.history.order_by("history_date").last().history_user.username == "root"


def test_budget_sheet_of_a_combined_workbook(admin_client, office):
    data = realisation_book(budget=[[office.sub.code, 2024, 2, "Rp 1.000.000"]])
    fields = {"organisation": office.organisation.pk, "status": "draft"}
    preview = start_import(admin_client, "budgeting_budgetrealisation", data, **fields)
    confirm(admin_client, "budgeting_budgetrealisation", preview)
    assert BudgetRealisation.objects.get().amount == 1000000


def test_refusals_are_shown_in_indonesian_and_nothing_changes(admin_client, office):
    fields = {"organisation": office.organisation.pk, "status": "draft"}
    bad_row = [office.sub.code, office.indicator.name, 2024, 5, "sepuluh", ""]
    before = snapshot()
    response = start_import(
        admin_client, "cascading_realisation", realisation_book(bad_row), **fields
    )
    html = response.content.decode()
    assert "Triwulan harus 1 sampai 4 (tertulis: &#x27;5&#x27;)" in html
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    formula = xlsx(
        {
            "Realisasi": [
                ["Kode", "Indikator", "Tahun", "Triwulan", "Realisasi", "Catatan"],
                ["x", "", 2024, 1, "=1+1", ""],
            ]
        }
    )
    response = start_import(admin_client, "cascading_realisation", formula, **fields)
    assert "berisi rumus" in response.content.decode()
    assert snapshot() == before


def test_realisations_export_in_the_import_format(admin_client, office):
    Realisation.objects.create(indicator=office.indicator, year=2024, quarter=3, value=12)
    response = admin_client.post(
        reverse("admin:cascading_realisation_export"),
        {
            "format": "0",
            **{
                f"realisationresource_{name}": "on"
                for name in ("kode", "indikator", "tahun", "triwulan", "realisasi", "catatan")
            },
        },
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows == [
        ("Kode", "Indikator", "Tahun", "Triwulan", "Realisasi", "Catatan"),
        (office.sub.code, office.indicator.name, 2024, 3, 12, None),
    ]


def test_plan_export_and_import_in_the_admin(admin_client, seeded_plan):
    period = seeded_plan.periods.get(start_year=2024)
    exported = admin_client.post(reverse("admin:cascading_plannode_export"), {"format": "0"})
    assert exported.status_code == 200
    rows = list(load_workbook(io.BytesIO(exported.content)).active.values)
    assert rows[0][:4] == ("Tingkat", "Kode", "Kode Induk", "Nama")
    assert "Target 2019" in rows[0] and "Target 2026" in rows[0]
    header = ["Tingkat", "Kode", "Kode Induk", "Nama", "Indikator", "Satuan"]
    plan_only = xlsx({"Rencana": [header, ["Tujuan", "T2", "", "Tujuan kedua", "", ""]]})
    preview = start_import(admin_client, "cascading_plannode", plan_only, period=period.pk)
    assert preview.status_code == 200
    confirm(admin_client, "cascading_plannode", preview)
    assert period.nodes.get(code="T2").name == "Tujuan kedua"
