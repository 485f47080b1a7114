"""The documents right goes (art. 11: the document space is open "sans restriction
possible de droit"): it is removed from every user's stored rights."""

from django.db import migrations

DROPPED = "manage_documents"


def drop_documents_right(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.only("pk", "rights").iterator():
        if DROPPED in (user.rights or []):
            user.rights = [right for right in user.rights if right != DROPPED]
            user.save(update_fields=["rights"])


def restore_documents_right(apps, schema_editor):
    # The right was held by default: give it back to every client user.
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(role="client_user").only("pk", "rights").iterator():
        if DROPPED not in (user.rights or []):
            user.rights = [*(user.rights or []), DROPPED]
            user.save(update_fields=["rights"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(drop_documents_right, restore_documents_right)]
