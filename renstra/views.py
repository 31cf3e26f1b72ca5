"""Pages of the hub app that read the plan's checks; the figures come from the selectors."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cascading.selectors import plan_consistency
from renstra.admin_scope import ADMIN_ROLES
from renstra.permissions import access_of, readable_organisations
from renstra.scope import organisation_for


@login_required
@require_GET
def plan_consistency_report(request):
    """Where the loaded plan of an office does not add up, for its planning staff (`?opd=`)."""
    access = access_of(request.user)
    if not (access.superuser or access.role in ADMIN_ROLES):
        raise PermissionDenied(
            _("Pemeriksaan konsistensi rencana untuk perencana dan administrator.")
        )
    organisation = organisation_for(request.user, request.GET.get("opd"))
    return render(
        request,
        "renstra/plan_consistency.html",
        {
            "organisations": readable_organisations(request.user).order_by("name"),
            "organisation": organisation,
            "report": plan_consistency(organisation=organisation),
        },
    )
