"""The learning catalogue, webassistance and téléassistance (art. 12.8, 13).

- **TrainingItem**: one piece of Cegid Learning (art. 13.1) or Microsoft 365
  content (art. 13.2): a tutorial video, an e-learning module (ordered
  chapters in Markdown), a quiz, a downloadable support, or the replay of a
  webassistance. Who may use it is decided by ``learning/access.py`` only.
- **Progress** per user and item; **QuizAttempt** per try; **DiscussionPost**
  is the forum of art. 13.1, moderated by vendor staff.
- **Webassistance** (art. 12.8): a live session on a product, for Open and
  Private clients; **WebassistanceSeat** a registration or a place on the
  waiting list. ``reminder_due_at`` is the stored timer of the reminder sent
  the day before (swept by ``learning/schedule.py``).
- **TeleassistanceSlot** (art. 12.8): a remote-control slot an agent proposes
  on a support Demande, inside the support hours of the client's formula.
- **CalendarInvite**: the ``.ics`` file joined to an outbox e-mail.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learning import access


class Track(models.TextChoices):
    CEGID = access.CEGID, _("Cegid Learning")
    M365 = access.M365, _("Microsoft 365")


class Level(models.TextChoices):
    """Cegid levels (art. 13.1) and Microsoft 365 tiers (art. 13.2) in one column."""

    CONNECT = access.CONNECT, _("Cegid Connect — appréhender les bases")
    OPEN = access.OPEN, _("Cegid Open — maîtriser")
    PRIVATE = access.PRIVATE, _("Cegid Private — approfondir")
    STANDARD = access.STANDARD, _("Standard")
    PREMIUM = access.PREMIUM, _("Premium")


def _upload_path(instance, filename: str) -> str:
    """A generated name: nothing the uploader typed reaches the file system."""
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"learning/{uuid.uuid4().hex}.{suffix}"


class TrainingItem(models.Model):
    class Kind(models.TextChoices):
        VIDEO = "video", _("Tutoriel vidéo")
        MODULE = "module", _("Module e-learning")
        QUIZ = "quiz", _("Quiz")
        DOCUMENT = "document", _("Support à télécharger")
        REPLAY = "replay", _("Replay de webassistance")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices)
    track = models.CharField(_("parcours"), max_length=10, choices=Track.choices)
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices)
    products = models.ManyToManyField(
        "subscriptions.Product",
        blank=True,
        related_name="training_items",
        verbose_name=_("produits concernés"),
    )
    title = models.CharField(_("titre"), max_length=200)
    summary = models.TextField(_("résumé"), blank=True)
    video_file = models.FileField(_("fichier vidéo"), upload_to=_upload_path, blank=True)
    video_url = models.URLField(_("lien de la vidéo"), blank=True)
    document = models.FileField(_("support"), upload_to=_upload_path, blank=True)
    document_name = models.CharField(_("nom du support"), max_length=200, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("seuil de réussite (%)"), default=70, help_text=_("Pour les quiz.")
    )
    is_published = models.BooleanField(_("publié"), default=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        ordering = ["track", "title", "pk"]
        verbose_name = _("contenu de formation")
        verbose_name_plural = _("contenus de formation")
        indexes = [
            # The catalogue's order: a page is read from the index, not sorted.
            models.Index(fields=["is_published", "track", "title"], name="training_item_list_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(track=access.CEGID, level__in=access.LEVELS[access.CEGID])
                    | Q(track=access.M365, level__in=access.LEVELS[access.M365])
                ),
                name="training_item_level_of_track",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def chapters_text(self) -> str:
        """The chapters' words without their Markdown (indexed for search)."""
        from learning.markup import plain_text

        return " ".join(plain_text(chapter.body) for chapter in self.chapters.all())

    def access_item(self, product_ids) -> access.Item:
        return access.Item(self.track, self.level, frozenset(product_ids))


class Chapter(models.Model):
    """One step of an e-learning module, in Markdown (rendered sanitised)."""

    item = models.ForeignKey(TrainingItem, on_delete=models.CASCADE, related_name="chapters")
    position = models.PositiveSmallIntegerField(_("ordre"))
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("contenu (Markdown)"))

    class Meta:
        ordering = ["item", "position"]
        verbose_name = _("chapitre")
        verbose_name_plural = _("chapitres")
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="chapter_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Question(models.Model):
    item = models.ForeignKey(TrainingItem, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("ordre"))
    text = models.CharField(_("question"), max_length=500)

    class Meta:
        ordering = ["item", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("réponse"), max_length=300)
    is_correct = models.BooleanField(_("bonne réponse"), default=False)

    class Meta:
        ordering = ["question", "pk"]
        verbose_name = _("réponse proposée")
        verbose_name_plural = _("réponses proposées")

    def __str__(self) -> str:
        return self.text


