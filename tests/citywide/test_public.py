"""The public page: answers anonymous visitors only when Bappeda has turned it on, shows only
verified values of closed quarters, leaves out demo offices, and nothing else."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client

from cascading.choices import Status
from cascading.models import Indicator
from city.models import PublicPage
from city.selectors import closed_quarter
from renstra.models import Role
from tests.factories import RealisationFactory

from .conftest import client_for, generated_office, member

URL = "/kota/publik/"


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2025, 1, 15), (2024, 4)),
        (datetime.date(2024, 4, 1), (2024, 1)),
        (datetime.date(2024, 12, 31), (2024, 3)),
    ],
)
def test_closed_quarter(today, expected):
    assert closed_quarter(today) == expected


def test_off_by_default_and_when_turned_off(db):
    generated_office(1)
    assert Client().get(URL).status_code == 404
    PublicPage.objects.create(enabled=False)
    assert Client().get(URL).status_code == 404


def test_only_verified_closed_quarter_non_demo_data(db, bappeda, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2024, 4, 15))
    first = generated_office(1, iku_value="80")  # verified TW 1 value: capaian 80
    demo = generated_office(2, iku_value="90")
    demo.demo_data = True
    demo.save()
    iku = Indicator.objects.get(node__organisation=first, is_iku=True)
    # A TW 2 value (quarter not closed yet) and a submitted one are not shown.
    RealisationFactory(indicator=iku, year=2024, quarter=2, value=5, status=Status.VERIFIED)
    client = client_for(bappeda)
    response = client.post("/kota/publik/pengaturan/", {"aktif": "1", "judul": "Kinerja Kota Uji"})
    assert response.status_code == 302
    page = Client().get(URL)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Kinerja Kota Uji" in content and "Tahun 2024, s.d. triwulan 1" in content
    rows = page.context["overview"].rows
    assert [row.name for row in rows] == ["Dinas 01"]
    assert rows[0].capaian == 80
    assert "Dinas 02" not in content
    # Nothing else: no counts of backlog or returned values, no attention flags, no links.
    assert "menunggu verifikasi" not in content and "dikembalikan" not in content
    assert 'href="/?opd=' not in content
    # Turned off again: 404 at once.
    client.post("/kota/publik/pengaturan/", {"judul": ""})
    assert Client().get(URL).status_code == 404


def test_public_page_is_cached(db, bappeda, django_assert_max_num_queries):
    generated_office(1)
    client_for(bappeda).post("/kota/publik/pengaturan/", {"aktif": "1"})
    with django_assert_max_num_queries(30) as first:
        Client().get(URL)
    # The page row, the schedule (which quarter), the cache's version and the cached figures,
    # the demo-data banner.
    with django_assert_max_num_queries(5) as cached:
        assert Client().get(URL).status_code == 200
    assert len(cached.captured_queries) < len(first.captured_queries) - 5


@pytest.mark.parametrize("role", [Role.REVIEWER, "office-admin"])
def test_only_bappeda_changes_the_settings(db, role):
    user = (
        member("admin-opd", Role.ADMIN, generated_office(3))
        if role == "office-admin"
        else member("peninjau-kota", role)
    )
    response = client_for(user).post("/kota/publik/pengaturan/", {"aktif": "1"})
    assert response.status_code == 403
    assert not PublicPage.objects.exists()


def test_long_title_is_refused(bappeda):
    response = client_for(bappeda).post(
        "/kota/publik/pengaturan/", {"aktif": "1", "judul": "x" * 201}
    )
    assert response.status_code == 400
    assert not PublicPage.objects.exists()
