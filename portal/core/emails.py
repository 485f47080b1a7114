"""Queue and deliver e-mails through the outbox (see ``OutboundEmail``)."""

import logging
import time
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.core.models import OutboundEmail
from portal.core.queueing import enqueue_on_commit
from portal.core.text import fold_single_line

logger = logging.getLogger(__name__)

#: Sent with ``email`` and ``message`` before sending, so that an app can join
#: the files it stored beside an outbox row (e.g. learning's .ics invitations).
email_sending = Signal()

#: A claimed e-mail not marked sent after this long is retried (worker killed).
#: Short, so that a restarted worker reclaims a dead one's e-mails within a
#: minute (the sweep runs every 30 s); a send cannot outlast it because the
#: SMTP connection times out first (EMAIL_TIMEOUT, settings).
CLAIM_LEASE = timedelta(seconds=settings.OUTBOX_CLAIM_LEASE_SECONDS)
MAX_ATTEMPTS = 8
#: Pauses between attempts to mark a sent e-mail as sent (~15 s in all): long
#: enough for PostgreSQL to come back from a restart.
MARK_SENT_BACKOFF = (0.2, 0.5, 1, 2, 4, 8)


def queue_email(
    *,
    to: list[str],
    template: str,
    context: dict,
    kind: str,
    dedup_key: str | None = None,
    now=None,
) -> OutboundEmail | None:
    """Render ``template`` (``<template>_subject.txt``, ``.txt``, ``.html``) and
    store it; Celery sends it once the surrounding transaction commits.

    With a ``dedup_key`` the same e-mail is queued at most once; returns None
    when it already was.
    """
    now = now or timezone.now()
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        # One header line whatever the context holds (a subject typed with a
        # line break must not break the e-mail, nor add headers to it).
        subject = fold_single_line(render_to_string(f"{template}_subject.txt", context))
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    try:
        with transaction.atomic():
            email = OutboundEmail.objects.create(
                to=list(to),
                subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
                body_text=text,
                body_html=html,
                kind=kind,
                dedup_key=dedup_key,
                created_at=now,
            )
    except IntegrityError:
        return None
    from portal.core.tasks import send_email  # the tasks module imports this one

    # The broker down never fails nor slows the request: the sweep sends it.
    enqueue_on_commit(send_email, email.pk)
    return email


def deliver(email_id: int, *, now=None) -> bool:
    """Claim the e-mail with a conditional UPDATE, send it, mark it sent.

    Returns False when another worker holds it or it was already sent.
    """
    now = now or timezone.now()
    claimable = Q(sent_at__isnull=True) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE)
    )
    claimed = OutboundEmail.objects.filter(claimable, pk=email_id).update(claimed_at=now)
    if not claimed:
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=fold_single_line(email.subject),  # rows stored before folding existed
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        headers={"Message-ID": message_id(email)},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    email_sending.send(sender=OutboundEmail, email=email, message=message)
    try:
        message.send()
    except Exception as exc:
        OutboundEmail.objects.filter(pk=email_id).update(
            claimed_at=None, attempts=email.attempts + 1, last_error=str(exc)[:2000]
        )
        raise
    _mark_sent(email_id, attempts=email.attempts + 1)
    return True


def message_id(email: OutboundEmail) -> str:
    """The same ``Message-ID`` at every attempt, so that a resend (a worker killed
    between sending and marking) is recognisable by the recipient's mail system."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "portail.local"
    return f"<outbox-{email.pk}.{int(email.created_at.timestamp())}@{domain}>"


def _mark_sent(email_id: int, *, attempts: int) -> None:
    """Record the send; the e-mail is out, so retry the mark, never the send.

    A PostgreSQL restart drops the connection between the two: reconnect and
    try again for about 15 s before giving up (the claim then expires and the
    sweep resends, with the same Message-ID).
    """
    for pause in (*MARK_SENT_BACKOFF, None):
        try:
            OutboundEmail.objects.filter(pk=email_id).update(
                sent_at=timezone.now(), attempts=attempts, last_error=""
            )
            return
        except (OperationalError, InterfaceError):
            if pause is None or connection.in_atomic_block:
                raise
            logger.warning("e-mail %s sent but not marked; retrying in %ss", email_id, pause)
            connection.close()
            time.sleep(pause)


def pending_email_ids(*, now=None, limit: int = 200) -> list[int]:
    """E-mails nobody is sending: never claimed, or claimed and abandoned."""
    now = now or timezone.now()
    return list(
        OutboundEmail.objects.filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE),
            sent_at__isnull=True,
            attempts__lt=MAX_ATTEMPTS,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )


def send_pending(*, now=None) -> int:
    """One step of the sweep; returns how many e-mails went out."""
    sent = 0
    for email_id in pending_email_ids(now=now):
        try:
            sent += deliver(email_id, now=now)
        except Exception:
            logger.exception("could not send e-mail %s", email_id)
    return sent
