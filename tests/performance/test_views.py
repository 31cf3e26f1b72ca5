"""The PK pages: who reads, who writes, hostile input, and the files read back."""

from decimal import Decimal

import pytest
from django.urls import reverse

from performance.choices import AgreementStatus
from performance.models import Agreement, AgreementTarget
from performance.services import generate_agreement
from renstra.scope import default_quarter
from tests.reports.pdfread import page_texts
from tests.reports.workbook import open_workbook

from .conftest import MAYOR
from .test_agreement import IKU


@pytest.fixture
def agreement(office, users):
    return generate_agreement(user=users["planner"], organisation=office, year=2025)


def login(client, user):
    client.force_login(user)
    return client


def test_planner_generates_edits_and_finalises_through_the_pages(client, office, users):
    login(client, users["planner"])
    page = client.get(reverse("performance:list"))
    assert page.status_code == 200 and "Buat PK dari rencana" in page.content.decode()
    # The year offered first is the office's current one, not the oldest period's first.
    year = default_quarter(office)[0]
    assert f'<option value="{year}" selected>{year}</option>' in page.content.decode()
    response = client.post(reverse("performance:generate"), {"tahun": "2025", "unit": ""})
    agreement = Agreement.objects.get()
    assert response.url == reverse("performance:detail", args=[agreement.pk])
    iku = agreement.targets.get(indicator_name=IKU)
    detail = client.get(response.url).content.decode()
    assert "3,7%" in detail and MAYOR in detail and "19671213 198911 2 001" in detail
    form = client.get(reverse("performance:edit", args=[agreement.pk]))
    assert form.status_code == 200
    data = {"version": agreement.version, f"target-{iku.pk}": "3,8", "place": "Palangka Raya"}
    saved = client.post(reverse("performance:edit", args=[agreement.pk]), data)
    assert saved.status_code == 302
    detail = client.get(response.url).content.decode()
    assert 'class="differs"' in detail and "berbeda:" in detail
    agreement.refresh_from_db()
    client.post(
        reverse("performance:finalise", args=[agreement.pk]), {"version": agreement.version}
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.FINAL
    assert agreement.targets.get(indicator_name=IKU).value == Decimal("3.8")


@pytest.mark.parametrize("role", ["head", "reviewer", "operator"])
def test_heads_and_reviewers_read_but_do_not_write(client, agreement, users, role):
    login(client, users[role])
    detail = client.get(reverse("performance:detail", args=[agreement.pk]))
    assert detail.status_code == 200 and "Finalkan" not in detail.content.decode()
    assert client.get(reverse("performance:edit", args=[agreement.pk])).status_code == 403
    refused = client.post(reverse("performance:finalise", args=[agreement.pk]), {"version": 1})
    assert refused.status_code == 403
    assert client.post(reverse("performance:generate"), {"tahun": "2026"}).status_code == 403
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT and Agreement.objects.count() == 1


def test_other_offices_and_anonymous_users_are_refused(client, agreement, users):
    url = reverse("performance:detail", args=[agreement.pk])
    assert client.get(url).status_code == 302  # to the login page
    login(client, users["outsider"])
    assert client.get(url).status_code == 403
    assert (
        client.get(reverse("performance:download", args=[agreement.pk, "pdf"])).status_code == 403
    )


@pytest.mark.parametrize(
    "data",
    [
        {"tahun": "２０２５"},
        {"tahun": "2025", "unit": "abc"},
        {"tahun": "2025", "unit": "99999999999"},
        {"tahun": "1999"},
        {"tahun": ""},
    ],
)
def test_hostile_generate_requests_are_refused_and_change_nothing(client, office, users, data):
    login(client, users["planner"])
    response = client.post(reverse("performance:generate"), data)
    assert response.status_code == 400
    assert Agreement.objects.count() == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "bukan angka"),
        ("-5", "tidak boleh negatif"),
        ("400", "antara 0 dan 100"),
        ("=HYPERLINK(1)", "bukan angka"),
    ],
)
def test_hostile_targets_are_refused_naming_the_row(client, agreement, users, value, message):
    login(client, users["planner"])
    iku = agreement.targets.get(indicator_name=IKU)
    response = client.post(
        reverse("performance:edit", args=[agreement.pk]),
        {"version": agreement.version, f"target-{iku.pk}": value},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text and IKU in text
    assert AgreementTarget.objects.get(pk=iku.pk).value == Decimal("3.7")


def test_a_stale_form_and_control_characters_are_refused(client, agreement, users):
    login(client, users["planner"])
    iku = agreement.targets.get(indicator_name=IKU)
    url = reverse("performance:edit", args=[agreement.pk])
    stale = client.post(url, {"version": agreement.version + 5, f"target-{iku.pk}": "4"})
    assert stale.status_code == 400 and "sudah diubah pengguna lain" in stale.content.decode()
    control = client.post(url, {"version": agreement.version, "first_name": "a\x00b"})
    assert control.status_code == 400
    bad_date = client.post(url, {"version": agreement.version, "signed_on": "31-31-2025"})
    assert bad_date.status_code == 400 and "Tanggal penandatanganan" in bad_date.content.decode()
    assert AgreementTarget.objects.get(pk=iku.pk).value == Decimal("3.7")


def test_unknown_and_huge_ids_are_404(client, agreement, users):
    login(client, users["planner"])
    assert client.get("/perjanjian-kinerja/99999999999999999999/").status_code == 404
    assert client.get("/perjanjian-kinerja/0/").status_code == 404


def test_revision_through_the_page_keeps_the_old_version_readable(client, agreement, users):
    login(client, users["planner"])
    client.post(
        reverse("performance:finalise", args=[agreement.pk]), {"version": agreement.version}
    )
    response = client.post(
        reverse("performance:revise", args=[agreement.pk]),
        {"reason": "APBD perubahan", "revised_on": "2025-09-30"},
    )
    revision = Agreement.objects.get(number=2)
    assert response.url == reverse("performance:detail", args=[revision.pk])
    old = client.get(reverse("performance:detail", args=[agreement.pk])).content.decode()
    assert "Final" in old
    new = client.get(response.url).content.decode()
    assert "APBD perubahan" in new and "30-09-2025" in new


def test_pdf_reads_back(client, agreement, users):
    login(client, users["head"])
    response = client.get(reverse("performance:download", args=[agreement.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    assert "perjanjian-kinerja-dinsos-palangka-raya-2025-v1-DRAF" in response["Content-Disposition"]
    pages = page_texts(response.content)
    text = " ".join(pages)
    assert "PERJANJIAN KINERJA TAHUN 2025" in text
    assert "selanjutnya disebut pihak pertama" in text
    assert "NYTA BIANITA REZZA, S.Sos" in text and MAYOR in text
    assert "NIP. 19671213 198911 2 001" in text
    assert IKU in text and "3,7%" in text
    assert "6.879.188.261,00" in text and "9.363.273.111,00" in text
    assert "Pihak Pertama," in text and "Pihak Kedua," in text
    assert "Palangka Raya," in text
    assert "DRAF: Perjanjian Kinerja ini belum final" in pages[0]
    assert 1 <= len(pages) <= 3


def test_demo_office_pdf_and_workbook_say_data_contoh(client, agreement, users, office):
    office.demo_data = True
    office.save()
    login(client, users["planner"])
    pdf = client.get(reverse("performance:download", args=[agreement.pk, "pdf"]))
    assert "DATA CONTOH" in page_texts(pdf.content)[0]
    workbook = open_workbook(
        client.get(reverse("performance:download", args=[agreement.pk, "xlsx"])).content
    )
    assert "DATA CONTOH" in workbook.worksheets[0].oddHeader.center.text


def test_workbook_cells(client, agreement, users):
    login(client, users["planner"])
    response = client.get(reverse("performance:download", args=[agreement.pk, "xlsx"]))
    workbook = open_workbook(response.content)
    targets, budgets = workbook.worksheets
    cells = [[cell.value for cell in row] for row in targets.iter_rows()]
    iku = next(row for row in cells if IKU in row)
    assert "3,7%" in iku
    values = [[cell.value for cell in row] for row in budgets.iter_rows()]
    amounts = {row[1]: row[3] for row in values if row[1] and str(row[1]).startswith("1.06.")}
    assert amounts["1.06.01"] == Decimal("6879188261.00")
    total = next(row for row in values if row[0] == "Jumlah")
    assert total[3] == Decimal("9363273111.00")


def test_detail_queries_do_not_grow_with_rows(client, office, users, django_assert_max_num_queries):
    login(client, users["planner"])
    unit = office.units.get(code="sekretariat")
    big = generate_agreement(user=users["planner"], organisation=office, year=2025, unit=unit)
    small = generate_agreement(user=users["planner"], organisation=office, year=2025)
    assert big.budgets.count() > 3 * small.budgets.count()
    for agreement in (small, big):
        with django_assert_max_num_queries(14):
            assert client.get(reverse("performance:detail", args=[agreement.pk])).status_code == 200
        with django_assert_max_num_queries(14):
            client.get(reverse("performance:download", args=[agreement.pk, "xlsx"]))
