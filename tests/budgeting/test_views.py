"""The budget import page through Django's client: upload, map columns, save a profile, apply."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from budgeting.models import BudgetLine, BudgetVersion, ColumnProfile
from renstra.models import Membership, Role, Unit

from .conftest import as_csv, sipd_code, xlsx

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
