"""The entry sheet as its users live in it: save all on the sheet's own URL, filters, the
returned-entry banner and counts, the bulk-submit confirmation, the plausibility dialogue, the
menu per role, and request parameters that are not plain digits."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgeting.models import BudgetRealisation
from cascading import workflow
from cascading.choices import Status
from cascading.models import Realisation
from cascading.services import save_realisation
from tests.factories import IndicatorFactory, NodeFactory, TargetFactory

from .test_views import client_for, post_row

pytestmark = pytest.mark.django_db

SHEET = reverse("entry:sheet", args=[2024, 1])


def sheet_post(rows: dict[str, tuple[str, str]], **extra) -> dict[str, str]:
    """A save-all form: each key's typed value and note, as if the page had shown them empty."""
    data = {}
    for key, (value, note) in rows.items():
        data |= {
            f"value-{key}": value,
            f"note-{key}": note,
            f"shown-value-{key}": "",
            f"shown-note-{key}": "",
            f"version-{key}": "0",
        }
    return data | extra


def unit_b_indicator(office):
    """A second branch owned by unit B, with an indicator targeting 10."""
    sasaran = office.sub.parent.parent.parent
    program = NodeFactory(parent=sasaran, code="1.06.04", unit=office.unit_b)
    kegiatan = NodeFactory(parent=program, code="1.06.04.2.01", unit=office.unit_b)
    sub = NodeFactory(parent=kegiatan, code="1.06.04.2.01.01", unit=office.unit_b)
    indicator = IndicatorFactory(node=sub, name="Jumlah lansia terlayani")
    TargetFactory(indicator=indicator, year=2024, value=Decimal("10"))
    return indicator


def returned(office, indicator, value="5"):
    """A value entered by the planner, submitted, and returned by the head."""
    record = save_realisation(
        user=office.users["planner"], indicator=indicator, year=2024, quarter=1, value=value
    )
    workflow.submit(user=office.users["planner"], records=[record])
    record.refresh_from_db()
    return workflow.send_back(user=office.users["head"], record=record, comment="Cek data")


# -- save all: post/redirect/get on the sheet's own URL -------------------------------------------


def test_save_all_redirects_to_the_sheet_with_its_filters_and_counts_the_rows(office):
    client = client_for(office.users["operator_a"])
    ind, bud = f"i{office.indicator.pk}", f"b{office.sub.pk}"
    url = f"{SHEET}?opd={office.organisation.code}&cari=1.06"
    response = client.post(url, sheet_post({ind: ("10", "Angkatan I"), bud: ("250.000", "")}))
    assert response.status_code == 302
    assert response["Location"] == url
    page = client.get(response["Location"]).content.decode()
    assert "2 baris tersimpan." in page
    assert Realisation.objects.get().value == Decimal("10")
    assert BudgetRealisation.objects.get().amount == Decimal("250000")


def test_a_failed_save_all_keeps_every_typed_value_and_note_and_marks_the_bad_row(office):
    client = client_for(office.users["planner"])
    ind, pct, bud = (
        f"i{office.indicator.pk}",
        f"i{office.percent_indicator.pk}",
        f"b{office.sub.pk}",
    )
    data = sheet_post(
        {ind: ("12", "Catatan satu"), pct: ("75,5", "Catatan dua"), bud: ("-5", "Catatan tiga")}
    )
    response = client.post(SHEET, data)
    assert response.status_code == 422
    assert response.request["PATH_INFO"] == SHEET
    page = response.content.decode()
    for value, note in (("12", "Catatan satu"), ("75,5", "Catatan dua"), ("-5", "Catatan tiga")):
        assert f'value="{value}"' in page and f'value="{note}"' in page
    rows = re.findall(r'<tr id="row-([ib]\d+)" data-row class="([^"]*)"', page)
    marked = {key for key, classes in rows if "has-error" in classes}
    assert marked == {bud}
    assert "negatif" in page and "1 baris perlu diperbaiki" in page
    assert 'name="unit" id="submit-unit"' in page  # the submit form keeps its unit choice
    assert not Realisation.objects.exists() and not BudgetRealisation.objects.exists()


