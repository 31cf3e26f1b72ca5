"""Verification in a real browser, on the seeded plan: Enter in a return reason returns the value,
a head reopens a verified value, an operator clears a draft. Each journey checks what the page
shows and what the database holds."""

import pytest
from playwright.sync_api import expect

from cascading import workflow
from cascading.choices import Status
from cascading.models import Indicator, Realisation
from cascading.services import save_realisation
from renstra.models import Role, Unit
from tests.dashboard.conftest import member
from tests.e2e.conftest import log_in, seed_plan

pytestmark = [
    pytest.mark.e2e,
    # The live server needs committed data; restore the migrations' rows (predikat bands) after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def setting(live_server):
    """The seeded plan, an operator of one unit and the office head; the unit's IKK indicator."""
    organisation = seed_plan()
    unit = Unit.objects.get(organisation=organisation, code="bidang-pemberdayaan-sosial")
    operator = member("operator-pemberdayaan", Role.OPERATOR, organisation, unit)
    head = member("kadis", Role.HEAD, organisation)
    indicator = Indicator.objects.get(
        node__organisation=organisation, node__period__start_year=2024, node__code="1.06.02"
    )
    return operator, head, indicator


def submitted(operator, indicator, value="85"):
    record = save_realisation(
        user=operator, indicator=indicator, year=2024, quarter=1, value=value, note="Data SIKS"
    )
    workflow.submit(user=operator, records=[record])
    return record


def test_enter_in_a_return_reason_returns_the_value(live_server, page, artifacts):
    operator, _head, indicator = setting(live_server)
    record = submitted(operator, indicator)

    log_in(page, live_server, "kadis")
    page.goto(f"{live_server.url}/verifikasi/2024/tw1/")
    row = page.locator(f"#verify-indikator-{record.pk}")
    # What the head judges on: satuan, target, value, capaian and predikat, note, who entered it.
    expect(row).to_contain_text(indicator.name)
    expect(row).to_contain_text(indicator.satuan)
    expect(row.locator("[data-field=value]")).to_have_text("85")
    expect(row.locator("[data-field=figure]")).to_contain_text("%")
    expect(row.locator("[data-field=note]")).to_contain_text("Data SIKS")
    expect(row.locator("[data-field=author]")).to_contain_text("operator-pemberdayaan")
    page.screenshot(path=artifacts / "verification.png", full_page=True)

    reason = row.get_by_label("Alasan pengembalian")
    reason.fill("Lampirkan daftar penerima")
    reason.press("Enter")
    expect(page.locator(".messages")).to_contain_text(
        f"{indicator.name} (2024 TW 1) dikembalikan ke unitnya."
    )
    expect(page.locator(f"#verify-indikator-{record.pk}")).to_have_count(0)
    current = Realisation.objects.get(pk=record.pk)
    assert current.status == Status.RETURNED
    assert current.return_comment == "Lampirkan daftar penerima"
    assert current.verified_by is None


def test_a_return_without_a_reason_is_refused_at_the_row(live_server, page):
    operator, _head, indicator = setting(live_server)
    record = submitted(operator, indicator)

    log_in(page, live_server, "kadis")
    page.goto(f"{live_server.url}/verifikasi/2024/tw1/")
    row = page.locator(f"#verify-indikator-{record.pk}")
    reason = row.get_by_label("Alasan pengembalian")
    reason.fill("   ")
    reason.press("Enter")
    row = page.locator(f"#verify-indikator-{record.pk}")
    expect(row.locator(".field-error")).to_have_text("Tuliskan alasan pengembalian.")
    assert Realisation.objects.get(pk=record.pk).status == Status.SUBMITTED


def test_a_head_reopens_a_verified_value(live_server, page):
    operator, head, indicator = setting(live_server)
    record = submitted(operator, indicator)
    workflow.verify(user=head, records=[record])

    log_in(page, live_server, "kadis")
    page.goto(f"{live_server.url}/verifikasi/2024/tw1/")
    row = page.locator(f"#verified #verify-indikator-{record.pk}")
    expect(row).to_contain_text("Diverifikasi kadis")
    row.get_by_label("Alasan membuka kembali").fill("Jumlah penerima ganda")
    row.get_by_role("button", name="Buka kembali").click()
    expect(page.locator(".messages")).to_contain_text(
        f"{indicator.name} (2024 TW 1) dibuka kembali dan dikembalikan ke unitnya."
    )
    expect(page.locator(f"#verify-indikator-{record.pk}")).to_have_count(0)
    current = Realisation.objects.get(pk=record.pk)
    assert current.status == Status.RETURNED
    assert current.return_comment == "Jumlah penerima ganda"
    entry = current.history.order_by("-history_id").first()
    assert entry.history_user == head
    assert entry.history_change_reason == "Dibuka kembali: Jumlah penerima ganda"

    # The unit sees it back as returned, with the reason.
    page.get_by_role("button", name="Keluar").click()
    log_in(page, live_server, "operator-pemberdayaan")
    page.goto(f"{live_server.url}/realisasi/2024/tw1/")
    sheet_row = page.locator(f"#row-i{indicator.pk}")
    expect(sheet_row.locator(".status")).to_have_text("Dikembalikan")
    expect(sheet_row).to_contain_text("Jumlah penerima ganda")


def test_an_operator_clears_a_draft(live_server, page):
    operator, _head, indicator = setting(live_server)
    record = save_realisation(
        user=operator, indicator=indicator, year=2024, quarter=1, value="12,5"
    )

    log_in(page, live_server, "operator-pemberdayaan")
    page.goto(f"{live_server.url}/realisasi/2024/tw1/")
    row = page.locator(f"#row-i{indicator.pk}")
    expect(page.get_by_label(indicator.name)).to_have_value("12,5")
    expect(row.locator(".status")).to_have_text("Draf")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Kosongkan").click()
    expect(row.locator(".status")).to_have_count(0)
    expect(page.get_by_label(indicator.name)).to_have_value("")
    expect(row.get_by_role("button", name="Kosongkan")).to_have_count(0)
    assert not Realisation.objects.filter(pk=record.pk).exists()
    entry = Realisation.history.filter(id=record.pk).order_by("-history_id").first()
    assert entry.history_type == "-" and entry.history_user == operator

    page.reload()
    expect(page.get_by_label(indicator.name)).to_have_value("")
