"""The printable Pohon Kinerja: the cascade from Tujuan to Sub Kegiatan with each node's
indicators and the year's targets, as a diagram on A3 (or A4) landscape for the office's wall and
the SAKIP evaluators; the workbook lists the same nodes."""

from dataclasses import dataclass, field
from enum import StrEnum

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from cascading.choices import Level
from cascading.models import PlanNode
from renstra.reports.document import Column, Format, Line, Table

from .selectors import plan_indicators


class TreePaper(StrEnum):
    A3 = "A3"
    A4 = "A4"


PAGE_SIZES = {TreePaper.A3: "A3 landscape", TreePaper.A4: "A4 landscape"}
# Body text never below 7 pt; A3 gives the diagram room at a legible size.
FONT_POINTS = {TreePaper.A3: 7.5, TreePaper.A4: 7.0}
# The programs' branches flow through this many columns (about 56 mm wide on A3, 69 mm on A4).
COLUMNS = {TreePaper.A3: 7, TreePaper.A4: 4}


@dataclass
class TreeNode:
    node: PlanNode
    indicators: list[tuple[str, str]]  # (indicator name, the year's target as written)
    children: list["TreeNode"] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return self.node.unit.name if self.node.unit_id else self.node.unit_label


def performance_tree(*, period, year: int) -> list[TreeNode]:
    """The period's Tujuan with everything below them. Three queries."""
    nodes = list(PlanNode.objects.filter(period=period).select_related("unit").order_by("code_key"))
    by_indicator: dict[int, list[tuple[str, str]]] = {}
    for indicator in plan_indicators(period=period, year=year):
        target = indicator.year_targets[0] if indicator.year_targets else None
        by_indicator.setdefault(indicator.node_id, []).append(
            (indicator.name, (target.text if target else "") or "-")
        )
    items = {node.pk: TreeNode(node, by_indicator.get(node.pk, [])) for node in nodes}
    roots = []
    for node in nodes:
        if node.parent_id is None:
            roots.append(items[node.pk])
        elif node.parent_id in items:
            items[node.parent_id].children.append(items[node.pk])
    return roots


def _walk(items: list[TreeNode]):
    for item in items:
        yield item
        yield from _walk(item.children)


def tree_table(roots: list[TreeNode], year: int) -> Table:
    """The pohon kinerja as rows for the workbook: each node, its indicators and targets."""
    columns = (
        Column("level", (_("Tingkat"),), "(1)", 12),
        Column("code", (_("Kode"),), "(2)", 16, Format.CODE),
        Column("name", (_("Uraian"),), "(3)", 50),
        Column("indicator", (_("Indikator"),), "(4)", 44),
        Column("target", (_("Target %(year)s") % {"year": year},), "(5)", 12),
        Column("unit", (_("Penanggung Jawab"),), "(6)", 22),
    )
    styles = {Level.TUJUAN: "heading", Level.SASARAN: "heading", Level.PROGRAM: "program"}
    styles[Level.KEGIATAN] = "kegiatan"
    lines = []
    for item in _walk(roots):
        node = item.node
        indicators = item.indicators or [("", "")]
        for index, (name, target) in enumerate(indicators):
            values = {"indicator": name, "target": target}
            if index == 0:
                values |= {
                    "level": node.get_level_display(),
                    "code": node.code,
                    "name": node.name,
                    "unit": item.unit,
                }
            lines.append(Line(values=values, style=styles.get(node.level, "")))
    return Table(title=_("Pohon Kinerja"), columns=columns, lines=lines)


def write_tree_pdf(document, paper: TreePaper = TreePaper.A3) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "performance/tree_pdf.html",
        {
            "document": document,
            "roots": document.tree,
            "page_size": PAGE_SIZES[paper],
            "font_size": f"{FONT_POINTS[paper]}pt",
            "columns": COLUMNS[paper],
        },
    )
    return HTML(string=html).write_pdf()
