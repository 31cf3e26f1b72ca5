"""What the people import refuses, and that a refusal changes nothing: wrong roles and units,
rows of another office, duplicate or malformed usernames and e-mails, crafted files, other
users' and stale tokens, and every role but administrators."""

import io

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from renstra.models import Membership, Role
from tests.factories import UserFactory
from tests.people.conftest import (
    NEW_OFFICE,
    NEW_UNITS,
    NEW_USERS,
    client_for,
    new_office_book,
    people_book,
    snapshot,
    xlsx,
)
from tests.people.test_import import apply_url, text, upload

pytestmark = pytest.mark.django_db


def user_row(username="baru", role="Operator", office="dinkominfo", unit="bidang-tik", **kw):
    return [
        username,
        kw.get("first", "Nama"),
        kw.get("last", ""),
        kw.get("email", f"{username}@contoh.go.id"),
        role,
        office,
        unit,
    ]


CITY_CASES = {
    "unknown role": (
        {"users": [user_row(role="Kepala Seksi")]},
        "Sheet Pengguna, baris 2, kolom Peran: Peran 'Kepala Seksi' tidak dikenal",
    ),
    "operator without unit": (
        {"users": [user_row(unit="")]},
        "Sheet Pengguna, baris 2, kolom Kode Unit: Operator harus memiliki unit kerja.",
    ),
    "unit of another office": (
        {"users": [user_row(unit="bidang-p2p")]},
        "Sheet Pengguna, baris 2, kolom Kode Unit: Unit bidang-p2p tidak ada pada perangkat "
        "daerah dinkominfo.",
    ),
    "operator of a sub-unit": (
        {"users": [user_row(unit="subbag-umum")]},
        "Sheet Pengguna, baris 2, kolom Kode Unit: Pilih sekretariat atau bidang",
    ),
    "bappeda with an office": (
        {"users": [user_row(role="Bappeda", unit="")]},
        "Sheet Pengguna, baris 2, kolom Kode Perangkat Daerah: Bappeda bekerja untuk seluruh kota",
    ),
    "duplicate username": (
        {"users": [user_row("Kembar"), user_row("kembar")]},
        "Sheet Pengguna, baris 3, kolom Username: Username kembar tertulis lebih dari sekali.",
    ),
    "malformed username": (
        {"users": [user_row("ani kominfo")]},
        "Sheet Pengguna, baris 2, kolom Username: Username 'ani kominfo' tidak sah",
    ),
    "bad email": (
        {"users": [user_row(email="ani-at-kominfo")]},
        "Sheet Pengguna, baris 2, kolom Email: 'ani-at-kominfo' bukan alamat email yang sah.",
    ),
    "new user without email": (
        {"users": [user_row(email="")]},
        "Sheet Pengguna, baris 2, kolom Email: Email wajib diisi",
    ),
    "unknown office": (
        {"users": [user_row(office="dinas-lain", unit="")]},
        "Sheet Pengguna, baris 2, kolom Kode Perangkat Daerah: Perangkat daerah dinas-lain tidak "
        "ada",
    ),
    "unknown unit kind": (
        {
            "units": [
                *NEW_UNITS[1:],
                ["dinkominfo", "divisi", "Divisi", "Divisi", "", "", "", "", "", 4],
            ]
        },
        "Sheet Unit Kerja, baris 4, kolom Jenis: Jenis 'Divisi' tidak dikenal",
    ),
    "sub-unit without parent": (
        {"units": [[*NEW_UNITS[0][:4], "", *NEW_UNITS[0][5:]], *NEW_UNITS[1:]]},
        "Sheet Unit Kerja, baris 2, kolom Kode Unit Induk: Pilih unit induk untuk subbagian/seksi.",
    ),
    "parent of another office": (
        {"units": [[*NEW_UNITS[0][:4], "bidang-p2p", *NEW_UNITS[0][5:]], *NEW_UNITS[1:]]},
        "Sheet Unit Kerja, baris 2, kolom Kode Unit Induk: Unit induk bidang-p2p tidak ada pada "
        "perangkat daerah dinkominfo.",
    ),
    "office code with spaces": (
        {"offices": [["dinas kominfo", *NEW_OFFICE[1:]]], "units": [], "users": []},
        "Sheet Perangkat Daerah, baris 2, kolom Kode:",
    ),
    "office without a head": (
        {"offices": [[*NEW_OFFICE[:5], "", *NEW_OFFICE[6:]]]},
        "Sheet Perangkat Daerah, baris 2, kolom Jabatan Kepala:",
    ),
    "NIP written as a number": (
        {"offices": [[*NEW_OFFICE[:8], 197001011990031001.0, *NEW_OFFICE[9:]]]},
        "Sheet Perangkat Daerah, baris 2, kolom NIP Kepala: NIP tertulis sebagai angka",
    ),
    "the units of a refused office": (
        {"offices": [[*NEW_OFFICE[:3], "", *NEW_OFFICE[4:]]]},
        "Sheet Unit Kerja, baris 2, kolom Kode Perangkat Daerah: Baris perangkat daerah "
        "dinkominfo ditolak",
    ),
    "too long a mayor's name": (
        {"offices": [[*NEW_OFFICE[:10], "X" * 250]]},
        "Sheet Perangkat Daerah, baris 2, kolom Nama Kepala Daerah:",
    ),
    "a superuser": (
        {"users": [user_row("akar", role="Administrator", unit="")]},
        "Sheet Pengguna, baris 2, kolom Username: Akun superuser tidak dapat diubah lewat impor.",
    ),
}


