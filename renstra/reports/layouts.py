"""The layout of each report: its columns (headers, numbers, widths, formats) and its lines.

One function per report turns the report selector's figures into a `Document`; the Excel
writer, the PDF template and the HTML preview all render that document. Column numbers follow the
regulation's forms (Permendagri 86/2017 for Renstra, Renja and Evaluasi Renja).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from budgeting.selectors import budget_note
from cascading.choices import Level, PeriodRule
from cascading.constants import VERIFIED_ONLY
from cascading.models import PlanNode
from renstra.models import Organisation, RenstraPeriod
from spm.calculations import PenerimaSource

from .choices import Paper, ReportKind
from .document import Column, Document, Format, Line, Part, Signature, Table
from .models import ReportNarrative
from .selectors import (
    BudgetProgress,
    EvaluasiTable,
    KinerjaProgress,
    LkjipTables,
    Rating,
    RenjaTable,
    RenstraTable,
    SpmTables,
    unit_name,
)

M, RP, PCT, INT = Format.MEASURE, Format.MONEY, Format.PERCENT, Format.INTEGER

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Context:
    """What every report states around its tables: who, which period and year, on what paper,
    counting which realisations, signed when."""

    organisation: Organisation
    period: RenstraPeriod
    year: int
    paper: Paper
    statuses: tuple[str, ...]
    narrative: ReportNarrative | None
    today: datetime.date
    # Bappeda's reviewer of the year's evaluasi Renja, once reviewed (city.selectors).
    reviewer: str = ""
    # The Sasaran Pemda the office's Tujuan/Sasaran serve, as footnotes (city.selectors).
    pemda_notes: tuple[str, ...] = ()

    @property
    def signed_on(self) -> datetime.date:
        if self.narrative and self.narrative.signed_on:
            return self.narrative.signed_on
        return self.today

    @property
    def realisation_note(self) -> str:
        if self.statuses == VERIFIED_ONLY:
            return _("Realisasi yang dihitung: hanya yang telah diverifikasi.")
        return _(
            "Realisasi yang dihitung: yang telah diverifikasi dan yang diajukan tetapi belum "
            "diverifikasi."
        )

    @property
    def period_label(self) -> str:
        return _("%(name)s, periode %(start)s-%(end)s") % {
            "name": self.period.name,
            "start": self.period.start_year,
            "end": self.period.end_year,
        }

    def head(self, caption: str = "") -> Signature:
        organisation = self.organisation
        return Signature(
            caption=caption,
            title=organisation.head_title,
            name=organisation.head_name,
            rank=organisation.head_rank,
            nip=organisation.head_nip,
            dated=True,
        )

    def document(
        self,
        kind: ReportKind,
        title: str,
        tables: list[Table],
        *,
        signatures: list[Signature] | None = None,
        counts_realisations: bool = False,
        notes: tuple[str, ...] = (),
        preamble: tuple[str, ...] = (),
        budget_versions: tuple[str, ...] = (),
    ) -> Document:
        """The report around its tables; signed by the head of office unless `signatures`.

        A report that `counts_realisations` says which it counts, and is a draft when that
        includes values not yet verified; an office holding demo data marks every report."""
        return Document(
            kind=kind,
            title=title,
            organisation=self.organisation,
            period=self.period,
            year=self.year,
            subtitle=self.period_label,
            tables=tables,
            signatures=signatures or [self.head()],
            place=self.organisation.city,
            signed_on=self.signed_on,
            paper=self.paper,
            realisation_note=self.realisation_note if counts_realisations else "",
            budget_note=budget_note(budget_versions),
            notes=notes,
            preamble=preamble,
            demo=self.organisation.demo_data,
            draft=counts_realisations and self.statuses != VERIFIED_ONLY,
        )


def period_rule_note(indicators) -> str:
    """The footnote saying how the Renstra-to-date figures combine the years, naming the
    cumulative indicators of the report."""
    cumulative = sorted(
        {
            indicator.code
            for indicator in indicators
            if indicator.period_rule == PeriodRule.CUMULATIVE
        }
    )
    rule = _(
        "Realisasi dan capaian Renstra s/d tahun ini: untuk indikator kumulatif (target akhir "
        "periode = jumlah target tahunan) realisasi tahunan dijumlahkan; untuk indikator tingkat "
        "(target akhir periode = tingkat yang dicapai) dipakai realisasi tahun terakhir, tidak "
        "dijumlahkan."
    )
    listed = (
        _("Indikator kumulatif: %(codes)s.") % {"codes": ", ".join(cumulative)}
        if cumulative
        else _("Tidak ada indikator kumulatif.")
    )
    return f"{rule} {listed}"


def _number_label() -> str:
    """The "No" (nomor urut) column header; its own context, as Django translates a bare "No"."""
    return pgettext("nomor urut", "No")


def _label_line(label: str, first: str, last: str, values: dict | None = None, style="total"):
    """A line whose label spans the columns `first` to `last`, with `values` after them."""
    return Line(values={first: label, **(values or {})}, style=style, spans=((first, last),))


def _text_line(label: str, text: str, label_span: tuple[str, str], text_span: tuple[str, str]):
    """A footer line: a label, then a text across the rest of the table."""
    return Line(
        values={label_span[0]: label, text_span[0]: text or "-"},
        style="footer",
        spans=(label_span, text_span),
    )


# --- Renstra: Tabel 6.1 --------------------------------------------------------------------------


def renstra_columns(years: list[int]) -> tuple[Column, ...]:
    funding = _("Target Kinerja Program dan Kerangka Pendanaan")
    final = _("Kondisi Kinerja pada Akhir Periode Renstra Perangkat Daerah")
    columns = [
        Column("tujuan", (_("Tujuan"),), "(1)", 11),
        Column("sasaran", (_("Sasaran"),), "(2)", 11),
        Column("code", (_("Kode"),), "(3)", 15, Format.CODE),
        Column("name", (_("Program, Kegiatan dan Sub Kegiatan"),), "(4)", 21),
        Column(
            "indicator",
            (
                _(
                    "Indikator Kinerja Tujuan, Sasaran, Program (outcome), Kegiatan (output) "
                    "dan Sub Kegiatan (output)"
                ),
            ),
            "(5)",
            21,
        ),
        Column("baseline", (_("Data Capaian pada Tahun Awal Perencanaan"),), "(6)", 9),
    ]
    number = 7
    for year in years:
        year_label = _("Tahun %(year)s") % {"year": year}
        columns += [
            Column(f"target_{year}", (funding, year_label, _("target")), f"({number})", 9),
            Column(f"rp_{year}", (funding, year_label, _("Rp")), f"({number + 1})", 17, RP),
        ]
        number += 2
    return (
        *columns,
        Column("final_target", (final, _("target")), f"({number})", 9),
        Column("final_rp", (final, _("Rp")), f"({number + 1})", 17, RP),
        Column("unit", (_("Unit Kerja Perangkat Daerah Penanggung Jawab"),), f"({number + 2})", 11),
    )


def renstra_document(context: Context, data: RenstraTable) -> Document:
    lines = []
    for line in data.lines:
        values = {
            "tujuan": line.tujuan,
            "sasaran": line.sasaran,
            "indicator": line.indicator.name if line.indicator else "",
            "baseline": line.baseline or "",
            "final_target": line.final_target or "",
        }
        for year, plan in line.years.items():
            values[f"target_{year}"] = plan.target_text
        if line.goal:  # the IKU: no code, program or Rp of its own
            lines.append(Line(values=values, style="goal"))
            continue
        if line.first:
            values |= {
                "code": line.node.code,
                "name": line.node.name,
                "final_rp": line.pagu_period,
                "unit": line.node.unit_label,
            }
            values |= {f"rp_{year}": plan.pagu for year, plan in line.years.items()}
        lines.append(Line(values=values, style=_node_style(line.node, line.first)))
    totals = {f"rp_{year}": amount for year, amount in data.pagu_by_year.items()}
    lines.append(
        _label_line(_("Jumlah"), "tujuan", "baseline", {**totals, "final_rp": data.pagu_period})
    )
    table = Table(
        title=_("Program, Kegiatan dan Pendanaan"),
        columns=renstra_columns(data.years),
        lines=lines,
    )
    return context.document(
        ReportKind.RENSTRA,
        _("Rencana Program, Kegiatan, dan Pendanaan %(office)s")
        % {"office": context.organisation.name},
        [table],
        budget_versions=data.budget_versions,
        notes=context.pemda_notes,
    )


NODE_STYLES = {
    Level.PROGRAM: "program",
    Level.KEGIATAN: "kegiatan",
    Level.SUB_KEGIATAN: "sub-kegiatan",
}


def _node_style(node: PlanNode | None, first: bool) -> str:
    """Program, kegiatan and sub kegiatan lines are styled by level; a node's further indicator
    lines and the urusan/bidang headings of a Renja are not nodes' first lines; the Tujuan and
    Sasaran indicators (the IKU) are goal lines."""
    if node is None:
        return "heading"
    if node.level in (Level.TUJUAN, Level.SASARAN):
        return "goal"
    return NODE_STYLES.get(node.level, "heading") if first else "indicator"


# --- Renja ---------------------------------------------------------------------------------------


def renja_columns(year: int) -> tuple[Column, ...]:
    plan = _("Rencana Tahun %(year)s") % {"year": year}
    forecast = _("Prakiraan Maju Rencana Tahun %(year)s") % {"year": year + 1}
    return (
        Column("code", (_("Kode"),), "(1)", 16, Format.CODE),
        Column(
            "name",
            (_("Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan"),),
            "(2)",
            34,
        ),
        Column("indicator", (_("Indikator Kinerja Program/Kegiatan/Sub Kegiatan"),), "(3)", 32),
        Column("location", (plan, _("Lokasi")), "(4)", 14),
        Column("target", (plan, _("Target Capaian Kinerja")), "(5)", 13),
        Column("pagu", (plan, _("Pagu Indikatif (Rp)")), "(6)", 18, RP),
        Column("sources", (plan, _("Sumber Dana")), "(7)", 10),
        Column("note", (_("Catatan Penting"),), "(8)", 10),
        Column("next_target", (forecast, _("Target Capaian Kinerja")), "(9)", 13),
        Column("next_pagu", (forecast, _("Kebutuhan Dana/Pagu Indikatif (Rp)")), "(10)", 18, RP),
    )


def renja_document(context: Context, data: RenjaTable) -> Document:
    lines = []
    for line in data.lines:
        values = {"code": line.code, "name": line.name}
        if line.node is not None:
            values |= {
                "indicator": line.indicator,
                "target": line.target,
                "note": line.note,
                "next_target": line.next_target,
            }
        if line.pagu is not None:
            values |= {
                "location": data.location,
                "pagu": line.pagu,
                "sources": line.sources,
                "next_pagu": line.next_pagu,
            }
        lines.append(Line(values=values, style=_node_style(line.node, line.pagu is not None)))
    lines.append(
        _label_line(_("Jumlah"), "code", "target", {"pagu": data.pagu, "next_pagu": data.next_pagu})
    )
    table = Table(
        title=_("Renja %(year)s") % {"year": data.year},
        columns=renja_columns(data.year),
        lines=lines,
        frozen_columns=1,
    )
    return context.document(
        ReportKind.RENJA,
        _(
            "Rumusan Rencana Program dan Kegiatan %(office)s Tahun %(year)s "
            "dan Prakiraan Maju Tahun %(next)s"
        )
        % {"office": context.organisation.name, "year": data.year, "next": data.year + 1},
        [table],
        budget_versions=data.budget_versions,
    )


# --- Evaluasi hasil Renja ------------------------------------------------------------------------

K, RP_LABEL = "K", "Rp"


PAIR_WIDTHS = {M: 8, PCT: 9, RP: 17}


def _pair(key: str, group: tuple[str, ...], number: str, measure=M, money=RP) -> list[Column]:
    """A K (kinerja) and Rp (anggaran) column under one label and one number."""
    return [
        Column(f"{key}_k", (*group, K), number, PAIR_WIDTHS[measure], measure),
        Column(f"{key}_rp", (*group, RP_LABEL), number, PAIR_WIDTHS[money], money),
    ]


def evaluasi_columns(period: RenstraPeriod, year: int) -> tuple[Column, ...]:
    quarters = _("Realisasi Kinerja pada Triwulan")
    return (
        Column("no", (_number_label(),), "(1)", 16, Format.CODE),
        Column("sasaran", (_("Sasaran"),), "(2)", 12),
        Column("name", (_("Program/Kegiatan"),), "(3)", 16),
        Column(
            "indicator",
            (_("Indikator Kinerja Program (outcome)/Kegiatan (output)"),),
            "(4)",
            20,
        ),
        *_pair(
            "final",
            (
                _("Target Renstra PD pada Tahun %(end)s (Akhir Periode Renstra PD)")
                % {"end": period.end_year},
            ),
            "(5)",
        ),
        *_pair(
            "before",
            (
                _("Realisasi Capaian Kinerja Renstra PD s/d Renja PD Tahun Lalu (%(previous)s)")
                % {"previous": year - 1},
            ),
            "(6)",
        ),
        *_pair(
            "target",
            (
                _("Target Kinerja dan Anggaran Renja PD Tahun %(year)s yang Dievaluasi")
                % {"year": year},
            ),
            "(7)",
        ),
        *(
            column
            for quarter, roman in ROMAN.items()
            for column in _pair(f"q{quarter}", (quarters, roman), f"({7 + quarter})")
        ),
        *_pair(
            "year",
            (_("Realisasi Capaian Kinerja dan Anggaran Renja PD yang Dievaluasi"),),
            "(12)",
        ),
        *_pair(
            "year_capaian",
            (_("Tingkat Capaian Kinerja dan Realisasi Anggaran Renja PD (%) = (12)/(7) x 100"),),
            "(12a)",
            PCT,
            PCT,
        ),
        *_pair(
            "to_date",
            (
                _("Realisasi Kinerja dan Anggaran Renstra PD s/d Tahun %(year)s = (6) + (12)")
                % {"year": year},
            ),
            "(13)",
        ),
        *_pair(
            "renstra",
            (
                _(
                    "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra PD s/d Tahun "
                    "%(year)s (%%) = (13)/(5) x 100"
                )
                % {"year": year},
            ),
            "(14)",
            PCT,
            PCT,
        ),
        Column("unit", (_("Unit PD Penanggung Jawab"),), "(15)", 13),
    )


def _kinerja_values(kinerja: KinerjaProgress) -> dict:
    values = {
        "final_k": kinerja.final_target,
        "before_k": kinerja.before,
        "target_k": kinerja.target,
        "year_k": kinerja.year,
        "year_capaian_k": kinerja.year_capaian,
        "to_date_k": kinerja.to_date,
        "renstra_k": kinerja.renstra_capaian,
    }
    return values | {f"q{quarter}_k": value for quarter, value in kinerja.quarters.items()}


def _budget_values(budget: BudgetProgress) -> dict:
    values = {
        "final_rp": budget.final,
        "before_rp": budget.before,
        "target_rp": budget.pagu,
        "year_rp": budget.year,
        "year_capaian_rp": budget.year_serapan,
        "to_date_rp": budget.to_date,
        "renstra_rp": budget.renstra_serapan,
    }
    return values | {f"q{quarter}_rp": amount for quarter, amount in budget.quarters.items()}


def _ratings(label: str, pick, ratings: dict[str, Rating]) -> Line:
    return _label_line(
        label,
        "no",
        "indicator",
        {key: pick(rating) for key, rating in ratings.items()},
        style="footer",
    )


def evaluasi_document(context: Context, data: EvaluasiTable) -> Document:
    lines = []
    for line in data.lines:
        values = {
            "sasaran": line.sasaran,
            "indicator": line.indicator.name if line.indicator else "",
        }
        if line.kinerja:
            values |= _kinerja_values(line.kinerja)
        if line.budget:
            values |= {"no": line.node.code, "name": line.node.name, "unit": unit_name(line.node)}
            values |= _budget_values(line.budget)
        lines.append(Line(values=values, style=_node_style(line.node, line.first)))
    lines.append(_label_line(_("Jumlah"), "no", "indicator", _budget_values(data.totals)))
    ratings = {
        "year_capaian_k": data.year_k,
        "year_capaian_rp": data.year_rp,
        "renstra_k": data.renstra_k,
        "renstra_rp": data.renstra_rp,
    }
    lines.append(_ratings(_("Rata-rata capaian kinerja (%)"), lambda r: r.value, ratings))
    lines.append(
        _ratings(
            _("Predikat kinerja"),
            lambda r: _label(r.predikat),
            ratings,
        )
    )
    narrative = context.narrative
    for label, text in (
        (_("Faktor pendorong keberhasilan pencapaian"), narrative and narrative.faktor_pendorong),
        (_("Faktor penghambat pencapaian kinerja"), narrative and narrative.faktor_penghambat),
        (
            _("Tindak lanjut yang diperlukan dalam triwulan berikutnya"),
            narrative and narrative.tindak_lanjut,
        ),
        (
            _("Tindak lanjut yang diperlukan dalam Renja PD berikutnya"),
            narrative and narrative.tindak_lanjut_renja,
        ),
    ):
        lines.append(_text_line(label, text or "", ("no", "indicator"), ("final_k", "unit")))
    columns = evaluasi_columns(context.period, data.year)
    identity = ("no", "name")
    table = Table(
        title=_("Evaluasi Renja %(year)s") % {"year": data.year},
        columns=columns,
        lines=lines,
        frozen_columns=1,
        # Printed as two tables under the official numbers, K and then Rp: the 26 columns side
        # by side would print below 5 pt even on F4.
        parts=(
            Part(
                _("Kinerja (K)"),
                tuple(
                    column.key
                    for column in columns
                    if column.key in identity or not column.key.endswith("_rp")
                ),
            ),
            Part(
                _("Anggaran (Rp)"),
                tuple(
                    column.key
                    for column in columns
                    if column.key in identity or column.key.endswith("_rp")
                ),
            ),
        ),
    )
    region = context.organisation.government.removeprefix("Pemerintah").strip()
    evaluator = Signature(
        caption=_("Dievaluasi oleh,"),
        title=(narrative and narrative.evaluator_title)
        or _("Kepala Bappeda %(region)s") % {"region": region},
        name=(narrative.evaluator_name if narrative else "") or context.reviewer,
        rank=narrative.evaluator_rank if narrative else "",
        nip=narrative.evaluator_nip if narrative else "",
        dated=True,
    )
    preamble = (
        _("Indikator dan target kinerja %(region)s (sasaran RKPD) yang hendak dicapai: %(text)s")
        % {"region": region, "text": (narrative and narrative.sasaran_rkpd) or "." * 60},
        _("Periode pelaksanaan: Triwulan I s/d IV Tahun %(year)s") % {"year": data.year},
    )
    return context.document(
        ReportKind.EVALUASI_RENJA,
        _("Evaluasi terhadap Hasil Renja %(office)s Tahun %(year)s")
        % {"office": context.organisation.name, "year": data.year},
        [table],
        signatures=[evaluator, context.head(_("Disusun oleh,"))],
        counts_realisations=True,
        preamble=preamble,
        budget_versions=data.budget_versions,
        notes=(period_rule_note(line.indicator for line in data.lines if line.indicator),),
    )


# --- LKjIP ---------------------------------------------------------------------------------------


def lkjip_document(context: Context, data: LkjipTables) -> Document:
    year = data.year
    return context.document(
        ReportKind.LKJIP,
        _("Tabel Laporan Kinerja Instansi Pemerintah (LKjIP) %(office)s Tahun %(year)s")
        % {"office": context.organisation.name, "year": year},
        [
            lkjip_measurement(data),
            lkjip_comparison(context, data),
            lkjip_budget(data),
            *lkjip_agreement(data),
        ],
        counts_realisations=True,
        notes=(
            period_rule_note(item.figures.indicator for item in data.measured),
            *_agreement_note(data),
        ),
        budget_versions=data.budget_versions,
    )


def _agreement_note(data: LkjipTables) -> tuple[str, ...]:
    """Which Perjanjian Kinerja the targets and program budgets come from: the final office PK
    (its latest version) and the units' final PK for the program targets; else the Renstra."""
    agreement = data.agreement
    notes = []
    if agreement is None:
        notes.append(
            _(
                "Belum ada Perjanjian Kinerja final tahun %(year)s: target menurut Renstra, pagu "
                "program menurut anggaran yang berlaku."
            )
            % {"year": data.year}
        )
    else:
        notes.append(
            _(
                "Target indikator dan pagu program diukur terhadap Perjanjian Kinerja tahun "
                "%(year)s versi %(number)s (final, ditandatangani %(date)s); indikator yang tidak "
                "ada di PK terhadap target Renstra."
            )
            % {
                "year": agreement.year,
                "number": agreement.number,
                "date": _signed(agreement),
            }
        )
    if data.unit_agreements:
        notes.append(
            _("Target indikator program diukur terhadap PK unit kerja: %(list)s.")
            % {
                "list": "; ".join(
                    _("%(unit)s versi %(number)s (final, ditandatangani %(date)s)")
                    % {"unit": item.unit.name, "number": item.number, "date": _signed(item)}
                    for item in data.unit_agreements
                )
            }
        )
    return tuple(notes)


