"""Audited actions of the knowledge base, in French (registered in apps.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class KnowledgeBaseAction(models.TextChoices):
    ARTICLE_CREATED = "kb.article_created", _("Article de la base de connaissances créé")
    ARTICLE_UPDATED = "kb.article_updated", _("Article de la base de connaissances modifié")
    ARTICLE_PUBLISHED = "kb.article_published", _("Article de la base de connaissances publié")
    ARTICLE_ARCHIVED = "kb.article_archived", _("Article de la base de connaissances archivé")
    IMAGE_ADDED = "kb.image_added", _("Image ajoutée à un article")
