"""The Perjanjian Kinerja as a report `Document` (PermenPANRB 53/2014 template): the statement
naming both parties, the lampiran tables (sasaran, indicators and targets; programs or kegiatan
and their budget), place, date and both signatures. The PDF, the workbook and the page read the
same document through renstra/reports (pdf.py, xlsx.py)."""

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renstra.numbers import format_decimal
from renstra.reports.choices import FileFormat, Paper
from renstra.reports.document import (
    DEMO,
    DRAFT,
    MARK_TEXTS,
    Column,
    Document,
    Format,
    Line,
    Signature,
    Table,
)
from renstra.reports.exports import write_file

from .choices import Frequency, OfficeDocument
from .definitions import is_key_indicator
from .models import Agreement, IndicatorDefinition
from .selectors import plan_indicators


class SakipReport(StrEnum):
    """The SAKIP documents this app writes, by the name used in URLs and the command."""

    PERJANJIAN_KINERJA = "perjanjian-kinerja"
    ACTION_PLAN = "rencana-aksi"
    IKU = "iku"
    DEFINITIONS = "definisi-indikator"
    TREE = "pohon-kinerja"


# The documents of the whole office for a year (the others belong to one PK).
OFFICE_DOCUMENTS = tuple(OfficeDocument.values)

AGREEMENT_DRAFT_MARK = gettext_lazy(
    "DRAF: Perjanjian Kinerja ini belum final dan belum untuk ditandatangani."
)


@dataclass(frozen=True)
class AgreementDocument(Document):
    """A report document whose DRAF mark speaks of an agreement not yet final, and whose file
    name says the level and version."""

    suffix: str = ""

    @property
    def marks(self) -> list[str]:
        texts = {DRAFT: AGREEMENT_DRAFT_MARK, DEMO: MARK_TEXTS[DEMO]}
        return [str(texts[suffix]) for mark, suffix in self._marks() if mark]

    @property
    def filename(self) -> str:
        suffixes = [suffix for mark, suffix in self._marks() if mark]
        base = f"{self.kind}-{self.organisation.code}-{self.year}{self.suffix}"
        return "-".join([base, *suffixes])


@dataclass(frozen=True)
class TreeDocument(AgreementDocument):
    """The pohon kinerja: its PDF is a diagram of `tree`, its workbook the listed nodes."""

    tree: tuple = ()


def write_sakip_file(document: Document, file_format: FileFormat) -> bytes:
    """Write a SAKIP document: the pohon kinerja's PDF as a diagram, the rest through the
    reports' writers."""
    if file_format == FileFormat.PDF and isinstance(document, TreeDocument):
        from .tree import write_tree_pdf

        return write_tree_pdf(document)
    return write_file(document, file_format)


def _no() -> str:
    return _("No.")


def _is_sub_unit(agreement: Agreement) -> bool:
    """The third level: a Subbagian's or Seksi's PK with the head of its Sekretariat/Bidang."""
    return agreement.unit_id is not None and agreement.unit.is_sub_unit


def _counted(budgets) -> list:
    """The budget rows that make the total: each one not inside another row of the table (a
    kegiatan's figure already holds its sub kegiatan)."""
    codes = {row.code for row in budgets}
    return [
        row
        for row in budgets
        if not any(row.code.startswith(f"{code}.") for code in codes if code != row.code)
    ]


def _statement(agreement: Agreement) -> tuple[str, ...]:
    first = _("Nama: %(name)s; Jabatan: %(title)s; selanjutnya disebut pihak pertama.") % {
        "name": agreement.first_name or "." * 40,
        "title": agreement.first_title,
    }
    second = _(
        "Nama: %(name)s; Jabatan: %(title)s; selaku atasan pihak pertama, selanjutnya disebut "
        "pihak kedua."
    ) % {"name": agreement.second_name or "." * 40, "title": agreement.second_title}
    if _is_sub_unit(agreement):
        promise = _(
            "Pihak pertama berjanji akan mewujudkan target kinerja kegiatan dan sub kegiatan "
            "tahun %(year)s sesuai lampiran perjanjian ini, dalam rangka mencapai target kinerja "
            "program yang telah ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan "
            "pencapaian target kinerja tersebut menjadi tanggung jawab kami."
        )
    else:
        promise = _(
            "Pihak pertama berjanji akan mewujudkan target kinerja tahun %(year)s sesuai "
            "lampiran perjanjian ini, dalam rangka mencapai target kinerja jangka menengah "
            "seperti yang telah ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan "
            "pencapaian target kinerja tersebut menjadi tanggung jawab kami."
        )
    lines = [
        _(
            "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan "
            "akuntabel serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
        ),
        first,
        second,
        promise % {"year": agreement.year},
        _(
            "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi "
            "terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan "
            "dalam rangka pemberian penghargaan dan sanksi."
        ),
    ]
    if agreement.number > 1:
        lines.append(
            _("Perjanjian ini adalah revisi ke-%(revision)s (%(date)s): %(reason)s")
            % {
                "revision": agreement.number - 1,
                "date": agreement.revised_on.strftime("%d-%m-%Y") if agreement.revised_on else "",
                "reason": agreement.reason,
            }
        )
    return tuple(lines)