def _signed(agreement) -> str:
    return agreement.signed_on.strftime("%d-%m-%Y") if agreement.signed_on else "-"


def lkjip_measurement(data: LkjipTables) -> Table:
    columns = (
        Column("no", (_number_label(),), "(1)", 5, INT),
        Column("sasaran", (_("Sasaran Strategis"),), "(2)", 30),
        Column("indicator", (_("Indikator Kinerja"),), "(3)", 36),
        Column("satuan", (_("Satuan"),), "(4)", 10),
        Column("target", (_("Target"),), "(5)", 12, M),
        Column("realisation", (_("Realisasi"),), "(6)", 12, M),
        Column("capaian", (_("Capaian (%) = (6)/(5) x 100"),), "(7)", 12, PCT),
        Column("predikat", (_("Predikat"),), "(8)", 14),
    )
    lines = [
        Line(
            values={
                "no": number,
                "sasaran": item.sasaran,
                "indicator": item.figures.indicator.name,
                "satuan": item.figures.indicator.satuan,
                "target": item.target,
                "realisation": item.realisation,
                "capaian": item.figures.capaian,
                "predikat": _label(item.figures.predikat),
            },
            style="indicator",
        )
        for number, item in enumerate(data.measured, start=1)
    ]
    rating = data.rating
    lines.append(
        _label_line(
            _("Rata-rata capaian kinerja"),
            "no",
            "realisation",
            {
                "capaian": rating.value,
                "predikat": _label(rating.predikat),
            },
        )
    )
    return Table(
        title=_("Pengukuran Kinerja Tahun %(year)s") % {"year": data.year},
        columns=columns,
        lines=lines,
    )


