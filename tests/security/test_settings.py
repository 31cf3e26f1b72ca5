"""Production settings and the error pages a user can meet when something fails."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.views.csrf import csrf_failure
from django.views.defaults import bad_request, server_error

from renstra.middleware import DatabaseUnavailableMiddleware

ROOT = Path(__file__).parents[2]


def production_settings(*names: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "renstra.settings.production",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://renstra@127.0.0.1:5432/renstra",
        "ALLOWED_HOSTS": "renstra.example.go.id",
    }
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_checks_kept_connections_and_counts_the_proxys_address():
    values = production_settings("DATABASES", "TRUSTED_PROXY_COUNT", "DEBUG", "MIDDLEWARE")
    assert values["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True
    assert values["TRUSTED_PROXY_COUNT"] == 1
    assert values["DEBUG"] is False
    assert "renstra.middleware.DatabaseUnavailableMiddleware" in values["MIDDLEWARE"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "status", "text"),
    [
        (lambda request: bad_request(request, Exception()), 400, "tidak dapat diproses"),
        (lambda request: csrf_failure(request), 403, "Formulir tidak dapat diterima"),
        (server_error, 500, "Terjadi kesalahan pada server"),
        (
            lambda request: DatabaseUnavailableMiddleware(None).process_exception(
                request, OperationalError("server closed the connection unexpectedly")
            ),
            503,
            "Basis data sedang tidak dapat dihubungi, coba lagi",
        ),
    ],
)
def test_error_pages_are_indonesian_and_need_no_database(
    page, status, text, django_assert_num_queries
):
    request = RequestFactory().get("/realisasi/")
    with django_assert_num_queries(0):
        response = page(request)
    assert response.status_code == status
    assert text in response.content.decode()
    assert '<html lang="id">' in response.content.decode()
