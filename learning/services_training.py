"""Writes of the learning catalogue: progress, quizzes, the forum (art. 13.1).

Webassistances are in ``learning/services_webassistance.py`` and téléassistance
in ``learning/services_teleassistance.py``. Callers have fetched the item
through ``selectors_training.get_item`` (the access rule); the services check
who acts and the state, raise ``DomainError`` with a French message, and
write an audit row.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.models import Chapter, DiscussionPost, Progress, Question, QuizAttempt, TrainingItem
from portal.accounts.models import User
from portal.audit.services import record
from portal.core.errors import DomainError

#: Longest forum message accepted.
MAX_POST_LENGTH = 5000


def _progress(user: User, item: TrainingItem, now: datetime) -> Progress:
    progress, _created = Progress.objects.get_or_create(
        user=user, item=item, defaults={"started_at": now, "updated_at": now}
    )
    return progress


def _completion_met(item: TrainingItem, progress: Progress) -> bool:
    """Every chapter read and, when the item has a quiz, the quiz passed."""
    positions = set(Chapter.objects.filter(item=item).values_list("position", flat=True))
    if not positions.issubset(progress.chapters_done):
        return False
    if Question.objects.filter(item=item).exists():
        return progress.best_score is not None and progress.best_score >= item.pass_mark
    return True


def _complete_if_met(item: TrainingItem, progress: Progress, now: datetime) -> None:
    if progress.completed_at is None and _completion_met(item, progress):
        progress.completed_at = now
        record(
            actor=progress.user,
            action="learning.completed",
            organisation=progress.user.organisation,
            target=item.title,
            now=now,
        )


def open_chapter(
    *, user: User, item: TrainingItem, position: int, now: datetime | None = None
) -> Progress:
    """The user reads chapter ``position``: "Reprendre" brings them back here."""
    now = now or timezone.now()
    if not Chapter.objects.filter(item=item, position=position).exists():
        raise DomainError(_("Ce chapitre n'existe pas."))
    with transaction.atomic():
        progress = _progress(user, item, now)
        progress.last_position = position
        progress.updated_at = now
        progress.save(update_fields=["last_position", "updated_at"])
    return progress


def complete_chapter(
    *, user: User, item: TrainingItem, position: int, now: datetime | None = None
) -> Progress:
    """Mark chapter ``position`` done; the item is completed once every step is."""
    now = now or timezone.now()
    if not Chapter.objects.filter(item=item, position=position).exists():
        raise DomainError(_("Ce chapitre n'existe pas."))
    with transaction.atomic():
        progress = _progress(user, item, now)
        progress = Progress.objects.select_for_update().get(pk=progress.pk)
        progress.chapters_done = sorted({*progress.chapters_done, position})
        following = (
            Chapter.objects.filter(item=item, position__gt=position)
            .order_by("position")
            .values_list("position", flat=True)
            .first()
        )
        progress.last_position = following or position
        progress.updated_at = now
        _complete_if_met(item, progress, now)
        progress.save(
            update_fields=["chapters_done", "last_position", "updated_at", "completed_at"]
        )
    return progress


def mark_viewed(*, user: User, item: TrainingItem, now: datetime | None = None) -> Progress:
    """A video, a support or a replay is done once seen; modules and quizzes are not."""
    now = now or timezone.now()
    with transaction.atomic():
        progress = _progress(user, item, now)
        progress.updated_at = now
        if item.kind in (
            TrainingItem.Kind.VIDEO,
            TrainingItem.Kind.DOCUMENT,
            TrainingItem.Kind.REPLAY,
        ):
            _complete_if_met(item, progress, now)
        progress.save(update_fields=["updated_at", "completed_at"])
    return progress


def submit_quiz(
    *, user: User, item: TrainingItem, answers: dict, now: datetime | None = None
) -> QuizAttempt:
    """Score an attempt: a question counts when exactly its right choices are ticked.

    ``answers`` maps a question id to the ids of the choices ticked.
    """
    now = now or timezone.now()
    questions = list(Question.objects.filter(item=item).prefetch_related("choices"))
    if not questions:
        raise DomainError(_("Ce contenu n'a pas de quiz."))
    unanswered = [q.position for q in questions if not answers.get(q.pk)]
    if unanswered:
        raise DomainError(
            _("Répondez à toutes les questions (question %(n)s sans réponse).")
            % {"n": unanswered[0]},
            field="answers",
        )
    right = sum(
        1
        for question in questions
        if {int(c) for c in answers[question.pk]}
        == {choice.pk for choice in question.choices.all() if choice.is_correct}
    )
    score = round(100 * right / len(questions))
    with transaction.atomic():
        attempt = QuizAttempt.objects.create(
            user=user,
            item=item,
            score=score,
            passed=score >= item.pass_mark,
            answers={str(k): sorted(int(c) for c in v) for k, v in answers.items()},
            created_at=now,
        )
        progress = Progress.objects.select_for_update().get(pk=_progress(user, item, now).pk)
        progress.best_score = max(score, progress.best_score or 0)
        progress.updated_at = now
        _complete_if_met(item, progress, now)
        progress.save(update_fields=["best_score", "updated_at", "completed_at"])
        record(
            actor=user,
            action="learning.quiz_attempt",
            organisation=user.organisation,
            target=item.title,
            data={"score": score},
            now=now,
        )
    return attempt


def post_message(
    *, author: User, item: TrainingItem, body: str, now: datetime | None = None
) -> DiscussionPost:
    """Ask or answer in the item's forum (users and agents alike, art. 13.1)."""
    now = now or timezone.now()
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Écrivez votre message."), field="body")
    if len(body) > MAX_POST_LENGTH:
        raise DomainError(
            _("Votre message dépasse %(n)s caractères.") % {"n": MAX_POST_LENGTH}, field="body"
        )
    with transaction.atomic():
        post = DiscussionPost.objects.create(item=item, author=author, body=body, created_at=now)
        record(
            actor=author,
            action="learning.posted",
            organisation=author.organisation,
            target=item.title,
            now=now,
        )
    return post


def hide_post(*, actor: User, post: DiscussionPost, now: datetime | None = None) -> DiscussionPost:
    """Moderation by vendor staff: the message disappears for clients, not the trace."""
    now = now or timezone.now()
    if not actor.is_vendor_staff:
        raise DomainError(_("Seul l'éditeur modère le forum."))
    with transaction.atomic():
        changed = DiscussionPost.objects.filter(pk=post.pk, hidden_at__isnull=True).update(
            hidden_at=now, hidden_by=actor
        )
        if changed:
            record(
                actor=actor,
                action="learning.post_hidden",
                organisation=post.author.organisation,
                target=post.item.title,
                internal=True,
                now=now,
            )
    post.refresh_from_db()
    return post
