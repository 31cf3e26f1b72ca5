"""Read-only API views. Access is decided by renstra.permissions, as for the pages: an office
another user may not read answers 404, as `?opd=` of another office does on the pages.

Query parameters, as on the pages: `tahun` (year; default the current year within the office's
active period), `tw` (quarter, default the current one) and `status` (`verified`, the default:
verified values only; `submitted`: values awaiting verification count too).
"""

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from budgeting.models import BudgetRealisation
from cascading.choices import QUARTERS
from cascading.constants import SUBMITTED_AND_VERIFIED, VERIFIED_ONLY
from cascading.models import Indicator, IndicatorTarget, Realisation
from cascading.selectors import indicator_history, plan_tree
from renstra.models import Organisation, RenstraPeriod, Unit
from renstra.params import ascii_int
from renstra.permissions import readable_organisations
from renstra.scope import organisation_for, period_for, requested_quarter

from . import serializers

STATUSES = {"verified": VERIFIED_ONLY, "submitted": SUBMITTED_AND_VERIFIED}


def statuses_of(request) -> tuple[str, ...]:
    """Which realisations count: `?status=verified` (default) or `?status=submitted`."""
    asked = request.query_params.get("status", "verified")
    if asked not in STATUSES:
        raise ValidationError(
            {
                "status": [
                    _("Status harus salah satu dari: %(values)s.") % {"values": ", ".join(STATUSES)}
                ]
            }
        )
    return STATUSES[asked]


def _number(request, name: str, allowed=None) -> int | None:
    text = request.query_params.get(name, "")
    if not text:
        return None
    number = ascii_int(text)
    if number is None or (allowed is not None and number not in allowed):
        raise ValidationError({name: [_("Nilai '%(text)s' tidak valid.") % {"text": text}]})
    return number


class OfficeMixin:
    """The office named by `code` in the URL, if the user may read it (else 404)."""

    def office(self) -> Organisation:
        return organisation_for(self.request.user, self.kwargs["code"])

    def period(self, organisation: Organisation) -> RenstraPeriod:
        """The period holding `?tahun=` (default: the current year of the active period)."""
        _number(self.request, "tahun")
        year, _quarter = requested_quarter(self.request, organisation)
        return period_for(organisation, year)


class OrganisationList(generics.ListAPIView):
    """The offices the token's user may read: their own, or every office for city-wide roles."""

    serializer_class = serializers.OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        return readable_organisations(self.request.user).order_by("name")


class OrganisationDetail(APIView):
    """One office with its Renstra periods and units."""

    def get(self, request, code: str) -> Response:
        organisation = (
            readable_organisations(request.user)
            .prefetch_related(
                Prefetch("periods", RenstraPeriod.objects.order_by("start_year")),
                Prefetch("units", Unit.objects.select_related("parent").order_by("order", "name")),
            )
            .filter(code=code)
            .first()
        )
        if organisation is None:
            raise Http404
        serializer = serializers.OrganisationDetailSerializer(
            organisation, context={"request": request}
        )
        return Response(serializer.data)


class PlanTreeView(OfficeMixin, APIView):
    """The cascade Tujuan > ... > Sub Kegiatan with capaian, predikat, pagu and serapan for one
    year, year to date up to `tw` (`cascading.selectors.plan_tree`)."""

    def get(self, request, code: str) -> Response:
        organisation = self.office()
        _number(request, "tahun")
        _number(request, "tw", QUARTERS)
        year, quarter = requested_quarter(request, organisation)
        tree = plan_tree(
            period=period_for(organisation, year),
            year=year,
            quarter=quarter,
            statuses=statuses_of(request),
        )
        return Response(serializers.PlanTreeSerializer(tree).data)


class IndicatorList(OfficeMixin, generics.ListAPIView):
    """Indicators of the period holding `tahun`, with their rules and targets for every year."""

    serializer_class = serializers.IndicatorSerializer

    def get_queryset(self) -> QuerySet[Indicator]:
        period = self.period(self.office())
        return (
            Indicator.objects.filter(node__period=period)
            .select_related("node", "node__unit")
            .prefetch_related(Prefetch("targets", IndicatorTarget.objects.order_by("year")))
            .order_by("node__code_key", "order")
        )


class CapaianList(OfficeMixin, generics.ListAPIView):
    """Target, full-year realisation, capaian and predikat of every indicator for each year of
    the period holding `tahun` (`cascading.selectors.indicator_history`)."""

    serializer_class = serializers.IndicatorHistorySerializer

    def get_queryset(self):
        period = self.period(self.office())
        return indicator_history(period=period, statuses=statuses_of(self.request))


class RealisationList(OfficeMixin, generics.ListAPIView):
    """Quarterly values of the office's indicators as entered; filter with `tahun` and `tw`."""

    serializer_class = serializers.RealisationSerializer

    def get_queryset(self) -> QuerySet[Realisation]:
        records = Realisation.objects.filter(
            indicator__node__organisation=self.office(),
            status__in=statuses_of(self.request),
        )
        if (year := _number(self.request, "tahun")) is not None:
            records = records.filter(year=year)
        if (quarter := _number(self.request, "tw", QUARTERS)) is not None:
            records = records.filter(quarter=quarter)
        return records.select_related("indicator__node").order_by(
            "indicator__node__code_key", "indicator__order", "year", "quarter"
        )


class BudgetRealisationList(OfficeMixin, generics.ListAPIView):
    """Quarterly realisasi anggaran of the office's sub kegiatan; filter with `tahun` and `tw`."""

    serializer_class = serializers.BudgetRealisationSerializer

    def get_queryset(self) -> QuerySet[BudgetRealisation]:
        records = BudgetRealisation.objects.filter(
            node__organisation=self.office(),
            status__in=statuses_of(self.request),
        )
        if (year := _number(self.request, "tahun")) is not None:
            records = records.filter(year=year)
        if (quarter := _number(self.request, "tw", QUARTERS)) is not None:
            records = records.filter(quarter=quarter)
        return records.select_related("node").order_by("node__code_key", "year", "quarter")


class IndicatorDetail(APIView):
    """One indicator with its rules, targets and its figures for each year of its period."""

    def get(self, request, pk: int) -> Response:
        indicator = (
            Indicator.objects.filter(
                pk=pk, node__organisation__in=readable_organisations(request.user)
            )
            .select_related("node__period", "node__unit")
            .prefetch_related(Prefetch("targets", IndicatorTarget.objects.order_by("year")))
            .first()
        )
        if indicator is None:
            raise Http404
        history = next(
            item
            for item in indicator_history(
                period=indicator.node.period, statuses=statuses_of(request)
            )
            if item.indicator.pk == indicator.pk
        )
        data = serializers.IndicatorSerializer(indicator).data
        data["years"] = serializers.FiguresSerializer(history.years, many=True).data
        return Response(data)
