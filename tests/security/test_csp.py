"""Content-Security-Policy: every page allows only the product's own static files, and the pages
themselves carry no inline script or style the policy would refuse (the browser journey in
tests/e2e/test_csp.py shows they also work under it)."""

import datetime
import re

import pytest

from renstra.demo import fill_demo_realisations
from renstra.models import Role
from tests.dashboard.conftest import client_for, member

EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PAGES = [
    "/",
    "/pohon/",
    "/tren/",
    "/realisasi/2024/tw1/",
    "/verifikasi/2024/tw1/",
    "/impor/",
    "/laporan/",
    "/laporan/renstra/2024/",
    "/laporan/evaluasi-renja/2024/",
    "/laporan/lkjip/2024/naskah/",
    "/laporan/spm/2024/naskah/",
    "/sandi/",
]


def directives(response) -> dict:
    header = response.headers["Content-Security-Policy"]
    parts = [part.strip().split(None, 1) for part in header.split(";") if part.strip()]
    return dict(parts)


@pytest.mark.django_db
def test_login_page_sends_the_policy(client):
    response = client.get("/masuk/")
    assert response.status_code == 200
    assert directives(response) == EXPECTED


@pytest.mark.django_db
def test_every_page_sends_the_policy_and_has_no_inline_script_or_style(seeded_plan):
    fill_demo_realisations(organisation=seeded_plan, today=datetime.date(2025, 1, 1))
    client = client_for(member("admin-dinsos", Role.ADMIN, seeded_plan))
    for path in PAGES:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        assert directives(response) == EXPECTED, path
        html = response.content.decode()
        assert not re.search(r"<style", html), path
        assert not re.search(r"\sstyle=", html), path
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), path
        assert not re.search(r"\son[a-z]+=", html), path
        assert "javascript:" not in html, path
    # The server's widths and colours travel as data attributes for app.js to apply.
    dashboard = client.get("/").content.decode()
    assert re.search(r'<span data-width="\d+(\.\d)?%"></span>', dashboard)
    assert re.search(r'class="swatch" data-colour="#[0-9a-fA-F]{6}"', dashboard)
    preview = client.get("/laporan/renstra/2024/").content.decode()
    assert re.search(r'<col data-width="\d+ch">', preview)
    assert re.search(r'<link rel="stylesheet" href="/static/renstra/report\.css">', preview)
