"""The plan (Renstra) as one sheet: export it, and import it back: preview, then apply.

One row per indicator (a node without indicators gets one row of its own). A node's columns are
repeated on each of its indicator rows, or left empty on the later ones. Identity is the code
through `code_key` (`1.06.01.2.01.01` and `1.06.01.2.01.0001` are the same sub kegiatan) within a
period, and an indicator is its node plus its name. The import creates and updates; it never
deletes: nodes and indicators missing from the sheet are left as they are.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgeting.models import FundingSource, Pagu, StatedPagu
from cascading.choices import Aggregation, Level, Polarity, ValueKind
from cascading.codes import code_key, is_valid_code
from cascading.models import Indicator, IndicatorTarget, PlanNode
from renstra.models import RenstraPeriod
from renstra.numbers import format_decimal, format_measure
from renstra.permissions import entry_scope
from renstra.seed.load import aggregation, value_kind

from . import cells
from .preview import Action, Preview, PreviewRow, SheetSpec, cells_of, classify
from .workbook import (
    ImportFileError,
    RowError,
    Sheet,
    normalise_header,
    read_workbook,
    write_workbook,
)

PLAN = SheetSpec(
    "rencana", "Rencana", ("Tingkat", "Kode", "Kode Induk", "Nama", "Indikator", "Satuan")
)
NODE_COLUMNS = ("Sasaran", "Unit", "Penanggung Jawab")
INDICATOR_COLUMNS = (
    "Jenis Nilai",
    "Polaritas",
    "Rekap Triwulan",
    "IKU",
    "IKK",
    "Kondisi Awal",
    "Target Akhir",
    "Formula",
    "Definisi",
)
_YEAR_COLUMN = re.compile(r"^(target|pagu) (\d{4})$")
LEVEL_NAMES = {normalise_header(label): level for level, label in Level.choices}
LEVEL_NAMES.update({"subkegiatan": Level.SUB_KEGIATAN, "sub_kegiatan": Level.SUB_KEGIATAN})
# Numeric segments of a nomenclature code per level (Permendagri 90/2019).
CODE_SEGMENTS = {Level.PROGRAM: 3, Level.KEGIATAN: 5, Level.SUB_KEGIATAN: 6}
MONEY_LEVELS = (Level.PROGRAM, Level.KEGIATAN, Level.SUB_KEGIATAN)
REFUSED_PLAN = gettext_lazy(
    "Hanya perencana atau administrator perangkat daerah yang boleh mengimpor rencana."
)

NODE_FIELD_COLUMNS = {
    "code": "Kode",
    "parent": "Kode Induk",
    "name": "Nama",
    "sasaran": "Sasaran",
    "unit": "Unit",
    "unit_label": "Penanggung Jawab",
    "level": "Tingkat",
}
INDICATOR_FIELD_COLUMNS = {
    "name": "Indikator",
    "satuan": "Satuan",
    "baseline_text": "Kondisi Awal",
    "baseline_value": "Kondisi Awal",
    "final_target_text": "Target Akhir",
    "final_target_value": "Target Akhir",
    "formula": "Formula",
    "definition": "Definisi",
    "value_kind": "Jenis Nilai",
    "polarity": "Polaritas",
    "aggregation": "Rekap Triwulan",
    "is_iku": "IKU",
    "is_ikk": "IKK",
}
CHOICE_COLUMNS = {
    "Jenis Nilai": ("value_kind", ValueKind),
    "Polaritas": ("polarity", Polarity),
    "Rekap Triwulan": ("aggregation", Aggregation),
}
FLAG_COLUMNS = {"IKU": "is_iku", "IKK": "is_ikk"}
MEASURE_COLUMNS = {"Kondisi Awal": "baseline", "Target Akhir": "final_target"}
TEXT_COLUMNS = {"Formula": "formula", "Definisi": "definition"}


def plan_headers(years) -> list[str]:
    return [
        "Tingkat",
        "Kode",
        "Kode Induk",
        "Nama",
        *NODE_COLUMNS,
        "Indikator",
        "Satuan",
        "Jenis Nilai",
        "Polaritas",
        "Rekap Triwulan",
        "IKU",
        "IKK",
        "Kondisi Awal",
        *(f"Target {year}" for year in years),
        "Target Akhir",
        "Formula",
        "Definisi",
        "Sumber Dana",
        *(f"Pagu {year}" for year in years),
        "Pagu Akhir Periode",
    ]


def _tree_order(nodes: list[PlanNode]) -> list[PlanNode]:
    """Parents before children, siblings by code: the order the plan document reads in."""
    children: dict[int | None, list[PlanNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    ordered: list[PlanNode] = []
    stack = sorted(children.get(None, []), key=lambda node: node.code_key, reverse=True)
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack += sorted(children.get(node.pk, []), key=lambda child: child.code_key, reverse=True)
    return ordered


def plan_rows(period: RenstraPeriod) -> tuple[list[str], list[list]]:
    """The period's plan in the import format: headers and one row per indicator."""
    years = list(period.years)
    nodes = list(
        PlanNode.objects.filter(period=period)
        .select_related("parent", "unit")
        .prefetch_related("indicators__targets", "pagu__source", "stated_pagu")
    )
    rows = []
    for node in _tree_order(nodes):
        stated = {item.year: item.amount for item in node.stated_pagu.all()}
        pagu = list(node.pagu.all())
        source = pagu[0].source if pagu else None
        if node.level == Level.SUB_KEGIATAN:
            amounts = {item.year: item.amount for item in pagu if item.source_id == source.pk}
        else:
            amounts = stated
        node_cells = [
            node.get_level_display(),
            node.code,
            node.parent.code if node.parent else "",
            node.name,
            node.sasaran,
            node.unit.name if node.unit else "",
            node.unit_label,
        ]
        money_cells = [
            source.code if source else "",
            *(amounts.get(year) for year in years),
            stated.get(None),
        ]
        indicators = list(node.indicators.all())
        for indicator in indicators or [None]:
            rows.append(node_cells + _indicator_cells(indicator, years) + money_cells)
    return plan_headers(years), rows


