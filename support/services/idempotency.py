"""File a Demande at most once per key (issue 16: no ghost Demande).

A client whose filing committed but who never saw the answer (a dropped
connection, a 503, a double click) retries; with the same key it gets the
Demande already filed instead of a second one. The key row is inserted in the
filing's transaction before anything else: a concurrent request with the same
key waits on the unique index until the first commits, then finds its Demande.
"""

from collections.abc import Callable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.core.errors import DomainError
from support.models import Demande, FilingIdempotencyKey

MAX_KEY_LENGTH = 255


def check_key(key: str) -> str:
    """A key is 1-255 visible ASCII characters (a UUID is the usual choice)."""
    key = (key or "").strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise DomainError(
            _("La clé d'idempotence doit compter 1 à 255 caractères ASCII visibles."),
            field="idempotency_key",
        )
    return key


def filed_with(*, user: User, key: str) -> Demande | None:
    """The Demande ``user`` already filed under ``key``, if any."""
    row = FilingIdempotencyKey.objects.filter(user=user, key=key).select_related("demande").first()
    return row.demande if row else None


def file_once(
    *, user: User, key: str, filing: Callable[[], Demande], now: datetime | None = None
) -> tuple[Demande, bool]:
    """Run ``filing`` unless ``user`` already filed under ``key``.

    Returns the Demande and whether it was filed now (False: a replay).
    """
    now = now or timezone.now()
    key = check_key(key)
    existing = filed_with(user=user, key=key)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            claim = FilingIdempotencyKey.objects.create(user=user, key=key, created_at=now)
            demande = filing()
            claim.demande = demande
            claim.save(update_fields=["demande"])
    except IntegrityError:
        # Another request took the key first and has committed: answer with its Demande.
        existing = filed_with(user=user, key=key)
        if existing is None:
            raise
        return existing, False
    return demande, True