def _targets_table(agreement: Agreement, targets) -> Table:
    columns = (
        Column("no", (_no(),), "(1)", 5, Format.INTEGER),
        Column("sasaran", (_("Sasaran"),), "(2)", 34),
        Column("indicator", (_("Indikator Kinerja"),), "(3)", 40),
        Column("target", (_("Target %(year)s") % {"year": agreement.year},), "(4)", 14),
        Column("note", (_("Keterangan"),), "(5)", 20),
    )
    lines = []
    previous = None
    number = 0
    for row in targets:
        if row.sasaran != previous:
            number += 1
        lines.append(
            Line(
                values={
                    "no": number if row.sasaran != previous else "",
                    "sasaran": row.sasaran if row.sasaran != previous else "",
                    "indicator": row.indicator_name,
                    "target": row.target_display or "-",
                    "note": _("Renstra: %(plan)s") % {"plan": row.plan_display or "-"}
                    if row.differs
                    else "",
                },
                style="indicator",
            )
        )
        previous = row.sasaran
    return Table(title=_("Sasaran, Indikator Kinerja dan Target"), columns=columns, lines=lines)


def _budgets_table(agreement: Agreement, budgets) -> Table:
    label = _("Kegiatan/Sub Kegiatan") if agreement.unit_id else _("Program")
    columns = (
        Column("no", (_no(),), "(1)", 5, Format.INTEGER),
        Column("code", (_("Kode"),), "(2)", 16, Format.CODE),
        Column("name", (label,), "(3)", 50),
        Column("amount", (_("Anggaran (Rp)"),), "(4)", 20, Format.MONEY),
        Column("note", (_("Keterangan"),), "(5)", 22),
    )
    lines = []
    total = Decimal("0.00")
    sub_unit = _is_sub_unit(agreement)
    if sub_unit:
        counted = {id(row) for row in _counted(budgets)}
    else:
        counted = {id(row) for row in budgets if not agreement.unit_id or row.level == 5}
    for number, row in enumerate(budgets, start=1):
        lines.append(
            Line(
                values={
                    "no": number,
                    "code": row.code,
                    "name": row.name,
                    "amount": row.amount,
                    "note": _("Renstra: Rp %(plan)s") % {"plan": format_decimal(row.plan_amount)}
                    if row.differs
                    else "",
                },
                style="program" if row.level <= 3 else "kegiatan" if row.level == 4 else "",
            )
        )
        if id(row) in counted:
            total += row.amount
    lines.append(
        Line(
            values={"no": _("Jumlah"), "amount": total},
            style="total",
            spans=(("no", "name"),),
        )
    )
    title = _("Kegiatan, Sub Kegiatan dan Anggaran") if sub_unit else _("Program dan Anggaran")
    return Table(title=title, columns=columns, lines=lines)


def agreement_document(
    agreement: Agreement, *, paper: Paper = Paper.A4, today: datetime.date | None = None
) -> AgreementDocument:
    """The PK as a document: three queries (the agreement's rows; the office is loaded)."""
    organisation = agreement.organisation
    targets = list(agreement.targets.all())
    budgets = list(agreement.budgets.all())
    who = agreement.unit.name if agreement.unit_id else organisation.name
    subtitle = _("%(who)s, versi %(number)s (%(status)s)") % {
        "who": who,
        "number": agreement.number,
        "status": agreement.get_status_display(),
    }
    suffix = f"-{agreement.unit.code}" if agreement.unit_id else ""
    suffix += f"-v{agreement.number}"
    return AgreementDocument(
        kind=SakipReport.PERJANJIAN_KINERJA,
        title=_("Perjanjian Kinerja Tahun %(year)s") % {"year": agreement.year},
        organisation=organisation,
        period=agreement.period,
        year=agreement.year,
        subtitle=subtitle,
        tables=[_targets_table(agreement, targets), _budgets_table(agreement, budgets)],
        signatures=[
            Signature(
                caption=_("Pihak Kedua,"),
                title=agreement.second_title,
                name=agreement.second_name,
                rank=agreement.second_rank,
                nip=agreement.second_nip,
            ),
            Signature(
                caption=_("Pihak Pertama,"),
                title=agreement.first_title,
                name=agreement.first_name,
                rank=agreement.first_rank,
                nip=agreement.first_nip,
                dated=True,
            ),
        ],
        place=agreement.place or organisation.city,
        signed_on=agreement.signed_on or today or timezone.localdate(),
        paper=paper,
        preamble=_statement(agreement),
        demo=organisation.demo_data,
        draft=not agreement.is_final,
        suffix=suffix,
    )


