"""Who reaches the city's pages, and what the Bappeda role may not do."""

import pytest
from django.core.exceptions import ValidationError

from renstra.models import Membership, Role
from renstra.permissions import (
    can_administer,
    can_enter,
    can_manage_city,
    can_read,
    can_read_city,
    can_verify,
    readable_organisations,
)
from tests.factories import UserFactory

from .conftest import client_for, generated_office, member

URL = "/kota/"


@pytest.fixture
def office(db):
    return generated_office(1)


@pytest.fixture
def users(office, bappeda):
    unit = office.units.get()
    return {
        "bappeda": bappeda,
        "city_admin": member("admin-kota", Role.ADMIN),
        "city_reviewer": member("peninjau-kota", Role.REVIEWER),
        "admin": member("admin-opd", Role.ADMIN, office),
        "planner": member("perencana-opd", Role.PLANNER, office),
        "operator": member("operator-opd", Role.OPERATOR, office, unit),
        "head": member("kadis-opd", Role.HEAD, office),
        "reviewer": member("peninjau-opd", Role.REVIEWER, office),
        "nobody": UserFactory(username="tanpa-peran"),
    }


@pytest.mark.parametrize("name", ["bappeda", "city_admin", "city_reviewer"])
def test_city_wide_users_read_the_city_dashboard(users, name):
    response = client_for(users[name]).get(URL)
    assert response.status_code == 200
    assert 'id="nav-city"' in response.content.decode()


@pytest.mark.parametrize("name", ["admin", "planner", "operator", "head", "reviewer", "nobody"])
def test_office_users_are_refused(users, name):
    response = client_for(users[name]).get(URL)
    assert response.status_code == 403


def test_anonymous_is_sent_to_login(db):
    response = client_for(UserFactory(username="x")).get(URL)
    assert response.status_code == 403
    from django.test import Client

    response = Client().get(URL)
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_bappeda_reads_every_office_and_writes_none(users, office):
    bappeda = users["bappeda"]
    unit = office.units.get()
    assert can_read(bappeda, office.pk)
    assert list(readable_organisations(bappeda)) == [office]
    assert not can_enter(bappeda, office.pk, unit.pk)
    assert not can_verify(bappeda, office.pk, unit.pk)
    assert not can_administer(bappeda, office.pk)
    assert can_read_city(bappeda) and can_manage_city(bappeda)


@pytest.mark.parametrize(
    ("name", "manages"),
    [
        ("city_admin", True),
        ("city_reviewer", False),
        ("admin", False),
        ("planner", False),
        ("head", False),
        ("nobody", False),
    ],
)
def test_who_manages_the_city(users, name, manages):
    assert can_manage_city(users[name]) is manages


def test_bappeda_cannot_enter_or_verify_through_the_pages(users, office):
    client = client_for(users["bappeda"])
    sheet = client.get(f"/realisasi/2024/tw1/?opd={office.code}")
    assert sheet.status_code == 403
    verify = client.get(f"/verifikasi/2024/tw1/?opd={office.code}")
    assert verify.status_code == 403
    # The admin opens on the city's own objects only (tests/citywide/test_admin.py).
    assert client.get("/admin/cascading/realisation/").status_code == 403
    # The office's dashboard is open to Bappeda (drill-down).
    assert client.get("/", {"opd": office.code}).status_code == 200


def test_bappeda_membership_is_city_wide(office):
    user = UserFactory(username="bappeda-salah")
    membership = Membership(user=user, role=Role.BAPPEDA, organisation=office)
    with pytest.raises(ValidationError):
        membership.full_clean()
    Membership(user=user, role=Role.BAPPEDA).full_clean()
