"""The seeded history against the document: SPM 2019-2023 (Tabel 2.2, 2.3) and the previous
Renstra's indicators with T, R and the printed C (Tabel 2.4, 2.5)."""

from decimal import Decimal

import pytest

from cascading.choices import Aggregation, Level, Status, ValueKind
from cascading.models import Indicator, Realisation
from renstra.numbers import parse_decimal
from spm.models import SpmAnnual

from .document import TABEL_2_3_CAPAIAN, TABEL_2_4, TABEL_2_5

SPM_SERVICES = [
    (1, "Rehabilitasi sosial dasar penyandang disabilitas telantar di luar panti"),
    (2, "Rehabilitasi sosial dasar anak telantar di luar panti"),
    (3, "Rehabilitasi sosial dasar lanjut usia telantar di luar panti"),
    (4, "Rehabilitasi sosial dasar tuna sosial khususnya gelandangan dan pengemis di luar panti"),
    (
        5,
        "Perlindungan dan jaminan sosial pada saat tanggap dan pasca bencana bagi korban "
        "bencana kab/kota",
    ),
]


def test_spm_services_of_tabel_2_2(seeded_plan):
    services = seeded_plan.spm_services.select_related("unit")
    assert [(s.number, s.name) for s in services] == SPM_SERVICES
    first = services[0]
    assert first.recipient_indicator == (
        "Jumlah Warga Negara penyandang disabilitas yang memperoleh rehabilitasi sosial di luar "
        "panti"
    )
    assert first.recipient_target_text == "100%"
    assert first.quality_indicator == "Jumlah barang jasa dan sumber daya manusia"
    assert first.quality_target_text == (
        "100% (Sesuai dengan jumlah Warga Negara Penyandang Disabilitas telantar yang akan "
        "dipenuhi)"
    )
    assert first.history_indicator == (
        "Jumlah warga negara penyandang disabilitas telantar yang memperoleh rehabilitasi sosial "
        "di luar panti"
    )
    assert [s.unit.name for s in services] == [
        *["Bidang Rehabilitasi Sosial"] * 4,
        "Bidang Perlindungan dan Jaminan Sosial",
    ]


def test_spm_capaian_2019_2023_all_25(seeded_plan):
    years = SpmAnnual.objects.filter(service__organisation=seeded_plan)
    recorded = {(a.service.number, a.year): a for a in years.select_related("service")}
    assert len(recorded) == 25
    for number, printed in TABEL_2_3_CAPAIAN.items():
        for year, text in zip(range(2019, 2024), printed, strict=True):
            annual = recorded[number, year]
            assert annual.recorded_capaian == parse_decimal(text.removesuffix("%")), (number, year)
            assert annual.target_percent == Decimal("100")
            assert annual.people_needing is None and annual.people_served is None
    assert recorded[1, 2020].recorded_capaian == Decimal("118.77")
    assert recorded[2, 2020].recorded_capaian == Decimal("75.22")


@pytest.fixture
def previous(seeded_plan):
    return seeded_plan.periods.get(start_year=2019, end_year=2023)


@pytest.mark.parametrize(("table", "rows"), [("Tabel 2.4", TABEL_2_4), ("Tabel 2.5", TABEL_2_5)])
def test_previous_indicators_t_r_and_printed_c(previous, table, rows):
    indicators = {
        i.node.code: i
        for i in Indicator.objects.filter(node__period=previous).select_related("node")
    }
    for code, name, baseline, years in rows:
        indicator = indicators[code]
        assert indicator.name == name
        assert indicator.baseline_text == baseline
        assert indicator.baseline_value == (None if baseline == "N/A" else parse_decimal(baseline))
        assert (indicator.satuan, indicator.value_kind, indicator.aggregation) == (
            "%",
            ValueKind.PERCENTAGE,
            Aggregation.LAST,
        )
        targets = {t.year: t for t in indicator.targets.all()}
        realisations = {r.year: r for r in indicator.realisations.all()}
        assert sorted(targets) == sorted(realisations) == sorted(years)
        for year, (t, r, c) in years.items():
            assert (targets[year].text, targets[year].value) == (t, parse_decimal(t))
            assert targets[year].reported_capaian == parse_decimal(c)
            realisation = realisations[year]
            assert (realisation.quarter, realisation.value, realisation.status) == (
                4,
                parse_decimal(r),
                Status.VERIFIED,
            )
            assert table in realisation.note


def test_previous_cascade(previous):
    nodes = {node.code: node for node in previous.nodes.select_related("parent")}
    assert nodes["T1"].name == "Tingkat Pengangguran Terbuka"
    assert nodes["T1.S1"].name == "Menurunnya PMKS (Penyandang Masaalah Kesejahteraan Sosial)"
    assert nodes["T2"].name == "Meningkatnya Penanganan PPKS agar Berfungsi Sosial"
    assert nodes["T2.S1"].name == "Terpenuhinya Penanganan PPKS agar Berfungsi Sosial"
    programs = [node for node in nodes.values() if node.level == Level.PROGRAM]
    assert len(programs) == 13
    for node in programs:
        assert node.name == node.sasaran  # Tabel 2.4/2.5 name no program: its sasaran does
        assert node.parent.code == node.code.rsplit(".", 1)[0]
    assert nodes["T1.S1.P7"].name == (
        "Meningkatnya sarana dan prasarana pelayanan kesejahteraan sosial di wahana "
        "kesejahteraan sosial berbasis masyarakat (WKBSM)"
    )  # a row split over two pages, joined
    assert nodes["T2.S1.P3"].name == "Meningkatnya Fakir miskin yang mandiri"
    iku = Indicator.objects.filter(node__period=previous, is_iku=True)
    assert dict(iku.values_list("node__code", "name")) == {
        "T1.S1": "Persentase PMKS yang mandiri",
        "T2.S1": "Persentase PPKS yang Berfungsi Sosial",
    }


def test_printed_capaian_kept_where_it_differs_from_r_over_t(previous):
    target = Indicator.objects.get(node__period=previous, node__code="T2.S1").targets.get(year=2021)
    assert (target.value, target.reported_capaian) == (Decimal("2.8"), Decimal("113.49"))
    realisation = Realisation.objects.get(indicator=target.indicator, year=2021)
    computed = (realisation.value / target.value * 100).quantize(Decimal("0.01"))
    assert computed == Decimal("113.57")
