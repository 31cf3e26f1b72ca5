import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_health_answers_ok_without_login(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_log_lines_are_json():
    import json
    import logging

    from renstra.logging import JsonFormatter

    record = logging.LogRecord("renstra", logging.WARNING, __file__, 1, "kunci %s", ("2024",), None)
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "WARNING" and line["message"] == "kunci 2024"
