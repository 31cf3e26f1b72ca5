"""A city administrator brings a new office in from one prepared workbook in a real browser:
upload, preview, apply, the summary with whom the links went to, and the users in the database;
then a new user follows the e-mailed link, sets a password and logs in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from renstra.models import Membership, Role, Unit
from tests.dashboard.conftest import member
from tests.e2e.conftest import log_in
from tests.people.conftest import new_office_book

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _pending_dir(settings, tmp_path):
    settings.RENSTRA_IMPORT_DIR = tmp_path / "impor"


def test_a_city_administrator_imports_a_new_office_and_its_users(live_server, page, tmp_path):
    member("admin-kota", Role.ADMIN)
    path = tmp_path / "kominfo.xlsx"
    path.write_bytes(new_office_book())

    log_in(page, live_server, "admin-kota")
    page.get_by_role("link", name="Impor Pengguna").click()
    page.get_by_label("Berkas Excel (.xlsx)").set_input_files(path)
    page.get_by_role("button", name="Unggah dan pratinjau").click()

    expect(page.locator("h1")).to_have_text("Pratinjau impor pengguna")
    expect(page.locator("dd.count-new")).to_have_text("7")
    expect(page.locator("dd.count-error")).to_have_text("0")
    expect(page.locator("body")).to_contain_text("Unit induk: - → sekretariat")
    assert not Membership.objects.filter(user__username="kominfo-op").exists()

    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator("h1")).to_have_text("Impor pengguna diterapkan")
    users = page.locator("#summary tbody tr", has_text="Pengguna").locator("td")
    expect(users).to_have_text(["Pengguna", "3", "0"])
    expect(page.locator("#invited")).to_contain_text("kominfo-op <oki@kominfo.go.id>")

    operator = Membership.objects.select_related("user", "unit").get(user__username="kominfo-op")
    assert (operator.role, operator.unit.code) == (Role.OPERATOR, "bidang-tik")
    assert Unit.objects.get(code="subbag-umum").parent.code == "sekretariat"
    assert len(mail.outbox) == 3

    message = next(m for m in mail.outbox if m.to == ["oki@kominfo.go.id"])
    link = re.search(r"(/sandi/atur/\S+/)", message.body).group(1)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{link}")
    page.get_by_label("Sandi baru", exact=True).fill("Sandi-Kominfo-2026!")
    page.get_by_label("Konfirmasi sandi baru").fill("Sandi-Kominfo-2026!")
    page.get_by_role("button", name="Simpan kata sandi").click()
    expect(page.locator("h1")).to_have_text("Kata sandi Anda tersimpan.")
    page.get_by_role("link", name="Masuk dengan kata sandi baru").click()
    page.get_by_label("Nama pengguna").fill("kominfo-op")
    page.get_by_label("Kata sandi").fill("Sandi-Kominfo-2026!")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("header.top")).to_contain_text("Keluar (kominfo-op)")
