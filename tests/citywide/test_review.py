"""Bappeda's review of each office's evaluasi Renja per quarter: received / reviewed / returned
with a note; the office sees it; stale forms and parallel writes refused cleanly."""

import pytest
from django.db import connection

from city.models import QuarterReview
from renstra.models import Role
from tests.entry.test_concurrency import in_parallel, logged_in

from .conftest import YEAR, client_for, generated_office, member

URL = "/kota/telaah/"


@pytest.fixture
def office(db):
    return generated_office(1)


def post(client, office, **data):
    return client.post(URL, {"opd": office.code, "tahun": YEAR, "tw": 1, **data})


def test_review_flow_and_the_office_sees_it(office, bappeda):
    bappeda.first_name, bappeda.last_name = "Sri", "Penelaah"
    bappeda.save()
    client = client_for(bappeda)
    page = client.get(URL, {"opd": office.code, "tahun": YEAR, "tw": 1})
    assert page.status_code == 200 and "Belum ditelaah." in page.content.decode()
    assert post(client, office, status="received").status_code == 302
    review = QuarterReview.objects.get()
    assert (review.status, review.version, review.reviewer) == ("received", 1, bappeda)
    response = post(
        client, office, status="returned", catatan="Realisasi TW 1 belum lengkap.", versi=1
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.version) == ("returned", 2)
    assert review.history.count() == 2
    city = client.get("/kota/", {"tahun": YEAR, "tw": 1}).content.decode()
    assert 'data-review="returned">Dikembalikan' in city
    head = member("kadis-1", Role.HEAD, office)
    home = client_for(head).get("/", {"opd": office.code, "tahun": YEAR, "tw": 1})
    content = home.content.decode()
    assert 'id="office-reviews"' in content
    assert "TW 1: Dikembalikan oleh Sri Penelaah — Realisasi TW 1 belum lengkap." in content


def test_returned_without_note_is_refused(office, bappeda):
    response = post(client_for(bappeda), office, status="returned", catatan="  ")
    assert response.status_code == 400
    assert "wajib disertai catatan" in response.content.decode()
    assert not QuarterReview.objects.exists()


def test_stale_form_is_refused(office, bappeda):
    client = client_for(bappeda)
    post(client, office, status="received")
    post(client, office, status="reviewed", versi=1)
    response = post(client, office, status="returned", catatan="Lama", versi=1)
    assert response.status_code == 400
    assert "sudah diubah" in response.content.decode()
    assert QuarterReview.objects.get().status == "reviewed"


@pytest.mark.parametrize(
    "data",
    [
        {"status": "approved"},
        {"status": "received", "tw": "5"},
        {"status": "received", "tahun": "²⁰²⁴"},
        {"status": "received", "opd": "tidak-ada"},
    ],
)
def test_hostile_review_is_refused(office, bappeda, data):
    response = client_for(bappeda).post(URL, {"opd": office.code, "tahun": YEAR, "tw": 1, **data})
    assert response.status_code in (400, 404)
    assert not QuarterReview.objects.exists()


@pytest.mark.parametrize("role", ["office-admin", "office-head", Role.REVIEWER])
def test_only_bappeda_reviews(office, role):
    if role == "office-admin":
        user = member("admin-opd", Role.ADMIN, office)
    elif role == "office-head":
        user = member("kadis-opd", Role.HEAD, office)
    else:
        user = member("peninjau-kota", role)
    response = post(client_for(user), office, status="reviewed")
    assert response.status_code == 403
    assert not QuarterReview.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Row locks: PostgreSQL.")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_reviews_one_wins_no_500():
    office = generated_office(1)
    first = member("bappeda-1", Role.BAPPEDA)
    second = member("bappeda-2", Role.BAPPEDA)
    from city.services import review_quarter

    review_quarter(user=first, organisation=office, year=YEAR, quarter=1, status="received")
    clients = [logged_in(first), logged_in(second)]
    results = in_parallel(
        lambda: post(clients[0], office, status="reviewed", versi=1),
        lambda: post(clients[1], office, status="returned", catatan="Kurang", versi=1),
    )
    codes = sorted(result.status_code for result in results)
    assert codes == [302, 400]
    review = QuarterReview.objects.get()
    assert review.version == 2
    assert review.history.count() == 2


def test_evaluasi_renja_pdf_names_the_reviewer_once_reviewed(office, bappeda):
    from io import BytesIO

    from pypdf import PdfReader

    from city.services import review_quarter
    from renstra.reports.choices import FileFormat, ReportKind
    from renstra.reports.exports import build_document, write_file

    def evaluator_block() -> str:
        document = build_document(kind=ReportKind.EVALUASI_RENJA, organisation=office, year=YEAR)
        reader = PdfReader(BytesIO(write_file(document, FileFormat.PDF)))
        return " ".join(page.extract_text() for page in reader.pages)

    bappeda.first_name, bappeda.last_name = "Sri", "Penelaah"
    bappeda.save()
    review_quarter(user=bappeda, organisation=office, year=YEAR, quarter=1, status="received")
    assert "Sri Penelaah" not in evaluator_block()
    review_quarter(user=bappeda, organisation=office, year=YEAR, quarter=1, status="reviewed")
    content = evaluator_block()
    assert "Dievaluasi oleh," in content and "Sri Penelaah" in content
