"""This app's periodic tasks, merged into CELERY_BEAT_SCHEDULE by settings.

Plain data: no Django import here.
"""

BEAT_SCHEDULE: dict = {
    "serviceaccounts-erase-expired-passwords": {
        "task": "portal.serviceaccounts.tasks.erase_expired_passwords",
        "schedule": 3600.0,
    },
}
