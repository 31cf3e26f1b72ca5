"""Two realisation files of the same office imported at the same moment on PostgreSQL: they run
one after the other (the office row is locked first), both apply, no value is lost, and each
change has its audit row."""

from decimal import Decimal

import pytest
from django.db import connection

from budgeting.imports import import_file
from budgeting.models import BudgetRealisation
from tests.entry.test_concurrency import in_parallel

from .conftest import day
from .test_import import realisation_file

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="Row locks need PostgreSQL."),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_parallel_imports_of_the_same_quarter_are_serialised(seeded_plan, nodes, planner, load):
    assert load(
        "realisasi",
        realisation_file(nodes, lambda i: Decimal("1000"), only=[0]),
        as_of=day("2025-03-31"),
    ).ok

    def run(amount, date):
        data = realisation_file(nodes, lambda i: Decimal(amount), only=[0])
        return import_file(
            user=planner,
            organisation=seeded_plan,
            year=2025,
            kind="realisasi",
            data=data,
            file_name=f"{amount}.xlsx",
            as_of=day(date),
        )

    results = in_parallel(lambda: run("3000", "2025-05-31"), lambda: run("4000", "2025-06-30"))
    assert all(not isinstance(result, BaseException) for result in results), results
    assert all(result.ok for result in results), [result.errors for result in results]
    record = BudgetRealisation.objects.get(node=nodes[0], year=2025, quarter=2)
    # Whichever ran last set Q2 from the same Q1 of 1.000: 2.000 or 3.000, and the audit has both.
    assert record.amount in (Decimal("2000.00"), Decimal("3000.00"))
    assert record.history.count() == 2
    assert BudgetRealisation.objects.get(node=nodes[0], year=2025, quarter=1).amount == 1000
