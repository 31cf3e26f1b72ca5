"""SPM defaults from the domain guide: index = 80 % penerima + 20 % mutu, and the kategori scale."""

from decimal import Decimal

from django.db import migrations

BANDS = [
    (Decimal("100"), "Tuntas Paripurna", "#1b7a3a"),
    (Decimal("90"), "Tuntas Utama", "#4f9a2f"),
    (Decimal("80"), "Tuntas Madya", "#7f9a1f"),
    (Decimal("70"), "Tuntas Pratama", "#b7950b"),
    (Decimal("60"), "Tuntas Muda", "#c0601a"),
    (None, "Belum Tuntas", "#b3261e"),
]


def create_defaults(apps, schema_editor):
    band = apps.get_model("spm", "SpmKategoriBand")
    for lower, label, colour in BANDS:
        band.objects.get_or_create(
            lower=lower,
            defaults={"label": label, "colour": colour, "inclusive": lower is not None},
        )
    apps.get_model("spm", "SpmWeights").objects.get_or_create(
        pk=1,
        defaults={
            "recipient_weight": Decimal("80"),
            "quality_weight": Decimal("20"),
            "basis": "Bobot awal 80/20; pastikan terhadap Permendagri 59/2021.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("spm", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