def _indicator_cells(indicator: Indicator | None, years: list[int]) -> list:
    if indicator is None:
        return [""] * (11 + len(years))
    targets = {target.year: target.text for target in indicator.targets.all()}
    return [
        indicator.name,
        indicator.satuan,
        indicator.get_value_kind_display(),
        indicator.get_polarity_display(),
        indicator.get_aggregation_display(),
        "Ya" if indicator.is_iku else "",
        "Ya" if indicator.is_ikk else "",
        indicator.baseline_text,
        *(targets.get(year, "") for year in years),
        indicator.final_target_text,
        indicator.formula,
        indicator.definition,
    ]


def plan_workbook(period: RenstraPeriod) -> bytes:
    """The period's plan as a workbook the plan import reads back."""
    headers, rows = plan_rows(period)
    return write_workbook([(PLAN.title, headers, rows)])


def _choice(column: str, value) -> str | None:
    """A choice written as its label or its stored value; None when the cell is empty."""
    written = normalise_header(cells.text(value))
    if not written:
        return None
    _field, choices = CHOICE_COLUMNS[column]
    for stored, label in choices.choices:
        if written in (normalise_header(stored), normalise_header(label)):
            return stored
    raise cells.CellError(
        _("'%(text)s' tidak dikenal; pilih salah satu: %(labels)s.")
        % {"text": cells.text(value), "labels": "; ".join(str(label) for label in choices.labels)}
    )


@dataclass
class _PlanLine:
    """One parsed plan row: its node's values and, when it names one, an indicator's."""

    row: PreviewRow
    level: int | None = None
    key: str = ""
    parent_code: str = ""
    node: dict = field(default_factory=dict)
    money: dict = field(default_factory=dict)
    indicator: dict | None = None
    targets: dict[int, cells.Measure] = field(default_factory=dict)


