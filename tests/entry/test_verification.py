"""Verification: four eyes read from the history, reopening verified values, clearing drafts,
stale writes refused, one audit row per transition, and the verification page a head judges on."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from budgeting.models import BudgetRealisation
from budgeting.services import save_budget_realisation
from cascading import workflow
from cascading.choices import Level, Status, ValueKind
from cascading.models import Indicator, PlanNode, Realisation
from cascading.services import save_realisation
from renstra.imports.services import verify_loaded
from renstra.models import Role
from tests.dashboard.conftest import member

pytestmark = pytest.mark.django_db

VERIFY = reverse("entry:verify", args=[2024, 1])


def enter(office, user, value="10", expected_version=None, note=""):
    return save_realisation(
        user=user,
        indicator=office.indicator,
        year=2024,
        quarter=1,
        value=value,
        note=note,
        expected_version=expected_version,
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def history_count(record) -> int:
    return type(record).history.filter(id=record.pk).count()


# --- four eyes --------------------------------------------------------------------------------


def test_an_administrator_who_changed_the_value_cannot_verify_it_after_a_note_only_save(office):
    operator, admin, head = (office.users[name] for name in ("operator_a", "admin", "head"))
    record = enter(office, operator, "10")
    record = enter(office, admin, "12", expected_version=record.version)
    # The operator only adds a note: created_by and updated_by no longer name the administrator.
    record = enter(office, operator, "12", expected_version=record.version, note="Sesuai SK")
    assert admin.pk not in {record.created_by_id, record.updated_by_id}
    workflow.submit(user=operator, records=[record])
    with pytest.raises(PermissionDenied, match="sendiri"):
        workflow.verify(user=admin, records=[record])
    assert Realisation.objects.get().status == Status.SUBMITTED
    assert workflow.verify(user=head, records=[record]) == 1
    assert Realisation.objects.get().status == Status.VERIFIED


def test_the_page_names_who_typed_the_value_not_who_submitted_it(office):
    operator, planner = office.users["operator_a"], office.users["planner"]
    record = enter(office, operator, "10")
    workflow.submit(user=planner, records=[record])
    authors = workflow.authorship([record])[Realisation, record.pk]
    assert authors.editors == {operator.pk}
    assert authors.entered_by == "operator-a"
    assert authors.entered_at == record.history.earliest("history_id").history_date


def test_a_value_changed_and_changed_back_still_counts_its_changer(office):
    operator, admin, head = (office.users[name] for name in ("operator_a", "admin", "head"))
    record = enter(office, operator, "10")
    record = enter(office, admin, "11", expected_version=record.version)
    record = enter(office, operator, "10", expected_version=record.version)
    workflow.submit(user=operator, records=[record])
    with pytest.raises(PermissionDenied, match="sendiri"):
        workflow.verify(user=admin, records=[record])
    workflow.verify(user=head, records=[record])


def test_verify_all_skips_values_the_head_changed_and_says_so(office):
    operator, admin = office.users["operator_a"], office.users["admin"]
    record = enter(office, operator, "10")
    record = enter(office, admin, "12", expected_version=record.version)
    record = enter(office, operator, "12", expected_version=record.version, note="catatan")
    workflow.submit(user=operator, records=[record])
    response = client_for(admin).post(VERIFY, {"action": "verify-all"}, follow=True)
    assert "1 realisasi yang Anda isi atau ubah sendiri dilewati" in response.content.decode()
    assert Realisation.objects.get().status == Status.SUBMITTED


def test_the_import_verified_elsewhere_is_the_one_named_exception(office):
    admin = office.users["admin"]
    record = enter(office, admin, "10")
    workflow.submit(user=admin, records=[record])
    verify_loaded(user=admin, records=[record], reason="Diverifikasi di luar aplikasi: a.xlsx")
    entry = record.history.order_by("-history_id").first()
    assert entry.status == Status.VERIFIED and entry.history_user == admin
    assert entry.history_change_reason == "Diverifikasi di luar aplikasi: a.xlsx"


# --- stale writes and audit rows --------------------------------------------------------------


def test_submit_of_a_stale_record_keeps_the_newer_value_and_version(office):
    operator, planner = office.users["operator_a"], office.users["planner"]
    loaded = enter(office, operator, "10")
    saved = enter(office, planner, "11", expected_version=loaded.version)
    with pytest.raises(workflow.EditConflict, match="perencana") as conflict:
        workflow.submit(user=operator, records=[loaded])
    assert "Nilai saat ini: 11 (" in str(conflict.value)
    current = Realisation.objects.get()
    assert (current.value, current.version, current.status) == (
        Decimal("11"),
        saved.version,
        Status.DRAFT,
    )


def test_a_stale_verify_or_return_is_refused(office):
    operator, head, admin = (office.users[name] for name in ("operator_a", "head", "admin"))
    record = enter(office, operator)
    workflow.submit(user=operator, records=[record])
    seen_by_admin = Realisation.objects.get()
    workflow.send_back(user=head, record=record, comment="Lampirkan bukti")
    with pytest.raises(workflow.EditConflict, match="kadis"):
        workflow.verify(user=admin, records=[seen_by_admin])
    with pytest.raises(workflow.EditConflict):
        workflow.send_back(user=admin, record=seen_by_admin, comment="Lain")
    current = Realisation.objects.get()
    assert current.status == Status.RETURNED and current.return_comment == "Lampirkan bukti"


def test_every_transition_writes_exactly_one_audit_row(office):
    operator, head = office.users["operator_a"], office.users["head"]
    record = enter(office, operator)
    steps = [
        lambda: workflow.submit(user=operator, records=[record]),
        lambda: workflow.send_back(user=head, record=record, comment="Salah"),
        lambda: workflow.submit(user=operator, records=[record]),
        lambda: workflow.verify(user=head, records=[record]),
        lambda: workflow.reopen(user=head, record=record, reason="Salah satuan"),
    ]
    for step in steps:
        before = history_count(record)
        step()
        assert history_count(record) == before + 1
    versions = list(record.history.order_by("history_id").values_list("version", flat=True))
    assert versions == sorted(versions) and len(set(versions)) == len(versions)


# --- reopen -----------------------------------------------------------------------------------


def verified(office):
    operator, head = office.users["operator_a"], office.users["head"]
    record = enter(office, operator)
    workflow.submit(user=operator, records=[record])
    workflow.verify(user=head, records=[record])
    return record


def test_a_head_reopens_a_verified_value_with_a_reason(office):
    record = verified(office)
    workflow.reopen(user=office.users["head"], record=record, reason="Satuan salah")
    current = Realisation.objects.get()
    assert current.status == Status.RETURNED and current.return_comment == "Satuan salah"
    assert current.verified_by is None and current.verified_at is None
    entry = current.history.order_by("-history_id").first()
    assert entry.history_user == office.users["head"]
    assert entry.history_change_reason == "Dibuka kembali: Satuan salah"
    # The unit corrects it as any returned value.
    enter(office, office.users["operator_a"], "9", expected_version=current.version)
    assert Realisation.objects.get().status == Status.DRAFT


@pytest.mark.parametrize("role", ["operator_a", "planner", "reviewer", "head_b"])
def test_only_heads_of_the_unit_and_administrators_reopen(office, role):
    record = verified(office)
    with pytest.raises(PermissionDenied):
        workflow.reopen(user=office.users[role], record=record, reason="x")
    assert Realisation.objects.get().status == Status.VERIFIED


def test_reopen_needs_a_reason_and_a_verified_value(office):
    record = verified(office)
    with pytest.raises(ValidationError):
        workflow.reopen(user=office.users["admin"], record=record, reason="  ")
    draft = save_budget_realisation(
        user=office.users["operator_a"], node=office.sub, year=2024, quarter=1, amount="100"
    )
    with pytest.raises(PermissionDenied, match="terverifikasi"):
        workflow.reopen(user=office.users["admin"], record=draft, reason="x")


# --- clear ------------------------------------------------------------------------------------


def test_a_draft_is_cleared_and_the_audit_keeps_it(office):
    record = enter(office, office.users["operator_a"], "10")
    pk = record.pk
    workflow.clear(user=office.users["planner"], record=record, expected_version=record.version)
    assert not Realisation.objects.exists()
    entry = Realisation.history.filter(id=pk).order_by("-history_id").first()
    assert entry.history_type == "-" and entry.history_user == office.users["planner"]
    assert entry.value == Decimal("10") and entry.history_change_reason == "Dikosongkan"


def test_only_drafts_are_cleared_by_those_who_enter_them(office):
    record = enter(office, office.users["operator_a"], "10")
    for role in ("operator_b", "head", "reviewer"):
        with pytest.raises(PermissionDenied):
            workflow.clear(user=office.users[role], record=record)
    with pytest.raises(workflow.EditConflict):
        workflow.clear(user=office.users["planner"], record=record, expected_version=0)
    workflow.submit(user=office.users["operator_a"], records=[record])
    with pytest.raises(PermissionDenied, match="Hanya draf"):
        workflow.clear(user=office.users["planner"], record=record)
    assert Realisation.objects.get().status == Status.SUBMITTED


def test_the_clear_button_empties_the_row(office):
    record = enter(office, office.users["operator_a"], "10")
    key = f"i{office.indicator.pk}"
    client = client_for(office.users["operator_a"])
    sheet = client.get(reverse("entry:sheet", args=[2024, 1])).content.decode()
    assert "Kosongkan" in sheet
    url = reverse("entry:clear-row", args=[2024, 1, key])
    html = client.post(url, {f"version-{key}": record.version}).content.decode()
    assert not Realisation.objects.exists()
    assert f'name="value-{key}"' in html and 'value=""' in html and "Kosongkan" not in html
    # Clearing again says so instead of failing.
    html = client.post(url, {f"version-{key}": record.version}).content.decode()
    assert "sudah dikosongkan" in html


def test_the_clear_button_is_refused_to_a_reviewer(office):
    enter(office, office.users["operator_a"], "10")
    key = f"i{office.indicator.pk}"
    response = client_for(office.users["reviewer"]).post(
        reverse("entry:clear-row", args=[2024, 1, key]), {f"version-{key}": "1"}
    )
    assert response.status_code == 403
    assert Realisation.objects.exists()


# --- the verification page --------------------------------------------------------------------


def submitted_values(office):
    operator = office.users["operator_a"]
    earlier = save_realisation(
        user=operator, indicator=office.indicator, year=2024, quarter=1, value="8"
    )
    evidence = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    record = save_realisation(
        user=operator,
        indicator=office.indicator,
        year=2024,
        quarter=2,
        value="12",
        note="Data dinas",
        evidence=evidence,
    )
    budget = save_budget_realisation(
        user=operator, node=office.sub, year=2024, quarter=2, amount="250.000"
    )
    workflow.submit(user=operator, records=[earlier, record, budget])
    workflow.verify(user=office.users["head"], records=[earlier])
    return record, budget


def test_the_page_shows_what_a_head_needs_to_judge_a_value(office):
    record, budget = submitted_values(office)
    page = client_for(office.users["head"]).get(reverse("entry:verify", args=[2024, 2]))
    html = page.content.decode()
    assert office.indicator.name in html and "Orang" in html  # name and satuan
    assert "40" in html  # target (text of the factory's target)
    assert "1: 8" in html and "2: 12" in html  # this and earlier quarters
    assert "50,00 %" in html  # capaian: (8 + 12) / 40
    assert "Data dinas" in html and reverse("entry:evidence", args=[record.pk]) in html
    assert "operator-a" in html
    assert "Rp 1.000.000,00" in html and "25,00 %" in html  # pagu and serapan


def test_success_messages_name_the_indicator(office):
    record, _budget = submitted_values(office)
    response = client_for(office.users["head"]).post(
        reverse("entry:verify", args=[2024, 2]),
        {"action": "verify", "kind": "indikator", "pk": record.pk, "version": record.version},
        follow=True,
    )
    assert f"{office.indicator.name} (2024 TW 2) terverifikasi." in response.content.decode()


def test_return_without_a_reason_is_refused_at_the_row(office):
    record, _budget = submitted_values(office)
    response = client_for(office.users["head"]).post(
        reverse("entry:verify", args=[2024, 2]),
        {"action": "return", "kind": "indikator", "pk": record.pk, "comment": "   "},
    )
    assert response.status_code == 422
    html = response.content.decode()
    row = html[html.index(f'id="verify-indikator-{record.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Tuliskan alasan pengembalian." in row
    assert Realisation.objects.get(pk=record.pk).status == Status.SUBMITTED


def test_a_stale_page_cannot_verify_a_value_changed_since(office):
    record, _budget = submitted_values(office)
    head = client_for(office.users["head"])
    shown_version = record.version
    workflow.send_back(user=office.users["admin"], record=record, comment="Cek lagi")
    workflow.submit(user=office.users["operator_a"], records=[record])
    response = head.post(
        reverse("entry:verify", args=[2024, 2]),
        {"action": "verify", "kind": "indikator", "pk": record.pk, "version": shown_version},
        follow=True,
    )
    assert "sudah diubah oleh operator-a" in response.content.decode()
    assert Realisation.objects.get(pk=record.pk).status == Status.SUBMITTED


def test_a_head_reopens_from_the_page(office):
    record = verified(office)
    response = client_for(office.users["head"]).post(
        VERIFY,
        {"action": "reopen", "kind": "indikator", "pk": record.pk, "reason": "Salah satuan"},
        follow=True,
    )
    assert "dibuka kembali dan dikembalikan ke unitnya" in response.content.decode()
    current = Realisation.objects.get()
    assert current.status == Status.RETURNED and current.return_comment == "Salah satuan"


def _submit(organisation, planner, rows: slice) -> None:
    """Submit the indicator values and sub kegiatan budget rows in `rows`, of every unit."""
    in_unit = {"period__organisation": organisation, "period__start_year": 2024}
    indicators = Indicator.objects.filter(
        **{f"node__{name}": value for name, value in in_unit.items()},
        value_kind=ValueKind.NUMBER,
    ).order_by("node__code_key", "order")[rows]
    nodes = PlanNode.objects.filter(**in_unit, level=Level.SUB_KEGIATAN).order_by("code_key")[rows]
    records = [
        save_realisation(user=planner, indicator=indicator, year=2024, quarter=1, value="5")
        for indicator in indicators
    ]
    records += [
        save_budget_realisation(user=planner, node=node, year=2024, quarter=1, amount="1.000")
        for node in nodes
    ]
    workflow.submit(user=planner, records=records)


def submitted_count() -> int:
    return (
        Realisation.objects.filter(status=Status.SUBMITTED).count()
        + BudgetRealisation.objects.filter(status=Status.SUBMITTED).count()
    )


def test_the_page_query_count_does_not_depend_on_the_rows(
    seeded_plan, django_assert_max_num_queries
):
    organisation = seeded_plan
    planner = member("perencana-uji", Role.PLANNER, organisation)
    head = client_for(member("kadis-uji", Role.HEAD, organisation))
    counts = []
    for rows in (slice(0, 1), slice(1, 31)):
        _submit(organisation, planner, rows)
        with django_assert_max_num_queries(25) as captured:
            html = head.get(VERIFY).content.decode()
        counts.append(len(captured))
        assert html.count('name="comment"') == submitted_count()
    assert counts[0] == counts[1]
    assert submitted_count() > 40
