"""Whole documents: the LKjIP (PermenPANRB 53/2014) and the laporan penerapan SPM (Permendagri
59/2021) as chapters of text around the report's tables (naskah).

Each section of a chapter prints the text planning staff saved for it (`DocumentText`), or,
while none is saved, an automatic draft (draf otomatis) that states the computed facts. The
drafts and the tables read the same report selectors (`lkjip_tables`, `spm_tables`) and the
same layouts as the LKjIP and SPM reports: no figure is computed here, only compared with
another and written in a sentence.
"""

import datetime
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as lazy

from cascading.constants import VERIFIED_ONLY
from renstra.models import Organisation
from renstra.numbers import MONEY, PERCENT, display_number, display_target
from renstra.scope import period_for

from . import layouts, selectors
from .choices import Paper, ReportKind, WholeDocument
from .document import Document, Table
from .models import DocumentText
from .selectors import LkjipTables, Measure, MeasuredIndicator, SpmTables

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class SectionSpec:
    """A section of a chapter: its key (the saved text's `section`), its heading, and what the
    regulation asks it to say (shown to the writer on the editing page)."""

    key: str
    heading: str
    hint: str


@dataclass(frozen=True)
class ChapterSpec:
    title: str
    sections: tuple[SectionSpec, ...]


# Lazy: the chapter specifications are read in the request's language.
LKJIP_CHAPTERS = (
    ChapterSpec(
        lazy("Ikhtisar Eksekutif"),
        (
            SectionSpec(
                "ikhtisar",
                lazy("Ikhtisar Eksekutif"),
                lazy("Ringkasan capaian kinerja, realisasi anggaran dan hal yang menonjol."),
            ),
        ),
    ),
    ChapterSpec(
        lazy("Bab I Pendahuluan"),
        (
            SectionSpec(
                "pendahuluan",
                lazy("Latar Belakang, Tugas, Fungsi dan Struktur Organisasi"),
                lazy(
                    "Dasar hukum, tugas dan fungsi, struktur organisasi, sumber daya dan isu "
                    "strategis perangkat daerah."
                ),
            ),
        ),
    ),
    ChapterSpec(
        lazy("Bab II Perencanaan Kinerja"),
        (
            SectionSpec(
                "perencanaan",
                lazy("Rencana Strategis dan Perjanjian Kinerja"),
                lazy("Tujuan, sasaran dan indikator Renstra; Perjanjian Kinerja tahun ini."),
            ),
        ),
    ),
    ChapterSpec(
        lazy("Bab III Akuntabilitas Kinerja"),
        (
            SectionSpec(
                "capaian",
                lazy("A. Capaian Kinerja Organisasi"),
                lazy(
                    "Per sasaran: target dan realisasi tahun ini, perbandingan dengan tahun lalu "
                    "dan dengan target akhir Renstra, serta dengan standar nasional bila ada."
                ),
            ),
            SectionSpec(
                "analisis",
                lazy("B. Analisis Penyebab Keberhasilan atau Kegagalan dan Solusinya"),
                lazy(
                    "Penyebab keberhasilan atau kegagalan tiap sasaran, perbandingan dengan "
                    "standar nasional, alternatif solusi yang telah dilakukan."
                ),
            ),
            SectionSpec(
                "anggaran",
                lazy("C. Realisasi Anggaran dan Efisiensi"),
                lazy(
                    "Pagu, realisasi dan serapan per program; efisiensi penggunaan sumber daya; "
                    "program yang menunjang keberhasilan atau kegagalan pencapaian."
                ),
            ),
        ),
    ),
    ChapterSpec(
        lazy("Bab IV Penutup"),
        (
            SectionSpec(
                "penutup",
                lazy("Kesimpulan dan Langkah ke Depan"),
                lazy("Kesimpulan umum capaian kinerja dan langkah perbaikan tahun berikutnya."),
            ),
        ),
    ),
)
SPM_CHAPTERS = (
    ChapterSpec(
        lazy("Bab I Pendahuluan"),
        (
            SectionSpec(
                "pendahuluan",
                lazy("Latar Belakang dan Dasar Hukum"),
                lazy("Dasar hukum penerapan SPM, jenis pelayanan dasar yang menjadi kewenangan."),
            ),
        ),
    ),
    ChapterSpec(
        lazy("Bab II Penerapan dan Pencapaian SPM"),
        (
            SectionSpec(
                "penerima",
                lazy("A. Penerima Layanan Dasar dan Capaian per Jenis Pelayanan"),
                lazy(
                    "Jumlah warga negara yang membutuhkan dan yang terlayani per jenis pelayanan."
                ),
            ),
            SectionSpec(
                "target",
                lazy("B. Target dan Realisasi per Jenis Pelayanan"),
                lazy(
                    "Target penerima layanan (100 %) dan capaian tahun ini serta tahun sebelumnya."
                ),
            ),
            SectionSpec(
                "mutu",
                lazy("C. Mutu Layanan Dasar"),
                lazy("Barang/jasa dan SDM yang dibutuhkan dan yang terpenuhi per jenis pelayanan."),
            ),
            SectionSpec(
                "anggaran",
                lazy("D. Anggaran dan Realisasi Penerapan SPM"),
                lazy("Pagu dan realisasi program dan kegiatan yang membiayai pelayanan dasar SPM."),
            ),
            SectionSpec(
                "kendala",
                lazy("E. Permasalahan dan Solusi"),
                lazy("Kendala penerapan SPM per jenis pelayanan dan langkah penyelesaiannya."),
            ),
        ),
    ),
    ChapterSpec(
        lazy("Bab III Penutup"),
        (
            SectionSpec(
                "penutup",
                lazy("Kesimpulan"),
                lazy("Kesimpulan penerapan SPM dan rencana tindak lanjut."),
            ),
        ),
    ),
)

