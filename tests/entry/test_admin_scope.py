"""The admin applies the same roles and office scope as the app's pages."""

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.test import Client
from django.urls import reverse

from cascading.models import PlanNode, PredikatBand
from renstra.admin_scope import OfficeScopedAdmin
from renstra.models import Membership, PeriodLock, Role
from tests.factories import UserFactory, build_chain

pytestmark = pytest.mark.django_db

ADMIN_ROLES = {
    "admin": True,
    "planner": True,
    "operator_a": False,
    "head": False,
    "reviewer": False,
    "nobody": False,
}
PROJECT_APPS = {"renstra", "cascading", "budgeting", "spm"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(model, view, *args):
    return reverse(admin_urlname(model._meta, view), args=args)


def test_every_project_admin_is_office_scoped():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in PROJECT_APPS:
            assert isinstance(model_admin, OfficeScopedAdmin), model
            for inline in model_admin.inlines:
                assert issubclass(inline, OfficeScopedAdmin), (model, inline)


@pytest.mark.parametrize(("role", "allowed"), ADMIN_ROLES.items())
def test_only_administrators_and_planners_enter_the_admin(office, role, allowed):
    response = client_for(office.users[role]).get(reverse("admin:index"))
    assert (response.status_code == 200) is allowed
    if not allowed:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_changelists_show_only_the_users_office(office):
    other_chain = build_chain()
    node = office.sub
    planner_page = client_for(office.users["planner"]).get(url(PlanNode, "changelist"))
    assert node.name in planner_page.content.decode()
    assert other_chain[5].name not in planner_page.content.decode()
    outsider_page = client_for(office.users["outsider"]).get(url(PlanNode, "changelist"))
    assert node.name not in outsider_page.content.decode()


def test_city_wide_administrator_sees_every_office(office):
    city = UserFactory(username="admin-kota")
    Membership.objects.create(user=city, role=Role.ADMIN)
    other_chain = build_chain()
    page = client_for(city).get(url(PlanNode, "changelist")).content.decode()
    assert office.sub.name in page and other_chain[5].name in page


def test_another_office_cannot_open_or_change_a_node(office):
    outsider = client_for(office.users["outsider"])
    node = office.sub
    response = outsider.get(url(PlanNode, "change", node.pk))
    assert response.status_code == 302  # the admin answers "does not exist" for rows out of scope
    outsider.post(url(PlanNode, "change", node.pk), {"name": "Diubah kantor lain"})
    node.refresh_from_db()
    assert node.name != "Diubah kantor lain"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("planner", True), ("admin", True), ("operator_a", False), ("head", False)],
)
def test_plan_data_is_changed_by_planners_and_administrators(office, role, allowed):
    indicator = office.indicator
    client = client_for(office.users[role])
    change = url(type(indicator), "change", indicator.pk)
    page = client.get(change)
    assert (page.status_code == 200) is allowed
    if allowed:
        form = page.context["adminform"].form
        data = {name: form[name].value() or "" for name in form.fields}
        data.update({"name": "Jumlah peserta pelatihan", "_save": "Simpan"})
        for prefix in ("targets", "realisations"):
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        for formset in page.context["inline_admin_formsets"]:
            management = formset.formset.management_form
            for name in management.fields:
                data[f"{formset.formset.prefix}-{name}"] = management[name].value()
            for inline_form in formset.formset.forms:
                for name in inline_form.fields:
                    value = inline_form[name].value()
                    data[inline_form.add_prefix(name)] = "" if value is None else value
        response = client.post(change, data)
        assert response.status_code == 302, response.content.decode()[:2000]
    indicator.refresh_from_db()
    assert (indicator.name == "Jumlah peserta pelatihan") is allowed


def test_locks_are_made_by_office_administrators_through_the_service(office):
    data = {
        "organisation": office.organisation.pk,
        "year": 2024,
        "quarter": 2,
        "reason": "Laporan TW II terkirim",
        "exceptions-TOTAL_FORMS": "0",
        "exceptions-INITIAL_FORMS": "0",
    }
    planner = client_for(office.users["planner"])
    assert planner.post(url(PeriodLock, "add"), data).status_code == 403
    assert not PeriodLock.objects.exists()
    admin_client = client_for(office.users["admin"])
    response = admin_client.post(url(PeriodLock, "add"), data)
    assert response.status_code == 302
    lock = PeriodLock.objects.get()
    assert lock.locked_by == office.users["admin"]
    assert lock.history.get().history_user == office.users["admin"]


def test_office_administrator_cannot_grant_city_wide_roles(office):
    """An office administrator creates a colleague's account with its role in the office; a
    city-wide role (no office) is refused, and so is picking an existing user from outside."""
    newcomer = UserFactory(username="pegawai-lama")
    admin_client = client_for(office.users["admin"])
    account = {"username": "pegawai-baru", "password1": "Sandi-Kuat-2025!"}
    account["password2"] = account["password1"]
    city_wide = {**account, "role": Role.ADMIN, "organisation": "", "unit": ""}
    admin_client.post(url(Membership, "add"), city_wide)
    assert not Membership.objects.filter(user__username="pegawai-baru").exists()
    picked = {"user": newcomer.pk, "role": Role.OPERATOR, "organisation": office.organisation.pk}
    admin_client.post(url(Membership, "add"), {**picked, "unit": office.unit_a.pk})
    assert not Membership.objects.filter(user=newcomer).exists()
    own = {
        **account,
        "role": Role.OPERATOR,
        "organisation": office.organisation.pk,
        "unit": office.unit_a.pk,
    }
    assert admin_client.post(url(Membership, "add"), own).status_code == 302
    assert Membership.objects.get(user__username="pegawai-baru").unit == office.unit_a


def test_shared_scales_are_changed_by_city_wide_administrators_only(office):
    band = PredikatBand.objects.get(label="Tinggi")
    data = {"lower": "80", "inclusive": "", "label": "Tinggi", "colour": band.colour}
    client_for(office.users["admin"]).post(url(PredikatBand, "change", band.pk), data)
    band.refresh_from_db()
    assert band.lower == 75
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert client_for(superuser).post(url(PredikatBand, "change", band.pk), data).status_code == 302
    band.refresh_from_db()
    assert band.lower == 80
