"""Extract the seeded plan from the Renstra document (plain text, tables separated by tabs).

The result is plain data (dicts, lists, strings, ints; decimals as strings such as
"6879188261.00") so it can be committed as JSON and reviewed line by line. Values are kept as the
document prints them; where the document contradicts itself the extract records a data note
instead of choosing silently. A layout the extractor does not recognise raises SeedFormatError,
so a changed document never loads half-read.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.utils.text import slugify

from cascading.calculations import capaian_positive
from cascading.choices import SAKIP_GRADES
from renstra.numbers import NumberFormatError, format_decimal, parse_decimal

PLAN = "2024-2026"
PREVIOUS = "2019-2023"
PLAN_YEARS = (2024, 2025, 2026)
LEVELS = ("tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan")
EXPECTED_COUNTS = {"program": 5, "kegiatan": 14, "sub_kegiatan": 51}
EXPECTED_YEAR_TOTAL = Decimal("9363273111.00")
EXPECTED_PERIOD_TOTAL = Decimal("28089819333.00")
ORGANISATION_CODE = "dinsos-palangka-raya"
FUNDING_SOURCE = {"code": "apbd", "name": "APBD"}

# Tabel 6.1 prints "Dinas Sosial" as the responsible unit of every row. The IKU manual in
# Bab IV 4.1.2 names the Bidang answerable for each group of PPKS; programs are assigned by it,
# kegiatan and sub kegiatan inherit their program's unit, Tujuan and Sasaran go to Sekretariat.
PROGRAM_UNITS = {
    "1.06.01": "Sekretariat",
    "1.06.02": "Bidang Pemberdayaan Sosial",
    "1.06.04": "Bidang Rehabilitasi Sosial",
    "1.06.05": "Bidang Penanganan Fakir Miskin",
    "1.06.06": "Bidang Perlindungan dan Jaminan Sosial",
}
GOAL_UNIT = "Sekretariat"
# By the same manual: SPM services 1-4 are rehabilitation outside institutions (Rehabilitasi
# Sosial), service 5 is relief for disaster victims (Perlindungan dan Jaminan Sosial).
SPM_UNITS = {
    1: "Bidang Rehabilitasi Sosial",
    2: "Bidang Rehabilitasi Sosial",
    3: "Bidang Rehabilitasi Sosial",
    4: "Bidang Rehabilitasi Sosial",
    5: "Bidang Perlindungan dan Jaminan Sosial",
}
# Tabel 4.2 abbreviates the units of its targets.
SATUAN_ABBREVIATIONS = {"org": "orang", "dok": "dokumen", "lbg": "lembaga", "kk": "keluarga"}

_TAG = re.compile(r"<[^>]+>")
_MONEY = re.compile(r"^\d{1,3}(\.\d{3})*,\d{2}$")
_NUMBER_WITH_SATUAN = re.compile(r"^(?P<number>\d[\d.,]*)\s*(?P<satuan>\D.*)?$")
_GRADE = re.compile(r"^(?P<grade>" + "|".join(SAKIP_GRADES) + r")(?:\s+(?P<satuan>\S.*))?$")
_CODE = re.compile(r"^1\.06\.\d{2}(\.2\.\d{2}(\.\d{2,4})?)?$")
_YEAR_TARGETS = re.compile(r"(?P<year>20\d\d)\s*:\s*(?P<target>[\d.,]+\s*%)")
_FRACTION = re.compile(
    r"^\$\\frac\{\\text\{(?P<num>[^}]*)\}\}\{\\text\{(?P<den>[^}]*)\}\}"
    r"\s*\\times\s*100\\%\$$"
)
_NO_VALUE = ("-", "N/A", "")
# How indicators are worded (a goal is worded as a change: "Meningkatnya ...").
_INDICATOR_WORDING = re.compile(r"^(Tingkat|Persentase|Presentase|Jumlah|Indeks|Rasio|Angka) ")


class SeedFormatError(ValueError):
    """The document does not have the layout the extractor knows; nothing is extracted."""


def default_source_path(base_dir: Path) -> Path:
    """Where the shared checkout keeps the source document, beside the repository."""
    return base_dir.parent / "shared" / "seed" / "renstra-dinsos-palangka-raya-2024-2026.txt"


# --- small parsers ------------------------------------------------------------------------------


def clean(text: str) -> str:
    """Drop HTML tags left by the conversion and collapse white space."""
    return " ".join(_TAG.sub("", text).split())


def norm(text: str) -> str:
    """Comparison key for names: case and spacing ignored."""
    return clean(text).casefold()


def dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class Measure:
    """A target, baseline or realisation as printed: `21.955 Orang`, `3,60%`, `BB Indeks`, `-`."""

    text: str
    value: Decimal | None
    grade: str
    satuan: str

    def as_dict(self) -> dict:
        return {"text": self.text, "value": dec(self.value), "grade": self.grade}

    def same_as(self, other: Measure) -> bool:
        """Same number (or grade) and unit, with Tabel 4.2's abbreviations spelled out."""
        return (self.value, self.grade, _satuan_key(self.satuan)) == (
            other.value,
            other.grade,
            _satuan_key(other.satuan),
        )


def _satuan_key(satuan: str) -> str:
    key = satuan.casefold()
    return SATUAN_ABBREVIATIONS.get(key, key)


def measure(text: str) -> Measure:
    text = clean(text)
    if text in _NO_VALUE:
        return Measure(text, None, "", "")
    if match := _GRADE.match(text):
        return Measure(text, None, match["grade"], match["satuan"] or "")
    match = _NUMBER_WITH_SATUAN.match(text)
    if not match:
        raise SeedFormatError(f"not a target or value: {text!r}")
    try:
        value = parse_decimal(match["number"])
    except NumberFormatError as exc:
        raise SeedFormatError(f"not a number: {text!r}") from exc
    return Measure(text, value, "", (match["satuan"] or "").strip())


def money(text: str) -> Decimal:
    if not _MONEY.match(text):
        raise SeedFormatError(f"not a Rupiah amount as printed in Tabel 6.1: {text!r}")
    return parse_decimal(text)


def rupiah(value: Decimal) -> str:
    return f"Rp {format_decimal(value)}"


# --- the document -------------------------------------------------------------------------------


class Document:
    """The lines of the source text, with look-ups that fail loudly."""

    def __init__(self, text: str):
        self.lines = [line.rstrip("\n") for line in text.splitlines()]

    def find(self, title: str, start: int = 0, *, prefix: bool = False) -> int:
        for index in range(start, len(self.lines)):
            line = clean(self.lines[index])
            if line == title or (prefix and line.startswith(title)):
                return index
        raise SeedFormatError(f"{title!r} not found after line {start + 1}")

    def block(self, start_title: str, end_title: str, *, prefix: bool = False) -> list[str]:
        start = self.find(start_title, prefix=prefix)
        end = self.find(end_title, start + 1, prefix=True)
        return self.lines[start + 1 : end]

    def next_text(self, index: int) -> tuple[int, str]:
        """The next non-blank line after `index`."""
        for following in range(index + 1, len(self.lines)):
            if clean(self.lines[following]):
                return following, clean(self.lines[following])
        raise SeedFormatError(f"nothing after line {index + 1}")


