"""An office administrator or planner sees in the admin only their own office: its rows in list
filters, in form dropdowns and in autocompletes, and its users; ids of another office posted by
hand are refused.

Both offices load the same seed, so their names are alike: everything outside office A (office
B's name, units, periods, plan nodes, indicators, SPM services, and every user who is not a
member of office A, the superuser included) is first renamed with a marker the pages must not
show.
"""

import json
import re
from html.parser import HTMLParser
from itertools import product

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import Client
from django.urls import reverse

from cascading.models import Indicator, PlanNode
from renstra.models import Membership, Organisation, RenstraPeriod, Role, Unit
from spm.models import SpmService

from .test_admin_isolation import office_rows, registered_by_prefix

pytestmark = pytest.mark.django_db

MARK = "Zzb"
ADMIN_ROLES = ["admin", "planner"]


def _mark(queryset, field: str) -> None:
    queryset.update(**{field: Concat(Value(f"{MARK} "), F(field))})


@pytest.fixture
def marked(city):
    """Office B and every user outside office A carry the marker in their names."""
    b = city.b.organisation
    Organisation.objects.filter(pk=b.pk).update(
        name=f"{MARK} Dinas Lain", short_name=f"{MARK} Dinas Lain"
    )
    _mark(Unit.objects.filter(organisation=b), "name")
    _mark(RenstraPeriod.objects.filter(organisation=b), "name")
    _mark(PlanNode.objects.filter(organisation=b), "name")
    _mark(Indicator.objects.filter(node__organisation=b), "name")
    _mark(SpmService.objects.filter(organisation=b), "name")
    outsiders = get_user_model().objects.exclude(membership__organisation=city.a.organisation)
    _mark(outsiders, "username")
    return city


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class _Selects(HTMLParser):
    """The texts of every <option> of a page, and the filter sidebar's text."""

    def __init__(self):
        super().__init__()
        self.options: list[str] = []
        self.filter_text: list[str] = []
        self._option = False
        self._filter_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "option":
            self._option = True
            self.options.append("")
        if self._filter_depth:
            self._filter_depth += tag not in ("input", "br", "img", "meta", "link")
        elif dict(attrs).get("id") == "changelist-filter":
            self._filter_depth = 1

    def handle_endtag(self, tag):
        if tag == "option":
            self._option = False
        if self._filter_depth:
            self._filter_depth -= 1

    def handle_data(self, data):
        if self._option:
            self.options[-1] += data
        if self._filter_depth:
            self.filter_text.append(data)


def parsed(response) -> _Selects:
    parser = _Selects()
    parser.feed(response.content.decode())
    return parser