class _PlanReader:
    def __init__(self, period: RenstraPeriod):
        self.period = period
        units = list(period.organisation.units.all())
        self.units = {}
        for unit in units:
            self.units.setdefault(normalise_header(unit.name), unit)
            self.units.setdefault(normalise_header(unit.code), unit)
        self.unit_name_of = {unit.pk: unit.name for unit in units}
        self.unit_names = ", ".join(unit.name for unit in units if not unit.is_sub_unit) or "-"
        self.sources = {}
        for source in FundingSource.objects.all():
            self.sources.setdefault(normalise_header(source.code), source)
            self.sources.setdefault(normalise_header(source.name), source)
        only = list({source.pk: source for source in self.sources.values()}.values())
        self.default_source = only[0] if len(only) == 1 else None

    def year_columns(self, sheet: Sheet) -> tuple[dict[str, int], list[RowError]]:
        """`Target 2024` / `Pagu 2024` headers -> year, refusing years outside the period."""
        years, errors = {}, []
        for header in sheet.headers:
            match = _YEAR_COLUMN.match(normalise_header(header))
            if not match:
                continue
            year = int(match[2])
            if year not in self.period.years:
                errors.append(
                    RowError(
                        _("tahun %(year)s di luar periode %(period)s.")
                        % {"year": year, "period": self.period},
                        sheet.title,
                        1,
                        header,
                    )
                )
            else:
                years[header] = year
        return years, errors

    def line(self, sheet: Sheet, number: int, values: tuple, years: dict[str, int]) -> _PlanLine:
        present = sheet.columns()
        optional = [
            column
            for column in (*NODE_COLUMNS, *INDICATOR_COLUMNS, "Sumber Dana", "Pagu Akhir Periode")
            if normalise_header(column) in present
        ]
        raw = cells_of((*PLAN.columns, *optional, *years), sheet, values)
        row = PreviewRow(
            sheet=sheet.title, row=number, kind=PLAN.kind, code=cells.code(raw["Kode"])
        )
        line = _PlanLine(row=row)
        self._identity(line, raw)
        line.node = {"name": cells.text(raw["Nama"])}
        if "Sasaran" in raw:
            line.node["sasaran"] = cells.text(raw["Sasaran"])
        if "Penanggung Jawab" in raw:
            line.node["unit_label"] = cells.text(raw["Penanggung Jawab"])
        if "Unit" in raw:
            line.node["unit"] = self._unit(row, raw["Unit"])
        row.label = line.node["name"]
        self._money(line, raw, years)
        self._indicator(line, raw, years)
        return line

    def _identity(self, line: _PlanLine, raw: dict) -> None:
        row = line.row
        line.level = LEVEL_NAMES.get(normalise_header(cells.text(raw["Tingkat"])))
        if line.level is None:
            row.refuse(
                _("'%(text)s' bukan tingkat; tulis salah satu: %(levels)s.")
                % {"text": cells.text(raw["Tingkat"]), "levels": ", ".join(map(str, Level.labels))},
                "Tingkat",
            )
        if not row.code or not is_valid_code(row.code):
            row.refuse(_("'%(code)s' bukan kode yang sah.") % {"code": row.code}, "Kode")
            return
        line.key = code_key(row.code)
        segments = row.code.split(".")
        expected = CODE_SEGMENTS.get(line.level)
        if expected and (len(segments) != expected or not all(s.isdigit() for s in segments)):
            row.refuse(
                _(
                    "kode %(code)s tidak sesuai tingkat %(level)s (Program 1.06.01, Kegiatan "
                    "1.06.01.2.01, Sub Kegiatan 1.06.01.2.01.01 atau 1.06.01.2.01.0001)."
                )
                % {"code": row.code, "level": Level(line.level).label},
                "Kode",
            )
        parent = cells.code(raw["Kode Induk"])
        if line.level == Level.TUJUAN and parent:
            row.refuse(_("Tujuan tidak memiliki induk; kosongkan kolom ini."), "Kode Induk")
            parent = ""
        elif parent and not is_valid_code(parent):
            row.refuse(_("'%(code)s' bukan kode yang sah.") % {"code": parent}, "Kode Induk")
            parent = ""
        elif not parent and line.level in (Level.KEGIATAN, Level.SUB_KEGIATAN) and expected:
            # A kegiatan's program and a sub kegiatan's kegiatan are read off the code.
            parent = ".".join(segments[: 3 if line.level == Level.KEGIATAN else 5])
        elif not parent and line.level in (Level.SASARAN, Level.PROGRAM):
            row.refuse(
                _("isi kode induk (%(parent)s).") % {"parent": Level(line.level - 1).label},
                "Kode Induk",
            )
        line.parent_code = parent

    def _unit(self, row: PreviewRow, value):
        written = cells.text(value)
        if not written:
            return None
        unit = self.units.get(normalise_header(written))
        if unit is None:
            row.refuse(
                _("unit '%(unit)s' tidak ada; unit yang ada: %(units)s.")
                % {"unit": written, "units": self.unit_names},
                "Unit",
            )
        elif unit.is_sub_unit:
            row.refuse(
                _(
                    "'%(unit)s' adalah subbagian/seksi, yang tidak memiliki indikator rencana; "
                    "isi sekretariat atau bidang yang membawahinya (%(parent)s)."
                )
                % {"unit": unit.name, "parent": self.unit_name_of[unit.parent_id]},
                "Unit",
            )
            return None
        return unit

    def _money(self, line: _PlanLine, raw: dict, years: dict[str, int]) -> None:
        row = line.row
        columns = [
            (header, year) for header, year in years.items() if header.lower().startswith("pagu")
        ]
        if "Pagu Akhir Periode" in raw:
            columns.append(("Pagu Akhir Periode", None))
        for column, year in columns:
            try:
                amount = cells.money(raw[column])
            except cells.CellError as error:
                row.refuse(str(error), column)
                continue
            if amount is None:
                continue
            if line.level is not None and line.level not in MONEY_LEVELS:
                row.refuse(_("pagu hanya untuk program, kegiatan dan sub kegiatan."), column)
            line.money[year] = amount
        written = cells.text(raw.get("Sumber Dana"))
        if line.level == Level.SUB_KEGIATAN and any(year for year in line.money):
            source = self.sources.get(normalise_header(written)) if written else self.default_source
            if source is None:
                row.refuse(
                    _("sumber dana '%(source)s' tidak dikenal.") % {"source": written}
                    if written
                    else _("isi sumber dana untuk pagu sub kegiatan."),
                    "Sumber Dana",
                )
            line.node["source"] = source

    def _indicator(self, line: _PlanLine, raw: dict, years: dict[str, int]) -> None:
        row = line.row
        name = cells.text(raw["Indikator"])
        target_columns = {
            header: year for header, year in years.items() if header.lower().startswith("target")
        }
        if not name:
            # IKU/IKK may say "Tidak" on a row without indicator; anything else needs a name.
            filled = [
                column
                for column in ("Satuan", *INDICATOR_COLUMNS, *target_columns)
                if cells.text(raw.get(column)) and column not in FLAG_COLUMNS
            ]
            if filled:
                row.refuse(_("isi nama indikator atau kosongkan kolom indikator."), "Indikator")
            return
        indicator = {"name": name, "satuan": cells.text(raw["Satuan"])}
        for column, (field_name, _choices) in CHOICE_COLUMNS.items():
            if column in raw:
                try:
                    chosen = _choice(column, raw[column])
                except cells.CellError as error:
                    row.refuse(str(error), column)
                    continue
                if chosen is not None:
                    indicator[field_name] = chosen
        readers = [
            *((column, cells.flag, FLAG_COLUMNS[column]) for column in FLAG_COLUMNS),
            *((column, cells.measure, MEASURE_COLUMNS[column]) for column in MEASURE_COLUMNS),
            *((column, cells.text, TEXT_COLUMNS[column]) for column in TEXT_COLUMNS),
        ]
        for column, reader, field_name in readers:
            if column not in raw:
                continue
            try:
                indicator[field_name] = reader(raw[column])
            except cells.CellError as error:
                row.refuse(str(error), column)
        for column, year in target_columns.items():
            try:
                line.targets[year] = cells.measure(raw[column])
            except cells.CellError as error:
                row.refuse(str(error), column)
        line.indicator = indicator
        row.label = f"{line.node['name']} — {name}" if line.node["name"] else name


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, Decimal):
        return format_measure(value)
    return str(value)


