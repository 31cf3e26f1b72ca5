"""Uploaded evidence files are checked on the way in and only ever leave through the download
view: as an attachment, with nosniff and a sandbox, to users who may read the office."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from cascading.models import Realisation

from .urlconf import all_routes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).parents[2]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload_row(client, office, upload):
    key = f"i{office.indicator.pk}"
    return client.post(
        reverse("entry:save-row", args=[2024, 2, key]),
        {f"value-{key}": "3", f"version-{key}": "0", f"evidence-{key}": upload},
        HTTP_HX_REQUEST="true",
    )


def stored_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_evidence_is_downloaded_as_an_attachment_that_browsers_do_not_run(city):
    record = city.a.verified
    response = logged_in(city.a.users["reviewer"]).get(reverse("entry:evidence", args=[record.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bukti.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("role", ["admin", "planner", "operator", "head", "reviewer"])
def test_another_offices_evidence_is_refused(city, role):
    url = reverse("entry:evidence", args=[city.a.verified.pk])
    assert logged_in(city.b.users[role]).get(url).status_code == 403


def test_the_media_folder_has_no_url(city):
    name = city.a.verified.evidence.name
    assert (Path(settings.MEDIA_ROOT) / name).is_file()
    media_path = f"/{settings.MEDIA_URL}{name}"
    with pytest.raises(Resolver404):
        resolve(media_path)
    assert not [route.name for route in all_routes() if route.url().startswith(media_path[:7])]
    assert logged_in(city.users["superuser"]).get(media_path).status_code == 404
    assert Client().get(media_path).status_code == 404


def test_nginx_never_serves_the_media_folder():
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "location /media/ { return 404; }" in config


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bukti.pdf", b"<html><script>alert(document.cookie)</script></html>"),
        ("bukti.html", b"<html><script>alert(1)</script></html>"),
        ("bukti.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("bukti.jpg", b"#!/bin/sh\nrm -rf /\n"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused_and_not_stored(city, name, content):
    before = stored_files()
    response = upload_row(
        logged_in(city.a.users["operator"]), city.a, SimpleUploadedFile(name, content)
    )
    assert response.status_code == 200 and "has-error" in response.content.decode()
    assert not Realisation.objects.filter(indicator=city.a.indicator, quarter=2).exists()
    assert stored_files() == before


def test_an_uploaded_name_cannot_leave_the_evidence_folder(city):
    upload = SimpleUploadedFile("../../../../etc/cron.d/bukti.pdf", b"%PDF-1.4\n%%EOF\n")
    upload_row(logged_in(city.a.users["operator"]), city.a, upload)
    record = Realisation.objects.get(indicator=city.a.indicator, year=2024, quarter=2)
    assert record.evidence.name.startswith("bukti/") and ".." not in record.evidence.name
    stored = Path(record.evidence.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