def _admin_url(model, page: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def _changelists():
    return list(registered_by_prefix().values())


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_list_filters_name_only_the_own_office(marked, role):
    client = logged_in(marked.a.users[role])
    shown = 0
    for model in _changelists():
        response = client.get(_admin_url(model, "changelist"))
        if response.status_code != 200:
            assert response.status_code in (302, 403), model
            continue
        page = parsed(response)
        sidebar = " ".join(page.filter_text)
        shown += bool(sidebar.strip())
        assert MARK not in sidebar, (model, sidebar)
        for spec in response.context["cl"].filter_specs:
            for choice in getattr(spec, "lookup_choices", []):
                assert MARK not in str(choice), (model, choice)
    assert shown >= 10


def test_office_filters_still_offer_the_own_office(marked):
    client = logged_in(marked.a.users["admin"])

    response = client.get(_admin_url(PlanNode, "changelist"))

    sidebar = " ".join(parsed(response).filter_text)
    office = marked.a.organisation
    names = [str(period) for period in RenstraPeriod.objects.filter(organisation=office)]
    names += [unit.name for unit in Unit.objects.filter(organisation=office)]
    assert len(names) > 3
    assert [name for name in names if name not in sidebar] == []


def test_city_wide_administrator_still_filters_every_office(marked):
    client = logged_in(marked.users["city_admin"])

    response = client.get(_admin_url(Unit, "changelist"))

    assert f"{MARK} Dinas Lain" in " ".join(parsed(response).filter_text)


def _form_pages(office) -> list[str]:
    """The add page of every model, and the change page of a row of `office` for each."""
    urls = []
    for model in _changelists():
        urls.append(_admin_url(model, "add"))
        row = office_rows(model, office).order_by("pk").first()
        if row is not None:
            urls.append(_admin_url(model, "change", row.pk))
    return urls


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_form_dropdowns_offer_only_the_own_office(marked, role):
    client = logged_in(marked.a.users[role])
    opened = 0
    for url in _form_pages(marked.a):
        response = client.get(url)
        if response.status_code != 200:
            assert response.status_code in (302, 403), url
            continue
        opened += 1
        options = parsed(response).options
        assert not [option for option in options if MARK in option], url
    assert opened >= 10


def test_membership_user_dropdown_holds_only_the_offices_users(marked):
    client = logged_in(marked.a.users["admin"])
    membership = Membership.objects.get(user=marked.a.users["operator"])

    for url in (_admin_url(Membership, "add"), _admin_url(Membership, "change", membership.pk)):
        field = client.get(url).context["adminform"].form.fields.get("user")
        if field is None:
            continue
        users = set(field.queryset.values_list("username", flat=True))
        assert users <= set(
            get_user_model()
            .objects.filter(membership__organisation=marked.a.organisation)
            .values_list("username", flat=True)
        ), url
        assert not any(MARK in name for name in users)


def _autocomplete_fields():
    """(app label, model name, field name) of every autocomplete of the admin."""
    fields = []
    for model, model_admin in admin.site._registry.items():
        for name in model_admin.autocomplete_fields:
            fields.append((model._meta.app_label, model._meta.model_name, name))
    return fields


AUTOCOMPLETE_TERMS = ["", "1.06", "Jumlah", "abc", "²", "١٢", "-1", "99999999999999"]


def test_autocompletes_return_only_the_own_office(marked):
    client = logged_in(marked.a.users["admin"])
    fields = _autocomplete_fields()
    assert len(fields) >= 5
    answered = 0
    for (app_label, model_name, field_name), term in product(fields, AUTOCOMPLETE_TERMS):
        response = client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": app_label,
                "model_name": model_name,
                "field_name": field_name,
                "term": term,
            },
        )
        assert response.status_code in (200, 403), (model_name, field_name, term)
        if response.status_code != 200:
            continue
        answered += 1
        results = json.loads(response.content)["results"]
        assert not [item for item in results if MARK in item["text"]], (model_name, field_name)
    assert answered >= 4 * len(AUTOCOMPLETE_TERMS)
    node = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cascading", "model_name": "indicator", "field_name": "node", "term": ""},
    )
    ids = {int(item["id"]) for item in json.loads(node.content)["results"]}
    assert ids
    own = PlanNode.objects.filter(organisation=marked.a.organisation)
    assert ids <= set(own.values_list("pk", flat=True))


def _errors(response) -> dict:
    return response.context["adminform"].form.errors


