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

        LABELS.update(KB_AUDIT_LABELS)
        LABELS.update(TRAINING_LABELS)
        email_sending.connect(attach_calendar_invite, dispatch_uid="learning-calendar-invite")


#: The knowledge base's audited actions (registered with the audit app at start-up).
KB_AUDIT_LABELS = {
    "kb.article_created": _("Article de la base de connaissances créé"),
    "kb.article_updated": _("Article de la base de connaissances modifié"),
    "kb.article_published": _("Article de la base de connaissances publié"),
    "kb.article_archived": _("Article de la base de connaissances archivé"),
    "kb.image_added": _("Image ajoutée à un article"),
}
