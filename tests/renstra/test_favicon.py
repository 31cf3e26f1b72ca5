"""The site's icon: every page links it, and browsers asking for /favicon.ico get it too."""

import pytest
from django.test import Client

from tests.dashboard.html import parse

pytestmark = pytest.mark.django_db


def test_favicon_ico_answers_at_the_root_without_login():
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


@pytest.mark.parametrize("path", ["/masuk/", "/tidak-ada/"])
def test_pages_link_the_svg_icon(path):
    root = parse(Client().get(path).content)
    (link,) = root.findall(".//link[@rel='icon']")
    assert link.get("type") == "image/svg+xml"
    icon = Client().get(link.get("href"))
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)
