"""Every page of every role at a phone's width (390 x 844): nothing wider than the screen."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cascading.choices import Level
from cascading.models import Indicator, PlanNode, Realisation
from renstra.demo import fill_demo_realisations
from renstra.models import Role, Unit
from tests.dashboard.conftest import member
from tests.e2e.conftest import log_in, seed_plan
from tests.people.conftest import people_book

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
ROLES = [Role.ADMIN, Role.PLANNER, Role.OPERATOR, Role.HEAD, Role.REVIEWER]

# What is wider than the screen, for the failure message: the outermost such elements.
TOO_WIDE = """() => {
  const limit = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")].filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > limit + 1 && !el.closest(".scroll, [data-scroll]")
      && getComputedStyle(el).position !== "fixed";
  });
  return wide.filter((el) => !wide.includes(el.parentElement)).slice(0, 5).map((el) =>
    el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className ? "." + el.className.trim() : "") +
    " right=" + Math.round(el.getBoundingClientRect().right));
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


def overflow(page) -> tuple[int, int, list[str]]:
    return (
        page.evaluate("document.documentElement.scrollWidth"),
        page.evaluate("window.innerWidth"),
        page.evaluate(TOO_WIDE),
    )


def test_every_page_of_every_role_fits_a_phone(live_server, phone):
    organisation = seed_plan()
    fill_demo_realisations(organisation=organisation, today=datetime.date(2025, 1, 1))
    unit = Unit.objects.get(organisation=organisation, code="bidang-pemberdayaan-sosial")
    for role in ROLES:
        member(f"hp-{role}", role, organisation, unit if role == Role.OPERATOR else None)
    indicator = Indicator.objects.filter(
        node__organisation=organisation, node__period__start_year=2024, node__unit=unit
    ).first()
    record = Realisation.objects.filter(indicator__node__organisation=organisation).first()
    program = PlanNode.objects.get(
        organisation=organisation, period__start_year=2024, level=Level.PROGRAM, code="1.06.02"
    )
    sub_unit = Unit.objects.get(organisation=organisation, code="sub-bagian-keuangan-dan-aset")
    extra = [
        f"/perjanjian-kinerja/buat/subunit/{sub_unit.pk}/?tahun=2025",
        "/pohon/?tahun=2024&tw=4",
        "/tren/",
        f"/indikator/{indicator.pk}/?tahun=2024",
        "/laporan/",
        "/impor/",
        f"/riwayat/indikator/{record.pk}/",
        "/realisasi/2024/tw4/",
        "/verifikasi/2024/tw4/",
        "/perjanjian-kinerja/definisi/?tahun=2025",
        f"/perjanjian-kinerja/definisi/{indicator.pk}/",
    ]
    failures, visited = [], 0
    for role in ROLES:
        log_in(phone, live_server, f"hp-{role}")
        links = phone.locator("header.top nav a").evaluate_all(
            "links => links.map((a) => a.getAttribute('href'))"
        )
        assert links, f"{role}: no navigation"
        for path in dict.fromkeys(links + extra):
            phone.goto(live_server.url + path)
            if path.startswith("/tren/") and phone.locator("#trends").count():
                expect(phone.locator("#trends")).to_have_attribute("data-charts", "ready")
            if path.startswith("/pohon/"):
                phone.locator(f"details[data-node='{program.pk}'] > summary").click()
            width, viewport, wide = overflow(phone)
            visited += 1
            assert viewport == PHONE["width"]
            if width > viewport:
                failures.append(f"{role} {path}: {width} px > {viewport} px {wide}")
        phone.context.clear_cookies()
    assert visited >= len(ROLES) * len(extra)
    assert not failures, "\n".join(failures)


def test_the_entry_sheet_on_a_phone_keeps_code_and_name_in_view_and_shows_rupiah_whole(
    live_server, phone
):
    organisation = seed_plan()
    unit = Unit.objects.get(organisation=organisation, code="bidang-pemberdayaan-sosial")
    member("hp-operator", Role.OPERATOR, organisation, unit)
    log_in(phone, live_server, "hp-operator")
    phone.goto(f"{live_server.url}/realisasi/2024/tw1/")

    row = phone.locator("#entry-sheet tbody tr.indicator").first
    code, name = row.locator("td").nth(0), row.locator("td").nth(1)
    before = (code.bounding_box()["x"], name.bounding_box()["x"])
    wrapper = phone.locator(".scroll:has(#entry-sheet)")
    wrapper.evaluate("(el) => { el.scrollLeft = el.scrollWidth; }")
    assert wrapper.evaluate("(el) => el.scrollLeft") > 100  # the numbers did scroll
    after = (code.bounding_box()["x"], name.bounding_box()["x"])
    assert after == before
    assert name.bounding_box()["x"] + name.bounding_box()["width"] <= PHONE["width"]

    money = phone.locator("#entry-sheet tr.budget input.value").first
    money.fill("65.432.100,50")
    assert money.evaluate("(el) => el.scrollWidth <= el.clientWidth")
    money.fill("123.456.789.012.345,50")
    assert money.evaluate("(el) => el.scrollWidth <= el.clientWidth")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_people_import_pages_fit_a_phone(live_server, phone, tmp_path, settings):
    settings.RENSTRA_IMPORT_DIR = tmp_path / "impor"
    organisation = seed_plan()
    member("hp-admin", Role.ADMIN, organisation)
    path = tmp_path / "pengguna.xlsx"
    path.write_bytes(
        people_book(
            users=[
                [
                    "hp-baru",
                    "Nama Yang Cukup Panjang",
                    "Untuk Layar",
                    "hp.baru@contoh.go.id",
                    "Operator bidang",
                    organisation.code,
                    "bidang-pemberdayaan-sosial",
                ]
            ]
        )
    )
    log_in(phone, live_server, "hp-admin")
    failures = []

    def check(name: str) -> None:
        width, viewport, wide = overflow(phone)
        if width > viewport:
            failures.append(f"{name}: {width} px > {viewport} px {wide}")

    phone.goto(f"{live_server.url}/pengguna/impor/")
    check("impor")
    phone.get_by_label("Berkas Excel (.xlsx)").set_input_files(path)
    phone.get_by_role("button", name="Unggah dan pratinjau").click()
    expect(phone.locator("dd.count-new")).to_have_text("1")
    check("pratinjau")
    phone.get_by_role("button", name="Terapkan").click()
    expect(phone.locator("h1")).to_have_text("Impor pengguna diterapkan")
    check("ringkasan")
    link = re.search(r"(/sandi/atur/\S+/)", mail.outbox[-1].body).group(1)
    phone.context.clear_cookies()
    phone.goto(f"{live_server.url}{link}")
    expect(phone.locator("h1")).to_have_text("Atur kata sandi")
    check("atur sandi")
    assert not failures, "\n".join(failures)
