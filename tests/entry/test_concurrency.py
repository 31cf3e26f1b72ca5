"""Workflow writes under real parallel requests on PostgreSQL: each request runs in its own thread
with its own database connection, all released together by a barrier. Zero 500s, zero lost
confirmed values, exactly one winner, and one audit row per transition that happened."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from cascading import workflow
from cascading.choices import Status
from cascading.models import Realisation
from cascading.services import save_realisation

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks are tested on PostgreSQL; run with a PostgreSQL DATABASE_URL.",
    ),
    # Real transactions, committed and seen by the other threads' connections; the migrations'
    # rows (predikat bands) are put back afterwards.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CONFLICT = "sudah diubah oleh"
VERIFIED = "(2024 TW 1) terverifikasi."
RETURNED = "(2024 TW 1) dikembalikan ke unitnya."


def logged_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def in_parallel(*calls: Callable) -> list:
    """Run the calls in threads released at the same moment; their results in order. Each thread
    uses (and closes) its own database connection."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index: int, call: Callable) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except BaseException as error:  # noqa: BLE001 - reported by the assertions below
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def text(response) -> str:
    assert not isinstance(response, BaseException), response
    assert response.status_code < 500, response.status_code
    return response.content.decode()


def history_rows() -> int:
    return Realisation.history.count()


def row_url(office) -> str:
    return reverse("entry:save-row", args=[2024, 1, f"i{office.indicator.pk}"])


def post_row(client, office, value: str, version: int):
    key = f"i{office.indicator.pk}"
    return client.post(
        row_url(office), {f"value-{key}": value, f"note-{key}": "", f"version-{key}": version}
    )


def test_a_save_racing_a_submit_never_loses_a_confirmed_value(office):
    operator, planner, head = (office.users[name] for name in ("operator_a", "planner", "head"))
    operator_client, planner_client = logged_in(operator), logged_in(planner)
    submit_url = reverse("entry:submit", args=[2024, 1])
    record = save_realisation(
        user=operator, indicator=office.indicator, year=2024, quarter=1, value="1"
    )
    outcomes = {"saved": 0, "submitted": 0}
    for trial in range(40):
        record.refresh_from_db()
        value = str(60 + trial)  # within 3x the target of 40: no plausibility question
        before = (history_rows(), record.version)
        saved, submitted = in_parallel(
            lambda value=value, version=record.version: post_row(
                planner_client, office, value, version
            ),
            lambda: operator_client.post(submit_url, follow=True),
        )
        saved_html, submitted_html = text(saved), text(submitted)
        confirmed = "field-error" not in saved_html
        did_submit = "1 realisasi diajukan untuk verifikasi." in submitted_html
        assert confirmed or CONFLICT in saved_html, saved_html
        assert did_submit or CONFLICT in submitted_html, submitted_html
        current = Realisation.objects.get()
        if confirmed:
            assert current.value == int(value), f"trial {trial}: the planner's value was lost"
        assert current.version == before[1] + confirmed + did_submit
        assert current.status == (Status.SUBMITTED if did_submit else Status.DRAFT)
        # One audit row for each write that happened, and none for a refused one.
        assert history_rows() == before[0] + confirmed + did_submit
        outcomes["saved"] += confirmed
        outcomes["submitted"] += did_submit
        if did_submit:
            workflow.send_back(user=head, record=current, comment="Ulangi")
        record = current
    assert outcomes["saved"] and outcomes["submitted"]


def submitted_record(office):
    operator = office.users["operator_a"]
    record = save_realisation(
        user=operator, indicator=office.indicator, year=2024, quarter=1, value="7"
    )
    workflow.submit(user=operator, records=[record])
    return record


def verify_post(client, record, **data):
    return client.post(
        reverse("entry:verify", args=[2024, 1]),
        {"kind": "indikator", "pk": record.pk, "version": record.version, **data},
        follow=True,
    )


def test_a_verify_racing_a_return_has_exactly_one_winner(office):
    operator, head, admin = (office.users[name] for name in ("operator_a", "head", "admin"))
    head_client, admin_client = logged_in(head), logged_in(admin)
    record = submitted_record(office)
    wins = {"verify": 0, "return": 0}
    for trial in range(20):
        reason = f"Alasan {trial}"
        before = history_rows()
        verified, returned = in_parallel(
            lambda record=record: verify_post(head_client, record, action="verify"),
            lambda record=record, reason=reason: verify_post(
                admin_client, record, action="return", comment=reason
            ),
        )
        verified_html, returned_html = text(verified), text(returned)
        did_verify = VERIFIED in verified_html
        did_return = RETURNED in returned_html
        assert did_verify + did_return == 1, (trial, verified_html, returned_html)
        assert CONFLICT in (returned_html if did_verify else verified_html)
        current = Realisation.objects.get()
        if did_return:
            assert current.status == Status.RETURNED and current.return_comment == reason
            workflow.submit(user=operator, records=[current])
        else:
            assert current.status == Status.VERIFIED and current.verified_by == head
            workflow.reopen(user=admin, record=current, reason="Ulangi")
            workflow.submit(user=operator, records=[current])
        assert history_rows() == before + 1 + (1 if did_return else 2)
        wins["verify" if did_verify else "return"] += 1
        record = current
    assert sum(wins.values()) == 20


def test_two_first_saves_of_the_same_quarter_give_one_winner_and_a_conflict(office):
    operator_client = logged_in(office.users["operator_a"])
    planner_client = logged_in(office.users["planner"])
    for trial in range(12):
        before = history_rows()
        first, second = in_parallel(
            lambda: post_row(operator_client, office, "11", 0),
            lambda: post_row(planner_client, office, "22", 0),
        )
        pages = [text(first), text(second)]
        winners = ["field-error" not in page for page in pages]
        assert winners.count(True) == 1, (trial, pages)
        loser = pages[winners.index(False)]
        assert CONFLICT in loser
        current = Realisation.objects.get()
        assert current.value == (11 if winners[0] else 22)
        expected_who = "operator-a" if winners[0] else "perencana"
        assert f"{CONFLICT} {expected_who}" in loser
        assert history_rows() == before + 1
        workflow.clear(user=office.users["planner"], record=current)


def test_twenty_parallel_verifies_let_exactly_one_through(office):
    record = submitted_record(office)
    clients = [logged_in(office.users["head"]) for _ in range(10)]
    clients += [logged_in(office.users["admin"]) for _ in range(10)]
    before = history_rows()
    responses = in_parallel(
        *(lambda client=client: verify_post(client, record, action="verify") for client in clients)
    )
    pages = [text(response) for response in responses]
    won = [VERIFIED in page for page in pages]
    assert won.count(True) == 1
    assert all(CONFLICT in page for page, winner in zip(pages, won, strict=True) if not winner)
    current = Realisation.objects.get()
    assert current.status == Status.VERIFIED
    assert history_rows() == before + 1
    assert current.history.filter(status=Status.VERIFIED).count() == 1
