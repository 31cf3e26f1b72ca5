"""A quarter imported from a file shows its source on the entry sheet; typing over it asks for a
confirmation (with a note, as every confirmed value)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budgeting.models import BudgetRealisation

from .conftest import day
from .test_import import realisation_file

pytestmark = pytest.mark.django_db


def test_imported_quarter_shows_its_source_and_asks_before_typing_over(
    client, planner, seeded_plan, nodes, load, dpa_2025
):
    node = nodes[0]
    data = realisation_file(nodes, lambda i: Decimal("3000000"), only=[0])
    assert load("realisasi", data, file_name="sipd-maret.xlsx", as_of=day("2025-03-31")).ok
    client.force_login(planner)
    sheet = client.get(
        reverse("entry:sheet", args=[2025, 1]) + f"?opd={seeded_plan.code}"
    ).content.decode()
    assert "Diimpor dari berkas: sipd-maret.xlsx s.d. 31-03-2025" in sheet
    key = f"b{node.pk}"
    record = BudgetRealisation.objects.get(node=node, year=2025, quarter=1)
    url = reverse("entry:save-row", args=[2025, 1, key]) + f"?opd={seeded_plan.code}"
    typed = {f"value-{key}": "3.500.000", f"note-{key}": "", f"version-{key}": str(record.version)}
    response = client.post(url, typed, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "diimpor dari berkas (sipd-maret.xlsx s.d. 31-03-2025)" in page
    assert f'name="confirm-{key}"' in page
    record.refresh_from_db()
    assert record.amount == Decimal("3000000.00") and record.source
    confirmed = typed | {f"confirm-{key}": "1", f"note-{key}": "koreksi SP2D"}
    response = client.post(url, confirmed, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.amount == Decimal("3500000.00")
    assert record.source == ""
    assert "diimpor dari berkas" in record.plausibility_warning
