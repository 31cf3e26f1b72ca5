"""The extractor: how it reads printed values, and that it fails loudly on a document it does not
recognise or records a note where the document does not add up."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from renstra.seed.extract import Extractor, SeedFormatError, default_source_path, measure, money

SOURCE = default_source_path(settings.BASE_DIR)
needs_source = pytest.mark.skipif(
    not SOURCE.is_file(), reason=f"the seed document is not checked out at {SOURCE}"
)


@pytest.mark.parametrize(
    ("text", "value", "grade", "satuan"),
    [
        ("100 %", Decimal("100"), "", "%"),
        ("3,60%", Decimal("3.60"), "", "%"),
        ("50 Orang/bulan", Decimal("50"), "", "Orang/bulan"),
        ("21.955 Orang", Decimal("21955"), "", "Orang"),
        ("21955 Orang", Decimal("21955"), "", "Orang"),
        ("BB Indeks", None, "BB", "Indeks"),
        ("-", None, "", ""),
        ("N/A", None, "", ""),
        ("187,044", Decimal("187.044"), "", ""),
        ("3500 KK", Decimal("3500"), "", "KK"),
    ],
)
def test_measure(text, value, grade, satuan):
    parsed = measure(text)
    assert (parsed.text, parsed.value, parsed.grade, parsed.satuan) == (text, value, grade, satuan)


def test_measure_refuses_what_is_not_a_target():
    with pytest.raises(SeedFormatError):
        measure("sekitar sepuluh")


def test_tabel_4_2_abbreviations_compare_equal():
    assert measure("12 Dok").same_as(measure("12 Dokumen"))
    assert measure("4 KK").same_as(measure("4 Keluarga"))
    assert not measure("21.955 KK").same_as(measure("21.955 Orang"))
    assert not measure("3500 KK").same_as(measure("6.900 Keluarga"))


def test_money_is_read_only_as_printed():
    assert money("6.879.188.261,00") == Decimal("6879188261.00")
    with pytest.raises(SeedFormatError):
        money("6879188261")


@pytest.fixture
def document() -> str:
    return SOURCE.read_text(encoding="utf-8")


def run(text: str) -> dict:
    return Extractor(text).run({"file": "uji.txt", "sha256": ""})


@needs_source
def test_a_missing_sub_kegiatan_fails_loudly(document):
    row = next(line for line in document.splitlines() if "\t1.06.04.2.01.10\t" in line)
    with pytest.raises(SeedFormatError, match="sub_kegiatan"):
        run(document.replace(row + "\n", ""))


@needs_source
def test_a_changed_total_fails_loudly(document):
    total_row = "\t9.363.273.111,00\t\t9.363.273.111,00\t\t9.363.273.111,00\t\t28.089.819.333,00\t"
    assert total_row in document
    with pytest.raises(SeedFormatError, match="total"):
        run(document.replace(total_row, total_row.replace("9.363.273.111,00", "9.363.273.112,00")))


@needs_source
def test_a_cascade_row_missing_from_tabel_6_1_fails_loudly(document):
    with pytest.raises(SeedFormatError, match="not in Tabel 6.1"):
        run(document.replace("\tPemberian Layanan Kedaruratan\tTerlaksananya", "\tLayanan X\tT"))


@needs_source
def test_a_misread_sub_kegiatan_amount_fails_loudly(document):
    row = next(line for line in document.splitlines() if "\t1.06.01.2.01.01\t" in line)
    changed = row.replace("\t20.369.417,00\t8 Dokumen", "\t20.369.418,00\t8 Dokumen", 1)
    assert changed != row
    with pytest.raises(SeedFormatError, match="sub_kegiatan rows add up to 9363273112.00"):
        run(document.replace(row, changed))


@needs_source
def test_a_kegiatan_that_does_not_add_up_becomes_a_note(document):
    row = next(line for line in document.splitlines() if "\t1.06.01.2.01\t" in line)
    changed = row.replace("\t41.125.917,00\t100 %", "\t41.125.918,00\t100 %", 1)
    assert changed != row
    notes = {
        (note["kind"], note["source"], note["subject"]): note["text"]
        for note in run(document.replace(row, changed))["notes"]
    }
    assert notes["error", "Tabel 6.1", "1.06.01.2.01 Rp 2024"] == (
        "Tabel 6.1 mencetak Rp 41.125.918,00 untuk 1.06.01.2.01 (2024), sedangkan jumlah "
        "rinciannya Rp 41.125.917,00."
    )
    assert (
        "Rp 123.377.752,00"
        in notes["error", "Tabel 6.1", "1.06.01.2.01 Rp akhir periode (jumlah tahun)"]
    )
    assert "Rp 6.879.188.262,00" in notes["error", "Tabel 6.1", "1.06.01 Rp 2024"]


def test_committed_extract_keeps_bab_vii_ikk_targets_beside_tabel_6_1():
    data = json.loads(Path(settings.SEED_FIXTURE).read_text(encoding="utf-8"))
    plan = next(period for period in data["periods"] if period["key"] == "2024-2026")
    ikk = {
        node["code"]: indicator["ikk"]["targets"]
        for node in plan["nodes"]
        for indicator in node["indicators"]
        if indicator["is_ikk"]
    }
    texts = {
        code: [targets[year]["text"] for year in ("2024", "2025", "2026")]
        for code, targets in ikk.items()
    }
    assert texts == {
        "1.06.02": ["80%", "100%", "100%"],
        "1.06.04": ["100%", "100%", "100%"],
        "1.06.05": ["3,6%", "3,7%", "3,8%"],
        "1.06.06": ["100%", "100%", "100%"],
    }
    assert ikk["1.06.05"]["2024"]["value"] == "3.6"
