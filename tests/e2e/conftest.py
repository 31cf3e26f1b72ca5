"""Real-browser tests: Playwright drives Debian's Chromium (installed by scripts/_setup.sh)
against pytest-django's live server. No browser is downloaded: the system one is launched."""

import json
import os
import shutil
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

from renstra.models import Membership, Role, Unit
from renstra.seed.load import load_plan
from tests.factories import UserFactory

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAPTOP = {"width": 1366, "height": 768}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "rahasia-uji-123"  # tests.factories.UserFactory's


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail(
            "Chromium tidak ditemukan: jalankan scripts/test (memasang paket Debian 'chromium') "
            "atau apt-get install chromium."
        )
    return found


@pytest.fixture(scope="session")
def browser():
    # Playwright's synchronous API runs an event loop in this thread; the test code's ORM calls
    # between browser steps are still plain synchronous calls.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=LAPTOP, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def seed_plan():
    """The seeded plan, loaded by the loader inside the test (the live server's transaction)."""
    return load_plan(json.loads(Path(settings.SEED_FIXTURE).read_text(encoding="utf-8")))


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")


def log_out(page) -> None:
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/masuk/")


@pytest.fixture(autouse=True)
def default_scales(transactional_db):
    """Put back the rows the data migrations install (predikat and SPM kategori bands, SPM
    weights) before each browser test.

    A transactional test empties every table afterwards and relies on the test database's
    serialized copy to restore them. Playwright's synchronous API switches greenlets, and in that
    context Django can hand the next test a connection object without the serialized copy, so
    the tables stay empty (seen on PostgreSQL when other database tests ran first). The
    migrations' own functions are idempotent (get_or_create), so calling them is always safe.
    """
    from django.apps import apps

    import_module("cascading.migrations.0003_default_predikat_bands").create_bands(apps, None)
    import_module("spm.migrations.0002_default_kategori_and_weights").create_defaults(apps, None)


@dataclass
class SeededOffice:
    """The seeded office with one user per role (operator: Bidang Pemberdayaan Sosial)."""

    organisation: object
    unit: object
    users: dict

    def sheet_url(self, live_server, year: int = 2024, quarter: int = 1) -> str:
        return f"{live_server.url}/realisasi/{year}/tw{quarter}/?opd={self.organisation.code}"


ROLE_USERS = {
    "administrator": ("admin-dinsos", Role.ADMIN),
    "perencana": ("perencana", Role.PLANNER),
    "operator": ("operator-pemberdayaan", Role.OPERATOR),
    "pimpinan": ("kadis", Role.HEAD),
    "peninjau": ("bappeda", Role.REVIEWER),
}


@pytest.fixture
def seeded_office(transactional_db) -> SeededOffice:
    """The seeded plan and a user for each of the five roles, keyed by the role's name."""
    organisation = seed_plan()
    unit = Unit.objects.get(organisation=organisation, code="bidang-pemberdayaan-sosial")
    users = {}
    for name, (username, role) in ROLE_USERS.items():
        user = UserFactory(username=username)
        Membership.objects.create(
            user=user,
            role=role,
            organisation=organisation,
            unit=unit if role == Role.OPERATOR else None,
        )
        users[name] = user
    return SeededOffice(organisation, unit, users)
