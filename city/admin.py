"""The RPJMD in the admin, for city-wide administrators (shared by the city: CONFIG). Bappeda
itself works in the /kota/ pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from renstra.admin_scope import CONFIG, OfficeScopedAdmin, OfficeScopedInline

from .models import GoalLink, PemdaGoal, PemdaIndicator, PemdaTarget, Rpjmd


@admin.register(Rpjmd)
class RpjmdAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    scope_kind = CONFIG
    list_display = ("name", "government", "start_year", "end_year")


@admin.register(PemdaGoal)
class PemdaGoalAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    scope_kind = CONFIG
    list_display = ("code", "name", "kind", "rpjmd")
    list_filter = ("rpjmd", "kind")


class PemdaTargetInline(OfficeScopedInline, admin.TabularInline):
    scope_kind = CONFIG
    model = PemdaTarget
    extra = 0


@admin.register(PemdaIndicator)
class PemdaIndicatorAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    scope_kind = CONFIG
    list_display = ("name", "goal", "satuan", "polarity")
    autocomplete_fields = ("office_indicators",)
    inlines = [PemdaTargetInline]


@admin.register(GoalLink)
class GoalLinkAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    scope_kind = CONFIG
    list_display = ("node", "goal")
    raw_id_fields = ("node",)