CHAPTERS = {WholeDocument.LKJIP: LKJIP_CHAPTERS, WholeDocument.SPM: SPM_CHAPTERS}
REPORT_OF = {WholeDocument.LKJIP: ReportKind.LKJIP, WholeDocument.SPM: ReportKind.SPM}


def section_keys(kind: WholeDocument) -> list[str]:
    return [section.key for chapter in CHAPTERS[kind] for section in chapter.sections]


def normalise(text: str) -> str:
    """A text as saved and compared: Unix line ends, no trailing blanks."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()


def digest(text: str) -> str:
    """A fingerprint of the text a page showed, to tell an edited textarea from an untouched
    one (an untouched draft is not saved: it keeps following the figures)."""
    return hashlib.sha256(normalise(text).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Section:
    spec: SectionSpec
    draft: str
    saved: DocumentText | None
    tables: list[Table] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def heading(self) -> str:
        return str(self.spec.heading)

    @property
    def automatic(self) -> bool:
        """The section prints its automatic draft: nothing (or an empty text) is saved."""
        return self.saved is None or not self.saved.text

    @property
    def text(self) -> str:
        return self.draft if self.automatic else self.saved.text

    @property
    def version(self) -> int:
        return self.saved.version if self.saved else 0

    @property
    def digest(self) -> str:
        return digest(self.text)

    @property
    def paragraphs(self) -> list[str]:
        """Paragraphs split on blank lines; a paragraph keeps its own line breaks."""
        return [part.strip() for part in re.split(r"\n\s*\n", self.text) if part.strip()]

    @property
    def printed_tables(self) -> list[Table]:
        return [printed for table in self.tables for printed in table.printed]


@dataclass(frozen=True)
class Chapter:
    title: str
    sections: list[Section]


@dataclass(frozen=True)
class Naskah:
    """A whole document: `report` carries the heading, marks, signatures and all the tables;
    `chapters` the texts with each table in its section."""

    kind: WholeDocument
    report: Document
    chapters: list[Chapter]

    @property
    def title(self) -> str:
        return self.report.title

    @property
    def filename(self) -> str:
        """`naskah-lkjip-dinsos-2025`, with the report's DRAF and DATA-CONTOH suffixes."""
        return f"naskah-{self.report.filename}"

    @property
    def sections(self) -> list[Section]:
        return [section for chapter in self.chapters for section in chapter.sections]


