"""The plan consistency page: planning staff of the office only, and it shows what the selector
found."""

import pytest
from django.urls import reverse

from renstra.models import Membership, Role
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("plan_consistency")


def member(role, organisation):
    user = UserFactory()
    Membership.objects.create(user=user, role=role, organisation=organisation)
    return user


def test_anonymous_users_are_sent_to_log_in(client, seeded_plan):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("role", [Role.HEAD, Role.REVIEWER, None])
def test_other_roles_are_refused(client, seeded_plan, role):
    user = member(role, seeded_plan) if role else UserFactory()
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_planners_see_their_office_checks(client, seeded_plan):
    client.force_login(member(Role.PLANNER, seeded_plan))
    response = client.get(URL)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.organisation == seeded_plan
    page = response.content.decode()
    # The misprinted capaian of Tabel 2.5, in Indonesian number format.
    assert "113,49" in page and "113,57" in page and "-0,08" in page
    assert "Semua pagu tertulis sama dengan jumlah pagu sub kegiatannya." in page
    assert all(note.subject in page for note in report.notes)
    assert all(indicator.code in page for indicator in report.indicators_without_unit)


def test_another_office_is_not_found(client, seeded_plan):
    client.force_login(member(Role.PLANNER, OrganisationFactory()))
    assert client.get(URL, {"opd": seeded_plan.code}).status_code == 404
    client.force_login(member(Role.PLANNER, seeded_plan))
    assert client.get(URL, {"opd": "tidak-ada"}).status_code == 404
