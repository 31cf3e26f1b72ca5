"""Planning staff write the narrative texts of a report in the admin."""

import pytest
from django.urls import reverse

from renstra.reports.choices import ReportKind
from renstra.reports.models import ReportNarrative
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_for_reports(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_add_and_list(admin_client_for_reports):
    organisation = OrganisationFactory()
    response = admin_client_for_reports.post(
        reverse("admin:reports_reportnarrative_add"),
        {
            "organisation": organisation.pk,
            "year": 2025,
            "report": ReportKind.EVALUASI_RENJA,
            "signed_on": "15/01/2026",
            "faktor_pendorong": "Dukungan pimpinan.",
            "faktor_penghambat": "",
            "tindak_lanjut": "",
            "evaluator_title": "Kepala Bappeda Kota Uji",
            "evaluator_name": "",
            "evaluator_rank": "",
            "evaluator_nip": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    narrative = ReportNarrative.objects.get()
    assert str(narrative.signed_on) == "2026-01-15"
    listing = admin_client_for_reports.get(reverse("admin:reports_reportnarrative_changelist"))
    assert listing.status_code == 200
    assert "Evaluasi Hasil Renja" in listing.content.decode()


def test_one_narrative_per_office_year_and_report(admin_client_for_reports):
    organisation = OrganisationFactory()
    ReportNarrative.objects.create(organisation=organisation, year=2025, report=ReportKind.LKJIP)
    response = admin_client_for_reports.post(
        reverse("admin:reports_reportnarrative_add"),
        {"organisation": organisation.pk, "year": 2025, "report": ReportKind.LKJIP},
    )
    assert response.status_code == 200
    assert ReportNarrative.objects.count() == 1
