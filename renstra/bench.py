"""City-scale benchmark (`manage.py bench`, docs/benchmarks.md).

Builds offices shaped like the seeded plan (`load_plan` with codes `bench-01`, `bench-02`, ...),
fills three years of quarterly realisations and budget realisations with bulk_create (the
services are for user writes; the benchmark needs volume), then measures every page it finds in
the URLconf: its query count and median server time through Django's test client, and a load
run against gunicorn on the loopback address.

Everything the benchmark writes is marked: offices whose code starts with `bench-` and users
whose username does; `clean()` removes all of it, its audit history included.
"""

import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse
from rest_framework.authtoken.models import Token

from budgeting.models import BudgetRealisation, Pagu
from cascading.choices import QUARTERS, Status, ValueKind
from cascading.models import Indicator, PlanNode, Realisation
from renstra.models import Membership, Organisation, RenstraPeriod, Role, Unit
from renstra.seed.load import load_plan
from spm.models import SpmService

PREFIX = "bench-"
HUNDRED = Decimal("100")
CENT = Decimal("0.01")


def office_code(number: int) -> str:
    return f"{PREFIX}{number:02d}"


def planner_name(number: int) -> str:
    return f"{office_code(number)}-perencana"


# --- the data set ----------------------------------------------------------------------------


def clean() -> int:
    """Remove every bench office and user, and their audit history. Returns the offices removed."""
    offices = Organisation.objects.filter(code__startswith=PREFIX)
    indicators = list(Indicator.objects.filter(node__organisation__in=offices).values_list("pk"))
    nodes = list(PlanNode.objects.filter(organisation__in=offices).values_list("pk"))
    count = offices.count()
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        Realisation.objects.filter(indicator__node__organisation__in=offices).delete()
        BudgetRealisation.objects.filter(node__organisation__in=offices).delete()
        Realisation.history.filter(indicator_id__in=[pk for (pk,) in indicators]).delete()
        BudgetRealisation.history.filter(node_id__in=[pk for (pk,) in nodes]).delete()
        get_user_model().objects.filter(username__startswith=PREFIX).delete()
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__startswith=PREFIX).delete()
        SpmService.objects.filter(organisation__in=offices).delete()
        # Plan nodes protect their parents: remove them from the leaves up.
        levels = PlanNode.objects.filter(organisation__in=offices)
        for level in sorted(set(levels.values_list("level", flat=True)), reverse=True):
            levels.filter(level=level).delete()
        # Sub-units protect their parent unit: remove them first.
        Unit.objects.filter(organisation__in=offices, parent__isnull=False).delete()
        offices.delete()
    return count


@dataclass
class BenchUsers:
    password: str
    planners: dict[str, object]  # office code -> planner
    heads: dict[str, object]


def add_offices(data: dict, numbers: range, users: BenchUsers, *, seed: int = 0) -> None:
    """Load the plan as offices `bench-<number>`, with a planner and a head each, and three
    years of realisations (verified up to 2026 TW II, submitted in TW III, drafts in TW IV)."""
    password_hash = make_password(users.password)
    for number in numbers:
        with transaction.atomic():
            organisation = load_plan(data, organisation_code=office_code(number))
            planner = _member(f"{planner_name(number)}", password_hash, Role.PLANNER, organisation)
            head = _member(f"{office_code(number)}-kadis", password_hash, Role.HEAD, organisation)
            _realisations(organisation, planner, head, random.Random(seed * 1000 + number))
        users.planners[organisation.code] = planner
        users.heads[organisation.code] = head


def _member(username: str, password_hash: str, role: str, organisation):
    user = get_user_model().objects.create(username=username, password=password_hash)
    Membership.objects.create(user=user, role=role, organisation=organisation)
    return user


def _status(year: int, quarter: int) -> str:
    if (year, quarter) < (2026, 3):
        return Status.VERIFIED
    return Status.SUBMITTED if quarter == 3 else Status.DRAFT


def _realisations(organisation, planner, head, rng: random.Random) -> None:
    period = RenstraPeriod.objects.get(organisation=organisation, status="active")
    indicators = Indicator.objects.filter(node__period=period).prefetch_related("targets")
    records = []
    for indicator in indicators:
        targets = {target.year: target for target in indicator.targets.all()}
        for year in period.years:
            target = targets.get(year)
            for quarter in QUARTERS:
                value, grade = _value(indicator, target, rng)
                records.append(
                    Realisation(
                        indicator=indicator,
                        year=year,
                        quarter=quarter,
                        value=value,
                        grade=grade,
                        **_workflow(year, quarter, planner, head),
                    )
                )
    Realisation.objects.bulk_create(records)
    pagu = {
        (row["node_id"], row["year"]): row["amount"]
        for row in Pagu.objects.filter(node__period=period)
        .values("node_id", "year")
        .annotate(amount=Sum("amount"))
    }
    BudgetRealisation.objects.bulk_create(
        BudgetRealisation(
            node_id=node_id,
            year=year,
            quarter=quarter,
            amount=(amount * Decimal(rng.uniform(0.1, 0.3))).quantize(CENT),
            **_workflow(year, quarter, planner, head),
        )
        for (node_id, year), amount in pagu.items()
        for quarter in QUARTERS
    )


