"""Invoice numbers move to the portal's one gapless counter (portal/core/numbering.py).

The last number of each year is carried over, so the next invoice continues
the series without a gap (F-2026-000043 after F-2026-000042).
"""

from django.db import migrations

SEQUENCE = "invoice"


def carry_over(apps, schema_editor):
    InvoiceCounter = apps.get_model("subscriptions", "InvoiceCounter")
    NumberSequence = apps.get_model("core", "NumberSequence")
    for counter in InvoiceCounter.objects.all():
        NumberSequence.objects.update_or_create(
            name=SEQUENCE, year=counter.year, defaults={"last_number": counter.last_number}
        )


def carry_back(apps, schema_editor):
    InvoiceCounter = apps.get_model("subscriptions", "InvoiceCounter")
    NumberSequence = apps.get_model("core", "NumberSequence")
    for sequence in NumberSequence.objects.filter(name=SEQUENCE):
        InvoiceCounter.objects.update_or_create(
            year=sequence.year, defaults={"last_number": sequence.last_number}
        )
    NumberSequence.objects.filter(name=SEQUENCE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_number_sequence"),
        ("subscriptions", "0004_invoice_legal_snapshot"),
    ]

    operations = [
        migrations.RunPython(carry_over, carry_back),
        migrations.DeleteModel(name="InvoiceCounter"),
    ]
