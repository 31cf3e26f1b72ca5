"""An office with a Sekretariat and a Bidang, another office, and an administrator of each kind;
workbook builders for the people import."""

import io

import pytest
from django.test import Client
from openpyxl import Workbook

from performance.choices import PartyKind
from performance.models import Party
from renstra.models import Membership, Organisation, Role, Unit
from renstra.people.services import OFFICES, UNITS, USERS
from tests.factories import OrganisationFactory, UnitFactory, UserFactory


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


NEW_OFFICE = [
    "dinkominfo",
    "Dinas Komunikasi dan Informatika",
    "Diskominfo",
    "Pemerintah Kota Palangka Raya",
    "Palangka Raya",
    "Kepala Dinas Komunikasi dan Informatika",
    "Ir. Budi Santoso",
    "Pembina Utama Muda (IV/c)",
    "197001011990031001",
    "Wali Kota Palangka Raya",
    "Fairid Naparin",
]
NEW_UNITS = [
    # A sub-unit before its Sekretariat: parents are resolved after the whole sheet.
    [
        "dinkominfo",
        "subbag-umum",
        "Subbagian Umum",
        "Subbagian",
        "sekretariat",
        "Kasubbag Umum",
        "Rina",
        "Penata (III/c)",
        "198501012010012001",
        3,
    ],
    [
        "dinkominfo",
        "sekretariat",
        "Sekretariat",
        "Sekretariat",
        "",
        "Sekretaris",
        "Andi",
        "Pembina (IV/a)",
        "197501012000031001",
        1,
    ],
    [
        "dinkominfo",
        "bidang-tik",
        "Bidang TIK",
        "Bidang",
        "",
        "Kepala Bidang TIK",
        "Sari",
        "Pembina (IV/a)",
        "197601012000032001",
        2,
    ],
]
NEW_USERS = [
    ["kominfo-admin", "Ani", "Admin", "ani@kominfo.go.id", "Administrator", "dinkominfo", ""],
    ["kominfo-op", "Oki", "Operator", "oki@kominfo.go.id", "operator", "dinkominfo", "bidang-tik"],
    ["kominfo-kadis", "Budi", "Santoso", "budi@kominfo.go.id", "Pimpinan", "dinkominfo", ""],
]


def people_book(offices=(), units=(), users=(), extra=None) -> bytes:
    sheets = {
        OFFICES.title: [list(OFFICES.columns), *offices],
        UNITS.title: [list(UNITS.columns), *units],
        USERS.title: [list(USERS.columns), *users],
    }
    sheets.update(extra or {})
    return xlsx(sheets)


def new_office_book(**changes) -> bytes:
    return people_book(
        changes.get("offices", [NEW_OFFICE]),
        changes.get("units", NEW_UNITS),
        changes.get("users", NEW_USERS),
    )


def snapshot() -> dict:
    from django.contrib.auth import get_user_model

    from renstra.people.models import PeopleImport

    def rows(model) -> list[str]:
        # Logging in (the test client's force_login) touches last_login; nothing else may.
        names = [f.attname for f in model._meta.concrete_fields if f.name != "last_login"]
        return sorted(map(repr, model.objects.values_list(*names)))

    return {
        model.__name__: rows(model)
        for model in (get_user_model(), Membership, Organisation, Unit, Party, PeopleImport)
    }


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _pending_dir(settings, tmp_path):
    settings.RENSTRA_IMPORT_DIR = tmp_path / "impor"


@pytest.fixture
def world(db):
    """Dinas Sosial (Sekretariat, Bidang) with its administrator, Dinas Kesehatan with a unit and
    a user, a city-wide administrator."""
    dinsos = OrganisationFactory(code="dinsos", name="Dinas Sosial", short_name="Dinsos")
    sekretariat = UnitFactory(
        organisation=dinsos, code="sekretariat", name="Sekretariat", kind=Unit.Kind.SECRETARIAT
    )
    bidang = UnitFactory(organisation=dinsos, code="bidang-rehsos", name="Bidang Rehsos")
    dinkes = OrganisationFactory(code="dinkes", name="Dinas Kesehatan", short_name="Dinkes")
    dinkes_unit = UnitFactory(organisation=dinkes, code="bidang-p2p", name="Bidang P2P")
    office_admin = UserFactory(username="admin-dinsos", email="admin@dinsos.go.id")
    Membership.objects.create(user=office_admin, role=Role.ADMIN, organisation=dinsos)
    city_admin = UserFactory(username="admin-kota", email="admin@kota.go.id")
    Membership.objects.create(user=city_admin, role=Role.ADMIN)
    dinkes_user = UserFactory(username="operator-dinkes", email="op@dinkes.go.id")
    Membership.objects.create(
        user=dinkes_user, role=Role.OPERATOR, organisation=dinkes, unit=dinkes_unit
    )
    Party.objects.create(
        organisation=dinsos, kind=PartyKind.HEAD, title="Kepala Dinas", name="Kepala Uji"
    )
    return {
        "dinsos": dinsos,
        "sekretariat": sekretariat,
        "bidang": bidang,
        "dinkes": dinkes,
        "office_admin": office_admin,
        "city_admin": city_admin,
        "dinkes_user": dinkes_user,
    }
