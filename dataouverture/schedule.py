"""This app's periodic tasks, merged into CELERY_BEAT_SCHEDULE by settings.

Plain data: no Django import here.
"""

BEAT_SCHEDULE: dict = {
    # Scheduled saved queries (stored next_run_at, claimed by a conditional UPDATE),
    # snapshot builds and exports whose message the broker lost, expired export files.
    "dataouverture-sweep": {"task": "dataouverture.tasks.sweep", "schedule": 300.0},
}