@pytest.mark.parametrize("case", list(CITY_CASES))
def test_a_refused_row_names_sheet_row_and_column_and_nothing_changes(world, case):
    UserFactory(username="akar", is_superuser=True)
    changes, message = CITY_CASES[case]
    client = client_for(world["city_admin"])
    before = snapshot()
    response = upload(client, new_office_book(**changes))
    assert response.status_code == 422
    page = text(response)
    assert message in page, page[:3000]
    assert "tidak ada yang disimpan" in page
    assert "/pengguna/impor/terapkan/" not in response.content.decode()
    assert snapshot() == before
    assert mail.outbox == []


OFFICE_CASES = {
    "another office's row": (
        {"offices": [["dinkes", "Dinas Kesehatan", "Dinkes", "Pemkot", "Kota", "Kepala", "X"]]},
        "Sheet Perangkat Daerah, baris 2, kolom Kode: Perangkat daerah dinkes bukan perangkat "
        "daerah Anda.",
    ),
    "a new office": (
        {"offices": [NEW_OFFICE]},
        "Sheet Perangkat Daerah, baris 2, kolom Kode: Hanya administrator kota yang boleh "
        "menambah perangkat daerah",
    ),
    "a unit of another office": (
        {"units": [["dinkes", "bidang-baru", "Bidang Baru", "Bidang", "", "", "", "", "", 1]]},
        "Sheet Unit Kerja, baris 2, kolom Kode Perangkat Daerah: Perangkat daerah dinkes bukan "
        "perangkat daerah Anda.",
    ),
    "a user into another office": (
        {"users": [user_row(office="dinkes", unit="bidang-p2p")]},
        "Sheet Pengguna, baris 2, kolom Kode Perangkat Daerah: Perangkat daerah dinkes bukan "
        "perangkat daerah Anda.",
    ),
    "another office's user": (
        {"users": [user_row("operator-dinkes", office="dinsos", unit="bidang-rehsos")]},
        "Sheet Pengguna, baris 2, kolom Username: Pengguna operator-dinkes bukan pengguna "
        "perangkat daerah Anda",
    ),
    "their own role": (
        {"users": [user_row("admin-dinsos", role="Perencana", office="dinsos", unit="")]},
        "Sheet Pengguna, baris 2, kolom Peran: Anda tidak dapat mengubah peran, perangkat daerah "
        "atau unit Anda sendiri lewat impor.",
    ),
    "a city-wide administrator": (
        {"users": [user_row(role="Administrator", office="", unit="")]},
        "Sheet Pengguna, baris 2, kolom Kode Perangkat Daerah: Isi kode perangkat daerah Anda",
    ),
}