def test_the_old_save_all_address_leads_to_the_sheet(office):
    client = client_for(office.users["operator_a"])
    old = reverse("entry:save-all", args=[2024, 1])
    response = client.get(old, {"opd": office.organisation.code})
    assert response.status_code == 302
    assert response["Location"] == f"{SHEET}?opd={office.organisation.code}"
    assert client.post(old).status_code == 307  # the browser re-posts to the sheet
    key = f"i{office.indicator.pk}"
    response = client.get(reverse("entry:save-row", args=[2024, 1, key]))
    assert response.status_code == 302 and response["Location"].endswith(f"#row-{key}")


# -- filters, the returned banner and counts ------------------------------------------------------


def shown_rows(page: str) -> set[str]:
    return set(re.findall(r'<tr id="row-([ib]\d+)"', page))


def test_filters_choose_the_rows(office):
    b_indicator = unit_b_indicator(office)
    returned(office, b_indicator)
    save_realisation(
        user=office.users["planner"], indicator=office.indicator, year=2024, quarter=1, value="3"
    )
    client = client_for(office.users["planner"])
    ind, bud, b_row = f"i{office.indicator.pk}", f"b{office.sub.pk}", f"i{b_indicator.pk}"
    everything = shown_rows(client.get(SHEET).content.decode())
    assert {ind, bud, b_row} <= everything

    assert shown_rows(client.get(SHEET, {"status": "dikembalikan"}).content.decode()) == {b_row}
    assert shown_rows(client.get(SHEET, {"status": "draf"}).content.decode()) == {ind}
    empty = shown_rows(client.get(SHEET, {"status": "kosong"}).content.decode())
    assert bud in empty and ind not in empty and b_row not in empty
    only_b = shown_rows(client.get(SHEET, {"unit": office.unit_b.pk}).content.decode())
    assert only_b == {b_row, f"b{b_indicator.node.pk}"}
    searched = shown_rows(client.get(SHEET, {"cari": "LANSIA"}).content.decode())
    assert searched == {b_row}
    assert shown_rows(client.get(SHEET, {"cari": "1.06.04.2.01.01"}).content.decode()) == {
        b_row,
        f"b{b_indicator.node.pk}",
    }
    page = client.get(SHEET, {"cari": "tidak ada yang cocok"}).content.decode()
    assert "Tidak ada baris yang cocok dengan saringan." in page


def test_the_banner_home_page_and_menu_count_returned_values(office):
    returned(office, office.indicator)
    operator = client_for(office.users["operator_a"])
    sheet = operator.get(SHEET).content.decode()
    assert 'id="returned-banner"' in sheet
    assert "1 realisasi triwulan ini dikembalikan verifikator" in sheet
    home = operator.get(reverse("home"), {"tahun": 2024, "tw": 1}).content.decode()
    assert 'id="returned-home"' in home and "2024 TW 1 (1)" in home
    assert "status=dikembalikan" in home
    assert re.search(r'id="nav-entry">Isi Realisasi <span class="badge"[^>]*>1</span>', home)
    # Another unit's operator has nothing returned: no banner, no badge.
    other = client_for(office.users["operator_b"]).get(SHEET).content.decode()
    assert "returned-banner" not in other and 'class="badge"' not in other


def test_sheet_queries_do_not_depend_on_rows_or_filters(office, django_assert_max_num_queries):
    client = client_for(office.users["planner"])
    client.get(SHEET)  # warm the session and caches

    def count(params) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(SHEET, params).status_code == 200
        return len(captured)

    small = {name: count(params) for name, params in FILTERS.items()}
    for number in range(8):
        indicator = IndicatorFactory(node=office.sub, order=10 + number)
        TargetFactory(indicator=indicator, year=2024, value=Decimal("5"))
        save_realisation(
            user=office.users["planner"], indicator=indicator, year=2024, quarter=1, value="1"
        )
    large = {name: count(params) for name, params in FILTERS.items()}
    assert large == small
    with django_assert_max_num_queries(25):
        client.get(SHEET, {"status": "draf", "cari": "1.06", "unit": office.unit_a.pk})


FILTERS = {
    "none": {},
    "unit": {"unit": "1"},
    "empty": {"status": "kosong"},
    "returned": {"status": "dikembalikan"},
    "drafts": {"status": "draf"},
    "search": {"cari": "pelatihan"},
}