def _group(lines: list[_PlanLine]) -> list[list[_PlanLine]]:
    """Rows of the same node together; a later row may leave node columns empty, but what it
    fills must match the first row."""
    groups: dict[str, list[_PlanLine]] = {}
    for line in lines:
        if line.key and line.level is not None:
            groups.setdefault(line.key, []).append(line)
    for group in groups.values():
        first = group[0]
        if not first.node["name"]:
            first.row.refuse(_("Nama wajib diisi."), "Nama")
        for line in group[1:]:
            where = _("berbeda dengan baris %(row)s.") % {"row": first.row.row}
            if line.level != first.level:
                line.row.refuse(where, "Tingkat")
            if (
                line.parent_code
                and first.parent_code
                and code_key(line.parent_code) != code_key(first.parent_code)
            ):
                line.row.refuse(where, "Kode Induk")
            for name, value in line.node.items():
                if value in ("", None):
                    continue
                if first.node.get(name) in ("", None):
                    first.node[name] = value
                elif first.node[name] != value:
                    line.row.refuse(where, NODE_FIELD_COLUMNS.get(name, "Sumber Dana"))
            for year, amount in line.money.items():
                if first.money.setdefault(year, amount) != amount:
                    column = f"Pagu {year}" if year else "Pagu Akhir Periode"
                    line.row.refuse(where, column)
        seen: dict[str, _PlanLine] = {}
        for line in group:
            if line.indicator is None:
                continue
            name = normalise_header(line.indicator["name"])
            earlier = seen.setdefault(name, line)
            if earlier is line:
                continue
            if (earlier.indicator, earlier.targets) == (line.indicator, line.targets):
                line.indicator = None
                line.row.remark = _("Sama dengan baris %(row)s.") % {"row": earlier.row.row}
            else:
                line.row.refuse(
                    _("indikator ini sudah diisi pada baris %(row)s dengan nilai berbeda.")
                    % {"row": earlier.row.row},
                    "Indikator",
                )
    return list(groups.values())


