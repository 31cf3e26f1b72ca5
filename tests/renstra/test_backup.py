"""Backup and restore with pg_dump / pg_restore through scripts/backup and scripts/restore."""

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from renstra.seed.load import load_plan
from tests.conftest import _seed_data

ROOT = Path(__file__).parents[2]
TABLES = [
    "cascading_plannode",
    "cascading_indicator",
    "cascading_indicatortarget",
    "cascading_realisation",
    "budgeting_pagu",
    "spm_spmannual",
]


def counts(cursor) -> dict:
    result = {}
    for table in TABLES:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed table names
        result[table] = cursor.fetchone()[0]
    cursor.execute("SELECT SUM(amount) FROM budgeting_pagu")
    result["pagu"] = cursor.fetchone()[0]
    return result


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="pg_dump / pg_restore need PostgreSQL (set DATABASE_URL)",
)
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_into_an_empty_database(tmp_path):
    load_plan(_seed_data())
    params = connection.get_connection_params()
    base = f"postgres://{params['user']}@{params['host']}:{params.get('port') or 5432}"
    source_url = f"{base}/{connection.settings_dict['NAME']}"
    target_name = f"renstra_restore_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "renstra.dump"
    env = {**os.environ, "DATABASE_URL": source_url}
    subprocess.run([ROOT / "scripts" / "backup", dump], env=env, check=True, capture_output=True)
    admin = psycopg2.connect(f"{base}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{target_name}"')
    try:
        env["DATABASE_URL"] = f"{base}/{target_name}"
        subprocess.run(
            [ROOT / "scripts" / "restore", dump], env=env, check=True, capture_output=True
        )
        with psycopg2.connect(f"{base}/{target_name}") as restored, restored.cursor() as cursor:
            restored_counts = counts(cursor)
        restored.close()
        with connection.cursor() as cursor:
            original_counts = counts(cursor)
        assert restored_counts == original_counts
        assert restored_counts["cascading_plannode"] == 89
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')
        admin.close()
