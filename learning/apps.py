from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    label = "learning"
    verbose_name = _("Formation")

    def ready(self):
        from portal.audit.actions import LABELS

        LABELS.update(KB_AUDIT_LABELS)


#: The knowledge base's audited actions (registered with the audit app at start-up).
KB_AUDIT_LABELS = {
    "kb.article_created": _("Article de la base de connaissances créé"),
    "kb.article_updated": _("Article de la base de connaissances modifié"),
    "kb.article_published": _("Article de la base de connaissances publié"),
    "kb.article_archived": _("Article de la base de connaissances archivé"),
    "kb.image_added": _("Image ajoutée à un article"),
}
