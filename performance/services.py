"""Writes of the Perjanjian Kinerja: generate from the plan, edit a draft, finalise, revise.

Each is keyword-only and transactional, locks the agreement row it changes (select_for_update)
and checks the version the user loaded, so that of two parallel finalisations exactly one wins
and a save over a newer version is refused. Every row change is kept by django-simple-history.
"""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cascading.choices import ValueKind
from cascading.models import PlanNode
from cascading.services import parse_realisation
from renstra.models import Organisation, Role, Unit
from renstra.numbers import NumberFormatError, parse_decimal
from renstra.permissions import access_of
from renstra.scope import period_for

from .choices import AgreementStatus
from .models import Agreement, AgreementBudget, AgreementTarget
from .selectors import Signatory, parties_for, planned_agreement, sub_unit_choices

REFUSED_EDIT = gettext_lazy(
    "Hanya administrator atau perencana perangkat daerah ini yang boleh mengubah PK."
)
NO_TARGET = ("", "-")
NO_NODES = gettext_lazy("Pilih sedikitnya satu kegiatan atau sub kegiatan yang dilaksanakan.")


def can_edit_agreements(user, organisation_id: int) -> bool:
    """Make, edit, finalise and revise the office's PK: its administrators and planners."""
    access = access_of(user)
    if access.role not in (Role.ADMIN, Role.PLANNER):
        return False
    return access.city_wide or access.organisation_id == organisation_id


def _check_editor(user, organisation_id: int) -> None:
    if not can_edit_agreements(user, organisation_id):
        raise PermissionDenied(REFUSED_EDIT)


def _stamp(instance, user) -> None:
    instance._history_user = user


def _set_parties(agreement: Agreement, first: Signatory, second: Signatory) -> None:
    agreement.first_title, agreement.first_name = first.title, first.name
    agreement.first_rank, agreement.first_nip = first.rank, first.nip
    agreement.second_title, agreement.second_name = second.title, second.name
    agreement.second_rank, agreement.second_nip = second.rank, second.nip


class _Kind:
    """What `parse_realisation` reads of an indicator: its kind of value."""

    def __init__(self, value_kind: str):
        self.value_kind = value_kind


def parse_target(value_kind: str, text: str) -> tuple[Decimal | None, str]:
    """A target as typed, read as the entry sheet reads a realisation: (value, grade); blank or
    '-' is no target. Raises ValidationError on `value`."""
    raw = (text or "").strip()
    if raw in NO_TARGET:
        return None, ""
    return parse_realisation(_Kind(value_kind), raw)


def _without_satuan(text: str, satuan: str) -> str:
    """`8 Dokumen` read as `8` for an indicator counted in Dokumen."""
    if satuan and satuan != "%" and text.lower().endswith(satuan.lower()):
        return text[: -len(satuan)].strip()
    return text


def _target_rows(agreement: Agreement, planned) -> list[AgreementTarget]:
    rows = []
    for order, item in enumerate(planned.targets, start=1):
        target = item.target
        value = target.value if target else None
        grade = target.grade if target else ""
        text = target.text if target else ""
        rows.append(
            AgreementTarget(
                agreement=agreement,
                order=order,
                indicator=item.indicator,
                level=item.node.level,
                code=item.indicator.code,
                sasaran=item.sasaran,
                indicator_name=item.indicator.name,
                satuan=item.indicator.satuan,
                value_kind=item.indicator.value_kind,
                plan_value=value,
                plan_grade=grade,
                plan_text=text,
                value=value,
                grade=grade,
                text=text,
            )
        )
    return rows


def _budget_rows(agreement: Agreement, planned) -> list[AgreementBudget]:
    return [
        AgreementBudget(
            agreement=agreement,
            order=order,
            node=item.node,
            level=item.node.level,
            code=item.node.code,
            name=item.node.name,
            plan_amount=item.amount,
            amount=item.amount,
        )
        for order, item in enumerate(planned.budgets, start=1)
    ]


def _create_rows(rows, user) -> None:
    """Save rows one by one (full_clean, history with the user): a PK has tens of rows."""
    for row in rows:
        row.full_clean(exclude=["agreement"])
        _stamp(row, user)
        row.save()


def _assign_sub_unit(*, period, unit: Unit, node_ids) -> None:
    """Record the kegiatan and sub kegiatan `unit` (a sub-unit) carries out in `period`: exactly
    `node_ids`, all of its parent unit's. Refuses (changing nothing) any other id."""
    choices = {node.pk: node for node in sub_unit_choices(period=period, unit=unit)}
    chosen = set(node_ids)
    if not chosen:
        raise ValidationError({"nodes": str(NO_NODES)})
    if not chosen <= set(choices):
        raise ValidationError(
            {
                "nodes": _(
                    "Kegiatan/sub kegiatan yang dipilih bukan milik %(parent)s pada periode ini."
                )
                % {"parent": unit.parent.name}
            }
        )
    candidates = PlanNode.objects.filter(pk__in=choices)
    list(candidates.select_for_update().values_list("pk", flat=True))
    candidates.filter(sub_unit=unit).exclude(pk__in=chosen).update(sub_unit=None)
    candidates.filter(pk__in=chosen).update(sub_unit=unit)


