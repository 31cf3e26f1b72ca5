"""Bad input on admin forms comes back as an Indonesian message on the form, never an error page."""

from decimal import Decimal

import pytest
from django import forms
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.urls import reverse

from budgeting.models import Pagu
from cascading.choices import Level, Status
from cascading.models import PlanNode
from renstra.models import Membership, Role
from tests.factories import (
    FundingSourceFactory,
    IndicatorFactory,
    OrganisationFactory,
    RealisationFactory,
    UnitFactory,
    UserFactory,
    build_chain,
)

pytestmark = pytest.mark.django_db


def change_url(obj) -> str:
    return reverse(admin_urlname(obj._meta, "change"), args=[obj.pk])


def form_data(response) -> dict:
    """What the browser would post back unchanged from an admin add or change page."""
    page_forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        page_forms.append(inline.formset.management_form)
        page_forms.extend(inline.formset.forms)
    data = {}
    for form in page_forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and not isinstance(form.fields[name], forms.FileField):
                data[form.add_prefix(name)] = value
    return data


def post_change(client, obj, **changes):
    url = change_url(obj)
    data = form_data(client.get(url)) | changes
    return client.post(url, data)


def errors_of(response) -> dict:
    return response.context["adminform"].form.errors


@pytest.fixture
def chain():
    nodes = build_chain()
    IndicatorFactory(node=nodes[Level.KEGIATAN])
    return nodes


def test_parent_of_the_wrong_level_is_refused_with_a_message(admin_client, chain):
    kegiatan = chain[Level.KEGIATAN]

    response = post_change(admin_client, kegiatan, parent=chain[Level.TUJUAN].pk)

    assert response.status_code == 200
    message = "Induk Kegiatan harus berada satu tingkat di atasnya."
    assert errors_of(response)["parent"] == [message]
    assert message in response.text
    kegiatan.refresh_from_db()
    assert kegiatan.parent == chain[Level.PROGRAM]


def test_unchanged_node_saves(admin_client, chain):
    response = post_change(admin_client, chain[Level.KEGIATAN], name="Kegiatan baru")

    assert response.status_code == 302
    assert PlanNode.objects.get(pk=chain[Level.KEGIATAN].pk).name == "Kegiatan baru"


def test_duplicate_code_in_the_period_is_refused(admin_client, chain):
    response = post_change(admin_client, chain[Level.KEGIATAN], code="1.06.02.2.03.0001")

    assert response.status_code == 200
    assert errors_of(response)["code"] == ["Kode ini sudah dipakai simpul lain pada periode ini."]


def test_level_of_a_node_with_children_cannot_change(admin_client, chain):
    response = post_change(
        admin_client,
        chain[Level.KEGIATAN],
        level=Level.SUB_KEGIATAN,
        parent=chain[Level.KEGIATAN].pk,
    )

    assert response.status_code == 200
    assert errors_of(response)["level"] == [
        "Tidak dapat diubah karena simpul ini memiliki simpul turunan."
    ]


def test_pagu_on_a_program_is_refused(admin_client, chain):
    source = FundingSourceFactory()

    response = admin_client.post(
        reverse("admin:budgeting_pagu_add"),
        {"node": chain[Level.PROGRAM].pk, "year": 2024, "source": source.pk, "amount": "1000"},
    )

    assert response.status_code == 200
    assert "node" in errors_of(response)
    assert not Pagu.objects.exists()


def test_unit_of_another_office_is_refused(admin_client, chain):
    response = post_change(admin_client, chain[Level.KEGIATAN], unit=UnitFactory().pk)

    assert response.status_code == 200
    assert errors_of(response)["unit"] == ["Unit milik perangkat daerah lain."]


def test_operator_without_a_unit_is_refused(admin_client):
    user = UserFactory()

    response = admin_client.post(
        reverse("admin:renstra_membership_add"),
        {"user": user.pk, "role": Role.OPERATOR, "organisation": OrganisationFactory().pk},
    )

    assert response.status_code == 200
    assert errors_of(response)["unit"] == ["Operator harus memiliki unit kerja."]
    assert not Membership.objects.exists()


def test_realisations_are_read_only_in_the_admin(admin_client, admin_user):
    """Values go through the entry pages and imports, which apply the workflow and the locks."""
    realisation = RealisationFactory(status=Status.RETURNED, return_comment="Periksa lagi")

    response = post_change(admin_client, realisation, value="30", status=Status.VERIFIED)

    assert response.status_code == 403
    realisation.refresh_from_db()
    assert (realisation.value, realisation.status, realisation.version) == (
        Decimal("25"),
        Status.RETURNED,
        1,
    )
