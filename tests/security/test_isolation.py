"""Two offices of one city: the users of one cannot read or change the other's data through any
page of the URLconf or any service; city-wide roles read (and administrators change) both."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from rest_framework.authentication import TokenAuthentication

from budgeting.models import BudgetRealisation, Pagu
from budgeting.services import save_budget_realisation
from cascading import workflow
from cascading.models import Indicator, IndicatorTarget, PlanNode, Realisation
from cascading.services import save_realisation
from renstra.entry.selectors import entry_sheet, verification_queue
from renstra.models import PeriodLock
from renstra.permissions import readable_organisations, verify_scope
from renstra.services import lock_period

from .urlconf import all_routes

pytestmark = pytest.mark.django_db

ROLES = ["admin", "planner", "operator", "head", "reviewer"]
# Pages about the signed-in user, not about an office.
NOT_ABOUT_AN_OFFICE = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_set",
    "password_set_done",
    "health",
}
# The API takes tokens, not sessions: tests/api covers it, and test_api_routes below.
TOKEN_ONLY = {"api"}


def office_routes():
    return [
        route
        for route in all_routes()
        if route.name not in NOT_ABOUT_AN_OFFICE and route.namespace not in TOKEN_ONLY | {"admin"}
    ]


# For each page naming rows in its URL: the row of an office each path parameter names.
ROWS = {
    "entry:history": {"kind": lambda office: "indikator", "pk": lambda office: office.verified.pk},
    "entry:evidence": {"pk": lambda office: office.verified.pk},
    "entry:save-row": {"key": lambda office: f"i{office.indicator.pk}"},
    "entry:clear-row": {"key": lambda office: f"i{office.indicator.pk}"},
    "dashboard:indicator": {"pk": lambda office: office.indicator.pk},
    "imports:plan-export": {"period_id": lambda office: office.indicator.node.period_id},
    "api:indicator": {"pk": lambda office: office.indicator.pk},
    "performance:definition": {"pk": lambda office: office.indicator.pk},
    "performance:generate-sub-unit": {
        "unit_id": lambda office: office.organisation.units.filter(parent__isnull=False).first().pk
    },
    **{
        f"performance:{name}": {"pk": lambda office: agreement_of(office).pk}
        for name in (
            "detail",
            "edit",
            "finalise",
            "revise",
            "action-plan",
            "download",
            "action-plan-download",
        )
    },
}


def agreement_of(office):
    """The office's Perjanjian Kinerja 2024 (made on first use)."""
    from performance.models import Agreement

    organisation = office.organisation
    agreement, _created = Agreement.objects.get_or_create(
        organisation=organisation,
        year=2024,
        unit=None,
        number=1,
        defaults={"period": office.indicator.node.period},
    )
    return agreement


def rows_of(office) -> dict[str, dict[str, str]]:
    return {
        name: {parameter: str(row(office)) for parameter, row in parameters.items()}
        for name, parameters in ROWS.items()
    }


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def snapshot(office) -> dict[str, list]:
    """Everything a write could change in an office, as plain values."""
    organisation = office.organisation
    fields = ("id", "value", "grade", "note", "status", "version", "evidence", "verified_by")
    return {
        "realisations": list(
            Realisation.objects.filter(indicator__node__organisation=organisation)
            .order_by("pk")
            .values_list(*fields)
        ),
        "budget": list(
            BudgetRealisation.objects.filter(node__organisation=organisation)
            .order_by("pk")
            .values_list("id", "amount", "note", "status", "version", "verified_by")
        ),
        "nodes": list(
            PlanNode.objects.filter(organisation=organisation)
            .order_by("pk")
            .values_list("id", "code", "name", "unit", "sub_unit")
        ),
        "indicators": list(
            Indicator.objects.filter(node__organisation=organisation)
            .order_by("pk")
            .values_list("id", "name", "satuan", "aggregation", "definition", "formula", "polarity")
        ),
        "targets": list(
            IndicatorTarget.objects.filter(indicator__node__organisation=organisation)
            .order_by("pk")
            .values_list("id", "value", "text")
        ),
        "pagu": list(
            Pagu.objects.filter(node__organisation=organisation)
            .order_by("pk")
            .values_list("id", "amount")
        ),
        "locks": list(PeriodLock.objects.filter(organisation=organisation).values_list("id")),
    }


def posts_against(office) -> list[dict[str, str]]:
    """Form data naming `office`'s rows, as each write form of the app posts it."""
    rows = {}
    for key, record in (
        (f"i{office.indicator.pk}", office.verified),
        (f"i{office.submitted_indicator.pk}", office.submitted),
        (f"b{office.sub_kegiatan.pk}", office.budget),
    ):
        rows |= {
            f"value-{key}": "99",
            f"note-{key}": "bocor",
            f"version-{key}": str(record.version),
            f"shown-value-{key}": "",
        }
    target = {"kind": "indikator", "pk": str(office.submitted.pk), "comment": "bocor"}
    return [
        rows,
        {**target, "action": "verify"},
        {**target, "action": "return"},
        {"kind": "anggaran", "pk": str(office.budget.pk), "action": "return", "comment": "x"},
        {"version": "0", "polarity": "negative", "frequency": "tahunan", "formula": "bocor"},
    ]


