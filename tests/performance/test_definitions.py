"""The indicator definition pages: the list with each sheet's completeness, the sheet edited by a
planner and read back in the IKU and definisi-indikator files, read-only for other roles, a stale
save refused naming who saved first, and hostile input refused in Indonesian."""

import pytest
from django.urls import reverse

from cascading.choices import Level, Polarity
from cascading.models import Indicator
from performance.definitions import save_definition
from performance.models import IndicatorDefinition
from tests.reports.pdfread import page_texts
from tests.reports.workbook import open_workbook

from .test_agreement import IKU


@pytest.fixture
def iku(office):
    return Indicator.objects.select_related("node").get(name=IKU, node__period__start_year=2024)


def sheet_url(indicator):
    return reverse("performance:definition", args=[indicator.pk])


def form_data(indicator, **changes):
    data = {
        "version": "0",
        "definition": indicator.definition,
        "formula": indicator.formula,
        "polarity": indicator.polarity,
        "satuan": indicator.satuan,
        "data_source": "",
        "frequency": "triwulanan",
        "reason": "",
    }
    return data | changes


def test_list_shows_every_indicator_and_its_completeness(
    client, office, users, iku, django_assert_max_num_queries
):
    client.force_login(users["operator"])
    url = reverse("performance:definitions") + "?tahun=2025"
    with django_assert_max_num_queries(15):
        page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    count = Indicator.objects.filter(node__period__start_year=2024).count()
    assert text.count("data-indicator=") == count
    assert IKU in text and "Belum lengkap" in text and "Simpan" not in text
    assert "definisi-indikator/2025.xlsx" in text
    # The Sasaran's IKU comes first, before the programs, as the plan reads.
    assert text.index(f'data-indicator="{iku.pk}"') == text.index("data-indicator=")
    # Filters: one level, one unit.
    program = client.get(url + f"&tingkat={Level.PROGRAM}").content.decode()
    programs = Indicator.objects.filter(node__period__start_year=2024, node__level=Level.PROGRAM)
    assert program.count("data-indicator=") == programs.count() and IKU not in program
    unit = iku.node.unit or office.units.first()
    by_unit = client.get(url + f"&unit={unit.pk}").content.decode()
    owned = Indicator.objects.filter(node__period__start_year=2024, node__unit=unit).count()
    assert by_unit.count("data-indicator=") == owned


def test_list_query_count_does_not_depend_on_rows(
    client, office, users, django_assert_max_num_queries
):
    client.force_login(users["planner"])
    url = reverse("performance:definitions") + f"?tahun=2025&tingkat={Level.TUJUAN}"
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("performance:definitions") + "?tahun=2025")


def test_planner_edits_a_sheet_and_the_documents_show_it(
    client, office, users, iku, django_assert_max_num_queries
):
    client.force_login(users["planner"])
    with django_assert_max_num_queries(15):
        page = client.get(sheet_url(iku))
    assert page.status_code == 200 and "Simpan" in page.content.decode()
    data = form_data(
        iku,
        definition="Persentase PPKS yang tertangani dibanding seluruh PPKS",
        formula="PPKS tertangani / seluruh PPKS x 100%",
        data_source="Aplikasi SIKS-NG Dinsos",
        frequency="semesteran",
        reason="Mengukur langsung sasaran strategis",
    )
    saved = client.post(sheet_url(iku), data)
    assert saved.status_code == 302, saved.content.decode()
    sheet = IndicatorDefinition.objects.get(indicator=iku)
    iku.refresh_from_db()
    assert (sheet.data_source, sheet.frequency, sheet.version) == (
        "Aplikasi SIKS-NG Dinsos",
        "semesteran",
        1,
    )
    assert iku.formula == "PPKS tertangani / seluruh PPKS x 100%"
    assert sheet.updated_by == users["planner"]
    entry = sheet.history.latest("history_date")
    assert entry.history_user == users["planner"] and "Sumber data" in entry.history_change_reason
    page = client.get(sheet_url(iku)).content.decode()
    assert "Aplikasi SIKS-NG Dinsos" in page and 'id="completeness">Lengkap' in page
    assert "perencana" in page
    listed = client.get(reverse("performance:definitions") + "?tahun=2025").content.decode()
    assert "Aplikasi SIKS-NG Dinsos" in listed and "Semesteran" in listed

    def document(kind, fmt):
        url = reverse("performance:document", args=[kind, 2025, fmt]) + f"?opd={office.code}"
        return client.get(url).content

    workbook = open_workbook(document("definisi-indikator", "xlsx"))
    sheet_tab = next(tab for tab in workbook.worksheets if tab.title.startswith(iku.node.code))
    cells = {row[0].value: row[1].value for row in sheet_tab.iter_rows() if len(row) > 1}
    assert cells["Sumber data"] == "Aplikasi SIKS-NG Dinsos"
    assert cells["Frekuensi pengukuran"] == "Semesteran"
    assert cells["Formula"] == "PPKS tertangani / seluruh PPKS x 100%"
    assert cells["Alasan pemilihan (IKU)"] == "Mengukur langsung sasaran strategis"
    text = " ".join(page_texts(document("definisi-indikator", "pdf")))
    assert "Aplikasi SIKS-NG Dinsos" in " ".join(text.split())
    iku_rows = [
        [cell.value for cell in row]
        for row in open_workbook(document("iku", "xlsx")).worksheets[0].iter_rows()
    ]
    line = next(row for row in iku_rows if IKU in row)
    assert "Aplikasi SIKS-NG Dinsos" in line
    assert any("PPKS tertangani / seluruh PPKS x 100%" in str(value) for value in line)


