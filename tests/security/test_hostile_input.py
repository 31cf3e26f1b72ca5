"""Hostile input never gives a 500: every URL of the URLconf, every form and the API, with NUL
and control characters, non-ASCII digits, huge and negative numbers, paths, SQL and emoji in
every parameter, as an office administrator and as an operator.

The walk first opens every page with plausible values and collects what the pages offer: the
query keys of their links and the fields of their forms (by the URL the form posts to). Then
hypothesis sends each route hostile values for its path parameters, its query keys and, for
routes that take a POST, its form fields. Each request runs in a savepoint rolled back after
it, so one example (an admin delete, a lock) cannot change what the next one sees. A response
of 500 and an exception raised by the view both count as failures; all are reported together.
"""

import copy
import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve
from django.urls.converters import IntConverter, PathConverter, StringConverter
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from .test_admin_isolation import office_rows, registered_by_prefix
from .urlconf import Route, all_routes

pytestmark = pytest.mark.django_db

# The first is what hypothesis tries first for every key: a digit `isdigit()` takes and `int()`
# refuses.
HOSTILE = [
    "²",
    "",
    "\x00",
    "1\x00",
    "a\x00b",
    "\x01",
    "\x1b[31m",
    "\x7f",
    "2024²",
    "١٢",
    "٢٠٢٤",
    "１",
    "-1",
    "-0",
    "0",
    "1e9",
    "1.5",
    " 1",
    "99999",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999999",
    "../",
    "../../../etc/passwd",
    "..%2f..%2fx",
    "' OR '1'='1",
    "1; DROP TABLE renstra_organisation; --",
    '"><script>alert(1)</script>',
    "😀",
    "\u202etxt.exe",
    "NaN",
    "None",
    "x" * 3000,
]
hostile = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12))

# Query keys the product's pages read, tried on every route besides those its pages link to.
COMMON_KEYS = ("opd", "tahun", "tw", "unit", "status", "kertas", "termasuk", "indikator", "q")
# Admin list keys (search, order, page, popup, related-lookup) and its autocomplete's.
ADMIN_KEYS = ("q", "o", "p", "e", "all", "_popup", "_to_field", "_changelist_filters")
AUTOCOMPLETE_KEYS = ("app_label", "model_name", "field_name", "term", "page")
# Fields of a confirm request of django-import-export, which no page shows without an upload.
IMPORT_CONFIRM_FIELDS = (
    "import_file_name",
    "original_file_name",
    "format",
    "resource",
    "organisation",
    "status",
    "period",
)
# Examples per route and method: the product's own pages get more than the admin's many
# generated pages; the walk of both users stays near a minute on two idle cores.
EXAMPLES = {"app": 5, "admin": 2}


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)


