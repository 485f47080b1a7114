from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    label = "learning"
    verbose_name = _("Formation")

    def ready(self):
        # Audit actions and menu entries of both parts, the .ics joined to outbox e-mails.
        import learning.admin_training  # noqa: F401 - vendor staff's tools
        import learning.tasks_training  # noqa: F401 - registers the Celery tasks
        from learning import navigation as menu
        from learning.audit_kb import KnowledgeBaseAction
        from learning.audit_training import TrainingAction
        from learning.signals_training import attach_calendar_invite
        from portal.audit import actions
        from portal.core import navigation
        from portal.core.emails import email_sending

        actions.register(KnowledgeBaseAction)
        actions.register(TrainingAction)
        navigation.register(*menu.ENTRIES, position=menu.POSITION)
        email_sending.connect(attach_calendar_invite, dispatch_uid="learning-calendar-invite")
