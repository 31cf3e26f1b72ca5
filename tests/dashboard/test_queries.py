"""Each page runs as many queries on a plan 40 times the seeded one as on the seeded plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cascading.models import Indicator
from renstra.models import RenstraPeriod, Role
from tests.dashboard.conftest import client_for, member
from tests.numbers.generate import generate_plan

pytestmark = pytest.mark.django_db

SCALE = 40
PAGES = ["home", "dashboard:tree", "dashboard:trends", "dashboard:trends-data", "indicator"]


def count_queries(client, organisation, page) -> int:
    query = {"opd": organisation.code, "tahun": 2024, "tw": 4}
    if page == "indicator":
        indicator = Indicator.objects.filter(node__organisation=organisation).order_by("pk").last()
        url = reverse("dashboard:indicator", args=[indicator.pk])
    else:
        url = reverse(page)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def large():
    """The generated plan, with an earlier (empty) period so it has the seeded plan's two."""
    generated = generate_plan(scale=SCALE, seed=1)
    RenstraPeriod.objects.create(
        organisation=generated.period.organisation,
        name="Renstra sebelumnya",
        start_year=2019,
        end_year=2023,
        status=RenstraPeriod.Status.CLOSED,
    )
    return generated.period.organisation


def test_query_counts_do_not_grow_with_the_plan(plan, large):
    assert Indicator.objects.filter(node__organisation=large).count() > 40 * 70
    client = client_for(member("peninjau-kota", Role.REVIEWER))
    seeded = {page: count_queries(client, plan.organisation, page) for page in PAGES}
    generated = {page: count_queries(client, large, page) for page in PAGES}
    print(f"queries per page, seeded plan: {seeded}; {SCALE} times larger: {generated}")
    assert generated == seeded