def build_naskah(
    *,
    kind: WholeDocument,
    organisation: Organisation,
    year: int,
    statuses: Iterable[str] = VERIFIED_ONLY,
    paper: Paper = Paper.A4,
    today: datetime.date | None = None,
) -> Naskah:
    """The whole LKjIP or laporan penerapan SPM of the office for `year`. Raises Http404 when
    no Renstra period of the office covers the year. A fixed number of queries."""
    period = period_for(organisation, year)
    statuses = tuple(statuses)
    narratives = {
        narrative.report: narrative
        for narrative in selectors.narratives_for(
            organisation=organisation,
            year=year,
            reports=(REPORT_OF[kind], ReportKind.EVALUASI_RENJA),
        )
    }
    context = layouts.Context(
        organisation=organisation,
        period=period,
        year=year,
        paper=paper,
        statuses=statuses,
        narrative=narratives.get(REPORT_OF[kind]),
        today=today or timezone.localdate(),
    )
    saved = {
        text.section: text
        for text in DocumentText.objects.filter(
            organisation=organisation, year=year, document=kind
        ).select_related("updated_by", "created_by")
    }
    lkjip = selectors.lkjip_tables(period=period, year=year, statuses=statuses)
    evaluation = narratives.get(ReportKind.EVALUASI_RENJA)
    if kind == WholeDocument.LKJIP:
        parts = _lkjip_parts(context, lkjip, evaluation)
        title = _("Laporan Kinerja Instansi Pemerintah (LKjIP) %(office)s Tahun %(year)s")
        notes = (layouts.period_rule_note(item.figures.indicator for item in lkjip.measured),)
    else:
        spm = selectors.spm_tables(organisation=organisation, year=year)
        parts = _spm_parts(context, spm, lkjip)
        title = _("Laporan Penerapan Standar Pelayanan Minimal %(office)s Tahun %(year)s")
        notes = ()
    chapters = [
        Chapter(
            title=str(chapter.title),
            sections=[
                Section(
                    spec=spec,
                    draft=parts[spec.key][0],
                    saved=saved.get(spec.key),
                    tables=parts[spec.key][1],
                )
                for spec in chapter.sections
            ],
        )
        for chapter in CHAPTERS[kind]
    ]
    report = context.document(
        REPORT_OF[kind],
        title % {"office": organisation.name, "year": year},
        [table for chapter in chapters for section in chapter.sections for table in section.tables],
        counts_realisations=True,
        notes=notes,
    )
    return Naskah(kind=kind, report=report, chapters=chapters)


# --- Writing figures in sentences ---------------------------------------------------------------


def _measure(value: Measure, satuan: str = "") -> str:
    """A target or realisation with its unit: `3,8 %`, `12 Dokumen`, a grade `BB`, or "-"."""
    if isinstance(value, Decimal):
        return display_target(value, satuan=satuan)
    return value or "-"


def _percent(value: Decimal | None) -> str:
    return display_number(value, PERCENT)


def _money(value: Decimal | None) -> str:
    return f"Rp{display_number(value, MONEY)}"


def _label(choice) -> str:
    return choice.label if choice else "-"


def _compare(current: Measure, earlier: Measure) -> str:
    """How a realisation stands against an earlier one, in words (no arithmetic)."""
    if not isinstance(current, Decimal) or not isinstance(earlier, Decimal):
        return _("tidak dapat dibandingkan")
    if current > earlier:
        return _("lebih tinggi")
    if current < earlier:
        return _("lebih rendah")
    return _("sama")


