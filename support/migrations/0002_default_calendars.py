"""Seed the default support calendars of DOMAIN.md (art. 12.2, 12.10)."""

from django.db import migrations

OPEN_WEEKDAY = [["09:00", "12:30"], ["14:30", "17:30"]]
OPEN_FRIDAY = [["09:00", "12:30"], ["14:30", "17:00"]]
PRIVATE_WEEKDAY = [["09:00", "18:00"]]
PRIVATE_FRIDAY = [["09:00", "17:00"]]


def _spec(weekday, friday):
    return {"0": weekday, "1": weekday, "2": weekday, "3": weekday, "4": friday}


def seed(apps, schema_editor):
    SupportCalendar = apps.get_model("support", "SupportCalendar")
    defaults = {
        "open": ("Horaires du support — Cegid Open", _spec(OPEN_WEEKDAY, OPEN_FRIDAY)),
        "private": ("Horaires étendus — Cegid Private", _spec(PRIVATE_WEEKDAY, PRIVATE_FRIDAY)),
    }
    for formula, (name, spec) in defaults.items():
        SupportCalendar.objects.get_or_create(
            formula=formula, contract=None, defaults={"name": name, "spec": spec}
        )


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
