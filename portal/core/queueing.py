"""Queueing a Celery task after commit: the one way a service hands work to a worker.

A task is sent only once the transaction that stored its work commits (a
worker never reads a row that is not there yet, nor works for a change that
was rolled back), and the broker down never fails nor slows the request
(``failopen.publish``, issue 16): whatever the task would do is already
stored — an outbox e-mail, a pending job, a deadline column — and the app's
periodic sweep picks it up.
"""

import logging
from typing import Any

from django.db import transaction

from portal.core import failopen

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Any, *args: Any) -> None:
    """``task.delay(*args)`` after the current transaction commits (at once outside one).

    ``args`` are primary keys or plain values, never model instances.
    """

    def publish() -> None:
        if not failopen.publish(task, *args):
            logger.warning("broker unavailable; %s%s left for the sweep", task.name, args)

    transaction.on_commit(publish)
