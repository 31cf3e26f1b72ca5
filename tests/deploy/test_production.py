"""The production path, run as the README's Deploy section says: production settings from the
environment, `check --deploy`, `migrate`, `createcachetable`, `collectstatic`, `seed_renstra`,
`createsuperuser`, then gunicorn started with deploy/renstra.service's own command line, reached
through requests shaped like nginx's (deploy/nginx.conf: Host, X-Forwarded-For,
X-Forwarded-Proto https).

Runs on a PostgreSQL database of its own (created, migrated and dropped here); gunicorn is stopped
with its whole process group at the end of each test, whatever happened.
"""

import http.client
import json
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import dj_database_url
import psycopg2
import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "renstra.example.go.id"
CLIENT_ADDRESS = "203.0.113.7"
PASSWORD = "Sandi-uji-produksi-2026"
OFFICE = "Dinas Sosial Kota Palangka Raya"

# Skipped only outside CI on SQLite; .ci/run (CI=true) always runs it on PostgreSQL.
pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres")
    and os.environ.get("CI") != "true",
    reason="the production path runs on PostgreSQL (set DATABASE_URL)",
)

# A planner of the seeded office and an API token for them, as an administrator would set them
# up after `createsuperuser` (the admin's Membership page does the same).
CREATE_PLANNER = """
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from renstra.models import Membership, Organisation, Role
user = get_user_model().objects.create_user("perencana", password={password!r})
Membership.objects.create(
    user=user, role=Role.PLANNER, organisation=Organisation.objects.get(code="dinsos-palangka-raya")
)
print("TOKEN=" + Token.objects.create(user=user).key)
"""


@dataclass
class Deployment:
    env: dict
    static_root: Path
    token: str
    logs: Path


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class Browser:
    """Requests as nginx forwards them to gunicorn, with the cookies a browser would keep."""

    port: int
    cookies: dict = field(default_factory=dict)

    def request(self, method: str, path: str, *, body=None, headers=None, proxy=True) -> Response:
        sent = {"Host": HOST}
        if proxy:
            sent.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": CLIENT_ADDRESS})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        sent.update(headers or {})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            response = Response(answer.status, answer.msg, answer.read())
        finally:
            connection.close()
        for line in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)


def log_in(browser: Browser, username: str) -> Response:
    """GET the login page, then POST its CSRF token and the credentials, as a browser does."""
    page = browser.get("/masuk/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return browser.request(
        "POST",
        "/masuk/",
        body=urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
        ),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/masuk/",
        },
    )


