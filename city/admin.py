"""The RPJMD in the admin: the city's own objects (scope CITY), changed by Bappeda and city-wide
administrators; Bappeda sees no other module of the admin."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from renstra.admin_scope import CITY, OfficeScopedAdmin, OfficeScopedInline

from .models import GoalLink, PemdaGoal, PemdaIndicator, PemdaTarget, Rpjmd


@admin.register(Rpjmd)
class RpjmdAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    scope_kind = CITY
    list_display = ("name", "government", "start_year", "end_year")


@admin.register(PemdaGoal)
class PemdaGoalAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    scope_kind = CITY
    list_display = ("code", "name", "kind", "rpjmd")
    list_filter = ("rpjmd", "kind")


class PemdaTargetInline(OfficeScopedInline, admin.TabularInline):
    scope_kind = CITY
    model = PemdaTarget
    extra = 0


@admin.register(PemdaIndicator)
class PemdaIndicatorAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    scope_kind = CITY
    list_display = ("name", "goal", "satuan", "polarity")
    raw_id_fields = ("office_indicators",)
    inlines = [PemdaTargetInline]


@admin.register(GoalLink)
class GoalLinkAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    scope_kind = CITY
    list_display = ("node", "goal")
    raw_id_fields = ("node",)