def lkjip_comparison(context: Context, data: LkjipTables) -> Table:
    realised = _("Realisasi")
    end = context.period.end_year
    columns = [
        Column("no", (_number_label(),), "(1)", 5, INT),
        Column("indicator", (_("Indikator Kinerja"),), "(2)", 36),
        Column("satuan", (_("Satuan"),), "(3)", 10),
        Column(
            "baseline",
            (_("Kondisi Awal (%(year)s)") % {"year": data.baseline_year or ""},),
            "(4)",
            11,
            M,
        ),
    ]
    number = 5
    for year in data.years:
        columns.append(Column(f"year_{year}", (realised, str(year)), f"({number})", 11, M))
        number += 1
    columns += [
        Column(
            "final_target",
            (_("Target Akhir Renstra (%(end)s)") % {"end": end},),
            f"({number})",
            12,
            M,
        ),
        Column(
            "to_date",
            (_("Realisasi s/d Tahun %(year)s") % {"year": data.year},),
            f"({number + 1})",
            12,
            M,
        ),
        Column(
            "capaian",
            (
                _("Capaian terhadap Target Akhir Renstra (%%) = (%(to_date)s)/(%(final)s) x 100")
                % {"to_date": number + 1, "final": number},
            ),
            f"({number + 2})",
            14,
            PCT,
        ),
    ]
    lines = []
    for index, item in enumerate(data.measured, start=1):
        values = {
            "no": index,
            "indicator": item.figures.indicator.name,
            "satuan": item.figures.indicator.satuan,
            "baseline": item.baseline,
            "final_target": item.final_target,
            "to_date": item.progress.to_date,
            "capaian": item.progress.capaian,
        }
        values |= {f"year_{year}": value for year, value in item.progress.by_year.items()}
        lines.append(Line(values=values, style="indicator"))
    return Table(
        title=_("Perbandingan Realisasi Kinerja"),
        columns=tuple(columns),
        lines=lines,
    )