@transaction.atomic
def generate_agreement(
    *,
    user,
    organisation: Organisation,
    year: int,
    unit: Unit | None = None,
    nodes: Iterable[int] | None = None,
) -> Agreement:
    """Make version 1 of the PK of the office (or a unit) for `year` from the plan, as a draft.
    For a sub-unit, `nodes` (ids) are the kegiatan and sub kegiatan of its parent unit it
    carries out: they are recorded (PlanNode.sub_unit) and make its PK; None keeps those
    recorded."""
    _check_editor(user, organisation.pk)
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": _("Unit harus milik perangkat daerah yang sama.")})
    period = period_for(organisation, year)
    if Agreement.objects.filter(organisation=organisation, year=year, unit=unit).exists():
        raise ValidationError(
            _("PK tahun %(year)s untuk tingkat ini sudah ada; buka atau revisi PK tersebut.")
            % {"year": year}
        )
    if unit is not None and unit.is_sub_unit and nodes is not None:
        _assign_sub_unit(period=period, unit=unit, node_ids=nodes)
    agreement = Agreement(
        organisation=organisation,
        period=period,
        year=year,
        unit=unit,
        number=1,
        place=organisation.city,
        created_by=user,
    )
    _set_parties(agreement, *parties_for(organisation=organisation, unit=unit))
    agreement.full_clean()
    _stamp(agreement, user)
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError:
        raise ValidationError(
            _("PK tahun %(year)s untuk tingkat ini baru saja dibuat pengguna lain.")
            % {"year": year}
        ) from None
    planned = planned_agreement(period=period, year=year, unit=unit)
    if unit is not None and unit.is_sub_unit and not planned.budgets:
        raise ValidationError({"nodes": str(NO_NODES)})
    _create_rows(_target_rows(agreement, planned), user)
    _create_rows(_budget_rows(agreement, planned), user)
    return agreement


def _locked(agreement: Agreement, expected_version: int | None) -> Agreement:
    current = Agreement.objects.select_for_update(of=("self",)).order_by().get(pk=agreement.pk)
    if expected_version is not None and current.version != expected_version:
        raise ValidationError(
            _("PK ini sudah diubah pengguna lain sejak Anda membukanya; muat ulang halaman.")
        )
    return current


def _check_draft(agreement: Agreement) -> None:
    if agreement.status != AgreementStatus.DRAFT:
        raise ValidationError(
            _("PK versi %(number)s sudah final dan tidak dapat diubah; buat revisi.")
            % {"number": agreement.number}
        )


PARTY_FIELDS = (
    "first_title",
    "first_name",
    "first_rank",
    "first_nip",
    "second_title",
    "second_name",
    "second_rank",
    "second_nip",
    "place",
)


