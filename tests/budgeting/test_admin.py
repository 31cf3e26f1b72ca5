"""What the budget imports stored, in the admin: a planner reads a version's lines and deletes a
wrong version with them; nobody adds a version or changes a figure there; another office's
planner sees none of it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from budgeting.models import BudgetLine, BudgetVersion
from renstra.models import Membership, Role
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def planner_of(client, organisation, name):
    user = get_user_model().objects.create_user(name, password="x")
    Membership.objects.create(user=user, role=Role.PLANNER, organisation=organisation)
    client.force_login(user)
    return client


def test_planner_reads_lines_and_deletes_a_wrong_version(client, seeded_plan, dpa_2025):
    version = BudgetVersion.objects.get()
    client = planner_of(client, seeded_plan, "perencana-admin")
    versions = client.get(reverse("admin:budgeting_budgetversion_changelist"))
    assert versions.status_code == 200
    page = versions.content.decode()
    assert "DPA 2025, berlaku 01-01-2025" in page and "1.785.000.000,00" in page
    change = client.get(reverse("admin:budgeting_budgetversion_change", args=[version.pk]))
    assert "Lihat rincian anggaran versi ini" in change.content.decode()
    lines = client.get(
        reverse("admin:budgeting_budgetline_changelist") + f"?version__id__exact={version.pk}"
    )
    assert lines.context["cl"].result_count == 153
    line = BudgetLine.objects.first()
    # Figures are read only; versions are added by the import page only.
    assert (
        client.post(
            reverse("admin:budgeting_budgetline_change", args=[line.pk]), {"amount": "1"}
        ).status_code
        == 403
    )
    assert client.get(reverse("admin:budgeting_budgetversion_add")).status_code == 403

    delete = reverse("admin:budgeting_budgetversion_delete", args=[version.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not BudgetVersion.objects.exists() and not BudgetLine.objects.exists()
    assert BudgetVersion.history.filter(history_type="-").count() == 1


def test_another_office_sees_no_version(client, seeded_plan, dpa_2025):
    other = OrganisationFactory(code="opd-lain")
    client = planner_of(client, other, "perencana-lain")
    versions = client.get(reverse("admin:budgeting_budgetversion_changelist"))
    assert versions.context["cl"].result_count == 0
    version = BudgetVersion.objects.get()
    change = client.get(reverse("admin:budgeting_budgetversion_change", args=[version.pk]))
    assert change.status_code in (302, 403, 404)
    assert BudgetVersion.objects.filter(pk=version.pk).exists()
    lines = client.get(reverse("admin:budgeting_budgetline_changelist"))
    assert lines.context["cl"].result_count == 0
