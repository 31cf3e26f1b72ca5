"""The read-only JSON API: token authentication, office scoping, figures from the selectors."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from cascading.constants import SUBMITTED_AND_VERIFIED
from cascading.selectors import indicator_history, plan_tree
from cascading.services import save_realisation
from renstra.seed.load import load_plan
from tests.conftest import _seed_data

from .conftest import api_client

pytestmark = pytest.mark.django_db

CENT = Decimal("0.01")


def office_url(name: str, office) -> str:
    return reverse(f"api:{name}", kwargs={"code": office.code})


OFFICE_ENDPOINTS = ["organisation", "tree", "indicators", "capaian", "realisations"]
OFFICE_ENDPOINTS += ["budget-realisations"]


def all_urls(city) -> list[str]:
    return [
        reverse("api:organisations"),
        *(office_url(name, city.a) for name in OFFICE_ENDPOINTS),
        reverse("api:indicator", kwargs={"pk": city.a.indicator.pk}),
    ]


def two_places(value) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def find(nodes: list[dict], node_id: int) -> dict | None:
    for node in nodes:
        if node["id"] == node_id:
            return node
        if (found := find(node["children"], node_id)) is not None:
            return found
    return None


def test_anonymous_requests_are_refused_with_the_token_challenge(city):
    for url in all_urls(city):
        response = APIClient().get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == "Token"
        assert response.json() == {"detail": "Data autentikasi tidak diberikan."}


def test_a_wrong_token_is_refused(city):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert client.get(reverse("api:organisations")).status_code == 401


def test_a_browser_session_does_not_open_the_api(city):
    """The API reads no session cookie, so it has no CSRF exposure and no cookie-based access."""
    client = Client()
    client.force_login(city.a.users["planner"])
    assert client.get(reverse("api:organisations")).status_code == 401


def test_office_users_list_only_their_office(city):
    response = api_client(city.b.users["operator"]).get(reverse("api:organisations"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [office["code"] for office in body["results"]] == ["dinas-b"]
    assert body["results"][0]["url"].endswith(office_url("organisation", city.b))


@pytest.mark.parametrize("role", ["city_reviewer", "city_admin", "superuser"])
def test_city_wide_users_list_every_office(city, role):
    response = api_client(city.users[role]).get(reverse("api:organisations"))
    codes = {office["code"] for office in response.json()["results"]}
    assert codes == {city.a.code, city.b.code}


def test_users_without_a_role_see_no_office(city):
    client = api_client(city.users["nobody"])
    assert client.get(reverse("api:organisations")).json()["count"] == 0
    assert client.get(office_url("tree", city.a)).status_code == 404


def test_office_detail_lists_periods_and_units(city):
    body = api_client(city.a.users["reviewer"]).get(office_url("organisation", city.a)).json()
    assert body["code"] == city.a.code
    assert [(p["start_year"], p["end_year"], p["status"]) for p in body["periods"]] == [
        (2019, 2023, "closed"),
        (2024, 2026, "active"),
    ]
    assert "sekretariat" in {unit["code"] for unit in body["units"]}
    parents = {unit["name"]: unit["parent"] for unit in body["units"]}
    assert parents["Sekretariat"] is None
    assert parents["Sub Bagian Keuangan dan Aset"] == "sekretariat"


def test_tree_figures_are_the_selectors_figures(city):
    response = api_client(city.a.users["reviewer"]).get(
        office_url("tree", city.a), {"tahun": 2024, "tw": 1}
    )
    assert response.status_code == 200
    body = response.json()
    tree = plan_tree(period=city.a.indicator.node.period, year=2024, quarter=1)
    assert (body["year"], body["quarter"], body["statuses"]) == (2024, 1, ["verified"])
    assert Decimal(body["pagu"]) == tree.pagu
    assert Decimal(body["realisasi_anggaran"]) == Decimal("1250000.00") == tree.realisasi_anggaran
    assert Decimal(body["serapan"]) == two_places(tree.serapan)
    assert len(body["nodes"]) == len(tree.roots)
    for figures in tree.walk():
        node = find(body["nodes"], figures.node.pk)
        assert node["code"] == figures.node.code
        assert Decimal(node["pagu"]) == figures.pagu
        assert (node["capaian"] and Decimal(node["capaian"])) == two_places(figures.capaian)
        assert [i["id"] for i in node["indicators"]] == [f.indicator.pk for f in figures.indicators]
    sub = find(body["nodes"], city.a.sub_kegiatan.pk)
    assert sub["level"] == "sub_kegiatan"
    row = next(i for i in sub["indicators"] if i["id"] == city.a.indicator.pk)
    assert Decimal(row["realisation"]) == 12
    assert row["quarters_entered"] == [1]
    expected = tree.nodes[city.a.sub_kegiatan.pk].indicators[0]
    assert Decimal(row["capaian"]) == two_places(expected.capaian)
    assert row["predikat"] == (expected.predikat.label if expected.predikat else None)


def test_tree_counts_verified_values_unless_submitted_ones_are_asked_for(city):
    client = api_client(city.a.users["reviewer"])
    url = office_url("tree", city.a)

    def submitted_row(params):
        indicator = city.a.submitted_indicator
        node = find(client.get(url, params).json()["nodes"], indicator.node_id)
        return next(i for i in node["indicators"] if i["id"] == indicator.pk)

    assert submitted_row({"tahun": 2024, "tw": 1})["realisation"] is None
    row = submitted_row({"tahun": 2024, "tw": 1, "status": "submitted"})
    assert Decimal(row["realisation"]) == 7


def test_capaian_per_year_comes_from_indicator_history(city):
    client = api_client(city.a.users["head"])
    response = client.get(office_url("capaian", city.a), {"tahun": 2025, "page_size": 500})
    assert response.status_code == 200
    body = response.json()
    history = indicator_history(period=city.a.indicator.node.period)
    assert body["count"] == len(history)
    item = next(i for i in body["results"] if i["id"] == city.a.indicator.pk)
    expected = next(h for h in history if h.indicator.pk == city.a.indicator.pk)
    assert [year["year"] for year in item["years"]] == [2024, 2025, 2026]
    for shown, figures in zip(item["years"], expected.years, strict=True):
        assert (shown["capaian"] and Decimal(shown["capaian"])) == two_places(figures.capaian)
        assert (shown["target"] and Decimal(shown["target"])) == figures.target
        assert shown["target_text"] == figures.target_text
    assert Decimal(item["years"][0]["realisation"]) == 12


def test_capaian_of_the_previous_period_has_the_printed_realisations(city):
    """Tabel 2.5's printed R (seeded as verified TW IV values) comes back through the API."""
    body = (
        api_client(city.a.users["reviewer"])
        .get(office_url("capaian", city.a), {"tahun": 2020})
        .json()
    )
    years = {year["year"] for item in body["results"] for year in item["years"]}
    assert years == {2019, 2020, 2021, 2022, 2023}
    realised = [y for item in body["results"] for y in item["years"] if y["realisation"]]
    assert realised and all(y["capaian"] is not None for y in realised if y["target"])


