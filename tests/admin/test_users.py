"""A user and their role on one admin screen, and Django's own flags for superusers only."""

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from renstra.models import Membership, Role
from tests.factories import OrganisationFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "Sandi-Operator-2026"
DJANGO_FLAGS = ("is_staff", "is_superuser", "groups", "user_permissions")
ADD_URL = reverse("admin:auth_user_add")


def page_data(response) -> dict:
    """What the browser posts back from an admin page as it was served."""
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


def office_admin(organisation):
    user = UserFactory(username="admin-dinas")
    Membership.objects.create(user=user, role=Role.ADMIN, organisation=organisation)
    return user


def new_operator_form(client, organisation, unit, **extra) -> dict:
    page = client.get(ADD_URL)
    assert page.status_code == 200
    return (
        page_data(page)
        | {
            "username": "operator-baru",
            "first_name": "Sari",
            "last_name": "Wulandari",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "membership-0-role": Role.OPERATOR,
            "membership-0-organisation": organisation.pk,
            "membership-0-unit": unit.pk,
        }
        | extra
    )


def test_an_office_admin_creates_an_operator_in_one_form_who_then_enters_values(
    client, seeded_plan
):
    unit = seeded_plan.units.order_by("pk").first()
    client.force_login(office_admin(seeded_plan))

    response = client.post(ADD_URL, new_operator_form(client, seeded_plan, unit))

    assert response.status_code == 302, response.context["adminform"].form.errors
    operator = User.objects.get(username="operator-baru")
    assert (operator.first_name, operator.last_name) == ("Sari", "Wulandari")
    assert (operator.is_staff, operator.is_superuser) == (False, False)
    assert (
        operator.membership.role,
        operator.membership.organisation,
        operator.membership.unit,
    ) == (
        Role.OPERATOR,
        seeded_plan,
        unit,
    )

    client.logout()
    login = client.post(
        reverse("login"), {"username": "operator-baru", "password": PASSWORD}, follow=True
    )
    assert login.context["user"] == operator
    sheet = client.get(reverse("entry:start"), follow=True)
    assert sheet.status_code == 200
    assert sheet.templates[0].name == "entry/sheet.html"
    assert "Isi realisasi tahun" in sheet.text
    assert unit.name in sheet.text


def test_the_office_admin_never_sees_or_grants_django_flags(client):
    organisation = OrganisationFactory()
    unit = UnitFactory(organisation=organisation)
    client.force_login(office_admin(organisation))
    group = Group.objects.create(name="Kelompok")
    permission = Permission.objects.get(codename="change_user")

    page = client.get(ADD_URL)
    for name in DJANGO_FLAGS:
        assert f'name="{name}"' not in page.text
    posted = new_operator_form(
        client,
        organisation,
        unit,
        is_staff="on",
        is_superuser="on",
        groups=[group.pk],
        user_permissions=[permission.pk],
    )
    response = client.post(ADD_URL, posted)

    assert response.status_code == 302
    operator = User.objects.get(username="operator-baru")
    assert (operator.is_staff, operator.is_superuser) == (False, False)
    assert not operator.groups.exists() and not operator.user_permissions.exists()
    change = client.get(reverse("admin:auth_user_change", args=[operator.pk]))
    assert change.status_code == 200
    for name in DJANGO_FLAGS:
        assert f'name="{name}"' not in change.text
    assert "Can add log entry" not in change.text


def test_a_superuser_still_sees_django_flags(admin_client):
    operator = UserFactory()

    for url in (ADD_URL, reverse("admin:auth_user_change", args=[operator.pk])):
        page = admin_client.get(url)
        assert page.status_code == 200
        assert 'name="membership-0-role"' in page.text
    for name in DJANGO_FLAGS:
        assert f'name="{name}"' in page.text


def test_an_office_admin_sees_and_creates_users_of_their_own_office_only(client):
    organisation, other = OrganisationFactory(), OrganisationFactory()
    unit, other_unit = UnitFactory(organisation=organisation), UnitFactory(organisation=other)
    colleague = UserFactory(username="rekan")
    Membership.objects.create(user=colleague, role=Role.HEAD, organisation=organisation)
    stranger = UserFactory(username="orang-lain")
    Membership.objects.create(
        user=stranger, role=Role.OPERATOR, organisation=other, unit=other_unit
    )
    superuser = UserFactory(username="super", is_superuser=True, is_staff=True)
    client.force_login(office_admin(organisation))

    listing = client.get(reverse("admin:auth_user_changelist"))
    shown = {user.username for user in listing.context["cl"].result_list}
    assert shown == {"admin-dinas", "rekan"}
    for user in (stranger, superuser):
        assert client.get(reverse("admin:auth_user_change", args=[user.pk])).status_code == 302
        assert (
            client.get(reverse("admin:auth_user_password_change", args=[user.pk])).status_code
            == 404
        )

    # Another office, or no office at all (a city-wide role), is refused on the form.
    for office in (other.pk, ""):
        response = client.post(
            ADD_URL,
            new_operator_form(client, organisation, unit, **{"membership-0-organisation": office}),
        )
        assert response.status_code == 200
        inline_errors = response.context["inline_admin_formsets"][0].formset.errors
        assert "organisation" in inline_errors[0]
    # No role at all is refused too: the user would be invisible to everyone.
    without_role = new_operator_form(client, organisation, unit) | {
        "membership-0-role": "",
        "membership-0-organisation": "",
        "membership-0-unit": "",
    }
    assert client.post(ADD_URL, without_role).status_code == 200
    assert not User.objects.filter(username="operator-baru").exists()


def test_planners_do_not_manage_users(client):
    organisation = OrganisationFactory()
    planner = UserFactory()
    Membership.objects.create(user=planner, role=Role.PLANNER, organisation=organisation)
    client.force_login(planner)

    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(ADD_URL).status_code == 403


def test_an_office_admin_sends_password_links_from_the_user_list(client):
    """A lost invitation: the office administrator selects users and sends fresh links. A user
    without an e-mail is named, not mailed; the link lets the user set a password and log in;
    another office's user cannot be chosen."""
    import re

    from django.core import mail

    organisation = OrganisationFactory()
    unit = UnitFactory(organisation=organisation)
    client.force_login(office_admin(organisation))
    with_mail = UserFactory(username="operator-a", email="a@contoh.go.id")
    without = UserFactory(username="operator-b", email="")
    other = UserFactory(username="operator-lain", email="lain@contoh.go.id")
    for user in (with_mail, without):
        Membership.objects.create(
            user=user, role=Role.OPERATOR, organisation=organisation, unit=unit
        )
    other_office = OrganisationFactory()
    Membership.objects.create(
        user=other,
        role=Role.OPERATOR,
        organisation=other_office,
        unit=UnitFactory(organisation=other_office),
    )
    changelist = reverse("admin:auth_user_changelist")
    response = client.post(
        changelist,
        {
            "action": "send_password_links",
            "_selected_action": [with_mail.pk, without.pk, other.pk],
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Tautan atur sandi terkirim ke: operator-a." in page
    assert "Tidak dikirim (tanpa e-mail atau tidak aktif): operator-b." in page
    assert [message.to for message in mail.outbox] == [["a@contoh.go.id"]]
    link = re.search(r"https?://\S+/sandi/atur/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    form = client.get("/" + path, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else "/" + path,
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert done.status_code == 302
    with_mail.refresh_from_db()
    assert with_mail.check_password(PASSWORD)
    logged_in = client.post("/masuk/", {"username": "operator-a", "password": PASSWORD})
    assert logged_in.status_code == 302
