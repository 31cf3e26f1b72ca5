"""`manage.py import_people FILE --user ADMIN [--apply]`: the same checks as the page."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from renstra.models import Membership
from tests.people.conftest import new_office_book, snapshot

pytestmark = pytest.mark.django_db


def test_the_command_previews_then_applies_and_invites(world, tmp_path, settings, capsys):
    settings.RENSTRA_BASE_URL = "https://renstra.contoh.go.id"
    path = tmp_path / "kominfo.xlsx"
    path.write_bytes(new_office_book())
    before = snapshot()
    call_command("import_people", str(path), "--user", "admin-kota")
    out = capsys.readouterr().out
    assert "Pengguna baris 3 [Baru] kominfo-op" in out
    assert "Pratinjau: tidak ada yang disimpan" in out
    assert snapshot() == before

    call_command("import_people", str(path), "--user", "admin-kota", "--apply")
    out = capsys.readouterr().out
    assert "Tautan atur sandi dikirim ke kominfo-op <oki@kominfo.go.id>." in out
    assert Membership.objects.filter(organisation__code="dinkominfo").count() == 3
    assert "https://renstra.contoh.go.id/sandi/atur/" in mail.outbox[0].body


def test_the_command_refuses_as_the_page_does(world, tmp_path, settings):
    settings.RENSTRA_BASE_URL = "https://renstra.contoh.go.id"
    path = tmp_path / "kominfo.xlsx"
    path.write_bytes(new_office_book())
    before = snapshot()
    with pytest.raises(CommandError, match="Hanya administrator kota yang boleh menambah"):
        call_command("import_people", str(path), "--user", "admin-dinsos", "--apply")
    assert snapshot() == before
    settings.RENSTRA_BASE_URL = ""
    with pytest.raises(CommandError, match="RENSTRA_BASE_URL"):
        call_command("import_people", str(path), "--user", "admin-kota", "--apply")
    assert snapshot() == before
