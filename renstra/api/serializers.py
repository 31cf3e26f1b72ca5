"""JSON shapes of the API. Every figure comes from a selector; nothing here computes one.

Numbers are strings (exact decimals): measured values as stored, percentages and Rupiah rounded
half up to two decimals, as the pages and reports show them.
"""

from decimal import ROUND_HALF_UP

from rest_framework import serializers

from cascading.choices import Level


def _measure(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=None, decimal_places=None, read_only=True, allow_null=True, **kwargs
    )


def _two_places(**kwargs) -> serializers.DecimalField:
    """A percentage or an amount in Rupiah: two decimals, rounded half up."""
    return serializers.DecimalField(
        max_digits=None,
        decimal_places=2,
        rounding=ROUND_HALF_UP,
        read_only=True,
        allow_null=True,
        **kwargs,
    )


class LevelField(serializers.Field):
    """A plan level as a key: "tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan"."""

    def to_representation(self, value: int) -> str:
        return Level(value).name.lower()


class UnitSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    # A Subbagian / Seksi names the Sekretariat or Bidang it belongs to; other units null.
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)


class PeriodSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    start_year = serializers.IntegerField()
    end_year = serializers.IntegerField()
    status = serializers.CharField()


class OrganisationSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    government = serializers.CharField()
    url = serializers.HyperlinkedIdentityField(
        view_name="api:organisation", lookup_field="code", lookup_url_kwarg="code"
    )


class OrganisationDetailSerializer(OrganisationSerializer):
    city = serializers.CharField()
    head_title = serializers.CharField()
    head_name = serializers.CharField()
    periods = PeriodSerializer(many=True)
    units = UnitSerializer(many=True)


class TargetSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = _measure()
    value_upper = _measure()
    grade = serializers.CharField()
    text = serializers.CharField()


class IndicatorSerializer(serializers.Serializer):
    """An indicator of the plan with its rules and its yearly targets."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    satuan = serializers.CharField()
    node_code = serializers.CharField(source="node.code")
    level = LevelField(source="node.level")
    unit = serializers.CharField(source="node.unit.code", allow_null=True)
    value_kind = serializers.CharField()
    polarity = serializers.CharField()
    aggregation = serializers.CharField()
    is_iku = serializers.BooleanField()
    is_ikk = serializers.BooleanField()
    baseline_value = _measure()
    baseline_text = serializers.CharField()
    final_target_value = _measure()
    final_target_text = serializers.CharField()
    targets = TargetSerializer(many=True, source="targets.all")


class FiguresSerializer(serializers.Serializer):
    """An indicator's target, realisation, capaian and predikat for one year
    (`cascading.selectors.IndicatorFigures`)."""

    year = serializers.IntegerField()
    target = _measure()
    target_upper = _measure()
    target_grade = serializers.CharField()
    target_text = serializers.CharField()
    realisation = _measure()
    realisation_grade = serializers.CharField()
    quarters_entered = serializers.ListField(child=serializers.IntegerField())
    capaian = _two_places()
    predikat = serializers.CharField(source="predikat.label", allow_null=True)


class FiguresIndicatorSerializer(serializers.Serializer):
    """Which indicator a set of figures belongs to."""

    id = serializers.IntegerField(source="indicator.pk")
    code = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    satuan = serializers.CharField(source="indicator.satuan")
    is_iku = serializers.BooleanField(source="indicator.is_iku")
    is_ikk = serializers.BooleanField(source="indicator.is_ikk")


class TreeIndicatorSerializer(FiguresIndicatorSerializer, FiguresSerializer):
    """An indicator of a tree node, then its figures for the tree's year."""


class NodeSerializer(serializers.Serializer):
    """A node of the cascade with its figures (`cascading.selectors.NodeFigures`)."""

    id = serializers.IntegerField(source="node.pk")
    level = LevelField(source="node.level")
    code = serializers.CharField(source="node.code")
    name = serializers.CharField(source="node.name")
    unit = serializers.CharField(source="node.unit.code", allow_null=True)
    capaian = _two_places()
    predikat = serializers.CharField(source="predikat.label", allow_null=True)
    capaian_children_mean = _two_places()
    pagu = _two_places()
    realisasi_anggaran = _two_places()
    serapan = _two_places()
    efficiency_ratio = _two_places()
    efficiency = serializers.CharField(allow_null=True)
    indicators = TreeIndicatorSerializer(many=True)
    children = serializers.SerializerMethodField()

    def get_children(self, figures) -> list[dict]:
        return NodeSerializer(figures.children, many=True, context=self.context).data


class PlanTreeSerializer(serializers.Serializer):
    """The cascade of a period for one year, figures year to date
    (`cascading.selectors.PlanTree`)."""

    period = PeriodSerializer()
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    statuses = serializers.ListField(child=serializers.CharField())
    pagu = _two_places()
    realisasi_anggaran = _two_places()
    serapan = _two_places()
    nodes = NodeSerializer(many=True, source="roots")


class IndicatorHistorySerializer(serializers.Serializer):
    """An indicator's figures for each year of its period
    (`cascading.selectors.IndicatorHistory`)."""

    id = serializers.IntegerField(source="indicator.pk")
    code = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    satuan = serializers.CharField(source="indicator.satuan")
    level = LevelField(source="indicator.node.level")
    unit = serializers.CharField(source="indicator.node.unit.code", allow_null=True)
    years = FiguresSerializer(many=True)


class QuarterRecordSerializer(serializers.Serializer):
    """What every quarterly record carries through the workflow."""

    id = serializers.IntegerField()
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    note = serializers.CharField()
    status = serializers.CharField()
    verified_at = serializers.DateTimeField(allow_null=True)


class RealisationSerializer(QuarterRecordSerializer):
    """A quarter's value of an indicator as entered, with its workflow status."""

    indicator = serializers.IntegerField(source="indicator_id")
    indicator_code = serializers.CharField(source="indicator.code")
    value = _measure()
    grade = serializers.CharField()


class BudgetRealisationSerializer(QuarterRecordSerializer):
    """Money a sub kegiatan spent in a quarter, with its workflow status."""

    node = serializers.IntegerField(source="node_id")
    node_code = serializers.CharField(source="node.code")
    amount = _two_places()
