"""The migrations that add an indicator's period rule and its link to the previous period set
them on the rows already stored, as the loader does for a new plan: cumulative only where the
end target is the sum of the yearly targets and not the last year's; a Tujuan or Sasaran
indicator continues the one of the same name in the office's previous period."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cascading.choices import PeriodRule
from cascading.codes import code_key
from cascading.models import Indicator

BEFORE = [("cascading", "0007_indicator_plausible_bounds_and_warning_flag")]
D = Decimal


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_rows_get_their_rule_and_link():
    executor = _executor()
    executor.migrate(BEFORE)
    # The other apps stay migrated: their state is their latest.
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "renstra"]
    apps = executor.loader.project_state(BEFORE + others).apps
    organisation = apps.get_model("renstra", "Organisation").objects.create(
        code="uji", name="Dinas Uji", short_name="Uji", head_title="Kepala", head_name="Kepala"
    )
    Period = apps.get_model("renstra", "RenstraPeriod")
    Node = apps.get_model("cascading", "PlanNode")
    Indicator_ = apps.get_model("cascading", "Indicator")
    Target = apps.get_model("cascading", "IndicatorTarget")

    def node(period, code, level, parent=None):
        return Node.objects.create(
            organisation=organisation,
            period=period,
            parent=parent,
            level=level,
            code=code,
            code_key=code_key(code),
            name=code,
        )

    def indicator(node, name, final, targets):
        created = Indicator_.objects.create(node=node, name=name, final_target_value=final)
        for year, value in zip(range(node.period.start_year, 2027), targets, strict=False):
            Target.objects.create(indicator=created, year=year, value=value)
        return created

    old = Period.objects.create(
        organisation=organisation, name="Lama", start_year=2019, end_year=2023, status="closed"
    )
    new = Period.objects.create(
        organisation=organisation, name="Baru", start_year=2024, end_year=2026, status="active"
    )
    old_goal = indicator(node(old, "T1.S1", 2, node(old, "T1", 1)), "Persentase  PPKS", None, [])
    sasaran = node(new, "T1.S1", 2, node(new, "T1", 1))
    goal = indicator(sasaran, "persentase PPKS", None, [D("3.5"), D("3.7"), D("3.9")])
    program = node(new, "1.06.01", 3, sasaran)
    level = indicator(program, "Jumlah dokumen", D("8"), [D("8"), D("8"), D("8")])
    families = indicator(
        node(new, "1.06.01.2.01", 4, program), "Jumlah keluarga", D("12"), [D("4")] * 3
    )

    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())

    stored = {row.pk: row for row in Indicator.objects.all()}
    assert stored[families.pk].period_rule == PeriodRule.CUMULATIVE
    assert stored[level.pk].period_rule == PeriodRule.LEVEL
    assert stored[goal.pk].period_rule == PeriodRule.LEVEL
    assert stored[goal.pk].previous_id == old_goal.pk
    assert stored[level.pk].previous_id is None and stored[old_goal.pk].previous_id is None
