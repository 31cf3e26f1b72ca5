"""A small plan with known realisations for 2024 and 2025, every figure worked out by hand in
the tests that use it.

T1 > T1.S1 (IKU, a percentage) > program 1.06.02 (a cumulative flow and a SAKIP grade) > kegiatan
1.06.02.2.01 (a percentage) > sub kegiatan .01 (a count, pagu 1, 2 and 3 million) and .02 (lower
is better, pagu 0,5, 1 and 1,5 million). Some values are only submitted: they count only when a
report includes submitted realisations.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from cascading.choices import Aggregation, PeriodRule, Polarity, Status, ValueKind
from tests.factories import (
    BudgetRealisationFactory,
    FundingSourceFactory,
    IndicatorFactory,
    NodeFactory,
    OrganisationFactory,
    PaguFactory,
    PeriodFactory,
    RealisationFactory,
    TargetFactory,
    UnitFactory,
)

D = Decimal
V, S = Status.VERIFIED, Status.SUBMITTED


@dataclass
class Plan:
    organisation: object
    period: object
    unit: object
    program: object
    kegiatan: object
    sub_1: object
    sub_2: object
    iku: object
    flow: object
    grade: object
    percent: object
    count: object
    complaints: object


def _indicator(node, *, targets, realisations=(), order=1, **fields):
    """An indicator with {year: (value, text)} targets and (year, quarter, value, status)
    realisations; a str value is a grade."""
    indicator = IndicatorFactory(node=node, order=order, **fields)
    for year, (value, text) in targets.items():
        grade = value if isinstance(value, str) else ""
        TargetFactory(
            indicator=indicator,
            year=year,
            value=None if grade else value,
            grade=grade,
            text=text,
        )
    for year, quarter, value, status in realisations:
        values = {"grade": value, "value": None} if isinstance(value, str) else {"value": value}
        RealisationFactory(indicator=indicator, year=year, quarter=quarter, status=status, **values)
    return indicator


@pytest.fixture
def plan(db) -> Plan:
    organisation = OrganisationFactory(
        name="Dinas Uji Laporan",
        government="Pemerintah Kota Uji",
        city="Kota Uji",
        head_title="Kepala Dinas Uji",
        head_name="Budi Santoso, S.Sos",
        head_rank="Pembina",
        head_nip="19700101 199001 1 001",
    )
    period = PeriodFactory(organisation=organisation, name="Renstra Uji", baseline_year=2023)
    unit = UnitFactory(organisation=organisation, name="Bidang Pemberdayaan")
    tujuan = NodeFactory(period=period, code="T1", name="Tujuan uji", unit=unit)
    sasaran = NodeFactory(period=period, parent=tujuan, code="T1.S1", name="Sasaran uji", unit=unit)
    program = NodeFactory(
        period=period, parent=sasaran, code="1.06.02", name="PROGRAM UJI", unit=unit
    )
    kegiatan = NodeFactory(
        period=period, parent=program, code="1.06.02.2.01", name="Kegiatan uji", unit=unit
    )
    sub_1 = NodeFactory(
        period=period, parent=kegiatan, code="1.06.02.2.01.01", name="Sub uji satu", unit=unit
    )
    sub_2 = NodeFactory(
        period=period, parent=kegiatan, code="1.06.02.2.01.02", name="Sub uji dua", unit=unit
    )

    iku = _indicator(
        sasaran,
        name="Persentase PPKS berfungsi sosial",
        satuan="%",
        value_kind=ValueKind.PERCENTAGE,
        aggregation=Aggregation.LAST,
        is_iku=True,
        baseline_value=D("3.2"),
        baseline_text="3,2%",
        final_target_value=D("3.9"),
        final_target_text="3,9%",
        targets={2024: (D("3.5"), "3,5%"), 2025: (D("3.7"), "3,7%")},
        realisations=[(2024, 4, D("3.6"), V), (2025, 2, D("3.8"), V), (2025, 4, D("4.0"), S)],
    )
    flow = _indicator(
        program,
        name="Jumlah PSKS dibina",
        satuan="Orang",
        period_rule=PeriodRule.CUMULATIVE,
        baseline_value=D("70"),
        baseline_text="70 Orang",
        final_target_value=D("300"),
        final_target_text="300 Orang",
        targets={2024: (D("100"), "100 Orang"), 2025: (D("120"), "120 Orang")},
        realisations=[
            (2024, 1, D("30"), V),
            (2024, 2, D("50"), V),
            (2025, 1, D("40"), V),
            (2025, 2, D("20"), V),
            (2025, 3, D("30"), V),
            (2025, 4, D("25"), S),
        ],
    )
    grade = _indicator(
        program,
        order=2,
        name="Nilai SAKIP",
        satuan="Indeks",
        value_kind=ValueKind.ORDINAL,
        aggregation=Aggregation.LAST,
        baseline_text="BB Indeks",
        final_target_text="A Indeks",
        targets={2024: ("BB", "BB Indeks"), 2025: ("BB", "BB Indeks")},
        realisations=[(2024, 4, "BB", V), (2025, 4, "B", V)],
    )
    percent = _indicator(
        kegiatan,
        name="Persentase PSKS aktif",
        satuan="%",
        value_kind=ValueKind.PERCENTAGE,
        aggregation=Aggregation.LAST,
        final_target_value=D("90"),
        final_target_text="90 %",
        targets={2025: (D("80"), "80 %")},
        realisations=[(2025, 3, D("72"), V)],
    )
    count = _indicator(
        sub_1,
        name="Jumlah pelatihan",
        satuan="Kegiatan",
        period_rule=PeriodRule.CUMULATIVE,
        final_target_value=D("30"),
        final_target_text="30 Kegiatan",
        targets={2025: (D("10"), "10 Kegiatan")},
        realisations=[(2024, 2, D("12"), V), (2025, 1, D("4"), V), (2025, 3, D("5"), V)],
    )
    complaints = _indicator(
        sub_2,
        name="Jumlah aduan belum tertangani",
        satuan="Aduan",
        polarity=Polarity.NEGATIVE,
        aggregation=Aggregation.LAST,
        final_target_value=D("5"),
        final_target_text="5 Aduan",
        targets={2025: (D("10"), "10 Aduan")},
        realisations=[(2025, 4, D("8"), V)],
    )

    apbd = FundingSourceFactory(code="apbd", name="APBD")
    for node, amounts in (
        (sub_1, ("1000000", "2000000", "3000000")),
        (sub_2, ("500000", "1000000", "1500000")),
    ):
        for year, amount in zip((2024, 2025, 2026), amounts, strict=True):
            PaguFactory(node=node, year=year, source=apbd, amount=D(amount))
    for node, year, quarter, amount, status in (
        (sub_1, 2024, 2, "900000.00", V),
        (sub_1, 2025, 1, "500000.00", V),
        (sub_1, 2025, 2, "300000.50", V),
        (sub_1, 2025, 3, "400000.00", S),
        (sub_2, 2025, 4, "250000.00", V),
    ):
        BudgetRealisationFactory(
            node=node, year=year, quarter=quarter, amount=D(amount), status=status
        )
    return Plan(
        organisation,
        period,
        unit,
        program,
        kegiatan,
        sub_1,
        sub_2,
        iku,
        flow,
        grade,
        percent,
        count,
        complaints,
    )
