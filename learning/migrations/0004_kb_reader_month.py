"""Readers of each month (KbReaderMonth), built from the existing views.

The second Private dashboard counts distinct readers from this table instead
of the views (issue 8: p95 < 100 ms with a million views). The data step reads
the distinct (organisation, month, user) of the views in one query, streamed,
and inserts them in batches; the reverse step has nothing to undo (the table
is dropped with the schema step).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

BATCH = 5000


def build_reader_months(apps, schema_editor):
    ArticleView = apps.get_model("learning", "ArticleView")
    KbReaderMonth = apps.get_model("learning", "KbReaderMonth")
    alias = schema_editor.connection.alias
    rows = (
        ArticleView.objects.using(alias)
        .order_by()
        .values_list("organisation_id", "month", "user_id")
        .distinct()
        .iterator(chunk_size=BATCH)
    )
    batch = []
    for organisation_id, month, user_id in rows:
        batch.append(KbReaderMonth(organisation_id=organisation_id, month=month, user_id=user_id))
        if len(batch) == BATCH:
            KbReaderMonth.objects.using(alias).bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        KbReaderMonth.objects.using(alias).bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0003_merge_knowledge_base_training"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="KbReaderMonth",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisations.organisation",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "month", "user"), name="kb_reader_once_per_month"
                    )
                ],
            },
        ),
        migrations.RunPython(build_reader_months, migrations.RunPython.noop),
    ]
