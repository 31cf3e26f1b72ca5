"""The admin's form of SPM yearly figures goes through spm.services like the SPM page."""

import pytest
from django.urls import reverse

from renstra.models import PeriodLock
from spm.models import SpmAnnual
from tests.factories import SpmAnnualFactory

from .conftest import YEAR, client_for

pytestmark = pytest.mark.django_db

ADD = "admin:spm_spmannual_add"
SERVED_ABOVE = (
    "1. Layanan dasar nomor 1: warga negara yang terlayani (1.300) tidak boleh melebihi "
    "warga negara yang membutuhkan (1.250)."
)


def figures(**changes) -> dict:
    data = {
        "target_percent": "100",
        "people_needing": "",
        "people_served": "",
        "quality_required": "",
        "quality_provided": "",
        "recorded_capaian": "",
        "note": "",
    }
    return data | changes


def change_url(row) -> str:
    return reverse("admin:spm_spmannual_change", args=[row.pk])


def test_add_accepts_indonesian_numbers_and_audits_the_planner(office):
    client = client_for(office.users["planner"])
    data = figures(
        service=office.services[0].pk,
        year=YEAR,
        people_needing="1.250",
        people_served="1.200",
        quality_required="1.000,50",
    )
    response = client.post(reverse(ADD), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    row = SpmAnnual.objects.get()
    assert (row.people_needing, row.people_served, str(row.quality_required)) == (
        1250,
        1200,
        "1000.50",
    )
    assert row.history.get().history_user == office.users["planner"]


def test_add_refuses_served_above_needing_with_the_pages_message(office):
    client = client_for(office.users["planner"])
    data = figures(
        service=office.services[0].pk,
        year=YEAR,
        people_needing="1.250",
        people_served="1.300",
    )
    response = client.post(reverse(ADD), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["people_served"] == [SERVED_ABOVE]
    assert not SpmAnnual.objects.exists()


def test_change_goes_through_the_service_with_version_and_history(office):
    row = SpmAnnualFactory(service=office.services[0], year=YEAR, people_needing=1250)
    client = client_for(office.users["admin"])
    url = change_url(row)
    page = client.get(url).content.decode()
    assert 'value="1.250"' in page
    response = client.post(url, figures(people_needing="1.250", people_served="1.300"))
    assert response.context["adminform"].form.errors["people_served"] == [SERVED_ABOVE]
    response = client.post(
        url, figures(people_needing="1.250", people_served="1.100", loaded_version="1")
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.people_served, row.version, row.updated_by) == (1100, 2, office.users["admin"])
    # A second admin page opened at version 1 is refused with who changed it.
    response = client.post(
        url, figures(people_needing="1.250", people_served="900", loaded_version="1")
    )
    errors = response.context["adminform"].form.non_field_errors()
    assert "sudah diubah oleh admin" in errors[0]
    row.refresh_from_db()
    assert row.people_served == 1100


def test_change_in_a_locked_year_is_refused_on_the_form(office):
    row = SpmAnnualFactory(service=office.services[0], year=YEAR, people_needing=10)
    PeriodLock.objects.create(organisation=office.organisation, year=YEAR, quarter=4)
    client = client_for(office.users["admin"])
    response = client.post(change_url(row), figures(people_needing="20", loaded_version="1"))
    assert response.status_code == 200
    assert "Data SPM tahun 2025 dikunci" in response.context["adminform"].form.non_field_errors()[0]
    row.refresh_from_db()
    assert row.people_needing == 10


def test_text_is_refused_on_the_admin_form(office):
    client = client_for(office.users["planner"])
    data = figures(service=office.services[0].pk, year=YEAR, people_needing="seribu")
    response = client.post(reverse(ADD), data)
    assert response.context["adminform"].form.errors["people_needing"] == [
        "'seribu' bukan angka (contoh: 1.250 atau 1250)."
    ]


def test_the_admin_history_shows_who_changed_what(office):
    first = office.services[0]
    client = client_for(office.users["planner"])
    data = figures(service=first.pk, year=YEAR, people_needing="1.250", people_served="1.000")
    assert client.post(reverse(ADD), data).status_code == 302
    row = SpmAnnual.objects.get()
    data = figures(people_needing="1.250", people_served="1.100", loaded_version="1")
    assert client_for(office.users["admin"]).post(change_url(row), data).status_code == 302
    url = reverse("admin:spm_spmannual_history", args=[row.pk])
    page = client.get(url).content.decode()
    assert "perencana" in page and "admin" in page
    assert "1000" in page and "1100" in page
    version = row.history.earliest("history_id").history_id
    revert = reverse("admin:spm_spmannual_simple_history", args=[row.pk, version])
    assert client.post(revert, data).status_code == 403
    assert SpmAnnual.objects.get().people_served == 1100
