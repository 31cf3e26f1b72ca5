"""The header grid and line cells every writer renders, on a small layout."""

from decimal import Decimal

from renstra.reports.document import Column, Format, Line, Table, display, excel_format

COLUMNS = (
    Column("code", ("Kode",), "(1)", 10, Format.CODE),
    Column("name", ("Nama",), "(2)", 20),
    Column("target_k", ("Target", "K"), "(3)", 8, Format.MEASURE),
    Column("target_rp", ("Target", "Rp"), "(3)", 16, Format.MONEY),
    Column("q1_k", ("Triwulan", "I", "K"), "(4)", 8, Format.MEASURE),
    Column("q1_rp", ("Triwulan", "I", "Rp"), "(4)", 16, Format.MONEY),
    Column("share", ("Capaian (%)",), "(5)", 8, Format.PERCENT),
)
TABLE = Table(title="Uji", columns=COLUMNS, lines=[])


def test_header_rows_merge_shared_labels_and_numbers():
    grid = [
        [(cell.text, cell.index, cell.rows, cell.columns) for cell in row]
        for row in TABLE.header_rows()
    ]
    assert grid == [
        [("Kode", 0, 3, 1), ("Nama", 1, 3, 1), ("Target", 2, 1, 2), ("Triwulan", 4, 1, 2),
         ("Capaian (%)", 6, 3, 1)],
        [("K", 2, 2, 1), ("Rp", 3, 2, 1), ("I", 4, 1, 2)],
        [("K", 4, 1, 1), ("Rp", 5, 1, 1)],
        [("(1)", 0, 1, 1), ("(2)", 1, 1, 1), ("(3)", 2, 1, 2), ("(4)", 4, 1, 2),
         ("(5)", 6, 1, 1)],
    ]  # fmt: skip


def test_cells_follow_spans_and_leave_missing_values_empty():
    line = Line(
        values={"code": "Jumlah", "target_rp": Decimal("1500.5"), "q1_k": None},
        spans=(("code", "target_k"),),
    )
    cells = TABLE.cells(line)
    assert [(cell.index, cell.columns, cell.text, cell.css_class) for cell in cells] == [
        (0, 3, "Jumlah", ""),  # a label across three columns is text, not a code or number
        (3, 1, "1.500,50", "num"),
        (4, 1, "-", "num"),  # no figure
        (5, 1, "", "num"),  # not applicable
        (6, 1, "", "num"),
    ]


def test_display_and_excel_formats():
    assert display(Decimal("21955"), Format.MEASURE) == "21.955"
    assert display(Decimal("3.5"), Format.MEASURE) == "3,5"
    assert display(Decimal("113.571428"), Format.PERCENT) == "113,57"
    assert display(Decimal("6879188261"), Format.MONEY) == "6.879.188.261,00"
    assert display(1250, Format.INTEGER) == "1.250"
    assert display("BB", Format.MEASURE) == "BB"
    assert display(None, Format.TEXT) == ""
    assert excel_format(Decimal("6879188261"), Format.MONEY) == "#,##0.00"
    assert excel_format(Decimal("113.57"), Format.PERCENT) == "#,##0.00"
    assert excel_format(Decimal("8"), Format.MEASURE) == "#,##0"
    assert excel_format(Decimal("3.5"), Format.MEASURE) == "#,##0.0###"
    assert excel_format("BB Indeks", Format.MEASURE) is None
