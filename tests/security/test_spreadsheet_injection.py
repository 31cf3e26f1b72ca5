"""Text a user typed never becomes a formula in a workbook the product writes.

Each formula form is planted in every user-editable text that reaches a workbook (office and
head-of-office name, unit, node and indicator names, the evaluasi Renja's narratives and
evaluator, an operator's realisation note); then every workbook is exported (the five reports,
the import template, the plan export and `manage.py export_plan`, the three admin exports) and
opened: no cell is a formula, neither for openpyxl nor in the sheet XML, each planted text reads
back unchanged and carries the quote prefix that keeps it text, and the product's own importer
takes its template and plan export back unchanged.
"""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cascading.choices import Status
from cascading.models import Realisation
from renstra.imports import plan as plan_import
from renstra.imports.preview import Action
from renstra.models import Membership, Role
from renstra.reports.choices import ReportKind
from renstra.reports.models import ReportNarrative
from renstra.spreadsheet import looks_like_formula, read_text
from tests.entry.conftest import office  # noqa: F401 - the fixture, shared
from tests.factories import UserFactory
from tests.reports.conftest import plan  # noqa: F401 - the fixture, shared

pytestmark = pytest.mark.django_db

FORMS = [
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\uff1d1+1",
    '=HYPERLINK("http://x","y")',
]
FORMULA_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


@pytest.fixture(autouse=True)
def _pending_dir(settings, tmp_path):
    settings.RENSTRA_IMPORT_DIR = tmp_path / "impor"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def plant(plan, form: str) -> dict[str, str]:  # noqa: F811 - `plan` is the fixture's value
    """Write `form` at the start of every user-editable text; returns field -> planted text."""
    texts = {name: f"{form} {name}" for name in PLANTED}
    organisation = plan.organisation
    organisation.name, organisation.head_name = texts["office"], texts["head"]
    organisation.save()
    plan.unit.name = texts["unit"]
    plan.unit.save()
    for node, name in ((plan.program, "program"), (plan.sub_1, "sub kegiatan")):
        node.name = texts[name]
        node.save()
    for indicator, name in ((plan.flow, "indikator"), (plan.count, "indikator sub")):
        indicator.name = texts[name]
        indicator.save()
    ReportNarrative.objects.create(
        organisation=organisation,
        year=2025,
        report=ReportKind.EVALUASI_RENJA,
        faktor_pendorong=texts["pendorong"],
        faktor_penghambat=texts["penghambat"],
        tindak_lanjut=texts["tindak lanjut"],
        evaluator_name=texts["evaluator"],
    )
    Realisation.objects.filter(indicator=plan.count, year=2025).update(note=texts["catatan"])
    # Still open for entry, so the quarter's import template carries them.
    Realisation.objects.filter(indicator__in=(plan.flow, plan.count), year=2025, quarter=3).update(
        status=Status.DRAFT
    )
    return texts


PLANTED = (
    "office",
    "head",
    "unit",
    "program",
    "sub kegiatan",
    "indikator",
    "indikator sub",
    "pendorong",
    "penghambat",
    "tindak lanjut",
    "evaluator",
    "catatan",
)
# Which planted texts each workbook prints.
EXPECTED = {
    "renstra": ("head", "program", "sub kegiatan", "indikator", "indikator sub"),
    "renja": ("head", "program", "sub kegiatan", "indikator", "indikator sub"),
    "evaluasi-renja": (
        "head",
        "program",
        "indikator",
        "pendorong",
        "penghambat",
        "tindak lanjut",
        "evaluator",
    ),
    "lkjip": ("head", "program", "indikator"),
    "spm": ("head",),
    "template": ("indikator", "indikator sub", "catatan"),
    "plan": ("program", "sub kegiatan", "indikator", "indikator sub", "unit"),
    "admin realisasi": ("indikator", "indikator sub", "catatan"),
    "admin rencana": ("program", "sub kegiatan", "indikator", "indikator sub", "unit"),
}


