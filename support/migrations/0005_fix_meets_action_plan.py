"""A fix or workaround delivered before the crit. 1 action-plan deadline meets it
(art. 12.3, DOMAIN.md): Demandes recorded before the rule get their action plan
marked met by that answer, and a breach logged for it is lifted (the breach
event stays in the immutable timeline)."""

from django.db import migrations
from django.db.models import F


def fix_meets_action_plan(apps, schema_editor):
    Demande = apps.get_model("support", "Demande")
    answered = Demande.objects.filter(
        action_plan_at__isnull=True,
        action_plan_due_at__isnull=False,
        fix_at__isnull=False,
        fix_at__lte=F("action_plan_due_at"),
    )
    for demande in answered.iterator():
        demande.action_plan_at = demande.fix_at
        demande.action_plan_breached_at = None
        demande.is_breached = bool(demande.take_in_charge_breached_at or demande.fix_breached_at)
        demande.save(update_fields=["action_plan_at", "action_plan_breached_at", "is_breached"])


class Migration(migrations.Migration):
    dependencies = [("support", "0004_requalified_event")]

    operations = [migrations.RunPython(fix_meets_action_plan, migrations.RunPython.noop)]
