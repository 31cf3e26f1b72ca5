import functools
import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@functools.cache
def _seed_data() -> dict:
    return json.loads(Path(django_settings.SEED_FIXTURE).read_text(encoding="utf-8"))


@pytest.fixture
def seeded_plan(db):
    """The plan of the seed document (Renstra Dinas Sosial Palangka Raya), loaded by the loader.

    Returns the Organisation; periods 2019-2023 and 2024-2026, units, SPM and data notes hang
    off it.
    """
    from renstra.seed.load import load_plan

    return load_plan(_seed_data())
