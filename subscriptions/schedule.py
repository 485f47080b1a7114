"""This app's periodic tasks, merged into CELERY_BEAT_SCHEDULE by settings.

Plain data: no Django import here. Invoices are dated on their due day, so an
hourly run issues them on the day; a run after downtime catches up every
missed quarter.
"""

BEAT_SCHEDULE: dict = {
    "subscriptions-issue-due-invoices": {
        "task": "subscriptions.tasks.issue_due_invoices",
        "schedule": 3600.0,
    },
    "subscriptions-detect-overages": {
        "task": "subscriptions.tasks.detect_overages",
        "schedule": 6 * 3600.0,
    },
}
