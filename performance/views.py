"""Pages of the Perjanjian Kinerja: the list, one agreement, its edit form, finalise, revise, and
its PDF and Excel files.

Login required; the office's administrators and planners write (`can_edit_agreements`); anyone
who may read the office (heads, reviewers, operators) reads. Numbers in the path and the forms
go through renstra.params; a refusal is a message in Indonesian, never a 500.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renstra.numbers import format_decimal
from renstra.params import MAX_INT, ascii_int, ascii_year, has_control_characters
from renstra.permissions import REFUSED_READ, can_read
from renstra.reports.choices import FileFormat
from renstra.reports.exports import CONTENT_TYPES
from renstra.scope import default_quarter, office_of_request

from .action_plan import action_plan_rows, save_action_plan
from .documents import (
    OFFICE_DOCUMENTS,
    action_plan_document,
    agreement_document,
    sakip_document,
    write_sakip_file,
)
from .models import Agreement
from .selectors import agreements, sub_unit_choices, units_by_level
from .services import (
    PARTY_FIELDS,
    REFUSED_EDIT,
    can_edit_agreements,
    finalise_agreement,
    generate_agreement,
    revise_agreement,
    update_agreement,
)


def _agreement(request, pk: int) -> Agreement:
    if not 0 < pk <= MAX_INT:
        raise Http404
    agreement = (
        Agreement.objects.select_related("organisation", "unit__parent", "period")
        .filter(pk=pk)
        .first()
    )
    if agreement is None:
        raise Http404
    if not can_read(request.user, agreement.organisation_id):
        raise PermissionDenied(REFUSED_READ)
    return agreement


def _editor(request, agreement: Agreement) -> None:
    if not can_edit_agreements(request.user, agreement.organisation_id):
        raise PermissionDenied(REFUSED_EDIT)


def _errors(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {"": error.messages}


def _detail_url(agreement: Agreement) -> str:
    return reverse("performance:detail", args=[agreement.pk])


@login_required
@require_GET
def agreement_list(request):
    organisation = office_of_request(request)
    if not can_read(request.user, organisation.pk):
        raise PermissionDenied(REFUSED_READ)
    years = [year for period in organisation.periods.all() for year in period.years]
    units = units_by_level(organisation)
    rank = {unit.pk: index for index, unit in enumerate(units)}
    # Per year: the office's PK, then each unit's followed by its sub-units'.
    rows = sorted(
        agreements(organisation=organisation),
        key=lambda row: (-row.year, rank.get(row.unit_id, -1), -row.number),
    )
    return render(
        request,
        "performance/list.html",
        {
            "organisation": organisation,
            "agreements": rows,
            "years": sorted(set(years)),
            "default_year": default_quarter(organisation)[0],
            "units": units,
            "can_edit": can_edit_agreements(request.user, organisation.pk),
            "documents": OFFICE_DOCUMENTS,
        },
    )


@login_required
@require_POST
def generate(request):
    organisation = office_of_request(request)
    if not can_edit_agreements(request.user, organisation.pk):
        raise PermissionDenied(REFUSED_EDIT)
    year = ascii_year(request.POST.get("tahun"))
    if year is None:
        return HttpResponseBadRequest(_("Tahun tidak sah."))
    unit = None
    unit_text = request.POST.get("unit", "")
    if unit_text:
        unit_id = ascii_int(unit_text)
        unit = organisation.units.filter(pk=unit_id).first() if unit_id else None
        if unit is None:
            return HttpResponseBadRequest(_("Unit kerja tidak dikenal."))
    if not organisation.periods.filter(start_year__lte=year, end_year__gte=year).exists():
        return HttpResponseBadRequest(_("Tidak ada periode Renstra yang mencakup tahun ini."))
    if unit is not None and unit.is_sub_unit:
        # A sub-unit's PK carries the kegiatan it carries out: choose them first.
        return redirect(
            f"{reverse('performance:generate-sub-unit', args=[unit.pk])}"
            f"?opd={organisation.code}&tahun={year}"
        )
    try:
        agreement = generate_agreement(
            user=request.user, organisation=organisation, year=year, unit=unit
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('performance:list')}?opd={organisation.code}")
    messages.success(request, _("PK dibuat dari rencana sebagai draf."))
    return redirect(_detail_url(agreement))


@login_required
@require_http_methods(["GET", "POST"])
def generate_sub_unit(request, unit_id: int):
    """The PK of a Subbagian/Seksi: tick the kegiatan and sub kegiatan of its parent unit it
    carries out (ticked: those recorded), then make the draft from them."""
    organisation = office_of_request(request)
    if not can_edit_agreements(request.user, organisation.pk):
        raise PermissionDenied(REFUSED_EDIT)
    unit = None
    if 0 < unit_id <= MAX_INT:
        unit = (
            organisation.units.filter(pk=unit_id, parent__isnull=False)
            .select_related("parent")
            .first()
        )
    if unit is None:
        raise Http404(_("Subbagian/seksi tidak dikenal di perangkat daerah ini."))
    params = request.POST if request.method == "POST" else request.GET
    year = ascii_year(params.get("tahun"))
    period = (
        organisation.periods.filter(start_year__lte=year, end_year__gte=year).first()
        if year
        else None
    )
    if period is None:
        return HttpResponseBadRequest(_("Tahun tidak sah atau di luar periode Renstra."))
    choices = sub_unit_choices(period=period, unit=unit)
    chosen = {node.pk for node in choices if node.sub_unit_id == unit.pk}
    errors: list[str] = []
    if request.method == "POST":
        ids = [ascii_int(value) for value in request.POST.getlist("simpul")]
        if any(node_id is None for node_id in ids):
            return HttpResponseBadRequest(_("Pilihan kegiatan/sub kegiatan tidak sah."))
        try:
            agreement = generate_agreement(
                user=request.user, organisation=organisation, year=year, unit=unit, nodes=ids
            )
        except ValidationError as error:
            errors = [message for values in _errors(error).values() for message in values]
            chosen = set(ids)
        else:
            messages.success(request, _("PK dibuat dari rencana sebagai draf."))
            return redirect(_detail_url(agreement))
    return render(
        request,
        "performance/generate_sub_unit.html",
        {
            "organisation": organisation,
            "unit": unit,
            "year": year,
            "choices": [(node, node.pk in chosen) for node in choices],
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@login_required
@require_GET
def detail(request, pk: int):
    agreement = _agreement(request, pk)
    versions = Agreement.objects.filter(
        organisation_id=agreement.organisation_id, year=agreement.year, unit=agreement.unit_id
    ).order_by("number")
    return render(
        request,
        "performance/detail.html",
        {
            "agreement": agreement,
            "targets": list(agreement.targets.all()),
            "budgets": list(agreement.budgets.all()),
            "versions": list(versions),
            "latest": max(versions, key=lambda item: item.number),
            "can_edit": can_edit_agreements(request.user, agreement.organisation_id),
        },
    )


def _typed(request, prefix: str, ids: list[int]) -> dict[int, str]:
    return {
        row_id: request.POST[f"{prefix}-{row_id}"]
        for row_id in ids
        if f"{prefix}-{row_id}" in request.POST
    }


def _signed_on(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        raise ValidationError(
            {"signed_on": _("Tanggal penandatanganan tidak sah (contoh: 2025-01-31).")}
        ) from None


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    agreement = _agreement(request, pk)
    _editor(request, agreement)
    if agreement.is_final:
        messages.error(request, _("PK ini sudah final; buat revisi untuk mengubahnya."))
        return redirect(_detail_url(agreement))
    targets = list(agreement.targets.all())
    budgets = list(agreement.budgets.all())
    errors: dict[str, list[str]] = {}
    typed: dict[str, str] = {}
    if request.method == "POST":
        typed = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"}
        if any(has_control_characters(value, multiline=True) for value in typed.values()):
            return HttpResponseBadRequest(_("Isian memuat karakter kendali."))
        version = ascii_int(request.POST.get("version"))
        try:
            fields = {name: request.POST.get(name, "") for name in PARTY_FIELDS}
            fields["signed_on"] = _signed_on(request.POST.get("signed_on", ""))
            update_agreement(
                user=request.user,
                agreement=agreement,
                expected_version=version if version is not None else -1,
                targets=_typed(request, "target", [row.pk for row in targets]),
                budgets=_typed(request, "budget", [row.pk for row in budgets]),
                fields=fields,
            )
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, _("Perubahan PK disimpan."))
            return redirect(_detail_url(agreement))
    rows = [
        {
            "row": row,
            "value": typed.get(f"target-{row.pk}", row.target_display),
            "errors": errors.get(f"target-{row.pk}", []),
        }
        for row in targets
    ]
    budget_rows = [
        {
            "row": row,
            "value": typed.get(f"budget-{row.pk}", format_decimal(row.amount)),
            "errors": errors.get(f"budget-{row.pk}", []),
        }
        for row in budgets
    ]
    other_errors = [
        message
        for key, values in errors.items()
        if not key.startswith(("target-", "budget-"))
        for message in values
    ]
    party_values = {name: typed.get(name, getattr(agreement, name)) for name in PARTY_FIELDS}
    return render(
        request,
        "performance/edit.html",
        {
            "agreement": agreement,
            "rows": rows,
            "budget_rows": budget_rows,
            "errors": other_errors,
            "party": party_values,
            "signed_on": typed.get(
                "signed_on", agreement.signed_on.isoformat() if agreement.signed_on else ""
            ),
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def finalise(request, pk: int):
    agreement = _agreement(request, pk)
    _editor(request, agreement)
    version = ascii_int(request.POST.get("version"))
    try:
        finalise_agreement(
            user=request.user,
            agreement=agreement,
            expected_version=version if version is not None else -1,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("PK difinalkan; isinya kini tetap."))
    return redirect(_detail_url(agreement))


@login_required
@require_POST
def revise(request, pk: int):
    agreement = _agreement(request, pk)
    _editor(request, agreement)
    reason = request.POST.get("reason", "")
    if has_control_characters(reason, multiline=True):
        return HttpResponseBadRequest(_("Alasan memuat karakter kendali."))
    try:
        revised_on = _signed_on(request.POST.get("revised_on", ""))
        revision = revise_agreement(
            user=request.user, agreement=agreement, reason=reason, revised_on=revised_on
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_detail_url(agreement))
    messages.success(request, _("Revisi PK dibuat sebagai draf versi baru."))
    return redirect(_detail_url(revision))


@login_required
@require_GET
def download(request, pk: int, file_format: str):
    agreement = _agreement(request, pk)
    document = agreement_document(agreement)
    return _file_response(document, file_format)


@login_required
@require_http_methods(["GET", "POST"])
def action_plan(request, pk: int):
    """The Rencana Aksi of a PK: four quarter targets per indicator, with the default split
    offered (filled into the empty cells with "Isi pembagian bawaan", saved only with "Simpan")."""
    agreement = _agreement(request, pk)
    can_edit = can_edit_agreements(request.user, agreement.organisation_id)
    rows = action_plan_rows(agreement)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        _editor(request, agreement)
        if any(has_control_characters(value) for value in request.POST.values()):
            return HttpResponseBadRequest(_("Isian memuat karakter kendali."))
        fill = "bawaan" in request.POST
        cells = {}
        for row in rows:
            for cell in row.cells:
                key = f"ra-{row.target.pk}-{cell.quarter}"
                if key not in request.POST:
                    continue
                cell.typed = request.POST[key].strip()
                if fill and not cell.typed and not cell.locked:
                    cell.typed = cell.proposed
                if cell.typed != cell.shown:
                    version = ascii_int(request.POST.get(f"version-{key}"))
                    # No version sent: the user saw no value (a stored one is then a conflict).
                    cells[row.target.pk, cell.quarter] = (cell.typed, version or 0)
        if not fill:
            try:
                changed = save_action_plan(user=request.user, agreement=agreement, cells=cells)
            except ValidationError as error:
                errors = _errors(error)
                status = 400
            else:
                messages.success(
                    request,
                    _("%(count)s target triwulan disimpan.") % {"count": changed},
                )
                return redirect(reverse("performance:action-plan", args=[agreement.pk]))
    for row in rows:
        for cell in row.cells:
            cell.error = " ".join(errors.get(f"ra-{row.target.pk}-{cell.quarter}", []))
    return render(
        request,
        "performance/action_plan.html",
        {
            "agreement": agreement,
            "rows": rows,
            "can_edit": can_edit,
            "errors": [message for key, values in errors.items() if not key for message in values],
            "quarters": ("I", "II", "III", "IV"),
        },
        status=status,
    )


def _file_response(document, file_format: str) -> HttpResponse:
    content = write_sakip_file(document, FileFormat(file_format))
    response = HttpResponse(content, content_type=CONTENT_TYPES[FileFormat(file_format)])
    response["Content-Disposition"] = f'attachment; filename="{document.filename}.{file_format}"'
    return response


@login_required
@require_GET
def action_plan_download(request, pk: int, file_format: str):
    agreement = _agreement(request, pk)
    return _file_response(action_plan_document(agreement), file_format)


@login_required
@require_GET
def office_document(request, kind: str, year: int, file_format: str):
    """The office's IKU, indicator definitions or pohon kinerja for a year (`?opd=`)."""
    organisation = office_of_request(request)
    if not can_read(request.user, organisation.pk):
        raise PermissionDenied(REFUSED_READ)
    try:
        document = sakip_document(kind=kind, organisation=organisation, year=year)
    except ValueError as error:
        raise Http404(str(error)) from error
    return _file_response(document, file_format)
