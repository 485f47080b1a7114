"""The core's nightly work, merged into CELERY_BEAT_SCHEDULE by settings.

Plain data: no Django import here.
"""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # art. 9: one restore point a day. 23:30 in CELERY_TIMEZONE (Europe/Paris), so the
    # backup of day D holds the state at the end of D: J-1 is yesterday's evening.
    "core-backup": {
        "task": "portal.core.tasks.backup_portal",
        "schedule": crontab(hour=23, minute=30),
    },
}
