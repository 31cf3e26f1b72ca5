"""The Pemda's Tujuan and Sasaran as the seeded Renstra prints them (Bab IV 4.1 and the first
column of Tabel 6.1), read from the seed document: nothing is invented."""

import re
from pathlib import Path

from django.conf import settings

SEED_TEXT = (
    Path(settings.BASE_DIR).parent
    / "shared"
    / "seed"
    / "renstra-dinsos-palangka-raya-2024-2026.txt"
)
_TUJUAN = re.compile(r"^- Tujuan (\d+) : (.+?)\.?$")
_SASARAN = re.compile(r"^- Sasaran (\d+) : (.+?)\.?$")
_SASARAN_PEMDA = re.compile(r"^<i>Sasaran Pemda</i>\t: <i>(.+)</i>$")
_PERIOD = re.compile(r"Rencana Pembangunan Daerah (.+?) Tahun (\d{4})-(\d{4})")


class SeedGoalsError(ValueError):
    """The document does not print the Pemda's Tujuan and Sasaran as expected."""


def read_pemda_goals(text: str) -> dict:
    """The RPD's name and years, its Tujuan and the Sasaran Pemda the office serves; the Sasaran
    must be the one Bab IV 4.1.1 names and the first cell of Tabel 6.1 prints."""
    tujuan = sasaran = pemda = period = None
    first_cells = set()
    for line in text.splitlines():
        line = line.strip()
        tujuan = tujuan or _TUJUAN.match(line)
        sasaran = sasaran or _SASARAN.match(line)
        pemda = pemda or _SASARAN_PEMDA.match(line)
        period = period or _PERIOD.search(line)
        if "\t" in line and re.search(r"\t1\.\d{2}\.\d{2}\t", line):
            first_cells.add(line.split("\t", 1)[0])
    if not (tujuan and sasaran and pemda and period):
        raise SeedGoalsError("Bab IV 4.1: Tujuan, Sasaran or Sasaran Pemda not found")
    if sasaran[2].casefold() != pemda[1].casefold():
        raise SeedGoalsError(f"Sasaran {sasaran[2]!r} differs from Sasaran Pemda {pemda[1]!r}")
    if pemda[1] not in first_cells:
        raise SeedGoalsError(f"Tabel 6.1 does not print {pemda[1]!r} in its first column")
    return {
        "name": f"RPD {period[2]}-{period[3]}",
        "start_year": int(period[2]),
        "end_year": int(period[3]),
        "tujuan_code": f"T{tujuan[1]}",
        "tujuan": tujuan[2],
        "sasaran_code": f"T{tujuan[1]}.S{sasaran[1]}",
        "sasaran": pemda[1],
    }