def test_every_page_naming_rows_says_which_rows():
    """A new URL with a row id in it must be added to ROWS, so it is tested here."""
    unmapped = [
        route.name
        for route in all_routes()
        if route.namespace != "admin"
        and not set(route.row_parameters) <= set(ROWS.get(route.name, {}))
    ]
    assert unmapped == []


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_another_office(city, role):
    client = logged_in(city.b.users[role])
    rows = rows_of(city.a)
    for route in office_routes():
        url = route.url(rows.get(route.name))
        response = client.get(url, {"opd": city.a.code, "tahun": 2024})
        assert response.status_code in (403, 404, 405), (route.name, response.status_code)
        if route.name in rows:
            response = client.get(url, {"tahun": 2024})
            assert response.status_code in (403, 404, 405), (route.name, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_changes_another_office(city, role):
    before = snapshot(city.a)
    client = logged_in(city.b.users[role])
    rows = rows_of(city.a)
    for route in office_routes():
        url = route.url(rows.get(route.name))
        for data in posts_against(city.a):
            response = client.post(f"{url}?opd={city.a.code}", data)
            assert response.status_code in (403, 404, 405), (route.name, response.status_code)
            # In their own office's context, naming the other office's rows.
            assert client.post(url, data).status_code < 500, route.name
    assert snapshot(city.a) == before


def test_history_of_another_offices_budget_row_is_refused(city):
    client = logged_in(city.b.users["planner"])
    url = reverse("entry:history", args=["anggaran", city.a.budget.pk])
    assert client.get(url).status_code == 403


def test_api_views_take_tokens_only():
    """No API view reads the session cookie, so none can be driven by a cross-site request."""
    for route in all_routes():
        if route.namespace == "api":
            assert route.callback.cls.authentication_classes == [TokenAuthentication]


def test_services_refuse_another_offices_rows(city):
    a, b = city.a, city.b
    draft = save_realisation(
        user=a.users["operator"], indicator=a.indicator, year=2024, quarter=3, value="1"
    )
    before = snapshot(a)
    planner, head, admin = b.users["planner"], b.users["head"], b.users["admin"]
    refused = [
        lambda: save_realisation(
            user=planner, indicator=a.indicator, year=2024, quarter=2, value="5"
        ),
        lambda: save_realisation(
            user=admin, indicator=a.indicator, year=2024, quarter=3, value="5", expected_version=1
        ),
        lambda: save_budget_realisation(
            user=planner, node=a.sub_kegiatan, year=2024, quarter=2, amount="5"
        ),
        lambda: workflow.submit(user=planner, records=[draft]),
        lambda: workflow.verify(user=head, records=[a.submitted]),
        lambda: workflow.send_back(user=head, record=a.verified, comment="bocor"),
        lambda: lock_period(user=admin, organisation=a.organisation, year=2024),
    ]
    for action in refused:
        with pytest.raises(PermissionDenied):
            action()
    assert snapshot(a) == before
    assert list(readable_organisations(planner)) == [b.organisation]
    assert entry_sheet(user=planner, organisation=a.organisation, year=2024, quarter=1).lines == []
    scope = verify_scope(head, a.organisation.pk)
    assert scope.empty
    queue = verification_queue(organisation=a.organisation, scope=scope, year=2024, quarter=1)
    assert queue == []


def test_city_wide_reviewers_read_every_office_and_change_none(city):
    client = logged_in(city.users["city_reviewer"])
    before = snapshot(city.a), snapshot(city.b)
    for office in (city.a, city.b):
        for name in ("home", "dashboard:tree", "reports:index"):
            response = client.get(reverse(name), {"opd": office.code, "tahun": 2024})
            assert response.status_code == 200, name
            assert office.organisation.name in response.content.decode()
        sheet = reverse("entry:sheet", args=[2024, 2])
        assert client.get(sheet, {"opd": office.code}).status_code == 403
        key = f"i{office.indicator.pk}"
        row = reverse("entry:save-row", args=[2024, 2, key])
        response = client.post(f"{row}?opd={office.code}", {f"value-{key}": "5"})
        assert response.status_code == 403
    assert (snapshot(city.a), snapshot(city.b)) == before


def test_city_wide_administrators_enter_values_in_every_office(city):
    client = logged_in(city.users["city_admin"])
    for office in (city.a, city.b):
        key = f"i{office.indicator.pk}"
        row = reverse("entry:save-row", args=[2024, 2, key])
        response = client.post(f"{row}?opd={office.code}", {f"value-{key}": "5"})
        assert response.status_code == 200
        assert Realisation.objects.get(indicator=office.indicator, year=2024, quarter=2).value == 5
