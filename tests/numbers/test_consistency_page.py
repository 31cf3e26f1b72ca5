"""The plan consistency page: staff only, and it shows what the selector found."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("plan_consistency")


def test_anonymous_and_non_staff_users_are_sent_to_log_in(client, seeded_plan):
    assert client.get(URL).status_code == 302
    client.force_login(UserFactory(is_staff=False))
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_see_the_seeded_plan_checks(client, seeded_plan):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(URL, {"opd": seeded_plan.code})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.organisation == seeded_plan
    page = response.content.decode()
    # The misprinted capaian of Tabel 2.5, in Indonesian number format.
    assert "113,49" in page and "113,57" in page and "-0,08" in page
    assert "Semua pagu tertulis sama dengan jumlah pagu sub kegiatannya." in page
    assert all(note.subject in page for note in report.notes)
    assert all(indicator.code in page for indicator in report.indicators_without_unit)


def test_unknown_office_is_not_found(client, seeded_plan):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(URL, {"opd": "tidak-ada"}).status_code == 404
