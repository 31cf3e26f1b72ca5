"""Writes of the city's own objects; keyword-only, transactional, validated, audited
(django-simple-history); each refuses a user who may not manage the city."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from cascading.choices import Level
from cascading.models import PlanNode
from cascading.workflow import EditConflict
from renstra.models import Organisation
from renstra.permissions import REFUSED_CITY_WRITE, can_manage_city

from .models import (
    GoalLink,
    PemdaGoal,
    PemdaIndicator,
    PemdaRealisation,
    PublicPage,
    QuarterReview,
    Rpjmd,
    Schedule,
)


def _require_city_manager(user) -> None:
    if user is not None and not can_manage_city(user):
        raise PermissionDenied(REFUSED_CITY_WRITE)


@transaction.atomic
def link_goal(*, user, node: PlanNode, goal: PemdaGoal) -> GoalLink:
    """Link an office's Tujuan or Sasaran to the Sasaran Pemda it serves (replacing a previous
    link). `user` None: a loader run by the operator of the server."""
    _require_city_manager(user)
    link = GoalLink.objects.select_for_update().filter(node=node).first() or GoalLink(node=node)
    link.goal = goal
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def save_pemda_realisation(
    *, user, indicator: PemdaIndicator, year: int, value: Decimal
) -> PemdaRealisation:
    """Bappeda's realisation of an IKU Pemda that no office indicator defines."""
    _require_city_manager(user)
    record = PemdaRealisation.objects.select_for_update().filter(
        indicator=indicator, year=year
    ).first() or PemdaRealisation(indicator=indicator, year=year)
    record.value = value
    record.entered_by = user
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def seed_rpjmd(*, organisation: Organisation, plan: dict) -> Rpjmd:
    """The city's RPJMD/RPD as the office's Renstra prints it (`city.seed.read_pemda_goals`),
    and the link from the office's Tujuan (Tabel 6.1's first column prints the Sasaran Pemda) to
    it. Idempotent: a second run changes nothing."""
    rpjmd, _created = Rpjmd.objects.get_or_create(
        government=organisation.government,
        start_year=plan["start_year"],
        end_year=plan["end_year"],
        defaults={"name": plan["name"]},
    )
    tujuan, _created = PemdaGoal.objects.get_or_create(
        rpjmd=rpjmd,
        code=plan["tujuan_code"],
        defaults={"kind": PemdaGoal.Kind.TUJUAN, "name": plan["tujuan"]},
    )
    sasaran, _created = PemdaGoal.objects.get_or_create(
        rpjmd=rpjmd,
        code=plan["sasaran_code"],
        defaults={"kind": PemdaGoal.Kind.SASARAN, "parent": tujuan, "name": plan["sasaran"]},
    )
    nodes = PlanNode.objects.filter(
        organisation=organisation,
        level=Level.TUJUAN,
        period__start_year=plan["start_year"],
        period__end_year=plan["end_year"],
    )
    for node in nodes:
        link_goal(user=None, node=node, goal=sasaran)
    return rpjmd


@transaction.atomic
def save_schedule(
    *,
    user,
    year: int,
    quarter: int,
    entry_due,
    verify_due,
    review_due,
    remind_days: int = 7,
) -> Schedule:
    """Set a quarter's schedule for every office (Bappeda)."""
    _require_city_manager(user)
    schedule = Schedule.objects.select_for_update().filter(year=year, quarter=quarter).first()
    schedule = schedule or Schedule(year=year, quarter=quarter)
    schedule.entry_due = entry_due
    schedule.verify_due = verify_due
    schedule.review_due = review_due
    schedule.remind_days = remind_days
    schedule._history_user = user
    schedule.full_clean()
    schedule.save()
    return schedule


@transaction.atomic
def review_quarter(
    *,
    user,
    organisation: Organisation,
    year: int,
    quarter: int,
    status: str,
    note: str = "",
    expected_version: int | None = None,
) -> QuarterReview:
    """Mark an office's evaluasi Renja of a quarter received, reviewed or returned (with a
    note). The row is locked; a form opened on an older version is refused (`EditConflict`,
    naming who changed it and when, as every other versioned write)."""
    _require_city_manager(user)
    review = (
        QuarterReview.objects.select_for_update()
        .filter(organisation=organisation, year=year, quarter=quarter)
        .first()
    )
    if review is not None and expected_version is not None and review.version != expected_version:
        raise EditConflict(review)
    if review is None:
        review = QuarterReview(organisation=organisation, year=year, quarter=quarter)
    else:
        review.version += 1
    review.status = status
    review.note = note.strip()
    review.reviewer = user
    review._history_user = user
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def set_public_page(*, user, enabled: bool, title: str = "") -> PublicPage:
    """Turn the city's public page on or off (Bappeda); the cached page is dropped."""
    from django.core.cache import cache

    from .selectors import PUBLIC_CACHE_VERSION_KEY

    _require_city_manager(user)
    page = PublicPage.objects.select_for_update().order_by("pk").first() or PublicPage()
    page.enabled = enabled
    page.title = title.strip()
    page.updated_by = user
    page._history_user = user
    page.full_clean()
    page.save()
    cache.delete(PUBLIC_CACHE_VERSION_KEY)
    return page