def lkjip_budget(data: LkjipTables) -> Table:
    columns = (
        Column("no", (_number_label(),), "(1)", 5, INT),
        Column("code", (_("Kode"),), "(2)", 10, Format.CODE),
        Column("program", (_("Program"),), "(3)", 36),
        Column("pagu", (_("Pagu (Rp)"),), "(4)", 18, RP),
        Column("realisasi", (_("Realisasi (Rp)"),), "(5)", 18, RP),
        Column("serapan", (_("Serapan (%) = (5)/(4) x 100"),), "(6)", 12, PCT),
        Column("capaian", (_("Capaian Kinerja (%)"),), "(7)", 12, PCT),
        Column("ratio", (_("Tingkat Efisiensi (%) = (7)/(6) x 100"),), "(8)", 12, PCT),
        Column("efficiency", (_("Keterangan"),), "(9)", 14),
    )
    lines = [
        Line(
            values={
                "no": number,
                "code": program.node.code,
                "program": program.node.name,
                "pagu": program.pagu,
                "realisasi": program.realisasi,
                "serapan": program.serapan,
                "capaian": program.capaian,
                "ratio": program.efficiency_ratio,
                "efficiency": _label(program.efficiency),
            },
            style="program",
        )
        for number, program in enumerate(data.programs, start=1)
    ]
    lines.append(
        _label_line(
            _("Jumlah"),
            "no",
            "program",
            {"pagu": data.pagu, "realisasi": data.realisasi, "serapan": data.serapan},
        )
    )
    return Table(
        title=_("Anggaran dan Efisiensi Program"),
        columns=columns,
        lines=lines,
    )


