"""The entry and verification pages, through the browser-facing views."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from budgeting.models import BudgetRealisation
from cascading.choices import Status
from cascading.models import Realisation
from cascading.services import save_realisation
from renstra.services import lock_period
from tests.factories import IndicatorFactory, NodeFactory, TargetFactory

pytestmark = pytest.mark.django_db

SHEET = reverse("entry:sheet", args=[2024, 1])


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def row_url(key, quarter=1):
    return reverse("entry:save-row", args=[2024, quarter, key])


def post_row(client, key, value, note="", version=0, **extra):
    data = {f"value-{key}": value, f"note-{key}": note, f"version-{key}": str(version), **extra}
    return client.post(row_url(key), data, HTTP_HX_REQUEST="true")


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("entry:start"),
        SHEET,
        reverse("entry:verify", args=[2024, 1]),
        reverse("entry:history", args=["indikator", 1]),
        reverse("entry:evidence", args=[1]),
        reverse("password_change"),
    ],
)
def test_anonymous_users_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_operator_sees_only_their_unit(office):
    response = client_for(office.users["operator_a"]).get(SHEET)
    assert response.status_code == 200
    assert office.indicator.name in response.content.decode()
    other = client_for(office.users["operator_b"]).get(SHEET)
    assert other.status_code == 200
    assert office.indicator.name not in other.content.decode()
    assert "Tidak ada indikator yang dapat Anda isi" in other.content.decode()


@pytest.mark.parametrize("role", ["head", "reviewer", "nobody"])
def test_roles_without_entry_are_refused_the_sheet(office, role):
    response = client_for(office.users[role]).get(SHEET)
    assert response.status_code in (403, 404)


def test_other_office_cannot_open_this_office(office):
    response = client_for(office.users["outsider"]).get(SHEET + f"?opd={office.organisation.code}")
    assert response.status_code == 404


def test_saving_a_row_returns_the_row_with_the_new_capaian(office):
    client = client_for(office.users["operator_a"])
    key = f"i{office.indicator.pk}"
    response = post_row(client, key, "10", note="Pelatihan angkatan I")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="row-{key}"')
    assert "25,00 %" in html  # 10 of a target of 40
    assert "Draf" in html
    record = Realisation.objects.get()
    assert (record.value, record.note, record.created_by) == (
        Decimal("10"),
        "Pelatihan angkatan I",
        office.users["operator_a"],
    )


def test_bad_row_shows_the_message_and_keeps_what_was_typed(office):
    client = client_for(office.users["operator_a"])
    key = f"i{office.indicator.pk}"
    html = post_row(client, key, "sepuluh").content.decode()
    assert "bukan angka" in html and 'value="sepuluh"' in html and "has-error" in html
    assert not Realisation.objects.exists()


def test_second_save_with_a_stale_version_is_refused_with_the_current_value(office):
    key = f"i{office.indicator.pk}"
    operator = client_for(office.users["operator_a"])
    planner = client_for(office.users["planner"])
    post_row(operator, key, "10")
    post_row(planner, key, "11", version=1)
    html = post_row(operator, key, "12", version=1).content.decode()
    assert "sudah diubah oleh perencana" in html and "Nilai saat ini: 11 (Draf)." in html
    assert Realisation.objects.get().value == Decimal("11")


def test_budget_row_is_saved_in_the_same_flow(office):
    client = client_for(office.users["operator_a"])
    key = f"b{office.sub.pk}"
    html = post_row(client, key, "250.000").content.decode()
    assert BudgetRealisation.objects.get().amount == Decimal("250000")
    assert "25,00 %" in html  # 250.000 of a pagu of 1.000.000


def test_save_all_is_all_or_nothing(office):
    client = client_for(office.users["operator_a"])
    good, bad = f"i{office.indicator.pk}", f"b{office.sub.pk}"
    data = {
        f"value-{good}": "10",
        f"shown-value-{good}": "",
        f"version-{good}": "0",
        f"value-{bad}": "-5",
        f"shown-value-{bad}": "",
        f"version-{bad}": "0",
    }
    response = client.post(SHEET, data)
    assert response.status_code == 422
    assert "negatif" in response.content.decode()
    assert not Realisation.objects.exists() and not BudgetRealisation.objects.exists()
    data[f"value-{bad}"] = "5.000"
    response = client.post(SHEET, data)
    assert response.status_code == 302
    assert Realisation.objects.count() == 1 and BudgetRealisation.objects.count() == 1


def test_save_all_skips_unchanged_rows(office):
    operator = office.users["operator_a"]
    save_realisation(user=operator, indicator=office.indicator, year=2024, quarter=1, value="7")
    key = f"i{office.indicator.pk}"
    data = {f"value-{key}": "7", f"shown-value-{key}": "7", f"version-{key}": "1"}
    client_for(operator).post(SHEET, data)
    assert Realisation.objects.get().version == 1


def test_submit_then_verify_then_dashboard_counts_it(office):
    operator, head = client_for(office.users["operator_a"]), client_for(office.users["head"])
    office.indicator.is_ikk = True
    office.indicator.save()
    post_row(operator, f"i{office.indicator.pk}", "10")
    operator.post(reverse("entry:submit", args=[2024, 1]))
    assert Realisation.objects.get().status == Status.SUBMITTED
    page = head.get(reverse("entry:verify", args=[2024, 1])).content.decode()
    assert office.indicator.name in page
    home = reverse("home") + "?tahun=2024&tw=1"
    assert "25,00 %" not in head.get(home).content.decode()  # not verified yet
    head.post(reverse("entry:verify", args=[2024, 1]), {"action": "verify-all"})
    assert Realisation.objects.get().status == Status.VERIFIED
    assert "25,00 %" in head.get(home).content.decode()


def test_verify_page_refuses_operators(office):
    response = client_for(office.users["operator_a"]).get(reverse("entry:verify", args=[2024, 1]))
    assert response.status_code == 403
    assert "tidak berhak memverifikasi" in response.content.decode()


def test_return_with_comment(office):
    operator = office.users["operator_a"]
    record = save_realisation(
        user=operator, indicator=office.indicator, year=2024, quarter=1, value="7"
    )
    record.status = Status.SUBMITTED
    record.save()
    client_for(office.users["head"]).post(
        reverse("entry:verify", args=[2024, 1]),
        {"action": "return", "kind": "indikator", "pk": record.pk, "comment": "Data ganda"},
    )
    record.refresh_from_db()
    assert record.status == Status.RETURNED and record.return_comment == "Data ganda"


def test_head_cannot_verify_own_entry_from_the_page(office):
    admin = office.users["admin"]
    record = save_realisation(
        user=admin, indicator=office.indicator, year=2024, quarter=1, value="7"
    )
    record.status = Status.SUBMITTED
    record.save()
    response = client_for(admin).post(
        reverse("entry:verify", args=[2024, 1]), {"action": "verify-all"}, follow=True
    )
    assert "dilewati" in response.content.decode()
    record.refresh_from_db()
    assert record.status == Status.SUBMITTED


def test_locked_quarter_shows_the_lock_and_refuses_saves(office):
    lock_period(
        user=office.users["admin"],
        organisation=office.organisation,
        year=2024,
        quarter=1,
        reason="Laporan TW I sudah dikirim.",
    )
    client = client_for(office.users["operator_a"])
    page = client.get(SHEET).content.decode()
    assert "Triwulan 1 tahun 2024 dikunci" in page and "Laporan TW I sudah dikirim." in page
    assert f'name="value-i{office.indicator.pk}"' not in page
    html = post_row(client, f"i{office.indicator.pk}", "10").content.decode()
    assert "dikunci" in html
    assert not Realisation.objects.exists()


def test_history_page_lists_old_and_new_values(office):
    operator, planner = office.users["operator_a"], office.users["planner"]
    record = save_realisation(
        user=operator, indicator=office.indicator, year=2024, quarter=1, value="7"
    )
    save_realisation(
        user=planner,
        indicator=office.indicator,
        year=2024,
        quarter=1,
        value="9",
        expected_version=record.version,
    )
    page = (
        client_for(office.users["reviewer"])
        .get(reverse("entry:history", args=["indikator", record.pk]))
        .content.decode()
    )
    assert "perencana" in page and "operator-a" in page
    assert "<td>7</td><td>9</td>" in page
    outsider = client_for(office.users["outsider"]).get(
        reverse("entry:history", args=["indikator", record.pk])
    )
    assert outsider.status_code == 403


def test_evidence_is_served_only_inside_the_office_as_a_download(office):
    upload = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%%EOF\n")
    record = save_realisation(
        user=office.users["operator_a"],
        indicator=office.indicator,
        year=2024,
        quarter=1,
        value="7",
        evidence=upload,
    )
    url = reverse("entry:evidence", args=[record.pk])
    response = client_for(office.users["reviewer"]).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(office.users["outsider"]).get(url).status_code == 403


def test_csrf_is_enforced_on_saves(office):
    client = Client(enforce_csrf_checks=True)
    client.force_login(office.users["operator_a"])
    response = client.post(row_url(f"i{office.indicator.pk}"), {"value-x": "1"})
    assert response.status_code == 403
    assert not Realisation.objects.exists()


def test_login_page_is_indonesian_and_throttles(client, office, settings):
    page = client.get(reverse("login")).content.decode()
    assert "Masuk ke Renstra Monitor" in page
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "operator-a", "password": "salah"})
    response = client.post(
        reverse("login"), {"username": "operator-a", "password": "rahasia-uji-123"}
    )
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()


def test_login_with_the_right_password_goes_home(client, office):
    response = client.post(
        reverse("login"), {"username": "operator-a", "password": "rahasia-uji-123"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_bulk_submit_and_verify_for_one_unit(office):
    planner = office.users["planner"]
    sasaran = office.sub.parent.parent.parent  # another branch under it, owned by unit B
    program = NodeFactory(parent=sasaran, code="1.06.04", unit=office.unit_b)
    kegiatan = NodeFactory(parent=program, code="1.06.04.2.01", unit=office.unit_b)
    sub = NodeFactory(parent=kegiatan, code="1.06.04.2.01.01", unit=office.unit_b)
    b_indicator = IndicatorFactory(node=sub)
    TargetFactory(indicator=b_indicator, year=2024, value=Decimal("10"))
    for indicator in (office.indicator, b_indicator):
        save_realisation(user=planner, indicator=indicator, year=2024, quarter=1, value="5")
    client = client_for(planner)
    page = client.get(SHEET).content.decode()
    assert 'name="unit"' in page and "Bidang B" in page
    client.post(reverse("entry:submit", args=[2024, 1]), {"unit": office.unit_b.pk})
    statuses = dict(Realisation.objects.values_list("indicator_id", "status"))
    assert statuses == {office.indicator.pk: Status.DRAFT, b_indicator.pk: Status.SUBMITTED}

    client.post(reverse("entry:submit", args=[2024, 1]))
    head = client_for(office.users["head"])
    verify = reverse("entry:verify", args=[2024, 1])
    only_a = head.get(verify, {"unit": office.unit_a.pk}).content.decode()
    assert office.indicator.name in only_a and b_indicator.name not in only_a
    head.post(verify, {"action": "verify-all", "unit": office.unit_a.pk})
    statuses = dict(Realisation.objects.values_list("indicator_id", "status"))
    assert statuses == {office.indicator.pk: Status.VERIFIED, b_indicator.pk: Status.SUBMITTED}