def test_posting_another_offices_unit_or_period_is_refused(marked):
    client = logged_in(marked.a.users["admin"])
    node = PlanNode.objects.filter(organisation=marked.a.organisation, unit__isnull=False).first()
    other_unit = Unit.objects.filter(organisation=marked.b.organisation).first()
    other_period = RenstraPeriod.objects.filter(organisation=marked.b.organisation).first()

    response = client.post(
        _admin_url(PlanNode, "change", node.pk),
        {
            "organisation": marked.a.organisation.pk,
            "period": other_period.pk,
            "level": node.level,
            "parent": node.parent_id or "",
            "code": node.code,
            "name": node.name,
            "sasaran": node.sasaran,
            "unit": other_unit.pk,
            "unit_label": node.unit_label,
            "indicators-TOTAL_FORMS": "0",
            "indicators-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert {"period", "unit"} <= set(_errors(response))
    node.refresh_from_db()
    assert node.unit.organisation == marked.a.organisation


def test_office_administrator_cannot_pull_another_user_into_the_office(marked):
    client = logged_in(marked.a.users["admin"])
    for outsider in ("superuser", "nobody", "city_admin"):
        user = marked.users[outsider]
        had = Membership.objects.filter(user=user).values_list("role", "organisation_id").first()

        response = client.post(
            _admin_url(Membership, "add"),
            {"user": user.pk, "role": Role.REVIEWER, "organisation": marked.a.organisation.pk},
        )

        assert response.status_code == 200, outsider
        assert "user" not in response.context["adminform"].form.fields
        assert _errors(response), outsider
        now = Membership.objects.filter(user=user).values_list("role", "organisation_id").first()
        assert now == had


def test_office_administrator_cannot_take_a_user_of_another_office(marked):
    client = logged_in(marked.a.users["admin"])
    own = Membership.objects.get(user=marked.a.users["reviewer"])
    theirs = marked.b.users["operator"]

    response = client.post(
        _admin_url(Membership, "change", own.pk),
        {"user": theirs.pk, "role": Role.REVIEWER, "organisation": marked.a.organisation.pk},
    )

    assert response.status_code == 200
    assert "user" in _errors(response)
    assert Membership.objects.get(user=theirs).organisation == marked.b.organisation


def test_a_non_numeric_autocomplete_value_is_a_form_error(marked):
    client = logged_in(marked.a.users["admin"])
    for value in ("abc", "²", "99999999999999999999", "-1"):
        response = client.post(
            _admin_url(Indicator, "add"),
            {
                "node": value,
                "order": "1",
                "name": "Indikator uji",
                "satuan": "Orang",
                "targets-TOTAL_FORMS": "0",
                "targets-INITIAL_FORMS": "0",
                "realisations-TOTAL_FORMS": "0",
                "realisations-INITIAL_FORMS": "0",
            },
        )

        assert response.status_code == 200, value
        errors = _errors(response)
        assert re.search("pilihan yang valid", " ".join(errors["node"])), value
        assert not Indicator.objects.filter(name="Indikator uji").exists()


def _new_colleague(client, organisation, unit, username="operator-baru"):
    return client.post(
        _admin_url(Membership, "add"),
        {
            "username": username,
            "first_name": "Sari",
            "last_name": "Utami",
            "password1": "Sandi-Kuat-2025!",
            "password2": "Sandi-Kuat-2025!",
            "role": Role.OPERATOR,
            "organisation": organisation.pk,
            "unit": unit.pk,
        },
    )


def test_office_administrator_creates_a_colleague_inside_the_office(marked):
    client = logged_in(marked.a.users["admin"])
    office = marked.a.organisation
    unit = Unit.objects.filter(organisation=office).first()

    response = _new_colleague(client, office, unit)

    assert response.status_code == 302
    user = get_user_model().objects.get(username="operator-baru")
    assert (user.membership.role, user.membership.organisation, user.membership.unit) == (
        Role.OPERATOR,
        office,
        unit,
    )
    assert user.check_password("Sandi-Kuat-2025!")
    assert not (user.is_staff or user.is_superuser)
    listed = client.get(_admin_url(Membership, "changelist")).content.decode()
    assert "operator-baru" in listed


def test_a_colleague_cannot_be_created_in_another_office_or_under_a_taken_name(marked):
    client = logged_in(marked.a.users["admin"])
    other = marked.b.organisation
    users_before = get_user_model().objects.count()

    elsewhere = _new_colleague(client, other, Unit.objects.filter(organisation=other).first())
    taken = _new_colleague(
        client,
        marked.a.organisation,
        Unit.objects.filter(organisation=marked.a.organisation).first(),
        username=marked.a.users["operator"].username.upper(),
    )

    assert elsewhere.status_code == 200
    assert {"organisation", "unit"} <= set(_errors(elsewhere))
    assert taken.status_code == 200
    assert _errors(taken)["username"] == ["Nama pengguna ini sudah dipakai."]
    assert get_user_model().objects.count() == users_before
