"""Login throttling (django-axes): five failures for a username from one address lock it."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.city import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "Terlalu banyak percobaan masuk"


def attempt(client, username, password, url=None, **headers):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, **headers
    )


def test_five_failures_lock_the_username_even_against_the_right_password(city, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    username = city.a.users["planner"].username
    for _ in range(4):
        assert attempt(client, username, "salah").status_code == 200
    # The fifth failure locks the username for this address at once.
    assert attempt(client, username, "salah").status_code == 429
    response = attempt(client, username, PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_on_the_admin_login_count_too(city):
    client = Client()
    username = city.users["superuser"].username
    for _ in range(5):
        attempt(client, username, "salah", url=reverse("admin:login"))
    assert attempt(client, username, PASSWORD).status_code == 429


def test_behind_nginx_the_lock_follows_the_address_nginx_saw(city, settings):
    """An attacker writing their own X-Forwarded-For is still locked after five failures; the
    real user, from another address, still logs in."""
    settings.TRUSTED_PROXY_COUNT = 1
    username = city.a.users["head"].username
    attacker = Client(REMOTE_ADDR="127.0.0.1")
    for hop in range(5):
        forwarded = f"10.0.0.{hop}, 203.0.113.7"
        attempt(attacker, username, "salah", HTTP_X_FORWARDED_FOR=forwarded)
    locked = attempt(attacker, username, PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.99, 203.0.113.7")
    assert locked.status_code == 429
    user = Client(REMOTE_ADDR="127.0.0.1")
    response = attempt(user, username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_without_a_proxy_the_forwarded_header_is_ignored(city, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    username = city.a.users["head"].username
    client = Client()
    for hop in range(5):
        attempt(client, username, "salah", HTTP_X_FORWARDED_FOR=f"203.0.113.{hop}")
    assert attempt(client, username, PASSWORD).status_code == 429


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_a_wrong_password_is_refused_in_correct_indonesian(city, url_name):
    response = attempt(Client(), city.a.users["planner"].username, "salah", url=reverse(url_name))
    page = response.content.decode()
    assert "Nama pengguna atau kata sandi salah." in page
    assert "nama pengguna nama pengguna" not in page.lower()
