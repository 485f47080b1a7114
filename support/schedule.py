"""This app's periodic tasks, merged into CELERY_BEAT_SCHEDULE by settings.

Plain data: no Django import here.
"""

BEAT_SCHEDULE: dict = {
    # art. 12.2-12.3: warn at 75 % of a délai and mark breaches; cheap when nothing is due.
    "support-sweep-deadlines": {"task": "support.tasks.sweep_deadlines", "schedule": 60.0},
}
