"""The database connection dies in the middle of a save, an import or a page: nothing is half
written, the user reads a clear Indonesian message, and the next request works again."""

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from budgeting.models import BudgetRealisation
from cascading.choices import ValueKind
from cascading.models import Indicator, PlanNode, Realisation
from renstra.models import Organisation

from .conftest import connection_killed_before, idle_connection_killed

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

UNAVAILABLE = "Basis data sedang tidak dapat dihubungi, coba lagi"
SHEET = reverse("entry:sheet", args=[2024, 2])
SAVE_ALL = SHEET  # "Simpan semua" posts the sheet itself


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sheet_post(office) -> dict[str, str]:
    """A page save of three rows: two indicator values and a budget realisation."""
    indicators = Indicator.objects.filter(
        node__period=office.sub_kegiatan.period,
        node__unit=office.sub_kegiatan.unit,
        value_kind=ValueKind.NUMBER,
    ).order_by("node__code_key", "order")[:2]
    data = {}
    for key, value in [(f"i{i.pk}", "5") for i in indicators] + [
        (f"b{office.sub_kegiatan.pk}", "750.000")
    ]:
        data |= {f"value-{key}": value, f"version-{key}": "0", f"shown-value-{key}": ""}
    return data


def second_quarter_rows(office) -> tuple[int, int]:
    return (
        Realisation.objects.filter(
            indicator__node__organisation=office.organisation, year=2024, quarter=2
        ).count(),
        BudgetRealisation.objects.filter(
            node__organisation=office.organisation, year=2024, quarter=2
        ).count(),
    )


def history_rows() -> tuple[int, int]:
    return Realisation.history.count(), BudgetRealisation.history.count()


def test_a_page_save_cut_off_before_its_last_row_writes_nothing(city):
    office = city.a
    client = logged_in(office.users["planner"])
    history_before = history_rows()
    with connection_killed_before(r'^INSERT INTO "budgeting_budgetrealisation"') as kill:
        response = client.post(SAVE_ALL, sheet_post(office))
    assert kill.happened
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert UNAVAILABLE in page and "tidak ada data yang tersimpan sebagian" in page
    # The two indicator rows were inserted on the killed connection: the server rolled them back.
    assert second_quarter_rows(office) == (0, 0)
    assert history_rows() == history_before

    # The database is back: the next request works, and the same save goes through whole.
    assert client.get(SHEET).status_code == 200
    assert client.post(SAVE_ALL, sheet_post(office)).status_code == 302
    assert second_quarter_rows(office) == (2, 1)


def test_a_row_save_cut_off_between_the_value_and_its_audit_entry_writes_nothing(city):
    office = city.a
    client = logged_in(office.users["operator"])
    key = f"i{office.indicator.pk}"
    url = reverse("entry:save-row", args=[2024, 2, key])
    with connection_killed_before(r'^INSERT INTO "cascading_historicalrealisation"') as kill:
        response = client.post(
            url, {f"value-{key}": "4", f"version-{key}": "0"}, HTTP_HX_REQUEST="true"
        )
    assert kill.happened and response.status_code == 503
    assert UNAVAILABLE in response.content.decode()
    assert second_quarter_rows(office) == (0, 0)
    response = client.post(
        url, {f"value-{key}": "4", f"version-{key}": "0"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert second_quarter_rows(office) == (1, 0)


def test_verifying_a_quarter_cut_off_halfway_verifies_nothing(city):
    office = city.b
    operator = office.users["operator"]
    submitted_before = Realisation.objects.filter(
        indicator__node__organisation=office.organisation, status="submitted"
    ).count()
    client = logged_in(operator)
    client.post(SAVE_ALL, sheet_post(office))
    client.post(reverse("entry:submit", args=[2024, 2]))
    head = logged_in(office.users["head"])
    verify = reverse("entry:verify", args=[2024, 2])
    with connection_killed_before(r'^UPDATE "budgeting_budgetrealisation"') as kill:
        response = head.post(verify, {"action": "verify-all"})
    assert kill.happened and response.status_code == 503
    submitted = Realisation.objects.filter(
        indicator__node__organisation=office.organisation, status="submitted"
    )
    assert submitted.count() == submitted_before + 2
    assert head.post(verify, {"action": "verify-all"}).status_code == 302
    assert submitted.count() == submitted_before


def test_an_import_cut_off_halfway_leaves_no_office_behind(city):
    with (
        connection_killed_before(r'^INSERT INTO "cascading_plannode"', occurrence=40) as kill,
        pytest.raises(OperationalError),
    ):
        call_command("seed_renstra", organisation_code="dinas-c")
    assert kill.happened
    assert not Organisation.objects.filter(code="dinas-c").exists()
    assert not PlanNode.objects.filter(organisation__code="dinas-c").exists()
    call_command("seed_renstra", organisation_code="dinas-c")
    assert (
        PlanNode.objects.filter(organisation__code="dinas-c").count()
        == PlanNode.objects.filter(organisation=city.a.organisation).count()
    )


def test_a_page_read_cut_off_answers_503_and_the_next_one_works(city):
    client = logged_in(city.a.users["reviewer"])
    with connection_killed_before(r'"cascading_plannode"') as kill:
        response = client.get(reverse("home"), {"tahun": 2024})
    assert kill.happened and response.status_code == 503
    assert UNAVAILABLE in response.content.decode()
    assert client.get(reverse("home"), {"tahun": 2024}).status_code == 200


def test_the_api_answers_503_in_json(city):
    token, _created = Token.objects.get_or_create(user=city.a.users["reviewer"])
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    url = reverse("api:tree", kwargs={"code": city.a.code})
    with connection_killed_before(r'"cascading_indicatortarget"') as kill:
        response = client.get(url, {"tahun": 2024})
    assert kill.happened and response.status_code == 503
    assert response.json() == {"detail": UNAVAILABLE}
    assert client.get(url, {"tahun": 2024}).status_code == 200


def test_losing_the_database_while_saving_the_login_session_asks_to_log_in_again(city):
    client = Client(raise_request_exception=False)
    credentials = {"username": city.a.users["planner"].username, "password": "rahasia-uji-123"}
    with connection_killed_before(r'^UPDATE "django_session"') as kill:
        response = client.post(reverse("login"), credentials)
    assert kill.happened and response.status_code == 400
    assert "Permintaan tidak dapat diproses" in response.content.decode()
    response = client.post(reverse("login"), credentials)
    assert response.status_code == 302 and response["Location"] == reverse("home")


@pytest.fixture
def persistent_connections():
    """Connections kept between requests, as production may keep them (CONN_MAX_AGE)."""
    saved = connection.settings_dict["CONN_MAX_AGE"]
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = None
    yield
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = saved


def test_the_test_settings_check_a_kept_connection_before_using_it(city, persistent_connections):
    """CONN_HEALTH_CHECKS is on in every settings module (base): a connection the database
    dropped while idle is replaced at the start of the next request, which succeeds."""
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    client = logged_in(city.a.users["reviewer"])
    assert client.get(reverse("home"), {"tahun": 2024}).status_code == 200
    idle_connection_killed()
    assert client.get(reverse("home"), {"tahun": 2024}).status_code == 200
    assert client.get(reverse("health")).json() == {"status": "ok", "database": "ok"}
