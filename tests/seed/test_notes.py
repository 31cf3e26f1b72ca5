"""Every known inconsistency of the document is a data note; the values stay as printed."""

import pytest

from cascading.choices import NoteKind
from cascading.models import DataNote

DIFFERENCE, ERROR, INTERPRETATION = (
    NoteKind.DOCUMENT_DIFFERENCE,
    NoteKind.DOCUMENT_ERROR,
    NoteKind.INTERPRETATION,
)
TABLES_42_61 = "Tabel 4.2 / Tabel 6.1"

EXPECTED = {
    (2019, DIFFERENCE, "Tabel 2.4", "T1.S1.P4 angka sama dengan baris lain"),
    (2019, DIFFERENCE, "Tabel 2.4", "Tujuan"),
    (2019, INTERPRETATION, "Tabel 2.4 / Tabel 2.5", "Program periode 2019-2023"),
    (2019, ERROR, "Tabel 2.5", "T2.S1 capaian 2021"),
    (2024, DIFFERENCE, "Bab IV 4.1 / Bab VII 7.1 / Tabel 4.2", "Tujuan PD"),
    (2024, INTERPRETATION, "Bab IV 4.1.2", "Unit penanggung jawab"),
    (2024, INTERPRETATION, "Bab IV 4.1.2 / Bab VII 7.1", "IKU"),
    (2024, DIFFERENCE, "Bab VI 6.1 / Tabel 6.1", "Fasilitas Kunjungan Tamu"),
    (
        2024,
        DIFFERENCE,
        "Bab VI 6.1 / Tabel 6.1",
        "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
    ),
    (2024, DIFFERENCE, "Bab VI 6.1 / Tabel 6.1", "Penyediaan Barang Cetak dan Penggandaan"),
    (2024, INTERPRETATION, "Bab VI 6.2", "Sumber dana"),
    (2024, DIFFERENCE, "Bab VII 7.2 / Tabel 6.1", "1.06.02 target IKK 2024"),
    (2024, ERROR, "Tabel 4.2", "1.06.06 sasaran"),
    (2024, INTERPRETATION, "Tabel 4.2", "Target tunggal"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.02 indikator"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.04 indikator"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.04.2.01 indikator"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.04.2.01.01 indikator"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.04.2.01.07 target"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.04.2.01.08 target"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.04.2.01.09 target"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.04.2.01.10 target"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.04.2.01.11 target"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.04.2.01.12 target"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.04.2.02 indikator"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.04.2.02.03 indikator"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.04.2.02.07 target"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.05.2.02.01 target"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.05.2.02.03 target"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.06 indikator"),
    (2024, DIFFERENCE, TABLES_42_61, "1.06.06.2.01 indikator"),
    (2024, DIFFERENCE, "Tabel 6.1", "1.06.01.2.07.05 satuan"),
    (2024, DIFFERENCE, "Tabel 6.1", "1.06.01.2.07.11 kondisi akhir"),
    (2024, DIFFERENCE, "Tabel 6.1", "1.06.01.2.09.09 target 2025"),
    (2024, DIFFERENCE, "Tabel 6.1", "1.06.05.2.02.02 kondisi akhir"),
    (2024, DIFFERENCE, "Tabel 6.1", "Baris tanpa kode"),
    (2024, DIFFERENCE, "Tabel 6.1", "Kolom (1) Tujuan"),
    (2024, DIFFERENCE, "Tabel 6.1", "Kolom (2) Sasaran"),
}


def test_the_notes(seeded_plan):
    notes = DataNote.objects.filter(organisation=seeded_plan).select_related("period")
    assert {(n.period.start_year, n.kind, n.source, n.subject) for n in notes} == EXPECTED
    assert all(note.text for note in notes)


@pytest.mark.parametrize(
    ("source", "subject", "fragments"),
    [
        (TABLES_42_61, "1.06.05.2.02.03 target", ["3500 KK", "6.900 Keluarga (2024)"]),
        (TABLES_42_61, "1.06.04.2.01.07 target", ["100 Org", "35 Orang (2024)"]),
        (TABLES_42_61, "1.06.05.2.02.01 target", ["21.955 KK", "21.955 Orang", "satuannya"]),
        ("Bab VII 7.2 / Tabel 6.1", "1.06.02 target IKK 2024", ["Bab VII 7.2 80%", "100 %"]),
        (
            "Tabel 6.1",
            "Kolom (1) Tujuan",
            ["Meningkatnya Kesejahteraan Masyarakat", "Sasaran Pemda"],
        ),
        ("Tabel 2.5", "T2.S1 capaian 2021", ["C = 113,49", "T = 2,8", "R = 3,18", "113,57"]),
        ("Tabel 6.1", "1.06.01.2.09.09 target 2025", ["3 Unit", "2 Unit"]),
        ("Bab VI 6.2", "Sumber dana", ["APBD", "tanpa merinci"]),
        ("Bab IV 4.1.2", "Unit penanggung jawab", ["Dinas Sosial", "1.06.05 -> Bidang Penanganan"]),
    ],
)
def test_note_texts_name_both_values(seeded_plan, source, subject, fragments):
    text = DataNote.objects.get(organisation=seeded_plan, source=source, subject=subject).text
    for fragment in fragments:
        assert fragment in text