def _lines(items: Iterable[str]) -> str:
    return "\n".join(items)


def _is_iku(item: MeasuredIndicator) -> bool:
    return item.figures.indicator.is_iku or selectors.is_goal(item.node)


def _below_target(items: Iterable[MeasuredIndicator]) -> list[MeasuredIndicator]:
    return [
        item
        for item in items
        if item.figures.capaian is not None and item.figures.capaian < HUNDRED
    ]


def _unmeasured(items: Iterable[MeasuredIndicator]) -> list[MeasuredIndicator]:
    return [item for item in items if item.figures.capaian is None]


# --- LKjIP ---------------------------------------------------------------------------------------

Parts = dict[str, tuple[str, list[Table]]]


def _lkjip_parts(context: layouts.Context, data: LkjipTables, evaluation) -> Parts:
    office, year = context.organisation.name, data.year
    measured = data.measured
    reached = [item for item in measured if item.figures.capaian is not None]
    below, unmeasured = _below_target(measured), _unmeasured(measured)
    iku = [item for item in measured if _is_iku(item)]
    sasaran = [item.sasaran for item in measured if item.sasaran]
    budget_sentence = _(
        "Realisasi anggaran %(realisasi)s dari pagu %(pagu)s, serapan %(serapan)s."
    ) % {
        "realisasi": _money(data.realisasi),
        "pagu": _money(data.pagu),
        "serapan": _percent(data.serapan),
    }
    rating_sentence = _(
        "Rata-rata capaian kinerja %(office)s tahun %(year)s adalah %(capaian)s dengan predikat "
        "%(predikat)s."
    ) % {
        "office": office,
        "year": year,
        "capaian": _percent(data.rating.value),
        "predikat": _label(data.rating.predikat),
    }
    ikhtisar = "\n\n".join(
        [
            _(
                "Pada tahun %(year)s %(office)s mengukur %(count)s indikator kinerja, %(iku)s di "
                "antaranya indikator kinerja utama (IKU) tujuan dan sasaran."
            )
            % {"year": year, "office": office, "count": len(measured), "iku": len(iku)},
            rating_sentence,
            _(
                "%(reached)s indikator mencapai atau melampaui target, %(below)s indikator di "
                "bawah target, %(unmeasured)s indikator belum dapat diukur."
            )
            % {
                "reached": len(reached) - len(below),
                "below": len(below),
                "unmeasured": len(unmeasured),
            },
            budget_sentence,
        ]
    )
    pendahuluan = _(
        "Laporan Kinerja Instansi Pemerintah (LKjIP) %(office)s tahun %(year)s disusun "
        "berdasarkan Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja "
        "Instansi Pemerintah dan Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi "
        "Birokrasi Nomor 53 Tahun 2014, sebagai pertanggungjawaban pelaksanaan %(period)s pada "
        "tahun %(year)s.\n\nLaporan ini menyajikan capaian kinerja tahun %(year)s terhadap "
        "Perjanjian Kinerja, perbandingannya dengan tahun sebelumnya dan dengan target akhir "
        "Renstra, serta realisasi anggaran dan efisiensinya."
    ) % {"office": office, "year": year, "period": context.period_label}
    perencanaan = "\n\n".join(
        [
            _(
                "%(period)s memuat %(sasaran)s sasaran dengan %(count)s indikator kinerja yang "
                "diukur dalam laporan ini. Perjanjian Kinerja tahun %(year)s menetapkan target "
                "berikut, dengan anggaran %(programs)s program sebesar %(pagu)s."
            )
            % {
                "period": context.period_label,
                "sasaran": len(sasaran),
                "count": len(measured),
                "year": year,
                "programs": len(data.programs),
                "pagu": _money(data.pagu),
            },
            _lines(
                _("- %(indicator)s: target %(target)s.")
                % {
                    "indicator": item.figures.indicator.name,
                    "target": _measure(item.target, item.figures.indicator.satuan),
                }
                for item in iku
            ),
        ]
    ).strip()
    capaian = "\n\n".join(
        [rating_sentence, *(_indicator_paragraph(context, data, item) for item in measured)]
    )
    analisis = _lkjip_analysis(data, below, unmeasured, evaluation)
    anggaran = "\n\n".join(
        [
            _("Anggaran tahun %(year)s. %(sentence)s")
            % {"year": year, "sentence": budget_sentence},
            *(_program_paragraph(program) for program in data.programs),
        ]
    )
    penutup = "\n\n".join(
        part
        for part in [
            rating_sentence,
            budget_sentence,
            _(
                "Indikator yang belum mencapai target menjadi perhatian pada tahun %(next)s: "
                "%(names)s."
            )
            % {
                "next": year + 1,
                "names": "; ".join(item.figures.indicator.name for item in below),
            }
            if below
            else _("Seluruh indikator yang terukur mencapai atau melampaui target.")
            if reached
            else "",
        ]
        if part
    )
    return {
        "ikhtisar": (ikhtisar, []),
        "pendahuluan": (pendahuluan, []),
        "perencanaan": (perencanaan, layouts.lkjip_agreement(data)),
        "capaian": (
            capaian,
            [layouts.lkjip_measurement(data), layouts.lkjip_comparison(context, data)],
        ),
        "analisis": (analisis, []),
        "anggaran": (anggaran, [layouts.lkjip_budget(data)]),
        "penutup": (penutup, []),
    }