def sakip_document(
    *,
    kind: str,
    organisation,
    year: int,
    unit_code: str | None = None,
    paper: Paper = Paper.A4,
) -> Document:
    """The SAKIP document `kind` of the office (or of the unit `unit_code`) for `year`, as the
    command writes it. Raises ValueError with an Indonesian message when there is nothing to
    write."""
    from .selectors import agreement_in_force

    if kind in OFFICE_DOCUMENTS:
        period = organisation.periods.filter(start_year__lte=year, end_year__gte=year).first()
        if period is None:
            raise ValueError(
                _("Tidak ada periode Renstra yang mencakup tahun %(year)s.") % {"year": year}
            )
        build = {
            SakipReport.IKU: iku_document,
            SakipReport.DEFINITIONS: definition_document,
            SakipReport.TREE: tree_document,
        }[SakipReport(kind)]
        return build(organisation, period, year, paper)
    unit = None
    if unit_code:
        unit = organisation.units.filter(code=unit_code).first()
        if unit is None:
            raise ValueError(_("Unit kerja dengan kode %(code)s tidak ada.") % {"code": unit_code})
    agreement = agreement_in_force(organisation=organisation, year=year, unit=unit)
    if agreement is None:
        raise ValueError(
            _("Belum ada Perjanjian Kinerja tahun %(year)s untuk tingkat ini.") % {"year": year}
        )
    if kind == SakipReport.ACTION_PLAN:
        return action_plan_document(agreement, paper=paper)
    return agreement_document(agreement, paper=paper)


def _context_document(
    kind: str, title: str, organisation, period, year: int, tables, paper, cls=AgreementDocument
) -> AgreementDocument:
    head = Signature(
        title=organisation.head_title,
        name=organisation.head_name,
        rank=organisation.head_rank,
        nip=organisation.head_nip,
        dated=True,
    )
    return cls(
        kind=kind,
        title=title,
        organisation=organisation,
        period=period,
        year=year,
        subtitle=_("%(name)s, periode %(start)s-%(end)s")
        % {"name": period.name, "start": period.start_year, "end": period.end_year},
        tables=tables,
        signatures=[head],
        place=organisation.city,
        signed_on=timezone.localdate(),
        paper=paper,
        demo=organisation.demo_data,
    )


def _responsible(indicator) -> str:
    node = indicator.node
    return node.unit.name if node.unit_id else node.unit_label


def _sheet(indicator):
    try:
        return indicator.definition_sheet
    except IndicatorDefinition.DoesNotExist:
        return None


def iku_document(organisation, period, year: int, paper: Paper = Paper.A4) -> AgreementDocument:
    """The IKU document: the office's key indicators with their explanation and formula, data
    source, responsible unit and the year's target."""
    columns = (
        Column("no", (_no(),), "(1)", 5, Format.INTEGER),
        Column("sasaran", (_("Tujuan/Sasaran Strategis"),), "(2)", 30),
        Column("indicator", (_("Indikator Kinerja Utama"),), "(3)", 30),
        Column("formula", (_("Penjelasan/Formulasi"),), "(4)", 36),
        Column("satuan", (_("Satuan"),), "(5)", 8),
        Column("target", (_("Target %(year)s") % {"year": year},), "(6)", 10),
        Column("source", (_("Sumber Data"),), "(7)", 18),
        Column("unit", (_("Penanggung Jawab"),), "(8)", 18),
    )
    lines = []
    for number, indicator in enumerate(plan_indicators(period=period, year=year, iku_only=True), 1):
        sheet = _sheet(indicator)
        target = indicator.year_targets[0] if indicator.year_targets else None
        explanation = "\n".join(part for part in (indicator.definition, indicator.formula) if part)
        lines.append(
            Line(
                values={
                    "no": number,
                    "sasaran": indicator.node.sasaran or indicator.node.name,
                    "indicator": indicator.name,
                    "formula": explanation or "-",
                    "satuan": indicator.satuan,
                    "target": (target.text if target else "") or "-",
                    "source": (sheet.data_source if sheet else "") or "-",
                    "unit": _responsible(indicator) or "-",
                },
                style="indicator",
            )
        )
    table = Table(title=_("Indikator Kinerja Utama"), columns=columns, lines=lines)
    return _context_document(
        SakipReport.IKU,
        _("Indikator Kinerja Utama (IKU) %(office)s") % {"office": organisation.name},
        organisation,
        period,
        year,
        [table],
        paper,
    )


