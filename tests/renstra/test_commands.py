import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_settings(settings, tmp_path):
    settings.DEBUG = True
    settings.BASE_DIR = tmp_path
    return settings


def test_create_local_admin_creates_superuser_and_prints_login(local_settings, capsys):
    call_command("create_local_admin")
    printed = capsys.readouterr().out
    password = (local_settings.BASE_DIR / ".local-admin-password").read_text().strip()
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    assert "'admin'" in printed and password in printed


def test_create_local_admin_twice_keeps_the_same_password(local_settings, capsys):
    call_command("create_local_admin")
    first = capsys.readouterr().out
    call_command("create_local_admin")
    assert capsys.readouterr().out == first
    assert get_user_model().objects.count() == 1


def test_create_local_admin_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_local_admin")


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "renstra.settings.production",
        "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "ALLOWED_HOSTS": "renstra.example.go.id",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
