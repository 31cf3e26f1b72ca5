"""Two planners saving the same section of a whole document at the same moment, on PostgreSQL:
one wins, the other is refused with the conflict message, never a database error; the text is
the winner's and one audit row is written per save that happened."""

import pytest
from django.db import connection

from renstra.models import Membership, Role
from renstra.reports.choices import WholeDocument
from renstra.reports.models import DocumentText
from renstra.reports.services import TextChange, TextsRefused, save_document_texts
from tests.entry.test_concurrency import in_parallel
from tests.factories import OrganisationFactory, PeriodFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks are tested on PostgreSQL; run with a PostgreSQL DATABASE_URL.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def planner(name, organisation):
    user = UserFactory(username=name)
    Membership.objects.create(user=user, role=Role.PLANNER, organisation=organisation)
    return user


def save(user, organisation, text: str, version: int):
    def call():
        try:
            return save_document_texts(
                user=user,
                organisation=organisation,
                year=2025,
                document=WholeDocument.LKJIP,
                changes={"penutup": TextChange(text=text, expected_version=version)},
            )
        except TextsRefused as refused:
            return refused

    return call


def test_parallel_saves_of_one_section_have_one_winner():
    organisation = OrganisationFactory()
    PeriodFactory(organisation=organisation)
    first, second = planner("perencana-a", organisation), planner("perencana-b", organisation)
    version = 0
    for trial in range(10):
        results = in_parallel(
            save(first, organisation, f"A {trial}", version),
            save(second, organisation, f"B {trial}", version),
        )
        winners = [result for result in results if isinstance(result, list)]
        refused = [result for result in results if isinstance(result, TextsRefused)]
        assert len(winners) == 1 and len(refused) == 1, results
        assert "sudah diubah oleh" in refused[0].errors["penutup"]
        row = DocumentText.objects.get()
        assert row.text == winners[0][0].text
        assert row.version == trial + 1
        assert row.history.count() == trial + 1
        version = row.version
