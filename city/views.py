"""Bappeda's pages: every office of the city side by side.

Login required; only city-wide users (Bappeda, city-wide reviewers and administrators) read
them (`renstra.permissions.can_read_city`); every figure comes from `city.selectors`.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cascading.choices import QUARTERS
from renstra.params import ascii_int, ascii_year
from renstra.permissions import REFUSED_CITY, REFUSED_CITY_WRITE, can_manage_city, can_read_city
from renstra.scope import current_quarter

from . import selectors
from .constants import SORT_KEYS


def refuse(request, message: str, status: int = 400) -> HttpResponse:
    """A clear refusal in Indonesian, as the hostile-input middleware answers."""
    return HttpResponse(
        render_to_string("400.html", {"message": message}, request=request), status=status
    )


def city_reader(request) -> None:
    if not can_read_city(request.user):
        raise PermissionDenied(REFUSED_CITY)


def city_quarter(request) -> tuple[int, int]:
    """`?tahun=&tw=` when given as plain digits of a year and a quarter, else today's."""
    year, quarter = current_quarter()
    asked_year = ascii_year(request.GET.get("tahun"))
    asked_quarter = ascii_int(request.GET.get("tw"), minimum=QUARTERS[0], maximum=QUARTERS[-1])
    return asked_year or year, asked_quarter or quarter


@login_required
@require_GET
def dashboard(request):
    """Every office in one table: capaian IKU and predikat, serapan, the quarter's entry
    progress, verification backlog, returned entries and attention flags; sortable."""
    city_reader(request)
    year, quarter = city_quarter(request)
    try:
        sort = selectors.parse_sort(request.GET.get("urut"))
    except selectors.SortRefused:
        allowed = ", ".join(SORT_KEYS)
        return refuse(
            request,
            _("Urutan tidak dikenal. Pilih salah satu: %(allowed)s (awali dengan - untuk menurun).")
            % {"allowed": allowed},
        )
    overview = selectors.city_overview(year=year, quarter=quarter, sort=sort)
    columns = []
    for key, label in SORT_KEYS.items():
        next_sort = f"-{key}" if overview.sort == key else key
        columns.append(
            {
                "key": key,
                "label": label,
                "query": urlencode({"tahun": year, "tw": quarter, "urut": next_sort}),
                "active": overview.sort_key == key,
                "descending": overview.descending,
            }
        )
    return render(
        request,
        "city/dashboard.html",
        {
            "overview": overview,
            "columns": {column["key"]: column for column in columns},
            "years": sorted({overview.year - 1, overview.year, overview.year + 1}),
            "quarters": QUARTERS,
            "may_manage": can_manage_city(request.user),
        },
    )


@login_required
def rpjmd(request):
    """The IKU Pemda of the RPJMD holding the year, with their capaian and the offices' Tujuan
    and Sasaran serving each Sasaran Pemda; Bappeda enters the realisation of an IKU Pemda that
    no office indicator defines."""
    from django.contrib import messages
    from django.shortcuts import get_object_or_404, redirect
    from django.urls import reverse

    from renstra.numbers import NumberFormatError, parse_decimal

    from .models import PemdaIndicator, Rpjmd
    from .services import save_pemda_realisation

    city_reader(request)
    year, quarter = city_quarter(request)
    if request.method == "POST":
        if not can_manage_city(request.user):
            raise PermissionDenied(REFUSED_CITY_WRITE)
        year = ascii_year(request.POST.get("tahun"))
        pk = ascii_int(request.POST.get("indikator"))
        if year is None or pk is None:
            return refuse(request, _("Tahun atau indikator tidak dikenal."))
        indicator = get_object_or_404(PemdaIndicator, pk=pk)
        if indicator.office_indicators.exists():
            return refuse(
                request,
                _("Capaian indikator ini dihitung dari indikator perangkat daerah terkait."),
            )
        try:
            value = parse_decimal(request.POST.get("realisasi", ""))
        except NumberFormatError:
            return refuse(request, _("Realisasi harus berupa angka, mis. 75,5."))
        if value < 0:
            return refuse(request, _("Realisasi tidak boleh negatif."))
        save_pemda_realisation(user=request.user, indicator=indicator, year=year, value=value)
        messages.success(request, _("Realisasi IKU Pemda tersimpan."))
        return redirect(f"{reverse('city:rpjmd')}?tahun={year}&tw=4")
    plan = (
        Rpjmd.objects.filter(start_year__lte=year, end_year__gte=year)
        .order_by("-start_year")
        .first()
    )
    table = None if plan is None else selectors.rpjmd_table(rpjmd=plan, year=year, quarter=quarter)
    return render(
        request,
        "city/rpjmd.html",
        {
            "table": table,
            "year": year,
            "quarter": quarter,
            "years": sorted({year - 1, year, year + 1}),
            "quarters": QUARTERS,
            "may_manage": can_manage_city(request.user),
        },
    )


