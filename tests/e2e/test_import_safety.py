"""An operator's round trip through the import page in a real browser: a note that looks like a
formula comes back as text, and a crafted workbook is refused with a clear message."""

import pytest
from playwright.sync_api import expect

from cascading.choices import Status
from cascading.models import Indicator, Realisation
from renstra.models import Role, Unit
from tests.dashboard.conftest import member
from tests.e2e.conftest import log_in, seed_plan
from tests.imports.test_bounded import attacks

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOTE = '=HYPERLINK("http://contoh.invalid","klik")'


@pytest.fixture(autouse=True)
def _pending_dir(settings, tmp_path):
    settings.RENSTRA_IMPORT_DIR = tmp_path / "impor"


def test_operator_imports_the_template_back_and_a_crafted_file_is_refused(
    live_server, page, tmp_path
):
    organisation = seed_plan()
    unit = Unit.objects.get(organisation=organisation, code="bidang-pemberdayaan-sosial")
    member("operator-pemberdayaan", Role.OPERATOR, organisation, unit)
    ikk = Indicator.objects.get(
        node__organisation=organisation, node__period__start_year=2024, node__code="1.06.02"
    )
    record = Realisation.objects.create(
        indicator=ikk, year=2024, quarter=1, value=85, note=NOTE, status=Status.DRAFT
    )

    log_in(page, live_server, "operator-pemberdayaan")
    page.goto(f"{live_server.url}/impor/?tahun=2024&tw=1")
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh templat").click()
    template = tmp_path / "templat.xlsx"
    download.value.save_as(template)

    page.get_by_label("Berkas Excel (.xlsx)").set_input_files(template)
    page.locator("form[action*='/impor/realisasi/'] button").click()
    expect(page.locator("body")).not_to_contain_text("berisi rumus")
    expect(page.locator(f"tr:has-text('{ikk.name}')").first).to_contain_text("Tetap")
    record.refresh_from_db()
    assert (record.value, record.note, record.version) == (85, NOTE, 1)

    before = sorted(Realisation.objects.values_list("pk", "version", "value", "note"))
    crafted = tmp_path / "serangan.xlsx"
    data, message = attacks()["650 sheets reaching row 1048576"]
    crafted.write_bytes(data)
    page.goto(f"{live_server.url}/impor/?tahun=2024&tw=1")
    page.get_by_label("Berkas Excel (.xlsx)").set_input_files(crafted)
    page.locator("form[action*='/impor/realisasi/'] button").click()
    expect(page.locator(".errorlist")).to_contain_text(message)
    assert sorted(Realisation.objects.values_list("pk", "version", "value", "note")) == before
