"""The people import as its users meet it: the template, the preview, the apply with its
password-set e-mails, a re-import that changes nothing, and every refusal naming sheet, row and
column while the database stays as it was."""

import html
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from performance.choices import PartyKind
from performance.models import Party
from renstra.models import Membership, Organisation, Role, Unit
from renstra.people.models import PeopleImport
from renstra.people.services import OFFICES, UNITS, USERS
from tests.factories import UserFactory
from tests.people.conftest import (
    client_for,
    new_office_book,
    people_book,
    snapshot,
)

User = get_user_model()
pytestmark = pytest.mark.django_db

IMPORT = "/pengguna/impor/"


def upload(client, data: bytes, name: str = "pengguna.xlsx"):
    return client.post(
        reverse("people:upload"), {"workbook": SimpleUploadedFile(name, data)}, follow=False
    )


def apply_url(response) -> str:
    match = re.search(r'action="(/pengguna/impor/terapkan/[^"]+/)"', response.content.decode())
    assert match, "no apply button"
    return match.group(1)


def filled(sheet) -> list[tuple]:
    """The rows below the header that hold something (the template formats empty rows)."""
    return [row for row in sheet.iter_rows(min_row=2, values_only=True) if any(row)]


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


# -- the template -----------------------------------------------------------------------------


def test_the_office_administrators_template_holds_their_office_with_lists(world):
    response = client_for(world["office_admin"]).get(reverse("people:template"))
    assert response.status_code == 200
    assert 'filename="impor-pengguna-dinsos.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Petunjuk", "Perangkat Daerah", "Unit Kerja", "Pengguna"]
    assert "Sheet Pengguna" in " ".join(str(c.value) for c in book["Petunjuk"]["A"])
    for spec in (OFFICES, UNITS, USERS):
        sheet = book[spec.title]
        assert [cell.value for cell in sheet[1]] == list(spec.columns)
    offices = filled(book["Perangkat Daerah"])
    assert [row[:3] for row in offices] == [("dinsos", "Dinas Sosial", "Dinsos")]
    units = {row[1] for row in filled(book["Unit Kerja"])}
    assert units == {"sekretariat", "bidang-rehsos"}
    users = filled(book["Pengguna"])
    assert [row[:5] for row in users] == [
        ("admin-dinsos", None, None, "admin@dinsos.go.id", "Administrator")
    ]
    kinds = book["Unit Kerja"].data_validations.dataValidation[0]
    assert kinds.formula1 == '"Sekretariat,Bidang,Subbagian,Seksi"'
    assert "D2" in str(kinds.sqref)
    roles = book["Pengguna"].data_validations.dataValidation[0]
    assert roles.formula1 == '"Administrator,Perencana,Operator bidang,Pimpinan,Peninjau,Bappeda"'
    assert "E2" in str(roles.sqref)


def test_the_city_administrators_template_is_empty_or_of_the_office_chosen(world):
    client = client_for(world["city_admin"])
    empty = load_workbook(io.BytesIO(client.get(reverse("people:template")).content))
    assert [filled(empty[spec.title]) for spec in (OFFICES, UNITS, USERS)] == [[], [], []]
    chosen = client.get(reverse("people:template"), {"opd": "dinkes"})
    book = load_workbook(io.BytesIO(chosen.content))
    assert book["Perangkat Daerah"]["A2"].value == "dinkes"
    assert book["Pengguna"]["A2"].value == "operator-dinkes"


# -- a new office: preview, apply, invitations --------------------------------------------------