def opened_texts(content: bytes) -> list[str]:
    """Every text cell of a workbook, after asserting that no cell is a formula and that text a
    spreadsheet would read as a formula carries the quote prefix."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            assert not FORMULA_ELEMENT.search(archive.read(name)), name
    texts = []
    for worksheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in worksheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (worksheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    text = read_text(cell.value)
                    texts.append(text)
                    if looks_like_formula(text):
                        assert cell.quotePrefix, (worksheet.title, cell.coordinate, text)
    return texts


def assert_planted(content: bytes, texts: dict[str, str], which: str) -> None:
    cells = opened_texts(content)
    for name in EXPECTED[which]:
        assert any(texts[name] in cell for cell in cells), (which, name, texts[name])


REALISATION_FIELDS = ("kode", "indikator", "tahun", "triwulan", "realisasi", "catatan")
BUDGET_FIELDS = ("kode", "tahun", "triwulan", "realisasi_anggaran")


def exports(plan, tmp_path) -> dict[str, bytes]:  # noqa: F811
    """Every workbook the product writes for the planted office."""
    planner = UserFactory(username="perencana")
    Membership.objects.create(user=planner, role=Role.PLANNER, organisation=plan.organisation)
    client = client_of(planner)
    own = {"opd": plan.organisation.code}
    files = {}
    for kind in ReportKind.values:
        response = client.get(reverse("reports:download", args=[kind, 2025, "xlsx"]), own)
        assert response.status_code == 200, kind
        files[kind] = response.content
    template = client.get(reverse("imports:template"), {**own, "tahun": 2025, "tw": 3})
    files["template"] = template.content
    files["plan"] = client.get(reverse("imports:plan-export", args=[plan.period.pk]), own).content
    target = tmp_path / "rencana.xlsx"
    call_command(
        "export_plan",
        office=plan.organisation.code,
        period="2024-2026",
        output=target,
        stdout=io.StringIO(),
    )
    files["export_plan"] = target.read_bytes()
    root = client_of(UserFactory(username="root", is_staff=True, is_superuser=True))
    posts = {
        "admin realisasi": ("cascading_realisation", "realisationresource", REALISATION_FIELDS),
        "admin anggaran": (
            "budgeting_budgetrealisation",
            "budgetrealisationresource",
            BUDGET_FIELDS,
        ),
        "admin rencana": ("cascading_plannode", "", ()),
    }
    for which, (model, prefix, fields) in posts.items():
        chosen = {f"{prefix}_{name}": "on" for name in fields}
        response = root.post(reverse(f"admin:{model}_export"), {"format": "0", **chosen})
        assert response.status_code == 200, which
        files[which] = response.content
    return files


@pytest.mark.parametrize("form", FORMS, ids=repr)
def test_no_exported_workbook_holds_a_formula(plan, form, tmp_path):  # noqa: F811
    texts = plant(plan, form)
    files = exports(plan, tmp_path)
    for which, content in files.items():
        if which in EXPECTED:
            assert_planted(content, texts, which)
        else:
            opened_texts(content)
    assert_planted(files["export_plan"], texts, "plan")


# What a user can keep: the forms and the importer drop surrounding white space (a leading tab or
# carriage return); a line break inside a text is kept.
KEPT = [
    *dict.fromkeys(form.strip() for form in FORMS),
    "Baris satu\r\n=2+2",
    "_x000D_ tertulis apa adanya",
]


@pytest.mark.parametrize("form", KEPT, ids=repr)
def test_the_importer_takes_its_own_plan_export_back_unchanged(plan, form):  # noqa: F811
    plant(plan, form)
    planner = UserFactory(username="perencana")
    Membership.objects.create(user=planner, role=Role.PLANNER, organisation=plan.organisation)
    preview = plan_import.import_plan(
        user=planner,
        period=plan.period,
        data=plan_import.plan_workbook(plan.period),
        file_name="rencana.xlsx",
        commit=False,
    )
    assert preview.ok, [str(error) for error in preview.errors]
    assert preview.counts[Action.UNCHANGED] == len(preview.rows) > 0


@pytest.mark.parametrize("note", KEPT, ids=repr)
def test_the_importer_takes_its_own_template_back_unchanged(office, note):  # noqa: F811
    office.indicator.name = f"{note} indikator"
    office.indicator.save()
    realisation = Realisation.objects.create(
        indicator=office.indicator, year=2024, quarter=1, value=12, note=note, status=Status.DRAFT
    )
    operator = client_of(office.users["operator_a"])
    query = {"opd": office.organisation.code, "tahun": 2024, "tw": 1}
    template = operator.get(reverse("imports:template"), query)
    assert note in opened_texts(template.content)
    response = operator.post(
        f"{reverse('imports:upload-realisations')}?opd={office.organisation.code}",
        {"workbook": SimpleUploadedFile("realisasi.xlsx", template.content), "status": "draft"},
    )
    preview = response.context["preview"]
    assert preview.ok, [str(error) for error in preview.errors]
    (row,) = [row for row in preview.rows if row.label == office.indicator.name]
    assert row.action == Action.UNCHANGED, row.changes
    assert Realisation.objects.get(pk=realisation.pk).note == note
