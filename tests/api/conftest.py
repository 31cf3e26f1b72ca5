import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.city import build_city


@pytest.fixture
def city(db):
    return build_city()


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Request budgets are counted in the cache; each test starts with a full budget."""
    cache.clear()
    yield
    cache.clear()


def api_client(user) -> APIClient:
    """A client sending `user`'s token, as an integration would."""
    token, _created = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
