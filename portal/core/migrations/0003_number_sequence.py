from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_beat_lock"),
    ]

    operations = [
        migrations.CreateModel(
            name="NumberSequence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=40)),
                ("year", models.PositiveIntegerField()),
                ("last_number", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "séquence de numérotation",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("name", "year"), name="number_sequence_name_year"
                    )
                ],
            },
        ),
    ]