def _indicator_paragraph(
    context: layouts.Context, data: LkjipTables, item: MeasuredIndicator
) -> str:
    indicator = item.figures.indicator
    satuan = indicator.satuan
    year = data.year
    if year - 1 in item.progress.by_year:
        earlier_label, earlier = str(year - 1), item.progress.by_year[year - 1]
    else:
        earlier_label = _("kondisi awal %(year)s") % {"year": data.baseline_year or ""}
        earlier = item.baseline
    facts = _(
        "%(name)s%(iku)s: target %(target)s, realisasi %(realisation)s, capaian %(capaian)s "
        "(predikat %(predikat)s)."
    ) % {
        "name": indicator.name,
        "iku": _(" (IKU)") if _is_iku(item) else "",
        "target": _measure(item.target, satuan),
        "realisation": _measure(item.realisation, satuan),
        "capaian": _percent(item.figures.capaian),
        "predikat": _label(item.figures.predikat),
    }
    last_year = _(
        "Dibandingkan %(label)s (%(earlier)s), realisasi tahun %(year)s %(comparison)s."
    ) % {
        "label": earlier_label,
        "earlier": _measure(earlier, satuan),
        "year": year,
        "comparison": _compare(item.realisation, earlier),
    }
    end = _(
        "Terhadap target akhir Renstra %(end)s (%(final)s), realisasi s/d tahun %(year)s "
        "%(to_date)s, capaian %(capaian)s."
    ) % {
        "end": context.period.end_year,
        "final": _measure(item.final_target, satuan),
        "year": year,
        "to_date": _measure(item.progress.to_date, satuan),
        "capaian": _percent(item.progress.capaian),
    }
    return f"{facts} {last_year} {end}"


def _program_paragraph(program: selectors.ProgramBudget) -> str:
    return _(
        "%(code)s %(name)s: pagu %(pagu)s, realisasi %(realisasi)s, serapan %(serapan)s; capaian "
        "kinerja %(capaian)s; tingkat efisiensi %(ratio)s (%(efficiency)s)."
    ) % {
        "code": program.node.code,
        "name": program.node.name,
        "pagu": _money(program.pagu),
        "realisasi": _money(program.realisasi),
        "serapan": _percent(program.serapan),
        "capaian": _percent(program.capaian),
        "ratio": _percent(program.efficiency_ratio),
        "efficiency": _label(program.efficiency),
    }


