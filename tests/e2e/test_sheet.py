"""The entry sheet in a real browser, on the seeded plan: save all (success and one bad row), the
plausibility confirmation, the returned-entry banner and filters, the bulk-submit confirmation,
the keyboard after a refused row, and the menu of each of the five roles."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from budgeting.models import BudgetRealisation
from cascading import workflow
from cascading.choices import Level, Status
from cascading.models import Indicator, PlanNode, Realisation
from cascading.services import save_realisation
from tests.e2e.conftest import LAPTOP, ROLE_USERS, log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def indicator(office, code) -> Indicator:
    return Indicator.objects.get(
        node__organisation=office.organisation, node__period__start_year=2024, node__code=code
    )


def sub_kegiatan(office, code) -> PlanNode:
    return PlanNode.objects.get(
        organisation=office.organisation, period__start_year=2024, code=code
    )


def rows_of_unit(office) -> int:
    """The operator's rows in 2024: the unit's indicators and its sub kegiatan's budget rows."""
    indicators = Indicator.objects.filter(node__period__start_year=2024, node__unit=office.unit)
    budget_rows = PlanNode.objects.filter(
        period__start_year=2024, unit=office.unit, level=Level.SUB_KEGIATAN
    )
    return indicators.count() + budget_rows.count()


def test_save_all_lands_on_the_sheet_with_the_count(live_server, page, seeded_office):
    office = seeded_office
    ikk = indicator(office, "1.06.02")
    sub = sub_kegiatan(office, "1.06.02.2.03.01")
    sheet = office.sheet_url(live_server)
    log_in(page, live_server, "perencana")
    page.goto(sheet)
    page.get_by_label(ikk.name).fill("85")
    page.locator(f"#row-i{ikk.pk} input.note").fill("Rapat koordinasi PSKS")
    page.locator(f"#value-b{sub.pk}").fill("1.500.000")
    page.get_by_role("button", name="Simpan semua perubahan").click()

    expect(page.locator(".messages")).to_contain_text("2 baris tersimpan.")
    assert page.url == sheet  # the sheet's own GET URL, not /simpan/
    expect(page.locator(f"#row-i{ikk.pk} .status")).to_have_text("Draf")
    expect(page.get_by_label(ikk.name)).to_have_value("85")
    record = Realisation.objects.get(indicator=ikk, year=2024, quarter=1)
    assert (record.value, record.note) == (Decimal("85"), "Rapat koordinasi PSKS")
    assert BudgetRealisation.objects.get(node=sub, year=2024, quarter=1).amount == Decimal(
        "1500000"
    )


def test_save_all_with_one_bad_row_keeps_everything_typed(live_server, page, seeded_office):
    office = seeded_office
    ikk = indicator(office, "1.06.02")
    people = indicator(office, "1.06.02.2.03.01")
    sub = people.node
    sheet = office.sheet_url(live_server)
    log_in(page, live_server, "perencana")
    page.goto(sheet)
    typed = {
        f"i{ikk.pk}": ("85", "Catatan IKK"),
        f"i{people.pk}": ("12", "Pelatihan angkatan I"),
        f"b{sub.pk}": ("-5", "Belanja ATK"),
    }
    for key, (value, note) in typed.items():
        page.locator(f"#value-{key}").fill(value)
        page.locator(f"#row-{key} input.note").fill(note)
    page.get_by_role("button", name="Simpan semua perubahan").click()

    expect(page.locator(".messages")).to_contain_text("Tidak ada yang disimpan: 1 baris")
    assert page.url == sheet
    for key, (value, note) in typed.items():
        expect(page.locator(f"#value-{key}")).to_have_value(value)
        expect(page.locator(f"#row-{key} input.note")).to_have_value(note)
    bad = page.locator(f"#row-b{sub.pk}")
    expect(bad).to_have_class("budget has-error")
    expect(bad.locator(".field-error")).to_contain_text("tidak boleh negatif")
    expect(page.locator(f"#row-i{ikk.pk}")).not_to_have_class("indicator has-error")
    expect(page.locator("#submit-unit")).to_be_visible()  # the submit form keeps its units
    assert not Realisation.objects.filter(indicator__in=[ikk, people]).exists()
    assert not BudgetRealisation.objects.filter(node=sub).exists()

    # The address is the sheet's: opening it again shows the sheet, not an error page.
    response = page.goto(page.url)
    assert response.status == 200
    expect(page.locator("h1")).to_contain_text("Isi realisasi tahun 2024, triwulan 1")


