"""The heads' and operators' pages in a real browser, on the seeded plan."""

import datetime

import pytest
from playwright.sync_api import expect

from cascading.choices import Status
from cascading.models import Indicator, PlanNode, Realisation
from renstra.demo import fill_demo_realisations
from renstra.models import Role, Unit
from tests.dashboard.conftest import member
from tests.e2e.conftest import log_in, log_out, seed_plan

pytestmark = [
    pytest.mark.e2e,
    # The live server needs committed data; restore the migrations' rows (predikat bands) after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_operator_enters_and_submits_head_verifies_dashboard_counts_it(live_server, page):
    organisation = seed_plan()
    unit = Unit.objects.get(organisation=organisation, code="bidang-pemberdayaan-sosial")
    member("operator-pemberdayaan", Role.OPERATOR, organisation, unit)
    member("kadis", Role.HEAD, organisation)
    ikk = Indicator.objects.get(
        node__organisation=organisation, node__period__start_year=2024, node__code="1.06.02"
    )
    dashboard = f"{live_server.url}/?tahun=2024&tw=1"
    figure = page.locator(f"#key-indicators tr[data-indicator='{ikk.pk}'] [data-field=capaian]")

    log_in(page, live_server, "operator-pemberdayaan")
    page.goto(f"{live_server.url}/realisasi/2024/tw1/")
    page.evaluate("window.sameDocument = true")
    row = page.locator(f"#row-i{ikk.pk}")
    expect(row.locator("[data-figure]")).to_have_text("-")
    field = page.get_by_label(ikk.name)
    field.fill("85")
    field.press("Enter")  # htmx saves the row and swaps it in place
    expect(row.locator("[data-figure]")).to_have_text("85,00 %")
    expect(row.locator(".status")).to_have_text("Draf")
    assert page.evaluate("window.sameDocument") is True  # no reload
    page.get_by_role("button", name="Ajukan semua draf TW 1").click()
    page.get_by_role("button", name="Ya, ajukan 1 draf").click()
    expect(page.locator(".messages")).to_contain_text("1 realisasi diajukan untuk verifikasi.")
    assert Realisation.objects.get(indicator=ikk).status == Status.SUBMITTED
    log_out(page)

    log_in(page, live_server, "kadis")
    page.goto(dashboard)
    expect(figure).to_have_text("-")  # submitted, not verified: not counted
    page.goto(f"{live_server.url}/verifikasi/2024/tw1/")
    expect(page.locator("table.sheet")).to_contain_text(ikk.name)
    page.locator("form:has(input[name=action][value=verify-all]) button").click()
    expect(page.locator(".messages")).to_contain_text("1 realisasi terverifikasi.")
    page.goto(dashboard)
    expect(figure).to_have_text("85,00 %")
    expect(page.locator(f"#key-indicators tr[data-indicator='{ikk.pk}']")).to_contain_text("Tinggi")
    assert Realisation.objects.get(indicator=ikk).status == Status.VERIFIED


def test_dashboard_tree_and_trends_render_and_switch_year(live_server, page, artifacts):
    organisation = seed_plan()
    fill_demo_realisations(organisation=organisation, today=datetime.date(2025, 1, 1))
    member("kadis", Role.HEAD, organisation)
    program = PlanNode.objects.get(
        organisation=organisation, period__start_year=2024, code="1.06.02"
    )
    kegiatan = program.children.order_by("code_key").first()

    log_in(page, live_server, "kadis")
    page.goto(f"{live_server.url}/?tahun=2024&tw=4")
    expect(page.locator("h1")).to_have_text(organisation.name)
    expect(page.locator(".banner.demo")).to_contain_text("DATA CONTOH")
    expect(page.locator("#key-indicators tbody tr")).to_have_count(5)
    expect(page.locator("#programs tbody tr")).to_have_count(5)
    expect(page.locator("#spm tfoot .predikat")).to_contain_text("Tuntas")
    page.screenshot(path=artifacts / "dashboard-2024.png", full_page=True)
    page.set_viewport_size({"width": 820, "height": 1180})
    page.screenshot(path=artifacts / "dashboard-2024-tablet.png")
    page.emulate_media(media="print")
    page.screenshot(path=artifacts / "dashboard-2024-print.png", full_page=True)
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1366, "height": 768})

    page.goto(f"{live_server.url}/pohon/?tahun=2024&tw=4")
    node = page.locator(f"details[data-node='{program.pk}']")
    child = page.locator(f"details[data-node='{kegiatan.pk}']")
    expect(node).not_to_have_attribute("open", "")
    expect(child).to_be_hidden()
    node.locator("> summary").click()
    expect(node).to_have_attribute("open", "")
    expect(child).to_be_visible()
    child.locator("> summary").focus()
    page.keyboard.press("Enter")  # keyboard opens a node too
    expect(child).to_have_attribute("open", "")
    serapan_2024 = node.locator("> summary [data-field=serapan]").inner_text()
    assert serapan_2024.endswith("%")
    page.screenshot(path=artifacts / "tree-2024-expanded.png", full_page=True)

    page.get_by_label("Tahun").select_option("2025")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url("**tahun=2025**")
    expect(page.locator(".page-head .muted")).to_contain_text("Tahun 2025")
    # Nothing of 2025 had ended on the demo's "today": no money counted yet.
    expect(node.locator("> summary [data-field=serapan]")).to_have_text("0,00 %")
    page.get_by_role("button", name="Buka semua").click()
    expect(child).to_be_visible()
    page.screenshot(path=artifacts / "tree-2025.png")

    page.goto(f"{live_server.url}/tren/")
    expect(page.locator("#trends")).to_have_attribute("data-charts", "ready")
    expect(page.locator("#chosen tbody tr")).to_have_count(6)  # 2021-2023 and 2024-2026
    office_2024 = page.locator("#spm-trends tr[data-service=office] td[data-year='2024']")
    expect(office_2024.locator(".predikat")).to_contain_text("Tuntas")
    page.screenshot(path=artifacts / "trends.png", full_page=True)


def test_a_row_that_cannot_reach_the_server_says_so_and_keeps_the_value(live_server, page):
    organisation = seed_plan()
    unit = Unit.objects.get(organisation=organisation, code="bidang-pemberdayaan-sosial")
    member("operator-pemberdayaan", Role.OPERATOR, organisation, unit)
    ikk = Indicator.objects.get(
        node__organisation=organisation, node__period__start_year=2024, node__code="1.06.02"
    )
    log_in(page, live_server, "operator-pemberdayaan")
    page.goto(f"{live_server.url}/realisasi/2024/tw1/")
    page.route("**/baris/**", lambda route: route.abort("connectionreset"))
    field = page.get_by_label(ikk.name)
    field.fill("85")
    field.press("Enter")
    row = page.locator(f"#row-i{ikk.pk}")
    expect(row.locator(".row-failure")).to_contain_text("sambungan ke server terputus")
    expect(field).to_have_value("85")
    assert not Realisation.objects.filter(indicator=ikk).exists()