@pytest.mark.parametrize("case", list(OFFICE_CASES))
def test_an_office_administrator_may_not_reach_past_their_office(world, case):
    changes, message = OFFICE_CASES[case]
    client = client_for(world["office_admin"])
    before = snapshot()
    response = upload(
        client,
        people_book(changes.get("offices", []), changes.get("units", []), changes.get("users", [])),
    )
    assert response.status_code == 422
    assert message in text(response)
    assert snapshot() == before


def _empty_book() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _formula_book() -> bytes:
    loaded = load_workbook(io.BytesIO(new_office_book()))
    loaded["Pengguna"]["D2"] = '=HYPERLINK("http://contoh","x")'
    buffer = io.BytesIO()
    loaded.save(buffer)
    return buffer.getvalue()


CRAFTED = {
    "text renamed .xlsx": (b"username,email\nani,ani@contoh.go.id\n", "bukan Excel .xlsx"),
    "empty workbook": (_empty_book(), "Berkas Excel kosong"),
    "missing sheet": (
        xlsx({"Perangkat Daerah": [["Kode"]], "Pengguna": [list(NEW_USERS[0])]}),
        "Sheet Perangkat Daerah, baris 1, kolom Nama: kolom tidak ditemukan",
    ),
    "missing Unit Kerja sheet": (
        xlsx(
            {
                "Perangkat Daerah": [
                    [
                        "Kode",
                        "Nama",
                        "Nama Singkat",
                        "Pemerintah Daerah",
                        "Tempat",
                        "Jabatan Kepala",
                        "Nama Kepala",
                        "Pangkat Kepala",
                        "NIP Kepala",
                        "Jabatan Kepala Daerah",
                        "Nama Kepala Daerah",
                    ],
                    NEW_OFFICE,
                ],
                "Pengguna": [
                    [
                        "Username",
                        "Nama Depan",
                        "Nama Belakang",
                        "Email",
                        "Peran",
                        "Kode Perangkat Daerah",
                        "Kode Unit",
                    ],
                ],
            }
        ),
        "Sheet Unit Kerja: sheet tidak ditemukan",
    ),
    "missing header": (
        xlsx(
            {
                "Perangkat Daerah": [["Kode"]],
                "Unit Kerja": [["Kode Unit"]],
                "Pengguna": [["Username", "Nama Depan", "Peran"], ["ani", "Ani", "Operator"]],
            }
        ),
        "Sheet Pengguna, baris 1, kolom Email: kolom tidak ditemukan",
    ),
    "formula": (_formula_book(), "Sheet Pengguna, baris 2, kolom Email: berisi rumus"),
}


@pytest.mark.parametrize("case", list(CRAFTED))
def test_a_crafted_file_is_refused_clearly(world, case):
    data, message = CRAFTED[case]
    client = client_for(world["city_admin"])
    before = snapshot()
    response = upload(client, data)
    assert response.status_code == 422
    assert message in text(response)
    assert snapshot() == before


ROLES = [Role.PLANNER, Role.OPERATOR, Role.HEAD, Role.REVIEWER, Role.BAPPEDA, None]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_but_administrators_is_refused_on_every_page(world, role):
    user = UserFactory(username=f"bukan-admin-{role}")
    if role is not None:
        office = None if role == Role.BAPPEDA else world["dinsos"]
        unit = world["bidang"] if role == Role.OPERATOR else None
        Membership.objects.create(user=user, role=role, organisation=office, unit=unit)
    client = client_for(user)
    before = snapshot()
    token = "a" * 32
    assert client.get(reverse("people:import")).status_code == 403
    assert client.get(reverse("people:template")).status_code == 403
    assert upload(client, new_office_book()).status_code == 403
    assert client.post(reverse("people:apply", args=[token])).status_code == 403
    assert client.post(reverse("people:cancel", args=[token])).status_code == 403
    assert snapshot() == before


