"""Every URL of the URLconf refuses anonymous visitors, except the ones listed here."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from .urlconf import all_routes

pytestmark = pytest.mark.django_db

ROUTES = all_routes()

# What answers anonymous visitors, and why.
PUBLIC = {
    "login": "the login page itself",
    "admin:login": "the admin's login page",
    "health": "monitoring: {'status': 'ok'} and nothing else",
    "city:public": "the city's public page: 404 until Bappeda turns it on (tests/citywide)",
    "password_set": "an invited user's password-set link: the signed token is the credential",
    "password_set_done": "says the password was saved, and links to the login page",
}
# Logging out needs a POST; a GET is refused before anything is read.
LOGOUT = {"logout": "login", "admin:logout": "admin:index"}


def login_pages() -> set[str]:
    return {resolve_url(settings.LOGIN_URL), reverse("admin:login")}


def test_every_route_gets_a_url_that_resolves_back_to_it():
    for route in ROUTES:
        assert route.resolves_to_itself(route.url()), route.name


def test_the_public_and_logout_lists_name_existing_routes():
    names = {route.name for route in ROUTES}
    assert set(PUBLIC) <= names and set(LOGOUT) <= names


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_anonymous_visitors_are_sent_to_log_in(route, method):
    response = getattr(Client(), method)(route.url())
    if route.name in PUBLIC:
        assert response.status_code in (200, 404, 405)
    elif route.name in LOGOUT:
        if method == "get" and route.name == "logout":
            assert response.status_code == 405
        else:
            assert response.status_code == 302
            assert response["Location"] == reverse(LOGOUT[route.name])
    elif route.namespace == "api":
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
    else:
        assert response.status_code == 302, route.name
        location = response["Location"]
        assert location.split("?", 1)[0] in login_pages(), route.name
        assert "next=" in location


def test_the_health_endpoint_reveals_nothing_but_its_status():
    response = Client().get(reverse("health"))
    assert response.json() == {"status": "ok", "database": "ok"}
