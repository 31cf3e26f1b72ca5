"""SPM figures per service and year, and the office's mean."""

from decimal import Decimal

import pytest

from spm.calculations import PenerimaSource
from spm.models import SpmWeights
from spm.selectors import spm_year, spm_years
from tests.factories import OrganisationFactory, SpmAnnualFactory, SpmServiceFactory

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def office():
    organisation = OrganisationFactory()
    counted, recorded, quality_only, empty = (
        SpmServiceFactory(organisation=organisation, number=number) for number in (1, 2, 3, 4)
    )
    # 90 of 100 served, 45 of 50 items provided: penerima 90, mutu 90, indeks 90.
    SpmAnnualFactory(
        service=counted,
        year=2024,
        people_needing=100,
        people_served=90,
        quality_required=D("50"),
        quality_provided=D("45"),
        recorded_capaian=D("12.34"),  # counts win over the recorded figure
    )
    # Only the recorded capaian (as Tabel 2.3), mutu 100: indeks 0.8 x 75.22 + 0.2 x 100.
    SpmAnnualFactory(
        service=recorded,
        year=2024,
        recorded_capaian=D("75.22"),
        quality_required=D("10"),
        quality_provided=D("10"),
    )
    # Counts, no mutu figures: no indeks.
    SpmAnnualFactory(service=quality_only, year=2024, people_needing=40, people_served=50)
    SpmServiceFactory(organisation=OrganisationFactory(), number=1)
    return organisation, (counted, recorded, quality_only, empty)


def test_per_service_figures(office):
    organisation, (counted, recorded, quality_only, empty) = office
    figures = {f.service: f for f in spm_year(organisation=organisation, year=2024).services}
    assert len(figures) == 4

    first = figures[counted]
    assert (first.capaian_penerima, first.penerima_source) == (D("90"), PenerimaSource.COUNTS)
    assert (first.capaian_mutu, first.indeks, first.kategori.label) == (
        D("90"),
        D("90"),
        "Tuntas Utama",
    )

    second = figures[recorded]
    assert (second.capaian_penerima, second.penerima_source) == (
        D("75.22"),
        PenerimaSource.RECORDED,
    )
    assert second.indeks == D("80.176")
    assert second.kategori.label == "Tuntas Madya"

    third = figures[quality_only]
    assert third.capaian_penerima == D("125")  # more served than counted as needing: not capped
    assert (third.capaian_mutu, third.indeks, third.kategori) == (None, None, None)

    fourth = figures[empty]
    assert fourth.annual is None
    assert (fourth.capaian_penerima, fourth.penerima_source, fourth.indeks) == (None, None, None)


def test_office_means_over_its_services(office):
    organisation, _services = office
    year = spm_year(organisation=organisation, year=2024)
    assert year.capaian_penerima == (D("90") + D("75.22") + D("125")) / 3
    assert year.capaian_mutu == D("95")
    assert year.indeks == (D("90") + D("80.176")) / 2
    assert year.kategori.label == "Tuntas Madya"


def test_weights_are_read_from_the_settings_row(office):
    organisation, (_counted, recorded, _quality, _empty) = office
    SpmWeights.objects.filter(pk=1).update(recipient_weight=D("60"), quality_weight=D("40"))
    figures = {f.service: f for f in spm_year(organisation=organisation, year=2024).services}
    assert figures[recorded].indeks == D("0.6") * D("75.22") + D("40")


def test_several_years_in_four_queries(office, django_assert_num_queries):
    organisation, _services = office
    with django_assert_num_queries(4):
        years = spm_years(organisation=organisation, years=[2025, 2024])
    assert [year.year for year in years] == [2024, 2025]
    assert all(figure.annual is None for figure in years[1].services)
    assert years[1].indeks is None and years[1].kategori is None