def lkjip_agreement(data: LkjipTables) -> list[Table]:
    """The Perjanjian Kinerja appendix: the year's targets, then the programs and budgets."""
    targets = Table(
        title=_("Perjanjian Kinerja - Sasaran"),
        columns=(
            Column("no", (_number_label(),), "(1)", 5, INT),
            Column("sasaran", (_("Sasaran Strategis"),), "(2)", 36),
            Column("indicator", (_("Indikator Kinerja"),), "(3)", 40),
            Column("target", (_("Target"),), "(4)", 14),
        ),
        lines=[
            Line(
                values={
                    "no": number,
                    "sasaran": item.sasaran,
                    "indicator": item.figures.indicator.name,
                    "target": item.figures.target_text or "-",
                },
                style="indicator",
            )
            for number, item in enumerate(data.measured, start=1)
        ],
    )
    budgets = Table(
        title=_("Perjanjian Kinerja - Program"),
        columns=(
            Column("no", (_number_label(),), "(1)", 5, INT),
            Column("code", (_("Kode"),), "(2)", 10, Format.CODE),
            Column("program", (_("Program"),), "(3)", 50),
            Column("pagu", (_("Anggaran (Rp)"),), "(4)", 20, RP),
        ),
        lines=[
            Line(
                values={
                    "no": number,
                    "code": program.node.code,
                    "program": program.node.name,
                    "pagu": program.pagu,
                },
                style="program",
            )
            for number, program in enumerate(data.programs, start=1)
        ]
        + [_label_line(_("Jumlah"), "no", "program", {"pagu": data.pagu})],
    )
    return [targets, budgets]