def test_an_implausible_value_is_saved_only_with_confirmation_and_a_note(
    live_server, page, seeded_office
):
    office = seeded_office
    people = indicator(office, "1.06.02.2.03.01")  # target 40 Orang in 2024
    log_in(page, live_server, "operator-pemberdayaan")
    page.goto(office.sheet_url(live_server))
    row = page.locator(f"#row-i{people.pk}")
    field = page.get_by_label(people.name)
    field.fill("1.234")
    field.press("Enter")

    expect(row.locator(".field-error")).to_contain_text("lebih dari 3 kali target tahun ini (40)")
    confirm = row.get_by_label("Nilai ini benar (wajib catatan)")
    expect(confirm).to_be_visible()
    expect(page.get_by_label(people.name)).to_be_focused()
    assert not Realisation.objects.filter(indicator=people).exists()

    confirm.check()
    row.locator("input.note").press("Enter")  # confirmed without a note: still refused
    expect(row.locator(".field-error")).to_contain_text("Tulis catatan")
    assert not Realisation.objects.filter(indicator=people).exists()

    row.get_by_label("Nilai ini benar (wajib catatan)").check()
    row.locator("input.note").fill("Termasuk peserta dari DTKS kota")
    row.locator("input.note").press("Enter")
    expect(row.locator(".plausibility-flag")).to_have_text("Ditandai: nilai tidak wajar")
    expect(row.locator(".status")).to_have_text("Draf")
    record = Realisation.objects.get(indicator=people, year=2024, quarter=1)
    assert record.value == Decimal("1234") and record.note == "Termasuk peserta dari DTKS kota"
    assert "lebih dari 3 kali target" in record.plausibility_warning

    page.goto(f"{live_server.url}/?tahun=2024&tw=1")
    expect(page.locator(f"#flag-implausible li[data-record='{record.pk}']")).to_contain_text(
        people.name
    )


