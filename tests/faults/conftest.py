"""Real connection failures on PostgreSQL: the test's own backend is terminated from a second
connection with pg_terminate_backend at a chosen statement. No mocks: the statement really runs
on a connection the server really closed. Only the test's own backend is ever terminated."""

import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg2
import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection

from tests.city import build_city

SKIP_REASON = "Fault tests terminate PostgreSQL backends; run them with a PostgreSQL DATABASE_URL."


def pytest_collection_modifyitems(config, items):
    if connection.vendor == "postgresql":
        return
    here = __file__.rsplit("/", 1)[0] + "/"
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


def _close_old_connections(**kwargs):
    close_old_connections(**kwargs)


@pytest.fixture(autouse=True)
def wsgi_request_cycle():
    """Requests close broken or expired connections when they start and end, as under a WSGI
    server. Django's test client turns Django's own handler for this off; this one stays on."""
    request_started.connect(_close_old_connections, weak=False)
    request_finished.connect(_close_old_connections, weak=False)
    yield
    request_started.disconnect(_close_old_connections)
    request_finished.disconnect(_close_old_connections)


@pytest.fixture
def city(transactional_db):
    return build_city()


def terminate_backend(pid: int) -> None:
    """Terminate one backend from a second connection and wait until it is gone."""
    admin = psycopg2.connect(**connection.get_connection_params())
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
            assert cursor.fetchone()[0], f"backend {pid} was not terminated"
    finally:
        admin.close()


@dataclass
class Kill:
    """Where the connection was killed: the statement about to run, once it happened."""

    statement: str | None = None

    @property
    def happened(self) -> bool:
        return self.statement is not None


@contextmanager
def connection_killed_before(pattern: str, occurrence: int = 1):
    """Terminate this thread's database backend just before the `occurrence`-th statement
    matching the regular expression `pattern` is sent, then let the statement go to the closed
    connection."""
    kill = Kill()
    matcher: Callable[[str], object] = re.compile(pattern).search
    seen = 0

    def wrapper(execute, sql, params, many, context):
        nonlocal seen
        if not kill.happened and matcher(sql):
            seen += 1
            if seen == occurrence:
                terminate_backend(context["connection"].connection.info.backend_pid)
                kill.statement = sql
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield kill


def idle_connection_killed() -> None:
    """Terminate this thread's backend between two requests, as a database restart would."""
    connection.ensure_connection()
    terminate_backend(connection.connection.info.backend_pid)
