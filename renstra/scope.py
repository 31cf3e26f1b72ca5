"""What a page is about, read from the request: the office (`?opd=`), the year and quarter
(`?tahun=&tw=`) and a unit (`unit=`), numbers through `renstra.params`.

The entry, verification, dashboard, import, report and API pages all read their scope here, so
a bad parameter is handled once: text that is not plain ASCII digits ("²", "١", NUL, "-1") is
ignored (the default applies) or, for an office code, is an office that does not exist (404);
it never reaches the database or `int()`.
"""

import datetime

from django.http import Http404
from django.utils import timezone

from cascading.choices import QUARTERS
from renstra.models import Organisation, RenstraPeriod
from renstra.params import ascii_int, ascii_year
from renstra.permissions import access_of, readable_organisations

YEAR_DIGITS = 4


def clean_text(text: str | None) -> str:
    """A query-string text value without NUL and other control characters (PostgreSQL refuses
    NUL in a string), trimmed."""
    return "".join(char for char in (text or "") if char.isprintable()).strip()


def current_quarter(today: datetime.date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    return today.year, (today.month - 1) // 3 + 1


def default_quarter(organisation: Organisation) -> tuple[int, int]:
    """Today's quarter, moved into the office's active period when today lies outside it."""
    year, quarter = current_quarter()
    period = organisation.periods.filter(status=RenstraPeriod.Status.ACTIVE).first()
    if period and year > period.end_year:
        return period.end_year, 4
    if period and year < period.start_year:
        return period.start_year, 1
    return year, quarter


def requested_quarter(request, organisation: Organisation) -> tuple[int, int]:
    """The year and quarter asked for with `?tahun=&tw=`, else the default one."""
    year, quarter = default_quarter(organisation)
    asked_year = ascii_year(request.GET.get("tahun"))
    asked_quarter = ascii_int(request.GET.get("tw"), minimum=QUARTERS[0], maximum=QUARTERS[-1])
    if asked_year is not None:
        year = asked_year
    if asked_quarter in QUARTERS:
        quarter = asked_quarter
    return year, quarter


def organisation_for(user, code: str | None) -> Organisation:
    """The office a page is about: the user's own, or for city-wide roles the one asked for."""
    offices = readable_organisations(user)
    if code:
        if clean_text(code) != code:
            raise Http404
        office = offices.filter(code=code).first()
    else:
        access = access_of(user)
        office = offices.filter(pk=access.organisation_id).first() or offices.first()
    if office is None:
        raise Http404
    return office


def office_of_request(request) -> Organisation:
    """The office named by `opd` in the query string or the posted form, else the user's own."""
    return organisation_for(request.user, request.GET.get("opd") or request.POST.get("opd"))


def period_for(organisation: Organisation, year: int) -> RenstraPeriod:
    """The office's Renstra period holding `year` (the latest starting one); 404 if none."""
    if not 0 < year < 10**YEAR_DIGITS:
        raise Http404
    period = (
        RenstraPeriod.objects.filter(
            organisation=organisation, start_year__lte=year, end_year__gte=year
        )
        .order_by("-start_year")
        .first()
    )
    if period is None:
        raise Http404
    return period


def unit_id_from(data) -> int | None:
    """The unit chosen with `unit=` (a GET or POST QueryDict), None for all units."""
    return ascii_int(data.get("unit"))
