"""The RPJMD layer: the seeded office linked to the Sasaran Pemda its document prints, the
cascade showing it, IKU Pemda capaian computed from linked office indicators or entered by
Bappeda."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from cascading.choices import Level
from cascading.models import Indicator, PlanNode
from city.models import GoalLink, PemdaGoal, PemdaIndicator, PemdaRealisation, PemdaTarget, Rpjmd
from city.seed import SEED_TEXT, read_pemda_goals
from renstra.models import Role

from .conftest import YEAR, client_for, generated_office, member

SASARAN_PEMDA = "Meningkatnya Kesejahteraan Masyarakat"


def test_seed_document_prints_the_sasaran_pemda():
    plan = read_pemda_goals(SEED_TEXT.read_text(encoding="utf-8"))
    assert plan == {
        "name": "RPD 2024-2026",
        "start_year": 2024,
        "end_year": 2026,
        "tujuan_code": "T1",
        "tujuan": "Meningkatkan Sumber Daya Manusia Yang Berkualitas",
        "sasaran_code": "T1.S3",
        "sasaran": SASARAN_PEMDA,
    }


def test_seeded_office_is_linked_and_the_tree_shows_it(seeded_plan, bappeda):
    call_command("seed_rpjmd", "--opd", seeded_plan.code)
    call_command("seed_rpjmd", "--opd", seeded_plan.code)  # idempotent
    assert Rpjmd.objects.count() == 1 and PemdaGoal.objects.count() == 2
    link = GoalLink.objects.get()
    assert link.node.level == Level.TUJUAN and link.node.period.start_year == 2024
    assert link.goal.name == SASARAN_PEMDA
    response = client_for(bappeda).get("/pohon/", {"opd": seeded_plan.code, "tahun": 2024})
    content = response.content.decode()
    assert f"mendukung Sasaran Pemda: {SASARAN_PEMDA} (RPD 2024-2026)" in content
    page = client_for(bappeda).get("/kota/rpjmd/", {"tahun": 2024})
    assert page.status_code == 200
    assert seeded_plan.short_name in page.content.decode()


@pytest.fixture
def rpjmd(db):
    plan = Rpjmd.objects.create(government="Kota Uji", name="RPJMD", start_year=2024, end_year=2026)
    tujuan = PemdaGoal.objects.create(rpjmd=plan, kind="tujuan", code="T1", name="Tujuan")
    sasaran = PemdaGoal.objects.create(
        rpjmd=plan, kind="sasaran", parent=tujuan, code="T1.S1", name="Sasaran"
    )
    computed = PemdaIndicator.objects.create(goal=sasaran, order=1, name="Dihitung")
    entered = PemdaIndicator.objects.create(goal=sasaran, order=2, name="Diisi", satuan="%")
    PemdaTarget.objects.create(indicator=entered, year=YEAR, value=Decimal("80"))
    offices = [generated_office(1, iku_value="80"), generated_office(2, iku_value="60")]
    computed.office_indicators.set(
        Indicator.objects.filter(node__organisation__in=offices, is_iku=True)
    )
    for office in offices:
        GoalLink.objects.create(
            node=PlanNode.objects.get(organisation=office, level=Level.SASARAN), goal=sasaran
        )
    return plan, computed, entered


def test_capaian_computed_from_linked_office_indicators(rpjmd, bappeda):
    _plan, computed, entered = rpjmd
    response = client_for(bappeda).get("/kota/rpjmd/", {"tahun": YEAR, "tw": 1})
    table = response.context["table"]
    (row,) = table.sasaran
    by_name = {item.indicator.name: item for item in row.indicators}
    # mean of 80 % and 60 %
    assert by_name["Dihitung"].capaian == Decimal("70")
    assert by_name["Dihitung"].predikat.label == "Sedang"
    assert by_name["Diisi"].capaian is None
    assert len(row.offices) == 2


def test_bappeda_enters_a_realisation(rpjmd, bappeda):
    _plan, _computed, entered = rpjmd
    client = client_for(bappeda)
    response = client.post(
        "/kota/rpjmd/", {"tahun": YEAR, "indikator": entered.pk, "realisasi": "72"}
    )
    assert response.status_code == 302
    assert PemdaRealisation.objects.get().value == Decimal("72")
    table = client.get("/kota/rpjmd/", {"tahun": YEAR}).context["table"]
    item = next(i for i in table.sasaran[0].indicators if i.indicator.pk == entered.pk)
    assert item.capaian == Decimal("90")  # 72 / 80 x 100
    assert entered.realisations.get().history.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"tahun": "²⁰²⁴", "realisasi": "1"},
        {"tahun": YEAR, "realisasi": "tujuh"},
        {"tahun": YEAR, "realisasi": "-5"},
        {"tahun": YEAR, "realisasi": "1", "indikator": "abc"},
    ],
)
def test_hostile_realisation_is_refused_and_changes_nothing(rpjmd, bappeda, data):
    _plan, _computed, entered = rpjmd
    data = {"indikator": entered.pk, **data}
    response = client_for(bappeda).post("/kota/rpjmd/", data)
    assert response.status_code == 400
    assert not PemdaRealisation.objects.exists()


def test_computed_indicator_refuses_an_entered_value(rpjmd, bappeda):
    _plan, computed, _entered = rpjmd
    response = client_for(bappeda).post(
        "/kota/rpjmd/", {"tahun": YEAR, "indikator": computed.pk, "realisasi": "5"}
    )
    assert response.status_code == 400
    assert not PemdaRealisation.objects.exists()


@pytest.mark.parametrize("role", [Role.REVIEWER, None])
def test_only_bappeda_writes(rpjmd, role):
    _plan, _computed, entered = rpjmd
    if role is None:
        office = generated_office(9)
        user = member("admin-opd", Role.ADMIN, office)
        expected = 403
    else:
        user = member("peninjau-kota", role)
        expected = 403
    response = client_for(user).post(
        "/kota/rpjmd/", {"tahun": YEAR, "indikator": entered.pk, "realisasi": "5"}
    )
    assert response.status_code == expected
    assert not PemdaRealisation.objects.exists()


def test_rpjmd_queries_do_not_grow(rpjmd, bappeda, django_assert_max_num_queries):
    client = client_for(bappeda)
    with django_assert_max_num_queries(20) as few:
        client.get("/kota/rpjmd/", {"tahun": YEAR})
    _plan, computed, _entered = rpjmd
    more = [generated_office(number) for number in range(3, 13)]
    computed.office_indicators.add(*Indicator.objects.filter(node__organisation__in=more))
    with django_assert_max_num_queries(20) as many:
        client.get("/kota/rpjmd/", {"tahun": YEAR})
    assert len(many.captured_queries) == len(few.captured_queries)


def test_renstra_report_names_the_sasaran_pemda(seeded_plan):
    from io import BytesIO

    from pypdf import PdfReader

    from renstra.reports.choices import FileFormat, ReportKind
    from renstra.reports.exports import build_document, write_file

    before = build_document(kind=ReportKind.RENSTRA, organisation=seeded_plan, year=2024)
    assert before.notes == ()
    call_command("seed_rpjmd", "--opd", seeded_plan.code)
    document = build_document(kind=ReportKind.RENSTRA, organisation=seeded_plan, year=2024)
    (note,) = document.notes
    assert note.startswith("Tujuan T1 ")
    assert note.endswith(f'mendukung Sasaran Pemda "{SASARAN_PEMDA}" (RPD 2024-2026).')
    reader = PdfReader(BytesIO(write_file(document, FileFormat.PDF)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert f'Sasaran Pemda "{SASARAN_PEMDA}"' in text
