"""This app's periodic tasks, merged into CELERY_BEAT_SCHEDULE by settings.

Plain data: no Django import here.
"""

BEAT_SCHEDULE: dict = {
    # Reminders 24 h before planned maintenance (stored deadline, claimed with a
    # conditional UPDATE), plus announcements whose message the broker lost.
    "status-notices": {"task": "portal.status.tasks.sweep_status_notices", "schedule": 300.0},
}
