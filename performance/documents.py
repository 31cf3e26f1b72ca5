"""The Perjanjian Kinerja as a report `Document` (PermenPANRB 53/2014 template): the statement
naming both parties, the lampiran tables (sasaran, indicators and targets; programs or kegiatan
and their budget), place, date and both signatures. The PDF, the workbook and the page read the
same document through renstra/reports (pdf.py, xlsx.py)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renstra.numbers import format_decimal
from renstra.reports.choices import Paper
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

from .models import Agreement


class SakipReport(StrEnum):
    """The SAKIP documents this app writes, by the name used in URLs and the command."""

    PERJANJIAN_KINERJA = "perjanjian-kinerja"


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


def _no() -> str:
    return _("No.")


def _statement(agreement: Agreement) -> tuple[str, ...]:
    first = _("Nama: %(name)s; Jabatan: %(title)s; selanjutnya disebut pihak pertama.") % {
        "name": agreement.first_name or "." * 40,
        "title": agreement.first_title,
    }
    second = _(
        "Nama: %(name)s; Jabatan: %(title)s; selaku atasan pihak pertama, selanjutnya disebut "
        "pihak kedua."
    ) % {"name": agreement.second_name or "." * 40, "title": agreement.second_title}
    lines = [
        _(
            "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan "
            "akuntabel serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
        ),
        first,
        second,
        _(
            "Pihak pertama berjanji akan mewujudkan target kinerja tahun %(year)s sesuai "
            "lampiran perjanjian ini, dalam rangka mencapai target kinerja jangka menengah "
            "seperti yang telah ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan "
            "pencapaian target kinerja tersebut menjadi tanggung jawab kami."
        )
        % {"year": agreement.year},
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
        if not agreement.unit_id or row.level == 5:
            total += row.amount
    lines.append(
        Line(
            values={"no": _("Jumlah"), "amount": total},
            style="total",
            spans=(("no", "name"),),
        )
    )
    return Table(title=_("Program dan Anggaran"), columns=columns, lines=lines)


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
    return agreement_document(agreement, paper=paper)
