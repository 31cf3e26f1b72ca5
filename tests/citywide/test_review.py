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


def test_review_page_shows_the_quarter_figures_and_the_history(
    office, bappeda, django_assert_max_num_queries
):
    """Bappeda reviews with the office's figures in front of it (those of the city table: IKU
    80 of 100 verified, Rp 250.000 of Rp 1.000.000 spent, 3 of 3 entered, 1 waiting, 1
    returned), a link to the quarter's evaluasi Renja, and who marked what before."""
    client = client_for(bappeda)
    query = {"opd": office.code, "tahun": YEAR, "tw": 1}
    with django_assert_max_num_queries(30):
        page = client.get(URL, query).content.decode()
    figures = page[page.index('id="review-figures"') : page.index('id="current-title"')]
    assert 'data-field="capaian">80,00 %' in figures
    assert 'data-field="serapan">25,00 %' in figures
    assert "Rp 250.000,00 / Rp 1.000.000,00" in figures
    assert 'data-field="entri">3/3 (100,00 %)' in figures
    assert 'data-field="antrean">1<' in figures and 'data-field="kembali">1<' in figures
    assert "IKU uji" in figures
    assert f"/laporan/evaluasi-renja/{YEAR}/?opd={office.code}&amp;tw=1" in page
    assert 'id="review-history"' not in page

    post(client, office, status="received")
    post(client, office, status="reviewed", catatan="Lengkap.", versi=1)
    page = client.get(URL, query).content.decode()
    history = page[page.index('id="review-history"') :]
    assert history.index('data-review="reviewed"') < history.index('data-review="received"')
    assert "Ditelaah</strong>" in history and "Lengkap." in history


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
