"""The knowledge base (art. 12.4) and what its readers do with it (art. 12.11).

An **Article** answers one frequent question. Vendor staff write it in
Markdown; the services render and sanitise it once, at save, into
``answer_html``. Workflow: draft → published → archived; each publication
is kept as an **ArticleVersion** (who, when, what changed). Every client
formula reads published, non-internal articles (art. 12.4 restricts nothing).

What readers do is recorded for the vendor and for the second Private
dashboard (art. 12.11): an **ArticleView** per client user, article and day
(summed up as a **KbReaderMonth** per user, organisation and month);
**ArticleFeedback** ("Cet article vous a-t-il aidé ?"); **KbSearchMiss**, a
search that found nothing (the articles to write next); **KbSuggestionSession**,
the articles suggested while a client typed the subject of a new Demande, those
opened, and whether a Demande was filed anyway (Demandes avoided).

The full-text index lives in a side table kept by learning/search.py.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Article(models.Model):
    class Kind(models.TextChoices):
        FAQ = "faq", _("Question fréquente")
        HOWTO = "howto", _("Mode opératoire")
        KNOWN_ISSUE = "known_issue", _("Problème connu et contournement")
        RELEASE_NOTE = "release_note", _("Note de version")

    class State(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publié")
        ARCHIVED = "archived", _("Archivé")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("adresse"), max_length=120, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    question = models.TextField(_("question"))
    answer = models.TextField(_("réponse (Markdown)"))
    answer_html = models.TextField(editable=False, default="")
    answer_text = models.TextField(editable=False, default="")  # plain text, for the index
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices, default=Kind.FAQ)
    products = models.ManyToManyField(
        "subscriptions.Product",
        blank=True,
        related_name="kb_articles",
        verbose_name=_("produits et modules concernés"),
    )
    versions = models.CharField(_("versions concernées"), max_length=200, blank=True)
    tags = models.CharField(_("mots-clés"), max_length=300, blank=True)
    related = models.ManyToManyField(
        "self", blank=True, symmetrical=False, verbose_name=_("articles liés")
    )
    state = models.CharField(
        _("état"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    is_internal = models.BooleanField(
        _("interne"), default=False, help_text=_("Réservé aux agents du support.")
    )
    needs_review = models.BooleanField(
        _("à relire avant publication"),
        default=False,
        help_text=_("Copié d'une demande : à modifier avant publication (données du client)."),
    )
    source_demande = models.ForeignKey(
        "support.Demande",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demande d'origine"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"))
    updated_at = models.DateTimeField(_("modifié le"))
    published_at = models.DateTimeField(_("mis à jour le"), null=True, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("article de la base de connaissances")
        verbose_name_plural = _("articles de la base de connaissances")
        indexes = [models.Index(fields=["state", "is_internal", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_visible_to_clients(self) -> bool:
        return self.state == self.State.PUBLISHED and not self.is_internal

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]

    @property
    def keywords(self) -> str:
        """Indexed with the question: tags and the names of the products concerned."""
        return " ".join([*self.tag_list, *(p.name for p in self.products.all())])


class ArticleVersion(models.Model):
    """A published version, kept as it was (who, when, what changed)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="history")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    question = models.TextField()
    answer = models.TextField()
    change_note = models.CharField(_("ce qui a changé"), max_length=300)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="kb_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.article} v{self.number}"


def article_image_path(instance, filename: str) -> str:
    return f"kb/{instance.public_id}{instance.extension}"


class ArticleImage(models.Model):
    """An image an article shows, checked by content as attachments are (support/files.py)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to=article_image_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif"}.get(
            self.content_type, ".webp"
        )


class ArticleView(models.Model):
    """A client user read the article on that day (at most one row per user, article, day)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    #: The first day of ``day``'s month: the dashboard groups by it in plain SQL.
    month = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user", "day"], name="kb_view_once_per_user_and_day"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "month"], name="kb_view_organisation_month"),
            # Covers the dashboard's most read (grouped on the article, in index order).
            models.Index(
                fields=["organisation", "article", "month"], name="kb_view_org_article_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}/{self.user_id}/{self.day}"


class KbReaderMonth(models.Model):
    """A client user read at least one article in that month: the dashboard's distinct
    readers, exact, without counting distinct users over every view.

    Kept in step by ``services_kb.record_view`` (inserted with ignore-conflicts);
    ``services_kb.rebuild_reader_months`` recomputes it from the views (demo, bench).
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month", "user"], name="kb_reader_once_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.month}/{self.user_id}"


class ArticleFeedback(models.Model):
    """ "Cet article vous a-t-il aidé ?": one answer per person and article (the last counts)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    helpful = models.BooleanField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="kb_feedback_once_per_user")
        ]

    def __str__(self) -> str:
        return "Oui" if self.helpful else "Non"


class KbSearchMiss(models.Model):
    """A client's search that found nothing: what to write next (vendor, Private dashboard)."""

    text = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, db_index=True)
    product = models.ForeignKey(
        "subscriptions.Product", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["organisation", "created_at"])]

    def __str__(self) -> str:
        return self.text


class KbSuggestionSession(models.Model):
    """Articles suggested while a client typed a new Demande's subject, and what came of it.

    A Demande is *avoided* when at least one suggested article was opened and
    no Demande was filed from that form.
    """

    public_id = models.UUIDField(unique=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(
        "subscriptions.Product", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_query = models.CharField(max_length=200)
    suggested = models.JSONField(default=list)  # article ids, in the order first shown
    opened = models.JSONField(default=list)
    opened_any = models.BooleanField(default=False)
    demande = models.ForeignKey(
        "support.Demande", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filed = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["organisation", "created_at"])]

    def __str__(self) -> str:
        return str(self.public_id)
