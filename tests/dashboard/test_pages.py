"""The numbers each page shows are the selectors' numbers, for the seeded plan with known values."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cascading.choices import Level
from cascading.selectors import plan_tree
from renstra.dashboard import selectors
from renstra.models import RenstraPeriod
from renstra.numbers import format_decimal
from renstra.templatetags.angka import angka
from renstra.templatetags.dasbor import realised, target
from spm.models import SpmAnnual, SpmService
from tests.dashboard.conftest import YEAR, client_for, indicator
from tests.dashboard.html import field, one, parse, text

pytestmark = pytest.mark.django_db


def period_of(plan):
    return RenstraPeriod.objects.get(organisation=plan.organisation, start_year=YEAR)


def page(plan, name, user="head", **params):
    query = {"opd": plan.organisation.code, "tahun": YEAR, "tw": 2, **params}
    response = client_for(plan.users[user]).get(reverse(name), query)
    assert response.status_code == 200
    return parse(response.content)


def test_home_shows_the_key_indicators_as_the_selector_computes_them(plan):
    root = page(plan, "home")
    board = selectors.dashboard(period=period_of(plan), year=YEAR, quarter=2)
    table = one(root, ".//table[@id='key-indicators']")
    shown = [row.get("data-indicator") for row in table.findall(".//tr[@data-indicator]")]
    assert shown == [str(f.indicator.pk) for f in board.iku + board.ikk]
    for figures in board.iku + board.ikk:
        row = one(table, f".//tr[@data-indicator='{figures.indicator.pk}']")
        assert field(row, "target") == target(figures)
        assert field(row, "realisation") == realised(figures)
        assert field(row, "capaian") == angka(figures.capaian, "%")
        if figures.predikat:
            assert figures.predikat.label in text(row)
    # By hand: the IKU counts TW 1 (3,1 of 3,5); TW 2's 3,5 is only submitted.
    iku = one(table, f".//tr[@data-indicator='{plan.iku.pk}']")
    assert (field(iku, "realisation"), field(iku, "capaian")) == ("3,1 %", "88,57 %")
    assert "Tinggi" in text(iku)
    ikk = one(table, f".//tr[@data-indicator='{plan.ikk.pk}']")
    assert field(ikk, "capaian") == "87,40 %"
    untouched = indicator(plan.organisation, "1.06.04")
    assert field(one(table, f".//tr[@data-indicator='{untouched.pk}']"), "capaian") == "-"


def test_home_programs_show_capaian_serapan_and_efficiency(plan):
    root = page(plan, "home")
    board = selectors.dashboard(period=period_of(plan), year=YEAR, quarter=2)
    assert len(board.programs) == 5
    for program in board.programs:
        row = one(root, f".//tr[@data-program='{program.node.pk}']")
        assert field(row, "capaian") == angka(program.capaian, "%")
        assert field(row, "children") == angka(program.capaian_children_mean, "%")
        assert field(row, "serapan") == angka(program.serapan, "%")
        assert field(row, "efficiency") == angka(program.efficiency_ratio, "%")
        assert field(row, "pagu") == format_decimal(program.pagu)
        assert field(row, "realisasi") == format_decimal(program.realisasi_anggaran)
    row = one(root, f".//tr[@data-program='{plan.ikk.node.pk}']")
    # Rp 5.000.000 verified of Rp 104.050.600: the TW 2 draft does not count.
    assert field(row, "serapan") == "4,81 %"
    assert field(row, "realisasi") == "5.000.000,00"
    assert "Efisien" in text(row)
    assert field(one(root, ".//*[@data-tile='serapan']"), "serapan") == angka(
        board.tree.serapan, "%"
    )


def test_home_counts_entry_per_unit_and_quarter(plan):
    root = page(plan, "home")
    board = selectors.dashboard(period=period_of(plan), year=YEAR, quarter=2)
    for unit in board.units:
        row = one(root, f".//table[@id='units']//tr[@data-unit='{unit.unit_id}']")
        assert field(row, "indicators") == str(unit.indicators)
        for progress in unit.quarters:
            cell = one(row, f".//td[@data-quarter='{progress.quarter}']")
            assert [field(cell, name) for name in ("entered", "submitted", "verified")] == [
                str(progress.entered),
                str(progress.submitted),
                str(progress.verified),
            ]
    row = one(root, f".//table[@id='units']//tr[@data-unit='{plan.unit.pk}']")
    counts = {cell.get("data-quarter"): text(cell) for cell in row.findall(".//td[@data-quarter]")}
    assert counts == {"1": "3 / 3 / 3", "2": "1 / 1 / 1", "3": "0 / 0 / 0", "4": "0 / 0 / 0"}
    secretariat = next(unit for unit in board.units if unit.name == "Sekretariat")
    assert secretariat.quarters[1].entered == 1 and secretariat.quarters[1].verified == 0


def test_home_red_flags(plan):
    root = page(plan, "home")
    lowest = one(root, ".//ol[@id='flag-lowest']").findall("li")
    assert [item.get("data-indicator") for item in lowest] == [
        str(plan.kegiatan_indicator.pk),
        str(plan.sub_indicator.pk),
        str(plan.ikk.pk),
        str(plan.iku.pk),
    ]
    assert [field(item, "capaian") for item in lowest] == [
        "20,00 %",
        "55,00 %",
        "87,40 %",
        "88,57 %",
    ]
    gaps = one(root, ".//ul[@id='flag-budget']").findall("li")
    assert [item.get("data-node") for item in gaps] == [str(plan.ikk.node.pk)]
    assert "serapan tertinggal dari capaian" in text(gaps[0])
    missing = one(
        root, f".//ul[@id='flag-missing']/li[@data-unit='{plan.unit.pk}'][@data-quarter='2']"
    )
    assert "6 indikator belum diisi" in text(missing)  # 7 with a 2024 target, 1 entered
    assert not root.findall(".//ul[@id='flag-missing']/li[@data-quarter='3']")


def test_home_spm_shows_the_latest_year_recorded(plan):
    root = page(plan, "home")
    spm, filling = selectors.latest_spm_year(organisation=plan.organisation, year=YEAR)
    assert (spm.year, filling) == (2023, None)
    table = one(root, ".//table[@id='spm']")
    for figures in spm.services:
        row = one(table, f".//tr[@data-service='{figures.service.number}']")
        assert field(row, "penerima") == angka(figures.capaian_penerima, "%")
        assert field(row, "indeks") == angka(figures.indeks, "%")
    assert field(one(table, ".//tr[@data-service='1']"), "penerima") == "99,94 %"
    assert field(one(table, ".//tr[@data-service='office']"), "indeks") == angka(spm.indeks, "%")
    assert "Data SPM tahun 2024 belum ada" in text(
        one(root, ".//section[@aria-labelledby='spm-title']")
    )


def test_home_spm_keeps_the_last_complete_year_while_a_newer_one_is_filled(plan):
    """One service with a 2024 figure does not replace the complete 2023 view."""
    service = SpmService.objects.filter(organisation=plan.organisation).order_by("number")[0]
    SpmAnnual.objects.create(service=service, year=2024, people_needing=10, people_served=9)
    SpmAnnual.objects.create(service=service, year=2025)  # a row with no figures yet
    spm, filling = selectors.latest_spm_year(organisation=plan.organisation, year=2025)
    assert spm.year == 2023
    assert all(figures.capaian_penerima is not None for figures in spm.services)
    assert (filling.year, filling.services_with_figures, filling.services) == (2024, 1, 5)
    root = page(plan, "home", tahun=2025)
    assert field(one(root, ".//table[@id='spm']//tr[@data-service='1']"), "penerima") == ("99,94 %")
    assert text(one(root, ".//*[@id='spm-filling']")) == (
        "Data SPM tahun 2024 sedang diisi (1 dari 5 jenis layanan). "
        "Yang ditampilkan tahun 2023, tahun terakhir yang lengkap."
    )
    for number in range(2, 6):
        SpmAnnual.objects.create(
            service=SpmService.objects.get(organisation=plan.organisation, number=number),
            year=2024,
            recorded_capaian=Decimal("100"),
        )
    spm, filling = selectors.latest_spm_year(organisation=plan.organisation, year=2025)
    assert (spm.year, filling) == (2024, None)
    assert not page(plan, "home", tahun=2025).findall(".//*[@id='spm-filling']")


def test_tree_shows_every_node_with_its_figures(plan):
    root = page(plan, "dashboard:tree")
    tree = plan_tree(period=period_of(plan), year=YEAR, quarter=2)
    nodes = list(tree.walk())
    assert len(root.findall(".//details[@data-node]")) == len(nodes) == 72
    for node in nodes:
        details = one(root, f".//details[@data-node='{node.node.pk}']")
        summary = details.find("summary")
        assert field(summary, "capaian") == angka(node.capaian, "%")
        assert field(summary, "children") == angka(node.capaian_children_mean, "%")
        assert field(summary, "pagu") == format_decimal(node.pagu)
        assert field(summary, "realisasi") == format_decimal(node.realisasi_anggaran)
        assert field(summary, "serapan") == angka(node.serapan, "%")
        for figures in node.indicators:
            row = one(details, f"./div/table//tr[@data-indicator='{figures.indicator.pk}']")
            assert field(row, "capaian") == angka(figures.capaian, "%")
            assert field(row, "realisation") == realised(figures)
    sub = one(root, f".//details[@data-node='{plan.sub.pk}']")
    assert field(sub.find("summary"), "serapan") == "24,76 %"  # 5.000.000 of 20.194.400
    row = one(sub, f".//tr[@data-indicator='{plan.sub_indicator.pk}']")
    assert (field(row, "realisation"), field(row, "capaian")) == ("22 Orang", "55,00 %")


def test_tree_filtered_by_unit_keeps_the_units_branches_and_their_ancestors(plan):
    root = page(plan, "dashboard:tree", unit=plan.unit.pk)
    shown = {details.get("data-node") for details in root.findall(".//details[@data-node]")}
    tree = plan_tree(period=period_of(plan), year=YEAR, quarter=2)
    expected = {
        str(node.node.pk)
        for node in tree.walk()
        if node.node.unit_id == plan.unit.pk or node.node.level < Level.PROGRAM
    }
    assert shown == expected
    assert str(plan.ikk.node.pk) in shown and len(shown) == 2 + 7


def test_tree_year_to_date_follows_the_quarter(plan):
    root = page(plan, "dashboard:tree", tw=1)
    sub = one(root, f".//details[@data-node='{plan.sub.pk}']")
    row = one(sub, f".//tr[@data-indicator='{plan.sub_indicator.pk}']")
    assert (field(row, "realisation"), field(row, "capaian")) == ("10 Orang", "25,00 %")


def test_indicator_page_lists_quarters_history_and_notes(plan):
    client = client_for(plan.users["reviewer"])
    url = reverse("dashboard:indicator", args=[plan.iku.pk])
    root = parse(client.get(url, {"tahun": YEAR}).content)
    quarters = one(root, ".//table[@id='quarters']")
    first = one(quarters, ".//tr[@data-quarter='1']")
    assert field(first, "value") == "3,1"
    assert "Terverifikasi" in text(first) and "kadis" in text(first) and "perencana" in text(first)
    second = one(quarters, ".//tr[@data-quarter='2']")
    assert "Diajukan" in text(second)
    history_link = reverse(
        "entry:history", args=["indikator", plan.iku.realisations.get(quarter=2).pk]
    )
    assert second.find(f".//a[@href='{history_link}']") is not None
    assert "Belum diisi" in text(one(quarters, ".//tr[@data-quarter='3']"))
    history = one(root, ".//table[@id='history']")
    assert [row.get("data-year") for row in history.findall(".//tr[@data-year]")] == [
        "2024",
        "2025",
        "2026",
    ]
    assert field(one(history, ".//tr[@data-year='2024']"), "capaian") == "88,57 %"
    notes = text(one(root, ".//section[@aria-labelledby='notes-title']"))
    assert "Bab VII 7.1" in notes  # the note on the IKU's name


def test_trends_page_and_its_json_show_the_same_figures(plan):
    client = client_for(plan.users["head"])
    params = {"opd": plan.organisation.code, "tahun": YEAR, "indikator": plan.iku.pk}
    root = parse(client.get(reverse("dashboard:trends"), params).content)
    data = client.get(reverse("dashboard:trends-data"), params).json()

    def shown(value):
        return "-" if value is None else angka(Decimal(value), "%")

    assert data["chosen"]["key"] == str(plan.iku.pk)
    chosen = one(root, ".//table[@id='chosen']")
    points = {point["year"]: point for point in data["chosen"]["points"]}
    assert sorted(points) == [2021, 2022, 2023, 2024, 2025, 2026]
    for year, point in points.items():
        row = one(chosen, f".//tr[@data-year='{year}']")
        assert field(row, "capaian") == shown(point["capaian"])
    # The previous period's printed T 2,8 and R 3,18 for 2021; 2024 counts the verified TW 1.
    assert (points[2021]["capaian"], points[2024]["capaian"]) == ("113.57", "88.57")

    programs = one(root, ".//table[@id='program-trends']")
    assert len(data["programs"]) == 5
    for program in data["programs"]:
        row = one(programs, f".//tr[@data-program='{program['code']}']")
        for year in program["years"]:
            for name in ("capaian", "serapan"):
                cell = one(row, f".//td[@data-year='{year['year']}'][@data-field='{name}']")
                assert text(cell) == shown(year[name])
    spm = one(root, ".//table[@id='spm-trends']")
    for year in data["spm"]:
        for service in year["services"]:
            row = one(spm, f".//tr[@data-service='{service['number']}']")
            cell = one(row, f".//td[@data-year='{year['year']}']")
            assert field(cell, "penerima") == shown(service["capaian_penerima"])
    assert data["spm"][4]["year"] == 2023 and data["spm"][4]["services"][0]["capaian_penerima"] == (
        "99.94"
    )


def test_trends_json_uses_the_selectors(plan):
    client = client_for(plan.users["head"])
    data = client.get(reverse("dashboard:trends-data"), {"opd": plan.organisation.code}).json()
    series = selectors.indicator_series(periods=list(plan.organisation.periods.all()))
    assert [item["key"] for item in data["indicators"]] == [item.key for item in series]
    assert data["chosen"]["key"] == str(plan.iku.pk)  # the IKU when none is asked for
    program = selectors.program_series(period=period_of(plan))[1]
    assert data["programs"][1]["years"][0]["serapan"] == "4.81"
    assert program.figures[0].figures.serapan.quantize(Decimal("0.01")) == Decimal("4.81")