class _PlanWriter:
    """Creates and updates nodes, indicators, targets and pagu of one period."""

    def __init__(self, period: RenstraPeriod, file_keys: set[str]):
        self.period = period
        self.file_keys = file_keys
        self.nodes = {
            node.code_key: node
            for node in PlanNode.objects.filter(period=period).select_related("unit", "parent")
        }
        self.indicators: dict[int, list[Indicator]] = {}
        for indicator in Indicator.objects.filter(node__period=period).prefetch_related("targets"):
            self.indicators.setdefault(indicator.node_id, []).append(indicator)
        self.pagu = {
            (item.node_id, item.year, item.source_id): item
            for item in Pagu.objects.filter(node__period=period)
        }
        self.stated = {
            (item.node_id, item.year): item
            for item in StatedPagu.objects.filter(node__period=period)
        }

    def write(self, group: list[_PlanLine]) -> None:
        """Write one node and its indicators; a refusal goes on the row it concerns.

        Refusals are raised before anything reaches the database, so the transaction stays usable
        to go on checking the other rows; any refusal rolls the whole import back at the end.
        """
        first = group[0]
        try:
            node = self._node(first)
        except ValidationError as error:
            first.row.refuse_error(error, NODE_FIELD_COLUMNS, "Kode")
            return
        first.row.record = node
        self._money(node, first)
        for line in group:
            if line.indicator is not None:
                self._indicator(node, line)
        for line in group:
            if line.row.action == Action.UNCHANGED and line.row.changes:
                line.row.action = Action.CHANGED

    def _parent(self, line: _PlanLine) -> PlanNode | None:
        if line.level == Level.TUJUAN:
            return None
        parent = self.nodes.get(code_key(line.parent_code))
        if parent is None and code_key(line.parent_code) in self.file_keys:
            raise ValidationError(
                {
                    "parent": _(
                        "kode induk %(code)s di berkas ini belum dapat diproses; "
                        "perbaiki dulu baris induknya."
                    )
                    % {"code": line.parent_code}
                }
            )
        if parent is None:
            raise ValidationError(
                {
                    "parent": _("kode induk '%(code)s' tidak ada, di berkas maupun di %(period)s.")
                    % {"code": line.parent_code, "period": self.period}
                }
            )
        if parent.level != line.level - 1:
            raise ValidationError(
                {
                    "parent": _("%(code)s adalah %(level)s; induk %(child)s harus %(expected)s.")
                    % {
                        "code": parent.code,
                        "level": parent.get_level_display(),
                        "child": Level(line.level).label,
                        "expected": Level(line.level - 1).label,
                    }
                }
            )
        nested = line.level in (Level.KEGIATAN, Level.SUB_KEGIATAN)
        if nested and not line.key.startswith(f"{parent.code_key}."):
            raise ValidationError(
                {
                    "code": _("kode %(code)s tidak berada di bawah kode induk %(parent)s.")
                    % {"code": line.row.code, "parent": parent.code}
                }
            )
        return parent

    def _node(self, line: _PlanLine) -> PlanNode:
        node = self.nodes.get(line.key)
        if node is not None and node.level != line.level:
            raise ValidationError(
                {
                    "level": _("kode %(code)s tersimpan sebagai %(level)s.")
                    % {"code": node.code, "level": node.get_level_display()}
                }
            )
        values = {name: value for name, value in line.node.items() if name not in ("source",)}
        values["parent"] = self._parent(line)
        if node is None:
            node = PlanNode(
                organisation=self.period.organisation,
                period=self.period,
                level=line.level,
                code=line.row.code,
                **values,
            )
            line.row.action = Action.NEW
        else:
            for name, value in values.items():
                old = getattr(node, name)
                if old != value:
                    line.row.changes.append((NODE_FIELD_COLUMNS[name], _shown(old), _shown(value)))
                    setattr(node, name, value)
            if not line.row.changes:
                self.nodes[line.key] = node
                return node
        node.code_key = code_key(node.code)
        node.full_clean()
        node.save()
        self.nodes[line.key] = node
        return node

    def _money(self, node: PlanNode, line: _PlanLine) -> None:
        source = line.node.get("source")
        for year, amount in line.money.items():
            if year is not None and node.level == Level.SUB_KEGIATAN:
                self._put(
                    self.pagu,
                    (node.pk, year, source.pk),
                    Pagu(node=node, year=year, source=source, amount=amount),
                    line,
                    f"Pagu {year}",
                )
            self._put(
                self.stated,
                (node.pk, year),
                StatedPagu(node=node, year=year, amount=amount),
                line,
                f"Pagu {year}" if year else "Pagu Akhir Periode",
                # A sub kegiatan's yearly figure is listed once, as its pagu.
                shown=year is None or node.level != Level.SUB_KEGIATAN,
            )

    def _put(
        self, table: dict, key: tuple, fresh, line: _PlanLine, label: str, *, shown: bool = True
    ) -> None:
        """Create or update one pagu figure; `label` is its column, `shown` lists the change."""
        stored = table.get(key)
        if stored is not None and stored.amount == fresh.amount:
            return
        old = format_decimal(stored.amount) if stored is not None else ""
        if shown and line.row.action != Action.NEW:
            line.row.changes.append((label, old, format_decimal(fresh.amount)))
        if stored is not None:
            stored.amount = fresh.amount
            fresh = stored
        try:
            fresh.full_clean()
        except ValidationError as error:
            line.row.refuse_error(error, {}, label)
            return
        fresh.save()
        table[key] = fresh

    def _indicator(self, node: PlanNode, line: _PlanLine) -> None:
        data = dict(line.indicator)
        measures = {name: data.pop(name) for name in MEASURE_COLUMNS.values() if name in data}
        for name, measure in measures.items():
            data[f"{name}_text"] = measure.text
            data[f"{name}_value"] = measure.value
        siblings = self.indicators.setdefault(node.pk, [])
        indicator = next(
            (
                item
                for item in siblings
                if normalise_header(item.name) == normalise_header(data["name"])
            ),
            None,
        )
        if indicator is None:
            indicator = Indicator(node=node, order=max((i.order for i in siblings), default=0) + 1)
            kind = data.get("value_kind") or value_kind(_seed_shape(data, measures, line.targets))
            data.setdefault("value_kind", kind)
            data.setdefault(
                "aggregation", aggregation({"name": data["name"], "satuan": data["satuan"]}, kind)
            )
            for name, value in data.items():
                setattr(indicator, name, value)
            line.row.action = Action.NEW
            if not self._saved(indicator, line):
                return
            siblings.append(indicator)
        else:
            changed = []
            for name, value in data.items():
                if getattr(indicator, name) != value:
                    changed.append(name)
                    old = getattr(indicator, name)
                    setattr(indicator, name, value)
                    if name.endswith("_value") and name.replace("_value", "_text") in changed:
                        continue
                    line.row.changes.append(
                        (INDICATOR_FIELD_COLUMNS[name], _shown(old), _shown(value))
                    )
            if changed and not self._saved(indicator, line):
                return
        line.row.record = indicator
        self._targets(indicator, line)

    def _saved(self, indicator: Indicator, line: _PlanLine) -> bool:
        try:
            indicator.full_clean()
        except ValidationError as error:
            line.row.refuse_error(error, INDICATOR_FIELD_COLUMNS, "Indikator")
            return False
        indicator.save()
        return True

    def _targets(self, indicator: Indicator, line: _PlanLine) -> None:
        stored = {target.year: target for target in indicator.targets.all()}
        for year, measure in line.targets.items():
            target = stored.get(year)
            if target is None and not measure.text:
                continue
            wanted = (measure.text, measure.value, measure.grade)
            if target is not None and (target.text, target.value, target.grade) == wanted:
                continue
            if line.row.action != Action.NEW:
                line.row.changes.append(
                    (f"Target {year}", target.text if target else "", measure.text)
                )
            target = target or IndicatorTarget(indicator=indicator, year=year)
            target.text, target.value, target.grade = wanted
            try:
                target.full_clean()
            except ValidationError as error:
                line.row.refuse_error(error, {}, f"Target {year}")
                continue
            target.save()


