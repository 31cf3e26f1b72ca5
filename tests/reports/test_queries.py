"""A report's query count does not grow with the plan: the small hand-made plan and the seeded
plan (5 programs, 14 kegiatan, 51 sub kegiatan) take the same number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renstra.reports.choices import ReportKind
from renstra.reports.exports import build_document

pytestmark = pytest.mark.django_db


def queries(organisation, kind) -> int:
    with CaptureQueriesContext(connection) as captured:
        build_document(kind=kind, organisation=organisation, year=2025)
    return len(captured)


@pytest.mark.parametrize("kind", list(ReportKind))
def test_same_queries_for_a_small_and_a_large_plan(plan, seeded_plan, kind):
    small = queries(plan.organisation, kind)
    assert small == queries(seeded_plan, kind)
    assert small <= 40
