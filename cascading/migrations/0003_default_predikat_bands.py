"""The predikat scale of Permendagri 86/2017: > 90, > 75, > 65, > 50, else Sangat Rendah."""

from decimal import Decimal

from django.db import migrations

BANDS = [
    (Decimal("90"), "Sangat Tinggi", "#1b7a3a"),
    (Decimal("75"), "Tinggi", "#4f9a2f"),
    (Decimal("65"), "Sedang", "#b7950b"),
    (Decimal("50"), "Rendah", "#c0601a"),
    (None, "Sangat Rendah", "#b3261e"),
]


def create_bands(apps, schema_editor):
    band = apps.get_model("cascading", "PredikatBand")
    for lower, label, colour in BANDS:
        band.objects.get_or_create(
            lower=lower, defaults={"label": label, "colour": colour, "inclusive": False}
        )


class Migration(migrations.Migration):
    dependencies = [("cascading", "0002_node_parent_level_trigger")]

    operations = [migrations.RunPython(create_bands, migrations.RunPython.noop)]
