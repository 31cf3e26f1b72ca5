"""The SPM page: who reads and enters, what it shows, how it refuses, and its query count."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from renstra.models import PeriodLock
from spm.models import SpmAnnual
from tests.factories import SpmAnnualFactory, SpmServiceFactory

from .conftest import YEAR, build_office, client_for, row_data

pytestmark = pytest.mark.django_db


def inputs_of(html: str, service) -> int:
    return html.count(f'-{service.pk}" name="')


def test_planner_sees_every_service_with_inputs_and_the_computed_figures(office):
    SpmAnnualFactory(
        service=office.services[0],
        year=YEAR,
        people_needing=1250,
        people_served=1200,
        quality_required=Decimal("50"),
        quality_provided=Decimal("45"),
    )
    response = client_for(office.users["planner"]).get(office.url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Capaian Standar Pelayanan Minimal tahun 2025" in html
    for service in office.services:
        assert service.name in html
        assert inputs_of(html, service) == 5
    assert 'value="1.250"' in html and 'value="1.200"' in html
    assert "96,00 %" in html  # capaian penerima
    assert "90,00 %" in html  # capaian mutu
    assert "94,80 %" in html  # indeks
    assert "Tuntas Utama" in html
    assert "Simpan data SPM" in html


@pytest.mark.parametrize("role", ["head", "reviewer"])
def test_heads_and_reviewers_read_without_inputs(office, role):
    response = client_for(office.users[role]).get(office.url())
    html = response.content.decode()
    assert response.status_code == 200
    assert office.services[0].name in html
    assert "Simpan data SPM" not in html
    assert all(inputs_of(html, service) == 0 for service in office.services)
    assert 'href="/spm/"' not in html  # no menu entry for them


@pytest.mark.parametrize("role", ["head", "reviewer", "other_operator"])
def test_those_who_may_not_enter_are_refused_a_post(office, role):
    data = row_data(office.services[0], needing="5")
    response = client_for(office.users[role]).post(office.url(), data)
    assert response.status_code == 403
    assert not SpmAnnual.objects.exists()


def test_operator_enters_the_services_of_their_unit_only(office):
    client = client_for(office.users["operator"])
    html = client.get(office.url()).content.decode()
    assert [inputs_of(html, service) for service in office.services] == [5, 5, 5, 5, 0]
    assert 'href="/spm/"' in html  # the menu offers the page
    html = client_for(office.users["other_operator"]).get(office.url()).content.decode()
    assert 'href="/spm/"' not in html


def test_menu_leads_planners_to_the_last_ended_year_within_the_period(office):
    client = client_for(office.users["planner"])
    html = client.get("/").content.decode()
    assert "Isi SPM" in html
    response = client.get("/spm/")
    assert response.status_code == 302
    assert response["Location"].startswith("/spm/20")


def test_a_successful_save_redirects_back_with_the_number_of_services_saved(office):
    client = client_for(office.users["planner"])
    first, second = office.services[:2]
    data = row_data(first, needing="1.250", served="1.200", required="50", provided="45")
    data |= row_data(second, needing="10", served="10")
    data |= row_data(office.services[2])  # untouched: not saved
    response = client.post(office.url(), data)
    assert response.status_code == 302
    assert response["Location"] == office.url()
    page = client.get(response["Location"]).content.decode()
    assert "2 jenis pelayanan tersimpan." in page
    assert "96,00 %" in page
    assert SpmAnnual.objects.count() == 2
    row = SpmAnnual.objects.get(service=first, year=YEAR)
    assert (row.people_needing, row.people_served, row.updated_by) == (
        1250,
        1200,
        office.users["planner"],
    )


def test_a_refused_save_answers_on_the_page_keeping_every_typed_value(office):
    client = client_for(office.users["planner"])
    first, second = office.services[:2]
    data = row_data(first, needing="1.250", served="1.300", note="cek lapangan")
    data |= row_data(second, needing="abc", served="-2")
    data |= row_data(office.services[2], needing="40", served="39")
    response = client.post(office.url(), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert response.request["PATH_INFO"] == f"/spm/{YEAR}/"
    assert "Tidak ada yang disimpan: 2 jenis pelayanan perlu diperbaiki." in html
    assert (
        "1. Layanan dasar nomor 1: warga negara yang terlayani (1.300) tidak boleh melebihi "
        "warga negara yang membutuhkan (1.250)."
    ) in html
    assert "Warga negara yang membutuhkan: &#x27;abc&#x27; bukan angka" in html
    assert "Warga negara yang terlayani: Tidak boleh negatif." in html
    for typed in ('value="1.250"', 'value="1.300"', 'value="cek lapangan"', 'value="abc"'):
        assert typed in html
    assert 'value="40"' in html and 'value="39"' in html  # the good row keeps its values too
    assert html.count('aria-invalid="true"') == 3
    assert not SpmAnnual.objects.exists()


def test_a_stale_page_gets_the_conflict_message_and_keeps_the_typed_value(office):
    first = office.services[0]
    SpmAnnualFactory(service=first, year=YEAR, people_needing=100, people_served=80, version=2)
    client = client_for(office.users["planner"])
    data = row_data(first, needing="100", served="85", version=1)
    data[f"shown-people_needing-{first.pk}"] = "100"
    data[f"shown-people_served-{first.pk}"] = "80"
    response = client.post(office.url(), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Nilai ini sudah diubah oleh" in html
    assert 'value="85"' in html
    assert SpmAnnual.objects.get().people_served == 80


@pytest.mark.parametrize("quarter", [None, 4])
def test_a_locked_year_shows_the_banner_and_refuses_the_save(office, quarter):
    client = client_for(office.users["planner"])
    PeriodLock.objects.create(
        organisation=office.organisation, year=YEAR, quarter=quarter, reason="Laporan terkirim"
    )
    html = client.get(office.url()).content.decode()
    assert 'id="spm-lock"' in html and "Laporan terkirim" in html
    assert "dikunci" in html
    assert "Simpan data SPM" not in html
    # A page opened before the lock posts anyway.
    response = client.post(office.url(), row_data(office.services[0], needing="5"))
    assert response.status_code == 403
    assert "Data SPM tahun 2025 dikunci" in response.content.decode()
    assert not SpmAnnual.objects.exists()


def test_a_third_quarter_lock_does_not_lock_the_spm_year(office):
    PeriodLock.objects.create(organisation=office.organisation, year=YEAR, quarter=3)
    client = client_for(office.users["planner"])
    assert 'id="spm-lock"' not in client.get(office.url()).content.decode()
    assert client.post(office.url(), row_data(office.services[0], needing="5")).status_code == 302
    assert SpmAnnual.objects.get().people_needing == 5


def test_another_offices_users_get_404(office):
    other = build_office(prefix="b-")
    for role in ("admin", "planner", "operator", "head", "reviewer"):
        client = client_for(other.users[role])
        assert client.get(office.url()).status_code == 404
        data = row_data(office.services[0], needing="5")
        assert client.post(office.url(), data).status_code == 404
        # In their own office, naming the other office's service: nothing changes.
        assert client.post(other.url(), data).status_code in (302, 403)
    assert not SpmAnnual.objects.filter(service__organisation=office.organisation).exists()


def test_years_outside_the_period_are_404(office):
    client = client_for(office.users["planner"])
    assert client.get(office.url(2031)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(office):
    response = Client().get(office.url())
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_does_not_depend_on_the_number_of_services(
    office, django_assert_max_num_queries
):
    client = client_for(office.users["operator"])
    for service in office.services:
        SpmAnnualFactory(
            service=service, year=YEAR, people_needing=10, people_served=9, updated_by=None
        )
    few = _queries(client, office.url())
    for number in range(6, 16):
        service = SpmServiceFactory(
            organisation=office.organisation, number=number, unit=office.rehab
        )
        SpmAnnualFactory(service=service, year=YEAR, people_needing=10, people_served=9)
    with django_assert_max_num_queries(few):
        client.get(office.url())
