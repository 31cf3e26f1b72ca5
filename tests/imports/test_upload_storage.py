"""Uploads waiting for confirmation: generated names only, a quota per user, purged on a schedule;
the admin import's confirmation finds its file only inside its own folder."""

import io
import json
import os
import re
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cascading.models import Realisation
from renstra.imports.services import pending_root
from renstra.imports.storage import admin_folder
from tests.factories import UserFactory
from tests.imports.conftest import realisation_book, snapshot

pytestmark = pytest.mark.django_db

UPLOAD = reverse("imports:upload-realisations")
GONE = "Unggahan tidak ditemukan atau sudah kedaluwarsa; unggah ulang berkasnya."
TOKEN = re.compile(r'action="/impor/terapkan/([A-Za-z0-9_-]+)/')


def operator_of(office) -> Client:
    client = Client()
    client.force_login(office.users["operator_a"])
    return client


def workbook(office, value="35 Orang") -> bytes:
    return realisation_book([office.sub.code, office.indicator.name, 2024, 1, value, ""])


def upload(client, data: bytes, name="isi.xlsx"):
    response = client.post(UPLOAD, {"workbook": SimpleUploadedFile(name, data), "status": "draft"})
    match = TOKEN.search(response.content.decode())
    return response, match[1] if match else None


def waiting(office) -> list[Path]:
    folder = pending_root() / str(office.users["operator_a"].pk)
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_the_oldest_uploads_give_way_to_the_count_quota(office, settings):
    settings.RENSTRA_IMPORT_PENDING_FILES = 2
    client = operator_of(office)
    tokens = [upload(client, workbook(office, f"{value} Orang"))[1] for value in (1, 2, 3)]
    assert all(tokens)
    assert {path.stem for path in waiting(office)} == set(tokens[1:])
    refused = client.post(reverse("imports:apply", args=[tokens[0]]), follow=True)
    assert GONE in refused.content.decode()
    assert not Realisation.objects.exists()
    client.post(reverse("imports:apply", args=[tokens[2]]))
    assert Realisation.objects.get().value == 3


def test_the_byte_quota_holds_and_a_file_beyond_it_is_not_kept(office, settings):
    data = workbook(office)
    settings.RENSTRA_IMPORT_PENDING_BYTES = len(data) * 3 // 2
    client = operator_of(office)
    first, second = upload(client, data)[1], upload(client, data)[1]
    assert [path.stem for path in waiting(office) if path.suffix == ".xlsx"] == [second]
    assert sum(path.stat().st_size for path in waiting(office) if path.suffix == ".xlsx") <= (
        settings.RENSTRA_IMPORT_PENDING_BYTES
    )
    settings.RENSTRA_IMPORT_PENDING_BYTES = len(data) - 1
    response, token = upload(client, data)
    assert token is None and response.status_code == 422
    assert "melebihi kuota unggahan yang menunggu konfirmasi" in response.content.decode()
    assert first != second


def test_upload_names_are_never_paths(office, settings, tmp_path):
    client = operator_of(office)
    _response, token = upload(client, workbook(office), name="../../../jahat.xlsx")
    assert token
    assert {path.name for path in waiting(office)} == {f"{token}.xlsx", f"{token}.json"}
    assert not list(tmp_path.rglob("jahat*"))
    manifest = json.loads((waiting(office)[0]).read_text(encoding="utf-8"))
    assert manifest["file_name"] == "jahat.xlsx"


def test_purge_uploads_removes_what_expired(office, settings):
    settings.RENSTRA_IMPORT_PENDING_SECONDS = 60
    client = operator_of(office)
    old, fresh = upload(client, workbook(office))[1], upload(client, workbook(office, "2"))[1]
    admin_folder().mkdir(parents=True)
    stale_admin = admin_folder() / ("a" * 32)
    stale_admin.write_bytes(b"x")
    long_ago = time.time() - 3600
    for path in [*waiting(office), stale_admin]:
        if path.stem in (old, "a" * 32):
            os.utime(path, (long_ago, long_ago))
    out = io.StringIO()
    call_command("purge_uploads", stdout=out)
    assert "3 berkas unggahan kedaluwarsa dihapus" in out.getvalue()
    assert {path.stem for path in waiting(office)} == {fresh}
    assert not stale_admin.exists()


# --- the admin import's confirmation step --------------------------------------------------------


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def confirm(client, office, name: str):
    return client.post(
        reverse("admin:cascading_realisation_process_import"),
        {
            "import_file_name": name,
            "original_file_name": "f.xlsx",
            "format": "0",
            "resource": "",
            "organisation": office.organisation.pk,
            "status": "draft",
        },
    )


def test_the_admin_preview_keeps_its_file_in_its_folder_and_confirming_removes_it(
    admin_client, office
):
    preview = admin_client.post(
        reverse("admin:cascading_realisation_import"),
        {
            "import_file": SimpleUploadedFile("isi.xlsx", workbook(office)),
            "format": "0",
            "organisation": office.organisation.pk,
            "status": "draft",
        },
    )
    name = preview.context["confirm_form"].initial["import_file_name"]
    assert re.fullmatch(r"[0-9a-f]{32}", name)
    assert [path.name for path in admin_folder().iterdir()] == [name]
    done = confirm(admin_client, office, name)
    assert done.status_code == 302
    assert Realisation.objects.get().value == 35
    assert not list(admin_folder().iterdir())


@pytest.fixture
def in_system_temp():
    """A workbook in the system's temporary folder, where import-export's default storage looks
    for `os.path.basename(import_file_name)`."""
    path = Path(tempfile.gettempdir()) / f"renstra-test-{uuid.uuid4().hex}.xlsx"
    yield path
    path.unlink(missing_ok=True)


@pytest.mark.parametrize(
    "how", ["relative", "absolute", "system temp", "bare name", "in the folder"]
)
def test_a_crafted_confirmation_cannot_reach_a_file_outside_its_folder(
    admin_client, office, tmp_path, in_system_temp, how
):
    planted = tmp_path / "x" / "f.xlsx"
    planted.parent.mkdir()
    content = workbook(office)
    in_system_temp.write_bytes(content)
    planted.write_bytes(content)
    admin_folder().mkdir(parents=True)
    inside = admin_folder() / "f.xlsx"
    inside.write_bytes(content)
    name = {
        "relative": os.path.relpath(planted, admin_folder()),
        "absolute": str(planted),
        "system temp": f"../../x/{in_system_temp.name}",
        "bare name": "f.xlsx",
        "in the folder": "../admin/f.xlsx",
    }[how]
    before = snapshot()
    response = confirm(admin_client, office, name)
    assert response.status_code == 302
    assert "Berkas impor sementara tidak dikenal; unggah ulang berkasnya." in (
        admin_client.get(response["Location"]).content.decode()
    )
    assert planted.read_bytes() == content == inside.read_bytes() == in_system_temp.read_bytes()
    assert snapshot() == before


def test_a_confirmation_for_a_file_that_is_gone_is_a_message(admin_client, office):
    before = snapshot()
    response = confirm(admin_client, office, "0" * 32)
    assert response.status_code == 302
    page = admin_client.get(response["Location"])
    assert GONE in page.content.decode()
    assert snapshot() == before