def _seed_shape(data: dict, measures: dict, targets: dict) -> dict:
    """The indicator in the shape the seed loader's `value_kind` reads, to infer it the same way."""
    return {
        "name": data["name"],
        "satuan": data["satuan"],
        "baseline": {"grade": measures["baseline"].grade if "baseline" in measures else ""},
        "final_target": {
            "grade": measures["final_target"].grade if "final_target" in measures else ""
        },
        "targets": {year: {"grade": measure.grade} for year, measure in targets.items()},
    }


def check_plan_allowed(*, user, period: RenstraPeriod) -> None:
    if not entry_scope(user, period.organisation_id).all_units:
        raise PermissionDenied(REFUSED_PLAN)


def run_plan(*, user, period: RenstraPeriod, sheets: list[Sheet], commit: bool) -> Preview:
    """Preview (commit False) or apply (commit True) a plan sheet into a period: all or nothing."""
    check_plan_allowed(user=user, period=period)
    matched, file_errors, ignored = classify(sheets, (PLAN,))
    preview = Preview(kind="rencana", file_errors=file_errors, ignored_sheets=ignored)
    reader = _PlanReader(period)
    lines = []
    for _spec, sheet in matched:
        years, errors = reader.year_columns(sheet)
        preview.file_errors += errors
        lines += [reader.line(sheet, number, values, years) for number, values in sheet.rows]
    preview.rows = [line.row for line in lines]
    groups = _group(lines)
    writer = _PlanWriter(period, {group[0].key for group in groups})
    with transaction.atomic():
        for level in Level.values:
            for group in groups:
                if group[0].level == level and not any(line.row.errors for line in group):
                    writer.write(group)
        if not commit or not preview.ok:
            transaction.set_rollback(True)
    preview.applied = commit and preview.ok
    return preview


def import_plan(
    *, user, period: RenstraPeriod, data: bytes, file_name: str, commit: bool
) -> Preview:
    """Read an uploaded plan workbook and preview or apply it."""
    check_plan_allowed(user=user, period=period)
    try:
        sheets = read_workbook(data, file_name=file_name)
    except ImportFileError as error:
        return Preview(kind="rencana", file_errors=error.errors)
    return run_plan(user=user, period=period, sheets=sheets, commit=commit)
