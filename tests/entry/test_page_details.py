"""What the entry pages tell around the values: locked quarters in the navigation and a banner
that reads as sentences, a value's history naming what it is with the way back, and the
plausibility flag on the verifier's page."""

import pytest
from django.urls import reverse

from cascading import workflow
from cascading.models import Realisation
from renstra.models import PeriodLock
from renstra.services import lock_period
from tests.dashboard.html import one, parse, text

from .test_views import client_for, post_row

pytestmark = pytest.mark.django_db


def sheet(client, year=2024, quarter=1):
    response = client.get(reverse("entry:sheet", args=[year, quarter]))
    assert response.status_code == 200
    return parse(response.content)


def test_the_quarter_navigation_marks_locked_quarters(office):
    admin = office.users["admin"]
    lock_period(user=admin, organisation=office.organisation, year=2024, quarter=2)
    lock_period(user=admin, organisation=office.organisation, year=2025)
    root = sheet(client_for(office.users["operator_a"]))
    nav = one(root, ".//nav[@aria-label='Pilih triwulan']")
    marked = {
        text(item).removesuffix(" (dikunci)") for item in nav if item.get("class") == "locked"
    }
    assert marked == {"2024 TW2", "2025 TW1", "2025 TW2", "2025 TW3", "2025 TW4"}
    assert "2024 TW3 (dikunci)" not in text(nav) and "2024 TW3" in text(nav)
    current = one(nav, ".//strong")
    assert text(current) == "2024 TW1"


@pytest.mark.parametrize(
    ("reason", "sentence"),
    [("Data final", "Data final."), ("Sudah diaudit.", "Sudah diaudit.")],
)
def test_the_lock_banner_reads_as_sentences(office, reason, sentence):
    lock_period(
        user=office.users["admin"],
        organisation=office.organisation,
        year=2024,
        quarter=1,
        reason=reason,
    )
    banner = one(sheet(client_for(office.users["planner"])), ".//div[@class='banner lock']")
    assert text(banner) == (
        f"Triwulan 1 tahun 2024 dikunci. {sentence} Baris yang dikunci hanya dapat dibaca; "
        "pengecualian dapat dibuka administrator untuk satu unit."
    )
    assert PeriodLock.objects.get().reason == reason


def test_the_history_names_the_value_and_leads_back_to_its_pages(office):
    operator = office.users["operator_a"]
    post_row(client_for(operator), f"i{office.indicator.pk}", "12", note="awal")
    record = Realisation.objects.get()
    url = reverse("entry:history", args=["indikator", record.pk])
    own = parse(client_for(operator).get(url).content)
    subject = f"{office.indicator.code} {office.indicator.name} (2024 TW 1)"
    assert text(one(own, ".//p[@id='history-subject']")) == subject
    links = {text(a): a.get("href") for a in one(own, ".//p[@id='history-links']")}
    code = office.organisation.code
    assert links == {
        "Halaman indikator": f"/indikator/{office.indicator.pk}/?tahun=2024",
        "Lembar isian TW 1": f"/realisasi/2024/tw1/?opd={code}",
    }
    head = parse(client_for(office.users["head"]).get(url).content)
    links = {text(a): a.get("href") for a in one(head, ".//p[@id='history-links']")}
    assert links == {
        "Halaman indikator": f"/indikator/{office.indicator.pk}/?tahun=2024",
        "Verifikasi TW 1": f"/verifikasi/2024/tw1/?opd={code}",
    }
    for path in links.values():
        assert client_for(office.users["head"]).get(path).status_code == 200


def test_the_verifier_sees_the_plausibility_flag_and_the_note(office):
    operator = office.users["operator_a"]
    key = f"i{office.indicator.pk}"  # target 40
    post_row(
        client_for(operator), key, "1.234", note="Termasuk data DTKS", **{f"confirm-{key}": "1"}
    )
    record = Realisation.objects.get()
    workflow.submit(user=operator, records=[record])
    page = client_for(office.users["head"]).get(reverse("entry:verify", args=[2024, 1]))
    row = one(
        parse(page.content), f".//table[@id='pending']//tr[@id='verify-indikator-{record.pk}']"
    )
    flag = text(one(row, ".//*[@data-field='plausibility']"))
    assert flag.startswith("Nilai tidak wajar:") and "lebih dari 3 kali target" in flag
    assert "Termasuk data DTKS" in text(one(row, ".//*[@data-field='note']"))
