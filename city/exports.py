"""The city's consolidated exports through the report machinery (renstra/reports): the recap of
every office for a quarter and the IKU Pemda table, Excel and PDF from the same selectors as
the /kota/ pages. Marked DATA CONTOH when an office in it holds demo data; the figures count
verified values only, so never DRAF."""

from django.utils import timezone
from django.utils.translation import gettext as _

from renstra.models import Organisation, RenstraPeriod
from renstra.reports.document import Column, Document, Format, Line, Signature, Table

from .selectors import CityOverview, RpjmdTable

RECAP = "rekap-kota"
IKU_PEMDA = "iku-pemda"


def _city(government: str) -> Organisation:
    """The issuer printed on the city's documents: Bappeda of the government (not saved)."""
    region = government.removeprefix("Pemerintah").strip()
    return Organisation(
        code="kota",
        name=_("Badan Perencanaan Pembangunan Daerah %(region)s") % {"region": region},
        short_name="Bappeda",
        government=government,
        city=region.removeprefix("Kota").removeprefix("Kabupaten").strip() or region,
        head_title=_("Kepala Bappeda %(region)s") % {"region": region},
        head_name="",
    )


def _document(kind, title, subtitle, government, year, tables, demo) -> Document:
    city = _city(government)
    return Document(
        kind=kind,
        title=title,
        organisation=city,
        period=RenstraPeriod(name=subtitle, start_year=year, end_year=year),
        year=year,
        subtitle=subtitle,
        tables=tables,
        signatures=[Signature(title=city.head_title, name="", caption="", dated=True)],
        place=city.city,
        signed_on=timezone.localdate(),
        realisation_note=_("Realisasi yang dihitung: hanya yang telah diverifikasi."),
        demo=demo,
    )


def recap_document(overview: CityOverview) -> Document:
    """Every office's figures for the quarter, in the order of the page."""
    columns = (
        Column("no", (_("No"),), "1", 5, Format.INTEGER),
        Column("office", (_("Perangkat daerah"),), "2", 40),
        Column("capaian", (_("Capaian IKU (%)"),), "3", 12, Format.PERCENT),
        Column("predikat", (_("Predikat"),), "4", 14),
        Column("pagu", (_("Pagu (Rp)"),), "5", 20, Format.MONEY),
        Column("realisasi", (_("Realisasi anggaran (Rp)"),), "6", 20, Format.MONEY),
        Column("serapan", (_("Serapan (%)"),), "7", 12, Format.PERCENT),
        Column("entri", (_("Entri triwulan (%)"),), "8", 12, Format.PERCENT),
        Column("antrean", (_("Menunggu verifikasi"),), "9", 12, Format.INTEGER),
        Column("kembali", (_("Dikembalikan"),), "10", 12, Format.INTEGER),
        Column("telaah", (_("Telaah Bappeda"),), "11", 14),
    )
    lines = [
        Line(
            values={
                "no": number,
                "office": row.organisation.name,
                "capaian": row.capaian,
                "predikat": row.predikat.label if row.predikat else None,
                "pagu": row.pagu,
                "realisasi": row.realisasi_anggaran,
                "serapan": row.serapan,
                "entri": row.entry_progress,
                "antrean": row.backlog,
                "kembali": row.returned,
                "telaah": row.review.get_status_display() if row.review else "",
            }
        )
        for number, row in enumerate(overview.rows, start=1)
    ]
    government = overview.rows[0].organisation.government if overview.rows else ""
    subtitle = _("Tahun %(year)s, s.d. triwulan %(quarter)s") % {
        "year": overview.year,
        "quarter": overview.quarter,
    }
    return _document(
        RECAP,
        _("Rekapitulasi kinerja perangkat daerah"),
        subtitle,
        government,
        overview.year,
        [Table(_("Rekap perangkat daerah"), columns, lines, frozen_columns=2)],
        demo=any(row.organisation.demo_data for row in overview.rows),
    )


def iku_pemda_document(table: RpjmdTable) -> Document:
    columns = (
        Column("sasaran", (_("Sasaran Pemda"),), "1", 40),
        Column("indicator", (_("Indikator"),), "2", 40),
        Column("target", (_("Target"),), "3", 12, Format.MEASURE),
        Column("realisasi", (_("Realisasi"),), "4", 12, Format.MEASURE),
        Column("capaian", (_("Capaian (%)"),), "5", 12, Format.PERCENT),
        Column("predikat", (_("Predikat"),), "6", 14),
        Column("sumber", (_("Sumber capaian"),), "7", 40),
    )
    lines = []
    demo = False
    for row in table.sasaran:
        for item in row.indicators:
            demo = demo or any(
                office.indicator.node.organisation.demo_data for office in item.linked
            )
            source = (
                "; ".join(office.indicator.name for office in item.linked)
                if item.computed
                else _("Diisi Bappeda")
            )
            lines.append(
                Line(
                    values={
                        "sasaran": f"{row.goal.code} {row.goal.name}",
                        "indicator": item.indicator.name,
                        "target": item.target,
                        "realisasi": None if item.computed else item.realisation,
                        "capaian": item.capaian,
                        "predikat": item.predikat.label if item.predikat else None,
                        "sumber": source,
                    }
                )
            )
    subtitle = _("%(rpjmd)s · tahun %(year)s, s.d. triwulan %(quarter)s") % {
        "rpjmd": table.rpjmd,
        "year": table.year,
        "quarter": table.quarter,
    }
    return _document(
        IKU_PEMDA,
        _("Indikator kinerja utama pemerintah daerah"),
        subtitle,
        table.rpjmd.government,
        table.year,
        [Table(_("IKU Pemda"), columns, lines, frozen_columns=2)],
        demo=demo,
    )
