"""This app's periodic tasks, merged into CELERY_BEAT_SCHEDULE by settings.

Plain data: no Django import here.
"""

BEAT_SCHEDULE: dict = {}
