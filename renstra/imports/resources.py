"""django-import-export Resources for realisations, budget realisations and the plan.

Exports write the import format (the same columns the upload reads). Imports do not use the
row-by-row model saving of import-export: `import_data` hands the sheet to the import services,
so the admin obeys the same rules as the entry pages and the /impor/ page (roles and units,
locks, workflow, audit, all or nothing), and the services' preview is shown in the admin's.
"""

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.formats import base_formats
from import_export.results import Result, RowResult

from budgeting.models import BudgetRealisation
from cascading.choices import Status
from cascading.models import PlanNode, Realisation
from renstra.models import RenstraPeriod

from . import plan, services
from .preview import Action, Preview, SheetSpec, classify
from .workbook import ImportFileError, RowError, Sheet, read_workbook, write_workbook

IMPORT_TYPES = {
    Action.NEW: RowResult.IMPORT_TYPE_NEW,
    Action.CHANGED: RowResult.IMPORT_TYPE_UPDATE,
    Action.UNCHANGED: RowResult.IMPORT_TYPE_SKIP,
}


def _measure(value):
    """A stored measure (4 decimal places) with only the decimals it needs: 35, 3.5."""
    return None if value is None else value.normalize() + 0


def sheet_of(dataset: tablib.Dataset, title: str) -> Sheet:
    """The dataset as a Sheet; its rows follow the header row with none left out, so a row's
    position gives the row number Excel shows."""
    rows = [
        (number, tuple(values))
        for number, values in enumerate(dataset, start=2)
        if any(value not in (None, "") for value in values)
    ]
    headers = ["" if header is None else str(header) for header in dataset.headers or []]
    return Sheet(dataset.title or title, headers, rows)


def preview_result(preview: Preview) -> Result:
    """The services' preview as import-export's Result, for the admin's preview page."""
    result = Result()
    result.diff_headers = [
        _("Sheet"),
        _("Baris"),
        _("Tindakan"),
        "Kode",
        _("Uraian"),
        _("Perubahan (lama → baru)"),
    ]
    result.total_rows = len(preview.rows)
    for error in preview.file_errors:
        result.append_invalid_row(error.row or 0, {}, ValidationError(str(error)))
    for row in preview.rows:
        shown = dict(
            zip(
                result.diff_headers,
                (
                    row.sheet,
                    row.row,
                    row.action_label,
                    row.code,
                    row.label,
                    "; ".join(f"{label}: {old} → {new}" for label, old, new in row.changes)
                    or row.remark,
                ),
                strict=True,
            )
        )
        if row.errors:
            messages: dict[str, list[str]] = {}
            for error in row.errors:
                messages.setdefault(error.column or NON_FIELD_ERRORS, []).append(str(error))
            result.append_invalid_row(row.row, shown, ValidationError(messages))
            continue
        row_result = RowResult()
        row_result.import_type = IMPORT_TYPES[row.action]
        row_result.diff = list(shown.values())
        row_result.instance = row.record
        row_result.add_instance_info(row.record)
        result.increment_row_result_total(row_result)
        result.append_row_result(row_result)
    return result


class WorkbookExport(base_formats.XLSX):
    """The admin's Excel export, written by `write_workbook` like every other workbook (text
    never becomes a formula; numbers stay numbers)."""

    def export_data(self, dataset, **kwargs):
        return write_workbook([(dataset.title or "Data", dataset.headers or [], dataset)])


class SheetFormat(base_formats.XLSX):
    """An .xlsx read with the import's checks (size, macros, formulas), taking one kind of sheet.

    All rows are kept, empty ones too, so that row numbers stay those Excel shows.
    """

    specs: tuple[SheetSpec, ...] = ()
    spec: SheetSpec

    def create_dataset(self, in_stream):
        sheets = read_workbook(in_stream)
        matched, errors, _ignored = classify(sheets, self.specs)
        if errors:
            raise ImportFileError(errors)
        chosen = [sheet for spec, sheet in matched if spec is self.spec]
        if not chosen:
            raise ImportFileError(
                [RowError(_("Tidak ada sheet '%(title)s'.") % {"title": self.spec.title})]
            )
        sheet = chosen[0]
        dataset = tablib.Dataset(headers=sheet.headers, title=sheet.title)
        width = len(sheet.headers)
        expected = 2
        for number, values in sheet.rows:
            while expected < number:
                dataset.append([None] * width)
                expected += 1
            dataset.append((list(values) + [None] * width)[:width])
            expected += 1
        return dataset


class RealisationFormat(SheetFormat):
    specs = services.REALISATION_SPECS
    spec = services.REALISATIONS


class BudgetFormat(SheetFormat):
    specs = services.REALISATION_SPECS
    spec = services.BUDGET


class PlanFormat(SheetFormat):
    specs = (plan.PLAN,)
    spec = plan.PLAN


class _RealisationImport:
    """`import_data` through `services.run_realisations`; the admin passes organisation and
    status from its import form."""

    spec: SheetSpec

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset, **kwargs)
        dataset.title = self.spec.title
        return dataset

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        preview = services.run_realisations(
            user=kwargs["user"],
            organisation=kwargs["organisation"],
            sheets=[sheet_of(dataset, self.spec.title)],
            status=kwargs.get("status") or Status.DRAFT,
            commit=not dry_run,
            file_name=kwargs.get("file_name") or "",
        )
        return preview_result(preview)