def manage(env: dict, *args: str, extra_env: dict | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**env, **(extra_env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def service_command(port: int, workers: int | None = None) -> list[str]:
    """deploy/renstra.service's ExecStart with this virtualenv's gunicorn and a free port."""
    unit = (ROOT / "deploy" / "renstra.service").read_text().replace("\\\n", " ")
    exec_start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    command = shlex.split(exec_start.removeprefix("ExecStart="))
    assert command[0] == "/srv/renstra/.venv/bin/gunicorn"
    command[0] = str(Path(sys.executable).parent / "gunicorn")
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    if workers is not None:
        command[command.index("--workers") + 1] = str(workers)
    return command


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(deployment: Deployment, *, workers: int | None = None, extra_env=None):
    port = free_port()
    log_path = deployment.logs / f"gunicorn-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            service_command(port, workers),
            cwd=ROOT,
            env={**deployment.env, **(extra_env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        browser = Browser(port)
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"gunicorn stopped:\n{log_path.read_text()}"
            try:
                if browser.get("/kesehatan/", proxy=False).status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"gunicorn did not answer:\n{log_path.read_text()}"
            time.sleep(0.2)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    base = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"renstra_prod_{uuid.uuid4().hex[:8]}"
    server = urllib.parse.urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres")
    admin = psycopg2.connect(urllib.parse.urlunsplit(server))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    work = tmp_path_factory.mktemp("production")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "REDIS_", "API_THROTTLE"))
    }
    env.update(
        {
            # .env.example's variables, with this machine's values.
            "DJANGO_SETTINGS_MODULE": "renstra.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": urllib.parse.urlunsplit(server._replace(path=f"/{name}")),
            "ALLOWED_HOSTS": HOST,
            "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
            "DEBUG": "false",
            "TRUSTED_PROXY_COUNT": "1",
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "RENSTRA_IMPORT_DIR": str(work / "impor"),
        }
    )
    assert base["ENGINE"].endswith("postgresql")
    try:
        checked = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "System check identified no issues (0 silenced)." in checked.stdout
        manage(env, "migrate", "--no-input")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--no-input")
        manage(env, "seed_renstra")
        manage(env, "seed_rpjmd")
        manage(
            env,
            "createsuperuser",
            "--no-input",
            extra_env={
                "DJANGO_SUPERUSER_USERNAME": "admin",
                "DJANGO_SUPERUSER_EMAIL": "admin@example.go.id",
                "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
            },
        )
        output = manage(env, "shell", "-c", CREATE_PLANNER.format(password=PASSWORD))
        token = re.search(r"TOKEN=(\w+)", output).group(1)
        logs = work / "logs"
        logs.mkdir()
        yield Deployment(env=env, static_root=work / "static", token=token, logs=logs)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_check_deploy_collectstatic_and_every_static_reference_in_the_manifest(deployment):
    manifest = json.loads((deployment.static_root / "staticfiles.json").read_text())["paths"]
    referenced = set()
    for template in (ROOT / "templates").rglob("*.html"):
        referenced |= set(re.findall(r"""\{%\s*static\s+['"]([^'"]+)['"]""", template.read_text()))
    assert "renstra/app.css" in referenced and "renstra/vendor/chart-4.6.1.umd.min.js" in referenced
    missing = sorted(name for name in referenced if name not in manifest)
    assert missing == [], "templates name static files the manifest lacks"
    chart = manifest["renstra/vendor/chart-4.6.1.umd.min.js"]
    assert re.fullmatch(r"renstra/vendor/chart-4\.6\.1\.umd\.min\.[0-9a-f]{12}\.js", chart)
    assert (deployment.static_root / chart).is_file()


def test_login_stylesheet_and_dashboard_through_nginx_headers(deployment):
    with gunicorn(deployment) as port:
        browser = Browser(port)

        # Plain HTTP (no X-Forwarded-Proto): sent to https, as nginx's port 80 does.
        plain = browser.get("/masuk/", proxy=False)
        assert plain.status == 301
        assert plain.headers["Location"] == f"https://{HOST}/masuk/"

        login_page = browser.get("/masuk/")
        assert login_page.status == 200
        assert 'lang="id"' in login_page.text
        assert "Nama pengguna" in login_page.text and "Kata sandi" in login_page.text
        assert "max-age=31536000" in login_page.headers["Strict-Transport-Security"]
        policy = login_page.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "csrftoken" in browser.cookies

        stylesheet = re.search(
            r'<link rel="stylesheet" href="(/static/renstra/app\.[0-9a-f]{12}\.css)">',
            login_page.text,
        )
        assert stylesheet, "the login page links the hashed stylesheet of the manifest"
        css = browser.get(stylesheet.group(1))
        assert css.status == 200
        assert css.headers["Content-Type"].startswith("text/css")
        assert "immutable" in css.headers["Cache-Control"]
        assert css.body == (ROOT / "renstra" / "static" / "renstra" / "app.css").read_bytes()
        script = re.search(r'src="(/static/renstra/app\.[0-9a-f]{12}\.js)"', login_page.text)
        served_script = browser.get(script.group(1))
        assert served_script.status == 200
        assert "javascript" in served_script.headers["Content-Type"]

        posted = log_in(browser, "perencana")
        assert posted.status == 302, posted.text
        assert posted.headers["Location"] == "/"
        session_cookie = next(
            line for line in posted.headers.get_all("Set-Cookie") if line.startswith("sessionid=")
        )
        assert "Secure" in session_cookie and "HttpOnly" in session_cookie

        dashboard = browser.get(posted.headers["Location"])
        assert dashboard.status == 200
        assert OFFICE in dashboard.text
        assert "Keluar (perencana)" in dashboard.text
        assert 'id="programs"' in dashboard.text
        assert "1.06.01" in dashboard.text  # the seeded plan's first program code

        trends = browser.get("/tren/")
        assert trends.status == 200
        assert re.search(
            r"/static/renstra/vendor/chart-4\.6\.1\.umd\.min\.[0-9a-f]{12}\.js", trends.text
        )

        # Every other page renders with the manifest's names too.
        for path in ["/pohon/", "/realisasi/2024/tw1/", "/impor/", "/laporan/renstra/2024/"]:
            answer = browser.get(path)
            assert answer.status == 200, path
            assert "Dinas Sosial" in answer.text, path
        missing = browser.get("/tidak-ada/")
        assert missing.status == 404
        assert 'lang="id"' in missing.text

        # The administrator createsuperuser made reaches the admin, whose pages use the manifest.
        administrator = Browser(port)
        assert log_in(administrator, "admin").status == 302
        admin_index = administrator.get("/admin/")
        assert admin_index.status == 200
        assert re.search(r"/static/admin/css/base\.[0-9a-f]{12}\.css", admin_index.text)


def post_form(browser: Browser, page_path: str, action: str, fields: dict) -> Response:
    """POST a form of `page_path` with its CSRF token, as a browser submits it."""
    page = browser.get(page_path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return browser.request(
        "POST",
        action,
        body=urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}{page_path}",
        },
    )