@pytest.mark.parametrize("role", ["head", "reviewer", "operator"])
def test_other_roles_read_but_do_not_write(client, users, iku, role):
    client.force_login(users[role])
    page = client.get(sheet_url(iku))
    assert page.status_code == 200
    assert "Simpan" not in page.content.decode() and "disabled" in page.content.decode()
    refused = client.post(sheet_url(iku), form_data(iku, data_source="X"))
    assert refused.status_code == 403
    assert not IndicatorDefinition.objects.filter(indicator=iku).exists()


def test_outsiders_and_bad_ids_are_refused(client, users, iku):
    client.force_login(users["outsider"])
    assert client.get(sheet_url(iku)).status_code == 403
    client.force_login(users["planner"])
    for pk in (0, 99999999, 2**40):
        assert client.get(f"/perjanjian-kinerja/definisi/{pk}/").status_code == 404
    url = reverse("performance:definitions")
    for query in ("tingkat=9", "tingkat=x", "unit=abc", "unit=999999", "tahun=20x5"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400, query
    assert client.get(f"{url}?tahun=2031").status_code == 404


def test_hostile_input_gives_form_errors_naming_the_field(client, users, iku):
    client.force_login(users["planner"])
    cases = {
        "polarity": ("sideways", "Polaritas"),
        "frequency": ("sometimes", "Frekuensi pengukuran"),
        "data_source": ("x" * 301, "Sumber data"),
        "satuan": ("%" * 51, "Satuan"),
    }
    for field, (value, label) in cases.items():
        response = client.post(sheet_url(iku), form_data(iku, **{field: value}))
        assert response.status_code == 400, field
        assert f"{label}:" in response.content.decode(), field
    response = client.post(sheet_url(iku), form_data(iku, formula="a\x00b"))
    assert response.status_code == 400 and "karakter kendali" in response.content.decode()
    response = client.post(sheet_url(iku), form_data(iku, version="satu"))
    assert response.status_code == 400 and "Versi" in response.content.decode()
    response = client.post(sheet_url(iku), form_data(iku, version="7"))
    assert response.status_code == 400 and "muat ulang" in response.content.decode()
    assert not IndicatorDefinition.objects.filter(indicator=iku).exists()
    iku.refresh_from_db()
    assert iku.polarity == Polarity.POSITIVE


def test_a_stale_save_is_refused_naming_who_saved_first(client, users, iku):
    first = users["admin"]
    save_definition(
        user=first,
        indicator=iku,
        expected_version=0,
        values={"data_source": "Laporan bidang", "frequency": "triwulanan"},
    )
    client.force_login(users["planner"])
    # The planner loaded the page before the administrator saved (no sheet yet: version 0).
    response = client.post(sheet_url(iku), form_data(iku, data_source="Data lain", version="0"))
    assert response.status_code == 409
    text = response.content.decode()
    assert "admin-opd" in text and "Laporan bidang" in text
    assert IndicatorDefinition.objects.get(indicator=iku).data_source == "Laporan bidang"
    # Saving again from the refreshed form (it carries the current version) overwrites.
    response = client.post(sheet_url(iku), form_data(iku, data_source="Data lain", version="1"))
    assert response.status_code == 302
    sheet = IndicatorDefinition.objects.get(indicator=iku)
    assert (sheet.data_source, sheet.version) == ("Data lain", 2)
    assert sheet.history.count() == 2


def test_line_breaks_sent_by_a_browser_are_not_a_change(client, users, iku):
    Indicator.objects.filter(pk=iku.pk).update(definition="Baris satu\nbaris dua")
    iku.refresh_from_db()
    client.force_login(users["planner"])
    data = form_data(iku, definition="Baris satu\r\nbaris dua\r\n", data_source="Laporan")
    assert client.post(sheet_url(iku), data).status_code == 302
    sheet = IndicatorDefinition.objects.get(indicator=iku)
    assert sheet.history.get().history_change_reason == "Diubah: Sumber data"
    iku.refresh_from_db()
    assert iku.definition == "Baris satu\nbaris dua"
