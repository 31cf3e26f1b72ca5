"""factory_boy factories for the domain models; each builds a valid row with its parents."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from budgeting.models import BudgetRealisation, FundingSource, Pagu
from cascading.choices import Level
from cascading.models import Indicator, IndicatorTarget, PlanNode, Realisation
from renstra.models import Organisation, RenstraPeriod, Unit
from spm.models import SpmAnnual, SpmService


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("rahasia-uji-123")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"opd-{n}")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    short_name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    government = "Pemerintah Kota Uji"
    city = "Kota Uji"
    head_title = "Kepala Dinas"
    head_name = "Kepala Uji"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"bidang-{n}")
    name = factory.Sequence(lambda n: f"Bidang {n}")
    kind = Unit.Kind.DIVISION


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RenstraPeriod

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Renstra Uji"
    start_year = 2024
    end_year = 2026
    status = RenstraPeriod.Status.ACTIVE


class NodeFactory(factory.django.DjangoModelFactory):
    """A Tujuan by default; pass `parent=` for lower levels (level and period follow the parent)."""

    class Meta:
        model = PlanNode

    period = factory.SubFactory(PeriodFactory)
    organisation = factory.SelfAttribute("period.organisation")
    parent = None
    level = factory.LazyAttribute(lambda o: o.parent.level + 1 if o.parent else Level.TUJUAN)
    code = factory.Sequence(lambda n: f"T{n + 1}")
    name = factory.Sequence(lambda n: f"Simpul {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        parent = kwargs.get("parent")
        if parent is not None:
            kwargs["period"] = parent.period
            kwargs["organisation"] = parent.organisation
        return super()._create(model_class, *args, **kwargs)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    node = factory.SubFactory(NodeFactory)
    order = 1
    name = factory.Sequence(lambda n: f"Jumlah orang terlayani {n}")
    satuan = "Orang"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2024
    value = Decimal("100")
    text = factory.LazyAttribute(lambda o: f"{o.value} {o.indicator.satuan}")


class RealisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Realisation

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2024
    quarter = 1
    value = Decimal("25")


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource
        django_get_or_create = ("code",)

    code = "apbd"
    name = "APBD"


class PaguFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pagu

    node = factory.SubFactory(NodeFactory)
    year = 2024
    source = factory.SubFactory(FundingSourceFactory)
    amount = Decimal("1000000.00")


class BudgetRealisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetRealisation

    node = factory.SubFactory(NodeFactory)
    year = 2024
    quarter = 1
    amount = Decimal("250000.00")


class SpmServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpmService

    organisation = factory.SubFactory(OrganisationFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Layanan dasar {n}")
    recipient_indicator = "Jumlah warga negara yang memperoleh layanan"
    recipient_target_text = "100%"
    quality_indicator = "Jumlah barang jasa dan sumber daya manusia"
    quality_target_text = "100%"


class SpmAnnualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpmAnnual

    service = factory.SubFactory(SpmServiceFactory)
    year = 2024


def build_chain(period=None) -> dict[int, PlanNode]:
    """One node per level, Tujuan to Sub Kegiatan, with nomenclature-like codes."""
    tujuan = NodeFactory(period=period or PeriodFactory(), code="T1")
    sasaran = NodeFactory(parent=tujuan, code="T1.S1")
    program = NodeFactory(parent=sasaran, code="1.06.02")
    kegiatan = NodeFactory(parent=program, code="1.06.02.2.03")
    sub = NodeFactory(parent=kegiatan, code="1.06.02.2.03.01")
    return {node.level: node for node in (tujuan, sasaran, program, kegiatan, sub)}
