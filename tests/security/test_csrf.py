"""Every page refuses a form POST without a CSRF token; the API reads no session at all."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

from .urlconf import all_routes

pytestmark = pytest.mark.django_db

PAGE_ROUTES = [route for route in all_routes() if route.namespace != "api"]
REFUSED = "Formulir tidak dapat diterima"


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_no_page_is_exempt_from_csrf_checks():
    exempt = [route.name for route in PAGE_ROUTES if getattr(route.callback, "csrf_exempt", False)]
    assert exempt == []


@pytest.mark.parametrize("route", PAGE_ROUTES, ids=lambda route: route.name)
def test_a_post_without_the_token_is_refused_before_the_view_runs(route):
    client = csrf_client(UserFactory(username="super", is_superuser=True, is_staff=True))
    response = client.post(route.url())
    assert response.status_code == 403
    assert [template.name for template in response.templates] == [
        "403_csrf.html",
        "error_base.html",
    ]
    assert REFUSED in response.content.decode()


def test_the_login_form_needs_the_token_too():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403 and REFUSED in response.content.decode()


def test_forms_posted_with_the_token_go_through(city):
    """The refusals above come from the missing token: the same posts with it are accepted."""
    client = csrf_client(city.a.users["planner"])
    sheet = reverse("entry:sheet", args=[2024, 2])
    token = client.get(sheet).cookies["csrftoken"].value
    key = f"i{city.a.indicator.pk}"
    response = client.post(
        sheet, {"csrfmiddlewaretoken": token, f"value-{key}": "4", f"version-{key}": "0"}
    )
    assert response.status_code == 302 and response["Location"].startswith(sheet)
    response = client.post(
        reverse("entry:save-row", args=[2024, 2, key]),
        {f"value-{key}": "5", f"version-{key}": "1"},
        HTTP_X_CSRFTOKEN=token,
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "has-error" not in response.content.decode()
