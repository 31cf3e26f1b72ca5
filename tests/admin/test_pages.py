"""Every registered admin page opens for a superuser on the seeded plan: changelist, add,
change and history; and every editable field of the project's models is on its form."""

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from cascading.choices import Level
from cascading.models import PlanNode
from spm.models import SpmWeights
from tests.admin.data import add_office_records
from tests.factories import BudgetRealisationFactory

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
WITH_HISTORY = [
    model for model in REGISTERED if isinstance(admin.site._registry[model], SimpleHistoryAdmin)
]


def label(model) -> str:
    return model._meta.label


def url(model, view: str, *args) -> str:
    return reverse(admin_urlname(model._meta, view), args=args)


PROJECT_PACKAGES = {"renstra", "cascading", "budgeting", "spm"}


@pytest.fixture
def office(seeded_plan):
    """The seeded plan, plus the rows the seed does not carry (budget realisations, roles,
    locks, report narratives, login audit), so that every table has a row to open."""
    unit = seeded_plan.units.order_by("pk").first()
    user = add_office_records(seeded_plan, unit)
    sub_kegiatan = PlanNode.objects.filter(
        organisation=seeded_plan, level=Level.SUB_KEGIATAN
    ).first()
    BudgetRealisationFactory(node=sub_kegiatan, created_by=user, updated_by=user)
    return seeded_plan


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_changelist_opens(admin_client, office, model):
    response = admin_client.get(url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_change_page_opens(admin_client, office, model):
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"no {model._meta.label} row to open"

    response = admin_client.get(url(model, "change", obj.pk))

    assert response.status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_add_page_opens_where_adding_is_allowed(admin_client, admin_user, rf, office, model):
    request = rf.get("/")
    request.user = admin_user
    allowed = admin.site._registry[model].has_add_permission(request)

    response = admin_client.get(url(model, "add"))

    assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize("model", WITH_HISTORY, ids=label)
def test_history_page_opens(admin_client, office, model):
    obj = model._default_manager.order_by("pk").first()

    response = admin_client.get(url(model, "history", obj.pk))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "model",
    [model for model in REGISTERED if model.__module__.split(".")[0] in PROJECT_PACKAGES],
    ids=label,
)
def test_every_editable_field_is_on_the_form(admin_user, rf, model):
    request = rf.get("/")
    request.user = admin_user
    model_admin = admin.site._registry[model]
    editable = {
        field.name
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key
    }

    shown = set(model_admin.get_fields(request)) | set(model_admin.get_readonly_fields(request))

    assert editable - shown == set()


def test_site_titles_are_indonesian(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert "Renstra Monitor — Administrasi" in response.text


class TestSpmWeightsSingleton:
    def test_no_add_while_the_row_exists_and_never_delete(self, admin_client):
        weights = SpmWeights.objects.get()

        assert admin_client.get(url(SpmWeights, "add")).status_code == 403
        assert admin_client.get(url(SpmWeights, "delete", weights.pk)).status_code == 403

    def test_add_when_missing_creates_the_single_row(self, admin_client):
        SpmWeights.objects.all().delete()

        response = admin_client.post(
            url(SpmWeights, "add"),
            {"recipient_weight": "70", "quality_weight": "30", "basis": "Uji"},
        )

        assert response.status_code == 302
        assert SpmWeights.objects.get().pk == 1
        assert admin_client.get(url(SpmWeights, "add")).status_code == 403