# --- SPM -----------------------------------------------------------------------------------------


def spm_document(context: Context, data: SpmTables) -> Document:
    return context.document(
        ReportKind.SPM,
        _("Capaian Standar Pelayanan Minimal %(office)s Tahun %(year)s")
        % {"office": context.organisation.name, "year": context.year},
        [spm_year_table(context, data), spm_history_table(data)],
    )


def spm_year_table(context: Context, data: SpmTables) -> Table:
    """Per jenis pelayanan dasar: people needing and served, capaian penerima and mutu, index,
    kategori; the office's mean last."""
    current = data.year
    weights = current.weights
    columns = (
        Column("no", (_number_label(),), "(1)", 5, INT),
        Column("service", (_("Jenis Pelayanan Dasar"),), "(2)", 40),
        Column("needing", (_("Warga Negara yang Membutuhkan (jiwa)"),), "(3)", 14, INT),
        Column("served", (_("Warga Negara yang Terlayani (jiwa)"),), "(4)", 14, INT),
        Column("penerima", (_("Capaian Penerima Layanan (%) = (4)/(3) x 100"),), "(5)", 14, PCT),
        Column("mutu", (_("Capaian Mutu Layanan (%)"),), "(6)", 12, PCT),
        Column(
            "indeks",
            (
                _("Indeks Capaian (%%) = %(penerima)s%% x (5) + %(mutu)s%% x (6)")
                % {
                    "penerima": _whole(weights.recipient_weight),
                    "mutu": _whole(weights.quality_weight),
                },
            ),
            "(7)",
            14,
            PCT,
        ),
        Column("kategori", (_("Kategori"),), "(8)", 16),
        Column("remark", (_("Keterangan"),), "(9)", 22),
    )
    lines = []
    for figures in current.services:
        annual = figures.annual
        lines.append(
            Line(
                values={
                    "no": figures.service.number,
                    "service": figures.service.name,
                    "needing": annual.people_needing if annual else None,
                    "served": annual.people_served if annual else None,
                    "penerima": figures.capaian_penerima,
                    "mutu": figures.capaian_mutu,
                    "indeks": figures.indeks,
                    "kategori": _label(figures.kategori),
                    "remark": _("Capaian penerima tercatat")
                    if figures.penerima_source == PenerimaSource.RECORDED
                    else "",
                },
                style="indicator",
            )
        )
    lines.append(
        _label_line(
            _("Rata-rata perangkat daerah"),
            "no",
            "served",
            {
                "penerima": current.capaian_penerima,
                "mutu": current.capaian_mutu,
                "indeks": current.indeks,
                "kategori": _label(current.kategori),
            },
        )
    )
    return Table(
        title=_("Capaian SPM Tahun %(year)s") % {"year": context.year},
        columns=columns,
        lines=lines,
    )


