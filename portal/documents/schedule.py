"""This app's periodic tasks, merged into CELERY_BEAT_SCHEDULE by settings.

Plain data: no Django import here.
"""

BEAT_SCHEDULE: dict = {
    # The trash's stored timer (Document.purge_after), claimed by a conditional DELETE.
    "documents-purge-trash": {"task": "portal.documents.tasks.purge_trash", "schedule": 3600.0},
}