# -- bulk submit asks first -----------------------------------------------------------------------


def test_bulk_submit_asks_first_and_says_how_many_rows_are_empty(office):
    operator = office.users["operator_a"]
    save_realisation(user=operator, indicator=office.indicator, year=2024, quarter=1, value="3")
    client = client_for(operator)
    url = reverse("entry:submit", args=[2024, 1])
    page = client.get(url).content.decode()
    assert "1 draf akan diajukan untuk verifikasi." in page
    # unit A's rows: the indicator (draft), the percentage, the grade and the budget row
    assert "3 baris masih kosong dan tidak ikut diajukan" in page
    assert Realisation.objects.get().status == Status.DRAFT  # asking changed nothing
    response = client.post(url)
    assert response.status_code == 302
    assert Realisation.objects.get().status == Status.SUBMITTED
    follow = client.get(response["Location"]).content.decode()
    assert "1 realisasi diajukan untuk verifikasi." in follow


def test_bulk_submit_confirmation_for_one_unit(office):
    b_indicator = unit_b_indicator(office)
    planner = office.users["planner"]
    for indicator in (office.indicator, b_indicator):
        save_realisation(user=planner, indicator=indicator, year=2024, quarter=1, value="5")
    client = client_for(planner)
    url = reverse("entry:submit", args=[2024, 1])
    page = client.get(url, {"unit": office.unit_b.pk}).content.decode()
    assert "1 draf akan diajukan" in page and "Bidang B" in page
    assert f'name="unit" value="{office.unit_b.pk}"' in page
    client.post(url, {"unit": office.unit_b.pk})
    statuses = dict(Realisation.objects.values_list("indicator_id", "status"))
    assert statuses == {office.indicator.pk: Status.DRAFT, b_indicator.pk: Status.SUBMITTED}


# -- plausibility ---------------------------------------------------------------------------------


def test_a_row_far_from_its_target_needs_confirmation_and_a_note(office):
    client = client_for(office.users["operator_a"])
    key = f"i{office.indicator.pk}"  # target 40
    html = post_row(client, key, "1.234").content.decode()
    assert "lebih dari 3 kali target tahun ini (40)" in html
    assert f'name="confirm-{key}"' in html and "has-error" in html
    assert not Realisation.objects.exists()

    html = post_row(client, key, "1.234", **{f"confirm-{key}": "1"}).content.decode()
    assert "Tulis catatan" in html and f'name="confirm-{key}" value="1" checked' in html
    assert not Realisation.objects.exists()

    html = post_row(
        client, key, "1.234", note="Termasuk data DTKS", **{f"confirm-{key}": "1"}
    ).content.decode()
    assert "has-error" not in html and "Ditandai: nilai tidak wajar" in html
    record = Realisation.objects.get()
    assert record.value == Decimal("1234") and record.note == "Termasuk data DTKS"
    assert "lebih dari 3 kali target" in record.plausibility_warning

    # A plausible correction clears the flag.
    post_row(client, key, "30", note="Dikoreksi", version=record.version)
    record.refresh_from_db()
    assert record.value == Decimal("30") and record.plausibility_warning == ""


def test_save_all_asks_for_spending_above_the_pagu_and_the_dashboard_lists_it(office):
    client = client_for(office.users["planner"])
    ind, bud = f"i{office.indicator.pk}", f"b{office.sub.pk}"  # pagu Rp 1.000.000
    data = sheet_post({ind: ("10", "Angkatan I"), bud: ("999.999.999.999", "")})
    page = client.post(SHEET, data).content.decode()
    assert "melebihi pagu Rp 1.000.000,00" in page and f'name="confirm-{bud}"' in page
    assert 'value="Angkatan I"' in page  # the other row's note is kept
    assert not Realisation.objects.exists() and not BudgetRealisation.objects.exists()

    data |= {f"confirm-{bud}": "1", f"note-{bud}": "Termasuk belanja modal"}
    response = client.post(SHEET, data)
    assert response.status_code == 302
    budget = BudgetRealisation.objects.get()
    assert budget.amount == Decimal("999999999999")
    assert "melebihi pagu" in budget.plausibility_warning
    assert Realisation.objects.get().plausibility_warning == ""

    home = client_for(office.users["head"]).get(reverse("home"), {"tahun": 2024, "tw": 1})
    flagged = home.content.decode().split('id="flag-implausible"')[1].split("</ul>")[0]
    assert f'data-record="{budget.pk}"' in flagged and "Termasuk belanja modal" in flagged


