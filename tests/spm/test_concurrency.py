"""Parallel saves of the same SPM figure on PostgreSQL: one wins, the other is told, never a 500.

Each request runs in its own thread with its own database connection, started together at a
barrier, through the whole Django stack (session, view, service, select_for_update).
"""

import threading

import pytest
from django.db import connection

from spm.models import SpmAnnual
from tests.factories import SpmAnnualFactory

from .conftest import YEAR, build_office, client_for, row_data

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    # Committed data for the threads' connections; the migrations' rows are put back after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRIALS = 8


def post_together(clients, url, payloads):
    barrier = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def run(index):
        try:
            barrier.wait()
            responses[index] = clients[index].post(url, payloads[index])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def outcome(responses):
    return sorted(response.status_code for response in responses)


@pytest.mark.parametrize("existing", [True, False], ids=["edit", "first-save"])
def test_two_parallel_saves_of_one_figure_one_wins_the_other_gets_the_conflict(existing):
    office = build_office()
    service = office.services[0]
    planner, admin = office.users["planner"], office.users["admin"]
    clients = [client_for(planner), client_for(admin)]
    for _ in range(TRIALS):
        SpmAnnual.objects.all().delete()
        payloads = []
        for served in ("70", "75"):
            data = row_data(service, needing="100", served=served)
            if existing:
                data[f"version-{service.pk}"] = "1"
                data[f"shown-people_needing-{service.pk}"] = "100"
                data[f"shown-people_served-{service.pk}"] = "60"
            payloads.append(data)
        if existing:
            SpmAnnualFactory(service=service, year=YEAR, people_needing=100, people_served=60)

        responses = post_together(clients, office.url(), payloads)

        assert outcome(responses) == [302, 422]
        winner = next(r for r in responses if r.status_code == 302)
        loser = next(r for r in responses if r.status_code == 422)
        won = payloads[responses.index(winner)][f"people_served-{service.pk}"]
        row = SpmAnnual.objects.get(service=service, year=YEAR)
        assert row.people_served == int(won)
        assert row.version == (2 if existing else 1)
        text = loser.content.decode()
        assert "Nilai ini sudah diubah oleh" in text
        assert f"terlayani {won}" in text
        # The refused user's value is still in their field.
        lost = payloads[responses.index(loser)][f"people_served-{service.pk}"]
        assert f'value="{lost}"' in text
        # One audit row per write that happened.
        assert row.history.count() == (2 if existing else 1)
