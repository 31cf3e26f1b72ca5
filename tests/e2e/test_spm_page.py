"""A planner enters SPM figures in a real browser: the refusal, the correction, the save."""

import pytest
from playwright.sync_api import expect

from renstra.models import Role
from spm.models import SpmAnnual, SpmService
from tests.dashboard.conftest import member
from tests.e2e.conftest import log_in, seed_plan

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_planner_is_refused_more_served_than_needing_corrects_and_saves(
    live_server, page, artifacts
):
    organisation = seed_plan()
    member("perencana", Role.PLANNER, organisation)
    service = SpmService.objects.get(organisation=organisation, number=1)
    row = page.locator(f"#spm-{service.number}")
    needing = page.locator(f"#people_needing-{service.pk}")
    served = page.locator(f"#people_served-{service.pk}")

    log_in(page, live_server, "perencana")
    page.get_by_role("link", name="Isi SPM").click()
    page.wait_for_url("**/spm/20*/?opd=*")
    page.goto(f"{live_server.url}/spm/2025/")
    expect(page.locator("h1")).to_have_text("Capaian Standar Pelayanan Minimal tahun 2025")
    expect(page.locator("#spm-sheet tbody tr")).to_have_count(5)
    expect(row.locator("[data-field=penerima]")).to_have_text("-")

    needing.fill("1.250")
    served.fill("1.300")
    page.get_by_role("button", name="Simpan data SPM").click()

    expect(page.locator(".messages")).to_contain_text(
        "Tidak ada yang disimpan: 1 jenis pelayanan perlu diperbaiki."
    )
    expect(page.locator(f"#spm-errors-{service.number}")).to_have_text(
        f"{service}: warga negara yang terlayani (1.300) tidak boleh melebihi "
        "warga negara yang membutuhkan (1.250)."
    )
    assert page.url.endswith("/spm/2025/?opd=" + organisation.code)
    expect(needing).to_have_value("1.250")  # what was typed stays
    expect(served).to_have_value("1.300")
    expect(served).to_have_attribute("aria-invalid", "true")
    assert not SpmAnnual.objects.filter(service=service, year=2025).exists()
    page.screenshot(path=artifacts / "spm-refused.png", full_page=True)

    served.fill("1.200")
    page.get_by_role("button", name="Simpan data SPM").click()

    expect(page.locator(".messages")).to_contain_text("1 jenis pelayanan tersimpan.")
    expect(row.locator("[data-field=penerima]")).to_have_text("96,00 %")
    expect(needing).to_have_value("1.250")
    expect(served).to_have_value("1.200")
    expect(row.locator("[data-field=updated]")).to_contain_text("perencana")
    page.screenshot(path=artifacts / "spm-saved.png", full_page=True)
    saved = SpmAnnual.objects.get(service=service, year=2025)
    assert (saved.people_needing, saved.people_served) == (1250, 1200)
    assert saved.history.get().history_user.username == "perencana"
