"""Finalising a PK under real parallel requests on PostgreSQL: of two finalisations exactly one
wins, the other is told why, and the history holds one finalisation."""

import pytest
from django.db import connection
from django.urls import reverse

from performance.choices import AgreementStatus
from performance.models import Agreement
from performance.services import generate_agreement
from tests.entry.test_concurrency import in_parallel, logged_in, text

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks are tested on PostgreSQL; run with a PostgreSQL DATABASE_URL.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_finalisations_one_wins(office, users):
    planner, admin = users["planner"], users["admin"]
    for trial in range(5):
        agreement = generate_agreement(user=planner, organisation=office, year=2024 + trial % 3)
        url = reverse("performance:finalise", args=[agreement.pk])
        version = agreement.version
        first, second = in_parallel(
            lambda url=url, version=version: logged_in(planner).post(
                url, {"version": version}, follow=True
            ),
            lambda url=url, version=version: logged_in(admin).post(
                url, {"version": version}, follow=True
            ),
        )
        pages = [text(first), text(second)]
        won = [page for page in pages if "PK difinalkan" in page]
        lost = [
            page for page in pages if "sudah diubah pengguna lain" in page or "sudah final" in page
        ]
        assert len(won) == 1 and len(lost) == 1, trial
        agreement.refresh_from_db()
        assert agreement.status == AgreementStatus.FINAL
        assert agreement.version == version + 1
        finals = agreement.history.filter(status=AgreementStatus.FINAL).count()
        assert finals == 1
        Agreement.objects.filter(pk=agreement.pk).delete()


def test_two_revisions_one_wins(office, users):
    planner, admin = users["planner"], users["admin"]
    agreement = generate_agreement(user=planner, organisation=office, year=2025)
    logged_in(planner).post(
        reverse("performance:finalise", args=[agreement.pk]), {"version": agreement.version}
    )
    url = reverse("performance:revise", args=[agreement.pk])
    first, second = in_parallel(
        lambda: logged_in(planner).post(url, {"reason": "APBD-P"}, follow=True),
        lambda: logged_in(admin).post(url, {"reason": "APBD-P"}, follow=True),
    )
    pages = [text(first), text(second)]
    assert sum("Revisi PK dibuat" in page for page in pages) == 1
    assert sum("draf revisi" in page for page in pages) == 1
    assert Agreement.objects.filter(year=2025).count() == 2