def test_indicators_carry_their_rules_and_targets(city):
    body = (
        api_client(city.a.users["operator"])
        .get(office_url("indicators", city.a), {"tahun": 2024, "page_size": 500})
        .json()
    )
    item = next(i for i in body["results"] if i["id"] == city.a.indicator.pk)
    indicator = city.a.indicator
    assert item["code"] == indicator.code and item["satuan"] == indicator.satuan
    assert item["aggregation"] == indicator.aggregation
    assert [t["year"] for t in item["targets"]] == [2024, 2025, 2026]
    assert Decimal(item["targets"][0]["value"]) == indicator.targets.get(year=2024).value
    iku = [i for i in body["results"] if i["is_iku"]]
    assert iku and iku[0]["level"] == "sasaran"


def test_realisations_are_verified_by_default_and_never_drafts(city):
    save_realisation(
        user=city.a.users["operator"], indicator=city.a.indicator, year=2024, quarter=2, value="3"
    )
    client = api_client(city.a.users["reviewer"])
    url = office_url("realisations", city.a)
    verified = client.get(url, {"tahun": 2024}).json()
    assert [(r["indicator"], r["quarter"], r["status"]) for r in verified["results"]] == [
        (city.a.indicator.pk, 1, "verified")
    ]
    assert Decimal(verified["results"][0]["value"]) == 12
    both = client.get(url, {"tahun": 2024, "status": "submitted"}).json()
    assert {r["status"] for r in both["results"]} == set(SUBMITTED_AND_VERIFIED)
    assert "draft" not in {r["status"] for r in both["results"]}
    assert client.get(url, {"tahun": 2024, "tw": 2}).json()["count"] == 0
    earlier = client.get(url, {"tahun": 2020}).json()
    assert earlier["count"] > 0 and {r["quarter"] for r in earlier["results"]} == {4}


