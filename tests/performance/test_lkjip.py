"""The LKjIP measures the sasaran's indicators against the final PK of the year (its latest
version) and says which; without a final PK it measures against the Renstra as before."""

from decimal import Decimal

from cascading.choices import Status
from cascading.models import Indicator
from performance.services import (
    finalise_agreement,
    generate_agreement,
    revise_agreement,
    update_agreement,
)
from renstra.reports.choices import ReportKind
from renstra.reports.exports import build_document
from renstra.reports.selectors import lkjip_tables
from renstra.scope import period_for
from tests.factories import RealisationFactory

from .test_agreement import IKU


def iku_line(office):
    tables = lkjip_tables(period=period_for(office, 2025), year=2025)
    return tables, next(item for item in tables.measured if item.figures.indicator.name == IKU)


def test_lkjip_against_the_latest_final_pk(office, users):
    planner = users["planner"]
    indicator = Indicator.objects.get(name=IKU, node__period__start_year=2024)
    RealisationFactory(
        indicator=indicator, year=2025, quarter=4, value=Decimal("3.8"), status=Status.VERIFIED
    )
    tables, line = iku_line(office)
    # Against the Renstra's 3,7: 3,8 / 3,7 x 100 = 102,70.
    assert tables.agreement is None and line.figures.capaian.quantize(Decimal("0.01")) == Decimal(
        "102.70"
    )
    agreement = generate_agreement(user=planner, organisation=office, year=2025)
    row = agreement.targets.get(indicator_name=IKU)
    agreement = update_agreement(
        user=planner,
        agreement=agreement,
        expected_version=agreement.version,
        targets={row.pk: "4"},
        budgets={},
    )
    _tables, line = iku_line(office)
    assert line.target == Decimal("3.7")  # a draft PK is not measured against
    agreement = finalise_agreement(
        user=planner, agreement=agreement, expected_version=agreement.version
    )
    tables, line = iku_line(office)
    # Against the PK's 4: 3,8 / 4 x 100 = 95,00.
    assert tables.agreement == agreement
    assert (line.target, line.figures.capaian) == (Decimal("4"), Decimal("95.00"))
    assert line.figures.predikat.label == "Sangat Tinggi"
    document = build_document(kind=ReportKind.LKJIP, organisation=office, year=2025)
    assert any("Perjanjian Kinerja tahun 2025 versi 1" in note for note in document.notes)
    # A draft revision does not count; once final, the latest version does.
    revision = revise_agreement(user=planner, agreement=agreement, reason="APBD perubahan")
    revised_row = revision.targets.get(indicator_name=IKU)
    revision = update_agreement(
        user=planner,
        agreement=revision,
        expected_version=revision.version,
        targets={revised_row.pk: "3,8"},
        budgets={},
    )
    assert iku_line(office)[1].target == Decimal("4")
    finalise_agreement(user=planner, agreement=revision, expected_version=revision.version)
    tables, line = iku_line(office)
    assert tables.agreement.number == 2
    assert line.figures.capaian == Decimal("100.00")