def _workflow(year: int, quarter: int, planner, head) -> dict:
    status = _status(year, quarter)
    verified = status == Status.VERIFIED
    return {
        "status": status,
        "created_by": planner,
        "updated_by": planner,
        "verified_by": head if verified else None,
    }


def _value(indicator: Indicator, target, rng: random.Random) -> tuple[Decimal | None, str]:
    if indicator.value_kind == ValueKind.ORDINAL:
        return None, (target.grade if target and target.grade else "B")
    base = target.value if target and target.value is not None else Decimal(100)
    value = (base * Decimal(rng.uniform(0.15, 0.35))).quantize(CENT)
    if indicator.value_kind == ValueKind.PERCENTAGE:
        value = min(value * 4, HUNDRED)
    return value, ""


def analyze() -> None:
    """Fresh planner statistics after the bulk load, as a running database has them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# --- page timings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    label: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    interactive: bool = True  # part of the load run's mix
    role: str = Role.PLANNER  # who opens it: the office's planner, or its head (verification)


def _url(name: str, args: list, query: dict) -> str | None:
    try:
        path = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return f"{path}?{urlencode(query)}" if query else path


def find_pages(organisation: Organisation, token: str) -> list[Page]:
    """The pages of the URLconf worth timing, for one office (whichever exist)."""
    office = {"opd": organisation.code}
    year = {**office, "tahun": 2025, "tw": 4}
    indicator = (
        Indicator.objects.filter(node__period__organisation=organisation, is_iku=True)
        .order_by("pk")
        .first()
    )
    candidates = [
        ("Dasbor", "home", [], year),
        ("Pohon kinerja", "dashboard:tree", [], year),
        ("Indikator (riwayat)", "dashboard:indicator", [indicator.pk], office),
        ("Tren", "dashboard:trends", [], office),
        ("Isi realisasi", "entry:sheet", [2025, 4], office),
        ("Verifikasi", "entry:verify", [2026, 3], office, Role.HEAD),
        ("Laporan (daftar)", "reports:index", [], office),
        ("Impor (halaman)", "imports:index", [], office),
    ]
    pages = [
        Page(label, url, role=role)
        for label, name, args, query, *roles in candidates
        for role in roles or [Role.PLANNER]
        if (url := _url(name, args, query)) is not None
    ]
    api = {"HTTP_AUTHORIZATION": f"Token {token}"}
    for label, name in (("API pohon", "api:tree"), ("API capaian", "api:capaian")):
        if (url := _url(name, [organisation.code], {"tahun": 2025})) is not None:
            pages.append(Page(label, url, api, interactive=False))
    pages += _export_pages(organisation)
    return pages


def _export_pages(organisation: Organisation) -> list[Page]:
    """Every report's HTML preview and downloads, for 2025."""
    from renstra.reports.choices import FileFormat, ReportKind

    office = {"opd": organisation.code}
    pages = []
    for kind in ReportKind:
        preview = _url("reports:preview", [kind.value, 2025], office)
        if preview is not None:
            pages.append(Page(f"Laporan {kind.value} (pratinjau)", preview, interactive=False))
        for file_format in FileFormat:
            download = _url("reports:download", [kind.value, 2025, file_format.value], office)
            if download is not None:
                label = f"Laporan {kind.value} ({file_format.value})"
                pages.append(Page(label, download, interactive=False))
    return pages


@dataclass(frozen=True)
class Timing:
    label: str
    queries: int
    median_ms: float


class PageError(Exception):
    """A page answered something other than 200 during the benchmark."""


def time_pages(users: dict[str, object], pages: list[Page], repeat: int) -> list[Timing]:
    """Each page once with its queries counted, then `repeat` times timed: the median.

    `users` maps a role to the user opening the pages meant for that role."""
    clients = {}
    for role, user in users.items():
        clients[role] = Client(HTTP_HOST="localhost")
        clients[role].force_login(user)
    timings = []
    for page in pages:
        client = clients[page.role]
        with CaptureQueriesContext(connection) as queries:
            _get(client, page)
        # Read now: every request start clears the connection's query log.
        count = len(queries)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            _get(client, page)
            times.append((time.perf_counter() - start) * 1000)
        timings.append(Timing(page.label, count, statistics.median(times)))
    return timings


