"""The Celery application.

The broker is chosen in settings: Redis when ``REDIS_URL`` or
``CELERY_BROKER_URL`` is set, otherwise kombu's filesystem transport under
``var/broker`` so that ``make run`` needs no server. Timers are stored deadlines
swept by beat (``django_celery_beat``), never long countdowns.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