def spm_quality_table(data: SpmTables) -> Table:
    """Mutu layanan per jenis pelayanan dasar: the indicator and its target as the plan words
    them, the barang, jasa and SDM required and provided, and the capaian mutu."""
    columns = (
        Column("no", (_number_label(),), "(1)", 5, INT),
        Column("service", (_("Jenis Pelayanan Dasar"),), "(2)", 30),
        Column("indicator", (_("Indikator Mutu Layanan Dasar"),), "(3)", 34),
        Column("standard", (_("Target Mutu Layanan"),), "(4)", 30),
        Column("required", (_("Mutu Dibutuhkan"),), "(5)", 12, M),
        Column("provided", (_("Mutu Terpenuhi"),), "(6)", 12, M),
        Column("mutu", (_("Capaian Mutu Layanan (%) = (6)/(5) x 100"),), "(7)", 14, PCT),
    )
    lines = [
        Line(
            values={
                "no": figures.service.number,
                "service": figures.service.name,
                "indicator": figures.service.quality_indicator,
                "standard": figures.service.quality_target_text,
                "required": figures.annual.quality_required if figures.annual else None,
                "provided": figures.annual.quality_provided if figures.annual else None,
                "mutu": figures.capaian_mutu,
            },
            style="indicator",
        )
        for figures in data.year.services
    ]
    lines.append(
        _label_line(
            _("Rata-rata perangkat daerah"), "no", "provided", {"mutu": data.year.capaian_mutu}
        )
    )
    return Table(
        title=_("Mutu Layanan Dasar Tahun %(year)s") % {"year": data.year.year},
        columns=columns,
        lines=lines,
    )


