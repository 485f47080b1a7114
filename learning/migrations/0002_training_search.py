"""The catalogue's search index (learning/search.py, learning/training_spec.py)."""

from django.db import migrations

from learning.search import migration_operations
from learning.training_spec import TRAINING_SEARCH


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_training")]

    operations = migration_operations(TRAINING_SEARCH)
