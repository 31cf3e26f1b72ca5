"""Pages of the hub app that read the plan's checks; the figures come from the selectors."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cascading.selectors import plan_consistency
from renstra.models import Organisation


@staff_member_required
@require_GET
def plan_consistency_report(request):
    """Where the loaded plan of an office does not add up, for planning staff (`?opd=<kode>`)."""
    organisations = list(Organisation.objects.order_by("name"))
    code = request.GET.get("opd")
    organisation = next(
        (office for office in organisations if office.code == code or not code), None
    )
    if organisation is None:
        raise Http404
    return render(
        request,
        "renstra/plan_consistency.html",
        {
            "organisations": organisations,
            "organisation": organisation,
            "report": plan_consistency(organisation=organisation),
        },
    )
