"""The SAKIP documents' query counts do not grow with the plan: the small hand-made plan and the
seeded plan (5 programs, 14 kegiatan, 51 sub kegiatan) take the same number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from performance.action_plan import action_plan_rows
from performance.documents import OFFICE_DOCUMENTS, agreement_document, sakip_document
from performance.services import generate_agreement
from renstra.models import Membership, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def counted(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


@pytest.mark.parametrize("kind", OFFICE_DOCUMENTS)
def test_office_documents_same_queries_small_and_large(plan, seeded_plan, kind):
    def build(office):
        return lambda: sakip_document(kind=kind, organisation=office, year=2025)

    small = counted(build(plan.organisation))
    assert small == counted(build(seeded_plan))
    assert small <= 8


def test_agreement_same_queries_small_and_large(plan, seeded_plan):
    counts = []
    for office in (plan.organisation, seeded_plan):
        user = UserFactory()
        Membership.objects.create(user=user, role=Role.PLANNER, organisation=office)
        agreement = generate_agreement(user=user, organisation=office, year=2025)
        agreement = (
            type(agreement).objects.select_related("organisation", "period").get(pk=agreement.pk)
        )
        counts.append(
            (
                counted(lambda agreement=agreement: agreement_document(agreement)),
                counted(lambda agreement=agreement: action_plan_rows(agreement)),
            )
        )
    assert counts[0] == counts[1]
    assert counts[0][0] <= 4 and counts[0][1] <= 4
