"""Pages of the indicator definition sheets: the office's indicators of a Renstra period with
whether each sheet is complete, and one sheet to read or edit.

Login required; anyone who may read the office reads; its administrators and planners write
(`can_edit_definitions`). A stale save is refused with the name of who changed the sheet; bad
ids and filters are refused in Indonesian, never a 500.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cascading.choices import Level
from cascading.models import Indicator
from cascading.workflow import EditConflict
from renstra.params import MAX_INT, ascii_int, ascii_year
from renstra.permissions import REFUSED_READ, can_read
from renstra.scope import office_of_request, period_for

from .choices import OfficeDocument
from .definitions import (
    REFUSED_DEFINITION,
    DefinitionForm,
    can_edit_definitions,
    is_key_indicator,
    missing_fields,
    office_indicators,
    save_definition,
    sheet_of,
    sheet_values,
)

HISTORY_ROWS = 10


def _period_and_year(request, organisation):
    """The period of `?tahun=` (default: this year's, else the office's latest) and the year
    whose documents the page links."""
    text = request.GET.get("tahun")
    if text:
        year = ascii_year(text)
        if year is None:
            raise ValidationError(_("Tahun tidak sah."))
        return period_for(organisation, year), year
    periods = list(organisation.periods.order_by("start_year"))
    if not periods:
        raise Http404(_("Perangkat daerah ini belum punya periode Renstra."))
    today = timezone.localdate().year
    period = next((item for item in periods if today in item.years), periods[-1])
    return period, today if today in period.years else period.start_year


@login_required
@require_GET
def definition_list(request):
    organisation = office_of_request(request)
    if not can_read(request.user, organisation.pk):
        raise PermissionDenied(REFUSED_READ)
    try:
        period, year = _period_and_year(request, organisation)
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    units = list(organisation.units.filter(parent__isnull=True))
    level = unit_id = None
    if request.GET.get("tingkat"):
        level = ascii_int(request.GET["tingkat"])
        if level not in Level.values:
            return HttpResponseBadRequest(_("Tingkat tidak dikenal."))
    if request.GET.get("unit"):
        unit_id = ascii_int(request.GET["unit"])
        if unit_id not in {unit.pk for unit in units}:
            return HttpResponseBadRequest(_("Unit kerja tidak dikenal."))
    rows = [
        {
            "indicator": indicator,
            "key": is_key_indicator(indicator),
            "missing": missing_fields(indicator),
            "sheet": sheet_of(indicator),
        }
        for indicator in office_indicators(period=period, level=level, unit_id=unit_id)
    ]
    return render(
        request,
        "performance/definitions/list.html",
        {
            "organisation": organisation,
            "period": period,
            "year": year,
            "years": [item for p in organisation.periods.all() for item in p.years],
            "rows": rows,
            "complete": sum(1 for row in rows if not row["missing"]),
            "levels": Level.choices,
            "level": level,
            "units": units,
            "unit_id": unit_id,
            "can_edit": can_edit_definitions(request.user, organisation.pk),
            "definitions_kind": OfficeDocument.DEFINITIONS,
            "iku_kind": OfficeDocument.IKU,
        },
    )


def _indicator(request, pk: int) -> Indicator:
    if not 0 < pk <= MAX_INT:
        raise Http404
    indicator = (
        Indicator.objects.select_related(
            "node", "node__unit", "node__period", "node__organisation", "definition_sheet"
        )
        .filter(pk=pk)
        .first()
    )
    if indicator is None:
        raise Http404
    if not can_read(request.user, indicator.node.organisation_id):
        raise PermissionDenied(REFUSED_READ)
    return indicator


@login_required
@require_http_methods(["GET", "POST"])
def definition_edit(request, pk: int):
    """One definition sheet: every field of the sheet, the responsible unit (the node's, read
    only) and the sheet's history; its administrators and planners save it."""
    indicator = _indicator(request, pk)
    organisation = indicator.node.organisation
    can_edit = can_edit_definitions(request.user, organisation.pk)
    key = is_key_indicator(indicator)
    sheet = sheet_of(indicator)
    version = sheet.version if sheet else 0
    conflict = ""
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(REFUSED_DEFINITION)
        form = DefinitionForm(request.POST, key_indicator=key, readonly=False)
        expected = ascii_int(request.POST.get("version"))
        if expected is None:
            form.add_error(None, _("Versi lembar definisi tidak sah; muat ulang halaman."))
        if form.is_valid():
            try:
                saved = save_definition(
                    user=request.user,
                    indicator=indicator,
                    expected_version=expected,
                    values=form.cleaned_data,
                )
            except EditConflict as error:
                conflict = str(error)
                # The form keeps what the user typed; saving again overwrites the newer sheet.
                version = error.current.version
            except ValidationError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                if saved.changed:
                    messages.success(
                        request,
                        _("Definisi indikator disimpan (%(fields)s).")
                        % {"fields": ", ".join(saved.changed)},
                    )
                else:
                    messages.info(request, _("Tidak ada perubahan."))
                return redirect(reverse("performance:definition", args=[indicator.pk]))
        status = 400 if form.errors else 409 if conflict else 200
    else:
        form = DefinitionForm(
            initial=sheet_values(indicator, sheet), key_indicator=key, readonly=not can_edit
        )
    history = (
        list(sheet.history.select_related("history_user").order_by("-history_date")[:HISTORY_ROWS])
        if sheet
        else []
    )
    node = indicator.node
    return render(
        request,
        "performance/definitions/edit.html",
        {
            "indicator": indicator,
            "node": node,
            "organisation": organisation,
            "unit": node.unit.name if node.unit_id else node.unit_label,
            "form": form,
            "errors": form.named_errors() if form.is_bound else [],
            "conflict": conflict,
            "version": version,
            "key": key,
            "can_edit": can_edit,
            "missing": missing_fields(indicator),
            "history": history,
        },
        status=status,
    )