@login_required
def schedule(request):
    """The reporting schedule of a year, one form per quarter; Bappeda sets it."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect
    from django.urls import reverse

    from .forms import ScheduleForm
    from .models import Schedule, SentReminder
    from .services import save_schedule

    city_reader(request)
    year, _quarter = city_quarter(request)
    existing = {item.quarter: item for item in Schedule.objects.filter(year=year)}
    forms_by_quarter = {
        quarter: ScheduleForm(instance=existing.get(quarter), prefix=f"tw{quarter}")
        for quarter in QUARTERS
    }
    status = 200
    if request.method == "POST":
        if not can_manage_city(request.user):
            raise PermissionDenied(REFUSED_CITY_WRITE)
        quarter = ascii_int(request.POST.get("tw"), minimum=1, maximum=4)
        year = ascii_year(request.POST.get("tahun"))
        if quarter is None or year is None:
            return refuse(request, _("Tahun atau triwulan tidak dikenal."))
        instance = Schedule.objects.filter(year=year, quarter=quarter).first()
        form = ScheduleForm(
            request.POST,
            instance=instance or Schedule(year=year, quarter=quarter),
            prefix=f"tw{quarter}",
        )
        if form.is_valid():
            try:
                save_schedule(user=request.user, year=year, quarter=quarter, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Jadwal %(year)s TW %(quarter)s tersimpan.")
                    % {"year": year, "quarter": quarter},
                )
                return redirect(f"{reverse('city:schedule')}?tahun={year}")
        forms_by_quarter[quarter] = form
        status = 400
    sent = SentReminder.objects.filter(schedule__year=year).select_related(
        "schedule", "user", "organisation"
    )[:100]
    return render(
        request,
        "city/schedule.html",
        {
            "year": year,
            "years": sorted({year - 1, year, year + 1}),
            "forms": list(forms_by_quarter.items()),
            "may_manage": can_manage_city(request.user),
            "sent": sent,
        },
        status=status,
    )


@login_required
def review(request):
    """Bappeda's review of one office's evaluasi Renja for a quarter: received, reviewed or
    returned with a note (`?opd=&tahun=&tw=`)."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect
    from django.urls import reverse

    from cascading.workflow import EditConflict
    from renstra.scope import organisation_for

    from .models import QuarterReview
    from .services import review_quarter

    city_reader(request)
    data = request.POST if request.method == "POST" else request.GET
    code = data.get("opd")
    if not code:
        return refuse(request, _("Pilih perangkat daerah yang ditelaah."))
    office = organisation_for(request.user, code)
    year = ascii_year(data.get("tahun"))
    quarter = ascii_int(data.get("tw"), minimum=QUARTERS[0], maximum=QUARTERS[-1])
    if year is None or quarter is None:
        return refuse(request, _("Tahun atau triwulan tidak dikenal."))
    current = QuarterReview.objects.filter(organisation=office, year=year, quarter=quarter).first()
    error = None
    if request.method == "POST":
        if not can_manage_city(request.user):
            raise PermissionDenied(REFUSED_CITY_WRITE)
        status = data.get("status")
        if status not in QuarterReview.Status.values:
            return refuse(request, _("Status telaah tidak dikenal."))
        try:
            review_quarter(
                user=request.user,
                organisation=office,
                year=year,
                quarter=quarter,
                status=status,
                note=data.get("catatan", ""),
                expected_version=ascii_int(data.get("versi")),
            )
        except EditConflict as conflict:
            error = str(conflict)
            current = conflict.current
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
        else:
            messages.success(request, _("Telaah tersimpan."))
            return redirect(f"{reverse('city:dashboard')}?tahun={year}&tw={quarter}")
    row = selectors.city_overview(year=year, quarter=quarter, only=office).rows[0]
    history = (
        list(current.history.select_related("history_user", "reviewer").order_by("-history_id"))
        if current is not None
        else []
    )
    return render(
        request,
        "city/review.html",
        {
            "office": office,
            "year": year,
            "quarter": quarter,
            "row": row,
            "history": history,
            "current": current,
            "statuses": QuarterReview.Status.choices,
            "may_manage": can_manage_city(request.user),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_GET
def public(request):
    """The city's public page (no login), when Bappeda has turned it on: each office's capaian
    and serapan for the latest closed quarter, verified and non-demo data only."""
    from django.http import Http404
    from django.utils import timezone

    from .models import PublicPage

    page = PublicPage.objects.order_by("pk").first()
    if page is None or not page.enabled:
        raise Http404(_("Halaman publik tidak diaktifkan."))
    overview = selectors.public_overview(today=timezone.localdate())
    return render(request, "city/public.html", {"page": page, "overview": overview})


@login_required
def public_settings(request):
    """Bappeda turns the public page on or off."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.urls import reverse

    from .models import PublicPage
    from .services import set_public_page

    city_reader(request)
    if request.method == "POST":
        if not can_manage_city(request.user):
            raise PermissionDenied(REFUSED_CITY_WRITE)
        title = request.POST.get("judul", "")
        if len(title) > 200:
            return refuse(request, _("Judul paling panjang 200 huruf."))
        set_public_page(user=request.user, enabled=request.POST.get("aktif") == "1", title=title)
        messages.success(request, _("Pengaturan halaman publik tersimpan."))
        return redirect(reverse("city:public-settings"))
    page = PublicPage.objects.order_by("pk").first()
    return render(
        request,
        "city/public_settings.html",
        {"page": page, "may_manage": can_manage_city(request.user)},
    )


def _file(document, file_format: str) -> HttpResponse:
    from renstra.reports.choices import FileFormat
    from renstra.reports.exports import write_file

    chosen = FileFormat(file_format)  # the URL's converter gives a FileFormat
    content_type = (
        "application/pdf"
        if chosen == FileFormat.PDF
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(write_file(document, chosen), content_type=content_type)
    name = f"{document.kind}-{document.year}{'-DATA-CONTOH' if document.demo else ''}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{chosen.value}"'
    return response


@login_required
@require_GET
def recap_download(request, file_format: str):
    """The recap of every office for the quarter, Excel or PDF, from the page's selector."""
    from .exports import recap_document

    city_reader(request)
    year, quarter = city_quarter(request)
    overview = selectors.city_overview(year=year, quarter=quarter)
    return _file(recap_document(overview), file_format)


@login_required
@require_GET
def iku_pemda_download(request, file_format: str):
    """The IKU Pemda table of the RPJMD holding the year, Excel or PDF."""
    from django.http import Http404

    from .exports import iku_pemda_document
    from .models import Rpjmd

    city_reader(request)
    year, quarter = city_quarter(request)
    plan = (
        Rpjmd.objects.filter(start_year__lte=year, end_year__gte=year)
        .order_by("-start_year")
        .first()
    )
    if plan is None:
        raise Http404(_("Belum ada RPJMD/RPD untuk tahun ini."))
    table = selectors.rpjmd_table(rpjmd=plan, year=year, quarter=quarter)
    return _file(iku_pemda_document(table), file_format)
