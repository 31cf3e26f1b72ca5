"""Searching by nomenclature code and filtering by year on the changelists."""

import pytest
from django.urls import reverse

from cascading.choices import Level
from cascading.models import IndicatorTarget, PlanNode
from renstra.admin import YearListFilter
from tests.factories import IndicatorFactory, NodeFactory, PaguFactory, TargetFactory, build_chain

pytestmark = pytest.mark.django_db


def changelist(client, name: str, **params):
    response = client.get(reverse(f"admin:{name}_changelist"), params)
    assert response.status_code == 200
    return response.context["cl"]


@pytest.fixture
def chain():
    """Program 1.06.02 with its kegiatan and sub kegiatan, and a sibling program 1.06.03."""
    nodes = build_chain()
    sibling = NodeFactory(parent=nodes[Level.SASARAN], code="1.06.03")
    NodeFactory(parent=NodeFactory(parent=sibling, code="1.06.03.2.01"), code="1.06.03.2.01.01")
    return nodes


def test_code_search_finds_the_program_and_its_descendants(admin_client, chain):
    cl = changelist(admin_client, "cascading_plannode", q="1.06.02")

    assert [node.code for node in cl.result_list] == [
        "1.06.02",
        "1.06.02.2.03",
        "1.06.02.2.03.01",
    ]


def test_code_search_on_the_seeded_plan_finds_the_program_and_its_descendants(
    admin_client, seeded_plan
):
    parents = dict(PlanNode.objects.values_list("pk", "parent_id"))
    programs = set(PlanNode.objects.filter(code="1.06.02").values_list("pk", flat=True))

    def under_program(pk) -> bool:
        while pk is not None and pk not in programs:
            pk = parents[pk]
        return pk is not None

    expected = {pk for pk in parents if under_program(pk)}

    cl = changelist(admin_client, "cascading_plannode", q="1.06.02")

    assert programs
    assert len(expected) > len(programs)
    assert {node.pk for node in cl.queryset} == expected


def test_code_search_accepts_the_four_digit_sub_kegiatan_form(admin_client, chain):
    cl = changelist(admin_client, "cascading_plannode", q="1.06.02.2.03.0001")

    assert [node.code for node in cl.result_list] == ["1.06.02.2.03.01"]


def test_name_search_still_works(admin_client, chain):
    chain[Level.KEGIATAN].name = "Rehabilitasi Sosial Dasar Penyandang Disabilitas"
    chain[Level.KEGIATAN].save()

    cl = changelist(admin_client, "cascading_plannode", q="disabilitas")

    assert list(cl.result_list) == [chain[Level.KEGIATAN]]


def test_code_search_on_rows_below_a_node(admin_client, chain):
    sub_kegiatan = chain[Level.SUB_KEGIATAN]
    target = TargetFactory(indicator=IndicatorFactory(node=sub_kegiatan))
    TargetFactory(indicator=IndicatorFactory(node=PlanNode.objects.get(code="1.06.03")))
    pagu = PaguFactory(node=sub_kegiatan)

    targets = changelist(admin_client, "cascading_indicatortarget", q="1.06.02")
    pagu_rows = changelist(admin_client, "budgeting_pagu", q="1.06.02.2.03.0001")

    assert list(targets.result_list) == [target]
    assert list(pagu_rows.result_list) == [pagu]


def test_year_filter_offers_the_years_present_and_filters(admin_client):
    indicator = IndicatorFactory()
    for year in (2024, 2026):
        TargetFactory(indicator=indicator, year=year)

    everything = changelist(admin_client, "cascading_indicatortarget")
    year_filter = next(f for f in everything.filter_specs if isinstance(f, YearListFilter))
    filtered = changelist(admin_client, "cascading_indicatortarget", year="2026")

    assert year_filter.lookup_choices == [("2024", "2024"), ("2026", "2026")]
    assert list(filtered.result_list) == [IndicatorTarget.objects.get(year=2026)]


def test_year_filter_refuses_a_year_that_is_not_a_number(admin_client):
    TargetFactory()

    response = admin_client.get(
        reverse("admin:cascading_indicatortarget_changelist"), {"year": "x"}
    )

    assert response.status_code == 302
    assert response.url.endswith("?e=1")
