"""The pages work in Chromium under the Content-Security-Policy, with no violation reported:
bars, swatches and report columns get their server-computed sizes and colours, htmx saves a row,
Chart.js draws the trend charts."""

import datetime

import pytest
from playwright.sync_api import expect

from cascading.models import Indicator, Realisation
from renstra.demo import fill_demo_realisations
from renstra.models import Role
from tests.dashboard.conftest import member
from tests.e2e.conftest import log_in, seed_plan

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Runs before any page script: every refusal the browser reports lands in this list.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
PAINTED_PIXELS = """canvas => {
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  return painted;
}"""


def test_dashboard_entry_sheet_trends_and_preview_under_the_policy(live_server, page):
    organisation = seed_plan()
    fill_demo_realisations(organisation=organisation, today=datetime.date(2025, 1, 1))
    member("admin-dinsos", Role.ADMIN, organisation)
    ikk = Indicator.objects.get(
        node__organisation=organisation, node__period__start_year=2024, node__code="1.06.02"
    )
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)

    def violations() -> list[str]:
        reported = page.evaluate("window.cspViolations")
        return reported + [text for text in console if "Content Security Policy" in text]

    log_in(page, live_server, "admin-dinsos")
    response = page.goto(f"{live_server.url}/?tahun=2024&tw=4")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("#programs tbody tr")).to_have_count(5)
    bars = page.locator("#programs .meter > span")
    widths = bars.evaluate_all("spans => spans.map(s => s.style.width)")
    assert widths and all(width.endswith("%") for width in widths)
    assert max(bars.evaluate_all("spans => spans.map(s => s.offsetWidth)")) > 0
    swatch = page.locator("#programs .swatch").first
    assert swatch.evaluate("s => getComputedStyle(s).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert violations() == []

    page.goto(f"{live_server.url}/realisasi/2025/tw1/")
    row = page.locator(f"#row-i{ikk.pk}")
    expect(row.locator("[data-figure]")).to_have_text("-")
    field = page.get_by_label(ikk.name)
    field.fill("85")
    field.press("Enter")  # htmx posts the row and swaps it in
    expect(row.locator(".status")).to_have_text("Draf")
    expect(row.locator("[data-figure]")).to_contain_text("%")
    saved = Realisation.objects.get(indicator=ikk, year=2025, quarter=1)
    assert saved.value == 85
    assert violations() == []

    page.goto(f"{live_server.url}/tren/")
    expect(page.locator("#trends")).to_have_attribute("data-charts", "ready")
    assert page.locator("#chart-indicator").evaluate(PAINTED_PIXELS) > 1000
    assert page.locator("#chart-spm").evaluate(PAINTED_PIXELS) > 1000
    assert violations() == []

    page.goto(f"{live_server.url}/laporan/renstra/2024/")
    first_column = page.locator(".report-table col").first
    assert first_column.evaluate("c => c.style.width").endswith("ch")
    header = page.locator(".report-table th").first
    assert header.evaluate("h => getComputedStyle(h).backgroundColor") == "rgb(231, 236, 240)"
    assert violations() == []

    # The recorder does catch a refusal: an inline style attribute is refused and reported.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_function("window.cspViolations.length > 0")
    assert any(entry.startswith("style-src") for entry in page.evaluate("window.cspViolations"))