def spm_history_table(data: SpmTables) -> Table:
    columns = [
        Column("no", (_number_label(),), "(1)", 5, INT),
        Column("service", (_("Jenis Pelayanan Dasar"),), "(2)", 27),
        Column("indicator", (_("Indikator SPM"),), "(3)", 30),
    ]
    number = 4
    for year in data.history:
        label = str(year.year)
        columns += [
            Column(f"target_{year.year}", (label, _("Target (%)")), f"({number})", 10, PCT),
            Column(f"capaian_{year.year}", (label, _("Capaian (%)")), f"({number + 1})", 10, PCT),
        ]
        number += 2
    lines = []
    for index, service_figures in enumerate(data.year.services):
        values = {
            "no": service_figures.service.number,
            "service": service_figures.service.name,
            "indicator": service_figures.service.history_indicator,
        }
        for year in data.history:
            figures = year.services[index]
            values[f"target_{year.year}"] = (
                figures.annual.target_percent if figures.annual else None
            )
            values[f"capaian_{year.year}"] = figures.capaian_penerima
        lines.append(Line(values=values, style="indicator"))
    lines.append(
        _label_line(
            _("Rata-rata"),
            "no",
            "indicator",
            {f"capaian_{year.year}": year.capaian_penerima for year in data.history},
        )
    )
    first, last = data.history[0].year, data.history[-1].year
    return Table(
        title=_("Riwayat Capaian SPM %(first)s-%(last)s") % {"first": first, "last": last},
        columns=tuple(columns),
        lines=lines,
    )


def _label(choice) -> str:
    """The label of a band (predikat, kategori) or reading (efficiency); "-" when there is none."""
    return choice.label if choice else "-"


def _whole(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")