def test_city_agreement_and_signable_documents_under_production(deployment):
    """The city table, the Perjanjian Kinerja and every signable PDF (WeasyPrint reading the
    manifest's static files) and workbook answer under production settings, as a city-wide
    administrator walks them."""
    office = "opd=dinsos-palangka-raya"
    with gunicorn(deployment) as port:
        administrator = Browser(port)
        assert log_in(administrator, "admin").status == 302

        pages = {
            "/kota/": "Seluruh perangkat daerah",
            "/kota/rpjmd/": "Meningkatnya Kesejahteraan Masyarakat",
            "/kota/jadwal/": "Jadwal",
            f"/kota/telaah/?{office}&tahun=2025&tw=2": "Telaah evaluasi Renja",
            f"/perjanjian-kinerja/?{office}": "Perjanjian Kinerja",
            f"/anggaran/impor/?{office}": "Dinas Sosial",
            f"/laporan/lkjip/2025/naskah/?{office}": "LKjIP",
        }
        for path, text in pages.items():
            answer = administrator.get(path)
            assert answer.status == 200, (path, answer.text[:500])
            assert text in answer.text, path

        generated = post_form(
            administrator,
            f"/perjanjian-kinerja/?{office}",
            f"/perjanjian-kinerja/buat/?{office}",
            {"tahun": "2025", "unit": ""},
        )
        assert generated.status == 302, generated.text[:500]
        detail_path = generated.headers["Location"]
        assert re.fullmatch(r"/perjanjian-kinerja/\d+/", detail_path), detail_path
        detail = administrator.get(detail_path)
        assert "Persentase PPKS yang Berfungsi Sosial" in detail.text

        downloads = [
            f"{detail_path.rstrip('/')}.pdf",
            f"{detail_path.rstrip('/')}.xlsx",
            f"/perjanjian-kinerja/dokumen/pohon-kinerja/2025.pdf?{office}",
            f"/laporan/evaluasi-renja/2025.pdf?{office}&tw=2",
            f"/laporan/lkjip/2025.xlsx?{office}",
            f"/laporan/lkjip/2025/naskah.pdf?{office}",
            f"/laporan/lkjip/2025/naskah.docx?{office}",
            "/kota/unduh/rekap.pdf?tahun=2025&tw=2",
            "/kota/unduh/iku-pemda.xlsx?tahun=2025",
        ]
        for path in downloads:
            answer = administrator.get(path)
            assert answer.status == 200, (path, answer.body[:500])
            magic = b"%PDF" if ".pdf" in path else b"PK"
            assert answer.body.startswith(magic), path
            assert "attachment" in answer.headers["Content-Disposition"], path


@pytest.mark.parametrize("backend", ["database", "redis"])
def test_api_budget_is_shared_by_every_worker(deployment, backend):
    """Two gunicorn masters (separate processes, separate memory) on one database count one
    request budget: the sixth request of a 5/minute budget is refused whichever serves it."""
    extra = {"API_THROTTLE_RATE": "5/minute", "CACHE_KEY_PREFIX": f"uji-{uuid.uuid4().hex}"}
    if backend == "redis":
        redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
        address = urllib.parse.urlsplit(redis_url)
        try:
            socket.create_connection((address.hostname, address.port or 6379), timeout=1).close()
        except OSError:
            pytest.skip(f"no Redis at {redis_url}")
        extra["REDIS_URL"] = redis_url
    headers = {"Authorization": f"Token {deployment.token}", "Accept": "application/json"}
    with (
        gunicorn(deployment, workers=1, extra_env=extra) as first,
        gunicorn(deployment, workers=1, extra_env=extra) as second,
    ):
        statuses = [
            Browser(port).get("/api/opd/", headers=headers).status
            for port in (first, second, first, second, first, second)
        ]
    assert statuses == [200, 200, 200, 200, 200, 429]