class RealisationResource(_RealisationImport, resources.ModelResource):
    """Quarterly realisations in the `Realisasi` sheet format."""

    spec = services.REALISATIONS
    kode = fields.Field(column_name="Kode", attribute="indicator__node__code")
    indikator = fields.Field(column_name="Indikator", attribute="indicator__name")
    tahun = fields.Field(column_name="Tahun", attribute="year")
    triwulan = fields.Field(column_name="Triwulan", attribute="quarter")
    realisasi = fields.Field(column_name="Realisasi")
    catatan = fields.Field(column_name="Catatan", attribute="note")

    class Meta:
        model = Realisation
        fields = ("kode", "indikator", "tahun", "triwulan", "realisasi", "catatan")
        export_order = fields

    def dehydrate_tahun(self, record: Realisation) -> int:
        return record.year

    def dehydrate_triwulan(self, record: Realisation) -> int:
        return record.quarter

    def dehydrate_realisasi(self, record: Realisation):
        return record.grade or _measure(record.value)

    def get_queryset(self):
        return Realisation.objects.select_related("indicator__node")


class BudgetRealisationResource(_RealisationImport, resources.ModelResource):
    """Quarterly budget realisations in the `Realisasi Anggaran` sheet format."""

    spec = services.BUDGET
    kode = fields.Field(column_name="Kode", attribute="node__code")
    tahun = fields.Field(column_name="Tahun", attribute="year")
    triwulan = fields.Field(column_name="Triwulan", attribute="quarter")
    realisasi_anggaran = fields.Field(column_name="Realisasi Anggaran", attribute="amount")

    class Meta:
        model = BudgetRealisation
        fields = ("kode", "tahun", "triwulan", "realisasi_anggaran")
        export_order = fields

    def dehydrate_tahun(self, record: BudgetRealisation) -> int:
        return record.year

    def dehydrate_triwulan(self, record: BudgetRealisation) -> int:
        return record.quarter

    def dehydrate_realisasi_anggaran(self, record: BudgetRealisation):
        return record.amount

    def get_queryset(self):
        return BudgetRealisation.objects.select_related("node")


class PlanResource(resources.ModelResource):
    """The plan in the `Rencana` sheet format: one row per indicator, targets and pagu per year.

    An export covers whole periods: every period a selected node belongs to, under the years of
    all of them (an import then reads one period's years).
    """

    class Meta:
        model = PlanNode
        fields = ()

    def export(self, queryset=None, **kwargs):
        nodes = self.get_queryset() if queryset is None else queryset
        periods = RenstraPeriod.objects.filter(nodes__in=nodes).distinct().order_by("start_year")
        years = sorted({year for period in periods for year in period.years})
        headers = plan.plan_headers(years)
        dataset = tablib.Dataset(headers=headers, title=plan.PLAN.title)
        for period in periods:
            period_headers, rows = plan.plan_rows(period)
            for row in rows:
                cells = dict(zip(period_headers, row, strict=True))
                dataset.append([cells.get(header, "") for header in headers])
        return dataset

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        preview = plan.run_plan(
            user=kwargs["user"],
            period=kwargs["period"],
            sheets=[sheet_of(dataset, plan.PLAN.title)],
            commit=not dry_run,
        )
        return preview_result(preview)


INSTRUCTIONS = (
    "Isi kolom Realisasi (dan Catatan bila perlu) pada sheet Realisasi, dan kolom Realisasi "
    "Anggaran (Rp) pada sheet Realisasi Anggaran. Jangan mengubah judul kolom.",
    "Angka boleh ditulis 1.234,5 atau 1234.5, dengan satuan (35 Orang) atau persen (3,5%).",
    "Indikator nilai huruf (mis. SAKIP) diisi dengan hurufnya: AA, A, BB, B, CC, C atau D.",
    "Baris dengan kolom Realisasi kosong dilewati. Jangan memakai rumus: tempel sebagai nilai.",
    "Setelah diunggah, pratinjau menunjukkan baris baru, berubah, tetap atau salah; tidak ada "
    "yang disimpan sebelum Anda menekan Terapkan, dan satu baris salah membatalkan semuanya.",
)


def realisation_template(*, lines, year: int, quarter: int) -> bytes:
    """A workbook to fill: the given entry lines (what the user may fill for the quarter),
    prefilled with the values already entered."""
    realisations, budget = [], []
    for line in lines:
        if line.kind == "indicator":
            indicator = line.figures.indicator
            realisations.append(
                line.current or Realisation(indicator=indicator, year=year, quarter=quarter)
            )
        elif line.kind == "budget":
            budget.append(
                line.current or BudgetRealisation(node=line.node.node, year=year, quarter=quarter)
            )
    sheets = []
    for resource, records, spec in (
        (RealisationResource(), realisations, services.REALISATIONS),
        (BudgetRealisationResource(), budget, services.BUDGET),
    ):
        dataset = resource.export(records)
        sheets.append((spec.title, dataset.headers, dataset))
    sheets.append(("Petunjuk", ["Petunjuk"], [[text] for text in INSTRUCTIONS]))
    return write_workbook(sheets)
