"""Demande references move to the portal's one gapless counter (portal/core/numbering.py).

The last number of each year is carried over, so the next Demande continues
the series (D-2026-000124 after D-2026-000123).
"""

from django.db import migrations

SEQUENCE = "demande"


def carry_over(apps, schema_editor):
    DemandeCounter = apps.get_model("support", "DemandeCounter")
    NumberSequence = apps.get_model("core", "NumberSequence")
    for counter in DemandeCounter.objects.all():
        NumberSequence.objects.update_or_create(
            name=SEQUENCE, year=counter.year, defaults={"last_number": counter.last_number}
        )


def carry_back(apps, schema_editor):
    DemandeCounter = apps.get_model("support", "DemandeCounter")
    NumberSequence = apps.get_model("core", "NumberSequence")
    for sequence in NumberSequence.objects.filter(name=SEQUENCE):
        DemandeCounter.objects.update_or_create(
            year=sequence.year, defaults={"last_number": sequence.last_number}
        )
    NumberSequence.objects.filter(name=SEQUENCE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_number_sequence"),
        ("support", "0009_service_account_category"),
    ]

    operations = [
        migrations.RunPython(carry_over, carry_back),
        migrations.DeleteModel(name="DemandeCounter"),
    ]