def test_returned_entries_show_on_home_menu_and_sheet_and_filters_work(
    live_server, page, seeded_office
):
    office = seeded_office
    staff = indicator(office, "1.06.02.2.03.02")
    record = save_realisation(
        user=office.users["perencana"], indicator=staff, year=2024, quarter=1, value="3"
    )
    workflow.submit(user=office.users["perencana"], records=[record])
    record.refresh_from_db()
    workflow.send_back(user=office.users["pimpinan"], record=record, comment="Lampirkan SK")

    log_in(page, live_server, "operator-pemberdayaan")
    page.goto(f"{live_server.url}/?tahun=2024&tw=1")
    expect(page.locator("#returned-home")).to_contain_text("1 realisasi Anda dikembalikan")
    expect(page.locator("#nav-entry .badge")).to_have_text("1")
    page.get_by_role("link", name="2024 TW 1 (1)").click()

    expect(page.locator("#returned-banner")).to_contain_text(
        "1 realisasi triwulan ini dikembalikan verifikator"
    )
    rows = page.locator("#entry-sheet tr[data-row]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_id(f"row-i{staff.pk}")
    expect(rows.first).to_contain_text("Lampirkan SK")

    unit_rows = rows_of_unit(office)
    filters = page.locator("#filters")
    filters.get_by_label("Tampilkan").select_option("kosong")
    filters.get_by_role("button", name="Saring").click()
    page.wait_for_url("**status=kosong**")
    expect(rows).to_have_count(unit_rows - 1)  # every row but the returned one is empty
    expect(page.locator("#row-count")).to_contain_text(f"dari {unit_rows} baris ditampilkan")

    filters.get_by_label("Cari kode atau nama").fill("1.06.02.2.03.01")
    filters.get_by_role("button", name="Saring").click()
    page.wait_for_url("**cari=1.06.02.2.03.01**")
    expect(rows).to_have_count(2)  # the sub kegiatan's indicator and its budget row
    page.get_by_role("link", name="Hapus saringan").click()
    expect(rows).to_have_count(unit_rows)


def test_bulk_submit_asks_first_and_counts_the_empty_rows(live_server, page, seeded_office):
    office = seeded_office
    people = indicator(office, "1.06.02.2.03.01")
    operator = office.users["operator"]
    save_realisation(user=operator, indicator=people, year=2024, quarter=1, value="12")
    unit_rows = rows_of_unit(office)
    sheet = office.sheet_url(live_server)

    log_in(page, live_server, "operator-pemberdayaan")
    page.goto(sheet)
    page.get_by_role("button", name="Ajukan semua draf TW 1").click()
    expect(page.locator("#submit-count")).to_have_text("1 draf akan diajukan untuk verifikasi.")
    expect(page.locator("#submit-empty")).to_contain_text(
        f"{unit_rows - 1} baris masih kosong dan tidak ikut diajukan"
    )
    page.get_by_role("link", name="Batal, kembali ke lembar isian").click()
    page.wait_for_url(sheet)
    assert Realisation.objects.get(indicator=people).status == Status.DRAFT

    page.get_by_role("button", name="Ajukan semua draf TW 1").click()
    page.get_by_role("button", name="Ya, ajukan 1 draf").click()
    expect(page.locator(".messages")).to_contain_text("1 realisasi diajukan untuk verifikasi.")
    assert page.url == sheet
    assert Realisation.objects.get(indicator=people).status == Status.SUBMITTED


def test_keyboard_focus_stays_on_a_refused_field_and_columns_keep_their_width(
    live_server, page, seeded_office
):
    office = seeded_office
    people = indicator(office, "1.06.02.2.03.01")
    log_in(page, live_server, "perencana")  # the planner's sheet: every unit's rows
    page.goto(office.sheet_url(live_server))
    row = page.locator(f"#row-i{people.pk}")
    cell = row.locator("td.value-cell")
    width_before = cell.bounding_box()["width"]
    field = page.get_by_label(people.name)
    field.fill("sepuluh orang sepuluhsepuluhsepuluhsepuluhsepuluh")
    field.press("Enter")

    expect(row.locator(".field-error")).to_contain_text("bukan angka")
    expect(page.get_by_label(people.name)).to_be_focused()
    assert abs(cell.bounding_box()["width"] - width_before) < 1
    table_right = page.evaluate(
        "document.getElementById('entry-sheet').getBoundingClientRect().right"
    )
    assert table_right <= LAPTOP["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    assert not Realisation.objects.filter(indicator=people).exists()

    page.get_by_label(people.name).fill("12")
    page.get_by_label(people.name).press("Enter")
    expect(row.locator(".status")).to_have_text("Draf")
    focused = page.evaluate(
        "[document.activeElement.className, document.activeElement.closest('tr').id]"
    )
    assert focused[0] == "value" and focused[1] != f"row-i{people.pk}"
    assert Realisation.objects.get(indicator=people).value == Decimal("12")


MENU = {
    "administrator": {
        "Isi Realisasi",
        "Impor Excel",
        "Impor Anggaran",
        "Isi SPM",
        "Verifikasi",
        "Impor Pengguna",
        "Konsistensi",
        "Administrasi",
    },
    "perencana": {
        "Isi Realisasi",
        "Impor Excel",
        "Impor Anggaran",
        "Isi SPM",
        "Konsistensi",
        "Administrasi",
    },
    "operator": {"Isi Realisasi", "Impor Excel", "Impor Anggaran"},
    "pimpinan": {"Verifikasi"},
    "peninjau": set(),
}
ALWAYS = {"Beranda", "Pohon Kinerja", "Tren", "Laporan", "Perjanjian Kinerja", "Ganti sandi"}


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_every_menu_item_opens_for_the_role(live_server, page, seeded_office, role):
    username, _role = ROLE_USERS[role]
    log_in(page, live_server, username)
    links = page.locator("header.top nav a")
    items = {
        " ".join(text.split()): href
        for text, href in zip(
            links.all_inner_texts(),
            [link.get_attribute("href") for link in links.all()],
            strict=True,
        )
    }
    assert set(items) == ALWAYS | MENU[role]
    for name, href in items.items():
        response = page.goto(f"{live_server.url}{href}")
        assert response.status == 200, (role, name, href, response.status)
        expect(page.locator("body")).not_to_contain_text("Anda tidak berhak")
    if role in ("operator", "perencana"):  # nor a Verifikasi button on the sheet
        page.goto(seeded_office.sheet_url(live_server))
        expect(page.get_by_role("link", name="Verifikasi")).to_have_count(0)
