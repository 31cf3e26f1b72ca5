from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cascading.selectors import plan_tree
from renstra.entry.selectors import organisation_for, period_for, requested_quarter
from renstra.permissions import REFUSED_READ, can_read


@login_required
@require_GET
def home(request):
    """Where the office stands this year: IKU and IKK figures, year to date."""
    organisation = organisation_for(request.user, request.GET.get("opd"))
    if not can_read(request.user, organisation.pk):
        raise PermissionDenied(REFUSED_READ)
    year, quarter = requested_quarter(request, organisation)
    period = period_for(organisation, year)
    tree = plan_tree(period=period, year=year, quarter=quarter)
    key_indicators = [
        figures
        for node in tree.walk()
        for figures in node.indicators
        if figures.indicator.is_iku or figures.indicator.is_ikk
    ]
    return render(
        request,
        "dashboard/home.html",
        {
            "organisation": organisation,
            "period": period,
            "year": year,
            "quarter": quarter,
            "tree": tree,
            "key_indicators": key_indicators,
        },
    )
