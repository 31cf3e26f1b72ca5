"""A changelist runs the same number of queries for a few rows as for many."""

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cascading.models import PredikatBand
from spm.models import SpmKategoriBand, SpmWeights
from tests.admin.data import add_offices

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
SMALL, LARGE = 2, 30
SINGLETONS = {SpmWeights}


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in REGISTERED}


def changelist_query_counts(client) -> dict[str, int]:
    counts = {}
    for model in REGISTERED:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(admin_urlname(model._meta, "changelist")))
        assert response.status_code == 200, model._meta.label
        counts[model._meta.label] = len(queries)
    return counts


def test_changelist_query_counts_do_not_grow_with_rows(admin_client):
    # Start the scales empty so that they grow like every other table.
    PredikatBand.objects.all().delete()
    SpmKategoriBand.objects.all().delete()
    add_offices(SMALL)
    changelist_query_counts(admin_client)  # warm per-process caches (content types, sessions)
    small_rows = row_counts()
    small = changelist_query_counts(admin_client)

    add_offices(LARGE - SMALL)
    large_rows = row_counts()
    large = changelist_query_counts(admin_client)

    not_grown = [
        label
        for model in REGISTERED
        if model not in SINGLETONS
        and not 0 < 10 * small_rows[label := model._meta.label] <= large_rows[label]
    ]
    assert not_grown == []
    assert large == small