def _get(client: Client, page: Page) -> None:
    response = client.get(page.url, **page.headers)
    if response.status_code != 200:
        raise PageError(f"{page.label}: {page.url} answered {response.status_code}")
    if response.streaming:
        b"".join(response.streaming_content)


def token_for(user) -> str:
    return Token.objects.get_or_create(user=user)[0].key


# --- load run --------------------------------------------------------------------------------


@dataclass
class LoadResult:
    users: int
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)

    @property
    def all_latencies(self) -> list[float]:
        return sorted(ms for values in self.latencies.values() for ms in values)

    @property
    def requests(self) -> int:
        return len(self.all_latencies) + len(self.errors)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with `workers` sync workers on 127.0.0.1, with this process's settings."""

    def __init__(self, env: dict[str, str], workers: int):
        self.port = free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "renstra.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={workers}",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(command, env=env, cwd=Path(settings.BASE_DIR))

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited before it was ready")
            try:
                status, _body, _cookies = _request(self.port, "GET", reverse("health"))
            except OSError:
                time.sleep(0.25)
                continue
            if status == 200:
                return
        raise RuntimeError("gunicorn was not ready in time")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _proxy_headers() -> dict[str, str]:
    """What nginx adds in front, when the settings expect it (production: HTTPS at nginx)."""
    if not settings.SECURE_PROXY_SSL_HEADER:
        return {}
    name, value = settings.SECURE_PROXY_SSL_HEADER
    return {name.removeprefix("HTTP_").replace("_", "-"): value}


def _scheme() -> str:
    return "https" if settings.SECURE_PROXY_SSL_HEADER else "http"


def _request(port: int, method: str, path: str, *, cookies=None, body=None, headers=None):
    """One HTTP request to the loopback server: (status, body, cookies set)."""
    http = HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        sent = {"Host": f"127.0.0.1:{port}", **_proxy_headers(), **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        http.request(method, path, body=body, headers=sent)
        response = http.getresponse()
        content = response.read()
        jar = SimpleCookie()
        for header in response.msg.get_all("Set-Cookie") or []:
            jar.load(header)
        return response.status, content, {name: morsel.value for name, morsel in jar.items()}
    finally:
        http.close()


_CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def log_in(port: int, username: str, password: str) -> dict[str, str]:
    """Log in through the login form, as a browser does; returns the session cookies."""
    login = reverse("login")
    status, page, cookies = _request(port, "GET", login)
    token = _CSRF_FIELD.search(page)
    if status != 200 or token is None:
        raise RuntimeError(f"login page answered {status}")
    body = urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    )
    origin = {"Origin": f"{_scheme()}://127.0.0.1:{port}"}
    status, _page, more = _request(port, "POST", login, cookies=cookies, body=body, headers=origin)
    if status != 302 or "sessionid" not in more:
        raise RuntimeError(f"{username} could not log in ({status})")
    return {**cookies, **more}


def load_run(
    *,
    port: int,
    sessions: list[tuple[dict[str, str], list[Page]]],
    duration: float,
    max_requests: int,
) -> LoadResult:
    """One thread per logged-in session, each requesting its pages in turn without pause,
    until `duration` seconds have passed or `max_requests` were sent in all."""
    result = LoadResult(users=len(sessions), seconds=0.0)
    lock = threading.Lock()
    sent = 0
    deadline = time.monotonic() + duration

    def user(cookies: dict[str, str], pages: list[Page]) -> None:
        nonlocal sent
        turn = 0
        while time.monotonic() < deadline:
            with lock:
                if sent >= max_requests:
                    return
                sent += 1
            page = pages[turn % len(pages)]
            turn += 1
            start = time.perf_counter()
            try:
                status, _body, _cookies = _request(port, "GET", page.url, cookies=cookies)
            except OSError as error:
                status, problem = 0, str(error)
            else:
                problem = f"HTTP {status}"
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if status == 200:
                    result.latencies[page.label].append(elapsed)
                else:
                    result.errors.append(f"{page.label}: {problem}")

    threads = [threading.Thread(target=user, args=session) for session in sessions]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - start
    return result


def summary(result: LoadResult) -> dict:
    values = result.all_latencies
    return {
        "users": result.users,
        "seconds": round(result.seconds, 1),
        "requests": result.requests,
        "errors": len(result.errors),
        "per_second": round(result.requests / result.seconds, 1) if result.seconds else 0,
        "p50_ms": round(percentile(values, 0.5), 1) if values else None,
        "p95_ms": round(percentile(values, 0.95), 1) if values else None,
        "max_ms": round(max(values), 1) if values else None,
    }
