"""Bappeda's journey in a real browser: opens Kota, sorts by capaian, sees the chart drawn
under the Content-Security-Policy, and drills down to an office's dashboard."""

import pytest
from playwright.sync_api import expect

from renstra.models import Role
from tests.citywide.conftest import generated_office, member
from tests.e2e.conftest import log_in
from tests.e2e.test_csp import PAINTED_PIXELS, RECORD_VIOLATIONS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_bappeda_opens_the_city_sorts_and_drills_down(live_server, page):
    generated_office(1, iku_value="95", spent="500000.00")
    generated_office(2, iku_value="40", spent="900000.00")
    generated_office(3, iku_value="70", spent="100000.00")
    member("bappeda-kota", Role.BAPPEDA)
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, live_server, "bappeda-kota")

    page.locator("#nav-city").click()
    page.wait_for_url("**/kota/")
    page.goto(f"{live_server.url}/kota/?tahun=2024&tw=1")
    rows = page.locator("#city-offices tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_have_attribute("data-office", "opd-01")

    page.locator('a[data-sort="capaian"]').click()
    page.wait_for_url("**urut=capaian**")
    codes = rows.evaluate_all("rows => rows.map(r => r.dataset.office)")
    assert codes == ["opd-02", "opd-03", "opd-01"]
    expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Capaian IKU")
    page.locator('a[data-sort="capaian"]').click()
    page.wait_for_url("**urut=-capaian**")
    codes = rows.evaluate_all("rows => rows.map(r => r.dataset.office)")
    assert codes == ["opd-01", "opd-03", "opd-02"]
    expect(rows.first.locator('[data-field="capaian"]')).to_have_text("95,00 %")
    expect(rows.first.locator('[data-field="serapan"]')).to_have_text("50,00 %")

    expect(page.locator("#city-chart")).to_have_attribute("data-drawn", "3")
    assert page.locator("#chart-city").evaluate(PAINTED_PIXELS) > 0
    assert page.evaluate("window.cspViolations") == []

    rows.first.locator("th a").click()
    page.wait_for_url("**/?opd=opd-01**")
    expect(page.locator("h1")).to_have_text("Dinas 01")
    expect(page.locator('[data-tile="serapan"] [data-field="serapan"]')).to_have_text("50,00 %")


def test_bappeda_reviews_an_office_and_its_head_sees_it(live_server, page):
    """From the city table to the review page (the office's figures for the quarter in front of
    it), mark it reviewed with a note; the database holds the review, the page its history, and
    the office's head reads it on the home page."""
    from city.models import QuarterReview

    office = generated_office(1, iku_value="80", spent="250000.00")
    member("bappeda-kota", Role.BAPPEDA)
    member("kadis-1", Role.HEAD, office)
    log_in(page, live_server, "bappeda-kota")
    page.goto(f"{live_server.url}/kota/?tahun=2024&tw=1")
    page.locator('#city-offices tr[data-office="opd-01"] [data-field="review"] a').click()
    page.wait_for_url("**/kota/telaah/**")
    figures = page.locator("#review-figures")
    expect(figures.locator('[data-field="capaian"]')).to_contain_text("80,00 %")
    expect(figures.locator('[data-field="serapan"]')).to_contain_text("25,00 %")
    expect(figures.locator('[data-field="antrean"]')).to_have_text("1")

    page.locator('input[name="status"][value="reviewed"]').check()
    page.locator('textarea[name="catatan"]').fill("Lengkap; lanjutkan verifikasi TW 2.")
    page.locator("#review-form button[type=submit]").click()
    page.wait_for_url("**/kota/?tahun=2024&tw=1")
    cell = page.locator('#city-offices tr[data-office="opd-01"] [data-field="review"]')
    expect(cell).to_contain_text("Ditelaah")
    review = QuarterReview.objects.get(organisation=office, year=2024, quarter=1)
    assert (review.status, review.note, review.reviewer.username) == (
        "reviewed",
        "Lengkap; lanjutkan verifikasi TW 2.",
        "bappeda-kota",
    )
    cell.locator("a").click()
    expect(page.locator('#review-history li[data-review="reviewed"]')).to_contain_text(
        "Lengkap; lanjutkan verifikasi TW 2."
    )

    page.context.clear_cookies()
    log_in(page, live_server, "kadis-1")
    page.goto(f"{live_server.url}/?opd=opd-01&tahun=2024&tw=1")
    expect(page.locator('#office-reviews li[data-quarter="1"]')).to_contain_text(
        "TW 1: Ditelaah oleh"
    )