@transaction.atomic
def update_agreement(
    *,
    user,
    agreement: Agreement,
    expected_version: int,
    targets: Mapping[int, str],
    budgets: Mapping[int, str],
    fields: Mapping[str, object] | None = None,
) -> Agreement:
    """Change a draft PK: agreed targets by row id (text as typed), budgets by row id (Rupiah as
    typed), and the parties, place and date. Every error names its row; nothing is saved when
    any is refused."""
    _check_editor(user, agreement.organisation_id)
    agreement = _locked(agreement, expected_version)
    _check_draft(agreement)
    errors: dict[str, list[str]] = {}
    target_rows = {row.pk: row for row in agreement.targets.all()}
    budget_rows = {row.pk: row for row in agreement.budgets.all()}
    changed = []
    for row_id, text in targets.items():
        row = target_rows.get(row_id)
        if row is None:
            errors.setdefault("targets", []).append(_("Baris target tidak dikenal."))
            continue
        typed = (text or "").strip()
        if typed == row.target_display:
            continue
        if typed and typed == row.plan_display:
            value, grade = row.plan_value, row.plan_grade
        else:
            try:
                value, grade = parse_target(row.value_kind, _without_satuan(typed, row.satuan))
            except ValidationError as error:
                message = " ".join(error.message_dict.get("value", error.messages))
                errors.setdefault(f"target-{row_id}", []).append(
                    _("Target '%(indicator)s': %(message)s")
                    % {"indicator": row.indicator_name, "message": message}
                )
                continue
        if (value, grade) == (row.plan_value, row.plan_grade):
            new_text = row.plan_text
        else:
            new_text = grade if row.value_kind == ValueKind.ORDINAL else (text or "").strip()
        if (row.value, row.grade, row.text) != (value, grade, new_text):
            row.value, row.grade, row.text = value, grade, new_text
            changed.append(row)
    for row_id, text in budgets.items():
        row = budget_rows.get(row_id)
        if row is None:
            errors.setdefault("budgets", []).append(_("Baris anggaran tidak dikenal."))
            continue
        try:
            amount = parse_decimal((text or "").strip())
        except NumberFormatError:
            amount = None
        if amount is None or amount < 0 or amount.as_tuple().exponent < -2 or amount >= 10**16:
            errors.setdefault(f"budget-{row_id}", []).append(
                _("Anggaran '%(name)s': '%(text)s' bukan jumlah rupiah yang sah.")
                % {"name": row.name, "text": text}
            )
            continue
        if amount != row.amount:
            row.amount = amount
            changed.append(row)
    for name, value in (fields or {}).items():
        if name == "signed_on":
            agreement.signed_on = value
        elif name in PARTY_FIELDS:
            setattr(agreement, name, (value or "").strip())
    if errors:
        raise ValidationError(errors)
    for row in changed:
        row.full_clean(exclude=["agreement"])
        _stamp(row, user)
        row.save()
    agreement.version += 1
    agreement.full_clean()
    _stamp(agreement, user)
    agreement.save()
    return agreement


@transaction.atomic
def finalise_agreement(*, user, agreement: Agreement, expected_version: int) -> Agreement:
    """Make a draft PK final: from now on its rows are the signed agreement and never change."""
    _check_editor(user, agreement.organisation_id)
    agreement = _locked(agreement, expected_version)
    _check_draft(agreement)
    agreement.status = AgreementStatus.FINAL
    agreement.finalised_by = user
    agreement.finalised_at = timezone.now()
    if agreement.signed_on is None:
        agreement.signed_on = timezone.localdate()
    agreement.version += 1
    agreement.full_clean()
    _stamp(agreement, user)
    agreement.save()
    return agreement


@transaction.atomic
def revise_agreement(
    *, user, agreement: Agreement, reason: str, revised_on: datetime.date | None = None
) -> Agreement:
    """Start a new numbered version of a final PK (e.g. after the APBD perubahan), as a draft:
    the agreed rows of the latest version, the plan's current values beside them, the reason and
    date. The old version stays as it was."""
    _check_editor(user, agreement.organisation_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan revisi.")})
    agreement = Agreement.objects.select_for_update(of=("self",)).order_by().get(pk=agreement.pk)
    siblings = (
        Agreement.objects.select_for_update(of=("self",))
        .order_by()
        .filter(
            organisation_id=agreement.organisation_id, year=agreement.year, unit=agreement.unit_id
        )
    )
    latest = max(siblings, key=lambda item: item.number)
    if latest.status != AgreementStatus.FINAL:
        raise ValidationError(_("Sudah ada draf revisi PK ini; lanjutkan draf tersebut."))
    if latest.pk != agreement.pk:
        raise ValidationError(_("Revisi dibuat dari versi terakhir PK."))
    revision = Agreement(
        organisation_id=agreement.organisation_id,
        period_id=agreement.period_id,
        year=agreement.year,
        unit_id=agreement.unit_id,
        number=agreement.number + 1,
        reason=reason,
        revised_on=revised_on or timezone.localdate(),
        place=agreement.place,
        created_by=user,
    )
    for name in PARTY_FIELDS[:-1]:
        setattr(revision, name, getattr(agreement, name))
    revision.full_clean()
    _stamp(revision, user)
    revision.save()
    planned = planned_agreement(period=agreement.period, year=agreement.year, unit=agreement.unit)
    plan_targets = {item.indicator.pk: item.target for item in planned.targets}
    plan_budgets = {item.node.pk: item.amount for item in planned.budgets}
    targets = []
    for row in agreement.targets.all():
        row.pk, row.id, row.agreement = None, None, revision
        if row.indicator_id in plan_targets:
            target = plan_targets[row.indicator_id]
            row.plan_value = target.value if target else None
            row.plan_grade = target.grade if target else ""
            row.plan_text = target.text if target else ""
        targets.append(row)
    budgets = []
    for row in agreement.budgets.all():
        row.pk, row.id, row.agreement = None, None, revision
        if row.node_id in plan_budgets:
            row.plan_amount = plan_budgets[row.node_id]
        budgets.append(row)
    _create_rows(targets, user)
    _create_rows(budgets, user)
    return revision
