"""The browser writes numbers as the server does: numbers.js over the filter's own table, and the
trend charts' axes with Indonesian decimals."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from renstra.demo import fill_demo_realisations
from renstra.models import Role
from tests.dashboard.conftest import member
from tests.e2e.conftest import log_in, seed_plan
from tests.renstra.test_number_display import CASES

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TICKS = """(id) => Chart.getChart(document.getElementById(id)).scales.y.ticks.map((t) => t.label)"""


def test_numbers_js_and_the_chart_axes_write_numbers_the_indonesian_way(live_server, page):
    organisation = seed_plan()
    fill_demo_realisations(organisation=organisation, today=datetime.date(2025, 1, 1))
    member("kadis", Role.HEAD, organisation)
    log_in(page, live_server, "kadis")
    page.goto(f"{live_server.url}/tren/")
    expect(page.locator("#trends")).to_have_attribute("data-charts", "ready")

    written = page.evaluate(
        "(cases) => cases.map(([v, style]) => RenstraNumbers.format(v, style || undefined))",
        [[value, style] for value, style, _ in CASES],
    )
    assert written == [expected for _, _, expected in CASES]
    # Numbers as JavaScript numbers (Chart.js hands those over) follow the same rules.
    assert page.evaluate("[RenstraNumbers.format(3.5), RenstraNumbers.format(30, '%')]") == [
        "3,5",
        "30,00 %",
    ]

    ticks = page.evaluate(TICKS, "chart-indicator")
    assert ticks, "the indicator chart has no axis"
    assert any(re.fullmatch(r"\d+,\d+", tick) for tick in ticks), ticks
    assert not any(re.fullmatch(r"-?\d+\.\d{1,2}", tick) for tick in ticks), ticks
    percent_ticks = page.evaluate(TICKS, "chart-spm")
    assert percent_ticks and all(tick.endswith(" %") for tick in percent_ticks), percent_ticks
    assert page.evaluate("Chart.defaults.locale") == "id-ID"