def _lkjip_analysis(data: LkjipTables, below, unmeasured, evaluation) -> str:
    paragraphs = []
    if below:
        paragraphs.append(
            _("Indikator di bawah target tahun %(year)s:") % {"year": data.year}
            + "\n"
            + _lines(
                _("- %(name)s: capaian %(capaian)s.")
                % {"name": item.figures.indicator.name, "capaian": _percent(item.figures.capaian)}
                for item in below
            )
        )
    elif len(unmeasured) < len(data.measured):
        paragraphs.append(_("Seluruh indikator yang terukur mencapai atau melampaui target."))
    if unmeasured:
        paragraphs.append(
            _("Indikator yang belum dapat diukur (realisasi belum ada): %(names)s.")
            % {"names": "; ".join(item.figures.indicator.name for item in unmeasured)}
        )
    if evaluation is not None:
        for label, text in (
            (_("Faktor pendorong keberhasilan"), evaluation.faktor_pendorong),
            (_("Faktor penghambat"), evaluation.faktor_penghambat),
            (_("Tindak lanjut"), evaluation.tindak_lanjut_renja or evaluation.tindak_lanjut),
        ):
            if text.strip():
                paragraphs.append(f"{label}: {text.strip()}")
    return "\n\n".join(paragraphs)


# --- Laporan penerapan SPM -----------------------------------------------------------------------


