"""The attention lists of the home page: largest gaps first, the top ten, a link to all."""

import pytest

from cascading import workflow
from cascading.choices import Level
from cascading.models import Indicator, IndicatorTarget
from cascading.services import save_realisation
from renstra.dashboard import selectors
from renstra.dashboard.constants import ATTENTION_SHOWN
from renstra.models import RenstraPeriod
from renstra.numbers import format_decimal
from tests.dashboard.conftest import YEAR, client_for
from tests.dashboard.html import one, parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_target(plan):
    """Every program and kegiatan indicator of 2024 realised at its target in TW 1, verified,
    while almost nothing is spent: each of those nodes' serapan trails its capaian."""
    targets = IndicatorTarget.objects.filter(
        indicator__node__organisation=plan.organisation,
        indicator__node__level__in=[Level.PROGRAM, Level.KEGIATAN],
        indicator__node__period__start_year=YEAR,
        year=YEAR,
        value__isnull=False,
    ).exclude(indicator__in=[plan.ikk, plan.kegiatan_indicator])
    records = [
        save_realisation(
            user=plan.users["planner"],
            indicator=Indicator.objects.get(pk=target.indicator_id),
            year=YEAR,
            quarter=1,
            value=format_decimal(target.value),
        )
        for target in targets
    ]
    workflow.submit(user=plan.users["planner"], records=records)
    workflow.verify(user=plan.users["head"], records=records)
    return plan


def home(plan, **params):
    query = {"opd": plan.organisation.code, "tahun": YEAR, "tw": 1, **params}
    response = client_for(plan.users["head"]).get("/", query)
    assert response.status_code == 200
    return parse(response.content)


def test_budget_gaps_show_the_ten_largest_first_and_link_to_all(on_target):
    period = RenstraPeriod.objects.get(organisation=on_target.organisation, start_year=YEAR)
    gaps = selectors.dashboard(period=period, year=YEAR, quarter=1).flags.budget_gaps
    assert len(gaps) > ATTENTION_SHOWN == 10
    points = [gap.points for gap in gaps]
    assert points == sorted(points, reverse=True)

    root = home(on_target)
    shown = [item.get("data-node") for item in root.findall(".//ul[@id='flag-budget']/li")]
    assert shown == [str(gap.node.node.pk) for gap in gaps[:10]]
    more = one(root, ".//p[@id='more-budget']")
    assert text(more) == f"Ditampilkan 10 dari {len(gaps)}; tampilkan semua"
    link = one(more, ".//a").get("href")
    assert "semua=1" in link and f"opd={on_target.organisation.code}" in link

    everything = home(on_target, semua="1")
    shown = [item.get("data-node") for item in everything.findall(".//ul[@id='flag-budget']/li")]
    assert shown == [str(gap.node.node.pk) for gap in gaps]
    assert not everything.findall(".//p[@id='more-budget']")


def test_a_short_list_has_no_link_to_all(plan):
    root = home(plan, tw=2)
    assert len(root.findall(".//ul[@id='flag-budget']/li")) == 1
    assert not root.findall(".//p[@id='more-budget']")
