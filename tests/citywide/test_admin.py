"""Bappeda changes the city's own objects in the admin (RPJMD, Tujuan/Sasaran Pemda, IKU Pemda,
links) and nothing else there; office users cannot change them."""

import pytest

from city.models import PemdaGoal, Rpjmd
from renstra.models import Role

from .conftest import client_for, generated_office, member


@pytest.fixture
def rpjmd(db):
    return Rpjmd.objects.create(government="Kota Uji", name="RPJMD", start_year=2024, end_year=2026)


def test_bappeda_adds_a_tujuan_pemda(bappeda, rpjmd):
    client = client_for(bappeda)
    assert client.get("/admin/city/pemdagoal/add/").status_code == 200
    response = client.post(
        "/admin/city/pemdagoal/add/",
        {"rpjmd": rpjmd.pk, "kind": "tujuan", "code": "T1", "name": "Tujuan uji"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    goal = PemdaGoal.objects.get()
    assert goal.history.get().history_user == bappeda


@pytest.mark.parametrize(
    "url",
    [
        "/admin/cascading/plannode/",
        "/admin/cascading/realisation/",
        "/admin/renstra/periodlock/",
        "/admin/auth/user/",
        "/admin/renstra/organisation/",
    ],
)
def test_bappeda_sees_nothing_else_in_the_admin(bappeda, url):
    assert client_for(bappeda).get(url).status_code == 403


def test_admin_index_lists_only_the_city(bappeda):
    content = client_for(bappeda).get("/admin/").content.decode()
    assert "/admin/city/" in content and "/admin/cascading/" not in content


@pytest.mark.parametrize("role", [Role.ADMIN, Role.PLANNER])
def test_office_staff_cannot_change_the_rpjmd(db, rpjmd, role):
    user = member("staf-opd", role, generated_office(1))
    client = client_for(user)
    response = client.post(
        "/admin/city/pemdagoal/add/",
        {"rpjmd": rpjmd.pk, "kind": "tujuan", "code": "T1", "name": "Tujuan uji"},
    )
    assert response.status_code == 403
    assert not PemdaGoal.objects.exists()


def test_city_reviewer_has_no_admin(db, rpjmd):
    user = member("peninjau-kota", Role.REVIEWER)
    response = client_for(user).get("/admin/city/pemdagoal/")
    assert response.status_code == 302  # the admin's login page: no access
