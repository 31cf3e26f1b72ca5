from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from spm.models import SpmKategoriBand, SpmWeights
from tests.factories import SpmAnnualFactory

pytestmark = pytest.mark.django_db


def test_defaults_are_installed_by_migrations():
    weights = SpmWeights.objects.get()
    assert (weights.recipient_weight, weights.quality_weight) == (Decimal("80"), Decimal("20"))
    assert list(SpmKategoriBand.objects.values_list("label", flat=True)) == [
        "Tuntas Paripurna",
        "Tuntas Utama",
        "Tuntas Madya",
        "Tuntas Pratama",
        "Tuntas Muda",
        "Belum Tuntas",
    ]


def test_weights_must_sum_to_100():
    with pytest.raises(IntegrityError), transaction.atomic():
        SpmWeights.objects.filter(pk=1).update(recipient_weight=Decimal("70"))


def test_only_one_weights_row():
    with pytest.raises(IntegrityError), transaction.atomic():
        SpmWeights.objects.create(pk=2)


def test_one_spm_row_per_service_and_year():
    row = SpmAnnualFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SpmAnnualFactory(service=row.service, year=row.year)


def test_weights_not_summing_to_100_get_an_indonesian_message():
    from django.core.exceptions import ValidationError

    weights = SpmWeights.objects.get()
    weights.recipient_weight = Decimal("70")
    with pytest.raises(ValidationError, match="berjumlah 100"):
        weights.full_clean()
