"""Joins the knowledge base's and the learning catalogue's migrations, built side by side."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_knowledge_base"),
        ("learning", "0002_training_search"),
    ]

    operations: list = []
