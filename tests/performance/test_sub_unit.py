"""The third level of the Perjanjian Kinerja: a Sub Bagian of the seeded Sekretariat signs with
the Sekretaris for the kegiatan and sub kegiatan it carries out.

The figures are the plan's 2025 values as printed in the seed document (Tabel 6.1, Bab VII):
Administrasi Keuangan Perangkat Daerah 100 %, Rp 5.136.203.025,00; Penyediaan Gaji dan
Tunjangan ASN 50 Orang/bulan, Rp 5.110.370.625,00; Koordinasi dan Penyusunan Laporan Keuangan
Akhir Tahun SKPD 1 Laporan, Rp 25.832.400,00.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from budgeting.models import Pagu
from cascading.models import IndicatorTarget, PlanNode
from performance.choices import AgreementStatus, PartyKind
from performance.models import Agreement, Party
from performance.services import (
    finalise_agreement,
    generate_agreement,
    revise_agreement,
    update_agreement,
)
from renstra.models import Unit
from tests.factories import OrganisationFactory
from tests.reports.pdfread import open_pdf, page_texts
from tests.reports.workbook import open_workbook

SUB_UNIT = "sub-bagian-keuangan-dan-aset"
KEGIATAN = "1.06.01.2.02"
GAJI = "1.06.01.2.02.01"
LAPORAN = "1.06.01.2.02.05"
GAJI_NAME = "Penyediaan Gaji dan Tunjangan ASN"
GAJI_INDICATOR = "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN"
BUDGETS_2025 = {
    KEGIATAN: Decimal("5136203025.00"),
    GAJI: Decimal("5110370625.00"),
    LAPORAN: Decimal("25832400.00"),
}
# (code, target PK as printed) of the rows, in plan order.
TARGETS_2025 = [(KEGIATAN, "100 %"), (GAJI, "50 Orang/bulan"), (LAPORAN, "1 Laporan")]
KASUBBAG = "RINA KEUANGAN, S.E."
SEKRETARIS = "BUDI SEKRETARIAT, S.Sos"
# A sub kegiatan of the Bidang Rehabilitasi Sosial, not of the Sekretariat.
OTHER_UNITS_NODE = "1.06.04.2.01.01"


def node(code: str) -> PlanNode:
    return PlanNode.objects.get(code=code, period__start_year=2024)


@pytest.fixture
def sub_unit(office):
    unit = office.units.get(code=SUB_UNIT)
    Party.objects.create(
        organisation=office,
        kind=PartyKind.UNIT_HEAD,
        unit=unit,
        title=unit.head_title,
        name=KASUBBAG,
        nip="19800101 200501 2 001",
    )
    Party.objects.create(
        organisation=office,
        kind=PartyKind.UNIT_HEAD,
        unit=unit.parent,
        title=unit.parent.head_title,
        name=SEKRETARIS,
    )
    return unit


def chosen() -> list[int]:
    return [node(code).pk for code in (KEGIATAN, GAJI, LAPORAN)]


@pytest.fixture
def agreement(office, users, sub_unit):
    return generate_agreement(
        user=users["planner"], organisation=office, year=2025, unit=sub_unit, nodes=chosen()
    )


def login(client, user):
    client.force_login(user)
    return client


def test_the_seed_puts_two_sub_bagian_under_the_sekretariat(office):
    subs = office.units.filter(parent__isnull=False).order_by("order")
    assert [(unit.name, unit.kind, unit.parent.code, unit.head_title) for unit in subs] == [
        (
            "Sub Bagian Umum dan Kepegawaian",
            "subbagian",
            "sekretariat",
            "Kepala Sub Bagian Umum dan Kepegawaian",
        ),
        (
            "Sub Bagian Keuangan dan Aset",
            "subbagian",
            "sekretariat",
            "Kepala Sub Bagian Keuangan dan Aset",
        ),
    ]
    assert not PlanNode.objects.filter(unit__parent__isnull=False).exists()


def test_sub_unit_agreement_2025_from_the_chosen_sub_kegiatan(office, users, agreement):
    assert (agreement.unit.code, agreement.status, agreement.number) == (SUB_UNIT, "draft", 1)
    assert (agreement.first_title, agreement.first_name) == (
        "Kepala Sub Bagian Keuangan dan Aset",
        KASUBBAG,
    )
    assert agreement.first_nip == "19800101 200501 2 001"
    # The Sekretaris, not the Kepala Dinas, is pihak kedua.
    assert (agreement.second_title, agreement.second_name) == (
        "Sekretaris Dinas Sosial Kota Palangka Raya",
        SEKRETARIS,
    )
    assert [(row.code, row.target_display) for row in agreement.targets.all()] == TARGETS_2025
    gaji = agreement.targets.get(code=GAJI)
    assert (gaji.indicator_name, gaji.value, gaji.plan_value, gaji.differs) == (
        GAJI_INDICATOR,
        Decimal("50"),
        Decimal("50"),
        False,
    )
    budgets = {row.code: (row.amount, row.plan_amount) for row in agreement.budgets.all()}
    assert budgets == {code: (amount, amount) for code, amount in BUDGETS_2025.items()}
    # The choice is recorded as the pelaksana of those nodes, and only of those.
    assert set(PlanNode.objects.filter(sub_unit=agreement.unit).values_list("code", flat=True)) == {
        KEGIATAN,
        GAJI,
        LAPORAN,
    }


def test_without_a_recorded_party_the_titles_come_from_the_units(office, users):
    unit = office.units.get(code="sub-bagian-umum-dan-kepegawaian")
    agreement = generate_agreement(
        user=users["admin"],
        organisation=office,
        year=2025,
        unit=unit,
        nodes=[node("1.06.01.2.05").pk],
    )
    assert (agreement.first_title, agreement.first_name) == (
        "Kepala Sub Bagian Umum dan Kepegawaian",
        "",
    )
    assert agreement.second_title == "Sekretaris Dinas Sosial Kota Palangka Raya"


def test_pdf_names_both_parties_and_the_sub_kegiatan(client, agreement, users):
    login(client, users["head"])
    response = client.get(reverse("performance:download", args=[agreement.pk, "pdf"]))
    assert response.status_code == 200
    assert f"-{SUB_UNIT}-v1-DRAF" in response["Content-Disposition"]
    with open_pdf(response.content) as document:
        assert len(document.pages) == 1
    text = " ".join(page_texts(response.content))
    assert "PERJANJIAN KINERJA TAHUN 2025" in text
    assert KASUBBAG in text and SEKRETARIS in text
    assert "Kepala Sub Bagian Keuangan dan Aset" in text
    assert "target kinerja kegiatan dan sub kegiatan tahun 2025" in text
    assert GAJI_NAME in text and GAJI_INDICATOR in text and "50 Orang/bulan" in text
    assert "5.110.370.625,00" in text and "25.832.400,00" in text
    # The kegiatan's figure holds its two sub kegiatan: the total counts it once.
    assert "Jumlah 5.136.203.025,00" in text


def test_workbook_cells(client, agreement, users):
    login(client, users["reviewer"])
    response = client.get(reverse("performance:download", args=[agreement.pk, "xlsx"]))
    targets, budgets = open_workbook(response.content).worksheets
    rows = [[cell.value for cell in row] for row in targets.iter_rows()]
    gaji = next(row for row in rows if GAJI_INDICATOR in row)
    assert "50 Orang/bulan" in gaji
    values = [[cell.value for cell in row] for row in budgets.iter_rows()]
    lines = {row[1]: (row[2], row[3]) for row in values if row[1] in BUDGETS_2025}
    assert lines[GAJI] == (GAJI_NAME, BUDGETS_2025[GAJI])
    assert lines[LAPORAN][1] == BUDGETS_2025[LAPORAN]
    total = next(row for row in values if row[0] == "Jumlah")
    assert total[3] == BUDGETS_2025[KEGIATAN]


def test_final_sub_unit_agreement_is_frozen_and_a_revision_keeps_both(office, users, agreement):
    planner = users["planner"]
    row = agreement.targets.get(code=GAJI)
    agreement = update_agreement(
        user=planner,
        agreement=agreement,
        expected_version=agreement.version,
        targets={row.pk: "52"},
        budgets={},
    )
    row.refresh_from_db()
    assert (row.value, row.plan_value, row.differs) == (Decimal("52"), Decimal("50"), True)
    agreement = finalise_agreement(
        user=planner, agreement=agreement, expected_version=agreement.version
    )
    assert agreement.status == AgreementStatus.FINAL
    target = IndicatorTarget.objects.get(indicator__node=node(GAJI), year=2025)
    target.value, target.text = Decimal("60"), "60 Orang/bulan"
    target.save()
    pagu = Pagu.objects.get(node=node(GAJI), year=2025)
    pagu.amount += Decimal("1000000")
    pagu.save()
    frozen = agreement.targets.get(code=GAJI)
    assert (frozen.value, frozen.plan_value) == (Decimal("52"), Decimal("50"))
    assert agreement.budgets.get(code=GAJI).amount == BUDGETS_2025[GAJI]
    with pytest.raises(ValidationError, match="sudah final"):
        update_agreement(
            user=planner,
            agreement=agreement,
            expected_version=agreement.version,
            targets={frozen.pk: "1"},
            budgets={},
        )
    revision = revise_agreement(user=planner, agreement=agreement, reason="APBD perubahan")
    assert (revision.unit_id, revision.number, revision.status) == (agreement.unit_id, 2, "draft")
    revised = revision.targets.get(code=GAJI)
    assert (revised.value, revised.plan_value) == (Decimal("52"), Decimal("60"))
    revised_budget = revision.budgets.get(code=GAJI)
    assert revised_budget.amount == BUDGETS_2025[GAJI]
    assert revised_budget.plan_amount == BUDGETS_2025[GAJI] + Decimal("1000000")
    assert (revision.second_name, revision.first_name) == (SEKRETARIS, KASUBBAG)
    assert agreement.targets.get(code=GAJI).value == Decimal("52")
    assert Agreement.objects.filter(unit=agreement.unit).count() == 2


@pytest.mark.parametrize(
    "codes, message",
    [
        ([GAJI, OTHER_UNITS_NODE], "bukan milik Sekretariat"),
        (["1.06.01"], "bukan milik Sekretariat"),  # a program, not a kegiatan
        ([], "Pilih sedikitnya satu kegiatan"),
    ],
)
def test_refused_choices_change_nothing(office, users, sub_unit, codes, message):
    PlanNode.objects.filter(pk=node(LAPORAN).pk).update(sub_unit=sub_unit)
    with pytest.raises(ValidationError, match=message):
        generate_agreement(
            user=users["planner"],
            organisation=office,
            year=2025,
            unit=sub_unit,
            nodes=[node(code).pk for code in codes],
        )
    assert not Agreement.objects.exists()
    assert list(PlanNode.objects.filter(sub_unit=sub_unit).values_list("code", flat=True)) == [
        LAPORAN
    ]


@pytest.mark.parametrize("role", ["operator", "head", "reviewer", "outsider"])
def test_only_the_offices_administrators_and_planners_write(office, users, sub_unit, role):
    with pytest.raises(PermissionDenied):
        generate_agreement(
            user=users[role], organisation=office, year=2025, unit=sub_unit, nodes=chosen()
        )
    assert not PlanNode.objects.filter(sub_unit=sub_unit).exists()


def test_the_pages_choose_the_kegiatan_and_generate(client, office, users, sub_unit):
    login(client, users["planner"])
    listing = client.get(reverse("performance:list")).content.decode()
    assert f'<option value="{sub_unit.pk}">— Sub Bagian Keuangan dan Aset</option>' in listing
    PlanNode.objects.filter(pk=node(LAPORAN).pk).update(sub_unit=sub_unit)
    response = client.post(
        reverse("performance:generate"), {"tahun": "2025", "unit": str(sub_unit.pk)}
    )
    choose = reverse("performance:generate-sub-unit", args=[sub_unit.pk])
    assert response.status_code == 302 and response.url.startswith(choose)
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    # The Sekretariat's kegiatan and sub kegiatan, the recorded one ticked; no Bidang's node.
    assert f'value="{node(LAPORAN).pk}" checked' in html
    assert f'value="{node(GAJI).pk}">' in html and GAJI_NAME in html
    assert OTHER_UNITS_NODE not in html
    response = client.post(
        f"{choose}?opd={office.code}", {"tahun": "2025", "simpul": [str(pk) for pk in chosen()]}
    )
    agreement = Agreement.objects.get(unit=sub_unit)
    assert response.url == reverse("performance:detail", args=[agreement.pk])
    detail = client.get(response.url).content.decode()
    assert GAJI_INDICATOR in detail and "50 Orang/bulan" in detail and SEKRETARIS in detail
    assert "Sekretariat" in detail
    listing = client.get(reverse("performance:list")).content.decode()
    assert 'class="sub-level"' in listing and "Sub Bagian Keuangan dan Aset" in listing


@pytest.mark.parametrize(
    "data, status, message",
    [
        ({"tahun": "2025", "simpul": ["abc"]}, 400, "tidak sah"),
        ({"tahun": "2025", "simpul": ["99999999999999"]}, 400, "tidak sah"),
        ({"tahun": "2025", "simpul": ["999999"]}, 400, "bukan milik Sekretariat"),
        ({"tahun": "2025"}, 400, "Pilih sedikitnya"),
        ({"tahun": "2031", "simpul": ["1"]}, 400, "periode Renstra"),
        ({"tahun": "x"}, 400, "Tahun tidak sah"),
    ],
)
def test_hostile_choices_are_refused_and_change_nothing(
    client, office, users, sub_unit, data, status, message
):
    login(client, users["planner"])
    url = reverse("performance:generate-sub-unit", args=[sub_unit.pk]) + f"?opd={office.code}"
    response = client.post(url, data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Agreement.objects.exists()
    assert not PlanNode.objects.filter(sub_unit__isnull=False).exists()


def test_a_sub_unit_of_another_office_and_unknown_ids_are_refused(client, office, users):
    other = OrganisationFactory()
    parent = Unit.objects.create(
        organisation=other, code="sek", name="Sekretariat", kind="sekretariat"
    )
    foreign = Unit.objects.create(
        organisation=other, code="sub", name="Sub Bagian Lain", kind="subbagian", parent=parent
    )
    login(client, users["planner"])
    response = client.post(reverse("performance:generate"), {"tahun": "2025", "unit": foreign.pk})
    assert response.status_code == 400 and "Unit kerja tidak dikenal" in response.content.decode()
    for unit_id in (foreign.pk, office.units.get(code="sekretariat").pk, 99999999, 0):
        url = reverse("performance:generate-sub-unit", args=[unit_id])
        assert client.get(f"{url}?opd={office.code}&tahun=2025").status_code == 404
        assert client.post(f"{url}?opd={office.code}", {"tahun": "2025"}).status_code == 404
    with pytest.raises(ValidationError, match="perangkat daerah yang sama"):
        generate_agreement(
            user=users["planner"], organisation=office, year=2025, unit=foreign, nodes=[]
        )
    login(client, users["head"])
    url = reverse("performance:generate-sub-unit", args=[foreign.pk])
    assert client.get(f"{url}?opd={office.code}&tahun=2025").status_code == 403
    assert not Agreement.objects.exists()


def test_command_writes_the_sub_units_agreement(office, agreement, tmp_path):
    for fmt in ("pdf", "xlsx"):
        output = tmp_path / f"pk.{fmt}"
        call_command(
            "export_report", "perjanjian-kinerja", "--year", "2025", "--format", fmt,
            "--output", str(output), "--organisation", office.code, "--unit", SUB_UNIT,
        )  # fmt: skip
        content = output.read_bytes()
        if fmt == "pdf":
            assert KASUBBAG in " ".join(page_texts(content))
        else:
            values = [
                c.value for row in open_workbook(content).worksheets[1].iter_rows() for c in row
            ]
            assert GAJI in values and BUDGETS_2025[GAJI] in values
    with pytest.raises(CommandError, match="Belum ada Perjanjian Kinerja"):
        call_command(
            "export_report", "perjanjian-kinerja", "--year", "2025", "--format", "pdf",
            "--output", str(tmp_path / "x.pdf"), "--organisation", office.code,
            "--unit", "sub-bagian-umum-dan-kepegawaian",
        )  # fmt: skip


def test_list_queries_do_not_grow_with_levels(
    client, office, users, sub_unit, django_assert_max_num_queries
):
    login(client, users["planner"])
    url = reverse("performance:list")
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    generate_agreement(user=users["planner"], organisation=office, year=2025)
    for unit in office.units.filter(parent__isnull=True):
        generate_agreement(user=users["planner"], organisation=office, year=2025, unit=unit)
    generate_agreement(
        user=users["planner"], organisation=office, year=2025, unit=sub_unit, nodes=chosen()
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    # Office first, then each unit with its sub-unit right after the Sekretariat.
    names = ["Dinas Sosial Kota Palangka Raya", "Sekretariat", "Sub Bagian Keuangan dan Aset"]
    positions = [page.index(f">{name}</a>") for name in names]
    assert positions == sorted(positions)
    assert page.index(">Sub Bagian Keuangan dan Aset</a>") < page.index(
        ">Bidang Pemberdayaan Sosial</a>"
    )


def test_plan_node_refuses_a_sub_unit_as_owner_or_a_foreign_pelaksana(office, sub_unit):
    gaji = node(GAJI)
    gaji.unit = sub_unit
    with pytest.raises(ValidationError, match="tidak memiliki indikator rencana"):
        gaji.full_clean()
    gaji = node(GAJI)
    gaji.sub_unit = sub_unit
    gaji.full_clean()
    other = node(OTHER_UNITS_NODE)
    other.sub_unit = sub_unit
    with pytest.raises(ValidationError, match="di bawah unit penanggung jawab"):
        other.full_clean()
    program = node("1.06.01")
    program.sub_unit = sub_unit
    with pytest.raises(ValidationError, match="hanya untuk kegiatan dan sub kegiatan"):
        program.full_clean()


@pytest.mark.parametrize("path", ["/pohon/?tahun=2025&tw=1", "/realisasi/2025/tw1/"])
def test_unit_filters_offer_only_indicator_owning_units(client, office, users, path):
    """The tree's and the entry sheet's unit choice: Sekretariat and Bidang, no Sub Bagian."""
    login(client, users["planner"])
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert ">Bidang Rehabilitasi Sosial</option>" in html
    assert "Sub Bagian" not in html