def test_a_cumulative_count_going_down_and_an_indicators_own_bounds(office):
    indicator = office.indicator
    indicator.aggregation = "last"
    indicator.plausible_max = Decimal("100")
    indicator.save()
    client = client_for(office.users["operator_a"])
    save_realisation(
        user=office.users["operator_a"], indicator=indicator, year=2024, quarter=1, value="30"
    )
    url = reverse("entry:save-row", args=[2024, 2, f"i{indicator.pk}"])
    key = f"i{indicator.pk}"
    html = client.post(
        url, {f"value-{key}": "20", f"version-{key}": "0"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "lebih rendah dari triwulan sebelumnya (30)" in html
    html = client.post(
        url, {f"value-{key}": "101", f"version-{key}": "0"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "di atas batas wajar tertinggi indikator ini (100)" in html
    assert Realisation.objects.filter(quarter=2).count() == 0


# -- the menu follows the role --------------------------------------------------------------------

ROLES = ["admin", "planner", "operator_a", "head", "reviewer"]


def menu_links(page: str) -> dict[str, str]:
    menu = page.split('aria-label="Menu utama"')[1].split("</nav>")[0]
    return {
        re.sub(r"<[^>]+>|\s+\d+\s*$", "", text).strip(): href.replace("&amp;", "&")
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', menu, re.S)
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_link_answers_for_the_role(office, role):
    client = client_for(office.users[role])
    links = menu_links(client.get(reverse("home")).content.decode())
    for name, href in links.items():
        response = client.get(href, follow=True)
        assert response.status_code == 200, (role, name, href, response.status_code)
    expected = {
        "admin": {"Isi Realisasi", "Impor Excel", "Verifikasi", "Administrasi"},
        "planner": {"Isi Realisasi", "Impor Excel", "Administrasi"},
        "operator_a": {"Isi Realisasi", "Impor Excel"},
        "head": {"Verifikasi"},
        "reviewer": set(),
    }[role]
    optional = {"Isi Realisasi", "Impor Excel", "Verifikasi", "Administrasi"}
    assert set(links) & optional == expected
    sheet_buttons = client.get(SHEET, follow=True).content.decode()
    if "Verifikasi" not in expected:
        assert reverse("entry:verify", args=[2024, 1]) not in sheet_buttons


# -- request parameters that are not plain digits -------------------------------------------------


@pytest.mark.parametrize("text", ["²", "١٢", "\x00", "-1", "1e3", "9" * 30])
def test_parameters_that_are_not_plain_digits_never_give_a_500(office, text):
    client = client_for(office.users["planner"])
    for url in (SHEET, reverse("home"), reverse("dashboard:tree"), reverse("imports:index")):
        for params in ({"unit": text}, {"tahun": text, "tw": text}, {"status": text, "cari": text}):
            response = client.get(url, params)
            if text == "\x00":  # a control character is refused, with the reason, before any view
                assert response.status_code == 400, (url, params)
                assert "karakter kendali" in response.content.decode()
            else:
                assert response.status_code in (200, 404), (url, params, response.status_code)
    assert client.get(SHEET, {"opd": "x\x00"}).status_code == 400
    assert client.get(SHEET, {"opd": "bukan-kantor"}).status_code == 404
    response = client.post(
        SHEET, {f"value-i{office.indicator.pk}": "5", f"version-i{office.indicator.pk}": text}
    )
    assert response.status_code in ((400,) if text == "\x00" else (302, 422))


def test_a_verification_naming_a_record_with_other_digits_is_not_found(office):
    response = client_for(office.users["head"]).post(
        reverse("entry:verify", args=[2024, 1]),
        {"action": "verify", "kind": "indikator", "pk": "²"},
    )
    assert response.status_code == 404
