"""The budget import page through Django's client: upload, map columns, save a profile, apply."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from budgeting.models import BudgetLine, BudgetVersion, ColumnProfile
from renstra.models import Membership, Role, Unit

from .conftest import SIPD_HEADERS, SIPD_REALISATION_HEADERS, as_csv, sipd_code, xlsx

pytestmark = pytest.mark.django_db
URL = "/anggaran/impor/"


@pytest.fixture
def client_as(client, seeded_plan):
    def log_in(role, unit=None):
        user = get_user_model().objects.create_user(f"u-{role}", password="x")
        Membership.objects.create(user=user, role=role, organisation=seeded_plan, unit=unit)
        client.force_login(user)
        return client

    return log_in


def own_layout(nodes):
    rows = [[sipd_code(node.code), "5.1.02.01.01.0024", Decimal("1000000.00")] for node in nodes]
    return xlsx(["KD SUBKEG", "REK", "NILAI DPA"], rows)


def upload(client, data, name="dpa-kami.xlsx", **fields):
    form = {"kind": "dpa", "year": "2025", "as_of": "", "profile": ""} | fields
    form["workbook"] = SimpleUploadedFile(name, data)
    return client.post(URL + "unggah/", form)


def test_upload_map_save_profile_and_apply(client_as, nodes, seeded_plan):
    client = client_as(Role.PLANNER)
    response = upload(client, own_layout(nodes))
    assert response.status_code == 422
    page = response.content.decode()
    assert "KD SUBKEG · REK · NILAI DPA" in page
    assert "Kolom tidak ditemukan: kode, anggaran." in page
    token = response.context["pending"].token
    mapping = {"kode": "KD SUBKEG", "rekening": "REK", "anggaran": "NILAI DPA"}
    response = client.post(f"{URL}{token}/kolom/", mapping | {"profile_name": "DPA kami"})
    assert response.status_code == 200
    assert response.context["plan"].ok
    assert response.context["sum"] == Decimal("51000000.00")
    assert not BudgetVersion.objects.exists()  # a preview writes nothing
    profile = ColumnProfile.objects.get(organisation=seeded_plan, name="DPA kami")
    assert profile.columns == mapping
    response = client.post(f"{URL}{token}/kolom/", mapping | {"terapkan": "1"})
    assert response.status_code == 302
    assert BudgetLine.objects.filter(version__kind="dpa").count() == 51
    # The saved profile is offered next time and reads the same layout without mapping.
    page = client.get(URL).content.decode()
    assert f'value="profil:{profile.pk}"' in page
    response = upload(client, own_layout(nodes), profile=f"profil:{profile.pk}")
    assert response.status_code == 200 and response.context["plan"].ok


def test_operator_may_import_realisation_but_not_a_dpa(client_as, nodes, seeded_plan):
    unit = Unit.objects.get(organisation=seeded_plan, code="bidang-pemberdayaan-sosial")
    client = client_as(Role.OPERATOR, unit)
    assert upload(client, own_layout(nodes)).status_code == 403
    own = next(node for node in nodes if node.unit_id == unit.pk)
    other = next(node for node in nodes if node.unit_id != unit.pk)
    data = as_csv(
        ["Kode Sub Kegiatan", "Realisasi"],
        [[sipd_code(own.code), "1000"], [sipd_code(other.code), "1000"]],
    )
    response = upload(client, data, name="r.csv", kind="realisasi", as_of="2025-03-31")
    assert response.status_code == 422
    assert "Anda tidak berwenang mengisi realisasi unit sub kegiatan ini." in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"year": "20x5"},
        {"year": "٢٠٢٥"},
        {"kind": "semua"},
        {"as_of": "2025-13-45"},
        {"profile": "profil:../../etc"},
    ],
)
def test_hostile_form_fields_are_refused(client_as, nodes, fields):
    client = client_as(Role.PLANNER)
    response = upload(client, own_layout(nodes), **fields)
    assert response.status_code == 400
    assert not BudgetVersion.objects.exists()


def test_unknown_token_and_foreign_mapping(client_as, nodes):
    client = client_as(Role.PLANNER)
    response = client.post(f"{URL}bukan-token/kolom/", {"kode": "x"})
    assert response.status_code == 302
    token = upload(client, own_layout(nodes)).context["pending"].token
    response = client.post(f"{URL}{token}/kolom/", {"kode": "Judul yang tidak ada"})
    assert response.status_code == 400
    assert "kode" in response.context["form"].errors


def test_reviewer_cannot_open_the_page(client_as):
    client = client_as(Role.REVIEWER)
    assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_the_page_lists_the_stored_versions_and_which_is_in_force(
    client_as, nodes, load, dpa_2025, django_assert_max_num_queries
):
    """DPA 2025 (51 sub kegiatan x 3 accounts, Rp 10.000.000 + i x 1.000.000 each: Rp
    1.785.000.000 in all), then a DPPA of 15-09-2025 for the first sub kegiatan (Rp 8.000.000)
    and a realisation to 30-06-2025 of Rp 4.000.000 on it: today the DPPA is in force for one
    sub kegiatan and the DPA for the other 50."""
    first = nodes[0]
    dppa = [[sipd_code(first.code), first.name, "5.1.02.01.01.0024", "ATK", Decimal("8000000")]]
    assert load("dppa", xlsx(SIPD_HEADERS, dppa), as_of=datetime.date(2025, 9, 15)).ok
    spent = xlsx(
        SIPD_REALISATION_HEADERS,
        [[sipd_code(first.code), first.name, "5.1.02.01.01.0024", "ATK", "8000000", "4000000"]],
    )
    assert load("realisasi", spent, as_of=datetime.date(2025, 6, 30)).ok
    client = client_as(Role.PLANNER)
    with django_assert_max_num_queries(25):
        page = client.get(URL).content.decode()
    table = page[
        page.index('id="budget-versions"') : page.index(
            "</table>", page.index('id="budget-versions"')
        )
    ]
    rows = table.split("<tr data-version=")[1:]
    assert len(rows) == 2
    dppa_row, dpa_row = rows  # the latest first
    assert "DPPA 2025, berlaku 15-09-2025" in dppa_row
    assert 'data-field="total">8.000.000,00<' in dppa_row
    assert 'data-field="in-force">1<' in dppa_row
    assert "DPA 2025, berlaku 01-01-2025" in dpa_row
    assert ">153<" in dpa_row and ">51<" in dpa_row
    assert 'data-field="total">1.785.000.000,00<' in dpa_row
    assert 'data-field="in-force">50<' in dpa_row
    assert "2025: s.d. 30-06-2025, 1 baris, Rp 4.000.000,00" in page


def test_an_office_without_versions_says_the_renstra_pagu_is_used(client_as):
    page = client_as(Role.PLANNER).get(URL).content.decode()
    assert "Belum ada versi anggaran; laporan memakai pagu indikatif Renstra." in page