class _PageParser(HTMLParser):
    """Forms (method, action, fields with their first value) and link query keys of a page."""

    def __init__(self, url: str):
        super().__init__()
        self.url = url
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(urljoin(self.url, attributes["href"]))
        elif tag == "form":
            action = urljoin(self.url, attributes.get("action") or self.url)
            self._form = Form((attributes.get("method") or "get").lower(), action)
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea", "button") and self._form is not None:
            name = attributes.get("name")
            if not name:
                return
            if attributes.get("type") == "file":
                self._form.files.add(name)
            else:
                self._form.fields.setdefault(name, attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


@dataclass
class Surface:
    """What the pages offer per route name: query keys and values, and posted form fields."""

    query: dict[str, dict[str, str]] = field(default_factory=dict)
    forms: dict[str, dict[str, str]] = field(default_factory=dict)
    files: dict[str, set[str]] = field(default_factory=dict)

    def add_link(self, url: str) -> None:
        parts = urlsplit(url)
        name = _route_name(parts.path)
        if name is not None:
            self.query.setdefault(name, {}).update(parse_qsl(parts.query, keep_blank_values=True))

    def add_form(self, form: Form) -> None:
        parts = urlsplit(form.action)
        name = _route_name(parts.path)
        if name is None:
            return
        if form.method == "post":
            self.forms.setdefault(name, {}).update(form.fields)
            self.files.setdefault(name, set()).update(form.files)
        else:
            self.query.setdefault(name, {}).update(form.fields)
        self.add_link(form.action)


def _route_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


@dataclass
class Failure:
    route: str
    method: str
    url: str
    data: dict
    outcome: str

    def __str__(self) -> str:
        shown = {key: value[:40] for key, value in self.data.items() if isinstance(value, str)}
        return f"{self.route} {self.method} {self.url[:120]!r} {shown!r}: {self.outcome}"


def _plausible_urls(city) -> dict[str, str]:
    """Each route's URL with real values of office A: ids of its rows, its code, its years."""
    office = city.a
    values = {
        "year": "2024",
        "quarter": "1",
        "code": office.code,
        "pk": str(office.indicator.pk),
        "period_id": str(office.indicator.node.period_id),
        "key": f"i{office.indicator.pk}",
        "kind": "indikator",
    }
    models = registered_by_prefix()
    urls = {}
    for route in all_routes():
        route_values = dict(values)
        prefix = re.match(r"^admin:(\w+?)_(change|history|delete)$", route.name)
        if prefix and prefix[1] in models:
            row = office_rows(models[prefix[1]], office).order_by("pk").first()
            if row is not None:
                route_values["object_id"] = str(row.pk)
        if route.name == "entry:evidence":
            route_values["pk"] = str(office.verified.pk)
        if route.name == "entry:history":
            route_values["pk"] = str(office.verified.pk)
        urls[route.name] = route.url(route_values)
    return urls


def _explore(client: Client, urls: list[str]) -> Surface:
    """Open every page once and collect its links and forms."""
    surface = Surface()
    for url in urls:
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith("text/html"):
            continue
        parser = _PageParser("http://testserver" + url)
        parser.feed(response.content.decode("utf-8", "replace"))
        for link in parser.links:
            surface.add_link(link)
        for form in parser.forms:
            surface.add_form(form)
    return surface


def _path_strategy(route: Route, urls: dict[str, str]):
    """The route's URL with each path parameter plausible or hostile (when the converter
    accepts the hostile text; else the URL would only answer 404 before any view)."""
    parameters = {}
    for name, converter in route.converters.items():
        fitting = [
            quote(text, safe="")
            for text in HOSTILE
            if text and re.fullmatch(converter.regex, quote(text, safe=""))
        ]
        if isinstance(converter, StringConverter | PathConverter):
            fitting += [quote(text, safe="") for text in ("\x00", "a\x00b", "²", "../x")]
        if isinstance(converter, IntConverter):
            fitting += ["0", "2147483648", "99999999999999999999"]
        if fitting:
            parameters[name] = st.sampled_from(fitting)
    plausible = urls[route.name]
    if not parameters:
        return st.just(plausible)
    return st.fixed_dictionaries(
        {name: st.one_of(st.none(), values) for name, values in parameters.items()}
    ).map(lambda chosen: _fill(route, plausible, chosen))


def _fill(route: Route, plausible: str, chosen: dict) -> str:
    if not any(chosen.values()):
        return plausible
    try:
        current = resolve(plausible).kwargs
    except Resolver404:
        current = {}
    values = {name: str(value) for name, value in current.items()}
    values.update({name: value for name, value in chosen.items() if value})
    url = route.url(values)
    return url


def _values(keys: dict[str, str]):
    """Each key absent, plausible (its page's value) or hostile."""
    return st.fixed_dictionaries(
        {key: st.one_of(hostile, st.just(value), st.none()) for key, value in keys.items()}
    ).map(lambda chosen: {key: value for key, value in chosen.items() if value is not None})


class Walk:
    def __init__(self, client: Client, urls: dict[str, str], surface: Surface, token: str):
        self.client = client
        # The API takes a token, as an integration sends it, not the session.
        self.api_headers = {"Authorization": f"Token {token}"}
        self.urls = urls
        self.surface = surface
        self.failures: list[Failure] = []
        self.requests = 0
        self.tried: set[str] = set()

    def send(self, route: Route, method: str, url: str, data: dict) -> None:
        self.requests += 1
        self.tried.add(route.name)
        # A logout or a password change must not end the walk's session.
        cookies = copy.deepcopy(self.client.cookies)
        try:
            headers = self.api_headers if route.namespace == "api" else {}
            with transaction.atomic():
                if method == "get":
                    response = self.client.get(url, data, headers=headers)
                else:
                    response = self.client.post(url, data, headers=headers)
                transaction.set_rollback(True)
        except Exception as error:  # noqa: BLE001 - every exception of a view is a failure
            self.failures.append(Failure(route.name, method, url, data, repr(error)[:300]))
            return
        finally:
            self.client.cookies = cookies
        if response.status_code >= 500:
            self.failures.append(Failure(route.name, method, url, data, str(response.status_code)))

    def query_keys(self, route: Route) -> dict[str, str]:
        keys = dict.fromkeys(COMMON_KEYS, "")
        if route.namespace == "admin":
            keys.update(dict.fromkeys(ADMIN_KEYS, ""))
        if route.name == "admin:autocomplete":
            keys.update(dict.fromkeys(AUTOCOMPLETE_KEYS, ""))
        keys.update(self.surface.query.get(route.name, {}))
        return keys

    def form_fields(self, route: Route) -> dict[str, str]:
        fields = dict(self.surface.forms.get(route.name, {}))
        if route.name.endswith("_process_import"):
            fields.update(dict.fromkeys(IMPORT_CONFIRM_FIELDS, ""))
        if not fields:
            fields = dict.fromkeys(COMMON_KEYS, "")
        fields.pop("csrfmiddlewaretoken", None)
        return fields

    def takes_post(self, route: Route) -> bool:
        """The product's routes are all tried with POST; the admin's where a page posts to
        them, and its import confirmation, which a crafted request reaches directly."""
        if route.namespace != "admin":
            return True
        return route.name in self.surface.forms or route.name.endswith("_process_import")

    def route(self, route: Route) -> None:
        paths = _path_strategy(route, self.urls)
        common = settings(
            max_examples=EXAMPLES["admin" if route.namespace == "admin" else "app"],
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )

        @common
        @given(url=paths, data=_values(self.query_keys(route)))
        def get(url, data):
            self.send(route, "get", url, data)

        get()
        if not self.takes_post(route):
            return
        fields = self.form_fields(route)
        files = self.surface.files.get(route.name, set())

        @common
        @given(url=paths, data=_values(fields), name=st.sampled_from(HOSTILE[:12]))
        def post(url, data, name):
            for field_name in files:
                data[field_name] = SimpleUploadedFile(f"{name}.xlsx", b"PK\x03\x04 not a workbook")
            self.send(route, "post", url, data)

        post()


def walk_as(user, city, *, admin: bool) -> Walk:
    """Every route as `user`; without `admin`, the admin's routes are left out (they only send
    a user without an administrator's role to the admin's login)."""
    client = Client(raise_request_exception=True)
    client.force_login(user)
    routes = [route for route in all_routes() if admin or route.namespace != "admin"]
    urls = _plausible_urls(city)
    token, _created = Token.objects.get_or_create(user=user)
    walk = Walk(client, urls, _explore(client, [urls[route.name] for route in routes]), token.key)
    for route in routes:
        walk.route(route)
    return walk


@pytest.fixture
def quiet_refusals():
    """The walk's thousands of 4xx answers are not logged (formatting tracebacks of 403s costs
    more time than the requests); errors still are."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security", "renstra")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.mark.parametrize("role", ["admin", "operator"])
def test_hostile_input_never_gives_a_500(city, role, quiet_refusals):
    walk = walk_as(city.a.users[role], city, admin=role == "admin")
    routes = {route.name for route in all_routes() if role == "admin" or route.namespace != "admin"}
    assert walk.tried == routes
    assert walk.requests >= 2 * len(routes)
    assert not walk.failures, "\n".join(str(failure) for failure in walk.failures)