def definition_document(
    organisation, period, year: int, paper: Paper = Paper.A4
) -> AgreementDocument:
    """One definition sheet per indicator: definisi, formula, polarity, data source, frequency,
    responsible unit (and satuan, roll-up rules, the year's target; for an IKU the reason it was
    chosen), as the definition pages edit them."""
    columns = (
        Column("item", (_("Uraian"),), "(1)", 30),
        Column("text", (_("Keterangan"),), "(2)", 90),
    )
    tables = []
    for indicator in plan_indicators(period=period, year=year):
        sheet = _sheet(indicator)
        target = indicator.year_targets[0] if indicator.year_targets else None
        node = indicator.node
        items = (
            (_("Indikator"), indicator.name),
            (
                _("Tingkat"),
                f"{node.get_level_display()} {node.code} {node.name}",
            ),
            (_("Definisi"), indicator.definition or "-"),
            (_("Formula"), indicator.formula or "-"),
            (_("Satuan"), indicator.satuan or "-"),
            (_("Polaritas"), indicator.get_polarity_display()),
            (_("Rekap triwulan ke tahun"), indicator.get_aggregation_display()),
            (_("Sumber data"), (sheet.data_source if sheet else "") or "-"),
            (
                _("Frekuensi pengukuran"),
                sheet.get_frequency_display() if sheet else str(Frequency.QUARTERLY.label),
            ),
            (_("Unit penanggung jawab"), _responsible(indicator) or "-"),
            (_("Target %(year)s") % {"year": year}, (target.text if target else "") or "-"),
        )
        if is_key_indicator(indicator):
            items += ((_("Alasan pemilihan (IKU)"), (sheet.reason if sheet else "") or "-"),)
        tables.append(
            Table(
                title=f"{indicator.code} {indicator.name}",
                columns=columns,
                lines=[Line(values={"item": item, "text": text}) for item, text in items],
            )
        )
    return _context_document(
        SakipReport.DEFINITIONS,
        _("Lembar Definisi Indikator %(office)s") % {"office": organisation.name},
        organisation,
        period,
        year,
        tables,
        paper,
    )


def action_plan_document(agreement: Agreement, paper: Paper = Paper.A4) -> AgreementDocument:
    """The Rencana Aksi of a PK: its indicators, the year's agreed target and the four quarter
    targets."""
    from .action_plan import action_plan_rows

    quarters = ("I", "II", "III", "IV")
    columns = (
        Column("no", (_no(),), "(1)", 5, Format.INTEGER),
        Column("sasaran", (_("Sasaran"),), "(2)", 30),
        Column("indicator", (_("Indikator Kinerja"),), "(3)", 34),
        Column("target", (_("Target %(year)s") % {"year": agreement.year},), "(4)", 12),
        *(
            Column(f"tw{number}", (_("Target Triwulan"), f"TW {roman}"), f"({number + 4})", 10)
            for number, roman in enumerate(quarters, 1)
        ),
    )
    lines = []
    for number, row in enumerate(action_plan_rows(agreement), 1):
        values = {
            "no": number,
            "sasaran": row.target.sasaran,
            "indicator": row.target.indicator_name,
            "target": row.target.target_display or "-",
        }
        values |= {f"tw{cell.quarter}": cell.shown or "-" for cell in row.cells}
        lines.append(Line(values=values, style="indicator"))
    document = agreement_document(agreement, paper=paper)
    return AgreementDocument(
        **{
            **{field: getattr(document, field) for field in document.__dataclass_fields__},
            "kind": SakipReport.ACTION_PLAN,
            "title": _("Rencana Aksi Tahun %(year)s") % {"year": agreement.year},
            "tables": [Table(title=_("Rencana Aksi"), columns=columns, lines=lines)],
            "preamble": (),
        }
    )


def tree_document(organisation, period, year: int, paper: Paper = Paper.A4) -> TreeDocument:
    from .tree import performance_tree, tree_table

    roots = performance_tree(period=period, year=year)
    document = _context_document(
        SakipReport.TREE,
        _("Pohon Kinerja %(office)s") % {"office": organisation.name},
        organisation,
        period,
        year,
        [tree_table(roots, year)],
        paper,
        cls=TreeDocument,
    )
    return dataclasses.replace(document, tree=tuple(roots))
