from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    label = "learning"
    verbose_name = _("Formation")

    def ready(self):
        # Training part: audit labels and the .ics joined to outbox e-mails.
        import learning.admin_training  # noqa: F401 - vendor staff's tools
        import learning.tasks_training  # noqa: F401 - registers the Celery tasks
        from learning.audit_training import LABELS as TRAINING_LABELS
        from learning.signals_training import attach_calendar_invite
        from portal.audit.actions import LABELS
        from portal.core.emails import email_sending

        LABELS.update(TRAINING_LABELS)
        email_sending.connect(attach_calendar_invite, dispatch_uid="learning-calendar-invite")