def table_rows(lines: list[str], width: int) -> list[list[str]]:
    rows = []
    for line in lines:
        if "\t" not in line:
            continue
        cells = [clean(cell) for cell in line.split("\t")]
        if len(cells) != width:
            raise SeedFormatError(f"expected {width} columns, found {len(cells)}: {line[:80]!r}")
        rows.append(cells)
    return rows


def join_fragment(previous: list[str], cells: list[str]) -> None:
    """Append a row split off by a page break to the row it continues, cell by cell.

    A fragment the previous cell already ends with is a repeat of the page break, not new text.
    """
    for index, cell in enumerate(cells):
        if cell and not previous[index].endswith(cell):
            previous[index] = f"{previous[index]} {cell}".strip()


def merge_continuations(rows: list[list[str]], is_continuation) -> list[list[str]]:
    merged: list[list[str]] = []
    for cells in rows:
        if merged and is_continuation(cells):
            join_fragment(merged[-1], cells)
        else:
            merged.append(list(cells))
    return merged


# --- notes --------------------------------------------------------------------------------------


class Notes:
    """Data notes: differences and errors inside the document, and how the extract read it."""

    def __init__(self):
        self.items: list[dict] = []
        self._keys: set[tuple[str, str]] = set()

    def add(self, kind: str, source: str, subject: str, text: str, period: str | None) -> None:
        key = (source, subject)
        if len(source) > 100 or len(subject) > 200:
            raise SeedFormatError(f"data note source or subject too long: {key}")
        if key in self._keys:
            raise SeedFormatError(f"two data notes for {source} / {subject}")
        self._keys.add(key)
        self.items.append(
            {"kind": kind, "source": source, "subject": subject, "text": text, "period": period}
        )


# --- the extract --------------------------------------------------------------------------------


