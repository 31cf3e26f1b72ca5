import pytest

from tests.city import build_city


@pytest.fixture
def city(db):
    return build_city()
