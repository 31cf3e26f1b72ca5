"""Who may open the heads' pages: login required, own office only, links by role."""

import pytest
from django.urls import reverse

from tests.dashboard.conftest import YEAR, client_for
from tests.dashboard.html import one, parse, text

pytestmark = pytest.mark.django_db

PAGES = ["home", "dashboard:tree", "dashboard:trends", "dashboard:trends-data"]


def urls(plan):
    return [reverse(name) for name in PAGES] + [reverse("dashboard:indicator", args=[plan.iku.pk])]


def test_anonymous_users_are_sent_to_login(client, plan):
    for url in urls(plan):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["planner", "head", "operator", "reviewer"])
def test_every_role_of_the_office_reads_every_page(plan, role):
    client = client_for(plan.users[role])
    for url in urls(plan):
        assert client.get(url, {"opd": plan.organisation.code}).status_code == 200, url


def test_another_office_is_refused(plan):
    client = client_for(plan.users["outsider"])
    for name in PAGES:
        assert client.get(reverse(name), {"opd": plan.organisation.code}).status_code == 404
    indicator = reverse("dashboard:indicator", args=[plan.iku.pk])
    response = client.get(indicator)
    assert response.status_code == 403
    assert plan.iku.name not in response.content.decode()


def test_a_user_without_a_role_is_refused(plan):
    client = client_for(plan.users["nobody"])
    for url in urls(plan):
        assert client.get(url).status_code in (403, 404), url


def page_links(plan, role):
    response = client_for(plan.users[role]).get(reverse("home"), {"tahun": YEAR, "tw": 1})
    nav = one(parse(response.content), ".//nav[@class='pages no-print']")
    return {link.get("href").split("?")[0] for link in nav.findall("a")}


def test_links_to_entry_and_verification_follow_the_role(plan):
    sheet = reverse("entry:sheet", args=[YEAR, 1])
    verify = reverse("entry:verify", args=[YEAR, 1])
    assert sheet in page_links(plan, "operator") and verify not in page_links(plan, "operator")
    assert verify in page_links(plan, "head") and sheet not in page_links(plan, "head")
    assert {sheet, verify} & page_links(plan, "reviewer") == set()
    assert sheet in page_links(plan, "planner") and verify not in page_links(plan, "planner")


def test_city_wide_reviewers_choose_the_office(plan):
    other = plan.users["outsider"].membership.organisation
    client = client_for(plan.users["reviewer"])
    root = parse(client.get(reverse("home"), {"opd": plan.organisation.code}).content)
    options = one(root, ".//select[@name='opd']").findall("option")
    assert {option.get("value") for option in options} == {plan.organisation.code, other.code}
    selected = [option for option in options if option.get("selected") is not None]
    assert [option.get("value") for option in selected] == [plan.organisation.code]
    office_users = client_for(plan.users["head"]).get(reverse("home")).content
    assert parse(office_users).find(".//select[@name='opd']") is None
    without_plan = client.get(reverse("home"), {"opd": other.code})
    assert without_plan.status_code == 404
    page = parse(without_plan.content)
    assert other.name in text(one(page, ".//h1"))
    assert "belum memiliki periode Renstra" in text(one(page, ".//div[@role='status']"))
    assert page.find(".//select[@name='opd']") is not None


@pytest.mark.parametrize("name", ["home", "dashboard:tree", "dashboard:trends"])
def test_a_year_outside_every_period_says_so(plan, name):
    response = client_for(plan.users["head"]).get(reverse(name), {"tahun": 2031})
    assert response.status_code == 404
    assert "Tidak ada periode Renstra yang mencakup tahun 2031" in response.content.decode()