def test_budget_realisations(city):
    body = (
        api_client(city.b.users["planner"])
        .get(office_url("budget-realisations", city.b), {"tahun": 2024, "tw": 1})
        .json()
    )
    assert body["count"] == 1
    row = body["results"][0]
    assert row["node"] == city.b.sub_kegiatan.pk
    assert row["amount"] == "2000000.00" and row["status"] == "verified"


def test_indicator_detail_has_rules_targets_and_figures_per_year(city):
    body = (
        api_client(city.a.users["reviewer"])
        .get(reverse("api:indicator", kwargs={"pk": city.a.indicator.pk}))
        .json()
    )
    assert body["id"] == city.a.indicator.pk
    assert [t["year"] for t in body["targets"]] == [2024, 2025, 2026]
    assert [y["year"] for y in body["years"]] == [2024, 2025, 2026]
    assert Decimal(body["years"][0]["realisation"]) == 12


@pytest.mark.parametrize("name", OFFICE_ENDPOINTS)
@pytest.mark.parametrize("role", ["admin", "planner", "operator", "head", "reviewer"])
def test_another_offices_data_is_not_found(city, name, role):
    response = api_client(city.b.users[role]).get(office_url(name, city.a), {"tahun": 2024})
    assert response.status_code == 404
    assert response.json() == {"detail": "Data tidak ditemukan."}


@pytest.mark.parametrize("role", ["admin", "planner", "operator", "head", "reviewer"])
def test_another_offices_indicator_is_not_found(city, role):
    client = api_client(city.b.users[role])
    url = reverse("api:indicator", kwargs={"pk": city.a.indicator.pk})
    assert client.get(url).status_code == 404
    own = reverse("api:indicator", kwargs={"pk": city.b.indicator.pk})
    assert client.get(own).status_code == 200


def test_lists_are_paged(city):
    client = api_client(city.a.users["reviewer"])
    url = office_url("indicators", city.a)
    first = client.get(url, {"tahun": 2024, "page_size": 10}).json()
    assert first["count"] > 10 and len(first["results"]) == 10
    assert first["previous"] is None and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert {i["id"] for i in first["results"]}.isdisjoint(i["id"] for i in second["results"])
    assert len(client.get(url, {"page_size": 10000}).json()["results"]) <= 500


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("tree", {"status": "draft"}, "status"),
        ("tree", {"tw": "5"}, "tw"),
        ("tree", {"tahun": "dua"}, "tahun"),
        ("realisations", {"tw": "0"}, "tw"),
        ("capaian", {"status": "semua"}, "status"),
    ],
)
def test_bad_parameters_are_refused_in_indonesian(city, name, params, field):
    response = api_client(city.a.users["reviewer"]).get(office_url(name, city.a), params)
    assert response.status_code == 400
    message = response.json()[field][0]
    assert "harus" in message or "tidak valid" in message


def test_a_year_outside_every_period_is_not_found(city):
    client = api_client(city.a.users["reviewer"])
    assert client.get(office_url("tree", city.a), {"tahun": 2031}).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(city, method):
    client = api_client(city.users["superuser"])
    for url in all_urls(city):
        assert getattr(client, method)(url, {}, format="json").status_code == 405, url


def test_a_token_from_the_management_command_opens_the_api(city, capsys):
    call_command("drf_create_token", city.a.users["reviewer"].username)
    key = Token.objects.get(user=city.a.users["reviewer"]).key
    assert key in capsys.readouterr().out
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(reverse("api:organisations")).json()["count"] == 1


def test_each_token_has_a_request_budget(city, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    client = api_client(city.a.users["reviewer"])
    codes = [client.get(reverse("api:organisations")).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    other = api_client(city.b.users["reviewer"])
    assert other.get(reverse("api:organisations")).status_code == 200


def test_the_tree_costs_the_same_queries_with_more_offices(city):
    client = api_client(city.a.users["reviewer"])
    url = office_url("tree", city.a)
    with CaptureQueriesContext(connection) as two_offices:
        assert client.get(url, {"tahun": 2024}).status_code == 200
    load_plan(_seed_data(), organisation_code="dinas-c")
    with CaptureQueriesContext(connection) as three_offices:
        assert client.get(url, {"tahun": 2024}).status_code == 200
    assert len(three_offices) == len(two_offices)
