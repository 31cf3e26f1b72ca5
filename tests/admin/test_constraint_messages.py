"""The admin refuses a row that breaks a constraint in Indonesian words, never by its name."""

import pytest
from django.urls import reverse

from renstra.models import PeriodLock
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LOCK_ADD = reverse("admin:renstra_periodlock_add")
MANAGEMENT = {
    "exceptions-TOTAL_FORMS": "0",
    "exceptions-INITIAL_FORMS": "0",
    "exceptions-MIN_NUM_FORMS": "0",
    "exceptions-MAX_NUM_FORMS": "1000",
}


@pytest.mark.parametrize(
    ("quarter", "message", "name"),
    [
        ("", "Tahun ini sudah dikunci untuk perangkat daerah yang sama.", "lock_year_unique"),
        (
            "2",
            "Triwulan ini sudah dikunci untuk perangkat daerah dan tahun yang sama.",
            "lock_quarter_unique",
        ),
    ],
    ids=["year", "quarter"],
)
def test_a_duplicate_lock_is_refused_in_words(admin_client, quarter, message, name):
    organisation = OrganisationFactory()
    lock = {"organisation": organisation.pk, "year": "2024", "quarter": quarter, "reason": ""}
    prefix = admin_client.get(LOCK_ADD).context["inline_admin_formsets"][0].formset.prefix
    data = lock | {key.replace("exceptions", prefix): value for key, value in MANAGEMENT.items()}

    assert admin_client.post(LOCK_ADD, data).status_code == 302
    response = admin_client.post(LOCK_ADD, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [message]
    assert message in response.text
    assert name not in response.text
    assert "Batasan" not in response.text
    assert PeriodLock.objects.filter(organisation=organisation).count() == 1