def test_anonymous_visitors_are_sent_to_log_in(world):
    response = Client().get(reverse("people:import"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_menu_offers_the_page_to_administrators_only(world):
    assert "Impor Pengguna" in text(client_for(world["office_admin"]).get("/"))
    planner = UserFactory(username="perencana")
    Membership.objects.create(user=planner, role=Role.PLANNER, organisation=world["dinsos"])
    assert "Impor Pengguna" not in text(client_for(planner).get("/"))


def test_another_users_token_is_refused(world):
    preview = upload(client_for(world["city_admin"]), new_office_book())
    other = UserFactory(username="admin-lain")
    Membership.objects.create(user=other, role=Role.ADMIN)
    before = snapshot()
    response = client_for(other).post(apply_url(preview), follow=True)
    assert "Unggahan tidak ditemukan atau sudah kedaluwarsa" in text(response)
    assert snapshot() == before
    assert mail.outbox == []


@pytest.mark.parametrize("token", ["zzz", "a" * 40, "%3Cscript%3E", "..%2E"])
def test_a_garbled_token_is_refused(world, token):
    client = client_for(world["city_admin"])
    response = client.post(f"/pengguna/impor/terapkan/{token}/", follow=True)
    assert response.status_code == 200
    assert "Unggahan tidak ditemukan atau sudah kedaluwarsa" in text(response)


def test_an_expired_upload_is_refused(world, settings):
    client = client_for(world["city_admin"])
    preview = upload(client, new_office_book())
    settings.RENSTRA_IMPORT_PENDING_SECONDS = -1
    before = snapshot()
    response = client.post(apply_url(preview), follow=True)
    assert "sudah kedaluwarsa" in text(response)
    assert snapshot() == before


def test_apply_checks_again_and_refuses_what_changed_since_the_preview(world):
    client = client_for(world["city_admin"])
    preview = upload(client, new_office_book())
    # Meanwhile another administrator gives the username to Dinas Kesehatan's user... and makes
    # it a superuser: the import may no longer touch it.
    UserFactory(username="kominfo-op", is_superuser=True)
    before = snapshot()
    response = client.post(apply_url(preview))
    assert response.status_code == 409
    assert "Sheet Pengguna, baris 3, kolom Username: Akun superuser" in text(response)
    assert snapshot() == before
    assert mail.outbox == []


def test_cancel_drops_the_upload(world):
    client = client_for(world["city_admin"])
    preview = upload(client, new_office_book())
    url = apply_url(preview)
    cancelled = client.post(url.replace("terapkan", "batal"), follow=True)
    assert "Impor dibatalkan" in text(cancelled)
    assert "sudah kedaluwarsa" in text(client.post(url, follow=True))


def _users_book(count: int) -> bytes:
    users = [user_row(f"pengguna-{number}", unit="bidang-tik") for number in range(count)]
    return new_office_book(users=users)


def test_the_preview_reads_a_fixed_number_of_queries(world):
    client = client_for(world["city_admin"])
    counted = []
    for size in (10, 200):
        with CaptureQueriesContext(connection) as queries:
            response = upload(client, _users_book(size))
        assert response.status_code == 200
        assert f"Baru {size + 4}" in text(response)
        counted.append(len(queries))
    assert counted[0] == counted[1], counted
    assert counted[1] <= 20


def test_an_office_administrator_cannot_download_another_offices_template(world):
    client = client_for(world["office_admin"])
    assert client.get(reverse("people:template"), {"opd": "dinkes"}).status_code == 404
    assert client.get(reverse("people:template"), {"opd": "<x>"}).status_code == 404


def test_a_unit_with_an_operator_cannot_become_a_sub_unit(world):
    operator = UserFactory(username="operator-rehsos")
    Membership.objects.create(
        user=operator, role=Role.OPERATOR, organisation=world["dinsos"], unit=world["bidang"]
    )
    client = client_for(world["office_admin"])
    before = snapshot()
    book = people_book(
        units=[
            ["dinsos", "bidang-rehsos", "Seksi Rehsos", "Seksi", "sekretariat", "", "", "", "", 2]
        ]
    )
    response = upload(client, book)
    assert response.status_code == 422
    assert (
        "Sheet Unit Kerja, baris 2, kolom Jenis: Unit ini membawahi subbagian/seksi atau punya "
        "pengguna" in text(response)
    )
    assert snapshot() == before
