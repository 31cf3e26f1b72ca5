"""Budget versions and realisation imported from SIPD-RI/SIMDA files, for the seeded plan."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from budgeting.imports import SHIPPED_PROFILES, check_file, parse_columns
from budgeting.models import BudgetLine, BudgetRealisation, BudgetVersion, RealisationAccount
from budgeting.selectors import current_budget, quarter_end
from cascading.choices import Level, Status
from cascading.models import PlanNode
from cascading.selectors import plan_tree
from renstra.entry.selectors import ALL_STATUSES
from renstra.imports.workbook import ImportFileError
from renstra.models import PeriodLock
from tests.numbers.generate import generate_plan

from .conftest import (
    SIPD_HEADERS,
    SIPD_REALISATION_HEADERS,
    account_rows,
    as_csv,
    day,
    dpa_amount,
    sipd_code,
    sub_kegiatan,
    xlsx,
)

pytestmark = pytest.mark.django_db

DPA_LABEL = "DPA 2025, berlaku 01-01-2025"


def realisation_file(nodes, spent_of, *, only=None):
    chosen = nodes if only is None else [nodes[i] for i in only]
    indexes = list(range(len(nodes))) if only is None else list(only)
    return xlsx(
        SIPD_REALISATION_HEADERS,
        account_rows(
            chosen,
            lambda i: dpa_amount(indexes[i]),
            realised_of=lambda i: spent_of(indexes[i]),
        ),
    )


def quarters(node):
    return {
        record.quarter: record.amount
        for record in BudgetRealisation.objects.filter(node=node, year=2025)
    }


def snapshot():
    return (
        sorted(BudgetRealisation.objects.values_list("node_id", "quarter", "amount", "version")),
        BudgetRealisation.history.count(),
        RealisationAccount.objects.count(),
        sorted(BudgetLine.objects.values_list("version_id", "node_id", "account", "amount")),
        BudgetVersion.objects.count(),
    )


# --- budget versions ---------------------------------------------------------------------------


def test_sipd_four_digit_codes_match_the_seed():
    assert sipd_code("1.06.01.2.01.01") == "1.06.01.2.01.0001"


def test_dpa_sums_per_sub_kegiatan_kegiatan_and_program(seeded_plan, nodes, dpa_2025):
    assert len(nodes) == 51
    version = BudgetVersion.objects.get(organisation=seeded_plan, year=2025, kind="dpa")
    assert version.label == DPA_LABEL
    assert version.lines.count() == 51 * 3
    expected = {node.pk: dpa_amount(index) for index, node in enumerate(nodes)}
    assert dpa_2025.sums() == expected
    tree = plan_tree(period=nodes[0].period, year=2025)
    for node_id, amount in expected.items():
        assert tree.nodes[node_id].pagu == amount
    # Kegiatan and programs: the sums of the sub kegiatan below them.
    for figures in tree.walk():
        if figures.node.level in (Level.KEGIATAN, Level.PROGRAM):
            leaves = PlanNode.objects.filter(
                level=Level.SUB_KEGIATAN, code_key__startswith=figures.node.code_key + "."
            ).filter(period=figures.node.period)
            assert figures.pagu == sum(expected[leaf.pk] for leaf in leaves)
    # 51 sub kegiatan of 10.000.000 + i x 1.000.000: 510.000.000 + 1.275.000.000.
    assert tree.pagu == Decimal("1785000000.00")
    assert tree.budget_versions == (DPA_LABEL,)


def test_without_dpa_the_renstra_figure_is_used_and_named(seeded_plan, nodes):
    tree = plan_tree(period=nodes[0].period, year=2025)
    assert tree.budget_versions == ("Renstra 2025 (pagu indikatif)",)
    # Sub kegiatan 1.06.01.2.01.01: Rp 20.369.417,00 per year in Tabel 6.1 of the seed.
    first = next(node for node in nodes if node.code == "1.06.01.2.01.01")
    budget = current_budget(node=first, year=2025, as_of=quarter_end(2025, 2))
    assert budget.amount == Decimal("20369417.00")
    assert budget.label == "Renstra 2025 (pagu indikatif)"


def test_renja_comes_before_the_renstra_and_the_dpa_before_the_renja(nodes, load):
    first = nodes[0]
    rows = [[sipd_code(first.code), first.name, "", "", Decimal("15000000.00")]]
    assert load("renja", xlsx(SIPD_HEADERS, rows)).ok
    budget = current_budget(node=first, year=2025, as_of=quarter_end(2025, 1))
    assert (budget.amount, budget.kind) == (Decimal("15000000.00"), "renja")
    rows[0][4] = Decimal("14000000.00")
    assert load("dpa", xlsx(SIPD_HEADERS, rows), as_of=day("2025-01-02")).ok
    budget = current_budget(node=first, year=2025, as_of=quarter_end(2025, 1))
    assert (budget.amount, budget.label) == (Decimal("14000000.00"), "DPA 2025, berlaku 02-01-2025")
    # Other sub kegiatan keep their Renstra figure, and the tree names both versions.
    tree = plan_tree(period=first.period, year=2025)
    assert tree.budget_versions == ("DPA 2025, berlaku 02-01-2025", "Renstra 2025 (pagu indikatif)")


def test_serapan_against_the_dpa_then_the_dppa_from_its_date(nodes, load, dpa_2025):
    first = nodes[0]  # DPA Rp 10.000.000
    spent = realisation_file(nodes, lambda i: Decimal("4000000.00"), only=[0])
    assert load("realisasi", spent, as_of=day("2025-06-30")).ok
    dppa = [[sipd_code(first.code), first.name, "5.1.02.01.01.0024", "ATK", Decimal("8000000")]]
    assert load("dppa", xlsx(SIPD_HEADERS, dppa), as_of=day("2025-09-15")).ok
    period = first.period
    q2 = plan_tree(period=period, year=2025, quarter=2, statuses=ALL_STATUSES)
    q3 = plan_tree(period=period, year=2025, quarter=3, statuses=ALL_STATUSES)
    # Q2: 4.000.000 / 10.000.000 = 40 %; Q3 (DPPA of 15-09-2025): 4.000.000 / 8.000.000 = 50 %.
    assert q2.nodes[first.pk].pagu == Decimal("10000000.00")
    assert q2.nodes[first.pk].serapan == Decimal("40.00")
    assert q3.nodes[first.pk].pagu == Decimal("8000000.00")
    assert q3.nodes[first.pk].serapan == Decimal("50.00")
    assert q3.nodes[first.pk].budget_versions == ("DPPA 2025, berlaku 15-09-2025",)
    assert "DPPA 2025, berlaku 15-09-2025" in q3.budget_versions
    assert q2.budget_versions == (DPA_LABEL,)


# --- realisation "s.d. tanggal" ----------------------------------------------------------------


def test_cumulative_to_date_across_quarters(nodes, load, dpa_2025):
    node = nodes[2]  # DPA Rp 12.000.000

    def file(amount):
        return realisation_file(nodes, lambda i: Decimal(amount), only=[2])

    assert load("realisasi", file("1000000"), as_of=day("2025-03-31")).ok
    assert quarters(node) == {1: Decimal("1000000.00")}
    # Dated inside Q2: Q2 gets the difference from Q1.
    assert load("realisasi", file("2500000"), as_of=day("2025-05-15")).ok
    assert quarters(node) == {1: Decimal("1000000.00"), 2: Decimal("1500000.00")}
    # A later file inside the same quarter updates that quarter.
    assert load("realisasi", file("3000000"), as_of=day("2025-06-30")).ok
    assert quarters(node) == {1: Decimal("1000000.00"), 2: Decimal("2000000.00")}
    # Q4 after an empty Q3: Q4 gets everything above Q1 + Q2.
    assert load("realisasi", file("7000000"), as_of=day("2025-12-31")).ok
    assert quarters(node) == {
        1: Decimal("1000000.00"),
        2: Decimal("2000000.00"),
        4: Decimal("4000000.00"),
    }
    record = BudgetRealisation.objects.get(node=node, year=2025, quarter=2)
    assert record.source == "berkas.xlsx s.d. 30-06-2025"
    assert record.status == Status.DRAFT
    assert record.version == 2
    history = record.history.order_by("history_id")
    assert [entry.amount for entry in history] == [Decimal("1500000.00"), Decimal("2000000.00")]
    assert history.last().history_change_reason == "berkas.xlsx s.d. 30-06-2025"
    # Account rows kept as of each date; their sum is the cumulative figure.
    accounts = RealisationAccount.objects.filter(node=node, as_of=day("2025-06-30"))
    assert accounts.count() == 3
    assert sum(a.amount for a in accounts) == Decimal("3000000.00")


def test_an_earlier_quarter_file_never_shifts_the_later_quarters(nodes, load, dpa_2025):
    """Q1 and Q2 recorded from files; a corrected file to 31-03 would change Q1 under Q2 (whose
    figure was measured from Q1): refused, naming the row and both quarters, nothing written.
    The same figure again is no change and passes."""
    node = nodes[2]

    def file(amount):
        return realisation_file(nodes, lambda i: Decimal(amount), only=[2])

    assert load("realisasi", file("1000000"), as_of=day("2025-03-31")).ok
    assert load("realisasi", file("2500000"), as_of=day("2025-06-30")).ok
    before = quarters(node)
    plan = load("realisasi", file("1200000"), as_of=day("2025-03-31"))
    assert not plan.ok
    assert [error.row for error in plan.errors] == [2]
    message = plan.errors[0].message
    assert node.code in message
    assert "realisasi triwulan 2 sudah tercatat" in message and "31-03-2025" in message
    assert quarters(node) == before
    assert not RealisationAccount.objects.filter(node=node, amount=Decimal("300000.00")).exists()
    assert load("realisasi", file("1000000"), as_of=day("2025-03-31")).ok
    assert quarters(node) == before


def test_all_sub_kegiatan_realisation_sums_roll_up(nodes, load, dpa_2025):
    spent = realisation_file(nodes, lambda i: dpa_amount(i) / 2)
    plan = load("realisasi", spent, as_of=day("2025-06-30"))
    assert plan.ok and plan.written == 51
    tree = plan_tree(period=nodes[0].period, year=2025, quarter=2, statuses=ALL_STATUSES)
    assert tree.realisasi_anggaran == Decimal("892500000.00")
    assert tree.serapan == Decimal("50.00")
    for figures in tree.walk():
        if figures.node.level == Level.PROGRAM:
            assert figures.serapan == Decimal("50.00")


# --- refusals: listed per row, nothing written ---------------------------------------------------


def refused(load, data, **options):
    before = snapshot()
    plan = load("realisasi", data, **options)
    assert not plan.ok
    assert snapshot() == before
    return [str(error) for error in plan.errors]


def test_unknown_code_is_refused_per_row(nodes, load, dpa_2025):
    rows = account_rows(nodes[:2], dpa_amount, realised_of=lambda i: Decimal("100"))
    rows[4][0] = "1.06.01.2.99.0099"
    errors = refused(load, xlsx(SIPD_REALISATION_HEADERS, rows), as_of=day("2025-03-31"))
    assert errors == [
        "baris 6: kode 1.06.01.2.99.0099 tidak dikenal sebagai sub kegiatan tahun 2025."
    ]


def test_another_offices_code_is_refused(seeded_plan, nodes, load, dpa_2025):
    other = generate_plan(scale=3, seed=5)
    own_keys = {node.code_key for node in nodes}
    foreign = next(
        node
        for node in PlanNode.objects.filter(period=other.period, level=Level.SUB_KEGIATAN)
        if node.code_key not in own_keys
    )
    rows = account_rows(nodes[:1], dpa_amount, realised_of=lambda i: Decimal("100"))
    rows.append([sipd_code(foreign.code), "lain", "5.1.02.01.01.0024", "x", 1, 1])
    errors = refused(load, xlsx(SIPD_REALISATION_HEADERS, rows), as_of=day("2025-03-31"))
    assert errors == [f"baris 5: kode {sipd_code(foreign.code)} milik perangkat daerah lain."]


def test_realisation_above_the_dpa_is_refused(nodes, load, dpa_2025):
    data = realisation_file(nodes, lambda i: dpa_amount(i) + 1, only=[0, 1])
    errors = refused(load, data, as_of=day("2025-06-30"))
    assert len(errors) == 2
    assert errors[0] == (
        f"baris 2: {nodes[0].code}: realisasi s.d. 30-06-2025 Rp 10000001,00 melebihi pagu "
        f"{DPA_LABEL} Rp 10000000,00."
    )


def test_date_outside_the_year_is_refused(nodes, load, dpa_2025):
    data = realisation_file(nodes, lambda i: Decimal("100"), only=[0])
    errors = refused(load, data, as_of=day("2024-12-31"))
    assert errors[0] == "Tanggal 31-12-2024 di luar tahun 2025."


def test_cumulative_below_earlier_quarters_is_refused(nodes, load, dpa_2025):
    assert load(
        "realisasi",
        realisation_file(nodes, lambda i: Decimal("5000"), only=[0]),
        as_of=day("2025-03-31"),
    ).ok
    errors = refused(
        load, realisation_file(nodes, lambda i: Decimal("4000"), only=[0]), as_of=day("2025-06-30")
    )
    assert "lebih kecil dari yang sudah tercatat" in errors[0]


def test_locked_quarter_and_verified_value_are_refused(seeded_plan, nodes, load, dpa_2025, planner):
    assert load(
        "realisasi",
        realisation_file(nodes, lambda i: Decimal("5000"), only=[0]),
        as_of=day("2025-03-31"),
    ).ok
    BudgetRealisation.objects.filter(node=nodes[0]).update(status=Status.VERIFIED)
    errors = refused(
        load, realisation_file(nodes, lambda i: Decimal("6000"), only=[0]), as_of=day("2025-03-31")
    )
    assert "berstatus 'Terverifikasi' tidak dapat ditimpa" in errors[0]
    PeriodLock.objects.create(organisation=seeded_plan, year=2025, quarter=2)
    errors = refused(
        load, realisation_file(nodes, lambda i: Decimal("6000"), only=[1]), as_of=day("2025-06-30")
    )
    assert errors[0].endswith("triwulan 2 tahun 2025 dikunci.")


def test_a_refused_row_stops_the_whole_file(nodes, load, dpa_2025):
    rows = account_rows(nodes, dpa_amount, realised_of=lambda i: Decimal("100"))
    rows[-1][5] = "-5"
    errors = refused(load, xlsx(SIPD_REALISATION_HEADERS, rows), as_of=day("2025-03-31"))
    assert errors == [
        f"baris {len(rows) + 1}, kolom Realisasi: '-5': nilai rupiah tidak boleh negatif."
    ]
    assert not BudgetRealisation.objects.exists()


# --- Renja: pagu indikatif and prakiraan maju --------------------------------------------------


def test_renja_2026_prakiraan_maju(seeded_plan, nodes, load):
    from renstra.reports.selectors import renja_table

    period = nodes[0].period
    before = renja_table(organisation=seeded_plan, period=period, year=2026)
    assert before.next_pagu is None  # 2027 lies past the Renstra: no figure, not Rp 0
    rows = [
        [sipd_code(node.code), node.name, Decimal(1000000 * (i + 1)), Decimal(1100000 * (i + 1))]
        for i, node in enumerate(nodes)
    ]
    data = xlsx(["Kode", "Nama", "Pagu Indikatif", "Prakiraan Maju"], rows)
    plan = load(
        "renja",
        data,
        year=2026,
        columns=parse_columns("kode=Kode,anggaran=Pagu Indikatif,prakiraan=Prakiraan Maju"),
    )
    assert plan.ok, plan.errors
    table = renja_table(organisation=seeded_plan, period=period, year=2026)
    # sum 1..51 = 1326: 1.326.000.000 and 1.458.600.000.
    assert table.pagu == Decimal("1326000000.00")
    assert table.next_pagu == Decimal("1458600000.00")
    assert table.budget_versions == ("Renja (pagu indikatif) 2026, berlaku 01-01-2026",)
    line = next(line for line in table.lines if line.node == nodes[1] and line.pagu is not None)
    assert (line.pagu, line.next_pagu) == (Decimal("2000000.00"), Decimal("2200000.00"))


# --- files: csv, mapping, profiles, hostile input -----------------------------------------------


def test_csv_with_simda_profile_and_semicolons(nodes, load, dpa_2025):
    headers = ["Kd_Sub_Keg", "Kd_Rek", "Nm_Rek", "Anggaran", "Realisasi s.d. Tanggal"]
    rows = [
        [
            sipd_code(nodes[0].code),
            "5.1.02.01.01.0024",
            "ATK",
            Decimal("10000000.00"),
            Decimal("1234567.89"),
        ]
    ]
    plan = load(
        "realisasi",
        as_csv(headers, rows),
        file_name="lra.csv",
        as_of=day("2025-03-31"),
        columns=SHIPPED_PROFILES["simda-lra"]["columns"],
    )
    assert plan.ok, plan.errors
    assert quarters(nodes[0]) == {1: Decimal("1234567.89")}


def test_missing_column_names_the_headers(seeded_plan, planner):
    data = xlsx(["A", "B"], [["1", "2"]])
    plan = check_file(
        user=planner, organisation=seeded_plan, year=2025, kind="dpa", data=data, file_name="x.xlsx"
    )
    assert str(plan.errors[0]) == "Kolom tidak ditemukan: kode, anggaran. Judul kolom berkas: A, B."


@pytest.mark.parametrize(
    ("data", "file_name", "message"),
    [
        (b"PK\x03\x04not really a zip", "x.xlsx", "Excel"),
        (b"kode;realisasi\n\x00\x00", "x.csv", "bukan CSV"),
        (b"\xff\xfe\x00k", "x.csv", "bukan CSV"),
        ("kode;realisasi\n1;é".encode("latin-1"), "x.csv", "UTF-8"),
        (b"", "x.csv", "kosong"),
    ],
)
def test_hostile_files_are_refused_whole(seeded_plan, planner, data, file_name, message):
    with pytest.raises(ImportFileError) as refused_file:
        check_file(
            user=planner,
            organisation=seeded_plan,
            year=2025,
            kind="realisasi",
            data=data,
            file_name=file_name,
        )
    assert message in str(refused_file.value)


def test_hostile_cells_are_refused_per_row(nodes, load, dpa_2025):
    rows = [
        ['=HYPERLINK("http://x")', "x", "", "", 1, 1],
        ["1.06.01.2.01.0001" + "9" * 200, "x", "", "", 1, 1],
        [sipd_code(nodes[0].code), "x", "", "", 1, "1e400"],
        [sipd_code(nodes[0].code), "x", "", "", 1, "12,345"],
    ]
    errors = refused(
        load,
        as_csv(SIPD_REALISATION_HEADERS, rows, delimiter=","),
        file_name="x.csv",
        as_of=day("2025-03-31"),
    )
    assert errors == [
        "baris 2: kode '=HYPERLINK(\"http://x\")' tidak dikenal.",
        f"baris 3: kode {'1.06.01.2.01.0001' + '9' * 43} tidak dikenal sebagai sub kegiatan "
        "tahun 2025.",
        "baris 4, kolom Realisasi: '1e400' bukan nilai rupiah (contoh: 1.250.000,00).",
        "baris 5, kolom Realisasi: '12,345': rupiah paling banyak dua angka di belakang koma.",
    ]


def test_formula_cells_refuse_the_workbook(seeded_plan, planner):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(SIPD_REALISATION_HEADERS)
    sheet.append(["1.06.01.2.01.0001", "x", "", "", 1, "=1+1"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportFileError, match="rumus"):
        check_file(
            user=planner,
            organisation=seeded_plan,
            year=2025,
            kind="realisasi",
            data=buffer.getvalue(),
            file_name="x.xlsx",
        )


def test_parse_columns_refuses_unknown_fields():
    assert parse_columns("kode=Kode Sub, realisasi=Realisasi") == {
        "kode": "Kode Sub",
        "realisasi": "Realisasi",
    }
    with pytest.raises(ValueError, match="tidak dikenal"):
        parse_columns("harga=Harga")


# --- the command --------------------------------------------------------------------------------


def test_command_imports_and_dry_runs(tmp_path, seeded_plan, nodes, capsys):
    path = tmp_path / "dpa.xlsx"
    path.write_bytes(xlsx(SIPD_HEADERS, account_rows(nodes, dpa_amount)))
    common = ["import_budget", str(path), "--office", seeded_plan.code, "--year", "2025"]
    real = tmp_path / "real.csv"
    realisation = ["import_budget", str(real), "--office", seeded_plan.code, "--year", "2025"]
    call_command(*common, "--kind", "dpa", "--dry-run")
    assert not BudgetVersion.objects.exists()
    assert "Pratinjau saja" in capsys.readouterr().out
    call_command(*common, "--kind", "dpa")
    assert BudgetLine.objects.count() == 153
    real.write_bytes(as_csv(["KODE", "REAL"], [[sipd_code(nodes[0].code), "20000000"]]))
    with pytest.raises(CommandError, match="1 penolakan"):
        call_command(
            *realisation,
            "--kind",
            "realisasi",
            "--as-of",
            "2025-03-31",
            "--columns",
            "kode=KODE,realisasi=REAL",
        )
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command(*realisation, "--kind", "realisasi", "--as-of", "31/03/2025")
    real.write_bytes(as_csv(["KODE", "REAL"], [[sipd_code(nodes[0].code), "2000000"]]))
    capsys.readouterr()
    call_command(
        *realisation,
        "--kind",
        "realisasi",
        "--as-of",
        "2025-03-31",
        "--columns",
        "kode=KODE,realisasi=REAL",
    )
    assert quarters(nodes[0]) == {1: Decimal("2000000.00")}


# --- bulk: the query count does not grow with the rows ------------------------------------------


def test_query_count_does_not_depend_on_row_count(
    seeded_plan, nodes, load, dpa_2025, django_assert_max_num_queries
):
    def count(only, as_of):
        data = realisation_file(nodes, lambda i: Decimal("1000"), only=only)
        with django_assert_max_num_queries(100) as captured:
            plan = load("realisasi", data, as_of=day(as_of))
        assert plan.ok, plan.errors
        return len(captured)

    count([3], "2025-03-31")  # warm up: the importer's role is read once per user
    small = count([0, 1], "2025-03-31")
    large = count(list(range(51)), "2025-06-30")
    assert small == large


def test_large_generated_plan_same_query_count(django_assert_max_num_queries, planner):
    from budgeting.imports import import_file

    counts = []
    for scale, seed in ((1, 11), (8, 12)):
        plan = generate_plan(scale=scale, seed=seed)
        leaves = sub_kegiatan(plan.period.organisation)
        # The generated plan comes with verified spending; this file starts the year afresh.
        BudgetRealisation.objects.filter(node__period=plan.period, year=2025).delete()
        data = xlsx(
            SIPD_REALISATION_HEADERS,
            account_rows(leaves, dpa_amount, realised_of=lambda i: Decimal("10")),
        )
        with django_assert_max_num_queries(100) as captured:
            result = import_file(
                user=None,
                organisation=plan.period.organisation,
                year=2025,
                kind="realisasi",
                data=data,
                file_name="f.xlsx",
                as_of=day("2025-03-31"),
            )
        assert result.ok, result.errors
        assert result.written == len(leaves)
        counts.append(len(captured))
    assert counts[0] == counts[1]
