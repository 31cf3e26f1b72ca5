"""Rencana Aksi: the default split, the page (parsing, locks, versions, audit), and the quarter's
target and capaian on the entry sheet, the verification page and the indicator page."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cascading.choices import Aggregation, Status
from cascading.models import Indicator
from performance.action_plan import save_action_plan
from performance.calculations import default_split
from performance.models import ActionPlanTarget
from performance.services import generate_agreement
from renstra.models import PeriodLock
from tests.factories import RealisationFactory

from .test_agreement import IKU

D = Decimal


@pytest.mark.parametrize(
    ("target", "rule", "expected"),
    [
        # 115 Orang per year, counted per quarter: 28,75 57,5 86,25 115 reached -> whole people.
        (D("115"), Aggregation.SUM, [D("29"), D("29"), D("28"), D("29")]),
        (D("12.0000"), Aggregation.SUM, [D("3"), D("3"), D("3"), D("3")]),
        # 3,7 % reached by the end of the year, rising evenly (to one decimal as the target).
        (D("3.7000"), Aggregation.LAST, [D("0.9"), D("1.9"), D("2.8"), D("3.7")]),
        (D("100"), Aggregation.MAX, [D("25"), D("50"), D("75"), D("100")]),
        (D("50"), Aggregation.AVERAGE, [D("50"), D("50"), D("50"), D("50")]),
    ],
)
def test_default_split(target, rule, expected):
    split = default_split(target, rule)
    assert [split[quarter] for quarter in (1, 2, 3, 4)] == expected
    if rule == Aggregation.SUM:
        assert sum(split.values()) == target


@pytest.fixture
def agreement(office, users):
    return generate_agreement(user=users["planner"], organisation=office, year=2025)


def cells_for(row, values: dict[int, str]) -> dict:
    return {(row.pk, quarter): (text, 0) for quarter, text in values.items()}


def test_save_refuses_bad_cells_and_saves_nothing(agreement, users):
    iku = agreement.targets.get(indicator_name=IKU)
    with pytest.raises(ValidationError) as refused:
        save_action_plan(
            user=users["planner"],
            agreement=agreement,
            cells=cells_for(iku, {1: "0,9", 2: "abc", 3: "400"}),
        )
    messages = str(refused.value)
    assert f"{IKU}, TW II" in messages and "bukan angka" in messages
    assert "TW III" in messages and "antara 0 dan 100" in messages
    assert ActionPlanTarget.objects.count() == 0
    with pytest.raises(PermissionDenied):
        save_action_plan(user=users["head"], agreement=agreement, cells=cells_for(iku, {1: "1"}))


def test_locked_quarter_and_stale_version_are_refused(agreement, users, office):
    iku = agreement.targets.get(indicator_name=IKU)
    planner = users["planner"]
    assert save_action_plan(user=planner, agreement=agreement, cells=cells_for(iku, {1: "1"}))
    PeriodLock.objects.create(organisation=office, year=2025, quarter=2)
    with pytest.raises(ValidationError, match="dikunci"):
        save_action_plan(user=planner, agreement=agreement, cells=cells_for(iku, {2: "2"}))
    with pytest.raises(ValidationError, match="sudah diubah pengguna lain"):
        save_action_plan(user=planner, agreement=agreement, cells=cells_for(iku, {1: "1,5"}))
    record = ActionPlanTarget.objects.get()
    save_action_plan(user=planner, agreement=agreement, cells={(iku.pk, 1): ("1,5", 1)})
    record.refresh_from_db()
    assert (record.value, record.version, record.history.count()) == (D("1.5"), 2, 2)
    assert record.history.first().history_user == planner


def test_page_offers_the_default_split_and_saves(client, agreement, users):
    client.force_login(users["planner"])
    url = reverse("performance:action-plan", args=[agreement.pk])
    iku = agreement.targets.get(indicator_name=IKU)
    page = client.get(url).content.decode()
    assert "usulan 0,9" in page and "usulan 3,7" in page
    keys = {f"ra-{iku.pk}-{quarter}": "" for quarter in (1, 2, 3, 4)}
    filled = client.post(url, {**keys, "bawaan": "1"})
    assert filled.status_code == 200 and 'value="1,9"' in filled.content.decode()
    assert ActionPlanTarget.objects.count() == 0  # offered, not saved
    values = {
        f"ra-{iku.pk}-{quarter}": text for quarter, text in enumerate(["1", "2", "3", "3,7"], 1)
    }
    saved = client.post(url, values)
    assert saved.status_code == 302
    assert [target.value for target in ActionPlanTarget.objects.order_by("quarter")] == [
        D("1"), D("2"), D("3"), D("3.7"),
    ]  # fmt: skip
    bad = client.post(url, {f"ra-{iku.pk}-1": "satu", f"version-ra-{iku.pk}-1": "1"})
    assert bad.status_code == 400 and "bukan angka" in bad.content.decode()
    client.force_login(users["reviewer"])
    assert client.get(url).status_code == 200
    assert client.post(url, values).status_code == 403


def test_quarter_target_drives_the_capaian_on_sheet_verification_and_indicator_page(
    client, agreement, users, office
):
    iku_row = agreement.targets.get(indicator_name=IKU)
    indicator = Indicator.objects.get(pk=iku_row.indicator_id)
    save_action_plan(
        user=users["planner"],
        agreement=agreement,
        cells=cells_for(iku_row, {1: "1", 2: "2", 3: "3", 4: "3,7"}),
    )
    # TW II: the IKU (last value) reached 1,8 against the rencana aksi's 2 -> 90 %;
    # against the year's 3,7 -> 48,65 %.
    realisation = RealisationFactory(
        indicator=indicator, year=2025, quarter=2, value=D("1.8"), status=Status.SUBMITTED
    )
    client.force_login(users["planner"])
    sheet = client.get(reverse("entry:sheet", args=[2025, 2])).content.decode()
    assert "Rencana aksi TW 2: 2" in sheet
    assert "thd. rencana aksi: 90,00 %" in sheet and "48,65 %" in sheet
    client.force_login(users["head"])
    queue = client.get(reverse("entry:verify", args=[2025, 2])).content.decode()
    assert "Rencana aksi TW 2: 2" in queue and "thd. rencana aksi: 90,00 %" in queue
    realisation.status = Status.VERIFIED
    realisation.save()
    page = client.get(reverse("dashboard:indicator", args=[indicator.pk]) + "?tahun=2025")
    text = page.content.decode()
    assert 'data-field="ra-capaian">90,00 %' in text
    assert 'data-field="ra-target">3,7' in text
    # The home page's IKU row says the same, for the quarter shown.
    home = client.get("/", {"tahun": 2025, "tw": 2}).content.decode()
    row = home[home.index(f'<tr data-indicator="{indicator.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Rencana aksi s.d. TW 2: 2" in row
    assert 'data-field="ra-capaian">thd. rencana aksi: 90,00 %' in row
    assert 'data-field="capaian">48,65 %' in row
