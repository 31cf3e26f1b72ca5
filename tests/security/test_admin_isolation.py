"""The admin, opened to office administrators and planners by role, shows and changes only their
office's rows: every object page of every registered model, with the other office's ids."""

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from renstra.admin_scope import office_path_of

from .urlconf import all_routes

pytestmark = pytest.mark.django_db

ADMIN_ROLES = ["admin", "planner"]
_OBJECT_PAGE = re.compile(r"^admin:(?P<prefix>\w+)_(?P<page>change|history|delete)$")


def registered_by_prefix() -> dict[str, type]:
    return {f"{m._meta.app_label}_{m._meta.model_name}": m for m in admin.site._registry}


def office_rows(model, office):
    path = office_path_of(model)
    if path is None:
        return model.objects.none()
    return model.objects.filter(**{path: office.organisation.pk})


def object_pages(office) -> list[tuple[str, str, type]]:
    """(route name, URL) of every admin object page, for a row of `office` of its model."""
    models = registered_by_prefix()
    pages = []
    for route in all_routes():
        match = _OBJECT_PAGE.match(route.name)
        if match is None or match["prefix"] not in models:
            continue
        model = models[match["prefix"]]
        row = office_rows(model, office).order_by("pk").first()
        if row is not None:
            pages.append((route.name, route.url({"object_id": str(row.pk)}), model))
    return pages


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_office_model_of_the_admin_has_a_row_to_try(city):
    """The seeded offices give each office-owned admin model rows, so the tests below try them."""
    names = {model._meta.model_name for _name, _url, model in object_pages(city.a)}
    assert {"plannode", "indicator", "indicatortarget", "pagu", "unit", "renstraperiod"} <= names


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_no_admin_object_page_opens_another_offices_row(city, role):
    client = logged_in(city.b.users[role])
    index = reverse("admin:index")
    for name, url, _model in object_pages(city.a):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (name, response.status_code)
        if response.status_code == 302:
            assert response["Location"] == index, name


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_no_admin_list_shows_another_offices_rows(city, role):
    client = logged_in(city.b.users[role])
    for model in registered_by_prefix().values():
        theirs = set(office_rows(model, city.a).values_list("pk", flat=True))
        if not theirs:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        if response.status_code != 200:
            assert response.status_code in (302, 403), url
            continue
        shown = set(response.context["cl"].queryset.values_list("pk", flat=True))
        assert not shown & theirs, url