class Progress(models.Model):
    """Where a user is in an item: started, chapters done, completed, best score."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_progress"
    )
    item = models.ForeignKey(TrainingItem, on_delete=models.CASCADE, related_name="progress")
    started_at = models.DateTimeField(_("commencé le"))
    updated_at = models.DateTimeField(_("dernière activité"))
    #: Chapter positions done, ascending.
    chapters_done = models.JSONField(default=list, blank=True)
    last_position = models.PositiveSmallIntegerField(default=1)
    completed_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    best_score = models.PositiveSmallIntegerField(_("meilleur score (%)"), null=True, blank=True)

    class Meta:
        verbose_name = _("progression")
        verbose_name_plural = _("progressions")
        constraints = [
            models.UniqueConstraint(fields=["user", "item"], name="progress_one_per_user_item")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.item_id}"


class QuizAttempt(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(TrainingItem, on_delete=models.CASCADE, related_name="attempts")
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("réussi"))
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tentative de quiz")
        verbose_name_plural = _("tentatives de quiz")
        indexes = [models.Index(fields=["user", "item"], name="quiz_attempt_user_idx")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.score} %"


class DiscussionPost(models.Model):
    """A message of the forum of an item (art. 13.1); staff may hide it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(TrainingItem, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField()
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message du forum")
        verbose_name_plural = _("messages du forum")
        indexes = [models.Index(fields=["item", "created_at"], name="discussion_item_idx")]

    def __str__(self) -> str:
        return self.body[:60]


class Webassistance(models.Model):
    """A live session run by a technician on a product (art. 12.8, Open and Private)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    topic = models.CharField(_("thème"), max_length=200)
    product = models.ForeignKey(
        "subscriptions.Product",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("produit"),
    )
    starts_at = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=60)
    trainer = models.CharField(_("formateur"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"))
    meeting_url = models.URLField(_("lien de la visioconférence"))
    #: Bumped at every change of time or cancellation: the .ics SEQUENCE (RFC 5545).
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    reminder_due_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    replay = models.OneToOneField(
        TrainingItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="webassistance",
        verbose_name=_("replay"),
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("webassistance")
        verbose_name_plural = _("webassistances")
        indexes = [
            models.Index(
                fields=["reminder_due_at"],
                name="webassistance_reminder_idx",
                condition=Q(reminded_at__isnull=True, cancelled_at__isnull=True),
            ),
            models.Index(fields=["starts_at"], name="webassistance_starts_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="webassistance_capacity")
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def ends_at(self):
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.duration_minutes)


class WebassistanceSeat(models.Model):
    """A registration (``registered``) or a place on the waiting list, in order."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Inscrit")
        WAITING = "waiting", _("Liste d'attente")
        CANCELLED = "cancelled", _("Désinscrit")

    session = models.ForeignKey(Webassistance, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webassistance_seats"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    #: Order of arrival on the waiting list (re-set at every new request).
    requested_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("inscription à une webassistance")
        verbose_name_plural = _("inscriptions aux webassistances")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="seat_one_per_user")
        ]
        indexes = [
            models.Index(fields=["session", "status", "requested_at"], name="seat_queue_idx")
        ]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.user_id} ({self.status})"


class TeleassistanceSlot(models.Model):
    """A remote-control slot proposed on a support Demande (art. 12.8)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposé")
        CHOSEN = "chosen", _("Retenu")
        SUPERSEDED = "superseded", _("Non retenu")
        DONE = "done", _("Réalisée")
        NOT_DONE = "not_done", _("Non réalisée")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    demande = models.ForeignKey(
        "support.Demande", on_delete=models.CASCADE, related_name="teleassistance_slots"
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    chosen_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(_("compte rendu"), blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("créneau de téléassistance")
        verbose_name_plural = _("créneaux de téléassistance")
        indexes = [models.Index(fields=["demande", "status"], name="teleassistance_demande_idx")]

    def __str__(self) -> str:
        return f"{self.demande_id} · {self.starts_at:%Y-%m-%d %H:%M}"


class CalendarInvite(models.Model):
    """The ``.ics`` joined to an outbox e-mail (see ``learning/calendar.py``)."""

    email = models.OneToOneField(
        "core.OutboundEmail", on_delete=models.CASCADE, related_name="calendar_invite"
    )
    filename = models.CharField(max_length=100)
    content = models.TextField()

    class Meta:
        verbose_name = _("invitation calendrier")
        verbose_name_plural = _("invitations calendrier")

    def __str__(self) -> str:
        return self.filename
