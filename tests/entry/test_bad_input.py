"""The inputs that once answered 500 now get a clear refusal and change nothing: NUL and
control characters anywhere in a request, digits `int()` does not read (`²`, `١٢`), and crafted
admin requests."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cascading.choices import Status
from cascading.models import Realisation
from cascading.services import save_realisation
from renstra.params import ascii_int, ascii_year, has_control_characters

pytestmark = pytest.mark.django_db

SHEET = reverse("entry:sheet", args=[2024, 1])
VERIFY = reverse("entry:verify", args=[2024, 1])
REFUSED = "karakter kendali"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submitted(office) -> Realisation:
    record = save_realisation(
        user=office.users["operator_a"], indicator=office.indicator, year=2024, quarter=1, value="7"
    )
    record.status = Status.SUBMITTED
    record.save()
    return record


def test_ascii_int_reads_only_ascii_digits_in_range():
    assert ascii_int("12") == 12
    assert ascii_int("0012") == 12
    for text in ("²", "١٢", "１", "-1", "-0", "1e9", " 1", "1.5", "", None, "2147483648"):
        assert ascii_int(text) is None, text
    assert ascii_int("5", maximum=4) is None
    assert ascii_year("2024") == 2024
    assert ascii_year("99999") is None
    assert has_control_characters("a\x00b")
    assert not has_control_characters("baris\r\nkedua\tkolom", multiline=True)
    assert has_control_characters("baris\r\nkedua")


@pytest.mark.parametrize(
    "url",
    [
        f"{SHEET}?opd=a%00b",
        f"{reverse('home')}?opd=%00",
        f"{reverse('reports:index')}?kertas=a4%01",
        f"{reverse('dashboard:tree')}?unit=1%00",
    ],
)
def test_a_nul_in_a_query_is_refused_in_indonesian(office, url):
    response = client_for(office.users["admin"]).get(url)

    assert response.status_code == 400
    assert REFUSED in response.content.decode()


def test_a_nul_in_a_note_is_refused_and_nothing_is_saved(office):
    key = f"i{office.indicator.pk}"

    response = client_for(office.users["operator_a"]).post(
        reverse("entry:save-row", args=[2024, 1, key]),
        {f"value-{key}": "10", f"note-{key}": "catatan\x00", f"version-{key}": "0"},
    )

    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert not Realisation.objects.exists()


def test_a_note_over_several_lines_is_kept(office):
    key = f"i{office.indicator.pk}"

    response = client_for(office.users["operator_a"]).post(
        reverse("entry:save-row", args=[2024, 1, key]),
        {f"value-{key}": "10", f"note-{key}": "baris satu\r\n\tbaris dua", f"version-{key}": "0"},
    )

    assert response.status_code == 200
    assert Realisation.objects.get().note == "baris satu\r\n\tbaris dua"


def test_a_superscript_version_does_not_fail_the_save(office):
    key = f"i{office.indicator.pk}"

    response = client_for(office.users["operator_a"]).post(
        reverse("entry:save-row", args=[2024, 1, key]),
        {f"value-{key}": "10", f"note-{key}": "", f"version-{key}": "²"},
    )

    assert response.status_code == 200
    assert Realisation.objects.get().value == 10


def test_a_nul_in_a_return_reason_is_refused_and_the_value_stays_submitted(office):
    record = submitted(office)

    response = client_for(office.users["head"]).post(
        VERIFY, {"action": "return", "kind": "indikator", "pk": record.pk, "comment": "x\x00"}
    )

    assert response.status_code == 400
    record.refresh_from_db()
    assert (record.status, record.return_comment) == (Status.SUBMITTED, "")


@pytest.mark.parametrize("pk", ["²", "١", "-1", "99999999999999999999"])
def test_a_verification_pk_that_is_not_an_id_answers_404(office, pk):
    record = submitted(office)

    response = client_for(office.users["head"]).post(
        VERIFY, {"action": "verify", "kind": "indikator", "pk": pk}
    )

    assert response.status_code == 404
    record.refresh_from_db()
    assert record.status == Status.SUBMITTED


@pytest.mark.parametrize("value", ["²", "١٢", "2024²", "99999999999999999999"])
def test_unreadable_year_quarter_and_unit_fall_back_to_the_default(office, value):
    head = client_for(office.users["head"])

    for url in (
        f"{reverse('home')}?tahun={value}&tw={value}",
        f"{VERIFY}?unit={value}",
        f"{reverse('dashboard:indicator', args=[office.indicator.pk])}?tahun={value}",
        f"{reverse('imports:index')}?tahun={value}&tw={value}",
    ):
        response = head.get(url)
        assert response.status_code in (200, 403, 404), url
    planner = client_for(office.users["planner"])
    submit = planner.post(reverse("entry:submit", args=[2024, 1]), {"unit": value})
    assert submit.status_code == 302


def test_api_refuses_unreadable_numbers_and_control_characters_as_json(office):
    code = office.organisation.code
    token, _created = Token.objects.get_or_create(user=office.users["head"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    year = client.get(reverse("api:realisations", args=[code]), {"tahun": "²"})
    nul = client.get(reverse("api:realisations", args=[code]), {"tw": "1\x00"})

    assert year.status_code == 400
    assert "tahun" in year.json()
    assert nul.status_code == 400
    assert REFUSED in nul.json()["detail"]


def test_admin_search_and_filters_with_nul_or_superscripts_do_not_fail(admin_client, office):
    plan_nodes = reverse("admin:cascading_plannode_changelist")
    targets = reverse("admin:cascading_indicatortarget_changelist")

    search = admin_client.get(plan_nodes, {"q": "1.06\x00"})
    period = admin_client.get(plan_nodes, {"period__id__exact": "²"})
    year = admin_client.get(targets, {"year": "２０２４"})
    to_field = admin_client.get(
        reverse("admin:cascading_plannode_change", args=[office.sub.pk]), {"_to_field": ""}
    )
    export = admin_client.get(reverse("admin:cascading_plannode_export"), {"tahun": "1"})

    assert search.status_code == 400
    assert REFUSED in search.content.decode()
    assert (period.status_code, period["Location"]) == (302, f"{plan_nodes}?e=1")
    assert (year.status_code, year["Location"]) == (302, f"{targets}?e=1")
    assert to_field.status_code == 400
    assert export.status_code == 400


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": "²", "import_file_name": "x.xlsx"}, "Konfirmasi impor tidak dapat diproses"),
        ({"format": "7", "import_file_name": "x.xlsx"}, "Konfirmasi impor tidak dapat diproses"),
        (
            {"format": "0", "import_file_name": "tidak-ada.xlsx"},
            "Berkas impor sementara tidak dikenal",
        ),
    ],
)
def test_a_crafted_import_confirmation_goes_back_to_the_import_form(
    admin_client, office, data, message
):
    url = reverse("admin:cascading_realisation_process_import")

    response = admin_client.post(
        url,
        {
            "original_file_name": "x.xlsx",
            "resource": "0",
            "organisation": office.organisation.pk,
            "status": Status.DRAFT,
            **data,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:cascading_realisation_import")
    page = admin_client.get(response["Location"]).content.decode()
    assert message in page
    assert not Realisation.objects.exists()