def to_json(data: dict) -> str:
    """The committed form: pretty-printed with sorted keys, so a review diff is readable."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def extract(path: Path) -> dict:
    """Read the Renstra document at `path` into the plain structure committed in fixtures/."""
    raw = path.read_bytes()
    return Extractor(raw.decode("utf-8")).run(
        {"file": path.name, "sha256": hashlib.sha256(raw).hexdigest()}
    )


class Extractor:
    def __init__(self, text: str):
        self.doc = Document(text)
        self.notes = Notes()

    def run(self, source: dict) -> dict:
        organisation = self.organisation()
        units = self.units()
        unit_codes = {unit["name"]: unit["code"] for unit in units}
        goals = self.goals()
        self.check_manual_names_units(goals["manual"], unit_codes)
        cascade = self.cascade_42()
        iku = self.iku_bab_vii()
        ikk = self.ikk_bab_vii()
        funding = self.table_61()
        plan_nodes = self.plan_nodes(goals, iku, cascade, ikk, funding, unit_codes)
        self.compare_programme_list(funding["rows"])
        previous_nodes, previous_iku_names = self.previous_nodes()
        spm = self.spm(unit_codes)
        self.interpretation_notes(previous_iku_names)
        return {
            "source": source,
            "organisation": organisation,
            "units": units,
            "funding_source": FUNDING_SOURCE,
            "periods": [
                self.previous_period(previous_nodes),
                self.plan_period(plan_nodes),
            ],
            "spm": spm,
            "totals": {key: dec(value) for key, value in funding["totals"].items()},
            "notes": sorted(
                self.notes.items,
                key=lambda note: (note["period"] or "", note["source"], note["subject"]),
            ),
        }

    # organisation and units -------------------------------------------------------------------

    def organisation(self) -> dict:
        doc = self.doc
        letterhead = doc.find("PEMERINTAH KOTA PALANGKA RAYA")
        office_at, office = doc.next_text(letterhead)
        address_at, address = doc.next_text(office_at)
        _, email_line = doc.next_text(address_at)
        if office != "DINAS SOSIAL" or not email_line.startswith("Email:"):
            raise SeedFormatError("the decree letterhead is not office, address, email")
        government = clean(doc.lines[letterhead]).title()
        short_name = office.title()
        place = clean(doc.lines[doc.find("Ditetapkan di", prefix=True)])
        head_at = doc.find("KEPALA DINAS", doc.find("Ditetapkan di", prefix=True))
        name_at, head_name = doc.next_text(head_at)
        rank_at, head_rank = doc.next_text(name_at)
        _, nip_line = doc.next_text(rank_at)
        if not nip_line.startswith("NIP. "):
            raise SeedFormatError("the head of office's signature block has no NIP")
        return {
            "code": ORGANISATION_CODE,
            "name": f"{short_name} {government.removeprefix('Pemerintah ')}",
            "short_name": short_name,
            "government": government,
            "address": address,
            "email": email_line.removeprefix("Email:").strip(),
            "city": place.removeprefix("Ditetapkan di").strip(),
            "head_title": self.team_titles()[0],
            "head_name": head_name,
            "head_rank": head_rank,
            "head_nip": nip_line.removeprefix("NIP. ").strip(),
        }

    def team_titles(self) -> list[str]:
        """Jabatan dalam Kedinasan of the team decree, in order (head of office first)."""
        lines = self.doc.block(
            "SUSUNAN TIM PENYUSUN RENCANA STRATEGIS (RENSTRA)", "KEPALA DINAS", prefix=True
        )
        return [cells[1] for cells in table_rows(lines, 3) if cells[0].isdigit()]

    def units(self) -> list[dict]:
        """The Sekretariat and the Bidang of Bab II 2.1.2, then the Sub Bagian listed under the
        Sekretariat as its sub-units (the Jabatan Fungsional are no units)."""
        lines = self.doc.block("2.1.2 Struktur Organisasi Perangkat Daerah", "Gambar 2.1")
        pattern = re.compile(r"^- [a-z]\. (?P<name>Sekretariat|Bidang [^,]+), terdiri dari")
        sub_pattern = re.compile(r"^- \d+\) (?P<name>Sub Bagian .+)$")
        names: list[str] = []
        sub_units: list[tuple[str, str]] = []
        for line in lines:
            if m := pattern.match(clean(line)):
                names.append(m["name"])
            elif m := sub_pattern.match(clean(line)):
                if not names:
                    raise SeedFormatError(f"{m['name']} is listed before any unit")
                sub_units.append((m["name"], names[-1]))
        if names.count("Sekretariat") != 1 or len(names) != 5:
            raise SeedFormatError(f"expected Sekretariat and four Bidang, found {names}")
        if len(sub_units) != 2:
            raise SeedFormatError(f"expected two Sub Bagian, found {sub_units}")
        titles = self.team_titles()
        units = []
        for order, name in enumerate(names, start=1):
            if name == "Sekretariat":
                head = [title for title in titles if title.startswith("Sekretaris ")]
            else:
                head = [title for title in titles if title == f"Kepala {name}"]
            if len(head) != 1:
                raise SeedFormatError(f"no head of unit for {name} in the team decree")
            units.append(
                {
                    "code": slugify(name),
                    "name": name,
                    "kind": "sekretariat" if name == "Sekretariat" else "bidang",
                    "head_title": head[0],
                    "order": order,
                    "parent": None,
                }
            )
        for order, (name, parent) in enumerate(sub_units, start=len(names) + 1):
            units.append(
                {
                    "code": slugify(name),
                    "name": name,
                    "kind": "subbagian",
                    "head_title": f"Kepala {name}",
                    "order": order,
                    "parent": slugify(parent),
                }
            )
        return units

    # Bab IV and Bab VII ----------------------------------------------------------------------

    def goals(self) -> dict:
        lines = self.doc.block(
            "4.1 Tujuan dan Sasaran Rencana Strategis Perangkat Daerah Tahun 2024-2026",
            "4.1.3",
        )
        fields: dict[str, list[str]] = defaultdict(list)
        manual: list[str] = []
        for index, line in enumerate(lines):
            text = clean(line)
            if "\t" in line:
                key, _, value = text.partition(" : ")
                fields[key].append(value.strip())
            elif text.startswith("Manual Indikator :"):
                manual.append(text.removeprefix("Manual Indikator :").strip())
                for following in lines[index + 1 :]:
                    if not clean(following):
                        break
                    manual.append(clean(following))
        single = {}
        for key in ("Sasaran Pemda", "Tujuan PD", "Sasaran PD", "Indikator Kinerja", "Formula"):
            values = set(fields.get(key, []))
            if len(values) != 1:
                raise SeedFormatError(f"Bab IV 4.1: expected one {key!r}, found {values}")
            single[key] = values.pop()
        fraction = _FRACTION.match(single["Formula"])
        if not fraction or not manual:
            raise SeedFormatError("Bab IV 4.1.2: the IKU formula or its manual is missing")
        return {
            "sasaran_pemda": single["Sasaran Pemda"],
            "tujuan": single["Tujuan PD"],
            "sasaran": single["Sasaran PD"],
            "indicator": single["Indikator Kinerja"],
            "formula": f"{fraction['num']} / {fraction['den']} x 100%",
            "manual": "\n".join(manual),
        }

    def check_manual_names_units(self, manual: str, unit_codes: dict[str, str]) -> None:
        """The unit assignment relies on the manual naming every Bidang; make sure it still does."""
        for name in set(PROGRAM_UNITS.values()) | set(SPM_UNITS.values()):
            if name not in unit_codes:
                raise SeedFormatError(f"unit {name!r} is not in Bab II 2.1.2")
            if name.startswith("Bidang ") and name not in manual:
                raise SeedFormatError(f"the IKU manual no longer names {name!r}")

    def iku_bab_vii(self) -> dict:
        lines = self.doc.block("7.1 Indikator Kinerja Utama Perangkat Daerah", "7.2", prefix=True)
        rows = [cells for cells in table_rows_loose(lines) if len(cells) == 8]
        summary = {
            cells[0]: cells[1].removeprefix(": ")
            for cells in table_rows_loose(lines)
            if len(cells) == 2
        }
        if len(rows) != 3 or rows[0][:2] != ["No", "Tujuan"]:
            raise SeedFormatError("Bab VII 7.1: expected the IKU table with one row")
        years = [int(year) for year in rows[1][5:]]
        if years != list(PLAN_YEARS):
            raise SeedFormatError("Bab VII 7.1: expected targets for 2024-2026")
        cells = rows[2]
        return {
            "tujuan": [summary.get("Tujuan PD", ""), cells[1]],
            "sasaran": [summary.get("Sasaran PD", ""), cells[2]],
            "name": cells[3],
            "formula": cells[4],
            "targets": {year: measure(text) for year, text in zip(years, cells[5:], strict=True)},
        }

    def ikk_bab_vii(self) -> list[dict]:
        lines = self.doc.block(
            "7.2 Indikator Kinerja Kunci (IKK) Perangkat Daerah", "7.3", prefix=True
        )
        rows = table_rows(lines, 6)
        if rows[0][:3] != ["Tujuan Program", "Sasaran Program", "Indikator Kinerja Program"]:
            raise SeedFormatError("Bab VII 7.2: unexpected header")
        years = [int(year) for year in rows[1][3:]]
        if years != list(PLAN_YEARS) or len(rows) != 6:
            raise SeedFormatError("Bab VII 7.2: expected four IKK with targets 2024-2026")
        return [
            {
                "tujuan_program": cells[0],
                "sasaran_program": cells[1],
                "indicator": cells[2],
                "targets": {
                    year: measure(text) for year, text in zip(years, cells[3:], strict=True)
                },
            }
            for cells in rows[2:]
        ]

    def cascade_42(self) -> dict:
        """Tabel 4.2 (Cascading Kinerja): sasaran, indicator and target per level, by name."""
        lines = self.doc.block("4.2 Cascading Kinerja Perangkat Daerah", "BAB V")
        rows = [cells for cells in table_rows(lines, 17) if cells[0] != "No"]
        rows = merge_continuations(
            rows, lambda cells: not any(cells[i] for i in (0, 1, 4, 5, 8, 9, 12, 13, 16))
        )
        first = rows[0]
        iku_targets = {
            int(m["year"]): measure(m["target"]) for m in _YEAR_TARGETS.finditer(first[4])
        }
        if first[0] != "1" or sorted(iku_targets) != list(PLAN_YEARS):
            raise SeedFormatError("Tabel 4.2: the first row must carry the IKU and its targets")
        programs: dict[str, dict] = {}
        program = kegiatan = None
        for cells in rows:
            if cells[5]:
                program = {"entry": self._entry(cells, 5), "kegiatan": {}}
                programs[norm(cells[5])] = program
                kegiatan = None
            if cells[9]:
                if program is None:
                    raise SeedFormatError(f"Tabel 4.2: kegiatan without program: {cells[9]!r}")
                kegiatan = {"entry": self._entry(cells, 9), "sub": {}}
                program["kegiatan"][norm(cells[9])] = kegiatan
            if cells[13]:
                if kegiatan is None:
                    raise SeedFormatError(
                        f"Tabel 4.2: sub kegiatan without kegiatan: {cells[13]!r}"
                    )
                kegiatan["sub"][norm(cells[13])] = {"entry": self._entry(cells, 13)}
        return {
            "tujuan": first[1],
            "sasaran": first[2],
            "iku": first[3],
            "iku_targets": iku_targets,
            "programs": programs,
        }

    @staticmethod
    def _entry(cells: list[str], at: int) -> dict:
        return {
            "name": cells[at],
            "sasaran": cells[at + 1],
            "indicator": cells[at + 2],
            "target": measure(cells[at + 3]),
        }

    # Tabel 6.1 --------------------------------------------------------------------------------

    def table_61(self) -> dict:
        lines = self.doc.block("Tabel 6.1", "BAB VII")
        rows = []
        totals = None
        blank_zero_rows = 0
        for cells in table_rows(lines, 15):
            if cells[0] == "(1)" or cells[6] in ("Tahun 2024", "target") or cells[2] == "Kode":
                continue
            if totals is not None:
                raise SeedFormatError("Tabel 6.1: rows after the totals row")
            code = cells[2]
            if code:
                if not _CODE.match(code):
                    raise SeedFormatError(f"Tabel 6.1: not a nomenclature code: {code!r}")
                rows.append(self._row_61(cells))
                continue
            filled = {index: cell for index, cell in enumerate(cells) if cell}
            if filled and all(money(cell) == 0 for cell in filled.values()) and not rows:
                blank_zero_rows += 1
            elif sorted(filled) == [7, 9, 11, 13]:
                totals = dict(
                    zip((*map(str, PLAN_YEARS), "period"), map(money, filled.values()), strict=True)
                )
            else:
                raise SeedFormatError(f"Tabel 6.1: unrecognised row {cells}")
        if totals is None:
            raise SeedFormatError("Tabel 6.1: no totals row")
        if blank_zero_rows:
            self.notes.add(
                "difference",
                "Tabel 6.1",
                "Baris tanpa kode",
                "Di bawah nomor kolom, Tabel 6.1 memuat baris tanpa Tujuan, Sasaran, kode dan "
                "nama yang hanya berisi 0,00. Baris ini tidak dimuat.",
                PLAN,
            )
        self.check_61(rows, totals)
        return {"rows": rows, "totals": totals}

    def _row_61(self, cells: list[str]) -> dict:
        code = cells[2]
        segments = code.split(".")
        level = {3: "program", 5: "kegiatan", 6: "sub_kegiatan"}[len(segments)]
        parent = {3: "T1.S1", 5: ".".join(segments[:3]), 6: ".".join(segments[:5])}[len(segments)]
        targets = {year: measure(cells[6 + 2 * i]) for i, year in enumerate(PLAN_YEARS)}
        rp = {str(year): money(cells[7 + 2 * i]) for i, year in enumerate(PLAN_YEARS)}
        rp["period"] = money(cells[13])
        baseline, final = measure(cells[5]), measure(cells[12])
        satuans = {
            m.satuan for m in (baseline, final, *targets.values()) if m.text not in _NO_VALUE
        }
        if len(satuans) != 1:
            raise SeedFormatError(f"Tabel 6.1 {code}: mixed units {satuans}")
        return {
            "code": code,
            "level": level,
            "parent": parent,
            "name": cells[3],
            "indicator": cells[4],
            "satuan": satuans.pop(),
            "baseline": baseline,
            "targets": targets,
            "final": final,
            "rp": rp,
            "unit_label": cells[14],
            "tujuan_column": cells[0],
            "sasaran_column": cells[1],
        }

    def check_61(self, rows: list[dict], totals: dict[str, Decimal]) -> None:
        counts = {level: sum(row["level"] == level for row in rows) for level in EXPECTED_COUNTS}
        if counts != EXPECTED_COUNTS:
            raise SeedFormatError(f"Tabel 6.1: expected {EXPECTED_COUNTS}, found {counts}")
        codes = [row["code"] for row in rows]
        if len(set(codes)) != len(codes):
            raise SeedFormatError("Tabel 6.1: a code is printed twice")
        by_code = {row["code"]: row for row in rows}
        for row in rows:
            if row["parent"] != "T1.S1" and row["parent"] not in by_code:
                raise SeedFormatError(f"Tabel 6.1 {row['code']}: no parent row {row['parent']}")
        for key, expected in (
            *((str(year), EXPECTED_YEAR_TOTAL) for year in PLAN_YEARS),
            ("period", EXPECTED_PERIOD_TOTAL),
        ):
            if totals[key] != expected:
                raise SeedFormatError(f"Tabel 6.1 total {key}: {totals[key]} is not {expected}")
            # The printed total must be the sum of the programs' and of the sub kegiatan's Rp:
            # a misread cell shows here. (A kegiatan or program row printed wrongly between the
            # two is a document error and becomes a data note below.)
            for level in ("program", "sub_kegiatan"):
                summed = sum(row["rp"][key] for row in rows if row["level"] == level)
                if summed != totals[key]:
                    raise SeedFormatError(f"Tabel 6.1 total {key}: {level} rows add up to {summed}")
        for row in rows:
            children = [child for child in rows if child["parent"] == row["code"]]
            for key, printed in row["rp"].items():
                label = "akhir periode" if key == "period" else key
                if children:
                    summed = sum(child["rp"][key] for child in children)
                    if summed != printed:
                        self.notes.add(
                            "error",
                            "Tabel 6.1",
                            f"{row['code']} Rp {label}",
                            f"Tabel 6.1 mencetak {rupiah(printed)} untuk {row['code']} "
                            f"({label}), sedangkan jumlah rinciannya {rupiah(summed)}.",
                            PLAN,
                        )
            years = sum(row["rp"][str(year)] for year in PLAN_YEARS)
            if years != row["rp"]["period"]:
                self.notes.add(
                    "error",
                    "Tabel 6.1",
                    f"{row['code']} Rp akhir periode (jumlah tahun)",
                    f"Kolom (14) mencetak {rupiah(row['rp']['period'])} untuk {row['code']}, "
                    f"sedangkan jumlah Rp 2024-2026 adalah {rupiah(years)}.",
                    PLAN,
                )

    # the 2024-2026 cascade ---------------------------------------------------------------------

    def plan_nodes(self, goals, iku, cascade, ikk_rows, funding, unit_codes) -> list[dict]:
        self.compare_goal_columns(goals, funding["rows"])
        self.compare_goals(goals, iku, cascade)
        goal_unit = unit_codes[GOAL_UNIT]
        iku_indicator = {
            **self._indicator(iku["name"], "%", measure(""), iku["targets"], measure("")),
            "is_iku": True,
            "formula": goals["formula"],
            "definition": goals["manual"],
        }
        nodes = [
            self._node("T1", "tujuan", None, goals["tujuan"], goal_unit, "Bab IV 4.1.1"),
            {
                **self._node("T1.S1", "sasaran", "T1", goals["sasaran"], goal_unit, "Bab IV 4.1.2"),
                "indicators": [iku_indicator],
            },
        ]
        matched = self.match_cascade(cascade, funding["rows"])
        ikk_by_program = self.match_ikk(ikk_rows, cascade, funding["rows"])
        for row in funding["rows"]:
            program_code = ".".join(row["code"].split(".")[:3])
            entry = matched.get(row["code"])
            if entry:
                self.compare_42_61(row, entry)
            indicator = self._indicator(
                row["indicator"], row["satuan"], row["baseline"], row["targets"], row["final"]
            )
            if ikk := ikk_by_program.get(row["code"]):
                indicator["is_ikk"] = True
                indicator["ikk"] = ikk
            node = self._node(
                row["code"],
                row["level"],
                row["parent"],
                row["name"],
                unit_codes[PROGRAM_UNITS[program_code]],
                "Tabel 6.1",
            )
            node.update(
                {
                    "sasaran": entry["sasaran"] if entry else "",
                    "unit_label": row["unit_label"],
                    "indicators": [indicator],
                    "rp_printed": {key: dec(value) for key, value in row["rp"].items()},
                }
            )
            if entry:
                node["cascading_42"] = {
                    "sasaran": entry["sasaran"],
                    "indicator": entry["indicator"],
                    "target": entry["target"].text,
                }
            nodes.append(node)
        self.compare_61_rows(funding["rows"])
        return nodes

    @staticmethod
    def _node(code, level, parent, name, unit, source) -> dict:
        return {
            "code": code,
            "level": level,
            "parent": parent,
            "name": name,
            "sasaran": "",
            "unit": unit,
            "unit_label": "",
            "source": source,
            "indicators": [],
            "rp_printed": {},
        }

    @staticmethod
    def _indicator(name, satuan, baseline, targets, final) -> dict:
        return {
            "order": 1,
            "name": name,
            "satuan": satuan,
            "baseline": baseline.as_dict(),
            "targets": {str(year): target.as_dict() for year, target in targets.items()},
            "final_target": final.as_dict(),
            "is_iku": False,
            "is_ikk": False,
            "formula": "",
            "definition": "",
        }

    def compare_goal_columns(self, goals: dict, rows: list[dict]) -> None:
        tujuan = {row["tujuan_column"] for row in rows if row["tujuan_column"]}
        sasaran = {row["sasaran_column"] for row in rows if row["sasaran_column"]}
        if len(tujuan) != 1 or len(sasaran) != 1:
            raise SeedFormatError("Tabel 6.1: expected one Tujuan and one Sasaran in columns 1-2")
        tujuan_61, sasaran_61 = tujuan.pop(), sasaran.pop()
        if norm(tujuan_61) == norm(goals["sasaran_pemda"]):
            self.notes.add(
                "difference",
                "Tabel 6.1",
                "Kolom (1) Tujuan",
                f'Kolom Tujuan Tabel 6.1 berisi "{tujuan_61}", yaitu Sasaran Pemda (RPD '
                f"2024-2026), bukan Tujuan PD. Tujuan PD diambil dari Bab IV 4.1.1: "
                f'"{goals["tujuan"]}".',
                PLAN,
            )
        elif norm(tujuan_61) != norm(goals["tujuan"]):
            raise SeedFormatError(f"Tabel 6.1: unexpected Tujuan {tujuan_61!r}")
        if norm(sasaran_61) != norm(goals["sasaran"]):
            self.notes.add(
                "difference",
                "Tabel 6.1",
                "Kolom (2) Sasaran",
                f'Kolom Sasaran Tabel 6.1 berisi "{sasaran_61}", berbeda dengan Sasaran PD '
                f'Bab IV 4.1.2: "{goals["sasaran"]}". Rumusan Bab IV yang dipakai.',
                PLAN,
            )

    def compare_goals(self, goals: dict, iku: dict, cascade: dict) -> None:
        """Tujuan PD, Sasaran PD and the IKU as Bab VII 7.1 and Tabel 4.2 repeat them."""
        for label, key in (("Tujuan PD", "tujuan"), ("Sasaran PD", "sasaran")):
            others = [("Bab VII 7.1", text) for text in iku[key]] + [("Tabel 4.2", cascade[key])]
            differing = {
                f'{source} "{text}"' for source, text in others if norm(text) != norm(goals[key])
            }
            if differing:
                self.notes.add(
                    "difference",
                    "Bab IV 4.1 / Bab VII 7.1 / Tabel 4.2",
                    label,
                    f'{label} menurut Bab IV 4.1: "{goals[key]}"; rumusan lain: '
                    f"{'; '.join(sorted(differing))}. Rumusan Bab IV yang dipakai.",
                    PLAN,
                )
        for year in PLAN_YEARS:
            bab_vii, tabel_42 = iku["targets"][year], cascade["iku_targets"][year]
            if not bab_vii.same_as(tabel_42):
                self.notes.add(
                    "difference",
                    "Bab VII 7.1 / Tabel 4.2",
                    f"IKU target {year}",
                    f"Target IKU {year}: Bab VII 7.1 {bab_vii.text}, Tabel 4.2 {tabel_42.text}. "
                    "Nilai Bab VII yang dipakai.",
                    PLAN,
                )
        self.notes.add(
            "interpretation",
            "Bab IV 4.1.2 / Bab VII 7.1",
            "IKU",
            f'Nama IKU mengikuti Bab VII 7.1: "{iku["name"]}" (Bab IV 4.1.2: '
            f'"{goals["indicator"]}"; Tabel 4.2: "{cascade["iku"]}"). Formula dan manual '
            f'indikator mengikuti Bab IV 4.1.2: "{goals["formula"]}" (Bab VII 7.1: '
            f'"{iku["formula"]}"). Target 2024-2026 mengikuti Bab VII 7.1. Dokumen tidak '
            "mencantumkan kondisi awal dan kondisi akhir IKU periode 2024-2026.",
            PLAN,
        )

    def match_cascade(self, cascade: dict, rows: list[dict]) -> dict[str, dict]:
        """Tabel 4.2 has no codes: find each of its rows in Tabel 6.1 by name, level by level."""
        matched: dict[str, dict] = {}
        by_parent: dict[str, dict[str, dict]] = defaultdict(dict)
        for row in rows:
            name = norm(row["name"]).removeprefix("program ")
            if name in by_parent[row["parent"]]:
                raise SeedFormatError(f"Tabel 6.1: two rows named {row['name']!r} under one parent")
            by_parent[row["parent"]][name] = row
        for program_name, program in cascade["programs"].items():
            program_row = self._find(by_parent["T1.S1"], program_name, "program")
            matched[program_row["code"]] = program["entry"]
            for kegiatan_name, kegiatan in program["kegiatan"].items():
                kegiatan_row = self._find(by_parent[program_row["code"]], kegiatan_name, "kegiatan")
                matched[kegiatan_row["code"]] = kegiatan["entry"]
                for sub_name, sub in kegiatan["sub"].items():
                    sub_row = self._find(by_parent[kegiatan_row["code"]], sub_name, "sub kegiatan")
                    matched[sub_row["code"]] = sub["entry"]
        return matched

    @staticmethod
    def _find(rows_by_name: dict[str, dict], name: str, level: str) -> dict:
        if name not in rows_by_name:
            raise SeedFormatError(f"Tabel 4.2 {level} {name!r} is not in Tabel 6.1")
        return rows_by_name[name]

    def compare_42_61(self, row: dict, entry: dict) -> None:
        code = row["code"]
        if norm(entry["indicator"]) != norm(row["indicator"]):
            self.notes.add(
                "difference",
                "Tabel 4.2 / Tabel 6.1",
                f"{code} indikator",
                f'Indikator {code} menurut Tabel 4.2: "{entry["indicator"]}"; menurut '
                f'Tabel 6.1: "{row["indicator"]}". Rumusan Tabel 6.1 yang dipakai.',
                PLAN,
            )
        # Tabel 4.2 prints one target per indicator; it is compared with the first year.
        first_year = row["targets"][PLAN_YEARS[0]]
        if not entry["target"].same_as(first_year):
            printed = ", ".join(f"{row['targets'][year].text} ({year})" for year in PLAN_YEARS)
            differs = (
                "satuannya berbeda"
                if entry["target"].value == first_year.value
                else "nilainya berbeda"
            )
            self.notes.add(
                "difference",
                "Tabel 4.2 / Tabel 6.1",
                f"{code} target",
                f'Target {code} "{row["name"]}" menurut Tabel 4.2: {entry["target"].text}; '
                f"menurut Tabel 6.1: {printed} ({differs}). Nilai Tabel 6.1 yang dipakai.",
                PLAN,
            )
        # Every sasaran statement starts with a capital ("Meningkatnya ..."); one that does not
        # lost its beginning in the conversion.
        if entry["sasaran"] and not entry["sasaran"][:1].isupper():
            self.notes.add(
                "error",
                "Tabel 4.2",
                f"{code} sasaran",
                f'Sasaran {code} tercetak terpotong: "{entry["sasaran"]}". Teks dimuat '
                "sebagaimana tercetak.",
                PLAN,
            )

    def match_ikk(self, ikk_rows, cascade, rows) -> dict[str, dict]:
        """Bab VII 7.2 names no program: match each IKK by its Tabel 4.2 program indicator."""
        programs = [row for row in rows if row["level"] == "program"]
        program_by_name = {norm(row["name"]).removeprefix("program "): row for row in programs}
        by_indicator = {
            norm(program["entry"]["indicator"]): program_by_name[name]
            for name, program in cascade["programs"].items()
        }
        result = {}
        for ikk in ikk_rows:
            row = by_indicator.get(norm(ikk["indicator"]))
            if row is None or row["code"] in result:
                raise SeedFormatError(f"Bab VII 7.2: no single program for {ikk['indicator']!r}")
            result[row["code"]] = {
                "source": "Bab VII 7.2",
                "tujuan_program": ikk["tujuan_program"],
                "sasaran_program": ikk["sasaran_program"],
                "indicator": ikk["indicator"],
                "targets": {str(year): t.as_dict() for year, t in ikk["targets"].items()},
            }
            for year in PLAN_YEARS:
                bab_vii, tabel_61 = ikk["targets"][year], row["targets"][year]
                if not bab_vii.same_as(tabel_61):
                    self.notes.add(
                        "difference",
                        "Bab VII 7.2 / Tabel 6.1",
                        f"{row['code']} target IKK {year}",
                        f'Target IKK "{ikk["indicator"]}" tahun {year}: Bab VII 7.2 '
                        f"{bab_vii.text}, Tabel 6.1 {tabel_61.text}. Nilai Tabel 6.1 yang dipakai.",
                        PLAN,
                    )
        if len(result) != 4:
            raise SeedFormatError(f"Bab VII 7.2: expected four IKK, matched {len(result)}")
        return result

    def compare_61_rows(self, rows: list[dict]) -> None:
        """Targets that break their own row's pattern, and unit words that contradict the name."""
        for row in rows:
            code, targets = row["code"], row["targets"]
            texts = [targets[year].text for year in PLAN_YEARS]
            first, middle, last = texts
            if first == last and middle != first and middle not in _NO_VALUE:
                self.notes.add(
                    "difference",
                    "Tabel 6.1",
                    f"{code} target 2025",
                    f'Target 2025 {code} "{row["name"]}" adalah {middle}, sedangkan 2024 dan '
                    f"2026 {first}. Nilai dimuat sebagaimana tercetak; perlu konfirmasi.",
                    PLAN,
                )
            values = [targets[year].value for year in PLAN_YEARS]
            final = row["final"]
            same_count = row["satuan"] != "%" and None not in values and len(set(values)) == 1
            if same_count and final.value == sum(values):
                self.notes.add(
                    "difference",
                    "Tabel 6.1",
                    f"{code} kondisi akhir",
                    f"Kondisi akhir {code} adalah {final.text}, yaitu jumlah target tiga tahun, "
                    "sedangkan baris lain mengulang target tahunan sebagai kondisi akhir.",
                    PLAN,
                )
            if final.text in _NO_VALUE and values[-1] is None and any(values[:-1]):
                self.notes.add(
                    "difference",
                    "Tabel 6.1",
                    f"{code} kondisi akhir",
                    f'Kondisi akhir {code} tercetak "{final.text}" karena tahun 2026 tanpa '
                    f"target, padahal target tahun sebelumnya {texts[0]} dan {texts[1]}.",
                    PLAN,
                )
            for word in ("Paket", "Unit", "Dokumen", "Laporan", "Orang"):
                if f"Jumlah {word} " in row["indicator"] and row["satuan"].split("/")[0] != word:
                    self.notes.add(
                        "difference",
                        "Tabel 6.1",
                        f"{code} satuan",
                        f'Indikator {code} "{row["indicator"]}" menyebut {word}, tetapi '
                        f"targetnya bersatuan {row['satuan']}.",
                        PLAN,
                    )

    def compare_programme_list(self, rows: list[dict]) -> None:
        """Bab VI 6.1 lists the same programs, kegiatan and sub kegiatan; report names it spells
        differently from Tabel 6.1."""
        lines = self.doc.block("6.1 Rencana Program, Kegiatan dan Sub Kegiatan", "6.2 Pendanaan")
        item = re.compile(r"^(?:-\s*)?(?:\d+\.|[a-z]\.)?\s*(?:-\s*)?(?P<name>[A-Z].*)$")
        names_61 = {norm(row["name"]).removeprefix("program ") for row in rows}
        listed = []
        for line in lines:
            text = clean(line)
            if text.startswith("Program/Kegiatan/Sub Kegiatan prioritas"):
                continue
            match = item.match(text)
            if text and match:
                listed.append(match["name"])
        if len(listed) != len(rows):
            raise SeedFormatError(
                f"Bab VI 6.1 lists {len(listed)} names, Tabel 6.1 has {len(rows)}"
            )
        for name in listed:
            if norm(name).removeprefix("program ") not in names_61:
                self.notes.add(
                    "difference",
                    "Bab VI 6.1 / Tabel 6.1",
                    name,
                    f'Daftar Bab VI 6.1 menulis "{name}", ejaan yang tidak ada di Tabel 6.1. '
                    "Nama Tabel 6.1 yang dipakai.",
                    PLAN,
                )

    def plan_period(self, nodes: list[dict]) -> dict:
        text = " ".join(clean(line) for line in self.doc.lines)
        basis = re.search(
            r"Peraturan Walikota Palangka Raya Nomor 19 Tahun 2023 tentang Rencana Strategis "
            r"Perangkat Daerah Kota Palangka Raya Tahun 2024-2026",
            text,
        )
        if not basis:
            raise SeedFormatError("the Perwali setting the 2024-2026 Renstra is not cited")
        return {
            "key": PLAN,
            "name": "Renstra 2024-2026",
            "start_year": 2024,
            "end_year": 2026,
            "baseline_year": 2023,
            "status": "active",
            "legal_basis": basis.group(0),
            "nodes": nodes,
        }

    # the 2019-2023 period ----------------------------------------------------------------------

    def previous_nodes(self) -> tuple[list[dict], dict[str, str]]:
        iku_line = self._iku_change()
        nodes = []
        nodes += self._previous_table(
            "Tabel 2.4", "Tabel 2.5", 12, "T1", has_number=True, iku_name=iku_line["2019-2020"]
        )
        nodes += self._previous_table(
            "Tabel 2.5",
            "Analisis Keberhasilan",
            14,
            "T2",
            has_number=False,
            iku_name=iku_line["2021-2023"],
        )
        return nodes, iku_line

    def _iku_change(self) -> dict[str, str]:
        """The two IKU of the 2018-2023 Renstra and its 2021 change (between Tabel 2.3 and 2.4)."""
        lines = self.doc.block("Tabel 2.3", "Tabel 2.4")
        rows = [cells for cells in table_rows_loose(lines) if cells[0] == "2019-2020"]
        if len(rows) != 1 or len(rows[0]) != 5:
            raise SeedFormatError("the IKU change of 2021 is not stated before Tabel 2.4")
        cells = rows[0]
        return {"2019-2020": cells[1], "2021-2023": cells[4]}

    def _previous_table(self, title, end, width, goal_code, *, has_number, iku_name) -> list[dict]:
        """Tabel 2.4 or 2.5: one office indicator (the IKU), then the program indicators."""
        rows = table_rows(self.doc.block(title, end), width)
        offset = 1 if has_number else 0
        header = rows[0]
        year_cells = header[offset + 4 : -1 : 3]
        if not all(re.match(r"^20\d\d\b", cell) for cell in [header[offset + 3][-4:], *year_cells]):
            raise SeedFormatError(f"{title}: unexpected header {header}")
        baseline_year = int(header[offset + 3][-4:])
        years = [int(cell[:4]) for cell in year_cells]
        sections: dict[str, list[list[str]]] = {}
        section = None
        for cells in rows:
            if cells[offset + 3].startswith("Kondisi Awal") or cells[offset + 4] == "T":
                continue
            if cells[0] in ("Indikator Perangkat Daerah", "Indikator Program"):
                section = cells[0]
                sections.setdefault(section, [])
                continue
            if section is None:
                raise SeedFormatError(f"{title}: a row before the first section: {cells}")
            figures = cells[offset + 3 :]
            if not any(figures) and not (has_number and cells[0]) and sections[section]:
                join_fragment(sections[section][-1], cells)
            else:
                sections[section].append(list(cells))
        goal_rows = sections.get("Indikator Perangkat Daerah", [])
        program_rows = sections.get("Indikator Program", [])
        if len(goal_rows) != 1 or not program_rows:
            raise SeedFormatError(f"{title}: expected one office indicator and program indicators")
        goal = goal_rows[0]
        if norm(goal[offset + 2]) != norm(iku_name):
            raise SeedFormatError(f"{title}: the office indicator is not the IKU {iku_name!r}")
        sasaran_code = f"{goal_code}.S1"
        nodes = [
            self._node(goal_code, "tujuan", None, goal[offset], None, title),
            {
                **self._node(sasaran_code, "sasaran", goal_code, goal[offset + 1], None, title),
                "indicators": [
                    {**self._previous_indicator(title, goal, offset, years), "is_iku": True}
                ],
            },
        ]
        if _INDICATOR_WORDING.match(goal[offset]):
            self.notes.add(
                "difference",
                title,
                "Tujuan",
                f'Kolom Tujuan {title} berisi "{goal[offset]}", rumusan indikator, bukan '
                "tujuan. Dimuat sebagai Tujuan sebagaimana tercetak.",
                PREVIOUS,
            )
        program_goal = ""
        for number, cells in enumerate(program_rows, start=1):
            program_goal = cells[offset] or program_goal
            if norm(program_goal) != norm(goal[offset + 1]):
                raise SeedFormatError(f"{title}: program rows do not sit under the office Sasaran")
            statement = cells[offset + 1]
            node = self._node(
                f"{sasaran_code}.P{number}", "program", sasaran_code, statement, None, title
            )
            node["sasaran"] = statement
            node["indicators"] = [self._previous_indicator(title, cells, offset, years)]
            nodes.append(node)
        self._previous_checks(title, [goal, *program_rows], offset, years, baseline_year, nodes)
        return nodes

    def _previous_indicator(self, title, cells, offset, years) -> dict:
        targets = {}
        for i, year in enumerate(years):
            target, realised, capaian = (measure(cells[offset + 4 + 3 * i + k]) for k in range(3))
            targets[str(year)] = {
                **target.as_dict(),
                "realisation": realised.as_dict(),
                "reported_capaian": capaian.as_dict(),
            }
        return {
            **self._indicator(cells[offset + 2], "%", measure(cells[offset + 3]), {}, measure("")),
            "targets": targets,
            "final_condition": measure(cells[-1]).as_dict(),
            "source": title,
        }

    def _previous_checks(self, title, rows, offset, years, baseline_year, nodes) -> None:
        measured = [(node["code"], node["indicators"][0]) for node in nodes if node["indicators"]]
        seen: dict[tuple, str] = {}
        for cells, (code, indicator) in zip(rows, measured, strict=True):
            name = indicator["name"]
            for year in map(str, years):
                target = indicator["targets"][year]
                t, r = Decimal(target["value"]), Decimal(target["realisation"]["value"])
                printed = target["reported_capaian"]
                if not t:
                    continue
                places = -Decimal(printed["value"]).as_tuple().exponent
                computed = capaian_positive(r, t).quantize(
                    Decimal(1).scaleb(-places), ROUND_HALF_UP
                )
                if computed != Decimal(printed["value"]):
                    self.notes.add(
                        "error",
                        title,
                        f"{code} capaian {year}",
                        f'{title} mencetak capaian {year} "{name}" C = {printed["text"]} untuk '
                        f"T = {target['text']} dan R = {target['realisation']['text']}, padahal "
                        f"R / T x 100 = {format_decimal(computed, places)}. Nilai tercetak "
                        "disimpan sebagai capaian tertulis.",
                        PREVIOUS,
                    )
            last = indicator["targets"][str(years[-1])]["realisation"]
            if indicator["final_condition"]["value"] != last["value"]:
                self.notes.add(
                    "difference",
                    title,
                    f"{code} kondisi akhir",
                    f'Kondisi akhir "{name}" {indicator["final_condition"]["text"]} berbeda '
                    f"dengan realisasi {years[-1]} {last['text']}.",
                    PREVIOUS,
                )
            # Rows that print one value throughout (100 achieved of 100) are alike by nature.
            figures = tuple(cells[offset + 3 :])
            if figures in seen and len(set(figures)) > 1:
                self.notes.add(
                    "difference",
                    title,
                    f"{code} angka sama dengan baris lain",
                    f'Seluruh angka "{name}" (kondisi awal {baseline_year}, T, R, C, kondisi '
                    f'akhir) sama persis dengan "{seen[figures]}". Kemungkinan tersalin; '
                    "dimuat sebagaimana tercetak, perlu konfirmasi.",
                    PREVIOUS,
                )
            seen[figures] = name

    def previous_period(self, nodes: list[dict]) -> dict:
        text = " ".join(clean(line) for line in self.doc.lines)
        for phrase in (
            "sesuai dengan Renstra Dinas Sosial Kota Palangka Raya Tahun 2018-2023",
            "Pada tahun 2021 telah dilakukan perubahan Rencana Startegis",
        ):
            if phrase not in text:
                raise SeedFormatError(f"the previous Renstra is no longer described: {phrase!r}")
        return {
            "key": PREVIOUS,
            "name": "Renstra 2018-2023 dan Perubahan 2021",
            "start_year": 2019,
            "end_year": 2023,
            "baseline_year": 2018,
            "status": "closed",
            "legal_basis": (
                "Renstra Dinas Sosial Kota Palangka Raya Tahun 2018-2023; Perubahan Renstra "
                "Tahun 2021 (penyesuaian nomenklatur Permendagri 90 Tahun 2019; IKU berubah dari "
                "Persentase PMKS yang mandiri menjadi Persentase PPKS yang berfungsi sosial)."
            ),
            "nodes": nodes,
        }

    # SPM ----------------------------------------------------------------------------------------

    def spm(self, unit_codes: dict[str, str]) -> dict:
        services_22 = [
            cells
            for cells in table_rows(self.doc.block("Tabel 2.2", "Tabel 2.3"), 7)
            if cells[0].isdigit()
        ]
        history_lines = self.doc.block("Tabel 2.3", "Pada tahun 2021", prefix=True)
        history = table_rows(history_lines, 13)
        years_row = next(cells for cells in history if cells[3].isdigit())
        years = [int(year) for year in years_row[3:8]]
        if years != list(range(2019, 2024)) or years_row[8:] != years_row[3:8]:
            raise SeedFormatError("Tabel 2.3: expected targets and capaian for 2019-2023")
        history_rows = [cells for cells in history if cells[0].isdigit()]
        if len(services_22) != 5 or [c[0] for c in history_rows] != [c[0] for c in services_22]:
            raise SeedFormatError("Tabel 2.2 and 2.3: expected the same five SPM services")
        services = []
        for cells, past in zip(services_22, history_rows, strict=True):
            number = int(cells[0])
            if norm(cells[1]) != norm(past[1]):
                raise SeedFormatError(f"SPM service {number} is named differently in Tabel 2.3")
            services.append(
                {
                    "number": number,
                    "name": cells[1],
                    "recipient_indicator": cells[2],
                    "recipient_target_text": cells[3],
                    "quality_indicator": cells[4],
                    "quality_target_text": cells[5],
                    "remarks": cells[6],
                    "history_indicator": past[2],
                    "unit": unit_codes[SPM_UNITS[number]],
                    "years": {
                        str(year): {
                            "target": measure(past[3 + i]).as_dict(),
                            "capaian": measure(past[8 + i]).as_dict(),
                        }
                        for i, year in enumerate(years)
                    },
                }
            )
        return {"source": "Tabel 2.2, Tabel 2.3", "services": services}

    # interpretation notes -----------------------------------------------------------------------

    def interpretation_notes(self, previous_iku_names: dict[str, str]) -> None:
        add = self.notes.add
        assignment = "; ".join(f"{code} -> {unit}" for code, unit in PROGRAM_UNITS.items())
        add(
            "interpretation",
            "Bab IV 4.1.2",
            "Unit penanggung jawab",
            'Tabel 6.1 mencantumkan "Dinas Sosial" sebagai unit penanggung jawab setiap baris '
            "(disimpan sebagai teks tertulis). Unit kerja ditetapkan menurut manual IKU Bab IV "
            f"4.1.2: Tujuan dan Sasaran PD -> {GOAL_UNIT}; {assignment}; kegiatan dan sub "
            "kegiatan mengikuti programnya. Jenis layanan SPM 1-4 -> Bidang Rehabilitasi Sosial, "
            "5 -> Bidang Perlindungan dan Jaminan Sosial.",
            PLAN,
        )
        add(
            "interpretation",
            "Bab VI 6.2",
            "Sumber dana",
            "Bab VI 6.2 menyebut pendanaan dari APBD atau sumber lain tanpa merinci sumber dana "
            "per sub kegiatan; seluruh pagu sub kegiatan dicatat bersumber APBD.",
            PLAN,
        )
        add(
            "interpretation",
            "Tabel 4.2",
            "Target tunggal",
            "Tabel 4.2 mencantumkan satu target per indikator (kecuali IKU); target itu "
            "dibandingkan dengan target tahun 2024 Tabel 6.1.",
            PLAN,
        )
        add(
            "interpretation",
            "Tabel 2.4 / Tabel 2.5",
            "Program periode 2019-2023",
            "Tabel 2.4 dan 2.5 tidak menyebut nama program. Setiap indikator program dimuat pada "
            "simpul program yang namanya adalah sasaran program tersebut (kode T1.S1.P1 dst. "
            "untuk Renstra 2018-2023 tahun 2019-2020, T2.S1.P1 dst. untuk Renstra Perubahan "
            f'tahun 2021-2023). IKU: "{previous_iku_names["2019-2020"]}" (2019-2020) dan '
            f'"{previous_iku_names["2021-2023"]}" (2021-2023). Realisasi tahunan (R) dicatat '
            "sebagai realisasi triwulan IV terverifikasi; capaian tercetak (C) disimpan sebagai "
            "capaian tertulis.",
            PREVIOUS,
        )


def table_rows_loose(lines: list[str]) -> list[list[str]]:
    """Tab-separated lines of any width (for the small tables between the big ones)."""
    return [[clean(cell) for cell in line.split("\t")] for line in lines if "\t" in line]