def test_a_new_office_previews_then_applies_and_every_new_user_can_set_a_password(world):
    client = client_for(world["city_admin"])
    before = snapshot()
    preview = upload(client, new_office_book())
    assert preview.status_code == 200
    page = text(preview)
    assert "Baru 7" in page  # 1 office + 3 units + 3 users
    assert "Nama Kepala: - → Ir. Budi Santoso" in page
    assert snapshot() == before  # a preview writes nothing
    assert mail.outbox == []

    done = client.post(apply_url(preview))
    assert done.status_code == 200
    page = text(done)
    assert "Impor pengguna diterapkan" in page
    for username in ("kominfo-admin", "kominfo-op", "kominfo-kadis"):
        assert username in page

    office = Organisation.objects.get(code="dinkominfo")
    assert (office.head_name, office.head_nip) == ("Ir. Budi Santoso", "197001011990031001")
    units = {unit.code: unit for unit in office.units.select_related("parent")}
    assert units["subbag-umum"].kind == Unit.Kind.SUBDIVISION
    assert units["subbag-umum"].parent == units["sekretariat"]
    assert units["bidang-tik"].parent is None
    parties = {(p.kind, p.unit_id): p for p in Party.objects.filter(organisation=office)}
    assert parties[(PartyKind.MAYOR, None)].name == "Fairid Naparin"
    assert parties[(PartyKind.HEAD, None)].rank == "Pembina Utama Muda (IV/c)"
    head = parties[(PartyKind.UNIT_HEAD, units["subbag-umum"].pk)]
    assert (head.title, head.name, head.nip) == ("Kasubbag Umum", "Rina", "198501012010012001")
    memberships = {
        m.user.username: m
        for m in Membership.objects.filter(organisation=office).select_related("user")
    }
    assert memberships["kominfo-op"].role == Role.OPERATOR
    assert memberships["kominfo-op"].unit == units["bidang-tik"]
    assert memberships["kominfo-admin"].role == Role.ADMIN
    assert memberships["kominfo-kadis"].role == Role.HEAD
    assert not User.objects.get(username="kominfo-op").has_usable_password()

    record = PeopleImport.objects.get()
    assert record.imported_by == world["city_admin"]
    recent = text(client.get(reverse("people:import")))
    assert "Impor terakhir" in recent and "admin-kota · pengguna.xlsx · 3 undangan" in recent
    assert record.counts["Pengguna"] == {"new": 3, "changed": 0}
    assert sorted(record.invited) == ["kominfo-admin", "kominfo-kadis", "kominfo-op"]

    assert sorted(message.to[0] for message in mail.outbox) == [
        "ani@kominfo.go.id",
        "budi@kominfo.go.id",
        "oki@kominfo.go.id",
    ]
    message = next(m for m in mail.outbox if m.to == ["oki@kominfo.go.id"])
    assert "kominfo-op" in message.body
    link = re.search(r"http://testserver(/sandi/atur/\S+/)", message.body).group(1)
    visitor = Client()
    form = visitor.get(link, follow=True)
    assert "Atur kata sandi" in text(form)
    password = "Sandi-Baru-Kominfo-2026"
    saved = visitor.post(
        form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert saved.status_code == 302
    assert "Kata sandi Anda tersimpan" in text(visitor.get(saved["Location"]))
    login = Client().post(reverse("login"), {"username": "kominfo-op", "password": password})
    assert login.status_code == 302, text(login)
    # The link is spent.
    assert "tidak berlaku lagi" in text(Client().get(link, follow=True))


def test_re_importing_the_same_file_changes_nothing(world):
    client = client_for(world["city_admin"])
    client.post(apply_url(upload(client, new_office_book())))
    mail.outbox.clear()
    before = snapshot()
    again = upload(client, new_office_book())
    page = text(again)
    assert "Tidak ada perubahan" in page
    assert "Tetap 7" in page
    assert "terapkan" not in again.content.decode()
    assert snapshot() == before
    assert mail.outbox == []


def test_an_office_administrator_round_trips_the_template_of_their_office(world):
    client = client_for(world["office_admin"])
    first = client.get(reverse("people:template")).content
    preview = upload(client, first)
    assert preview.status_code == 200
    client.post(apply_url(preview))  # fills the unit heads' signatory rows
    second = client.get(reverse("people:template")).content
    before = snapshot()
    page = text(upload(client, second))
    assert "Tidak ada perubahan" in page
    assert snapshot() == before


def test_an_existing_user_is_updated_and_not_invited(world):
    client = client_for(world["office_admin"])
    planner = UserFactory(username="perencana-dinsos", email="lama@dinsos.go.id")
    Membership.objects.create(user=planner, role=Role.PLANNER, organisation=world["dinsos"])
    book = people_book(
        users=[
            [
                "perencana-dinsos",
                "Rudi",
                "",
                "baru@dinsos.go.id",
                "Operator bidang",
                "dinsos",
                "bidang-rehsos",
            ]
        ]
    )
    preview = upload(client, book)
    page = text(preview)
    assert "Berubah 1" in page
    assert "Email: lama@dinsos.go.id → baru@dinsos.go.id" in page
    assert "Peran: Perencana (semua bidang) → Operator bidang" in page
    client.post(apply_url(preview))
    planner.refresh_from_db()
    assert (planner.first_name, planner.email) == ("Rudi", "baru@dinsos.go.id")
    assert planner.membership.role == Role.OPERATOR
    assert planner.membership.unit == world["bidang"]
    assert planner.check_password("rahasia-uji-123")  # the password is kept
    assert mail.outbox == []


def test_the_template_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = client_for(world["office_admin"])
    counted = []
    for staff in (2, 40):  # planners of the office in the template
        for number in range(Membership.objects.filter(role=Role.PLANNER).count(), staff):
            user = UserFactory(username=f"staf-{number}")
            Membership.objects.create(user=user, role=Role.PLANNER, organisation=world["dinsos"])
        with django_assert_max_num_queries(12) as queries:
            response = client.get(reverse("people:template"))
        assert response.status_code == 200
        counted.append(len(queries.captured_queries))
    assert counted[0] == counted[1]
    with django_assert_max_num_queries(12):
        assert client.get(reverse("people:import")).status_code == 200


def test_the_preview_does_not_list_the_templates_petunjuk_sheet(world):
    client = client_for(world["office_admin"])
    page = text(upload(client, client.get(reverse("people:template")).content))
    assert "Sheet yang tidak dibaca" not in page
