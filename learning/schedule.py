"""This app's periodic tasks, merged into CELERY_BEAT_SCHEDULE by settings.

Plain data: no Django import here.
"""

BEAT_SCHEDULE: dict = {
    # Webassistance reminders the day before (art. 12.8): stored deadline
    # ``reminder_due_at``, claimed with a conditional UPDATE.
    "learning-webassistance-reminders": {
        "task": "learning.tasks_training.sweep_webassistance_reminders",
        "schedule": 300.0,
    },
}