def _spm_parts(context: layouts.Context, data: SpmTables, lkjip: LkjipTables) -> Parts:
    office, year = context.organisation.name, data.year.year
    current = data.year
    services = current.services
    mean_sentence = _(
        "Rata-rata capaian penerima layanan %(penerima)s, capaian mutu %(mutu)s, indeks capaian "
        "SPM %(indeks)s dengan kategori %(kategori)s."
    ) % {
        "penerima": _percent(current.capaian_penerima),
        "mutu": _percent(current.capaian_mutu),
        "indeks": _percent(current.indeks),
        "kategori": _label(current.kategori),
    }
    pendahuluan = "\n\n".join(
        [
            _(
                "Laporan penerapan Standar Pelayanan Minimal (SPM) %(office)s tahun %(year)s "
                "disusun berdasarkan Peraturan Pemerintah Nomor 2 Tahun 2018 tentang Standar "
                "Pelayanan Minimal dan Peraturan Menteri Dalam Negeri Nomor 59 Tahun 2021 tentang "
                "Penerapan Standar Pelayanan Minimal. %(office)s melaksanakan %(count)s jenis "
                "pelayanan dasar:"
            )
            % {"office": office, "year": year, "count": len(services)},
            _lines(f"{figures.service.number}. {figures.service.name}" for figures in services),
        ]
    )
    penerima = "\n\n".join(
        [
            *(
                _(
                    "%(number)s. %(name)s: warga negara yang membutuhkan %(needing)s jiwa, yang "
                    "terlayani %(served)s jiwa, capaian penerima layanan %(penerima)s; capaian "
                    "mutu %(mutu)s; indeks capaian %(indeks)s (%(kategori)s)."
                )
                % {
                    "number": figures.service.number,
                    "name": figures.service.name,
                    "needing": _count(figures.annual, "people_needing"),
                    "served": _count(figures.annual, "people_served"),
                    "penerima": _percent(figures.capaian_penerima),
                    "mutu": _percent(figures.capaian_mutu),
                    "indeks": _percent(figures.indeks),
                    "kategori": _label(figures.kategori),
                }
                for figures in services
            ),
            mean_sentence,
        ]
    )
    earlier = data.history[:-1]
    target = "\n\n".join(
        _(
            "%(number)s. %(name)s: target penerima layanan %(target)s (tahun %(year)s: "
            "%(percent)s), capaian %(capaian)s.%(history)s"
        )
        % {
            "number": figures.service.number,
            "name": figures.service.name,
            "target": figures.service.recipient_target_text or "-",
            "year": year,
            "percent": _percent(figures.annual.target_percent if figures.annual else None),
            "capaian": _percent(figures.capaian_penerima),
            "history": (
                " "
                + _("Tahun sebelumnya: %(years)s.")
                % {
                    "years": "; ".join(
                        f"{past.year} {_percent(past.services[index].capaian_penerima)}"
                        for past in earlier
                    )
                }
            )
            if earlier
            else "",
        }
        for index, figures in enumerate(services)
    )
    mutu = "\n\n".join(
        [
            *(
                _(
                    "%(number)s. %(name)s: %(indicator)s; mutu yang dibutuhkan %(required)s, "
                    "yang terpenuhi %(provided)s, capaian mutu %(mutu)s."
                )
                % {
                    "number": figures.service.number,
                    "name": figures.service.name,
                    "indicator": figures.service.quality_indicator,
                    "required": _measure(
                        figures.annual.quality_required if figures.annual else None
                    ),
                    "provided": _measure(
                        figures.annual.quality_provided if figures.annual else None
                    ),
                    "mutu": _percent(figures.capaian_mutu),
                }
                for figures in services
            ),
        ]
    )
    anggaran = "\n\n".join(
        [
            _(
                "Anggaran program %(office)s tahun %(year)s: pagu %(pagu)s, realisasi "
                "%(realisasi)s, serapan %(serapan)s. Rincian per program pada tabel berikut."
            )
            % {
                "office": office,
                "year": year,
                "pagu": _money(lkjip.pagu),
                "realisasi": _money(lkjip.realisasi),
                "serapan": _percent(lkjip.serapan),
            },
            *(_program_paragraph(program) for program in lkjip.programs),
        ]
    )
    kendala = _spm_problems(services, year)
    penutup = "\n\n".join(
        [
            _("Penerapan SPM %(office)s tahun %(year)s:") % {"office": office, "year": year}
            + " "
            + mean_sentence,
            _("Realisasi anggaran program %(realisasi)s dari pagu %(pagu)s (serapan %(serapan)s).")
            % {
                "realisasi": _money(lkjip.realisasi),
                "pagu": _money(lkjip.pagu),
                "serapan": _percent(lkjip.serapan),
            },
        ]
    )
    return {
        "pendahuluan": (pendahuluan, []),
        "penerima": (penerima, [layouts.spm_year_table(context, data)]),
        "target": (target, [layouts.spm_history_table(data)]),
        "mutu": (mutu, [layouts.spm_quality_table(data)]),
        "anggaran": (anggaran, [layouts.lkjip_budget(lkjip)]),
        "kendala": (kendala, []),
        "penutup": (penutup, []),
    }


def _count(annual, name: str) -> str:
    value = getattr(annual, name) if annual is not None else None
    return display_number(value) if value is not None else "-"


def _spm_problems(services, year: int) -> str:
    """Services below their target (100 % unless the year says otherwise) or without figures,
    with the notes recorded on their yearly figures."""
    paragraphs = []
    for figures in services:
        annual = figures.annual
        target = annual.target_percent if annual and annual.target_percent is not None else HUNDRED
        note = annual.note.strip() if annual else ""
        if figures.capaian_penerima is None:
            sentence = _("%(name)s: capaian tahun %(year)s belum tercatat.") % {
                "name": figures.service.name,
                "year": year,
            }
        elif figures.capaian_penerima < target:
            sentence = _(
                "%(name)s: capaian penerima layanan %(capaian)s di bawah target %(target)s."
            ) % {
                "name": figures.service.name,
                "capaian": _percent(figures.capaian_penerima),
                "target": _percent(target),
            }
        else:
            continue
        paragraphs.append(f"{sentence} {note}".strip())
    if not paragraphs:
        return _(
            "Seluruh jenis pelayanan dasar mencapai target penerima layanan tahun %(year)s."
        ) % {"year": year}
    return "\n\n".join(paragraphs)
